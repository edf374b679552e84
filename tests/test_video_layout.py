"""Layout geometry: every element inside the frame and its safe area, clear of the caption band,
and `element_x` consistent with `element_box` (the planner pans sounds by it)."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from onetake.geometry import boxes_px, element_box, element_x
from onetake.geometry.app import app_geometry
from onetake.geometry.chart import chart_geometry, nice_ticks
from onetake.geometry.common import CONTENT_BOTTOM, MARGIN
from onetake.geometry.image import callout_box, camera, image_frame, image_to_frame
from onetake.timeline import Scene, freeze

SIZES = [(320, 180), (1280, 720), (1920, 1080), (1080, 1920)]


def scenes(image: str) -> list[Scene]:
    props = {
        "title": {"subtitle": "A subtitle"},
        "bullets": {"items": {f"i{k}": f"Item {k}" for k in range(6)}},
        "image": {"image": image, "image_size": (400, 300), "camera": "pan-left",
                  "callouts": {"a": {"box": [0.1, 0.1, 0.3, 0.2], "label": "A"},
                               "b": {"box": [0.6, 0.5, 0.39, 0.49], "label": "B"}}},
        "app": {"app": {"name": "App", "sidebar": ["Inbox", "Notes", "Settings"],
                        "buttons": ["new", "settings", "export"]}},
        "chart": {"chart": {"kind": "bar", "labels": ["a", "b", "c"], "unit": "%",
                            "series": {"s1": {"name": "One", "values": [10, -5, 30]},
                                       "s2": {"name": "Two", "values": [12, 20, 25]}}}},
        "end": {"cta": "Try it now", "url": "example.com"},
    }
    return [Scene(i, name, f"Heading {i}", 0, 48000 * 4, freeze(p)) for i, (name, p) in enumerate(props.items())]


@pytest.fixture(scope="module")
def image(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("img") / "shot.png"
    cv2.imwrite(str(path), np.full((300, 400, 3), 200, np.uint8))
    return str(path)


@pytest.mark.parametrize("size", SIZES)
def test_boxes_inside_safe_area_and_above_caption_band(image, size):
    w, h = size
    for scene in scenes(image):
        for element, (x, y, bw, bh) in boxes_px(scene, w, h).items():
            assert bw > 0 and bh > 0, (scene.layout, element)
            assert x >= MARGIN * w - 1e-6 and x + bw <= (1 - MARGIN) * w + 1e-6, (scene.layout, element)
            assert y >= MARGIN * h - 1e-6, (scene.layout, element)
            assert y + bh <= CONTENT_BOTTOM * h + 1e-6, (scene.layout, element)


@pytest.mark.parametrize("size", SIZES)
def test_element_x_is_the_box_centre(image, size):
    w, h = size
    for scene in scenes(image):
        for element in boxes_px(scene, w, h):
            x, y, bw, bh = element_box(scene, element, w, h)
            assert 0 <= x and x + bw <= 1 and 0 <= y and y + bh <= 1
            assert element_x(scene, element, w, h) == pytest.approx(x + bw / 2)


def test_element_ids_per_layout(image):
    ids = {s.layout: set(boxes_px(s, 1280, 720)) for s in scenes(image)}
    assert ids["title"] == {"title", "subtitle"}
    assert ids["bullets"] == {"title"} | {f"item:i{k}" for k in range(6)}
    assert ids["image"] == {"title", "callout:a", "callout:b"}
    assert ids["app"] == {"title", "target:search", "target:inbox", "target:notes", "target:settings",
                          "target:new", "target:export", "toast"}
    assert ids["chart"] == {"title", "series:s1", "series:s2"}
    assert ids["end"] == {"title", "cta"}


def test_bullets_stack_in_order_without_overlap(image):
    scene = scenes(image)[1]
    boxes = [boxes_px(scene, 1280, 720)[f"item:i{k}"] for k in range(6)]
    for a, b in zip(boxes, boxes[1:]):
        assert a[1] + a[3] < b[1]


def test_app_targets_left_to_right_and_case_insensitive(image):
    scene = scenes(image)[3]
    g = app_geometry(scene, 1280, 720)
    xs = [box[0] for box in g.buttons.values()]
    assert xs == sorted(xs) and list(g.buttons) == ["new", "settings", "export"]
    assert element_x(scene, "target:Notes", 1280, 720) == element_x(scene, "target:notes", 1280, 720)
    # A button wins over a sidebar entry of the same name; sidebar entries sit left of the toolbar.
    assert element_box(scene, "target:settings", 1280, 720)[0] * 1280 == pytest.approx(g.buttons["settings"][0])
    assert element_x(scene, "target:inbox", 1280, 720) < element_x(scene, "target:new", 1280, 720)


def test_unknown_element_names_what_exists(image):
    with pytest.raises(ValueError, match="item:i0"):
        element_box(scenes(image)[1], "item:nope", 1280, 720)
    assert element_box(scenes(image)[1], "scene", 1280, 720) == (0.0, 0.0, 1.0, 1.0)


@pytest.mark.parametrize("mode,first,last", [
    ("zoom-in", (1.0, 0.5, 0.5), (1.08, 0.5, 0.5)),
    ("zoom-out", (1.08, 0.5, 0.5), (1.0, 0.5, 0.5)),
    ("still", (1.0, 0.5, 0.5), (1.0, 0.5, 0.5)),
])
def test_camera_moves_linearly_over_the_scene(mode, first, last):
    scene = Scene(0, "image", "x", 48000, 48000 * 5, freeze({"camera": mode}))
    assert camera(scene, scene.start) == pytest.approx(first)
    assert camera(scene, scene.end) == pytest.approx(last)
    mid = camera(scene, (scene.start + scene.end) // 2)
    assert mid[0] == pytest.approx((first[0] + last[0]) / 2)


@pytest.mark.parametrize("mode", ["pan-left", "pan-right"])
def test_pans_keep_the_frame_covered(mode):
    scene = Scene(0, "image", "x", 0, 48000, freeze({"camera": mode}))
    xs = []
    for sample in range(0, 48001, 4800):
        s, cx, cy = camera(scene, sample)
        x0, _, w, _ = image_to_frame((0, 0, 100, 100), (s, cx, cy), (0, 0, 1, 1))
        assert x0 <= 1e-9 and x0 + w >= 100 - 1e-9
        xs.append(cx)
    assert (xs == sorted(xs, reverse=True)) if mode == "pan-left" else (xs == sorted(xs))


@pytest.mark.parametrize("lo,hi,expected", [
    (0, 230, (0, 250, [0, 50, 100, 150, 200, 250])),
    (0, 1, (0, 1, [0, 0.2, 0.4, 0.6, 0.8, 1.0])),
    (-5, 30, (-10, 30, [-10, 0, 10, 20, 30])),
    (0, 0, (0, 1, [0, 0.2, 0.4, 0.6, 0.8, 1.0])),
    (3, 7, (0, 8, [0, 2, 4, 6, 8])),
])
def test_nice_ticks(lo, hi, expected):
    a, b, ticks = nice_ticks(lo, hi)
    assert (a, b) == pytest.approx(expected[:2])
    assert ticks == pytest.approx(expected[2])


def test_chart_bars_grow_from_zero_and_sit_in_their_column(image):
    scene = scenes(image)[4]
    g = chart_geometry(scene, 1280, 720)
    up = g.bar(0, 2, 0, 10)
    down = g.bar(0, 2, 1, -5)
    assert up[1] + up[3] == pytest.approx(g.y(0)) and down[1] == pytest.approx(g.y(0))
    for j, x in enumerate(g.label_x):
        for i in range(2):
            bx, _, bw, _ = g.bar(i, 2, j, 1)
            assert x - g.slot / 2 < bx and bx + bw < x + g.slot / 2


@pytest.mark.parametrize("mode", ["zoom-in", "zoom-out", "pan-left", "pan-right"])
def test_camera_keeps_every_callout_whole_on_screen(mode, tmp_path):
    """A highlight cut by the frame's edge looks like a mistake: callouts near the image's edges stay whole."""
    image = tmp_path / "shot.png"
    cv2.imwrite(str(image), np.full((1000, 1600, 3), 200, np.uint8))
    callouts = {"left": {"box": [0.0, 0.1, 0.2, 0.3]}, "right": {"box": [0.667, 0.35, 0.318, 0.62]}}
    scene = Scene(0, "image", "Shot", 0, 48000 * 10, freeze({"image": str(image), "image_size": (1600, 1000), "camera": mode,
                                                                "callouts": callouts}))
    frame_box = image_frame(scene, 1280, 720)
    for sample in range(0, 48000 * 10 + 1, 48000):
        for cue, callout in callouts.items():
            whole = image_to_frame(frame_box, camera(scene, sample), tuple(callout["box"]))
            assert callout_box(scene, cue, 1280, 720, sample) == pytest.approx(whole), (mode, sample, cue)
        scale, cx, cy = camera(scene, sample)
        assert 0.5 / scale - 1e-9 <= cx <= 1 - 0.5 / scale + 1e-9  # the image still covers the frame


def test_geometry_reads_the_image_size_from_the_props_not_the_file(tmp_path):
    """The storyboard's check measured the image once; geometry never opens it (it need not exist)."""
    scene = Scene(0, "image", "Shot", 0, 48000, freeze({"image": str(tmp_path / "absent.png"), "image_size": (200, 100),
                                                         "camera": "still", "callouts": {}}))
    x, y, w, h = image_frame(scene, 1280, 720)
    assert w / h == pytest.approx(2.0)
    unmeasured = Scene(0, "image", "Shot", 0, 48000, freeze({"image": str(tmp_path / "absent.png")}))
    with pytest.raises(ValueError, match="image_size"):
        image_frame(unmeasured, 1280, 720)
