"""The onboarding example in every language it has: how fast, which voice, how intelligible, how in sync.

    .venv/bin/python bench/languages.py [--langs en,es,de,fr,ja,zh,ar,hi] [--preview] [--out DIR]

Each language renders from a cold voice cache (so the voice's real-time factor is measured), then
`verify` reads the file back. Per language it prints: wall time of the render, the voice and its
tier, the time to load the voice (model and G2P, once per process), the voice's RTF (planning
seconds / seconds of speech, after the load), the listener's word or character
error rate against the script, the largest cue offset (a cued action against its word as heard,
from the frame's start; on time is 0 <= offset < one frame), and whether every check passed.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from onetake.plan import voice_of  # noqa: E402
from onetake.plan.voice import tokenize  # noqa: E402
from onetake.plan.voice.registry import DEFAULT_VOICES  # noqa: E402
from onetake.run.pipeline import render  # noqa: E402
from onetake.settings import RenderSettings  # noqa: E402
from onetake.storyboard import load  # noqa: E402
from onetake.timeline import SAMPLE_RATE  # noqa: E402
from onetake.verify import verify  # noqa: E402


def speech_seconds(timeline) -> float:
    return sum(line.end - line.start for line in timeline.lines) / SAMPLE_RATE


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--story", type=Path, default=ROOT / "examples" / "onboarding.md")
    ap.add_argument("--langs", default="", help="comma-separated (default: every language of the storyboard)")
    ap.add_argument("--preview", action="store_true", help="360p, ultrafast (the voices cost the same)")
    ap.add_argument("--out", type=Path, default=None, help="keep the renders here (default: a temp folder)")
    args = ap.parse_args()
    story = load(args.story)
    langs = args.langs.split(",") if args.langs else list(story.languages)
    out = args.out or Path(tempfile.mkdtemp(prefix="onetake-languages-"))
    print(f"{args.story.name}, {'preview' if args.preview else f'{story.width}x{story.height}'}, into {out}")
    print(f"{'lang':5} {'voice':22} {'tier':8} {'load s':>6} {'wall s':>7} {'video s':>7} {'voice RTF':>9} "
          f"{'listener':>14} {'max cue ms':>10}  verdict")
    for lang in langs:
        voice = voice_of(story, lang)
        engine = DEFAULT_VOICES.engine(voice)
        started = time.perf_counter()  # load the engine and its G2P on a word, outside the render
        DEFAULT_VOICES.get(voice).synthesize([w for w, _ in tokenize(story.title, lang)] or ["a"], 1.0)
        load_s = time.perf_counter() - started
        with tempfile.TemporaryDirectory(prefix="onetake-voices-") as cache:  # cold: synthesis is measured
            settings = RenderSettings(lang=lang, preview=args.preview, cache_dir=Path(cache))
            started = time.perf_counter()
            result = render(story, out, settings)
            wall = time.perf_counter() - started
            report = verify(result.video, result.timeline, assets=settings.assets)
        rtf = result.seconds["plan"] / max(1e-9, speech_seconds(result.timeline))
        heard = report.check("whisper")
        data = heard.data or {}
        rate = data.get("cer", data.get("wer"))
        listener = "n/a" if rate is None else f"{'CER' if 'cer' in data else 'WER'} {rate:.1%}"
        records = (report.check("cues").data or {}).get("records", [])
        worst = max((r.offset_ms for r in records), key=abs, default=None)
        worst_text = "-" if worst is None else f"{worst:+.1f}"
        video = result.timeline.duration / SAMPLE_RATE
        print(f"{lang:5} {voice:22} {engine.tier:8} {load_s:6.1f} {wall:7.1f} {video:7.1f} {rtf:9.2f} {listener:>14} "
              f"{worst_text:>10}  {'PASS' if report.passed else 'FAIL: ' + ', '.join(c.name for c in report.checks if c.passed is False)}")


if __name__ == "__main__":
    main()
