"""The command line: clear one-line errors with FILE:LINE:COL, non-zero exits, no tracebacks, atomic output."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from bad_storyboards import BAD as BAD_STORYBOARDS

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).parent / "data"


def onetake(*args: str, cwd: Path = ROOT, env=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "onetake", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=300, env=env)


@pytest.mark.parametrize("case", BAD_STORYBOARDS, ids=lambda case: case.name)
def test_bad_storyboard_gives_one_clear_line(case, tmp_path):
    path = tmp_path / "story.md"
    path.write_text(case.text)
    result = onetake("check", str(path))
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert lines[0].startswith(f"{path}:{case.line}:{case.col}: "), lines[0]
    assert case.message.lower() in lines[0].lower()


def _storyboard(tmp_path: Path, front: str) -> Path:
    path = tmp_path / "story.md"
    path.write_text(f"---\ntitle: T\n{front}---\n\n# Hello\nlayout: title\n\nHello there.\n")
    return path


def test_unknown_voice_fails_before_rendering(tmp_path):
    result = onetake("render", str(_storyboard(tmp_path, "voices: {en: robot}\n")), "-o", str(tmp_path / "out"))
    assert result.returncode != 0
    assert "unknown voice 'robot'" in result.stderr and f"{tmp_path / 'story.md'}:3:" in result.stderr
    assert not (tmp_path / "out").exists()


def test_unknown_language_fails_before_rendering(tmp_path):
    result = onetake("render", str(_storyboard(tmp_path, "")), "--lang", "fr", "-o", str(tmp_path / "out"))
    assert result.returncode != 0
    assert "language 'fr' is not in this storyboard" in result.stderr
    assert "Traceback" not in result.stderr


def test_language_espeak_cannot_speak(tmp_path):
    result = onetake("check", str(_storyboard(tmp_path, "languages: [en, qq]\n")))
    assert result.returncode != 0 and "qq" in result.stderr and "Traceback" not in result.stderr


def test_missing_file_is_a_clear_error(tmp_path):
    result = onetake("check", str(tmp_path / "nope.md"))
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert result.stderr.startswith(f"{tmp_path / 'nope.md'}:1:1: ")


@pytest.mark.parametrize("example", sorted((ROOT / "examples").glob("*.md")), ids=lambda p: p.name)
def test_examples_check_clean(example):
    result = onetake("check", str(example))
    assert result.returncode == 0, result.stderr
    assert "ok" in result.stdout


def test_killed_render_leaves_no_partial_file(tmp_path, voice_cache):
    out = tmp_path / "out"
    process = subprocess.Popen(
        [sys.executable, "-m", "onetake", "render", str(DATA / "mini.md"), "-o", str(out), "--cache-dir", str(voice_cache)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
    )
    for line in process.stderr:  # progress lines: kill once drawing has begun
        if line.startswith("video"):
            break
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    assert not (out / "mini.en.mp4").exists()
    assert not out.exists() or [p.name for p in out.iterdir() if not p.name.startswith(".")] == []


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
def test_bad_render_flags_are_one_clear_line(flags, message, tmp_path):
    result = onetake("render", str(DATA / "mini.md"), "-o", str(tmp_path / "out"), *flags)
    assert result.returncode == 1 and message in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and not (tmp_path / "out").exists()


def test_unusable_output_folder_fails_at_once(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    result = onetake("render", str(DATA / "mini.md"), "-o", str(blocker / "out"), "-q", "--no-verify")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.strip() == f"onetake: error: cannot use {blocker / 'out'}: Not a directory"
