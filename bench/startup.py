"""How long `onetake check` takes from a cold interpreter, and what it imports.

    .venv/bin/python bench/startup.py [storyboard.md] [runs]

Prints the median, minimum and maximum wall time of `python -m onetake check FILE` over `runs`
processes, and the heavy libraries (numpy, scipy, av, cv2, skia, onnxruntime, pydantic) the check loads.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("numpy", "scipy", "av", "cv2", "skia", "onnxruntime", "pydantic", "yaml")


def main() -> None:
    story = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "examples" / "onboarding.md"
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 7
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "onetake", "check", str(story)], check=True, capture_output=True)
        times.append(time.perf_counter() - started)
    probe = ("import sys; from onetake.cli.main import main; main(['check', sys.argv[1]]); "
             f"print([m for m in {HEAVY!r} if m in sys.modules])")
    loaded = subprocess.run([sys.executable, "-c", probe, str(story)], capture_output=True, text=True, check=True)
    print(f"onetake check {story.name}: median {statistics.median(times):.3f} s "
          f"(min {min(times):.3f}, max {max(times):.3f}, {runs} runs)")
    print(f"loads: {loaded.stdout.strip().splitlines()[-1]}")


if __name__ == "__main__":
    main()
