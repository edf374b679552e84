"""The `onetake` command: check and render storyboards. Errors print as one line, never a traceback."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from .. import __version__
from ..errors import OnetakeError, StoryboardError
from . import verify_cmd

EXIT_ERROR = 1
X264_PRESETS = ("ultrafast", "superfast", "veryfast", "faster", "fast", "medium", "slow", "slower", "veryslow")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="onetake", description="Turn a storyboard into a narrated explainer video.")
    parser.add_argument("--version", action="version", version=f"onetake {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks for errors")
    commands = parser.add_subparsers(dest="command", required=True)

    check = commands.add_parser("check", help="validate a storyboard without rendering")
    check.add_argument("storyboard", type=Path)

    render = commands.add_parser("render", help="render a storyboard to MP4 (+ captions and timeline)")
    render.add_argument("storyboard", type=Path)
    render.add_argument("-o", "--out", type=Path, default=Path("out"), help="output folder (default: out/)")
    render.add_argument("--lang", help="language to render, or 'all' (default: the storyboard's first)")
    render.add_argument("--preview", action="store_true", help="360p and the fastest encoder preset, for iterating")
    render.add_argument("--burn-captions", action=argparse.BooleanOptionalAction, default=None,
                        help="draw captions into the picture (default: as the storyboard says)")
    render.add_argument("--workers", type=int, default=2, help="parallel render processes (default: 2)")
    render.add_argument("--preset", default=None, help="libx264 preset (default: veryfast; ultrafast with --preview)")
    render.add_argument("--loudness", type=float, default=-16.0, help="target integrated loudness in LUFS (default: -16)")
    render.add_argument("--cache-dir", type=Path, default=None, help="voice cache folder (default: ~/.cache/onetake)")
    render.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    render.add_argument("--no-verify", action="store_true", help="skip measuring sync of the finished file")

    verify_cmd.add_parser(commands)

    sheet = commands.add_parser("sheet", help="write a contact sheet PNG: one frame per scene")
    sheet.add_argument("storyboard", type=Path)
    sheet.add_argument("-o", "--out", type=Path, required=True, help="PNG file to write")
    sheet.add_argument("--lang", help="language (default: the storyboard's first)")
    sheet.add_argument("--cache-dir", type=Path, default=None, help="voice cache folder")
    return parser


def _check(args) -> int:
    from ..plan import preflight
    from ..storyboard import load

    storyboard = load(args.storyboard)
    for lang in storyboard.languages:
        preflight(storyboard, lang)
    beats = sum(len(scene.beats) for scene in storyboard.scenes)
    print(f"{args.storyboard}: ok: {len(storyboard.scenes)} scenes, {beats} beats, languages {', '.join(storyboard.languages)}")
    return 0


def _render(args) -> int:
    from ..plan import preflight
    from ..run.pipeline import render
    from ..run.progress import ProgressBar
    from ..settings import RenderSettings
    from ..storyboard import load

    if args.workers < 1:
        raise OnetakeError(f"--workers must be at least 1, but got {args.workers}")
    if args.preset and args.preset not in X264_PRESETS:
        raise OnetakeError(f"unknown --preset {args.preset!r}; expected one of {', '.join(X264_PRESETS)}")
    if not -40.0 <= args.loudness <= -5.0:
        raise OnetakeError(f"--loudness {args.loudness} LUFS is out of range; use -40..-5 (e.g. -16, or -14 for platforms)")
    storyboard = load(args.storyboard)
    languages = storyboard.languages if args.lang == "all" else (args.lang or storyboard.default_language,)
    for lang in languages:  # every language and voice is checked before anything renders
        preflight(storyboard, lang)
    settings = RenderSettings(
        preview=args.preview, workers=args.workers, burn_captions=args.burn_captions, loudness_lufs=args.loudness,
        preset=args.preset or ("ultrafast" if args.preview else "veryfast"),
    )
    if args.cache_dir:
        settings = settings.with_(cache_dir=args.cache_dir)
    failed = False
    for lang in languages:
        bar = ProgressBar(enabled=not args.quiet)
        started = time.perf_counter()
        result = render(storyboard, args.out, settings.with_(lang=lang), progress=bar)
        bar.done()
        seconds = result.timeline.duration / 48000
        took = time.perf_counter() - started
        print(f"wrote {result.video} ({seconds:.1f} s of video in {took:.1f} s, {seconds / took:.2f}x real time)")
        for path in result.files[1:]:
            print(f"      {path}")
        if not args.no_verify:
            failed |= _verify_render(result)
    return verify_cmd.EXIT_FAIL if failed else 0


def _verify_render(result) -> bool:
    """Measure the finished file, print the one-screen summary, write .sync.json and .sync.png; True if it failed."""
    from ..verify import verify, write_report

    report = verify(result.video, result.timeline)
    json_path, png_path = verify_cmd.report_paths(result.video)
    write_report(report, json_path, png_path)
    print(report.summary())
    print(f"      {json_path}\n      {png_path}")
    return not report.passed


def _sheet(args) -> int:
    from ..plan import plan
    from ..run.sheet import contact_sheet
    from ..settings import RenderSettings
    from ..storyboard import load

    storyboard = load(args.storyboard)
    settings = RenderSettings(lang=args.lang)
    if args.cache_dir:
        settings = settings.with_(cache_dir=args.cache_dir)
    path = contact_sheet(plan(storyboard, settings), args.out)
    print(f"wrote {path}")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return {"check": _check, "render": _render, "sheet": _sheet, "verify": verify_cmd.run}[args.command](args)
    except StoryboardError as error:
        if args.debug:
            raise
        print(str(error), file=sys.stderr)
        return EXIT_ERROR
    except OnetakeError as error:
        if args.debug:
            raise
        print(f"onetake: error: {error}", file=sys.stderr)
        return EXIT_ERROR
    except OSError as error:  # a folder that can't be written, a full disk: say which file
        if args.debug:
            raise
        where = f" {error.filename}" if error.filename else ""
        print(f"onetake: error: cannot use{where}: {error.strerror or error}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("onetake: interrupted; no partial output was left behind", file=sys.stderr)
        return 130
    except Exception as error:  # never a traceback for users; --debug shows it
        if args.debug:
            raise
        print(f"onetake: internal error: {type(error).__name__}: {error} (run with --debug for details)", file=sys.stderr)
        return EXIT_ERROR


if __name__ == "__main__":
    sys.exit(main())
