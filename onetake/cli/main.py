"""The `onetake` command: check and render storyboards. Errors print as one line, never a traceback."""

from __future__ import annotations

import argparse
import signal
import sys
import time
from pathlib import Path

from .. import __version__
from ..errors import OnetakeError, SettingsError
from ..settings import OPTION, RenderSettings
from . import verify_cmd

EXIT_ERROR = 1
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report Ctrl-C
EXIT_TERMINATED = 143  # 128 + SIGTERM
RENDER_OPTIONS = ("lang", "preview", "width", "height", "preset", "crf", "workers", "executor", "burn_captions",
                  "loudness_lufs", "cache_dir", "stems")


def add_options(parser: argparse.ArgumentParser, names: tuple[str, ...]) -> None:
    """Flags for the named render options, from their one definition in `settings.OPTIONS`."""
    for name in names:
        option = OPTION[name]
        if option.type is bool:
            action = argparse.BooleanOptionalAction if name == "burn_captions" else "store_true"
            parser.add_argument(option.flag, dest=name, action=action, default=None, help=option.help)
        else:
            parser.add_argument(option.flag, dest=name, type=option.type, default=None, help=option.help,
                                metavar=option.flag.lstrip("-").upper().replace("-", "_"))


def settings_from(args: argparse.Namespace, names: tuple[str, ...], **fixed) -> RenderSettings:
    """RenderSettings from the flags given (the library's defaults for the rest), checked once, there."""
    given = {name: getattr(args, name) for name in names if getattr(args, name, None) is not None}
    try:
        return RenderSettings(**{**given, **fixed})
    except SettingsError as error:
        raise OnetakeError(error.naming(OPTION[error.option].flag)) from None


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
    add_options(render, RENDER_OPTIONS)
    render.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    render.add_argument("--no-verify", action="store_true", help="skip measuring sync of the finished file")

    verify_cmd.add_parser(commands)

    voices = commands.add_parser("voices", help="list the installed voices per language (engine, tier, rate, licence)")
    voices.add_argument("--lang", help="only this language (e.g. ja)")

    sheet = commands.add_parser("sheet", help="write a contact sheet PNG: one frame per scene")
    sheet.add_argument("storyboard", type=Path)
    sheet.add_argument("-o", "--out", type=Path, required=True, help="PNG file to write")
    add_options(sheet, ("lang", "cache_dir"))
    return parser


def _check(args) -> int:
    from ..plan import preflight
    from ..run.glyphs import check_glyphs
    from ..storyboard import load

    storyboard = load(args.storyboard)
    for lang in storyboard.languages:
        preflight(storyboard, lang)
        check_glyphs(storyboard, lang, storyboard.captions == "burn")
    beats = sum(len(scene.beats) for scene in storyboard.scenes)
    print(f"{args.storyboard}: ok: {len(storyboard.scenes)} scenes, {beats} beats, languages {', '.join(storyboard.languages)}")
    return 0


def _render(args) -> int:
    from ..plan import burns_captions, preflight, voice_of
    from ..plan.voice.registry import DEFAULT_VOICES
    from ..run.glyphs import check_glyphs
    from ..run.pipeline import render
    from ..run.progress import ProgressBar
    from ..storyboard import load
    from ..timeline import SAMPLE_RATE

    all_languages = args.lang == "all"
    settings = settings_from(args, RENDER_OPTIONS, lang=None if all_languages else args.lang)
    storyboard = load(args.storyboard)
    languages = storyboard.languages if all_languages else (settings.lang or storyboard.default_language,)
    for lang in languages:  # every language, voice and glyph is checked before anything renders
        preflight(storyboard, lang)
        check_glyphs(storyboard, lang, burns_captions(storyboard, settings))
    failed = False
    for lang in languages:
        bar = ProgressBar(enabled=not args.quiet)
        started = time.perf_counter()
        result = render(storyboard, args.out, settings.with_(lang=lang), progress=_stoppable(bar))
        bar.done()
        seconds = result.timeline.duration / SAMPLE_RATE
        took = time.perf_counter() - started
        voice = voice_of(storyboard, lang)
        engine = DEFAULT_VOICES.engine(voice)
        print(f"wrote {result.video} ({seconds:.1f} s of video in {took:.1f} s, {seconds / took:.2f}x real time; "
              f"voice {voice}, {engine.tier}, {engine.name})")
        print(f"      sound: {describe_sound(storyboard, result.timeline)}")
        if result.timeline.presenter is not None:
            print(f"      presenter: {describe_presenter(result.timeline)}")
        print(f"      video: {result.reused}")
        for path in result.files[1:]:
            print(f"      {path}")
        if not args.no_verify:
            failed |= _verify_render(result, settings.assets)
    return verify_cmd.EXIT_FAIL if failed else 0


def describe_sound(storyboard, timeline) -> str:
    """The arc and what plays it, for the render summary: `arc warm 0.4 -> ...; score 84-112 bpm; ambience cafe`."""
    from ..plan.arc import arc, describe

    music = timeline.music
    if not music.enabled:
        what = "no music"
    elif music.source == "score" and music.sections:
        tempos = sorted({round(s.tempo_bpm) for s in music.sections})
        what = (f"score {tempos[0]}{f'-{tempos[-1]}' if len(tempos) > 1 else ''} bpm in {music.sections[0].key}, "
                f"{len(music.sections)} sections, {len(music.stings)} sting{'s' if len(music.stings) != 1 else ''}")
    else:
        what = music.source.replace("file:", "music file ") + (f" ({music.note})" if music.note else "")
    kinds = sorted({a.kind for a in timeline.ambience})
    return f"arc {describe(arc(storyboard))}; {what}; ambience {', '.join(kinds) if kinds else 'none'}"


def describe_presenter(timeline) -> str:
    """Who presents, where, and how much it moves: `person in 3 of 4 scenes (full, right, left); 127 mouth
    shapes, 4 gestures, 9 blinks`."""
    p = timeline.presenter
    where = ", ".join(dict.fromkeys(place.position for place in p.placements)) or "hidden"
    return (f"{p.style} in {len(p.placements)} of {len(timeline.scenes)} scenes ({where}); "
            f"{len(p.visemes)} mouth shapes, {len(p.gestures)} gestures, {len(p.blinks)} blinks")


def _verify_render(result, assets) -> bool:
    """Measure the finished file, print the one-screen summary, write .sync.json and .sync.png; True if it failed."""
    from ..verify import verify, write_report

    report = verify(result.video, result.timeline, assets=assets)
    json_path, png_path = verify_cmd.report_paths(result.video)
    write_report(report, json_path, png_path)
    print(report.summary())
    print(f"      {json_path}\n      {png_path}")
    return not report.passed


def _sheet(args) -> int:
    from ..plan import plan
    from ..run.sheet import contact_sheet
    from ..storyboard import load

    settings = settings_from(args, ("lang", "cache_dir"))
    storyboard = load(args.storyboard)
    path = contact_sheet(plan(storyboard, settings), args.out, settings.assets)
    print(f"wrote {path}")
    return 0


def _voices(args) -> int:
    from ..plan.voice.espeak import espeak_languages
    from ..plan.voice.registry import DEFAULT_VOICES, KOKORO_LANGS

    langs = [args.lang] if args.lang else sorted({"en", *KOKORO_LANGS, *espeak_languages()})
    rows = []
    for lang in langs:
        for i, (engine, voice) in enumerate(DEFAULT_VOICES.offers(lang)):
            rows.append((lang, voice + (" (default)" if i == 0 else ""), engine.name, engine.tier,
                         f"{engine.sample_rate} Hz", engine.licence))
    if not rows:
        print(f"onetake: no installed voice speaks {args.lang!r}", file=sys.stderr)
        return EXIT_ERROR
    widths = [max(len(row[k]) for row in rows) for k in range(5)]
    for row in rows:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths)) + "  " + row[5])
    return 0


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised like Ctrl-C so that every cleanup on the way out runs (workers, temp files)."""


_stop: type[KeyboardInterrupt] | None = None  # the stop asked for by a signal, once one came


def _on_stop_signal(signum, frame) -> None:
    global _stop
    _stop = Terminated if signum == signal.SIGTERM else KeyboardInterrupt
    raise _stop()


def _stop_point() -> None:
    """Raise again a stop the signal asked for. Python raises it wherever the main thread is, and a
    KeyboardInterrupt raised inside a finaliser (`__del__`, a weakref callback) is printed and
    dropped; a render that carried on after Ctrl-C was seen once. Progress calls come from every
    stage, so each one is a point where a dropped stop is raised where nothing swallows it."""
    if _stop is not None:
        raise _stop()


def _stoppable(progress):
    def report(stage: str, fraction: float) -> None:
        _stop_point()
        progress(stage, fraction)
    return report


def main(argv: list[str] | None = None) -> int:
    """The `onetake` command: its exit status (0 done, 1 error, 3 verification failed, 130/143 stopped)."""
    global _stop
    args = _parser().parse_args(argv)
    _stop = None
    before = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    signal.signal(signal.SIGTERM, _on_stop_signal)
    if before[signal.SIGINT] is signal.default_int_handler:  # not where a caller ignores it
        signal.signal(signal.SIGINT, _on_stop_signal)
    try:
        return _run(args)
    finally:
        for sig, handler in before.items():
            signal.signal(sig, handler)


def _run(args) -> int:
    try:
        code = {"check": _check, "render": _render, "sheet": _sheet, "verify": verify_cmd.run,
                "voices": _voices}[args.command](args)
        _stop_point()  # a stop that was dropped all the way: still report it, not success
        return code
    except OnetakeError as error:
        if args.debug:
            raise
        # An error that knows where it happened reads FILE:LINE:COL: message, like a compiler's.
        print(str(error) if error.location else f"onetake: error: {error}", file=sys.stderr)
        return EXIT_ERROR
    except OSError as error:  # a folder that can't be written, a full disk: say which file
        if args.debug:
            raise
        where = f" {error.filename}" if error.filename else ""
        print(f"onetake: error: cannot use{where}: {error.strerror or error}", file=sys.stderr)
        return EXIT_ERROR
    except Terminated:
        print("onetake: terminated; no partial output was left behind", file=sys.stderr)
        return EXIT_TERMINATED
    except KeyboardInterrupt:
        print("onetake: interrupted; no partial output was left behind", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as error:  # never a traceback for users; --debug shows it
        if args.debug:
            raise
        print(f"onetake: internal error: {type(error).__name__}: {error} (run with --debug for details)", file=sys.stderr)
        return EXIT_ERROR


if __name__ == "__main__":
    sys.exit(main())
