"""render(): storyboard -> finished files. Plan, then video chunks in parallel, then mux once.

Video chunks are cut at scenes and kept by what they show (chunk_cache.py): a render after an edit
draws only the chunks whose scenes changed and reuses the others; `RenderResult.reused` says how many.

One render owns its outputs: it holds a lock on `<out>/.<name>.<lang>.lock` from planning to the
last sidecar, so two renders into one folder never mix their files (the second gets a BusyError).
Temporaries carry the process id and are removed on any exit; those of a killed run are removed
when the next render starts.
"""

from __future__ import annotations

import io
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import av

from ..assets import AssetStore
from ..encode.captions import to_srt, to_vtt
from ..encode.mux import encode_audio, mux
from ..encode.video import encode_frames
from ..errors import EncodeError, OnetakeError, RenderError
from ..io import atomic_path, clean_stale, exclusive, work_dir, write_text
from ..plan import burns_captions, plan, preflight
from ..render import audio
from ..render.video import frame
from ..settings import RenderSettings
from ..storyboard import Storyboard
from ..timeline import Timeline
from ..timeline.captions import timeline_captions
from ..timeline.serialize import from_json, to_json
from .chunk_cache import ChunkCache, chunk_keys
from .chunks import scene_chunks
from .executor import Executor, LocalExecutor
from .kept import inputs_key, kept_files, remember
from .glyphs import check_glyphs
from .progress import Progress


@dataclass
class RenderResult:
    """What one render wrote and how long each stage took (seconds)."""

    video: Path
    timeline: Timeline
    files: list[Path] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)
    reused: "Reuse | None" = None


@dataclass(frozen=True, slots=True)
class Reuse:
    """How much of the video came from the chunk cache: chunks and frames reused, of all."""

    chunks: int
    of_chunks: int
    frames: int
    of_frames: int
    whole: bool = False  # nothing changed: the finished files were kept as they were

    def __str__(self) -> str:
        if self.whole:
            return "nothing changed since the last render: its files are kept as they are"
        return (f"{self.chunks} of {self.of_chunks} video chunks reused "
                f"({100 * self.frames / max(1, self.of_frames):.0f} % of the frames)")


def render_chunk(timeline: Timeline, assets: AssetStore, index: int, first: int, last: int, preset: str, crf: int,
                 progress) -> bytes:
    """Worker task: draw frames [first, last) and return them encoded as an MP4 (video only)."""
    try:
        buffer = io.BytesIO()
        frames = (frame(timeline, n, assets) for n in range(first, last))
        encode_frames(buffer, frames, timeline.width, timeline.height, timeline.fps, preset, crf, on_frame=progress)
        return buffer.getvalue()
    except Exception as error:  # a worker's failure names its chunk and frames
        raise RenderError(f"rendering frames {first}..{last - 1} failed: {error}", chunk=index) from error


def master(timeline: Timeline, settings: RenderSettings, kept: list | None = None) -> Timeline:
    """Set the programme gain that brings the mix to the loudness target (recorded for verify);
    `kept` receives the premaster blocks of a short programme, for the mux to reuse."""
    gain = audio.master_gain_db(timeline, target_lufs=settings.loudness_lufs, assets=settings.assets, kept=kept)
    return timeline.with_(master_gain_db=gain, loudness_target_lufs=settings.loudness_lufs)


def make_executor(settings: RenderSettings) -> Executor:
    """The executor `settings.executor` names: local processes, or Ray."""
    if settings.executor == "ray":
        from .ray_executor import RayExecutor

        return RayExecutor(num_cpus=settings.workers)
    return LocalExecutor(settings.workers)


def _master_and_encode(timeline: Timeline, settings: RenderSettings, sound: Path) -> tuple[Timeline, float, float]:
    """The mastered timeline, with its audio mixed (from the premaster the gain was solved on, for a
    short programme) and encoded into `sound`; and the seconds each took."""
    started, premixed = time.perf_counter(), []
    mastered = master(timeline, settings, premixed)
    solved = time.perf_counter()
    encode_audio(sound, mastered.duration, lambda s0, s1: audio.samples(mastered, s0, s1, settings.assets, premixed))
    return mastered, solved - started, time.perf_counter() - solved


def render_timeline(timeline: Timeline, output: Path, settings: RenderSettings, progress: Progress | None = None,
                    executor: Executor | None = None) -> tuple[Timeline, dict[str, float], Reuse]:
    """Render a planned timeline to an MP4 at `output` (atomically). The audio is mastered (its gain
    solved), mixed and encoded in a thread while the workers draw the video, which does not depend
    on it (started once the workers are up, so they are not forked from a process with a thread
    running); the join then copies both streams' packets. Returns the mastered timeline, the
    seconds of each stage (master's and audio's overlap video's) and what was reused."""
    executor = executor or make_executor(settings)
    seconds: dict[str, float] = {}
    total = timeline.frame_count
    cache = ChunkCache(settings.cache_dir / "chunks")
    with work_dir() as work, ThreadPoolExecutor(max_workers=1) as beside:
        mastering, sound = [], work / "audio.mp4"

        def start_mastering() -> None:
            # Once the executor's workers exist: a process is never forked beside a running thread.
            if not mastering:
                mastering.append(beside.submit(_master_and_encode, timeline, settings, sound))

        started = time.perf_counter()
        cut = scene_chunks(timeline)
        keys = chunk_keys(timeline, cut, settings.x264_preset, settings.crf)
        paths = [work / f"chunk{i:04d}.mp4" for i in range(len(cut))]
        missing = []
        for i, key in enumerate(keys):
            kept = cache.get(key)
            if kept is None:
                missing.append(i)
            else:
                paths[i].write_bytes(kept)
        drawn = set(missing)
        reused = sum(c.last - c.first for i, c in enumerate(cut) if i not in drawn)
        jobs = [(timeline, settings.assets, i, cut[i].first, cut[i].last, settings.x264_preset, settings.crf)
                for i in missing]

        def report(done: int) -> None:
            start_mastering()
            if progress:
                progress("video", (reused + done) / total)

        for i, encoded in zip(missing, executor.run(render_chunk, jobs, on_progress=report)):
            start_mastering()
            paths[i].write_bytes(encoded)
            cache.put(keys[i], encoded)
        start_mastering()
        cache.trim()
        seconds["video"] = time.perf_counter() - started
        reuse = Reuse(len(cut) - len(missing), len(cut), reused, total)
        chunks = paths
        try:
            timeline, seconds["master"], seconds["audio"] = mastering[0].result()  # usually done before the video
        except av.error.FFmpegError as error:
            raise EncodeError(f"encoding the audio of {output} failed: {error}") from error
        if progress:
            progress("audio", 1.0)
        started = time.perf_counter()
        with atomic_path(output) as temp:
            try:
                mux(temp, chunks, timeline.duration, None, title=timeline.title, audio=sound)
            except av.error.FFmpegError as error:
                raise EncodeError(f"writing {output} failed: {error}") from error
        seconds["mux"] = time.perf_counter() - started
    return timeline, seconds, reuse


def hand_off(timeline: Timeline, video: Path, base: Path, assets: AssetStore) -> list[Path]:
    """`<base>.stems/` (the four stems and their mix) and `<base>.otio` / `.otioz` referencing them."""
    from ..encode.otio import write_otio
    from ..encode.stems import write_stems

    waves = write_stems(timeline, Path(f"{base}.stems"), assets)
    return waves + write_otio(timeline, video, {path.stem: path for path in waves}, base)


def render(storyboard: Storyboard, out_dir: Path, settings: RenderSettings | None = None,
           progress: Progress | None = None, executor: Executor | None = None, name: str | None = None) -> RenderResult:
    """Render one language of a storyboard into `out_dir`: MP4, SRT, VTT and the timeline JSON.

    Files are called `<name>.<lang>.*`; `name` defaults to the storyboard file's stem.
    Raises BusyError at once if another render is writing the same files.
    """
    settings = settings or RenderSettings()
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)  # fail on an unusable folder before the work, not after
    clean_stale(out_dir)
    stem = name or (Path(storyboard.path).stem if storyboard.path != "<storyboard>" else "storyboard")
    lang = preflight(storyboard, settings.lang)
    check_glyphs(storyboard, lang, burns_captions(storyboard, settings))
    base = out_dir / f"{stem}.{lang}"
    busy = f"another render is writing {base}.* right now: wait for it to finish, or render into another folder"
    with exclusive(out_dir / f".{stem}.{lang}.lock", busy):
        seconds: dict[str, float] = {}
        started = time.perf_counter()
        timeline = plan(storyboard, settings.with_(lang=lang), progress)
        seconds["plan"] = time.perf_counter() - started
        key = inputs_key(timeline, settings, storyboard.captions)
        kept = kept_files(base, key)
        if kept is not None:  # nothing changed since the last render of these files: keep them
            mastered = from_json(Path(f"{base}.timeline.json").read_text(encoding="utf-8"))
            chunks, frames = len(scene_chunks(mastered)), mastered.frame_count
            return RenderResult(video=kept[0], timeline=mastered, files=kept, seconds=seconds,
                                reused=Reuse(chunks, chunks, frames, frames, whole=True))
        video = Path(f"{base}.mp4")
        timeline, drawn, reuse = render_timeline(timeline, video, settings, progress, executor)
        seconds.update(drawn)
        files = [video]
        captions = timeline_captions(timeline)
        sidecars = [(".timeline.json", to_json(timeline))]
        if storyboard.captions != "off":
            sidecars += [(".srt", to_srt(captions)), (".vtt", to_vtt(captions))]
        for suffix, text in sidecars:
            path = Path(f"{base}{suffix}")
            write_text(path, text)
            files.append(path)
        if settings.stems:
            started = time.perf_counter()
            files += hand_off(timeline, video, base, settings.assets)
            seconds["stems"] = time.perf_counter() - started
        remember(base, key, files)
    return RenderResult(video=video, timeline=timeline, files=files, seconds=seconds, reused=reuse)
