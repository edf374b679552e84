"""RenderSettings checks itself, from the one definition of each option that the CLI also reads."""

from __future__ import annotations

from pathlib import Path

import pytest

from onetake.cli.main import RENDER_OPTIONS, _parser
from onetake.errors import SettingsError
from onetake.settings import OPTIONS, RenderSettings


@pytest.mark.parametrize("changes, message", [
    ({"workers": 0}, "workers must be at least 1, but got 0"),
    ({"workers": 1.5}, "workers must be an integer, but got 1.5"),
    ({"preset": "turbo"}, "unknown preset 'turbo'; expected one of ultrafast"),
    ({"crf": 99}, "crf 99 is out of range; use 0..51"),
    ({"loudness_lufs": 5.0}, "loudness_lufs 5 is out of range; use -40..-5"),
    ({"loudness_lufs": "loud"}, "loudness_lufs must be a number, but got 'loud'"),
    ({"width": 641}, "width must be even"),
    ({"height": 32}, "height 32 is out of range; use 64..3840"),
    ({"lang": "English"}, "lang 'English' is not a language code"),
    ({"preview": "yes"}, "preview must be true or false, but got 'yes'"),
])
def test_a_bad_setting_is_refused_with_its_value(changes, message):
    with pytest.raises(SettingsError) as caught:
        RenderSettings(**changes)
    assert message in str(caught.value)
    assert caught.value.option == next(iter(changes))


def test_copies_are_checked_too():
    with pytest.raises(SettingsError, match="workers must be at least 1"):
        RenderSettings().with_(workers=0)


def test_good_settings_pass_and_the_preset_follows_preview():
    assert RenderSettings().x264_preset == "veryfast"
    assert RenderSettings(preview=True).x264_preset == "ultrafast"
    assert RenderSettings(preview=True, preset="medium").x264_preset == "medium"
    assert RenderSettings(cache_dir="/tmp/x").cache_dir == Path("/tmp/x")


def test_the_cache_folder_is_read_when_settings_are_made(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert RenderSettings().cache_dir == tmp_path / "onetake"


def test_every_option_is_a_settings_field_and_a_render_flag():
    fields = set(RenderSettings.__dataclass_fields__)
    assert {option.name for option in OPTIONS} == fields == set(RENDER_OPTIONS)
    render_help = next(a for a in _parser()._subparsers._group_actions[0].choices.values() if a.prog.endswith("render"))
    flags = {flag for action in render_help._actions for flag in action.option_strings}
    assert {option.flag for option in OPTIONS} <= flags


def test_the_cli_names_the_flag(capsys):
    from onetake.cli.main import main

    assert main(["render", "tests/data/mini.md", "--crf", "80"]) == 1
    assert capsys.readouterr().err.strip() == "onetake: error: --crf 80 is out of range; use 0..51"
