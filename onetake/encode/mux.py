"""Join video chunks without re-encoding and add the programme audio, encoded once (AAC)."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from fractions import Fraction
from pathlib import Path

import av
import numpy as np

from ..timeline import SAMPLE_RATE

AAC_FRAME = 1024
AUDIO_BLOCK = SAMPLE_RATE * 10  # mix and encode ten seconds at a time: constant memory
AUDIO_BITRATE = 192_000


def _chunk_packets(chunks: list[Path], stream_out) -> Iterator:
    """Video packets of every chunk, re-timed onto one continuous timeline."""
    offset = 0
    for chunk in chunks:
        with av.open(str(chunk)) as source:
            video = source.streams.video[0]
            last = 0
            for packet in source.demux(video):
                if packet.dts is None:
                    continue
                duration = packet.duration or 1
                packet.pts += offset
                packet.dts += offset
                last = max(last, packet.pts + duration - offset)
                packet.stream = stream_out
                yield packet
            offset += last


def _audio_packets(container, stream, total_samples: int, render: Callable[[int, int], np.ndarray]) -> Iterator:
    """Encode the programme audio in blocks; PCM comes from `render(s0, s1)` -> float32 (n, 2)."""
    pts = 0
    for s0 in range(0, total_samples, AUDIO_BLOCK):
        s1 = min(total_samples, s0 + AUDIO_BLOCK)
        pcm = np.ascontiguousarray(render(s0, s1).T, dtype=np.float32)
        frame = av.AudioFrame.from_ndarray(pcm, format="fltp", layout="stereo")
        frame.sample_rate = SAMPLE_RATE
        frame.pts = pts
        pts += pcm.shape[1]
        yield from stream.encode(frame)
    yield from stream.encode(None)


def _aac_stream(container, audio_bitrate: int):
    audio = container.add_stream("aac", rate=SAMPLE_RATE)
    audio.layout = "stereo"
    audio.bit_rate = audio_bitrate
    audio.time_base = Fraction(1, SAMPLE_RATE)
    return audio


def encode_audio(output: Path, total_samples: int, render_audio: Callable[[int, int], np.ndarray],
                 audio_bitrate: int = AUDIO_BITRATE) -> None:
    """The programme audio alone, AAC in an MP4 (what `mux` copies from when given `audio=`): encoding
    is most of the audio's cost, so it can run while the video chunks are still being drawn."""
    with av.open(str(output), "w", format="mp4") as container:
        stream = _aac_stream(container, audio_bitrate)
        for packet in _audio_packets(container, stream, total_samples, render_audio):
            container.mux(packet)


def _copied_packets(source, stream_out) -> Iterator:
    for packet in source.demux(source.streams.audio[0]):
        if packet.dts is not None:
            packet.stream = stream_out
            yield packet


def mux(output: Path, chunks: list[Path], total_samples: int, render_audio: Callable[[int, int], np.ndarray] | None,
        audio_bitrate: int = AUDIO_BITRATE, title: str = "", audio: Path | None = None) -> None:
    """Write an MP4 (faststart) with the joined video chunks and AAC audio, interleaved by time: the
    audio encoded here from `render_audio`, or copied from `audio` (an `encode_audio` file)."""
    with av.open(str(chunks[0])) as first, (av.open(str(audio)) if audio else contextlib.nullcontext()) as sound:
        template = first.streams.video[0]
        with av.open(str(output), "w", format="mp4", options={"movflags": "+faststart"}) as container:
            if title:
                container.metadata["title"] = title
            video = container.add_stream_from_template(template)
            if sound is not None:
                track = container.add_stream_from_template(sound.streams.audio[0])
                heard = _copied_packets(sound, track)
            else:
                track = _aac_stream(container, audio_bitrate)
                heard = _audio_packets(container, track, total_samples, render_audio)
            for packet in _interleave(_chunk_packets(chunks, video), heard):
                container.mux(packet)


def _interleave(video: Iterator, audio: Iterator) -> Iterator:
    """Merge two packet streams by presentation time so the muxer never buffers much."""
    pending_v, pending_a = next(video, None), next(audio, None)
    while pending_v is not None or pending_a is not None:
        if pending_a is None or (pending_v is not None and _seconds(pending_v) <= _seconds(pending_a)):
            yield pending_v
            pending_v = next(video, None)
        else:
            yield pending_a
            pending_a = next(audio, None)


def _seconds(packet) -> float:
    return float((packet.dts if packet.dts is not None else packet.pts or 0) * packet.time_base)
