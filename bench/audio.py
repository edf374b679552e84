"""Benchmark the audio stage of a render: score + ambience + mix + master, for a 60 s and a 10-minute programme.

Each programme has a scene every 20-40 s (six moods in turn, a sting in every other scene, an
ambience per scene, one placed source in an image scene with a moving camera), speech-like lines
and 20 sound effects a minute. Times are x real time (programme seconds per wall-clock second) on
this machine; the figures in BENCHMARKS.md come from this script.

    .venv/bin/python bench/audio.py [--only 60]     # seconds; default: both programmes
"""

from __future__ import annotations

import argparse
import io
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from audio_mix import build as lines_and_sounds  # noqa: E402
from onetake import measure  # noqa: E402
from onetake.assets import AssetStore  # noqa: E402
from onetake.render import audio  # noqa: E402
from onetake.render.audio import mix  # noqa: E402
from onetake.render.audio.score import MOODS, SectionRequest, plan_score, render_score  # noqa: E402
from onetake.timeline import SAMPLE_RATE as SR, Ambience, Music, Scene, Timeline  # noqa: E402
from onetake.timeline.model import FrozenDict  # noqa: E402

KINDS = ("office", "cafe", "rain", "city", "nature", "server-room", "room")


def programme(store: AssetStore, seconds: int) -> tuple[Timeline, list[SectionRequest], list[int]]:
    """Lines and effects (bench/audio_mix.py), scenes with ambience, and the score's requests and stings."""
    base = lines_and_sounds(store, minutes=seconds / 60, events=max(1, seconds // 3))
    rng = np.random.default_rng(7)
    starts, at = [0], 0
    while at + 45 * SR < base.duration:
        at += int(rng.uniform(20, 40) * SR)
        starts.append(at)
    ends = starts[1:] + [base.duration]
    scenes, ambience, requests, stings = [], [], [], []
    for i, (a, b) in enumerate(zip(starts, ends)):
        image = i % 3 == 1
        scenes.append(Scene(i, "image" if image else "bullets", f"scene {i}", a, b,
                            FrozenDict({"camera": "zoom-in"}) if image else FrozenDict()))
        ambience.append(Ambience(i, KINDS[i % len(KINDS)], a, b, 0.6 if image else None, 11))
        requests.append(SectionRequest(a, MOODS[i % len(MOODS)], float(rng.uniform(0.2, 0.9))))
        if i % 2 and b - a > 12 * SR:
            stings.append(a + int(rng.uniform(4, 10) * SR))
    timeline = base.with_(scenes=tuple(scenes), ambience=tuple(ambience))
    return timeline, requests, stings


def timed(what):
    started = time.perf_counter()
    result = what()
    return result, time.perf_counter() - started


def bench(seconds: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        store = AssetStore(Path(tmp))
        tl, requests, stings = programme(store, seconds)
        score, t_plan = timed(lambda: plan_score(requests, tl.duration, stings, seed=3))
        midi, t_midi = timed(score.midi)
        pcm, t_synth = timed(lambda: render_score(score))
        buffer = io.BytesIO()
        np.save(buffer, pcm)
        key = store.put_bytes(buffer.getvalue(), ".npy")
        tl = tl.with_(music=Music(audio=key, source="score", bars=score.bars, stings=score.stings, end=score.end))

        _, t_amb = timed(lambda: mix.ambience(tl, 0, tl.duration))
        pre, t_pre = timed(lambda: audio.premaster(tl, 0, tl.duration, store))
        gain, t_gain = timed(lambda: audio.master_gain_db(tl, assets=store))
        tl = tl.with_(master_gain_db=gain)
        block = SR * 10  # as encode.mux asks for it
        out, t_master = timed(lambda: np.concatenate(
            [audio.samples(tl, s, min(s + block, tl.duration), store) for s in range(0, tl.duration, block)]))
        total = t_plan + t_midi + t_synth + t_pre + t_gain + t_master  # premaster includes the ambience

        x = seconds / 1.0
        print(f"\n{seconds} s programme: {len(tl.scenes)} scenes, {len(tl.lines)} lines, "
              f"{len(tl.sound_events)} effects, {len(score.bars)} bars, {len(score.stings)}/{len(stings)} stings")
        print(f"  score plan + MIDI ({len(midi) // 1024:2d} KiB):    {t_plan + t_midi:6.2f} s  {x / (t_plan + t_midi):8.1f}x")
        print(f"  FluidSynth render:               {t_synth:6.2f} s  {x / t_synth:8.1f}x")
        print(f"  ambience (alone, inside premix):  {t_amb:6.2f} s  {x / t_amb:8.1f}x")
        print(f"  premaster (all four buses):       {t_pre:6.2f} s  {x / t_pre:8.1f}x")
        print(f"  master gain (loudness solve):     {t_gain:6.2f} s  {x / t_gain:8.1f}x")
        print(f"  mastered samples, 10 s blocks:    {t_master:6.2f} s  {x / t_master:8.1f}x")
        print(f"  audio stage in all:               {total:6.2f} s  {x / total:8.1f}x real time")
        print(f"  result: {measure.integrated_lufs(out):.2f} LUFS, {measure.true_peak_dbtp(out):.2f} dBTP, "
              f"premaster {measure.integrated_lufs(pre):.2f} LUFS")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", type=int, help="one programme of this many seconds")
    args = parser.parse_args()
    for seconds in [args.only] if args.only else [60, 600]:
        bench(seconds)


if __name__ == "__main__":
    main()
