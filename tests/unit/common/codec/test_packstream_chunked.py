from __future__ import annotations

import typing as t

import pytest

from neo4j._codec.packstream import (
    PackStreamDecodeError,
    find_message_end,
    unpack_chunked,
)


def chunk(*payloads: bytes) -> bytes:
    out = b""
    for p in payloads:
        out += len(p).to_bytes(2, "big") + p
    return out + b"\x00\x00"


REC1 = chunk(b"\xb1\x71\x91\x05")
REC2 = chunk(b"\xb1\x71\x92\x81a\xc9\x01\x00")
SUCCESS = chunk(b"\xb1\x70\xa1\x81n\x02")


def test_records_then_success() -> None:
    data = REC1 + REC2 + SUCCESS + REC1
    rows, other, pos = unpack_chunked(data, 0, len(data), None)
    assert rows == [[5], ["a", 256]]
    assert other == (0x70, [{"n": 2}])
    assert pos == len(data) - len(REC1)
    rows, other, pos2 = unpack_chunked(data, pos, len(data), None)
    assert rows == [[5]] and other is None and pos2 == len(data)


def test_row_factory() -> None:
    data = REC1 + REC2
    rows, other, _ = unpack_chunked(data, 0, len(data), None, tuple)
    assert rows == [(5,), ("a", 256)]
    assert other is None


def test_noop_chunks_skipped() -> None:
    data = b"\x00\x00" + REC1 + b"\x00\x00\x00\x00" + SUCCESS
    rows, other, pos = unpack_chunked(data, 0, len(data), None)
    assert rows == [[5]]
    assert other == (0x70, [{"n": 2}])
    assert pos == len(data)


def test_multi_chunk_message_is_joined() -> None:
    payload = b"\xb1\x71\x92\x81a\xc9\x01\x00"
    data = chunk(payload[:3], payload[3:5], payload[5:]) + REC1
    assert find_message_end(data, 0, len(data)) == (-1, len(data) - 8)
    rows, other, pos = unpack_chunked(data, 0, len(data), None)
    assert other is None
    assert rows == [["a", 256], [5]]
    assert pos == len(data)


@pytest.mark.parametrize("cut", range(1, 8))
def test_incomplete_message_left_for_later(cut: int) -> None:
    data = REC1 + REC1[:cut]
    rows, other, pos = unpack_chunked(data, 0, len(data), None)
    assert rows == [[5]] and other is None and pos == len(REC1)
    # `end` limits the view as well
    full = REC1 + REC1
    rows, other, pos = unpack_chunked(full, 0, len(REC1) + cut, None)
    assert rows == [[5]] and pos == len(REC1)


def test_find_message_end_single_chunk() -> None:
    data = b"\x00\x00" + REC1
    assert find_message_end(data, 0, len(data)) == (4, len(data))
    assert find_message_end(data, 0, len(data) - 1) is None


def test_record_fast_path_rejects_malformed() -> None:
    data = chunk(b"\xb1\x71\x91\xc8")  # INT_8 without its byte
    with pytest.raises(PackStreamDecodeError):
        unpack_chunked(data, 0, len(data), None)
    data = chunk(b"\xb1\x71\x01")
    with pytest.raises(PackStreamDecodeError):
        unpack_chunked(data, 0, len(data), None)


def test_hooks_used_in_records() -> None:
    hooks: dict[int, t.Callable[..., t.Any]] = {0x44: lambda d: ("date", d)}
    data = chunk(b"\xb1\x71\x92\xb1D\x01\x81x")
    rows, _, _ = unpack_chunked(data, 0, len(data), hooks)
    assert rows == [[("date", 1), "x"]]


def test_many_records() -> None:
    n = 10_000
    data = b"".join(
        chunk(b"\xb1\x71\x91" + bytes([i % 128])) for i in range(n)
    )
    rows, other, pos = unpack_chunked(data, 0, len(data), None)
    assert [r[0] for r in rows] == [i % 128 for i in range(n)]
    assert other is None and pos == len(data)


def _one(marker: int) -> bytes:
    return chunk(b"\xb1\x71\x91" + bytes([marker]))


def test_single_byte_record_runs() -> None:
    # every marker that is a whole value, in one run
    markers = [0x00, 0x7F, 0xC0, 0xC2, 0xC3, 0xF0, 0xFF]
    expected = [0, 127, None, False, True, -16, -1]
    run = b"".join(_one(m) for m in markers)
    data = run + REC2 + run + SUCCESS + run
    rows, other, pos = unpack_chunked(data, 0, len(data), None)
    assert rows == [[v] for v in expected] + [["a", 256]] + [
        [v] for v in expected
    ]
    assert all(type(r) is list for r in rows)
    assert other == (0x70, [{"n": 2}])
    assert pos == len(data) - len(run)
    records, _, _ = unpack_chunked(data, pos, len(data), None, tuple)
    assert records == [(v,) for v in expected]


def test_single_byte_run_stops_at_other_markers() -> None:
    # 0xC1 (float) and 0xC8 (int8) need more bytes: not part of a run,
    # the size 4 makes them malformed
    for marker in (0xC1, 0xC8):
        data = _one(5) + _one(marker) + _one(6)
        with pytest.raises(PackStreamDecodeError):
            unpack_chunked(data, 0, len(data), None)
    # empty string, list and map are one byte but new objects each time
    data = b"".join(_one(m) for m in (5, 0x80, 0x90, 0xA0, 0x90, 6))
    rows, other, pos = unpack_chunked(data, 0, len(data), None)
    assert rows == [[5], [""], [[]], [{}], [[]], [6]]
    assert rows[2][0] is not rows[4][0]
    assert other is None and pos == len(data)
    # 0xC4..0xC7 and 0xE0..0xEF are unknown markers
    data = _one(1) + _one(0xE3)
    with pytest.raises(
        PackStreamDecodeError, match="Unknown PackStream marker E3"
    ):
        unpack_chunked(data, 0, len(data), None)


@pytest.mark.parametrize("stop", range(8 * 5 + 1))
def test_single_byte_run_respects_end(stop: int) -> None:
    data = b"".join(_one(i) for i in range(5)) + b"\x00\x04\xb1"
    seen = []
    rows, other, pos = unpack_chunked(data, 0, stop, None)
    seen += [r[0] for r in rows]
    assert other is None and pos == stop - stop % 8
    rows, other, pos = unpack_chunked(data, pos, len(data), None)
    seen += [r[0] for r in rows]
    assert seen == [0, 1, 2, 3, 4] and pos == 40


def test_single_byte_run_with_noop_and_offsets() -> None:
    data = b"junk" + _one(1) + b"\x00\x00" + _one(2) + _one(3)
    for buf in (data, bytearray(data), memoryview(data)):
        rows, other, pos = unpack_chunked(buf, 4, len(data), None)
        assert rows == [[1], [2], [3]]
        assert other is None and pos == len(data)


def test_memoryview_input_offsets() -> None:
    data = b"xx" + REC2 + SUCCESS + REC1
    rows, other, pos = unpack_chunked(memoryview(data), 2, len(data), None)
    assert rows == [["a", 256]]
    assert other == (0x70, [{"n": 2}])
    assert pos == len(data) - len(REC1)
