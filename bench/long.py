"""Long programmes: wall time, speed and peak memory of render and of verify at 1, 10 and 60 minutes.

    .venv/bin/python bench/long.py [--minutes 1,10,60] [--preview] [--out out/bench-long]

Each length is a generated storyboard (bullets, app, chart and image scenes in turn, about 15 s
each, on a dozen topics, so the voice cache speaks each line once and later repeats come from it;
every scene's heading carries its number, so no two chunks look alike). Each runs as the CLI does,
in its own process under `/usr/bin/time -v`: `onetake render --no-verify`, then `onetake verify`;
a length gets a fresh chunk cache (voices are shared). It prints per step: wall seconds, times real
time, and the peak resident set size of the largest process (render workers included).
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
TOPICS = ("notes", "tasks", "photos", "invoices", "recipes", "trips", "contacts", "files", "ideas", "songs",
          "books", "plans")
SCENE_SECONDS = 15.0

BULLETS = """# {n}. Four things about {t}
layout: bullets
items: {{find: Find {t} fast, sort: Sort {t} by date, share: Share {t} safely, keep: Keep {t} forever}}

Here are four things you can do with your {t}. You can {{find:find them fast}}, {{sort:sort them by date}},
{{share:share them safely}} with your team, and {{keep:keep them}} for as long as you like.
"""
APP = """# {n}. Working with {t}
layout: app
transition: fade
app: {{name: Acme, sidebar: [Inbox, {T}, Archive], buttons: [new, share, settings, search]}}
on: {{open: click {T}, press: click share, query: type {t}, done: notify Saved}}

To work with {t}, {{open:open the {t} list}} in the sidebar. Then {{press:press share}},
and {{query:type a few letters}} to narrow things down. {{done:A short notice}} says it was saved.
"""
CHART = """# {n}. {T} over time
layout: chart
transition: cut
chart: {{kind: bar, labels: [Jan, Feb, Mar, Apr], series: {{this: {{name: This year, values: [4, 6, 5, 7]}},
  last: {{name: Last year, values: [3, 4, 3, 5]}}}}}}

This chart shows how many {t} the team handled each month. First {{this:this year's numbers}} grow in,
and then {{last:last year's}} appear beside them, so you can compare the two at a glance.
"""
IMAGE = """# {n}. Where {t} live
layout: image
image: {image}
camera: pan-right
callouts: {{stats: {{box: [0.177, 0.192, 0.807, 0.148], label: Totals}},
  table: {{box: [0.667, 0.352, 0.318, 0.616], label: Recent}}}}

The dashboard keeps your {t} in one place. At the top you see {{stats:the totals}},
and on the right {{table:the most recent {t}}} you touched.
"""


def storyboard(minutes: float) -> str:
    scenes = max(1, round(minutes * 60 / SCENE_SECONDS))
    image = (ROOT / "examples" / "assets" / "acme_dashboard.png").as_posix()
    parts = [f"---\ntitle: {minutes:g} minutes\nresolution: 1280x720\nmusic: auto\ncaptions: file\n---\n"]
    for n in range(scenes):
        topic = TOPICS[(n // 4) % len(TOPICS)]
        template = (BULLETS, APP, CHART, IMAGE)[n % 4]
        parts.append(template.format(n=n + 1, t=topic, T=topic.capitalize(), image=image))
    return "\n".join(parts)


def timed(command: list[str]) -> tuple[float, float, int]:
    """(wall seconds, peak RSS MiB of the largest process, exit status) of one command under time -v."""
    run = subprocess.run(["/usr/bin/time", "-v", *command], capture_output=True, text=True)
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)", run.stderr)
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", run.stderr)
    seconds = int(wall[1] or 0) * 3600 + int(wall[2]) * 60 + float(wall[3])
    if run.returncode not in (0, 1):  # 1: verify found a problem, still measured
        sys.stderr.write(run.stdout[-2000:] + run.stderr[-2000:])
    return seconds, int(rss[1]) / 1024, run.returncode


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", default="1,10,60")
    parser.add_argument("--preview", action="store_true")
    parser.add_argument("--out", type=Path, default=ROOT / "out" / "bench-long")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    voices = args.out / "voices"
    print(f"{'minutes':>7} {'step':7} {'wall s':>8} {'x real':>7} {'peak RSS MiB':>13}  result")
    for minutes in (float(m) for m in args.minutes.split(",")):
        story = args.out / f"long_{minutes:g}.md"
        story.write_text(storyboard(minutes), encoding="utf-8")
        cache = args.out / f"cache_{minutes:g}"
        shutil.rmtree(cache, ignore_errors=True)
        cache.mkdir()
        for shared in ("voice", "assets", "music"):
            (voices / shared).mkdir(parents=True, exist_ok=True)
            (cache / shared).symlink_to((voices / shared).resolve())
        render = [str(BIN / "onetake"), "render", str(story), "-o", str(args.out), "--no-verify", "-q",
                  "--cache-dir", str(cache)] + (["--preview"] if args.preview else [])
        wall, rss, code = timed(render)
        video = args.out / f"long_{minutes:g}.en.mp4"
        length = _seconds(video)
        print(f"{minutes:7g} {'render':7} {wall:8.1f} {length / wall:7.2f} {rss:13.0f}  exit {code}")
        wall, rss, code = timed([str(BIN / "onetake"), "verify", str(video), "--cache-dir", str(cache)])
        print(f"{minutes:7g} {'verify':7} {wall:8.1f} {length / wall:7.2f} {rss:13.0f}  "
              f"{'PASS' if code == 0 else 'FAIL' if code == 1 else f'exit {code}'}")


def _seconds(video: Path) -> float:
    import av

    with av.open(str(video)) as container:
        return float(container.duration or 0) / 1e6


if __name__ == "__main__":
    main()
