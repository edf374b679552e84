"""The command line: clear one-line errors with FILE:LINE:COL, non-zero exits, no tracebacks, atomic output.

Most cases call `main()` in this process (what it prints and returns is the whole contract); a few
run the real `python -m onetake` to prove the same holds for a user's shell, and that the command
starts without loading the heavy libraries.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from bad_storyboards import BAD as BAD_STORYBOARDS
from onetake.cli.main import main

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).parent / "data"


def onetake(*args: str, cwd: Path = ROOT, env=None) -> subprocess.CompletedProcess:
    """The real command in a new process."""
    return subprocess.run([sys.executable, "-m", "onetake", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=300, env=env)


class Result:
    """What `main()` returned and printed, shaped like a CompletedProcess."""

    def __init__(self, returncode: int, stdout: str, stderr: str):
        self.returncode, self.stdout, self.stderr = returncode, stdout, stderr


@pytest.fixture
def run(capsys):
    """Call the CLI in this process: run("check", path) -> Result."""
    def call(*args: str) -> Result:
        code = main([str(a) for a in args])
        out = capsys.readouterr()
        return Result(code, out.out, out.err)
    return call


def _one_clear_line(result, path: Path, case) -> None:
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert lines[0].startswith(f"{path}:{case.line}:{case.col}: "), lines[0]
    assert case.message.lower() in lines[0].lower()


@pytest.mark.parametrize("case", BAD_STORYBOARDS, ids=lambda case: case.name)
def test_bad_storyboard_gives_one_clear_line(case, tmp_path, run):
    path = tmp_path / "story.md"
    path.write_text(case.text)
    _one_clear_line(run("check", path), path, case)


@pytest.mark.parametrize("case", BAD_STORYBOARDS[:2], ids=lambda case: case.name)
def test_bad_storyboard_gives_one_clear_line_in_a_shell(case, tmp_path):
    path = tmp_path / "story.md"
    path.write_text(case.text)
    _one_clear_line(onetake("check", str(path)), path, case)


def _storyboard(tmp_path: Path, front: str) -> Path:
    path = tmp_path / "story.md"
    path.write_text(f"---\ntitle: T\n{front}---\n\n# Hello\nlayout: title\n\nHello there.\n")
    return path


def test_unknown_voice_fails_before_rendering(tmp_path, run):
    result = run("render", str(_storyboard(tmp_path, "voices: {en: robot}\n")), "-o", str(tmp_path / "out"))
    assert result.returncode != 0
    assert "unknown voice 'robot'" in result.stderr and f"{tmp_path / 'story.md'}:3:" in result.stderr
    assert not (tmp_path / "out").exists()


def test_unknown_language_fails_before_rendering(tmp_path, run):
    result = run("render", str(_storyboard(tmp_path, "")), "--lang", "fr", "-o", str(tmp_path / "out"))
    assert result.returncode != 0
    assert "language 'fr' is not in this storyboard" in result.stderr
    assert "Traceback" not in result.stderr


def test_language_espeak_cannot_speak(tmp_path, run):
    result = run("check", str(_storyboard(tmp_path, "languages: [en, qq]\n")))
    assert result.returncode != 0 and "qq" in result.stderr and "Traceback" not in result.stderr


def test_missing_file_is_a_clear_error(tmp_path, run):
    result = run("check", str(tmp_path / "nope.md"))
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert result.stderr.startswith(f"{tmp_path / 'nope.md'}:1:1: ")


@pytest.mark.parametrize("example", sorted((ROOT / "examples").glob("*.md")), ids=lambda p: p.name)
def test_examples_check_clean(example, run):
    result = run("check", example)
    assert result.returncode == 0, result.stderr
    assert "ok" in result.stdout


def _session_processes(session: int) -> list[int]:
    """Pids of the live processes in a session (the render and its workers), read from /proc."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[3]) == session and fields[0] != "Z":  # field 6 of stat: the session id
            found.append(int(stat.parent.name))
    return found


def _wait_gone(session: int, seconds: float = 10.0) -> list[int]:
    deadline = time.monotonic() + seconds
    while _session_processes(session) and time.monotonic() < deadline:
        time.sleep(0.1)
    return _session_processes(session)


@pytest.fixture
def long_storyboard(tmp_path) -> Path:
    """mini.md at 720p with long holds: about 25 s of video, so a kill lands while workers draw."""
    text = (DATA / "mini.md").read_text().replace("320x180", "1280x720").replace("hold: 0.5", "hold: 10")
    path = tmp_path / "long.md"
    path.write_text(text.replace("layout: app\n", "layout: app\nhold: 10\n"))
    return path


def _start_render(story: Path, out: Path, cache: Path, temp: Path) -> subprocess.Popen:
    """A real render in its own session, its temporaries in `temp`; returns once the workers draw."""
    temp.mkdir(exist_ok=True)
    env = {**os.environ, "TMPDIR": str(temp)}
    process = subprocess.Popen(
        [sys.executable, "-m", "onetake", "render", str(story), "-o", str(out), "--cache-dir", str(cache),
         "--no-verify", "--workers", "2"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True, env=env,
    )
    for line in process.stderr:  # progress lines: stop reading once drawing has begun
        if line.startswith("video"):
            break
    assert len(_session_processes(process.pid)) >= 3, "expected the driver and two workers to be running"
    return process


def _left_behind(out: Path, temp: Path) -> list[str]:
    """Output files (not dot-files) and temporaries still there after a render stopped."""
    outputs = [p.name for p in out.iterdir() if not p.name.startswith(".")] if out.exists() else []
    parts = [p.name for p in out.glob(".*.part*")] if out.exists() else []
    return outputs + parts + [p.name for p in temp.glob("onetake-*")]


@pytest.mark.parametrize("how, code, line", [
    ("ctrl-c", 130, "onetake: interrupted; no partial output was left behind"),
    ("sigterm", 143, "onetake: terminated; no partial output was left behind"),
])
def test_a_stopped_render_stops_its_workers_and_leaves_nothing(how, code, line, tmp_path, voice_cache,
                                                                long_storyboard):
    out, temp = tmp_path / "out", tmp_path / "tmp"
    process = _start_render(long_storyboard, out, voice_cache, temp)
    if how == "ctrl-c":  # the terminal sends SIGINT to the whole foreground group
        os.killpg(process.pid, signal.SIGINT)
    else:  # a service manager sends SIGTERM to the main process only
        process.send_signal(signal.SIGTERM)
    stderr = process.stderr.read()
    assert process.wait(timeout=60) == code
    assert stderr.strip().splitlines()[-1] == line and "Traceback" not in stderr, stderr
    assert _wait_gone(process.pid) == []
    assert _left_behind(out, temp) == []


def test_a_killed_render_takes_its_workers_and_the_next_run_cleans_up(tmp_path, voice_cache, long_storyboard):
    from onetake.io import clean_stale

    out, temp = tmp_path / "out", tmp_path / "tmp"
    process = _start_render(long_storyboard, out, voice_cache, temp)
    process.kill()  # SIGKILL of the driver alone: nothing of it runs again
    process.wait()
    assert _wait_gone(process.pid) == [], "workers must die with the process that started them"
    assert not (out / "long.en.mp4").exists()
    assert [p.name for p in temp.glob("onetake-*")], "the killed run's work folder is left (to be cleaned)"
    previous, tempfile.tempdir = tempfile.tempdir, str(temp)
    try:
        clean_stale(out)  # what the next render does first
    finally:
        tempfile.tempdir = previous
    assert _left_behind(out, temp) == []


def test_the_command_starts_without_the_heavy_libraries(tmp_path):
    """check loads skia's fonts (to refuse a text no font can draw) and nothing else heavy."""
    script = ("import sys; from onetake.cli.main import main; code = main(['check', sys.argv[1]]); "
              "print(sorted(m for m in ('numpy', 'scipy', 'av', 'cv2', 'skia', 'onnxruntime') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", script, str(ROOT / "examples" / "onboarding.md")], cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "['skia']"


def test_atomic_output_survives_a_kill_mid_write(tmp_path):
    target = tmp_path / "video.mp4"
    script = (
        "import os, signal, sys; from pathlib import Path; from onetake.io import atomic_path\n"
        "with atomic_path(Path(sys.argv[1])) as temp:\n"
        "    temp.write_bytes(b'half a file')\n"
        "    os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    result = subprocess.run([sys.executable, "-c", script, str(target)], cwd=ROOT)
    assert result.returncode == -signal.SIGKILL
    assert not target.exists()


@pytest.mark.parametrize("flags, message", [
    (["--workers", "0"], "--workers must be at least 1"),
    (["--preset", "turbo"], "unknown --preset 'turbo'"),
    (["--loudness", "3"], "out of range"),
])
def test_bad_render_flags_are_one_clear_line(flags, message, tmp_path, run):
    result = run("render", DATA / "mini.md", "-o", str(tmp_path / "out"), *flags)
    assert result.returncode == 1 and message in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and not (tmp_path / "out").exists()


def test_unusable_output_folder_fails_at_once(tmp_path, run):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    result = run("render", DATA / "mini.md", "-o", str(blocker / "out"), "-q", "--no-verify")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.strip() == f"onetake: error: cannot use {blocker / 'out'}: Not a directory"


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")  # the drop is the point
def test_a_stop_dropped_by_a_finaliser_is_raised_at_the_next_progress_call(monkeypatch):
    """Python drops a KeyboardInterrupt raised inside __del__; a full-suite run once saw a render finish
    with exit 0 after Ctrl-C. The stop is remembered and raised again where nothing swallows it."""
    from onetake.cli import main as cli

    class Finaliser:
        def __del__(self):
            cli._on_stop_signal(signal.SIGINT, None)  # what the handler does when the signal lands here

    monkeypatch.setattr(cli, "_stop", None)
    seen = []
    report = cli._stoppable(lambda stage, fraction: seen.append(stage))
    report("voice", 0.1)
    Finaliser()  # "Exception ignored in ... KeyboardInterrupt": dropped, as Python does
    with pytest.raises(KeyboardInterrupt):
        report("video", 0.5)
    assert seen == ["voice"]
