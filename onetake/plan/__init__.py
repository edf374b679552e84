"""Planning: Storyboard + language -> Timeline. Planners do the I/O (voices); renderers never do."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from ..errors import VoiceError
from ..lang import direction_of
from ..settings import RenderSettings
from ..storyboard import Storyboard, localize, store_files
from ..timeline import Fps, Scene, Timeline
from .arc import Beat as ArcBeat, arc
from .motion import scene_events
from .presenter import plan_presenter
from .sfx import sound_events
from .timing import place
from .voice import DEFAULT_VOICES, Speech, Voices

if TYPE_CHECKING:
    from .voice.cache import VoiceCache

Progress = Callable[[str, float], None]


def preflight(storyboard: Storyboard, lang: str | None, voices: Voices = DEFAULT_VOICES) -> str:
    """Fail before any rendering if the language or its voice can't be used; returns the language.

    Every language's voice is checked with `voices` (the installed engines by default) without
    loading a model. Raises VoiceError at the storyboard's `languages` or `voices` line.
    """
    lang = lang or storyboard.default_language
    pos = storyboard.pos.get("languages") or storyboard.pos.get("title")
    if lang not in storyboard.languages:
        raise VoiceError(
            f"language {lang!r} is not in this storyboard (it has {', '.join(storyboard.languages)}); "
            f"add it to `languages` and give every beat a [{lang}] line", **_at(storyboard, pos))
    for code in storyboard.languages:
        voice = voice_of(storyboard, code, voices)
        if voice is None:
            raise VoiceError(f"no installed voice speaks {code!r}: name one under `voices`, or install espeak-ng "
                             f"(make install)", **_at(storyboard, storyboard.pos.get("languages") or pos))
        problem = voices.check(voice, code)
        if problem:
            where = storyboard.pos.get(f"voices.{code}") or storyboard.pos.get("voices") or pos
            raise VoiceError(problem, voice=voice, **_at(storyboard, where))
    for span in _spans(storyboard, lang):  # code-switched parts: their own language's voice
        voice = voice_of(storyboard, span.lang, voices)
        problem = f"no installed voice speaks {span.lang!r}" if voice is None else voices.check(voice, span.lang)
        if problem:
            raise VoiceError(f"<span lang=\"{span.lang}\">: {problem}; name one under `voices` "
                             f"(e.g. {span.lang}: espeak:{span.lang})", voice=voice, **_at(storyboard, span.pos))
    return lang


def _spans(storyboard: Storyboard, lang: str):
    return [span for scene in storyboard.scenes for beat in scene.beats if lang in beat.narration
            for span in beat.narration[lang].spans]


def voice_of(storyboard: Storyboard, lang: str, voices: Voices = DEFAULT_VOICES) -> str | None:
    """The voice that speaks `lang`: the storyboard's choice, else the best installed one."""
    return storyboard.voices.get(lang) or voices.default_for(lang)


def _at(storyboard: Storyboard, pos) -> dict:
    """The position keywords of an error about `storyboard` at `pos` (the file alone when unknown)."""
    return {"path": storyboard.path, "line": pos.line if pos else None, "col": pos.col if pos else None}


def frame_size(storyboard: Storyboard, settings: RenderSettings) -> tuple[int, int, Fps]:
    """Output size and rate: the storyboard's, or 360p at the same aspect for previews."""
    width, height = settings.width or storyboard.width, settings.height or storyboard.height
    if settings.preview:
        height_p = 360 if width >= height else 640
        width, height = int(round(width * height_p / height / 2)) * 2, height_p
    return width, height, storyboard.fps


def synthesize(storyboard: Storyboard, lang: str, cache: "VoiceCache", progress: Progress | None = None,
               story: list[ArcBeat] | None = None) -> list[list[Speech]]:
    """Every beat of every scene spoken in `lang` (cached by content), paced and paused by the arc."""
    from .prosody import pitch_of, rate_of, shape  # numpy: only once lines are spoken
    from .voice.join import join_speech

    story = story or arc(storyboard)
    total = sum(len(scene.beats) for scene in storyboard.scenes)
    result: list[list[Speech]] = []
    # One line at a time: onnxruntime already spreads one inference over both cores, and two
    # concurrent lines measured 13% slower than sequential on this 2-core machine.
    for scene, mood in zip(storyboard.scenes, story):
        result.append([])
        rate, pitch = rate_of(mood), pitch_of(mood)
        for beat in scene.beats:
            narration = beat.narration[lang]
            # A line with <span lang=..> parts: each part by its language's voice, joined into one clip.
            parts = [cache.speak(voice_of(storyboard, part_lang or lang, cache.voices), narration.text[a:b].strip(),
                                 rate, lang=part_lang or lang, pitch=pitch)
                     for part_lang, a, b in narration.segments() if narration.text[a:b].strip()]
            result[-1].append(shape(join_speech(parts, cache.assets), narration, mood, cache.assets))
            if progress:
                progress("voice", sum(map(len, result)) / total)
    return result


def burns_captions(storyboard: Storyboard, settings: RenderSettings) -> bool:
    """Whether the render draws captions into the picture (the settings override the storyboard)."""
    return storyboard.captions == "burn" if settings.burn_captions is None else settings.burn_captions


def plan(storyboard: Storyboard, settings: RenderSettings, progress: Progress | None = None,
         cache: "VoiceCache | None" = None) -> Timeline:
    """Compile a storyboard into the timeline of one language.

    `cache` is where lines are synthesised and kept (default: the installed engines, under
    `settings.cache_dir / "voice"`); tests pass one with a fake engine to plan without Piper.
    Voice clips and the files scenes show go into the cache's asset store (`settings.assets` by
    default); the timeline names them by key, so it holds no path of this machine.
    """
    lang = preflight(storyboard, settings.lang, cache.voices if cache is not None else DEFAULT_VOICES)
    width, height, fps = frame_size(storyboard, settings)
    if cache is None:
        from .voice.cache import VoiceCache

        cache = VoiceCache(settings.cache_dir / "voice", assets=settings.assets)
    from .prosody import beat_gap
    from .soundtrack import plan_ambience, plan_music  # numpy: the CLI's `check` never comes here

    story = arc(storyboard)
    speech = synthesize(storyboard, lang, cache, progress, story)
    timings, lines, cues = place(storyboard, lang, speech, fps, [beat_gap(mood) for mood in story])

    scenes = []
    for s, (source, timing) in enumerate(zip(storyboard.scenes, timings)):
        props = store_files(source.layout, localize(source, lang), cache.assets.put_file)
        scenes.append(Scene(
            index=s, layout=source.layout, title=props.get("title") or source.title.get(lang, ""),
            start=timing.start, end=timing.end, props=props,
            transition=source.transition if s else "cut", transition_samples=timing.transition_samples,
            direction=direction_of(lang),
        ))
    burn = burns_captions(storyboard, settings)
    scenes, presenter = plan_presenter(storyboard, scenes, lines, cues, fps, width, height, burn)
    visual = [event for scene in scenes
              for event in scene_events(scene, {c.name: c for c in cues if c.scene == scene.index}, fps, width, height)]

    duration = timings[-1].end
    if progress:
        progress("music", 0.0)
    music = plan_music(storyboard, scenes, cues, story, duration, cache.assets, settings.cache_dir / "music")
    if progress:
        progress("music", 1.0)
    return Timeline(
        title=storyboard.title, lang=lang, width=width, height=height, fps=fps,
        duration=duration, theme=storyboard.theme, scenes=tuple(scenes), lines=tuple(lines),
        cues=tuple(cues), visual_events=tuple(visual), sound_events=tuple(sound_events(visual)),
        music=music, ambience=plan_ambience(storyboard, scenes), presenter=presenter, burn_captions=burn,
    )
