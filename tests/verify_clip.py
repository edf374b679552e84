"""Material with known sync for the verifier's tests and calibration, and ways to break it.

`make_clip` writes a short 320x180 MP4 plus its `.timeline.json`, made without the video and audio
renderers: frames are drawn here (a cursor that arrives early, a click ring, a toast, cards that fade
in, a cross-fade between scenes), the audio is real Piper narration, the project's sound effects on
their exact samples and a ducked pad, mastered to -16 LUFS. It is encoded the way `render` encodes
(H.264 chunks joined by stream copy, AAC once).

`remux`, `shifted` and `without_sound` re-mux the same video packets with other audio: the
verifier must see each change.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import cv2
import numpy as np

from onetake.assets import AssetStore
from onetake.encode.mux import mux
from onetake.encode.video import encode_frames
from onetake.geometry import element_box, element_x
from onetake.plan.sfx import sound_events
from onetake.timeline import (SAMPLE_RATE, Cue, Fps, Line, Music, Phoneme, Scene, Timeline,
                              VisualEvent, Word, freeze)
from onetake.timeline.serialize import from_json, to_json
from onetake.verify import timeline_path
from onetake.verify.decode import decode_audio

WIDTH, HEIGHT, FPS = 320, 180, Fps(30)
CEILING_DBTP = -2.5  # the clip's limiter: AAC adds up to ~0.4 dB of true peak, keep clear of -1.5
ms = SAMPLE_RATE // 1000

_BG, _SURFACE, _BORDER = (17, 26, 46, 255), (24, 35, 58, 255), (42, 55, 84, 255)
_TEXT, _ACCENT = (241, 245, 249, 255), (124, 156, 255, 255)
_SCRIPT = (
    ("Click settings to begin. Then, save your work.", {"open": "Click", "saved": "save"}),
    ("It is fast and easy.", {"fast": "fast", "easy": "easy"}),
)


def clip_timeline(cache_dir: Path) -> Timeline:
    """A two-scene timeline (an app screen with a click and a toast, then two bullets) with real narration."""
    from onetake.plan.voice import VoiceCache  # Piper: imported only when a clip is made

    cache = VoiceCache(Path(cache_dir))
    scenes: list[Scene] = []
    lines: list[Line] = []
    cues: list[Cue] = []
    start = 0
    layouts = (
        ("app", {"app": {"name": "Acme", "sidebar": ["Inbox", "Projects"], "buttons": ["search", "settings"]}}),
        ("bullets", {"items": {"fast": "Fast", "easy": "Easy"}}),
    )
    for index, ((text, cue_words), (layout, props)) in enumerate(zip(_SCRIPT, layouts)):
        speech = cache.speak("joe", text)
        at = start + 600 * ms
        words = tuple(Word(w.text, at + w.start, at + w.end) for w in speech.words)
        lines.append(Line(id=f"s{index}b0", scene=index, text=text, start=at, end=at + speech.samples,
                          audio=speech.audio, words=words,
                          phonemes=tuple(Phoneme(p.text, at + p.start, at + p.end) for p in speech.phonemes)))
        for name, word in cue_words.items():
            w = next(w for w in words if w.text.strip(".,").lower() == word.lower())
            cues.append(Cue(name, index, w.start, w.end))
        end = lines[-1].end + (500 if index == 0 else 800) * ms
        scenes.append(Scene(index=index, layout=layout, title=layout.title(), start=start, end=end,
                            props=freeze(props), transition="fade" if index else "cut",
                            transition_samples=500 * ms if index else 0))
        start = end

    def event(kind: str, scene: Scene, element: str, sample: int, cue: str | None = None) -> VisualEvent:
        frame = FPS.frame_at(sample)
        return VisualEvent(kind=kind, scene=scene.index, element=element, frame=frame, at=FPS.frame_start(frame),
                           x=element_x(scene, element, WIDTH, HEIGHT), cue=cue)

    by_name = {c.name: c for c in cues}
    visual = sorted([
        event("click", scenes[0], "target:settings", by_name["open"].start, "open"),
        event("notify", scenes[0], "toast", by_name["saved"].start, "saved"),
        event("transition", scenes[1], "scene", scenes[1].start),
        event("enter", scenes[1], "item:fast", by_name["fast"].start, "fast"),
        event("enter", scenes[1], "item:easy", by_name["easy"].start, "easy"),
    ], key=lambda e: e.at)
    timeline = Timeline(title="Verify clip", lang="en", width=WIDTH, height=HEIGHT, fps=FPS, duration=start,
                        scenes=tuple(scenes), lines=tuple(lines), cues=tuple(cues), visual_events=tuple(visual),
                        sound_events=tuple(sound_events(visual)), music=Music(gain_db=-24.0, duck_db=-14.0))
    from onetake.render.audio.loudness import gain_for_target, whole  # the renderer's one solver

    gain = gain_for_target(whole(_premix(timeline, cache.assets)), -16.0, ceiling_dbtp=CEILING_DBTP)
    return timeline.with_(master_gain_db=round(gain, 3))


# ------------------------------------------------------------------------------------------ picture


def _px(timeline: Timeline, scene: Scene, element: str) -> tuple[int, int, int, int]:
    x, y, w, h = element_box(scene, element, timeline.width, timeline.height)
    return (round(x * timeline.width), round(y * timeline.height), round(w * timeline.width), round(h * timeline.height))


def _ease(p: float) -> float:
    p = min(1.0, max(0.0, p))
    return 1 - (1 - p) ** 3


def _scene_image(timeline: Timeline, scene: Scene, n: int) -> np.ndarray:
    img = np.empty((timeline.height, timeline.width, 4), np.uint8)
    img[:] = _BG
    x, y, w, h = _px(timeline, scene, "title")
    cv2.rectangle(img, (x, y + h // 3), (x + w // 3, y + 2 * h // 3), _TEXT, -1)
    events = [e for e in timeline.events_of(scene.index) if e.kind != "transition"]
    # Animations are evaluated at the end of the frame, so an event's first frame already shows it.
    if scene.layout == "app":
        for element in ("target:search", "target:settings"):
            bx, by, bw, bh = _px(timeline, scene, element)
            cv2.rectangle(img, (bx, by), (bx + bw, by + bh), _BORDER, 1)
        tip = (int(0.74 * timeline.width), int(0.78 * timeline.height))
        for e in events:
            bx, by, bw, bh = _px(timeline, scene, e.element)
            k = n - e.frame + 1
            if e.kind == "click":
                centre = (bx + bw // 2, by + bh // 2)
                arrive = e.frame - 4  # the cursor gets there 4 frames early and hovers: a decoy change
                p = _ease((n - (arrive - 15)) / 15)
                tip = (round(tip[0] + (centre[0] - tip[0]) * p), round(tip[1] + (centre[1] - tip[1]) * p))
                if n >= arrive:
                    cv2.rectangle(img, (bx, by), (bx + bw, by + bh), _SURFACE, -1)
                if 0 < k <= 9:
                    ring = img.copy()
                    cv2.circle(ring, centre, 3 + 2 * k, _ACCENT, 2, cv2.LINE_AA)
                    alpha = 1 - (k - 1) / 9
                    img = cv2.addWeighted(ring, alpha, img, 1 - alpha, 0)
            elif e.kind == "notify" and k > 0:
                lift = round((1 - _ease(k / 8)) * bh)
                cv2.rectangle(img, (bx, by + lift), (bx + bw, by + bh), _SURFACE, -1)
                cv2.rectangle(img, (bx + 4, by + lift + 4), (bx + bw // 2, by + lift + 8), _ACCENT, -1)
        cv2.fillConvexPoly(img, np.array([tip, (tip[0], tip[1] + 9), (tip[0] + 6, tip[1] + 7)]), _TEXT)
    else:
        for e in events:
            bx, by, bw, bh = _px(timeline, scene, e.element)
            opacity = _ease((n - e.frame + 1) / 8)
            if opacity > 0:
                card = img.copy()
                cv2.rectangle(card, (bx, by), (bx + bw, by + bh), _SURFACE, -1)
                cv2.rectangle(card, (bx + 8, by + bh // 3), (bx + bw // 2, by + 2 * bh // 3), _TEXT, -1)
                img = cv2.addWeighted(card, opacity, img, 1 - opacity, 0)
    return img


def clip_frame(timeline: Timeline, n: int) -> np.ndarray:
    """Frame n as RGBA: the scene showing at its first sample, cross-faded during a transition."""
    t = timeline.fps.frame_start(n)
    scene = timeline.scene_at(t)
    img = _scene_image(timeline, scene, n)
    if scene.index and t < scene.start + scene.transition_samples:
        first = timeline.fps.frame_at(scene.start)
        frames = max(1, timeline.fps.frame_at(scene.start + scene.transition_samples) - first)
        p = min(1.0, (n - first + 1) / frames)
        old = _scene_image(timeline, timeline.scenes[scene.index - 1], n)
        img = cv2.addWeighted(img, p, old, 1 - p, 0)
    return img


# -------------------------------------------------------------------------------------------- sound


def _pad(n: int) -> np.ndarray:
    """A soft A-major pad with a slow swell: something steady for the ducking and join checks."""
    t = np.arange(n) / SAMPLE_RATE
    x = sum(np.sin(2 * np.pi * f * t) / (1 + i) for i, f in enumerate((110.0, 220.0, 277.18, 329.63)))
    return (x * (0.8 + 0.2 * np.sin(2 * np.pi * 0.25 * t))).astype(np.float32)


def _premix(timeline: Timeline, assets: AssetStore, drop: tuple[int, ...] = ()) -> np.ndarray:
    from onetake.render.audio import pan_gains, sound

    n = timeline.duration
    mix = np.zeros((n, 2), np.float32)
    edge = 5 * ms
    fade = (0.5 - 0.5 * np.cos(np.pi * (np.arange(edge) + 0.5) / edge)).astype(np.float32)
    for line in timeline.lines:
        pcm = np.load(assets.path(line.audio))
        pcm = pcm * (0.5 / max(1e-6, float(np.abs(pcm).max())))
        pcm[:edge] *= fade  # clips are stored as synthesised: every edge is faded at mix time
        pcm[-edge:] *= fade[::-1]
        mix[line.start:line.start + len(pcm)] += pcm[:n - line.start, None]
    for i, s in enumerate(timeline.sound_events):
        if i in drop:
            continue
        x = np.asarray(sound(s.kind, s.seed))[: n - s.at]
        mix[s.at:s.at + len(x)] += x[:, None] * np.array(pan_gains(s.pan), np.float32)
    duck = np.zeros(n)
    for line in timeline.lines:  # fully down over the line, 150 ms raised-cosine ramps either side
        ramp = 150 * ms
        idx = np.arange(n)
        up = np.clip((idx - (line.start - ramp)) / ramp, 0, 1)
        down = np.clip(((line.end + ramp) - idx) / ramp, 0, 1)
        duck = np.maximum(duck, 0.5 - 0.5 * np.cos(np.pi * np.minimum(up, down)))
    level = 10 ** ((timeline.music.gain_db + timeline.music.duck_db * duck) / 20)
    mix += (_pad(n) * level.astype(np.float32))[:, None]
    mix[:edge] *= fade[:, None]
    mix[-edge:] *= fade[::-1, None]
    return mix


def clip_audio(timeline: Timeline, assets: AssetStore, drop: tuple[int, ...] = ()) -> np.ndarray:
    """The programme (n, 2) float32: narration, sound effects (except the indices in `drop`), ducked pad,
    at `timeline.master_gain_db` through the project's true-peak limiter."""
    from onetake.render.audio import limit

    gained = (_premix(timeline, assets, drop) * np.float32(10 ** (timeline.master_gain_db / 20))).astype(np.float32)
    return limit(gained, ceiling_dbtp=CEILING_DBTP)


# -------------------------------------------------------------------------------------------- files


def write_clip(timeline: Timeline, video: Path, assets: AssetStore) -> Path:
    """Encode `timeline`'s frames in two chunks, join them, add the audio; write the timeline JSON beside."""
    video = Path(video)
    video.parent.mkdir(parents=True, exist_ok=True)
    pcm = clip_audio(timeline, assets)
    total = timeline.frame_count
    with tempfile.TemporaryDirectory(prefix="onetake-clip-") as work:
        chunks = []
        for i, (a, b) in enumerate(((0, total // 2), (total // 2, total))):
            chunks.append(Path(work) / f"chunk{i}.mp4")
            frames = (clip_frame(timeline, k) for k in range(a, b))
            encode_frames(chunks[-1], frames, timeline.width, timeline.height, timeline.fps, "ultrafast", 20)
        mux(video, chunks, timeline.duration, lambda s0, s1: pcm[s0:s1])
    timeline_path(video).write_text(to_json(timeline), encoding="utf-8")
    return video


def make_clip(out_dir: Path, cache_dir: Path) -> Path:
    """Write `clip.en.mp4` and `clip.en.timeline.json` into `out_dir`; returns the video's path."""
    return write_clip(clip_timeline(cache_dir), Path(out_dir) / "clip.en.mp4", AssetStore(cache_dir))


def remux(source: Path, target: Path, pcm: np.ndarray) -> Path:
    """`source`'s video packets (not re-encoded) with `pcm` as its AAC audio; the timeline JSON is copied."""
    target = Path(target)
    mux(target, [Path(source)], len(pcm), lambda s0, s1: np.ascontiguousarray(pcm[s0:s1]))
    shutil.copyfile(timeline_path(Path(source)), timeline_path(target))
    return target


def shifted(source: Path, target: Path, shift_samples: int) -> Path:
    """A copy whose audio plays `shift_samples` later (negative: earlier), same length, same video."""
    audio = decode_audio(source)
    out = np.zeros_like(audio)
    if shift_samples >= 0:
        out[shift_samples:] = audio[:len(audio) - shift_samples]
    else:
        out[:shift_samples] = audio[-shift_samples:]
    return remux(source, target, out)


def without_sound(source: Path, target: Path, index: int, assets: AssetStore) -> Path:
    """A copy whose audio lacks sound event `index` (re-rendered from the timeline without it, clips from `assets`)."""
    timeline = from_json(timeline_path(Path(source)).read_text(encoding="utf-8"))
    if timeline.title == "Verify clip":
        pcm = clip_audio(timeline, assets, drop=(index,))
    else:  # a real render: the audio renderer, from a copy of the timeline without that sound
        from onetake.render.audio import samples

        sounds = timeline.sound_events[:index] + timeline.sound_events[index + 1:]
        pcm = samples(timeline.with_(sound_events=sounds), 0, timeline.duration, assets)
    return remux(source, target, pcm)


__all__ = ["clip_audio", "clip_frame", "clip_timeline", "make_clip", "remux", "shifted", "without_sound", "write_clip"]
