"""Spectrograms of a render's music stem and full mix, with the figures that say how it sounds.

Reads what `onetake render STORYBOARD --stems` wrote (NAME.LANG.timeline.json and NAME.LANG.stems/)
and draws two PNGs: the music stem with its sections, bar lines and stings, and the mix with the
narration lines and each stem's short-term loudness. Prints, per section, the music's loudness,
spectral centroid and onset rate, and for the programme the stems' loudness, the ducking under
each line, the sting's onset and the ending's decay.

    .venv/bin/python bench/sound_pictures.py out/onboarding.en [--out docs/sound]
"""

from __future__ import annotations

import argparse
import sys
import wave
from pathlib import Path

import numpy as np
from scipy.signal import spectrogram

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from onetake.measure import clip_lufs, integrated_lufs, onsets, true_peak_dbtp  # noqa: E402
from onetake.timeline import SAMPLE_RATE as SR  # noqa: E402
from onetake.timeline.serialize import from_json  # noqa: E402

STEMS = ("narration", "effects", "ambience", "music")
COLOURS = {"narration": "#3b6fd8", "effects": "#d8873b", "ambience": "#3bb07a", "music": "#b03b8f", "mix": "#222222"}


def read_wav24(path: Path) -> np.ndarray:
    with wave.open(str(path)) as w:
        raw = np.frombuffer(w.readframes(w.getnframes()), np.uint8).reshape(-1, 3).astype(np.int32)
    value = raw[:, 0] | (raw[:, 1] << 8) | (raw[:, 2] << 16)
    return (np.where(value >= 2**23, value - 2**24, value) / (2**23 - 1)).reshape(-1, 2).astype(np.float32)


def short_term(x: np.ndarray, hop: int = SR // 10, window: int = 3 * SR) -> tuple[np.ndarray, np.ndarray]:
    """(times s, short-term loudness LUFS over 3 s windows every 100 ms)."""
    t = np.arange(0, max(1, x.shape[0] - window), hop)
    return (t + window / 2) / SR, np.array([clip_lufs(x[a:a + window]) for a in t])


def centroid_hz(x: np.ndarray) -> float:
    f, _, s = spectrogram(x.mean(axis=1), SR, nperseg=4096, noverlap=2048)
    power = s.mean(axis=1)
    return float(np.sum(f * power) / max(np.sum(power), 1e-30))


def draw_spectrogram(ax, x: np.ndarray, title: str) -> None:
    f, t, s = spectrogram(x.mean(axis=1), SR, nperseg=2048, noverlap=1024)
    db = 10 * np.log10(s + 1e-14)
    ax.pcolormesh(t, f, db, shading="auto", cmap="magma", vmin=db.max() - 90, vmax=db.max())
    ax.set_yscale("log")
    ax.set_ylim(40, 16000)
    ax.set_ylabel("Hz")
    ax.set_title(title, fontsize=10, loc="left")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base", type=Path, help="the render's NAME.LANG path (without .mp4)")
    parser.add_argument("--out", type=Path, default=Path("docs/sound"))
    args = parser.parse_args()
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    tl = from_json(Path(f"{args.base}.timeline.json").read_text(encoding="utf-8"))
    stems = {name: read_wav24(Path(f"{args.base}.stems/{name}.wav")) for name in (*STEMS, "mix")}
    music, mix, m = stems["music"], stems["mix"], tl.music
    name = Path(args.base).name
    args.out.mkdir(parents=True, exist_ok=True)

    print(f"{name}: {tl.duration / SR:.2f} s, music {m.source}, {len(m.sections)} sections, {len(m.bars)} bar lines")
    print("section                      bpm   key        music LUFS  centroid  onsets/s")
    edges = [s.start for s in m.sections] + [tl.duration]
    found = np.array(onsets(music, threshold_db=10.0))  # soft piano and pad notes too
    for s, end in zip(m.sections, edges[1:]):
        part = music[s.start:end]
        rate = np.sum((found >= s.start) & (found < end)) / max((end - s.start) / SR, 1e-9)
        print(f"  {s.start / SR:6.2f} s bar {s.bar:3d} {s.mood:<10} {s.tempo_bpm:6.1f}  {s.key:<9} "
              f"{clip_lufs(part):8.1f}  {centroid_hz(part):7.0f} Hz  {rate:6.1f}")
    for sting in m.stings:
        d = np.abs(np.diff(music.mean(axis=1), 2))
        floor = np.percentile(d[sting - 3 * SR // 50:sting - SR // 50], 99)
        first = sting - SR // 50 + int(np.argmax(d[sting - SR // 50:sting + SR // 20] > 10 * floor))
        print(f"sting at {sting / SR:.3f} s: first sharp sample {1000 * (first - sting) / SR:+.1f} ms from its downbeat; "
              f"+{clip_lufs(music[sting:sting + SR // 2]) - clip_lufs(music[sting - SR // 2:sting]):.1f} LU over the "
              "half second before")
    level = 10 * np.log10(np.mean(np.square(music, dtype=np.float64)) + 1e-30)
    tail = [10 * np.log10(np.mean(np.square(music[a:a + SR // 100], dtype=np.float64)) + 1e-30)
            for a in range(tl.duration - SR, tl.duration - SR // 100 + 1, SR // 200)]
    under = next(i for i, v in enumerate(tail) if v < level - 60)
    print(f"ending: the last chord at {m.bars[-1] / SR:.2f} s; 60 dB under the music's level "
          f"{1000 * (SR - under * SR // 200 - SR // 100) / SR:.0f} ms before the end")
    print("stems (integrated LUFS): " + ", ".join(f"{k} {integrated_lufs(stems[k]):.1f}" for k in (*STEMS, "mix"))
          + f"; mix true peak {true_peak_dbtp(mix):.2f} dBTP")
    words = [(line.start, line.end) for line in tl.lines]
    voice, back = stems["narration"], stems["ambience"]
    print(f"ambience under the voice: {np.median([clip_lufs(voice[a:b]) for a, b in words]) - integrated_lufs(back):.1f} dB")

    fig, (top, bottom) = plt.subplots(2, 1, figsize=(14, 6.5), sharex=True, gridspec_kw={"height_ratios": [3, 1.4]})
    draw_spectrogram(top, music, f"{name}: music stem (score: {', '.join(s.mood for s in m.sections)})")
    for b in m.bars:
        top.axvline(b / SR, color="white", lw=0.4, alpha=0.35)
    for s in m.sections:
        top.axvline(s.start / SR, color="cyan", lw=1.2)
        top.text(s.start / SR + 0.2, 12000, f"{s.mood}\n{s.tempo_bpm:.0f} bpm {s.key}", color="cyan", fontsize=7, va="top")
    for sting in m.stings:
        top.axvline(sting / SR, color="yellow", lw=1.2, ls="--")
    for scene in tl.scenes:
        bottom.axvline(scene.start / SR, color="#888", lw=0.6)
    t, lufs = short_term(music)
    bottom.plot(t, lufs, color=COLOURS["music"], label="music stem, short-term LUFS")
    for a, b in words:
        bottom.axvspan(a / SR, b / SR, color=COLOURS["narration"], alpha=0.12, lw=0)
    bottom.set_ylim(-60, -10)
    bottom.set_ylabel("LUFS")
    bottom.set_xlabel("seconds (blue: narration lines, grey: scene changes)")
    bottom.legend(loc="lower left", fontsize=8)
    bottom.set_xlim(0, tl.duration / SR)
    fig.tight_layout()
    fig.savefig(args.out / f"{name}.music.png", dpi=72)
    plt.close(fig)

    fig, (top, bottom) = plt.subplots(2, 1, figsize=(14, 6.5), sharex=True, gridspec_kw={"height_ratios": [3, 1.4]})
    draw_spectrogram(top, mix, f"{name}: full mix (mix.wav, mastered)")
    for a, b in words:
        top.axvspan(a / SR, b / SR, ymin=0.97, ymax=1.0, color=COLOURS["narration"], lw=0)
    for key in (*STEMS, "mix"):
        t, lufs = short_term(stems[key])
        bottom.plot(t, lufs, color=COLOURS[key], label=key, lw=1.6 if key == "mix" else 1.0)
    for scene in tl.scenes:
        bottom.axvline(scene.start / SR, color="#888", lw=0.6)
    bottom.set_ylim(-70, -5)
    bottom.set_ylabel("short-term LUFS")
    bottom.set_xlabel("seconds")
    bottom.legend(loc="lower left", fontsize=8, ncol=5)
    bottom.set_xlim(0, tl.duration / SR)
    fig.tight_layout()
    fig.savefig(args.out / f"{name}.mix.png", dpi=72)
    plt.close(fig)
    print(f"wrote {args.out / (name + '.music.png')} and {args.out / (name + '.mix.png')}")


if __name__ == "__main__":
    main()
