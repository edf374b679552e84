"""Benchmark the audio renderer: a 10-minute, 200-event timeline, mixed and mastered.

Prints times as x real time (programme seconds per wall-clock second), then listen-by-numbers:
loudness, true peak, and where an energy detector finds each impulsive sound's onset.

    .venv/bin/python bench/audio_mix.py [--wav out/audio_mix.wav]   # optionally write the first minute
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from audio_helpers import put_pcm  # noqa: E402
from onetake import measure  # noqa: E402
from onetake.assets import AssetStore  # noqa: E402
from onetake.render import audio  # noqa: E402
from onetake.render.audio import mix  # noqa: E402
from onetake.render.audio.sfx import KINDS  # noqa: E402
from onetake.timeline import SAMPLE_RATE, Fps, Line, Music, SoundEvent, Timeline  # noqa: E402

SR = SAMPLE_RATE


def speech(seconds: float, seed: int) -> np.ndarray:
    """Speech-like test signal: a gliding harmonic voice, syllable-rate amplitude modulation, pauses."""
    rng = np.random.default_rng(seed)
    t = np.arange(int(seconds * SR)) / SR
    f0 = 110 + 25 * np.sin(2 * np.pi * 0.4 * t + rng.uniform(0, 6)) + 10 * np.sin(2 * np.pi * 3.1 * t)
    phase = 2 * np.pi * np.cumsum(f0) / SR
    voice = sum(np.sin(h * phase) / h for h in range(1, 25))
    syllables = np.clip(np.sin(2 * np.pi * 4.0 * t + rng.uniform(0, 6)), 0, None) ** 1.5
    pauses = np.sin(2 * np.pi * 0.35 * t + rng.uniform(0, 6)) > -0.8
    return (0.15 * voice * syllables * pauses).astype(np.float32)


def build(store: AssetStore, minutes: float = 10.0, events: int = 200) -> Timeline:
    duration = int(minutes * 60 * SR)
    lines, pos, i = [], SR, 0
    while pos + 6 * SR < duration - 2 * SR:
        pcm = speech(5.0 + (i % 3), i)
        lines.append(Line(id=f"l{i}", scene=0, text="…", start=pos, end=pos + pcm.size, audio=put_pcm(store, pcm)))
        pos += pcm.size + (SR * 2 if i % 4 else SR // 2)
        i += 1
    rng = np.random.default_rng(1)
    ats = np.sort(rng.integers(SR, duration - SR, events))
    sounds = tuple(
        SoundEvent(kind=KINDS[j % len(KINDS)], at=int(a), pan=float(rng.uniform(-0.6, 0.6)), seed=j)
        for j, a in enumerate(ats)
    )
    return Timeline("bench", "en", 1280, 720, Fps(30), duration, lines=tuple(lines), sound_events=sounds,
                    music=Music(mood="warm"))


def main() -> None:
    wav = sys.argv[sys.argv.index("--wav") + 1] if "--wav" in sys.argv else None
    with tempfile.TemporaryDirectory() as tmp:
        store = AssetStore(Path(tmp))
        tl = build(store)
        seconds = tl.duration / SR
        print(f"timeline: {seconds / 60:.0f} min, {len(tl.lines)} lines, {len(tl.sound_events)} sound events")

        started = time.perf_counter()
        mix.premaster(tl, 0, SR, store)  # warm the caches (music loop, narration files, sounds)
        for line in tl.lines:
            mix.narration(tl, line.start, line.start + 1, store)
        warm = time.perf_counter() - started

        started = time.perf_counter()
        pre = audio.premaster(tl, 0, tl.duration, store)
        t_pre = time.perf_counter() - started

        started = time.perf_counter()
        gain = audio.master_gain_db(tl, assets=store)
        t_gain = time.perf_counter() - started
        tl = tl.with_(master_gain_db=gain)

        started = time.perf_counter()
        out = audio.samples(tl, 0, tl.duration, store)
        t_whole = time.perf_counter() - started

        started = time.perf_counter()
        block = SR * 10  # as encode.mux asks for it
        starts = range(0, tl.duration, block)
        chunked = np.concatenate([audio.samples(tl, s, min(s + block, tl.duration), store) for s in starts])
        t_chunks = time.perf_counter() - started

        print(f"cache warm-up (music loop, {len(tl.lines)} lines normalised): {warm:.2f} s")
        print(f"premaster, whole programme:        {seconds / t_pre:7.1f}x real time ({t_pre:.2f} s)")
        print(f"master_gain_db (once per render):  {seconds / t_gain:7.1f}x real time ({t_gain:.2f} s)")
        print(f"samples (mastered), whole:         {seconds / t_whole:7.1f}x real time ({t_whole:.2f} s)")
        print(f"samples (mastered), 10 s chunks:   {seconds / t_chunks:7.1f}x real time ({t_chunks:.2f} s)")
        print(f"chunked vs whole: max |diff| = {np.max(np.abs(chunked - out)):.2e}")

        print(f"\nmaster gain {gain:+.2f} dB; premaster {measure.integrated_lufs(pre):.2f} LUFS, "
              f"{measure.true_peak_dbtp(pre):.2f} dBTP")
        print(f"programme   {measure.integrated_lufs(out):.2f} LUFS, {measure.true_peak_dbtp(out):.2f} dBTP")

        if wav:
            from scipy.io import wavfile

            Path(wav).parent.mkdir(parents=True, exist_ok=True)
            wavfile.write(wav, SR, (np.clip(out[: 60 * SR], -1, 1) * 32767).astype(np.int16))
            print(f"wrote the first minute to {wav}")

        found = np.array(measure.onsets(out))
        print("\nonsets of the first impulsive sounds (detected - at, samples):")
        shown = 0
        for event in tl.sound_events:
            if event.kind == "whoosh":
                continue
            near = found[np.abs(found - event.at) < SR // 20] if found.size else found
            offset = int(near[np.argmin(np.abs(near - event.at))] - event.at) if near.size else None
            in_line = any(line.start <= event.at < line.end for line in tl.lines)
            print(f"  {event.kind:7s} at {event.at / SR:7.3f} s  {'under voice' if in_line else 'in a pause '}  "
                  f"onset {'not found' if offset is None else f'{offset:+d}'}")
            shown += 1
            if shown == 14:
                break


if __name__ == "__main__":
    main()
