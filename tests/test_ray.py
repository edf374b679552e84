"""The Ray executor: a local Ray draws the same chunks as the local processes, with the files the frames
show shipped through the object store rather than read from the driver's disk."""

from __future__ import annotations


import pytest

from onetake.run.chunks import scene_chunks
from onetake.run.pipeline import render_chunk
from onetake.run.executor import LocalExecutor
from onetake.run.ray_executor import RayExecutor, _worker_store, frame_assets

from sample_timeline import sample_assets, sample_timeline, write_sample_image


@pytest.fixture(scope="module")
def ray_local():
    ray = pytest.importorskip("ray", reason="Ray is in the test extra: make install")
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, configure_logging=False)
    yield ray
    ray.shutdown()


@pytest.fixture(scope="module")
def staged(tmp_path_factory):
    image = write_sample_image(tmp_path_factory.mktemp("img") / "screen.png", 480, 300)
    return sample_timeline(image, 320, 180), sample_assets(image)


def _jobs(timeline, assets):
    return [(timeline, assets, i, c.first, c.last, "ultrafast", 20) for i, c in enumerate(scene_chunks(timeline))]


def test_ray_draws_every_chunk_as_the_local_processes_do(ray_local, staged):
    timeline, assets = staged
    jobs = _jobs(timeline, assets)
    seen = []
    on_ray = list(RayExecutor().run(render_chunk, jobs, on_progress=seen.append))
    here = list(LocalExecutor(2).run(render_chunk, jobs))
    assert len(on_ray) == len(jobs) >= 6 and on_ray == here
    assert seen[-1] == timeline.frame_count and seen == sorted(seen)


def test_the_files_frames_show_travel_with_the_tasks(staged):
    timeline, assets = staged
    files = frame_assets(timeline, assets)
    (key,) = files  # the image scene's screenshot, and nothing else (voice clips stay with the driver)
    assert key.endswith(".png") and files[key] == assets.path(key).read_bytes()
    store = _worker_store("test-bundle", files)
    assert store.root != assets.root and store.path(key).read_bytes() == files[key]
    chunk = next(c for c in scene_chunks(timeline) if timeline.scenes[c.scene].layout == "image")
    drawn = render_chunk(timeline, store, 0, chunk.first, chunk.last, "ultrafast", 20, progress=None)
    assert drawn == render_chunk(timeline, assets, 0, chunk.first, chunk.last, "ultrafast", 20, progress=None)
