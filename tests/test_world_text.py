"""World scripts on screen: every script has a font, right-to-left reads right to left, no tofu.

The golden frames here were looked at once (docs/scripts.png shows them side by side): text
correct, joined (Arabic letters connected, Devanagari conjuncts), in reading order.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
import skia

from golden import assert_golden
from onetake.fonts import fonts
from onetake.lang import direction_of
from onetake.render.video import frame, text
from onetake.render.video.scripts import PDI, RLI, WJ, prepare
from onetake.timeline import Fps, Scene, Timeline, freeze

SR = 48_000
SCRIPTS = {
    "ja": ("設定を開く", ["支払いタブをタップします", "「保存」を押してください", "アカウントを確認"]),
    "zh": ("打开设置", ["点击设置图标", "然后打开“付款”页面……", "保存你的更改"]),
    "ko": ("설정 열기", ["설정을 열고 저장을 클릭하세요", "결제 탭을 누르세요", "변경 사항 확인"]),
    "ar": ("افتح الإعدادات", ["افتح Acme الإعدادات 3", "اضغط على حفظ", "تحقق من حسابك"]),
    "he": ("פתחו את ההגדרות", ["לחצו על סמל ההגדרות", "שמרו ב-Acme", "בדקו את החשבון"]),
    "hi": ("सेटिंग्स खोलें", ["सेटिंग्स आइकन पर क्लिक करें", "भुगतान टैब खोलें", "अपने बदलाव सहेजें"]),
    "th": ("เปิดการตั้งค่า", ["แตะที่แท็บการชำระเงิน", "กดบันทึก", "ตรวจสอบบัญชีของคุณ"]),
}


def script_timeline(lang: str) -> Timeline:
    title, items = SCRIPTS[lang]
    props = freeze({"items": {f"i{k}": label for k, label in enumerate(items)}})
    return Timeline(title="T", lang=lang, width=640, height=360, fps=Fps(30), duration=4 * SR,
                    scenes=(Scene(0, "bullets", title, 0, 4 * SR, props, "cut", direction=direction_of(lang)),))


@pytest.mark.parametrize("lang", SCRIPTS)
def test_every_script_has_a_font(lang):
    title, items = SCRIPTS[lang]
    assert fonts().missing(" ".join([title, *items]), lang) == []


def test_emoji_and_a_script_without_a_font():
    assert fonts().missing("Done 👍🏽 ❤️ 1️⃣ 🇯🇵 👩‍💻", "en") == []
    assert fonts().missing("ᚠᚢᚦ runes", "en") == ["ᚠ", "ᚢ", "ᚦ"]


@pytest.mark.parametrize("lang", SCRIPTS)
def test_a_golden_frame_per_script(lang, tmp_path):
    assert_golden(f"script_{lang}", frame(script_timeline(lang), 90), tmp_path)


def _ink_columns(arr: np.ndarray, colour: int) -> np.ndarray:
    """x positions of pixels painted in `colour` (an opaque RGB)."""
    rgb = np.array([(colour >> 16) & 255, (colour >> 8) & 255, colour & 255])
    return np.nonzero((np.abs(arr[..., :3].astype(int) - rgb).sum(axis=2) < 60).any(axis=0))[0]


@pytest.mark.parametrize("lang, first, second", [("ar", "افتح", "Acme"), ("he", "פתחו", "Acme"), ("en", "Open", "Acme")])
def test_reading_order_follows_the_language(lang, first, second):
    """The first word written is on the right in Arabic and Hebrew (even before a Latin word), on the left in English."""
    red, blue = 0xFFFF0000, 0xFF0000FF
    para = text.rich(((first, red), (" ", None), (second, blue)), text.Style(40, 0xFFFFFFFF, 500, align="start",
                                                                             locale=lang), 600)
    arr = np.zeros((80, 640, 4), np.uint8)
    surface = skia.Surface(arr)
    text.draw(surface.getCanvas(), para, 20, 10)
    del surface
    reds, blues = _ink_columns(arr, red), _ink_columns(arr, blue)
    assert reds.size and blues.size
    if lang == "en":
        assert reds.max() < blues.min() and reds.min() < 100  # starts at the left edge
    else:
        assert blues.max() < reds.min() and reds.max() > 560  # starts at the right edge


def test_each_language_gets_its_line_breaking_and_direction_controls():
    assert prepare("チェックする", "ja") == f"チ{WJ}ェ{WJ}ックする"  # small kana never start a line
    assert prepare("설정을 열고", "ko") == f"설{WJ}정{WJ}을 열{WJ}고"
    assert prepare("سطر\nآخر", "ar") == f"{RLI}سطر{PDI}\n{RLI}آخر{PDI}"
    assert prepare("Plain text", "en") == "Plain text"


@pytest.mark.parametrize("lang", ["ar", "he"])
def test_right_to_left_bullets_are_mirrored(lang):
    """The item cards stand at the right edge and their numbers on their right (read first)."""
    from onetake.geometry import boxes_px

    rtl = script_timeline(lang).scenes[0]
    ltr = dataclasses.replace(rtl, direction="ltr")
    for key, (x, y, w, h) in boxes_px(rtl, 640, 360).items():
        lx, ly, lw, lh = boxes_px(ltr, 640, 360)[key]
        assert (x, y, w, h) == (640 - lx - lw, ly, lw, lh)
    arr = frame(script_timeline(lang), 90)
    x, y, w, h = [round(v) for v in boxes_px(rtl, 640, 360)["item:i2"]]
    badge = np.abs(arr[y:y + h, x:x + w, :3].astype(int) - [0x6b, 0x8a, 0xfd]).sum(axis=2) < 90  # the accent badge
    assert badge.any() and np.nonzero(badge.any(axis=0))[0].min() > w * 0.8


def test_a_right_to_left_app_window_is_laid_out_mirrored():
    """Sidebar on the right, toolbar buttons and the toast on the left; click sounds pan with them."""
    from onetake.geometry import element_x
    from onetake.geometry.app import app_geometry

    props = freeze({"app": {"name": "Acme", "sidebar": ["البريد"], "buttons": ["search", "settings"]}})
    ltr = Scene(0, "app", "الإعدادات", 0, 4 * SR, props, "cut")
    rtl = dataclasses.replace(ltr, direction="rtl")
    a, b = app_geometry(ltr, 640, 360), app_geometry(rtl, 640, 360)
    assert b.sidebar[0] > 320 > a.sidebar[0] and b.toast[0] < 320 < a.toast[0]
    assert element_x(rtl, "target:settings", 640, 360) == pytest.approx(1 - element_x(ltr, "target:settings", 640, 360))


def _chart_scene(direction: str) -> Scene:
    props = freeze({"chart": {"kind": "bar", "labels": ["يناير", "فبراير", "مارس"], "unit": "%",
                              "series": {"s": {"name": "النمو", "values": [10, 20, 40]}}}})
    return Scene(0, "chart", "النمو", 0, 4 * SR, props, "cut", direction=direction)


def test_a_right_to_left_chart_reads_from_the_right():
    """The value axis stands right of the plot, the first label (and its bar) is rightmost."""
    from onetake.geometry.chart import chart_geometry

    ltr, rtl = chart_geometry(_chart_scene("ltr"), 640, 360), chart_geometry(_chart_scene("rtl"), 640, 360)
    assert rtl.plot[2] == ltr.plot[2] and rtl.plot[0] < ltr.plot[0]  # the axis gutter moved to the right
    assert rtl.label_x[0] > rtl.label_x[1] > rtl.label_x[2] and ltr.label_x[0] < ltr.label_x[2]
    tl = Timeline(title="T", lang="ar", width=640, height=360, fps=Fps(30), duration=4 * SR,
                  scenes=(_chart_scene("rtl"),))
    arr = frame(tl, 110)
    px, py, pw, ph = [round(v) for v in rtl.plot]
    right_gutter, left_gutter = arr[py:py + ph, px + pw + 4:px + pw + 40, :3], arr[py:py + ph, px - 40:px - 4, :3]
    ink = lambda region: (region.astype(int).sum(axis=2) > 300).sum()  # the tick labels are light text
    assert ink(right_gutter) > 30 and ink(left_gutter) == 0
    bars = [int(np.abs(arr[py:py + ph, round(x), :3].astype(int) - arr[py + 2, px + 2, :3]).sum(axis=1).astype(bool).sum())
            for x in rtl.label_x]
    assert bars[0] < bars[1] < bars[2]  # 10, 20, 40 from the right: the tallest bar is leftmost


def test_a_right_to_left_end_card_arrow_points_left_after_the_label():
    """The arrow is the leftmost ink of the button, its head at its left end (the way Arabic reads)."""
    from onetake.geometry.end import end_geometry

    scene = Scene(0, "end", "شكرا", 0, 4 * SR, freeze({"cta": "ابدأ الآن"}), "cut", direction="rtl")
    tl = Timeline(title="T", lang="ar", width=640, height=360, fps=Fps(30), duration=4 * SR, scenes=(scene,))
    arr = frame(tl, 100)[..., :3].astype(int)
    x, y, w, h = [round(v) for v in end_geometry(scene, 640, 360).cta]
    button = arr[y + 4:y + h - 4, x + h // 2:x + w - h // 2]
    ink = np.abs(button - button[2, 2]).sum(axis=2) > 150  # dark label and arrow on the accent fill
    columns = np.nonzero(ink.any(axis=0))[0]
    gaps = np.nonzero(np.diff(columns) > 6)[0]  # the gap between the arrow and the label's first letter
    arrow = columns[:gaps[0] + 1]
    assert gaps.size and arrow.size < columns.size / 3
    tip, tail = arrow.min(), arrow.max()
    head = ink[:, tip:tip + (tail - tip) // 3].sum(axis=1)  # the head's strokes spread above and below the shaft
    shaft = ink[:, tail - (tail - tip) // 3:tail + 1].sum(axis=1)
    assert np.count_nonzero(head) > 2 * np.count_nonzero(shaft)
