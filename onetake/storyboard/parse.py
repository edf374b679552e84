"""The Markdown form: front matter, `#` scenes, YAML fields, narration paragraphs, cue markup.

This module only splits the text and reads its syntax; `front.build` decides what it means.
YAML is composed (not loaded) so that every value keeps the absolute line and column where it
was written, and so that scalars keep their written text (`captions: off` must not become False).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import NoReturn

import yaml

from .model import CueSpan, LangSpan, Narration, Pos, Storyboard
from .fields import CUE_NAME, LANG_CODE
from .front import build
from .messages import duplicate_key, fail_at, show
from .raw import Block, RawBeat, RawScene

HEADING = re.compile(r"(#+)(?:[ \t]+(.*?))?[ \t]*\Z")
LANG_TAG = re.compile(r"[ \t]*\[([^\]]*)\]")
ESCAPABLE = "{}[\\*"
_CONSTRUCTOR = yaml.SafeLoader("")  # builds scalars from composed nodes; holds no document state


def parse_markdown(text: str, path: str = "<storyboard>", base_dir: Path | str | None = None) -> Storyboard:
    """Parse a Markdown storyboard; raise StoryboardError (or AssetError) at the offending line and column."""
    lines = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if lines[0].rstrip() != "---":
        fail_at(
            "missing front matter: a storyboard starts with a line '---', then 'title: …' and other "
            "settings, then another '---'",
            Pos(1, 1), path,
        )
    close = next((i for i in range(1, len(lines)) if lines[i].rstrip() == "---"), None)
    if close is None:
        fail_at("the front matter opened here is never closed: add a line '---' after it", Pos(1, 1), path)
    front = yaml_block("\n".join(lines[1:close]), 2, Pos(1, 1), path, "the front matter")
    scenes = _scenes(lines, close + 1, path)
    base = Path(base_dir) if base_dir is not None else Path.cwd()
    return build(front, scenes, path, base.absolute(), Pos(min(close + 2, len(lines)), 1))


def _scenes(lines: list[str], start: int, path: str) -> list[RawScene]:
    """Split the body into scenes: heading, field lines up to the first blank line, then paragraphs."""
    scenes: list[RawScene] = []
    i = start
    while i < len(lines):
        line = lines[i]
        heading = HEADING.match(line)
        if heading:
            if len(heading[1]) > 1:
                fail_at(f"'{heading[1]}' headings are not used: a scene starts with a single '#'", Pos(i + 1, 1), path)
            if not heading[2]:
                fail_at("empty scene heading: write the scene's title after '# '", Pos(i + 1, 1), path)
            end = _block_end(lines, i + 1)
            at = Pos(i + 1, heading.start(2) + 1)
            fields = yaml_block("\n".join(lines[i + 1 : end]), i + 2, at, path, "the scene's fields")
            scenes.append(RawScene(heading[2], at, fields, []))
            i = end
        elif not line.strip():
            i += 1
        elif not scenes:
            message = f"text before the first scene: '{show(line.strip())}'; start a scene with '# Heading'"
            fail_at(message, Pos(i + 1, 1), path)
        else:
            end = _block_end(lines, i)
            scenes[-1].beats.append(_beat(lines[i:end], i + 1, path))
            i = end
    return scenes


def _block_end(lines: list[str], i: int) -> int:
    """Index of the first line from i that ends a block of lines: a blank line, a heading, or the end."""
    while i < len(lines) and lines[i].strip() and not HEADING.match(lines[i]):
        i += 1
    return i


def _beat(lines: list[str], first_line: int, path: str) -> RawBeat:
    """One paragraph: default-language lines, then a block per `[xx]` line."""
    groups: list[tuple[str | None, Pos, list[tuple[str, Pos]]]] = []
    lang, at, pieces = None, Pos(first_line, 1), []
    for k, line in enumerate(lines):
        tag = LANG_TAG.match(line)
        if tag:
            if pieces:
                groups.append((lang, at, pieces))
            lang, at = tag[1], Pos(first_line + k, tag.start(1) + 1)
            pieces = [(line[tag.end() :], Pos(first_line + k, tag.end() + 1))]
        else:
            pieces.append((line, Pos(first_line + k, 1)))
    groups.append((lang, at, pieces))
    return RawBeat(Pos(first_line, 1), [(code, where, parse_narration(text, path)) for code, where, text in groups])


SPAN_TAG = re.compile(r'<span\s+lang\s*=\s*"([^"]*)"\s*>|</span\s*>')  # code-switching, the HTML way


def parse_narration(pieces: list[tuple[str, Pos]], path: str = "<storyboard>") -> Narration:
    """Narration text with cue markup (pieces of source text joined by spaces) -> Narration (lang left empty).

    Whitespace collapses to single spaces; `{name:words}` becomes a span over the cleaned words,
    `{name}` a point at the next word; `*words*` is emphasis (as in Markdown: `*` opens before a
    word and closes after one; alone between spaces, or inside a word like 2*3, it is a literal
    star); `\\{`, `\\}`, `\\[`, `\\*` and `\\\\` are literal characters.
    """
    stream: list[tuple[str, Pos]] = []
    for n, (piece, start) in enumerate(pieces):
        if n:
            stream.append((" ", start))
        stream.extend((ch, Pos(start.line, start.col + j)) for j, ch in enumerate(piece))

    def fail(message: str, at: Pos) -> NoReturn:
        fail_at(message, at, path)

    out: list[str] = []
    spans: list[LangSpan] = []
    open_span: LangSpan | None = None  # a `<span lang="..">` whose `</span>` is still to come
    cues: list[CueSpan] = []
    pending: list[CueSpan] = []  # cues waiting for their first word (their start)
    open_cue: CueSpan | None = None  # a `{name:` whose `}` is still to come
    seen: dict[str, Pos] = {}
    emphasis: list[tuple[int, int]] = []
    open_emphasis: tuple[int, Pos] | None = None  # where a `*` opened (index into out, position)
    k = 0
    while k < len(stream):
        ch, at = stream[k]
        before = stream[k - 1][0] if k else " "
        after = stream[k + 1][0] if k + 1 < len(stream) else " "
        if ch == "\\" and k + 1 < len(stream) and stream[k + 1][0] in ESCAPABLE:
            ch, k = stream[k + 1][0], k + 1
        elif ch == "*" and open_emphasis is None and not before.isalnum() and not after.isspace() and after != "*":
            open_emphasis = (len(out), at)
            k += 1
            continue
        elif ch == "*" and open_emphasis is not None and not before.isspace() and not after.isalnum():
            if len(out) <= open_emphasis[0]:
                fail("empty emphasis: put the stressed words between the stars, like *this*", open_emphasis[1])
            emphasis.append((open_emphasis[0], len(out)))
            open_emphasis = None
            k += 1
            continue
        elif ch == "<" and (tag := SPAN_TAG.match("".join(c for c, _ in stream[k:k + 40]))):
            if tag[1] is not None:  # <span lang="..">
                if open_span:
                    fail(f"a span cannot contain another span: close <span lang=\"{open_span.lang}\"> first", at)
                if not LANG_CODE.match(tag[1]):
                    fail(f"bad language code '{show(tag[1], 20)}' in <span lang=…>: use e.g. ja, zh, es-419", at)
                open_span = LangSpan(tag[1], len(out), len(out), at)
            else:  # </span>
                if not open_span:
                    fail("unexpected </span>: there is no <span lang=\"…\"> open", at)
                end = len(out) - (bool(out) and out[-1] == " ")
                if end <= open_span.start:
                    fail(f"empty <span lang=\"{open_span.lang}\">: put the words it speaks inside it", open_span.pos)
                spans.append(LangSpan(open_span.lang, open_span.start, end, open_span.pos))
                open_span = None
            k += len(tag[0])
            continue
        elif ch == "{":
            if open_cue:
                fail(f"a cue cannot contain another cue: close '{{{open_cue.name}:…' with '}}' first", at)
            k, cue, is_span = _cue_head(stream, k, fail)
            if cue.name in seen:
                fail(
                    f"duplicate cue '{cue.name}' in one beat (first at line {seen[cue.name].line}, "
                    f"column {seen[cue.name].col}): give each cue its own name",
                    at,
                )
            seen[cue.name] = at
            pending.append(cue)
            open_cue = cue if is_span else None
            continue
        elif ch == "}":
            if not open_cue:
                fail("unexpected '}': a cue is written {name:words}; write \\} for a literal brace", at)
            if open_cue in pending:
                name = open_cue.name
                fail(f"cue '{name}' has no words: write {{{name}:some words}} or a point cue {{{name}}}", open_cue.pos)
            # No other cue can open before this `}`, so the span is the last cue started.
            end = len(out) - (out[-1] == " ")
            cues[-1] = CueSpan(open_cue.name, cues[-1].start, end, open_cue.pos)
            open_cue = None
            k += 1
            continue
        if ch.isspace():
            if out and out[-1] != " ":
                out.append(" ")
        else:
            for cue in pending:  # the first visible character starts every waiting cue
                cues.append(CueSpan(cue.name, len(out), len(out), cue.pos))
            pending.clear()
            out.append(ch)
        k += 1
    if open_cue:
        fail(f"unclosed cue '{{{open_cue.name}:…': add '}}' after the cue's words", open_cue.pos)
    if open_span:
        fail(f"unclosed <span lang=\"{open_span.lang}\">: add </span> after its words", open_span.pos)
    if open_emphasis:
        fail("unclosed emphasis '*': add '*' after the stressed words, or write \\* for a literal star",
             open_emphasis[1])
    if pending:
        name = pending[0].name
        fail(f"point cue '{{{name}}}' has no word after it: put it just before the word it marks", pending[0].pos)
    text = "".join(out).rstrip()
    first = next((at for ch, at in stream if not ch.isspace()), pieces[0][1] if pieces else Pos())
    if not text:
        fail("empty narration: this beat has no words to speak in this language", first)
    return Narration(lang="", text=text, cues=tuple(cues), pos=first, spans=tuple(spans), emphasis=tuple(emphasis))


def _cue_head(stream: list[tuple[str, Pos]], k: int, fail) -> tuple[int, CueSpan, bool]:
    """Read `{name:` or `{name}` at stream[k]; return the index after it, the cue, and whether words follow."""
    at = stream[k][1]
    j = k + 1
    while j < len(stream) and stream[j][0] not in ":}{":
        j += 1
    name = "".join(ch for ch, _ in stream[k + 1 : j])
    if j == len(stream) or stream[j][0] == "{":
        fail(f"unclosed cue '{{{show(name, 20)}': add ':words}}' or '}}', or write \\{{ for a literal brace", at)
    if not name:
        fail("a cue needs a name: write {name:words}, e.g. {click:the settings icon}", at)
    if not CUE_NAME.match(name):
        fail(f"bad cue name '{show(name, 20)}': use lowercase a-z, 0-9, '-' and '_'", stream[k + 1][1])
    return j + 1, CueSpan(name, 0, 0, at), stream[j][0] == ":"


def yaml_block(text: str, first_line: int, origin: Pos, path: str, what: str) -> Block:
    """Compose YAML written from line `first_line` (column 1) into a Block with absolute positions."""
    def fail(message: str, at: Pos) -> NoReturn:
        fail_at(message, at, path)

    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        at = Pos(first_line + mark.line, mark.column + 1) if mark else origin
        hint = "; fields end at the first blank line and the narration follows it" if "scene" in what else ""
        problem = (getattr(error, "problem", None) or getattr(error, "context", None) or "invalid YAML").strip()
        advice = "check indentation, and quote text containing ': ' or '#'"
        fail(f"bad YAML in {what}: {problem}{hint}; {advice}", at)
    block = Block(None, {}, {}, {}, origin)
    if node is not None:
        block.value = _walk(node, (), block, first_line, fail)
    return block


def _walk(node: yaml.Node, path: tuple, block: Block, first_line: int, fail):
    def where(n: yaml.Node) -> Pos:
        return Pos(first_line + n.start_mark.line, n.start_mark.column + 1)

    block.pos[path] = where(node)
    if isinstance(node, yaml.SequenceNode):
        return [_walk(child, path + (i,), block, first_line, fail) for i, child in enumerate(node.value)]
    if isinstance(node, yaml.MappingNode):
        out = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                fail("a key must be a plain word, not a list or mapping", where(key_node))
            key = key_node.value  # as written: `on:` and `no:` are words here, not booleans
            if key in out:
                fail(duplicate_key(key, block.keys[path + (key,)]), where(key_node))
            block.keys[path + (key,)] = where(key_node)
            out[key] = _walk(value_node, path + (key,), block, first_line, fail)
        return out
    block.raw[path] = node.value
    try:
        value = _CONSTRUCTOR.construct_object(node)
    except yaml.YAMLError:
        value = node.value
    # Dates, binary and the like are not storyboard values; keep the text the author wrote.
    return value if value is None or isinstance(value, (str, bool, int, float)) else node.value
