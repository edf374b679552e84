"""The chart scene's fields: a bar or line chart whose series enter on their cues."""

from __future__ import annotations

from pathlib import Path

from ..fields import Fields, SceneCues

FIELDS = ("chart",)
TEXTS = (("chart", "labels", "*"), ("chart", "unit"), ("chart", "series", "*", "name"))
FILES = ()
CHART_KINDS = ("bar", "line")


def check(fields: Fields, cues: SceneCues, base_dir: Path) -> dict:
    """`chart: {kind: bar|line, labels: [...], unit: text, series: {cue: {name: text, values: [numbers]}}}`:
    1 to 24 labels (2 for a line), 1 to 6 series with one value per label, each series keyed by its cue."""
    shape = "{kind: bar, labels: [Q1, Q2], series: {cue: {name: Sales, values: [3, 5]}}}"
    fields.required(("chart",), f"missing chart: add 'chart: {shape}'")
    fields.mapping(("chart",), shape)
    fields.known_keys(("chart",), ("kind", "labels", "unit", "series"), "chart key")
    fields.required(("chart", "kind"), "missing chart kind: add 'kind: bar' or 'kind: line' inside chart")
    kind = fields.choice(("chart", "kind"), CHART_KINDS, "bar", "chart kind")
    fields.required(("chart", "labels"), "missing chart labels: add 'labels: [Q1, Q2, …]' inside chart")
    count = len(fields.sequence(("chart", "labels"), "a list of labels like [Q1, Q2, Q3]"))
    if not (2 if kind == "line" else 1) <= count <= 24:
        fields.fail(f"chart has {count} labels: expected {2 if kind == 'line' else 1} to 24",
                    fields.where(("chart", "labels")))
    chart = {"kind": kind, "labels": tuple(fields.text(("chart", "labels", i)) for i in range(count))}
    if fields.has(("chart", "unit")):
        chart["unit"] = fields.text(("chart", "unit"))
    fields.required(("chart", "series"),
                    "missing chart series: add 'series: {cue: {name: …, values: […]}}' in chart")
    series = fields.mapping(("chart", "series"), "a mapping from cue name to {name: text, values: [numbers]}")
    if not 1 <= len(series) <= 6:
        fields.fail(f"chart has {len(series)} series: expected 1 to 6", fields.where(("chart", "series")))
    chart["series"] = {}
    for cue in series:
        path = ("chart", "series", cue)
        fields.mapping(path, "{name: text, values: [numbers]}")
        fields.known_keys(path, ("name", "values"), "series key")
        fields.required(path + ("name",), f"missing name in series '{cue}': add 'name: …'")
        fields.required(path + ("values",), f"missing values in series '{cue}': add 'values: [one number per label]'")
        values = fields.sequence(path + ("values",), "a list of numbers, one per label")
        if len(values) != count:
            fields.fail(
                f"chart series '{cue}' has {len(values)} values but there are {count} labels: give one value per label",
                fields.where(path + ("values",)),
            )
        numbers = tuple(fields.number(path + ("values", i), -1e15, 1e15, "a number") for i in range(count))
        chart["series"][cues.bound(path)] = {"name": fields.text(path + ("name",)), "values": numbers}
    return {"chart": chart}
