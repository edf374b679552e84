"""What each writing system needs from a paragraph before skia shapes it.

skia-python's paragraph API cannot set a base direction or a line-breaking strictness, so the text
itself carries them, in Unicode's own controls (invisible, and skipped by the glyph check):

- right-to-left languages: every line wrapped in RLI … PDI, so a line that starts with a Latin
  word or a digit still reads right to left ("افتح Acme" keeps Acme on the left of افتح);
- Japanese and Chinese: a WORD JOINER before the small kana and the prolonged-sound mark, which
  ICU's default rules let start a line and Japanese typesetting (kinsoku) does not;
- Korean: WORD JOINERs between syllables, so lines break at spaces as Korean is set, not inside words.

`runs` splits text for the font chain: emoji clusters want the colour font first, and in ja/zh
the quotes, ellipsis and dashes Inter also has want the full-width CJK forms.
"""

from __future__ import annotations

from ...lang import RTL_LANGS, base_lang

RLI, PDI, WJ = "\u2067", "\u2069", "\u2060"
NO_LINE_START = frozenset("ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿーｧｨｩｪｫｯｬｭｮｰ")
CJK_PUNCT = frozenset("\u201c\u201d\u2018\u2019\u2026\u2014\u2015\u00b7\u2027\u22ef")
ZWJ, VS15, VS16, KEYCAP = "\u200d", "\ufe0e", "\ufe0f", "\u20e3"


def is_rtl(locale: str) -> bool:
    return base_lang(locale) in RTL_LANGS


def prepare(text: str, locale: str) -> str:
    """`text` with the controls its language needs (see the module docstring)."""
    lang = base_lang(locale)
    if lang in RTL_LANGS:
        return f"{RLI}{isolated_lines(text)}{PDI}"
    if lang in ("ja", "zh"):
        return "".join(WJ + ch if i and ch in NO_LINE_START and text[i - 1] not in " \n\t" else ch
                       for i, ch in enumerate(text))
    if lang == "ko":
        return "".join(WJ + ch if i and _hangul(ch) and _hangul(text[i - 1]) else ch for i, ch in enumerate(text))
    return text


def isolated_lines(text: str) -> str:
    """Inside one right-to-left isolate: a newline ends an isolate (it separates paragraphs), so each
    line break closes the isolate and opens the next line's."""
    return text.replace("\n", f"{PDI}\n{RLI}")


def _hangul(ch: str) -> bool:
    cp = ord(ch)
    return 0xAC00 <= cp <= 0xD7A3 or 0x1100 <= cp <= 0x11FF or 0x3130 <= cp <= 0x318F


def _pictographic(cp: int) -> bool:
    """Emoji shown as emoji by default (an approximation of Emoji_Presentation, enough for UI text)."""
    return 0x1F000 <= cp <= 0x1FAFF and not 0x1F100 <= cp <= 0x1F1E5 or 0x1F1E6 <= cp <= 0x1F1FF


def _emoji_end(text: str, i: int) -> int:
    """Where the emoji cluster starting at `i` ends (`i` if none starts there): VS16, skin tones,
    keycaps, ZWJ sequences, flags and tag sequences stay in one cluster."""
    n, cp = len(text), ord(text[i])

    def tail(j: int) -> int:
        while j < n and (text[j] in (VS16, KEYCAP) or 0x1F3FB <= ord(text[j]) <= 0x1F3FF
                         or 0xE0020 <= ord(text[j]) <= 0xE007F):
            j += 1
        return j

    if 0x1F1E6 <= cp <= 0x1F1FF:  # two regional indicators make a flag
        return i + 2 if i + 1 < n and 0x1F1E6 <= ord(text[i + 1]) <= 0x1F1FF else i + 1
    j = tail(i + 1)
    if not (_pictographic(cp) or VS16 in text[i + 1:j] or KEYCAP in text[i + 1:j]) or text[i + 1:i + 2] == VS15:
        return i  # a text-style character (a digit, ✔, ★): the normal chain draws it
    while j + 1 < n and text[j] == ZWJ:
        j = tail(j + 2)
    return j


def runs(text: str, locale: str) -> list[tuple[str, str]]:
    """`text` cut into (piece, kind) with kind "" (the language's chain), "emoji" or "cjk" (punctuation)."""
    cjk = base_lang(locale) in ("ja", "zh")
    out: list[tuple[str, str]] = []
    i = 0
    while i < len(text):
        end = _emoji_end(text, i)
        piece, kind = (text[i:end], "emoji") if end > i else (text[i], "cjk" if cjk and text[i] in CJK_PUNCT else "")
        if out and out[-1][1] == kind:
            out[-1] = (out[-1][0] + piece, kind)
        else:
            out.append((piece, kind))
        i += len(piece)
    return out
