"""The asset store: files by content hash, so a timeline names what it uses and holds no path."""

from __future__ import annotations

import json
import re

import pytest

from onetake.assets import AssetStore, content_key
from onetake.errors import AssetError, RenderError, TimelineError


def test_the_same_bytes_get_the_same_key_and_are_stored_once(tmp_path):
    store = AssetStore(tmp_path / "assets")
    key = store.put_bytes(b"voice", ".npy")
    assert re.fullmatch(r"[0-9a-f]{32}\.npy", key) and key == content_key(b"voice", ".NPY")
    source = tmp_path / "Shot.PNG"
    source.write_bytes(b"voice")
    assert store.put_file(source) == key.replace(".npy", ".png")  # the suffix, lowercased, is part of it
    assert store.put_bytes(b"voice", ".npy") == key
    assert sorted(p.name for p in store.root.iterdir()) == sorted([key, key.replace(".npy", ".png")])
    assert store.path(key).read_bytes() == b"voice"


def test_a_damaged_asset_is_written_again(tmp_path):
    store = AssetStore(tmp_path)
    key = store.put_bytes(b"the real clip", ".npy")
    store.path(key).write_bytes(b"the real")  # truncated
    assert store.put_bytes(b"the real clip", ".npy") == key
    assert store.path(key).read_bytes() == b"the real clip"


def test_errors_name_the_key_and_what_to_do(tmp_path):
    store = AssetStore(tmp_path)
    with pytest.raises(TimelineError, match="not an asset key"):
        store.path("/home/me/screen.png")
    with pytest.raises(RenderError, match="re-run planning"):
        store.path("0" * 32 + ".png")
    with pytest.raises(AssetError, match="cannot store .*gone.png"):
        store.put_file(tmp_path / "gone.png")


def test_a_rendered_timeline_holds_no_path(mini_en, voice_cache):
    text = mini_en.files[[p.name for p in mini_en.files].index("mini.en.timeline.json")].read_text(encoding="utf-8")
    assert str(voice_cache) not in text and "/tmp" not in text and "cache_dir" not in text
    store = AssetStore(voice_cache / "assets")
    for line in json.loads(text)["lines"]:
        assert store.has(line["audio"])  # every clip is found by its key alone
