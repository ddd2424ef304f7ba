from __future__ import annotations

import pytest

from neo4j._bolt.chunking import (
    MAX_CHUNK_SIZE,
    Dechunker,
    begin_message,
    chunk_body,
    end_message,
)


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


def span_bytes(spans: list[tuple[object, int, int]]) -> list[bytes]:
    return [bytes(buf[s:e]) for buf, s, e in spans]  # type: ignore[index]


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


def test_dechunk_single_message_is_not_copied() -> None:
    data = bytearray(chunked(b"\xb0\x70") + chunked(b"\xb0\x7e"))
    dechunker = Dechunker()
    spans = dechunker.feed(data)
    assert [(buf is data, s, e) for buf, s, e in spans] == [
        (True, 2, 4),
        (True, 8, 10),
    ]
    assert dechunker.buffered == 0


@pytest.mark.parametrize("size", [1, 65535, 65536, 200_000])
def test_dechunk_large(size: int) -> None:
    body = BODIES[size]
    assert span_bytes(Dechunker().feed(chunked(body))) == [body]


def test_dechunk_skips_noops() -> None:
    data = b"\x00\x00\x00\x00" + chunked(b"\xb0\x70") + b"\x00\x00"
    dechunker = Dechunker()
    assert span_bytes(dechunker.feed(data)) == [b"\xb0\x70"]
    assert dechunker.noops == 3
    assert dechunker.buffered == 0


def test_dechunk_multi_chunk_message() -> None:
    data = b"\x00\x01\xb1\x00\x02\x71\x90\x00\x00"
    assert span_bytes(Dechunker().feed(data)) == [b"\xb1\x71\x90"]


def _sample_stream() -> tuple[bytes, list[bytes]]:
    messages = [
        b"\xb1\x70\xa0",
        b"\xb1\x71\x91\x01",
        bytes(range(256)) * 300,  # 76800 bytes: two chunks
        b"\xb0\x7e",
    ]
    stream = b"\x00\x00"  # leading NOOP
    stream += chunked(messages[0])
    stream += chunked(messages[1])
    stream += b"\x00\x00"  # NOOP between messages
    stream += chunked(messages[2])
    # a message deliberately split in two small chunks
    stream += b"\x00\x01\xb0\x00\x01\x7e\x00\x00"
    return stream, messages


def test_dechunk_every_split_point() -> None:
    stream, messages = _sample_stream()
    # checking all ~77k split points of the big message is slow; check
    # every point around the small messages and chunk borders, and a
    # stride through the rest.
    points = set(range(40)) | set(range(len(stream) - 40, len(stream)))
    points |= set(range(0, len(stream), 997))
    points |= {65535 + d for d in range(-4, 40)}
    for split in sorted(points):
        dechunker = Dechunker()
        got = span_bytes(dechunker.feed(stream[:split]))
        got += span_bytes(dechunker.feed(stream[split:]))
        assert got == messages, split
        assert dechunker.buffered == 0
        assert dechunker.noops == 2


def test_dechunk_every_split_point_small_stream() -> None:
    messages = [b"\xb1\x70\xa0", b"\xb1\x71\x91\x01", b"\xb0\x7e"]
    stream = b"\x00\x00" + b"".join(chunked(m) for m in messages)
    stream += b"\x00\x02\xb0\x7e\x00\x00\x00\x00"
    for i in range(len(stream) + 1):
        for j in range(i, len(stream) + 1):
            dechunker = Dechunker()
            got: list[bytes] = []
            for part in (stream[:i], stream[i:j], stream[j:]):
                got += span_bytes(dechunker.feed(part))
            assert got == [*messages, b"\xb0\x7e"], (i, j)


def test_dechunk_one_byte_feeds() -> None:
    stream, messages = _sample_stream()
    dechunker = Dechunker()
    got: list[bytes] = []
    view = memoryview(stream)
    for i in range(len(stream)):
        got += span_bytes(dechunker.feed(view[i : i + 1]))
    assert got == messages


def test_dechunk_buffered_count() -> None:
    dechunker = Dechunker()
    assert dechunker.feed(b"\x00\x05\xb0") == []
    assert dechunker.buffered == 3
    assert span_bytes(dechunker.feed(b"\x01\x02\x03\x04\x00\x00")) == [
        b"\xb0\x01\x02\x03\x04"
    ]
    assert dechunker.buffered == 0
