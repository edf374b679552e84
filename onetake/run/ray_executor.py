"""Chunk tasks on Ray: `onetake render --executor ray` (`pip install 'onetake[ray]'`).

`ray.init()` joins the cluster at `RAY_ADDRESS` when it is set, else starts Ray on this machine.
A chunk task is a pure function of (timeline, chunk range, encoder settings), so Ray may retry it
anywhere (MAX_RETRIES) and get the same bytes. Workers do not share the driver's disk: the files
the frames show (an image scene's screenshot) travel in the object store, once per render, and each
worker writes them into an asset store of its own; the encoded chunk comes back as bytes. Docs:
docs/scale.md.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from ..assets import KEY, AssetStore
from ..errors import RenderError
from ..timeline import Timeline, thaw

MAX_RETRIES = 3
_stores: dict[str, AssetStore] = {}  # per worker process: bundle id -> its materialized store


def frame_assets(timeline: Timeline, assets: AssetStore | None) -> dict[str, bytes]:
    """The files the frames of `timeline` show, by key (the asset keys in its scenes' props)."""
    found: dict[str, bytes] = {}

    def visit(value) -> None:
        if isinstance(value, dict):
            for v in value.values():
                visit(v)
        elif isinstance(value, (list, tuple)):
            for v in value:
                visit(v)
        elif isinstance(value, str) and KEY.match(value) and assets is not None and assets.has(value):
            found[value] = assets.path(value).read_bytes()

    for scene in timeline.scenes:
        visit(thaw(scene.props))
    return found


def _worker_store(bundle_id: str, files: dict[str, bytes]) -> AssetStore:
    """This worker's asset store holding `files` (written once per bundle)."""
    store = _stores.get(bundle_id)
    if store is None:
        store = AssetStore(Path(tempfile.mkdtemp(prefix="onetake-ray-assets-")))
        for key, data in files.items():
            written = store.put_bytes(data, Path(key).suffix)
            if written != key:
                raise RenderError(f"asset {key} arrived damaged on a Ray worker (its content hashes to {written})")
        _stores[bundle_id] = store
    return store


def _chunk_task(fn, bundle_id: str, files: dict[str, bytes], timeline: Timeline, *rest):
    """One chunk on a worker: `fn(timeline, assets, *rest)` with the assets of this worker's store."""
    return fn(timeline, _worker_store(bundle_id, files), *rest, progress=None)


class RayExecutor:
    """Runs chunk tasks as Ray tasks (see the module docstring); `num_cpus` only for a local Ray."""

    def __init__(self, num_cpus: int | None = None) -> None:
        self.num_cpus = num_cpus

    def _ray(self):
        try:
            import ray
        except ImportError:
            raise RenderError("--executor ray needs Ray: pip install 'onetake[ray]'") from None
        if not ray.is_initialized():
            address = os.environ.get("RAY_ADDRESS") or None
            ray.init(address=address, num_cpus=None if address else self.num_cpus, include_dashboard=False,
                     log_to_driver=False, configure_logging=False)
        return ray

    def run(self, fn, jobs, on_progress=None) -> Iterator:
        """`fn(*job)` for every job on Ray; results in job order, progress in frames of finished chunks."""
        if not jobs:
            return
        ray = self._ray()
        timeline, assets = jobs[0][0], jobs[0][1]
        files = ray.put(frame_assets(timeline, assets))  # once, for every task of this render
        timeline_ref = ray.put(timeline)
        task = ray.remote(max_retries=MAX_RETRIES)(_chunk_task)
        bundle = f"{os.getpid()}-{id(timeline)}-{id(jobs)}"
        refs = [task.remote(fn, bundle, files, timeline_ref, *job[2:]) for job in jobs]
        frames = {ref: job[4] - job[3] for ref, job in zip(refs, jobs)}  # (.., index, first, last, ..)
        done, running = 0, set(refs)
        for i, ref in enumerate(refs):
            while ref in running:
                ready, _ = ray.wait(list(running), num_returns=1, timeout=0.1)
                for r in ready:
                    running.discard(r)
                    done += frames.pop(r)
                if on_progress:
                    on_progress(done)
            refs[i] = None  # once fetched, a chunk is the caller's: the object store may free it
            try:
                yield ray.get(ref)
            except ray.exceptions.RayTaskError as error:
                raise RenderError(f"a Ray task failed: {error.cause}") from None
