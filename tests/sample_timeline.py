"""A hand-made timeline that exercises every layout (a test fixture, also used by bench/video_frames.py).

No voice is involved: scenes, events, lines and words are placed by hand in seconds, converted to
samples at the edge, as a planner would.
"""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import skia

from onetake.assets import AssetStore
from onetake.geometry import element_x
from onetake.storyboard.layouts.image import image_size
from onetake.timeline import Cue, Fps, Line, Scene, Timeline, VisualEvent, Word, freeze, seconds_to_samples


def write_sample_image(path: str | Path, width: int = 960, height: int = 600) -> str:
    """Draw a fake analytics dashboard screenshot to `path` (PNG) and return the path."""
    arr = np.zeros((height, width, 4), np.uint8)
    s = skia.Surface(arr, colorType=skia.kRGBA_8888_ColorType, alphaType=skia.kPremul_AlphaType)
    c = s.getCanvas()
    c.clear(0xFFF4F6FA)
    k = width / 960
    c.drawRect(skia.Rect.MakeXYWH(0, 0, width, 56 * k), skia.Paint(Color=0xFF1F2A44))
    c.drawRect(skia.Rect.MakeXYWH(0, 56 * k, 180 * k, height), skia.Paint(Color=0xFFE3E8F0))
    for i in range(5):
        c.drawRRect(skia.RRect.MakeRectXY(skia.Rect.MakeXYWH(20 * k, (84 + 40 * i) * k, 130 * k, 14 * k), 7 * k, 7 * k),
                    skia.Paint(Color=0xFFB7C1D3, AntiAlias=True))
    colours = (0xFF4C6EF5, 0xFF12B886, 0xFFFAB005)
    for i in range(3):
        x = (200 + i * 250) * k
        c.drawRRect(skia.RRect.MakeRectXY(skia.Rect.MakeXYWH(x, 80 * k, 230 * k, 110 * k), 10 * k, 10 * k),
                    skia.Paint(Color=0xFFFFFFFF, AntiAlias=True))
        c.drawRect(skia.Rect.MakeXYWH(x + 20 * k, 150 * k, 120 * k, 16 * k), skia.Paint(Color=colours[i]))
    c.drawRRect(skia.RRect.MakeRectXY(skia.Rect.MakeXYWH(200 * k, 210 * k, 730 * k, 360 * k), 10 * k, 10 * k),
                skia.Paint(Color=0xFFFFFFFF, AntiAlias=True))
    for i, v in enumerate((0.3, 0.5, 0.45, 0.7, 0.62, 0.85, 0.78)):
        h = 280 * k * v
        c.drawRect(skia.Rect.MakeXYWH((240 + i * 95) * k, 550 * k - h, 50 * k, h), skia.Paint(Color=0xFF4C6EF5))
    del s
    cv2.imwrite(str(path), cv2.cvtColor(arr, cv2.COLOR_RGBA2BGR))
    return str(path)


def sample_assets(image_path: str | Path) -> AssetStore:
    """The asset store sample_timeline puts its image into: the image's own folder."""
    return AssetStore(Path(image_path).parent)


def _scene(index, layout_, title, start, end, props, transition="slide", trans=0.5):
    return Scene(index=index, layout=layout_, title=title, start=seconds_to_samples(start),
                 end=seconds_to_samples(end), props=freeze(props), transition=transition,
                 transition_samples=seconds_to_samples(trans) if transition != "cut" else 0)


def _words(text: str, start: float, per_word: float = 0.34) -> tuple[Word, ...]:
    out = []
    for i, w in enumerate(text.split()):
        a = start + i * per_word
        out.append(Word(w, seconds_to_samples(a), seconds_to_samples(a + per_word * 0.88)))
    return tuple(out)


def sample_timeline(image_path: str, width: int = 1280, height: int = 720, theme: str = "midnight",
                    burn_captions: bool = False, fps: Fps = Fps(30), chart_kind: str = "bar") -> Timeline:
    """Six scenes (title, bullets, image, app, chart, end) with events, narration and captions."""
    scenes = (
        _scene(0, "title", "Meet Acme Notes", 0.0, 3.0, {"subtitle": "Notes that keep up with you"}, "cut"),
        _scene(1, "bullets", "Three things you can do", 3.0, 7.5, {"items": {
            "capture": "Capture an idea in one tap", "find": "Find anything instantly",
            "share": "Share a page with your whole team"}}),
        _scene(2, "image", "Your week at a glance", 7.5, 12.0, {
            "image": sample_assets(image_path).put_file(Path(image_path)), "image_size": image_size(str(image_path)), "camera": "zoom-in", "callouts": {
                "totals": {"box": [0.2, 0.12, 0.78, 0.2], "label": "Totals for the week"},
                "trend": {"box": [0.2, 0.34, 0.77, 0.62], "label": "Daily trend"}}}, "fade"),
        _scene(3, "app", "Find anything in seconds", 12.0, 18.0, {
            "app": {"name": "Acme Notes", "sidebar": ["Inbox", "Notes", "Favorites", "Trash"],
                    "buttons": ["new", "share", "settings", "bell"]},
            "on": {"open": "click notes", "field": "click search", "query": "type quarterly plan",
                   "saved": "notify Saved to cloud"}}),
        _scene(4, "chart", "Revenue by quarter", 18.0, 22.5, {"chart": {
            "kind": chart_kind, "labels": ["Q1", "Q2", "Q3", "Q4"], "unit": "k",
            "series": {"last": {"name": "2023", "values": [120, 135, 150, 170]},
                       "this": {"name": "2024", "values": [140, 160, 190, 230]}}}}),
        _scene(5, "end", "Start writing today", 22.5, 26.0, {"cta": "Get Acme Notes", "url": "acme.example/notes"},
               "fade"),
    )
    events: list[VisualEvent] = []
    cues: list[Cue] = []

    def ev(kind, scene, element, sec, cue=None, **data):
        f = fps.frame_at(seconds_to_samples(sec))
        sc = scenes[scene]
        x = element_x(sc, element, width, height) if element != "scene" else 0.5
        events.append(VisualEvent(kind, scene, element, f, fps.frame_start(f), x, cue, freeze(data)))
        if cue:
            cues.append(Cue(cue, scene, seconds_to_samples(sec), seconds_to_samples(sec + 0.3)))

    for sc in scenes:
        if sc.transition != "cut":
            ev("transition", sc.index, "scene", sc.start / 48000)
        ev("enter", sc.index, "title", sc.start / 48000)
    ev("enter", 0, "subtitle", 1.2, "subtitle")
    for i, cue in enumerate(("capture", "find", "share")):
        ev("enter", 1, f"item:{cue}", 3.7 + i * 1.1, cue)
    ev("callout", 2, "callout:totals", 8.6, "totals")
    ev("callout", 2, "callout:trend", 10.3, "trend")
    ev("click", 3, "target:notes", 13.2, "open")
    ev("click", 3, "target:search", 14.3, "field")
    typed = "quarterly plan"
    for i, ch in enumerate(typed):
        ev("key", 3, "target:search", 14.7 + i * 0.07, "query" if i == 0 else None, char=ch, text=typed)
    events[-len(typed) + 1:] = [VisualEvent(e.kind, e.scene, e.element, e.frame, e.at, e.x, "query", e.data)
                                for e in events[-len(typed) + 1:]]
    ev("notify", 3, "toast", 16.3, "saved", text="Saved to cloud")
    ev("series", 4, "series:last", 18.8, "last")
    ev("series", 4, "series:this", 20.1, "this")
    ev("enter", 5, "cta", 23.4, "cta")
    narration = [
        (0, 0.3, "Meet Acme Notes, the notes app that keeps up with you."),
        (1, 3.6, "You can capture an idea, find it again, and share it with your team."),
        (2, 8.4, "The dashboard shows totals for the week, and the daily trend."),
        (3, 12.8, "Open your notes, click search, type a query, and it saves itself."),
        (4, 18.6, "Revenue grew every quarter, and this year beat the last."),
        (5, 22.8, "Start writing today with Acme Notes."),
    ]
    lines = []
    for i, (scene, start, text) in enumerate(narration):
        words = _words(text, start)
        lines.append(Line(f"l{i}", scene, text, words[0].start, words[-1].end, f"hash{i}", words))
    return Timeline(title="Meet Acme Notes", lang="en", width=width, height=height, fps=fps,
                    duration=seconds_to_samples(26.0), theme=theme, scenes=scenes, lines=tuple(lines),
                    cues=tuple(cues), visual_events=tuple(events), burn_captions=burn_captions)
