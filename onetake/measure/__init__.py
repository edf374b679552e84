"""Meters shared by mastering and verification: one BS.1770 loudness meter, one true-peak meter, one
onset detector. They sit below both `render.audio` (which masters to a target with them) and
`verify` (which measures the finished file with the same definitions), and import nothing of ours
but the clock.

    integrated_lufs(x)        BS.1770-4 gated loudness of a whole signal (LUFS)
    clip_lufs(x)              the same, or ungated power for a clip under one 400 ms block
    LoudnessMeter().add(...)  the same, fed piece by piece in constant memory
    peak_envelope(x)          per-sample 4x-oversampled peak; true_peak_dbtp(x) its maximum in dBTP
    onsets(x)                 where impulsive high-frequency energy jumps
"""

from __future__ import annotations

from .loudness import LoudnessMeter, clip_lufs, integrated_lufs
from .onsets import onsets
from .peak import TAPS, peak_envelope, true_peak_dbtp

__all__ = ["LoudnessMeter", "TAPS", "clip_lufs", "integrated_lufs", "onsets", "peak_envelope", "true_peak_dbtp"]
