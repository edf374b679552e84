"""`onetake verify VIDEO`: measure sync and sound of a rendered file; exit 0 if every check passes, 3 if not."""

from __future__ import annotations

import argparse
import os
from dataclasses import fields, replace
from pathlib import Path

from ..errors import OnetakeError

EXIT_PASS = 0
EXIT_FAIL = 3


def add_parser(subparsers) -> argparse.ArgumentParser:
    """Add the `verify` subcommand to an argparse subparsers object."""
    from ..verify.thresholds import Thresholds  # no numpy, scipy or av: every command builds this parser

    names = ", ".join(f.name for f in fields(Thresholds))
    parser = subparsers.add_parser(
        "verify", help="measure picture/sound sync, loudness and clicks of a rendered video (exit 3 on failure)",
        description="Decode a rendered video and measure it against its timeline JSON. Exit status: 0 all checks "
                    "pass, 3 a check failed, 1 the file could not be read.")
    parser.add_argument("video", type=Path, help="the MP4 to check")
    parser.add_argument("--timeline", type=Path, help="timeline JSON (default: <stem>.timeline.json beside the video)")
    parser.add_argument("--json", type=Path, help="where to write the report (default: <stem>.sync.json beside the video)")
    parser.add_argument("--png", type=Path, help="where to write the picture (default: <stem>.sync.png beside the video)")
    parser.add_argument("--no-files", action="store_true", help="print the summary only, write no report files")
    parser.add_argument("--no-whisper", action="store_true", help="skip the Whisper check (faster)")
    parser.add_argument("--cache-dir", type=Path, help="the render's cache folder, whose asset store holds the music "
                        "the ducking is measured against (default: ~/.cache/onetake)")
    parser.add_argument("--limit", action="append", default=[], metavar="NAME=VALUE",
                        help=f"change a threshold, e.g. --limit sound_visual_ms=0.5 (names: {names})")
    parser.add_argument("-q", "--quiet", action="store_true", help="print only PASS or FAIL and the problems")
    return parser


def report_paths(video: Path) -> tuple[Path, Path]:
    """Where a video's sync report goes by default: `<stem>.sync.json` and `<stem>.sync.png` beside it."""
    base = Path(video).with_suffix("")
    return base.with_name(base.name + ".sync.json"), base.with_name(base.name + ".sync.png")


def thresholds_from(limits: list[str]):
    """Thresholds with `NAME=VALUE` overrides applied."""
    from ..verify.thresholds import Thresholds

    known = {f.name for f in fields(Thresholds)}
    changes = {}
    for item in limits:
        name, _, value = item.partition("=")
        if name not in known:
            raise OnetakeError(f"--limit {item!r}: unknown threshold {name!r}; known: {', '.join(sorted(known))}")
        try:
            changes[name] = float(value)
        except ValueError:
            raise OnetakeError(f"--limit {item!r}: {value!r} is not a number") from None
    return replace(Thresholds(), **changes)


def _same_file(a: Path, b: Path) -> bool:
    a, b = Path(a), Path(b)
    if a.exists() and b.exists():
        return os.path.samefile(a, b)
    return a.resolve() == b.resolve()


def _refuse_overwriting_inputs(outputs: dict[str, Path], inputs: list[Path]) -> None:
    """A report must never be written over the video or timeline it measures, nor over the other report."""
    for flag, target in outputs.items():
        for source in inputs:
            if _same_file(target, source):
                raise OnetakeError(f"{flag} {target} would overwrite an input of the check ({source}): "
                                   "choose another file")
    if _same_file(outputs["--json"], outputs["--png"]):
        raise OnetakeError(f"--json and --png are the same file ({outputs['--json']}): give each its own")


def run(args) -> int:
    """Verify `args.video`; print the summary; write the JSON and PNG reports. Returns the exit status."""
    from ..timeline.serialize import from_json
    from ..verify import timeline_path, verify, write_report

    thresholds = thresholds_from(args.limit)
    default_json, default_png = report_paths(args.video)
    json_path, png_path = args.json or default_json, args.png or default_png
    if not args.no_files:
        _refuse_overwriting_inputs({"--json": json_path, "--png": png_path},
                                   [args.video, args.timeline or timeline_path(args.video)])
    timeline = None
    if args.timeline:
        try:
            timeline = from_json(Path(args.timeline).read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise OnetakeError(f"{args.timeline}: cannot read the timeline ({error})") from None
    assets = None
    if args.cache_dir:
        from ..settings import RenderSettings

        assets = RenderSettings(cache_dir=args.cache_dir).assets
    report = verify(args.video, timeline, thresholds, whisper=not args.no_whisper, assets=assets)
    if args.quiet:
        problems = [f"  {c.name}: {p}" for c in report.checks for p in c.data.get("problems", ())]
        print("\n".join([f"{args.video}: {'PASS' if report.passed else 'FAIL'}"] + problems))
    else:
        print(report.summary())
    if not args.no_files:
        write_report(report, json_path, png_path)
        if not args.quiet:
            print(f"wrote {json_path}\n      {png_path}")
    return EXIT_PASS if report.passed else EXIT_FAIL
