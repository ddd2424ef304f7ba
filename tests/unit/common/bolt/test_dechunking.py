"""Inbound reassembly: linear work and payload-sized memory whatever the
chunk sizes and read sizes (issue 12), and the same result however the
stream is cut."""

from __future__ import annotations

import gc
import itertools
import sys
import tracemalloc
import types
import typing as t
from pathlib import Path

import pytest
from hypothesis import (
    given,
    settings,
    strategies as st,
)

import neo4j
from neo4j._bolt.chunking import Dechunker, chunk_body
from neo4j._bolt.errors import DecodeError
from neo4j._bolt.protocol import Bolt4x4
from neo4j._codec.packstream import (
    PackStreamDecodeError,
    pack_struct,
    unpack_body,
    unpack_chunked,
)

from ._helpers import make, success


MiB = 1 << 20
NOOP = b"\x00\x00"


def _body(tag: int, *fields: t.Any) -> bytes:
    out = bytearray()
    pack_struct(out, bytes([tag]), fields)
    return bytes(out)


def _chunks(body: bytes, sizes: t.Iterable[int]) -> bytes:
    """``body`` framed with the given chunk sizes (the last one repeated
    to the end), then the end marker."""
    out = bytearray()
    it = iter(sizes)
    size = 1
    pos = 0
    while pos < len(body):
        size = next(it, size)
        part = body[pos : pos + size]
        out += len(part).to_bytes(2, "big") + part
        pos += len(part)
    out += NOOP
    return bytes(out)


def _bytewise(body: bytes) -> bytes:
    """``body`` as 1-byte chunks: three wire bytes per payload byte."""
    n = len(body)
    out = bytearray(3 * n + 2)
    out[1 : 3 * n : 3] = b"\x01" * n
    out[2 : 3 * n : 3] = body
    return bytes(out)


def _pulling() -> tuple[Bolt4x4, list[t.Any]]:
    conn = make((5, 0))
    conn.run("X")
    conn.feed(success({"fields": ["x"]}))
    records: list[t.Any] = []
    conn.pull(records=records)
    conn.take_outgoing()
    return conn, records


def _reads(data: bytes, size: int) -> list[bytes]:
    return [data[i : i + size] for i in range(0, len(data), size)]


# -- Dechunker ---------------------------------------------------------------


def test_bytewise_helper_matches_chunks() -> None:
    assert _bytewise(b"ab") == _chunks(b"ab", [1])


def test_dechunker_whole_message_and_rest() -> None:
    d = Dechunker()
    assert not d.active
    data = b"xy" + NOOP + NOOP + b"\x00\x02ab\x00\x01c" + NOOP + b"zz"
    assert d.take(data, 2, len(data)) == len(data) - 2
    assert d.body == b"abc"
    d.clear()
    assert not d.active
    assert d.body == b""


def test_dechunker_noops_alone_leave_it_idle() -> None:
    d = Dechunker()
    assert d.take(NOOP * 3, 0, 6) == -1
    assert not d.active


@pytest.mark.parametrize("read", [1, 2, 3, 5, 7, 1000])
def test_dechunker_any_reads(read: int) -> None:
    body = bytes(range(256)) * 3
    wire = NOOP + _chunks(body, [1, 2, 300, 3, 65535]) + b"rest"
    d = Dechunker()
    parts = _reads(wire, read)
    done = -1
    while done < 0:
        part = parts.pop(0)
        done = d.take(part, 0, len(part))
    assert d.body == body
    # the bytes after the end marker were not taken
    assert part[done:] + b"".join(parts) == b"rest"


def test_dechunker_split_header() -> None:
    d = Dechunker()
    assert d.take(b"\x01", 0, 1) == -1
    assert d.active
    assert d.take(b"\x00", 0, 1) == -1  # a 256-byte chunk announced
    assert d.active and d.body == b""
    assert d.take(b"a" * 256 + b"\x00", 0, 257) == -1
    assert d.take(b"\x00", 0, 1) == 1
    assert d.body == b"a" * 256


def test_dechunker_memory_is_the_payload() -> None:
    d = Dechunker()
    wire = _bytewise(b"q" * 10_000)[:-2]
    for part in _reads(wire, 4):
        assert d.take(part, 0, len(part)) == -1
    assert len(d.body) == 10_000
    assert d.take(NOOP, 0, 2) == 2


def test_unpack_body_record_and_summary() -> None:
    rec = _body(0x71, [1, "a"])
    assert unpack_body(rec, 0, len(rec), None) == ([[1, "a"]], None)
    assert unpack_body(rec, 0, len(rec), None, tuple) == ([(1, "a")], None)
    summ = _body(0x70, {"a": 1})
    assert unpack_body(summ, 0, len(summ), None) == ([], (0x70, [{"a": 1}]))
    bad = _body(0x71, [1], [2])
    with pytest.raises(PackStreamDecodeError, match="one list"):
        unpack_body(bad, 0, len(bad), None)


def test_malformed_reassembled_message_is_fatal() -> None:
    conn, _ = _pulling()
    wire = _chunks(_body(0x71, [1], [2]), [1])
    with pytest.raises(DecodeError, match="one list"):
        for part in _reads(wire, 2):
            conn.feed(part)
    assert conn.defunct
    assert conn.feed(success()) == 0


def test_reassembled_summary_then_more_in_the_same_read() -> None:
    conn, records = _pulling()
    reset = conn.reset()
    wire = _chunks(_body(0x71, ["r"]), [1]) + success() + NOOP + success()
    assert conn.feed(wire[:5]) == 0
    assert conn.feed(wire[5:]) == 2
    assert records == [["r"]]
    assert reset.done and conn.pending_count == 0


# -- memory ------------------------------------------------------------------


def _peak_while(conn: Bolt4x4, reads: list[bytes]) -> int:
    """Peak bytes allocated while feeding ``reads`` (the reads exist
    before, the decoded records are included)."""
    gc.collect()
    tracemalloc.start()
    try:
        for part in reads:
            conn.feed(part)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_bytewise_megabyte_value_memory() -> None:
    # the case of issue 12: a 1 MiB value as 1-byte chunks, paced reads
    value = "v" * MiB
    wire = _bytewise(_body(0x71, [value])) + success()
    conn, records = _pulling()
    peak = _peak_while(conn, _reads(wire, 65536))
    assert records == [[value]]
    assert conn.pending_count == 0
    # the value itself, its payload, some slack; not the wire bytes
    # (3 MiB), nor an object per chunk
    assert peak < 8 * MiB, peak / MiB


@pytest.mark.parametrize("read", [None, 4093, 65536])
def test_bytewise_value_memory_any_reads(read: int | None) -> None:
    value = "v" * (MiB // 4)
    wire = _bytewise(_body(0x71, [value])) + success()
    reads = [wire] if read is None else _reads(wire, read)
    conn, records = _pulling()
    peak = _peak_while(conn, reads)
    assert records == [[value]]
    assert conn.pending_count == 0
    # value and payload: 512 KiB; the wire alone would be 768 KiB
    assert peak < 700 * 1024, peak / MiB


def test_bytewise_one_chunk_per_read_memory() -> None:
    value = b"b" * (MiB // 4)
    wire = _bytewise(_body(0x71, [value]))
    reads = _reads(wire, 3)
    conn, records = _pulling()
    peak = _peak_while(conn, reads)
    conn.feed(success())
    assert records == [[value]]
    assert peak < 2 * MiB, peak / MiB


def test_large_chunks_in_small_reads_memory() -> None:
    value = "w" * (4 * MiB)
    wire = _chunks(_body(0x71, [value]), [65535]) + success()
    conn, records = _pulling()
    peak = _peak_while(conn, _reads(wire, 1500))
    assert records == [[value]]
    # payload (with growth slack) and the decoded value
    assert peak < 10 * MiB, peak / MiB


def test_unpack_chunked_joins_without_object_per_chunk() -> None:
    value = "j" * (MiB // 4)
    wire = _bytewise(_body(0x71, [value]))
    gc.collect()
    tracemalloc.start()
    try:
        rows, other, pos = unpack_chunked(wire, 0, len(wire), None)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert rows == [[value]] and other is None and pos == len(wire)
    assert peak < 700 * 1024, peak / MiB


# -- work: counted in executed lines of the driver, not in time -------------

_PACKAGE = str(Path(neo4j.__file__).parent)


def _lines_executed(feed: t.Callable[[], None]) -> int:
    """Lines of the driver's own code executed by ``feed()``."""
    count = 0

    def local(frame: types.FrameType, event: str, arg: t.Any) -> t.Any:
        nonlocal count
        if event == "line":
            count += 1
        return local

    def trace(frame: types.FrameType, event: str, arg: t.Any) -> t.Any:
        if frame.f_code.co_filename.startswith(_PACKAGE):
            return local
        return None

    old = sys.gettrace()
    sys.settrace(trace)
    try:
        feed()
    finally:
        sys.settrace(old)
    return count


def _work(wire: bytes, read: int) -> int:
    conn, records = _pulling()
    reads = _reads(wire, read)

    def feed() -> None:
        for part in reads:
            conn.feed(part)

    lines = _lines_executed(feed)
    assert len(records) == 1 and conn.pending_count == 0
    return lines


@pytest.mark.parametrize(
    ("make_wire", "read"),
    [
        # 1-byte chunks, one chunk per read (rescanning the receive
        # buffer from the message start made this quadratic)
        (_bytewise, 3),
        # 1-byte chunks, a few per read
        (_bytewise, 64),
        # large chunks in many small reads
        (lambda body: _chunks(body, [4000]), 100),
    ],
)
def test_work_is_linear_in_the_chunks(
    make_wire: t.Callable[[bytes], bytes], read: int
) -> None:
    def wire(n: int) -> bytes:
        return make_wire(_body(0x71, [b"c" * n])) + success()

    n = 600 if read < 100 else 40_000
    small = _work(wire(n), read)
    double = _work(wire(2 * n), read)
    # twice the bytes: about twice the work (quadratic would be 4x)
    assert 1.6 < double / small < 2.4, (small, double)


# -- any chunking, any reads: the same result ---------------------------------

_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**63), 2**63 - 1)
    | st.floats(allow_nan=False)
    | st.text(max_size=40)
    | st.binary(max_size=300)
    # now and then a value of 64 KiB or more (32-bit size)
    | st.integers(0, 70_000).map(lambda n: "z" * n)
    | st.integers(0, 70_000).map(lambda n: b"y" * n),
    lambda inner: (
        st.lists(inner, max_size=5)
        | st.dictionaries(st.text(max_size=5), inner, max_size=4)
    ),
    max_leaves=12,
)

_chunk_size = st.integers(1, 4) | st.integers(1, 400) | st.just(65535)


def _run(reads: t.Iterable[bytes]) -> tuple[t.Any, ...]:
    conn, records = _pulling()
    pull = conn._awaiting[0]
    completed = 0
    for part in reads:
        completed += conn.feed(part)
    return records, pull.metadata, completed, conn.pending_count, conn.state


@settings(max_examples=150, deadline=None)
@given(
    rows=st.lists(st.lists(_values, max_size=4), max_size=6),
    data=st.data(),
)
def test_any_chunking_and_reads_decode_the_same(
    rows: list[list[t.Any]], data: st.DataObject
) -> None:
    bodies = [_body(0x71, row) for row in rows]
    bodies.append(_body(0x70, {"t_last": 7, "has_more": False}))
    plain = bytearray()
    for body in bodies:
        chunk_body(plain, body)
    wire = bytearray()
    for body in bodies:
        wire += NOOP * data.draw(st.integers(0, 2), label="noops")
        sizes = data.draw(
            st.lists(_chunk_size, min_size=1, max_size=8), label="chunks"
        )
        wire += _chunks(body, sizes)
    cuts = data.draw(
        st.lists(st.integers(0, len(wire)), max_size=30, unique=True),
        label="cuts",
    )
    bounds = [0, *sorted(cuts), len(wire)]
    reads = [bytes(wire[a:b]) for a, b in itertools.pairwise(bounds)]
    expected = _run([bytes(plain)])
    assert expected[2] == 1
    assert _run(reads) == expected
