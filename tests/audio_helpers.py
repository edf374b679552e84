"""Test material for the audio tests: a speech-like signal, no TTS needed."""

from __future__ import annotations

import io

import numpy as np

SR = 48_000


def put_pcm(assets, pcm: np.ndarray) -> str:
    """Store a mono float32 clip in the asset store as the voice cache does; its key, for Line.audio."""
    buffer = io.BytesIO()
    np.save(buffer, np.asarray(pcm, np.float32))
    return assets.put_bytes(buffer.getvalue(), ".npy")


def speech(seconds: float, seed: int = 0, level: float = 0.1) -> np.ndarray:
    """Speech-like: a gliding harmonic voice, syllable-rate amplitude modulation and pauses."""
    rng = np.random.default_rng(seed)
    t = np.arange(int(seconds * SR)) / SR
    f0 = 115 + 20 * np.sin(2 * np.pi * 0.5 * t + rng.uniform(0, 6))
    phase = 2 * np.pi * np.cumsum(f0) / SR
    voice = sum(np.sin(h * phase) / h for h in range(1, 20))
    syllables = np.clip(np.sin(2 * np.pi * 4.0 * t + rng.uniform(0, 6)), 0, None) ** 1.5
    return (level * voice * syllables * (np.sin(2 * np.pi * 0.3 * t) > -0.8)).astype(np.float32)
