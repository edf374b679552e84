"""The hand-off to an editor: an OpenTimelineIO timeline of the video and its stems (.otio and .otioz).

Track V1 holds the MP4 with a marker per scene and per cue; A1 the narration, one clip per line at
its sample (cut from narration.wav, gaps between); A2-A4 the effects, ambience and music stems
whole. Audio times are counted at 48 kHz, so every line sits on its exact sample; the video at its
frame rate. The .otio names the media by absolute file URL (what DaVinci Resolve and Kdenlive
import); the .otioz bundles the same media beside the timeline, to move it to another machine.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import EncodeError
from ..io import atomic_path
from ..render.audio import BUSES
from ..timeline import SAMPLE_RATE, Timeline


def _reference(otio, path: Path, duration, rate: float):
    return otio.schema.ExternalReference(
        target_url=path.absolute().as_uri(),
        available_range=otio.opentime.TimeRange(otio.opentime.RationalTime(0, rate), duration))


def build(timeline: Timeline, video: Path, stems: dict[str, Path]):
    """The OTIO timeline of `video` and the `stems` (bus name -> WAV path)."""
    import opentimelineio as otio

    rt, tr = otio.opentime.RationalTime, otio.opentime.TimeRange
    fps = float(timeline.fps.num) / timeline.fps.den
    audio_length = rt(timeline.duration, SAMPLE_RATE)
    frames = rt(timeline.frame_count, fps)
    out = otio.schema.Timeline(name=f"{timeline.title} ({timeline.lang})", global_start_time=rt(0, fps))

    picture = otio.schema.Track(name="V1 video", kind=otio.schema.TrackKind.Video)
    clip = otio.schema.Clip(name=video.name, media_reference=_reference(otio, video, frames, fps),
                            source_range=tr(rt(0, fps), frames))
    for scene in timeline.scenes:
        clip.markers.append(otio.schema.Marker(
            name=f"scene {scene.index + 1}: {scene.title}", color=otio.schema.MarkerColor.BLUE,
            marked_range=tr(rt(scene.start, SAMPLE_RATE).rescaled_to(fps), rt(0, fps))))
    for cue in timeline.cues:
        clip.markers.append(otio.schema.Marker(
            name=f"cue {cue.name}", color=otio.schema.MarkerColor.YELLOW,
            marked_range=tr(rt(cue.start, SAMPLE_RATE).rescaled_to(fps), rt(0, fps))))
    picture.append(clip)
    out.tracks.append(picture)

    voice = otio.schema.Track(name="A1 narration", kind=otio.schema.TrackKind.Audio)
    narration = _reference(otio, stems["narration"], audio_length, SAMPLE_RATE)
    at = 0
    for line in sorted(timeline.lines, key=lambda line: line.start):
        if line.start > at:
            voice.append(otio.schema.Gap(source_range=tr(rt(0, SAMPLE_RATE), rt(line.start - at, SAMPLE_RATE))))
        voice.append(otio.schema.Clip(
            name=line.id, media_reference=narration.clone(),
            source_range=tr(rt(line.start, SAMPLE_RATE), rt(line.end - line.start, SAMPLE_RATE)),
            metadata={"onetake": {"text": line.text}}))
        at = line.end
    out.tracks.append(voice)
    for k, name in enumerate(BUSES[1:], start=2):
        track = otio.schema.Track(name=f"A{k} {name}", kind=otio.schema.TrackKind.Audio)
        track.append(otio.schema.Clip(name=stems[name].name, source_range=tr(rt(0, SAMPLE_RATE), audio_length),
                                      media_reference=_reference(otio, stems[name], audio_length, SAMPLE_RATE)))
        out.tracks.append(track)
    return out


def write_otio(timeline: Timeline, video: Path, stems: dict[str, Path], base: Path) -> list[Path]:
    """Write `<base>.otio` and `<base>.otioz` (atomically); returns their paths."""
    import opentimelineio as otio

    built = build(timeline, video, stems)
    paths = [Path(f"{base}.otio"), Path(f"{base}.otioz")]
    try:
        for path, adapter in zip(paths, ("otio_json", "otioz")):
            with atomic_path(path) as temp:
                otio.adapters.write_to_file(built, str(temp), adapter_name=adapter)
    except Exception as error:  # the library's own errors are many: say which file could not be written
        raise EncodeError(f"writing {path} failed: {error}") from error
    return paths
