"""Encode a range of frames to an H.264 chunk (one process per chunk, libx264 on one thread)."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path
from typing import BinaryIO

import av
import cv2
import numpy as np

from ..timeline import Fps

# OpenCV's RGB->I420 uses BT.601 limited-range coefficients: tag the stream with what we produce.
X264_PARAMS = "bframes=0:threads=1:colorprim=smpte170m:transfer=smpte170m:colormatrix=smpte170m:range=tv"


def open_video_stream(container, width: int, height: int, fps: Fps, preset: str, crf: int):
    """An H.264 yuv420p stream whose time base is one frame."""
    stream = container.add_stream("libx264", rate=Fraction(fps.num, fps.den))
    stream.width, stream.height = width, height
    stream.pix_fmt = "yuv420p"
    stream.codec_context.time_base = Fraction(fps.den, fps.num)
    stream.options = {"preset": preset, "crf": str(crf), "x264-params": X264_PARAMS}
    return stream


def rgba_to_frame(pixels: np.ndarray) -> av.VideoFrame:
    """RGBA pixels -> a yuv420p VideoFrame without PyAV's slower conversion path."""
    height, width = pixels.shape[:2]
    i420 = cv2.cvtColor(pixels, cv2.COLOR_RGBA2YUV_I420)
    return av.VideoFrame.from_numpy_buffer(i420.reshape(height * 3 // 2, width), format="yuv420p")


def encode_frames(target: Path | BinaryIO, frames, width: int, height: int, fps: Fps, preset: str, crf: int,
                  on_frame=None) -> int:
    """Encode RGBA frames (an iterable) to `target`, a path or a seekable binary file (MP4, video only,
    pts from 0); returns the frame count. `on_frame()` is called after each frame."""
    count = 0
    with av.open(target if hasattr(target, "write") else str(target), "w", format="mp4") as container:
        stream = open_video_stream(container, width, height, fps, preset, crf)
        for pixels in frames:
            frame = rgba_to_frame(pixels)
            frame.pts = count
            frame.time_base = stream.codec_context.time_base
            container.mux(stream.encode(frame))
            count += 1
            if on_frame:
                on_frame()
        container.mux(stream.encode(None))
    return count
