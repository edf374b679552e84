"""A small Standard MIDI File writer (format 1) and the exact clock that maps its ticks to samples.

Why our own: the score needs a handful of event kinds (notes, programs, controllers, tempo, time
signature) and an exact tick -> sample map, which is less code than a dependency. Time in the file
is ticks at `PPQ` per quarter note; a tempo is an integer number of microseconds per quarter. At
48 kHz a quarter of T us lasts T * 48000 / 10**6 = 6T/125 samples, so a tick lasts
6T / (125 * PPQ) samples and every position in the file is an exact `Fraction` of a sample. The
planner changes tempo only on bar lines, so a bar line sits at sum(24 * T_bar / 125) samples:
a fraction with denominator 125, never exactly half-way, so rounding it to the nearest sample is
unambiguous and at most 0.492 samples off (see plan.py for how anchors are hit within 0.1).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from ....timeline import SAMPLE_RATE

PPQ = 9600  # ticks per quarter: divisible by 2, 3, 4, 5 and 8; fine enough that FluidSynth's
#             integer tick clock (re-anchored at every tempo change) drifts < 0.05 ms per change
DRUMS = 9  # the General MIDI percussion channel (channel 10, counted from 1)


def tick_samples(tempo_us: int) -> Fraction:
    """The exact length of one tick at `tempo_us` microseconds per quarter, in samples."""
    return Fraction(tempo_us * SAMPLE_RATE, 1_000_000 * PPQ)


@dataclass(frozen=True, slots=True)
class Note:
    """One note: channel 0..15, MIDI key, velocity 1..127, start and length in ticks."""

    channel: int
    key: int
    velocity: int
    start: int
    length: int


@dataclass(frozen=True, slots=True)
class Control:
    """A controller change (`number` 0..127, e.g. 7 volume, 10 pan, 11 expression) at a tick."""

    channel: int
    number: int
    value: int
    tick: int


def _vlq(n: int) -> bytes:
    """A MIDI variable-length quantity: 7 bits per byte, most significant first."""
    out = [n & 0x7F]
    n >>= 7
    while n:
        out.append(0x80 | (n & 0x7F))
        n >>= 7
    return bytes(reversed(out))


def _chunk(kind: bytes, body: bytes) -> bytes:
    return kind + len(body).to_bytes(4, "big") + body


def _track(events: list[tuple[int, int, bytes]], end_tick: int) -> bytes:
    """Events (tick, order, raw bytes) as an MTrk body: sorted, delta-timed, ended by FF 2F."""
    body = bytearray()
    now = 0
    for tick, _, raw in sorted(events, key=lambda e: (e[0], e[1])):
        body += _vlq(tick - now) + raw
        now = tick
    body += _vlq(max(0, end_tick - now)) + b"\xff\x2f\x00"
    return _chunk(b"MTrk", bytes(body))


def _clean(notes: list[Note]) -> list[Note]:
    """Notes with overlaps of the same key on the same channel cut: MIDI can't tell two apart (the
    first note-off would end both), so an earlier note ends where the next one begins."""
    out: list[Note] = []
    last: dict[tuple[int, int], int] = {}
    for note in sorted(notes, key=lambda n: (n.channel, n.key, n.start, -n.length)):
        if note.length <= 0:
            continue
        k = (note.channel, note.key)
        if k in last:
            prev = out[last[k]]
            if note.start == prev.start:
                continue  # a doubling of the same note: keep the longer, first one
            if prev.start + prev.length > note.start:
                out[last[k]] = Note(prev.channel, prev.key, prev.velocity, prev.start, note.start - prev.start)
        last[k] = len(out)
        out.append(note)
    return out


def write(tempos: list[tuple[int, int]], programs: dict[int, int], notes: list[Note], controls: list[Control],
          end_tick: int, name: str = "onetake score") -> bytes:
    """A format-1 Standard MIDI File: track 0 holds the name, 4/4 time and the tempo map
    (tick, us per quarter); then one track per channel with its program, controllers and notes.

    At equal ticks note-offs go first, then controllers and programs, then note-ons, so a repeated
    note is released before it is struck again and controllers apply to the notes at that tick.
    """
    conductor: list[tuple[int, int, bytes]] = [
        (0, 0, b"\xff\x03" + _vlq(len(name.encode())) + name.encode()),
        (0, 1, b"\xff\x58\x04\x04\x02\x18\x08"),  # 4/4, 24 clocks per click, 8 32nds per quarter
    ]
    for tick, tempo_us in tempos:
        if not 0 < tempo_us < 1 << 24:
            raise ValueError(f"tempo {tempo_us} us per quarter is out of MIDI's range")
        conductor.append((tick, 2, b"\xff\x51\x03" + tempo_us.to_bytes(3, "big")))
    per_channel: dict[int, list[tuple[int, int, bytes]]] = {}
    for channel, program in programs.items():
        per_channel.setdefault(channel, []).append((0, 1, bytes([0xC0 | channel, program])))
    for c in controls:
        per_channel.setdefault(c.channel, []).append((c.tick, 2, bytes([0xB0 | c.channel, c.number, c.value])))
    for n in _clean(notes):
        track = per_channel.setdefault(n.channel, [])
        track.append((n.start, 3, bytes([0x90 | n.channel, n.key, n.velocity])))
        track.append((n.start + n.length, 0, bytes([0x80 | n.channel, n.key, 0])))
    end = max([end_tick] + [e[0] for events in per_channel.values() for e in events])
    tracks = [_track(conductor, end)] + [_track(per_channel[c], end) for c in sorted(per_channel)]
    header = _chunk(b"MThd", (1).to_bytes(2, "big") + len(tracks).to_bytes(2, "big") + PPQ.to_bytes(2, "big"))
    return header + b"".join(tracks)


def read_tempos(data: bytes) -> tuple[int, list[tuple[int, int]]]:
    """The (PPQ, [(tick, us per quarter), ...]) of a Standard MIDI File: the inverse of `write`'s
    tempo map, used to check a file's clock."""
    if data[:4] != b"MThd":
        raise ValueError("not a Standard MIDI File")
    ppq = int.from_bytes(data[12:14], "big")
    pos, tempos = 14, []
    while pos < len(data):
        size = int.from_bytes(data[pos + 4:pos + 8], "big")
        body, pos = data[pos + 8:pos + 8 + size], pos + 8 + size
        i, tick, status = 0, 0, 0
        while i < len(body):
            delta = 0
            while True:
                b = body[i]
                i += 1
                delta = (delta << 7) | (b & 0x7F)
                if b < 0x80:
                    break
            tick += delta
            if body[i] >= 0x80:
                status = body[i]
                i += 1
            if status == 0xFF:
                kind, length = body[i], body[i + 1]  # our meta events are all shorter than 128 bytes
                if kind == 0x51:
                    tempos.append((tick, int.from_bytes(body[i + 2:i + 5], "big")))
                i += 2 + length
            elif status in (0xF0, 0xF7):
                raise ValueError("sysex events are not expected in a score")
            else:
                i += 1 if status & 0xF0 in (0xC0, 0xD0) else 2
    return ppq, sorted(tempos)


def tick_to_sample(tick: int, tempos: list[tuple[int, int]]) -> Fraction:
    """The exact sample position of `tick` under a tempo map [(tick, us per quarter)] (120 bpm
    before its first entry, as MIDI says)."""
    pos, at, tempo = Fraction(0), 0, 500_000
    for t, us in tempos:
        if t >= tick:
            break
        pos += (t - at) * tick_samples(tempo)
        at, tempo = t, us
    return pos + (tick - at) * tick_samples(tempo)
