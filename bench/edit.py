"""Edit one line, redo only that: full render, one-line-edit re-render and no-change re-render.

    .venv/bin/python bench/edit.py [--storyboard examples/onboarding.md] [--preview]

One process, a fresh cache folder with the voices already spoken (a warm-up render fills it, so
every figure is the render itself, not synthesis), English. It times, in this order: a full render
with an empty chunk cache, the same storyboard again (nothing changed: the files are kept), again
into an empty folder (the chunks are reused, the audio mixed and encoded), and the storyboard with
one word added to the narration of its middle scene; then prints each with its stages (plan; master and
audio, mixed and encoded beside the video; video; mux), the chunks reused, and its share of the full render. Verification is not included.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from onetake.run.pipeline import render  # noqa: E402
from onetake.settings import RenderSettings  # noqa: E402
from onetake.storyboard import load, parse_markdown  # noqa: E402


def edited(path: Path) -> str:
    """The storyboard's text with one word added to the first narration line of its middle scene."""
    text = path.read_text(encoding="utf-8")
    headings = [m.start() for m in re.finditer(r"^# ", text, re.M)]
    middle = headings[len(headings) // 2]
    body = text.index("\n\n", middle) + 2  # the first beat, after the scene's fields
    return text[:body] + "Now, " + text[body:]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--storyboard", type=Path, default=ROOT / "examples" / "onboarding.md")
    parser.add_argument("--preview", action="store_true")
    args = parser.parse_args()
    story = load(args.storyboard)
    changed = parse_markdown(edited(args.storyboard), str(args.storyboard), args.storyboard.parent)
    with tempfile.TemporaryDirectory(prefix="onetake-edit-") as tmp:
        cache = Path(tmp) / "cache"
        settings = RenderSettings(lang="en", preview=args.preview, cache_dir=cache)
        render(story, Path(tmp) / "warm", settings)  # voices and music for both versions
        render(changed, Path(tmp) / "warm", settings)
        shutil.rmtree(cache / "chunks")
        rows = []
        for name, board, fresh_folder in (("full", story, True), ("no change", story, False),
                                          ("no change, files gone", story, True), ("one-line edit", changed, False)):
            out = Path(tmp) / "out"
            if fresh_folder:
                shutil.rmtree(out, ignore_errors=True)
            started = time.perf_counter()
            result = render(board, out, settings)
            rows.append((name, time.perf_counter() - started, result))
    full = rows[0][1]
    print(f"{args.storyboard.name}, {'preview' if args.preview else 'full size'}, en")
    print(f"{'render':22} {'wall s':>7} {'share':>6}  {'plan':>5} {'master':>6} {'audio':>6} {'video':>6} {'mux':>5}  "
          "reused")
    for name, wall, result in rows:
        s = result.seconds
        print(f"{name:22} {wall:7.2f} {100 * wall / full:5.0f}%  {s['plan']:5.2f} {s.get('master', 0):6.2f} {s.get('audio', 0):6.2f} "
              f"{s.get('video', 0):6.2f} {s.get('mux', 0):5.2f}  {result.reused}")


if __name__ == "__main__":
    main()
