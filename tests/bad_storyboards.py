"""A table of bad storyboards, each with the one error it must produce (line, column, a bit of the message).

Shared by the parser tests and the CLI tests (`onetake check` prints exactly one FILE:LINE:COL line
for each). Texts are Markdown; none needs a file beside it (the image case names a missing one).
"""

from __future__ import annotations

from dataclasses import dataclass
from textwrap import dedent

from onetake.errors import AssetError, StoryboardError


@dataclass(frozen=True)
class Bad:
    """A bad storyboard: its text, where the error must point (1-based) and part of the message."""

    name: str
    text: str
    line: int
    col: int
    message: str
    error: type = StoryboardError


def md(text: str) -> str:
    return dedent(text).lstrip("\n")


# Two languages, so the per-language checks have something to compare.
FRONT = "---\ntitle: Demo\nlanguages: [en, es]\n---\n\n"  # lines 1-5; the body starts on line 6

BAD: list[Bad] = [
    Bad("missing front matter", md("""
        # Hello
        layout: title

        Hello.
        """), 1, 1, "missing front matter"),
    Bad("front matter never closed", md("""
        ---
        title: Demo

        # Hello
        """), 1, 1, "never closed"),
    Bad("bad YAML in front matter", md("""
        ---
        title: Demo
        languages: [en, es
        ---
        """), 3, 19, "bad YAML in the front matter"),
    Bad("bad YAML in scene fields", FRONT + md("""
        # Hello
        layout: bullets
        items: {a: One, b: Two

        Say {a:one} and {b:two}.
        [es] Di {a:uno} y {b:dos}.
        """), 8, 23, "bad YAML in the scene's fields"),
    Bad("tab in scene fields", FRONT + md("""
        # Hello
        layout: title
        subtitle:\tx:\ty

        Hi.
        [es] Hola.
        """), 8, 10, "bad YAML in the scene's fields"),
    Bad("missing title", md("""
        ---
        languages: [en]
        ---

        # Hello
        layout: title

        Hello.
        """), 1, 1, "missing title"),
    Bad("unknown front-matter key", md("""
        ---
        title: Demo
        langauges: [en, es]
        ---
        """), 3, 1, "unknown front-matter key 'langauges' (did you mean 'languages'?)"),
    Bad("odd resolution", md("""
        ---
        title: Demo
        resolution: 1281x720
        ---
        """), 3, 13, "width 1281 is odd"),
    Bad("malformed resolution", md("""
        ---
        title: Demo
        resolution: 1280*720
        ---
        """), 3, 13, "expected WIDTHxHEIGHT like 1280x720"),
    Bad("float fps", md("""
        ---
        title: Demo
        fps: 29.97
        ---
        """), 3, 6, "bad fps '29.97'"),
    Bad("zero fps", md("""
        ---
        title: Demo
        fps: 0/1
        ---
        """), 3, 6, "between 1 and 120"),
    Bad("bad theme", md("""
        ---
        title: Demo
        theme: midnite
        ---
        """), 3, 8, "unknown theme 'midnite' (did you mean 'midnight'?)"),
    Bad("bad captions", md("""
        ---
        title: Demo
        captions: always
        ---
        """), 3, 11, "expected one of off, file, burn"),
    Bad("music not a mood or a file", md("""
        ---
        title: Demo
        music: loud
        ---
        """), 3, 8, "expected auto, none, a mood (calm, upbeat, serious, urgent, warm, triumphant) or a music file"),
    Bad("unknown scene mood", md("""
        ---
        title: Demo
        ---
        # Intro
        layout: title
        mood: happy

        Hello.
        """), 6, 7, "unknown mood 'happy'"),
    Bad("energy out of range", md("""
        ---
        title: Demo
        ---
        # Intro
        layout: title
        energy: 3

        Hello.
        """), 6, 9, "energy is 3: expected a number from 0 (quiet) to 1 (full)"),
    Bad("unknown ambience", md("""
        ---
        title: Demo
        ---
        # Intro
        layout: title
        ambience: {kind: jungle}

        Hello.
        """), 6, 18, "unknown ambience 'jungle'"),
    Bad("sting on a cue not spoken", md("""
        ---
        title: Demo
        ---
        # Intro
        layout: title
        sting: boom

        Hello {bang:there}.
        """), 6, 8, "unknown cue 'boom': sting lands on a cue"),
    Bad("malformed language code", md("""
        ---
        title: Demo
        languages: [en, Spanish]
        ---
        """), 3, 17, "malformed language code 'Spanish'"),
    Bad("no scenes", md("""
        ---
        title: Demo
        ---
        """), 4, 1, "no scenes"),
    Bad("unknown layout", FRONT + md("""
        # Hello
        layout: slides

        Hello.
        [es] Hola.
        """), 7, 9, "expected one of app, bullets, chart, end, image, title"),
    Bad("missing layout", FRONT + md("""
        # Hello

        Hello.
        [es] Hola.
        """), 6, 3, "missing layout"),
    Bad("field of another layout", FRONT + md("""
        # Hello
        layout: title
        items: {a: One}

        Hello.
        [es] Hola.
        """), 8, 1, "it belongs to the bullets layout"),
    Bad("bad transition", FRONT + md("""
        # Hello
        layout: title
        transition: wipe

        Hello.
        [es] Hola.
        """), 8, 13, "expected one of slide, fade, cut"),
    Bad("hold out of range", FRONT + md("""
        # Hello
        layout: title
        hold: 12

        Hello.
        [es] Hola.
        """), 8, 7, "seconds between 0 and 10"),
    Bad("unclosed cue", FRONT + md("""
        # Hello
        layout: title

        Meet {subtitle:Acme Notes.
        [es] Conoce {subtitle:Acme Notes}.
        """), 9, 6, "unclosed cue"),
    Bad("unclosed emphasis", FRONT + md("""
        # Hello
        layout: title

        Meet *Acme Notes.
        [es] Conoce *Acme Notes*.
        """), 9, 6, "unclosed emphasis '*'"),
    Bad("empty emphasis", FRONT + md("""
        # Hello
        layout: title

        Meet Acme Notes.
        [es] Conoce *{x}* Acme Notes.
        """), 10, 13, "empty emphasis"),
    Bad("stray closing brace", FRONT + md("""
        # Hello
        layout: title

        Meet Acme} Notes.
        [es] Conoce Acme Notes.
        """), 9, 10, "unexpected '}'"),
    Bad("bad cue name", FRONT + md("""
        # Hello
        layout: title

        Meet {Sub:Acme}.
        [es] Conoce {Sub:Acme}.
        """), 9, 7, "bad cue name 'Sub'"),
    Bad("unknown cue", FRONT + md("""
        # Three things
        layout: bullets
        items:
          capture: Capture
          find: Find

        You can {capture:capture} and {fnd:find}.
        [es] Puedes {capture:capturar} y {fnd:encontrar}.
        """), 10, 3, "unknown cue 'find'"),
    Bad("cue missing in one language", FRONT + md("""
        # Hello
        layout: title

        Meet {subtitle:Acme Notes}.
        [es] Conoce Acme Notes.
        """), 10, 6, "cue 'subtitle' is spoken in 'en' (line 9) but missing from the 'es' text"),
    Bad("cue only in a later language", FRONT + md("""
        # Hello
        layout: title

        Meet Acme Notes.
        [es] Conoce {subtitle:Acme Notes}.
        """), 10, 13, "is in the 'es' text but not in the 'en' text"),
    Bad("empty narration", FRONT + md("""
        # Hello
        layout: title

        Hello there.
        [es]
        """), 10, 5, "empty narration"),
    Bad("scene with no beats", FRONT + md("""
        # Hello
        layout: title

        # Bye
        layout: end
        cta: Try it

        Bye.
        [es] Adiós.
        """), 6, 3, "has no narration"),
    Bad("beat missing a language", FRONT + md("""
        # Hello
        layout: title

        Hello there.
        """), 9, 1, "this beat has no 'es' narration"),
    Bad("language not in languages", FRONT + md("""
        # Hello
        layout: title

        Hello there.
        [es] Hola.
        [fr] Bonjour.
        """), 11, 2, "language 'fr' is not in this storyboard's languages (en, es)"),
    Bad("malformed language tag", FRONT + md("""
        # Hello
        layout: title

        Hello there.
        [ES] Hola.
        """), 10, 2, "malformed language code 'ES'"),
    Bad("duplicate cue in one beat", FRONT + md("""
        # Hello
        layout: title

        {subtitle:Hello} and {subtitle:hello}.
        [es] {subtitle:Hola} y hola.
        """), 9, 22, "duplicate cue 'subtitle'"),
    Bad("missing image", FRONT + md("""
        # Dashboard
        layout: image
        image: shots/nowhere.png

        Here is {dash:the dashboard}.
        [es] Aquí está {dash:el panel}.
        """), 8, 8, "image 'shots/nowhere.png' not found", AssetError),
    Bad("chart series length", FRONT + md("""
        # Growth
        layout: chart
        chart:
          kind: bar
          labels: [Q1, Q2, Q3]
          series:
            sales: {name: Sales, values: [1, 2]}

        {sales:Sales} grew.
        [es] {sales:Las ventas} crecieron.
        """), 12, 34, "has 2 values but there are 3 labels"),
    Bad("bad app action", FRONT + md("""
        # App
        layout: app
        app: {name: Acme, buttons: [search, settings]}
        on:
          open: jump settings

        {open:Open settings}.
        [es] {open:Abre ajustes}.
        """), 10, 9, "bad app action 'jump settings': expected 'click TARGET', 'type TEXT', 'notify TEXT' or 'gesture NAME'"),
    Bad("click target not in the app", FRONT + md("""
        # App
        layout: app
        app: {name: Acme, sidebar: [Inbox], buttons: [search, settings]}
        on:
          open: click setings

        {open:Open settings}.
        [es] {open:Abre ajustes}.
        """), 10, 9, "click target 'setings' is not in the app (did you mean 'settings'?)"),
    Bad("bullets with no items", FRONT + md("""
        # Three things
        layout: bullets
        items:

        One, two, three.
        [es] Uno, dos, tres.
        """), 8, 7, "bullets with no items"),
    Bad("text before the first scene", FRONT + md("""
        Hello.

        # Hello
        layout: title

        Hello.
        [es] Hola.
        """), 6, 1, "text before the first scene"),
    Bad("unknown presenter style", "---\ntitle: Demo\npresenter: {style: robot}\n---\n\n" + md("""
        # Hello
        layout: title

        Hello.
        """), 3, 20, "unknown presenter style 'robot'; expected one of person, mascot"),
    Bad("bad presenter skin", "---\ntitle: Demo\npresenter: {skin: green}\n---\n\n" + md("""
        # Hello
        layout: title

        Hello.
        """), 3, 19, "unknown skin colour 'green'"),
    Bad("unknown gesture", "---\ntitle: Demo\npresenter: true\n---\n\n" + md("""
        # Hello
        layout: title
        on: {hi: gesture wink}

        {hi}Hello.
        """), 8, 10, "unknown gesture 'wink'; expected one of point-left"),
    Bad("gesture on a cue never spoken", "---\ntitle: Demo\npresenter: true\n---\n\n" + md("""
        # Hello
        layout: bullets
        items: {a: One, b: Two}
        on: {hey: gesture wave}

        {a}One and {b}two.
        """), 9, 6, "unknown cue 'hey'"),
    Bad("presenter placed without one", FRONT + md("""
        # Hello
        layout: title
        presenter: left

        Hello.
        [es] Hola.
        """), 8, 12, "presenter: left in a storyboard without a presenter"),
    Bad("scene presenter position", "---\ntitle: Demo\npresenter: true\n---\n\n" + md("""
        # Hello
        layout: title
        presenter: middle

        Hello.
        """), 8, 12, "unknown presenter position (or false to hide it) 'middle'"),
]

BAD_STORYBOARDS = BAD  # the name the CLI tests import
