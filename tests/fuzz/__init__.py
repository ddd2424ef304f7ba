"""A seeded mutation fuzzer for everything that reads server bytes.

Three targets, each fed inputs made by mutating valid encodings (bit
flips, byte replacements, insertions, deletions, truncations, spliced
duplicates, markers and sizes chosen to be awkward):

* ``values``: :func:`neo4j._codec.packstream.unpack` with the hydration
  hooks of the newest protocol, so structures are hydrated too;
* ``chunks``: :func:`neo4j._codec.packstream.unpack_chunked` over
  chunked message streams with random chunk boundaries;
* ``feed``: a greeted Bolt 6.1 connection core with RUN and PULL
  pending, fed a mutated server conversation split into random reads.

An input passes when it decodes or raises one of the target's *typed*
errors (:data:`TYPED_ERRORS`); anything else (``IndexError``,
``KeyError``, ``RecursionError``...) is a finding.  A hang is caught by
:func:`faulthandler.dump_traceback_later`, which aborts the process
with every thread's stack.

``python -m tests.fuzz --inputs 1000000`` runs a long campaign (the
``fuzz`` nox session); the unit tests run a small budget of each target
on every CI run.
"""

from __future__ import annotations

import dataclasses
import faulthandler
import random
import time
import typing as t

from neo4j._bolt.protocol import Bolt6x1
from neo4j._codec.hydration import HydrationHandlerV4
from neo4j._codec.packstream import (
    PackStreamDecodeError,
    pack,
    pack_struct,
    unpack,
    unpack_chunked,
)
from neo4j._data import BrokenValue
from neo4j._exceptions import BoltProtocolError


__all__ = ["TARGETS", "TYPED_ERRORS", "Campaign", "run_campaign"]

#: inputs per arming of the hang watchdog
_WATCHDOG_BATCH = 500

#: the errors a target may raise on bad input, by target
TYPED_ERRORS: dict[str, tuple[type[BaseException], ...]] = {
    "values": (PackStreamDecodeError,),
    "chunks": (PackStreamDecodeError,),
    "feed": (BoltProtocolError,),
}

_SEEDS_VALUES: list[t.Any] = [
    None,
    True,
    0,
    -1,
    127,
    -17,
    2**31,
    -(2**63),
    1.5,
    "",
    "héllo",
    "x" * 300,
    b"\x00\x01",
    [],
    [1, [2, [3, [4]]]],
    {"a": 1, "b": [None, "c"], "d": {"e": 2.0}},
    list(range(20)),
    {str(i): i for i in range(20)},
]


def _struct(tag: int, *fields: t.Any) -> bytes:
    out = bytearray()
    pack_struct(out, bytes([tag]), fields)
    return bytes(out)


def _value(value: t.Any) -> bytes:
    out = bytearray()
    pack(out, value)
    return bytes(out)


def _seed_values() -> list[bytes]:
    seeds = [_value(v) for v in _SEEDS_VALUES]
    seeds += [
        _struct(0x4E, 1, ["L"], {"p": 1}, "4:x:1"),  # Node
        _struct(0x52, 1, 2, 3, "T", {}, "r", "a", "b"),  # Relationship
        _struct(0x44, 19000),  # Date
        _struct(0x49, 1704106800, 5, 3600),  # DateTime
        _struct(0x69, 1704106800, 0, "Europe/Berlin"),  # DateTimeZoneId
        _struct(0x45, 1, 2, 3, 4),  # Duration
        _struct(0x58, 7203, 1.0, 2.0),  # Point2D
        _struct(0x56, b"\xc6", b"\x00" * 8),  # Vector (f64)
        b"\xe0" + bytes(range(16)),  # UUID (Bolt 6.1)
    ]
    return seeds


def _chunk(payload: bytes, rnd: random.Random) -> bytes:
    out = bytearray()
    pos = 0
    while pos < len(payload):
        size = rnd.choice([1, 2, 3, 7, 64, 0xFFFF, len(payload)])
        piece = payload[pos : pos + size]
        out += len(piece).to_bytes(2, "big") + piece
        pos += len(piece)
    out += b"\x00\x00"
    return bytes(out)


def _conversation(rnd: random.Random) -> bytes:
    messages = [
        _struct(0x70, {"fields": ["n", "m"], "qid": 0, "t_first": 1}),
        _struct(0x71, [1, "a"]),
        _struct(0x71, [_SEEDS_VALUES[15], [1, 2]]),
        _struct(0x70, {"bookmark": "bm", "type": "r", "t_last": 2}),
    ]
    if rnd.random() < 0.3:
        messages[-1] = _struct(
            0x7F, {"code": "Neo.ClientError.X.Y", "message": "m"}
        )
    return b"".join(_chunk(m, rnd) for m in messages)


_AWKWARD = [0x00, 0x7F, 0x80, 0xC0, 0xC8, 0xCC, 0xD0, 0xD8, 0xDC, 0xDF,
            0xE0, 0xEF, 0xF0, 0xFF, 0xB0, 0xBF, 0x90, 0xA0]  # fmt: skip


def mutate(data: bytes, rnd: random.Random) -> bytes:
    """One to four random mutations of ``data``."""
    buf = bytearray(data)
    for _ in range(rnd.randint(1, 4)):
        op = rnd.randrange(8)
        pos = rnd.randrange(len(buf) + 1)
        if op == 0 and buf:  # flip a bit
            i = min(pos, len(buf) - 1)
            buf[i] ^= 1 << rnd.randrange(8)
        elif op == 1 and buf:  # an awkward byte
            buf[min(pos, len(buf) - 1)] = rnd.choice(_AWKWARD)
        elif op == 2:  # insert bytes
            buf[pos:pos] = bytes(
                rnd.randrange(256) for _ in range(rnd.randint(1, 4))
            )
        elif op == 3 and buf:  # delete bytes
            del buf[pos : pos + rnd.randint(1, 4)]
        elif op == 4:  # truncate
            del buf[pos:]
        elif op == 5 and buf:  # duplicate a slice elsewhere
            start = rnd.randrange(len(buf))
            piece = buf[start : start + rnd.randint(1, 16)]
            buf[pos:pos] = piece
        elif op == 6:  # a big size field
            buf[pos:pos] = rnd.choice(
                [b"\xd2\xff\xff\xff\xff", b"\xd6\x7f\xff\xff\xff",
                 b"\xda\x00\x00\xff\xff", b"\xff\xff"]
            )  # fmt: skip
        else:  # nest deeply
            buf[pos:pos] = b"\x91" * rnd.randint(1, 2000)
    return bytes(buf)


_HANDLER = HydrationHandlerV4()


def _check_no_memory_blowup(value: t.Any, depth: int = 0) -> None:
    # a hydration hook that fails becomes a BrokenValue; one that failed
    # for lack of memory means an input amplified itself (the CLI runs
    # under an address-space limit so that this shows)
    if isinstance(value, BrokenValue):
        if isinstance(value.error, MemoryError):
            raise RuntimeError(f"memory blow-up: {value.raw_data!r:.200}")
        return
    if depth > 50:
        return
    if isinstance(value, list):
        for item in value:
            _check_no_memory_blowup(item, depth + 1)
    elif isinstance(value, dict):
        for item in value.values():
            _check_no_memory_blowup(item, depth + 1)


def _run_values(data: bytes, rnd: random.Random) -> None:
    # a fresh scope per input, as per result (graph entities are kept
    # per scope)
    value = unpack(data, _HANDLER.new_hydration_scope().hydration_hooks)
    _check_no_memory_blowup(value)


def _run_chunks(data: bytes, rnd: random.Random) -> None:
    pos = 0
    end = len(data)
    while pos < end:
        _, _, after = unpack_chunked(data, pos, end, None)
        if after <= pos:
            break  # the rest is an incomplete message
        pos = after


def _run_feed(data: bytes, rnd: random.Random) -> None:
    conn = Bolt6x1(user_agent="fuzz")
    conn.hello()
    conn.take_outgoing()
    conn.feed(_chunk(_struct(0x70, {"server": "Neo4j/5.26.0"}), rnd))
    conn.run("RETURN 1", {})
    conn.pull(n=100)
    conn.take_outgoing()
    pos = 0
    while pos < len(data) and not conn.defunct:
        step = rnd.choice([1, 2, 5, 64, 4096])
        conn.feed(data[pos : pos + step])
        pos += step


#: target name -> (seed maker, runner)
TARGETS: dict[
    str,
    tuple[
        t.Callable[[random.Random], list[bytes]],
        t.Callable[[bytes, random.Random], None],
    ],
] = {
    "values": (lambda rnd: _seed_values(), _run_values),
    "chunks": (
        lambda rnd: [_conversation(rnd) for _ in range(8)],
        _run_chunks,
    ),
    "feed": (lambda rnd: [_conversation(rnd) for _ in range(8)], _run_feed),
}


@dataclasses.dataclass
class Campaign:
    """What a run of one target found."""

    target: str
    inputs: int = 0
    typed_errors: int = 0
    decoded: int = 0
    seconds: float = 0.0
    findings: list[tuple[bytes, BaseException]] = dataclasses.field(
        default_factory=list
    )


def run_campaign(
    target: str,
    inputs: int,
    seed: int = 0,
    hang_seconds: float = 60.0,
    max_findings: int = 20,
) -> Campaign:
    """Fuzz ``target`` with ``inputs`` mutated inputs.

    :param hang_seconds: if a batch of :data:`_WATCHDOG_BATCH` inputs
        takes longer, the process is aborted with a traceback of every
        thread (a hang is a finding no test could otherwise report)
    """
    make_seeds, run = TARGETS[target]
    typed = TYPED_ERRORS[target]
    rnd = random.Random(seed)
    seeds = make_seeds(rnd)
    campaign = Campaign(target)
    started = time.perf_counter()
    try:
        for i in range(inputs):
            if i % _WATCHDOG_BATCH == 0:
                # re-armed per batch: arming it per input costs more
                # than most inputs
                faulthandler.dump_traceback_later(hang_seconds, exit=True)
            data = mutate(rnd.choice(seeds), rnd)
            try:
                run(data, rnd)
            except typed:
                campaign.typed_errors += 1
            except Exception as exc:  # the finding itself
                if len(campaign.findings) < max_findings:
                    campaign.findings.append((data, exc))
            else:
                campaign.decoded += 1
            campaign.inputs += 1
    finally:
        faulthandler.cancel_dump_traceback_later()
    campaign.seconds = time.perf_counter() - started
    return campaign
