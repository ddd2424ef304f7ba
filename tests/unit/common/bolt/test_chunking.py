from __future__ import annotations

import pytest

from neo4j._bolt.chunking import (
    MAX_CHUNK_SIZE,
    begin_message,
    chunk_body,
    end_message,
)
from neo4j._bolt.protocol import Bolt4x4
from neo4j._codec.packstream import pack_struct

from ._helpers import make, sent, success


def chunked(body: bytes) -> bytes:
    out = bytearray()
    chunk_body(out, body)
    return bytes(out)


def framed(body: bytes, prefix: bytes = b"") -> bytes:
    out = bytearray(prefix)
    start = begin_message(out)
    out += body
    end_message(out, start)
    return bytes(out)


def expected(body: bytes) -> bytes:
    """Independent reference framing."""
    out = b""
    for i in range(0, len(body), 0xFFFF):
        part = body[i : i + 0xFFFF]
        out += len(part).to_bytes(2, "big") + part
    return out + b"\x00\x00"


BODIES = {
    0: b"",
    1: b"\x01",
    65535: bytes(i % 251 for i in range(65535)),
    65536: bytes(i % 253 for i in range(65536)),
    200_000: bytes(i % 241 for i in range(200_000)),
}


def test_max_chunk_size() -> None:
    assert MAX_CHUNK_SIZE == 65535


@pytest.mark.parametrize("size", sorted(BODIES))
def test_chunk_body(size: int) -> None:
    body = BODIES[size]
    data = chunked(body)
    assert data == expected(body)


def test_chunk_exact_layout() -> None:
    assert chunked(b"") == b"\x00\x00"
    assert chunked(b"\xb0\x0f") == b"\x00\x02\xb0\x0f\x00\x00"
    data = chunked(BODIES[65536])
    assert data[:2] == b"\xff\xff"
    assert data[2 + 65535 : 2 + 65535 + 3] == b"\x00\x01" + bytes(
        [65535 % 253]
    )
    assert data[-2:] == b"\x00\x00"
    assert len(data) == 2 + 65535 + 2 + 1 + 2
    data = chunked(BODIES[200_000])
    # 3 full chunks + 3395 bytes
    assert len(data) == 3 * (2 + 65535) + 2 + 3395 + 2
    assert data[3 * 65537 : 3 * 65537 + 2] == (3395).to_bytes(2, "big")


@pytest.mark.parametrize("size", sorted(BODIES))
def test_begin_end_message(size: int) -> None:
    body = BODIES[size]
    assert framed(body, b"xy") == b"xy" + expected(body)


def test_end_message_in_place_for_small_messages() -> None:
    out = bytearray(b"\x00\x02\xb0\x0f\x00\x00")
    start = begin_message(out)
    assert start == 6
    out += b"\xb1\x10\x80"
    end_message(out, start)
    assert out == bytes.fromhex("0002B00F0000 0003B11080 0000")


# -- inbound: the connection core is the only de-chunker ---------------------

BIG = "ab" * 38_400  # a RECORD of about 76.8 kB: two chunks
NOOP = b"\x00\x00"


def _struct(tag: int, *fields: object) -> bytes:
    body = bytearray()
    pack_struct(body, bytes([tag]), fields)
    return bytes(body)


def _server_stream() -> bytes:
    """RUN SUCCESS, two RECORDs and PULL SUCCESS with NOOPs around and
    between them; the big record spans two chunks and the last SUCCESS
    is deliberately cut into two small chunks."""
    stream = NOOP + chunked(_struct(0x70, {"fields": ["x"]}))
    stream += chunked(_struct(0x71, [1])) + NOOP
    stream += chunked(_struct(0x71, [BIG]))
    tail = _struct(0x70, {})
    stream += b"\x00\x01" + tail[:1] + b"\x00\x02" + tail[1:] + NOOP
    return stream + NOOP


def _pulling() -> tuple[Bolt4x4, list[object]]:
    conn = make((5, 0))
    conn.run("X")
    records: list[object] = []
    conn.pull(records=records)
    conn.take_outgoing()
    return conn, records


def _check_done(conn: Bolt4x4, records: list[object]) -> None:
    assert records == [[1], [BIG]]
    assert conn.pending_count == 0
    assert not conn.defunct
    # nothing left over: the next answer is read on its own
    reset = conn.reset()
    conn.feed(success())
    assert reset.done and reset.error is None


def test_inbound_whole_stream_at_once() -> None:
    conn, records = _pulling()
    assert conn.feed(_server_stream()) == 2
    _check_done(conn, records)


@pytest.mark.parametrize("size", [1, 65535, 65536, 200_000])
def test_inbound_message_sizes(size: int) -> None:
    value = "x" * size
    conn = make((5, 0))
    records: list[object] = []
    conn.pull(records=records)
    conn.feed(chunked(_struct(0x71, [value])) + success())
    assert records == [[value]]
    assert conn.pending_count == 0


def test_inbound_every_split_point() -> None:
    stream = _server_stream()
    # every point near the small messages and the chunk borders of the
    # big one, and a stride through the rest
    points = set(range(48)) | set(range(len(stream) - 48, len(stream) + 1))
    points |= set(range(0, len(stream), 997))
    big_at = stream.index(b"ab") - 8
    points |= {big_at + 65535 + d for d in range(-6, 40)}
    for split in sorted(points):
        conn, records = _pulling()
        conn.feed(stream[:split])
        conn.feed(stream[split:])
        _check_done(conn, records)


def test_inbound_three_pieces_small_stream() -> None:
    stream = NOOP + chunked(_struct(0x70, {"fields": ["x"]}))
    stream += chunked(_struct(0x71, [1])) + NOOP
    stream += b"\x00\x01\xb1\x00\x02\x70\xa0" + NOOP + NOOP
    for i in range(len(stream) + 1):
        for j in range(i, len(stream) + 1):
            conn = make((5, 0))
            conn.run("X")
            pull = conn.pull()
            for part in (stream[:i], stream[i:j], stream[j:]):
                conn.feed(part)
            assert pull.records == [[1]], (i, j)
            assert pull.done and conn.pending_count == 0, (i, j)


def test_inbound_one_byte_memoryviews() -> None:
    stream = _server_stream()
    conn, records = _pulling()
    view = memoryview(stream)
    for i in range(len(stream)):
        conn.feed(view[i : i + 1])
    _check_done(conn, records)


def test_outgoing_frames_decode_with_the_inbound_decoder() -> None:
    conn = make((5, 0))
    conn.run("RETURN $x", {"x": BIG})
    conn.pull(n=7)
    assert sent(conn) == [
        (0x10, ["RETURN $x", {"x": BIG}, {}]),
        (0x3F, [{"n": 7}]),
    ]
