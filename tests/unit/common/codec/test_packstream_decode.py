from __future__ import annotations

import random
import typing as t

import pytest

from neo4j._codec.packstream import (
    BrokenHydrationObject,
    PackStreamDecodeError,
    Structure,
    pack,
    unpack,
    unpack_at,
    unpack_message,
)


def enc(value: t.Any) -> bytes:
    buf = bytearray()
    pack(buf, value)
    return bytes(buf)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"\xc8\x7f", 127),  # non-minimal encodings are still accepted
        (b"\xc8\xf0", -16),
        (b"\xc9\x00\x01", 1),
        (b"\xca\xff\xff\xff\xff", -1),
        (b"\xcb\x00\x00\x00\x00\x00\x00\x00\x05", 5),
        (b"\xd0\x01a", "a"),
        (b"\xd1\x00\x01a", "a"),
        (b"\xd2\x00\x00\x00\x01a", "a"),
        (b"\xd4\x01\x01", [1]),
        (b"\xd5\x00\x01\x01", [1]),
        (b"\xd6\x00\x00\x00\x01\x01", [1]),
        (b"\xd8\x01\x81a\x01", {"a": 1}),
        (b"\xd9\x00\x01\x81a\x01", {"a": 1}),
        (b"\xda\x00\x00\x00\x01\x81a\x01", {"a": 1}),
        (b"\xa1\xd0\x01a\x01", {"a": 1}),
        (b"\xce\x00\x00\x00\x02ab", b"ab"),
        (b"\xa2\x81a\x01\x81a\x02", {"a": 2}),  # duplicate key: last wins
    ],
)
def test_decode_non_minimal(data: bytes, expected: t.Any) -> None:
    assert unpack(data) == expected


def test_decode_accepts_bytearray_and_memoryview() -> None:
    data = enc({"k": [b"xy", "z", 1.5, None]})
    for variant in (bytearray(data), memoryview(data)):
        value = unpack(variant)
        assert value == {"k": [b"xy", "z", 1.5, None]}
        assert type(value["k"][0]) is bytes


def test_struct_without_hook_is_structure() -> None:
    data = b"\xb2N\x01\x90"
    value = unpack(data)
    assert value == Structure(b"N", 1, [])
    assert value.tag == b"N"
    assert value.fields == [1, []]
    assert len(value) == 2 and value[0] == 1
    assert repr(value) == "Structure(b'N', 1, [])"


def test_struct_hooks_by_int_tag() -> None:
    calls: list[tuple[t.Any, ...]] = []

    def hook(*fields: t.Any) -> str:
        calls.append(fields)
        return "hydrated"

    data = b"\x92\xb3X\x01\x02\x03\xb1Y\x04"
    assert unpack(data, {0x58: hook}) == ["hydrated", Structure(b"Y", 4)]
    assert calls == [(1, 2, 3)]


def test_nested_struct_hooks_inner_first() -> None:
    hooks = {0x41: lambda *f: ("A", *f), 0x42: lambda *f: ("B", *f)}
    assert unpack(b"\xb2A\x01\xb1B\x02", hooks) == ("A", 1, ("B", 2))


def test_broken_marker_propagates_to_containers() -> None:
    err = ValueError("bad zone")

    def hook(*_: t.Any) -> t.Any:
        return BrokenHydrationObject(err, None)

    value = unpack(b"\xa2\x81a\x91\xb0Z\x81b\x01", {0x5A: hook})
    assert isinstance(value, BrokenHydrationObject)
    assert value.error is err
    assert value.raw_data == {"a": value.raw_data["a"], "b": 1}
    assert isinstance(value.raw_data["a"], BrokenHydrationObject)


def test_record_keeps_broken_field_per_field() -> None:
    err = ValueError("bad")
    hooks = {0x5A: lambda *_: BrokenHydrationObject(err, None)}
    tag, fields = unpack_message(b"\xb1\x71\x92\x01\xb0Z", 0, 6, hooks)
    assert tag == 0x71
    row = fields[0]
    assert row[0] == 1
    assert isinstance(row[1], BrokenHydrationObject)


def test_unpack_message_in_place() -> None:
    data = b"junk\xb1\x70\xa1\x81t\x01more"
    assert unpack_message(data, 4, 10, None) == (0x70, [{"t": 1}])


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"\xb1\x71\x91\x05", [[5]]),
        (b"\xb1\x71\x93\x01\xc0\xc3", [[1, None, True]]),
        (b"\xb1\x71\x92\x81a\xc9\x01\x00", [["a", 256]]),
        (b"\xb1\x71\xd4\x01\x01", [[1]]),
        (b"\xb1\x71\xd5\x00\x01\x01", [[1]]),
        (b"\xb1\x71\xd6\x00\x00\x00\x01\x01", [[1]]),
        (b"\xb1\x71\x90", [[]]),
    ],
)
def test_unpack_record_message(data: bytes, expected: t.Any) -> None:
    assert unpack_message(data, 0, len(data), None) == (0x71, expected)


@pytest.mark.parametrize(
    "data",
    [
        b"\xb1\x71\x91",  # truncated
        b"\xb1\x71\x91\xc8",  # one-byte body holding a two-byte value
        b"\xb1\x71\x91\x01\x01",  # trailing
        b"\xb1\x71\x01",  # not a list
        b"\xb1\x71\xd4\x05\x01",  # list longer than the message
        b"\x91\x01",  # not a structure
        b"\xb1",  # no tag
        b"",
    ],
)
def test_unpack_message_malformed(data: bytes) -> None:
    with pytest.raises(PackStreamDecodeError):
        unpack_message(data, 0, len(data), None)


def test_unpack_message_reading_past_end_detected() -> None:
    # the declared value continues beyond `end` into other bytes
    data = b"\xb1\x70\x82ab" + b"\x00\x00"
    with pytest.raises(PackStreamDecodeError, match="Truncated"):
        unpack_message(data, 0, 4, None)


def test_unpack_at() -> None:
    data = b"\x01\x81a\xc0"
    assert unpack_at(data, 1) == ("a", 3)
    assert unpack_at(data, 3) == (None, 4)
    with pytest.raises(PackStreamDecodeError):
        unpack_at(b"\x82a", 0)


BAD_MARKERS = [
    0xC4,
    0xC5,
    0xC6,
    0xC7,
    0xCF,
    0xD3,
    0xD7,
    *range(0xDB, 0xE0),
    # E0 is the UUID of PackStream 2 (test_uuid.py)
    *range(0xE1, 0xF0),
]


@pytest.mark.parametrize("marker", BAD_MARKERS)
def test_bad_markers(marker: int) -> None:
    with pytest.raises(
        PackStreamDecodeError, match=f"Unknown PackStream marker {marker:02X}"
    ):
        unpack(bytes([marker]) + b"\x00" * 8)
    with pytest.raises(PackStreamDecodeError):
        unpack(b"\x91" + bytes([marker]))


def test_struct_field_count_is_at_most_15() -> None:
    # markers 0xB0-0xBF encode 0-15 fields; 0xC0.. are other types
    assert len(unpack(b"\xbfZ" + bytes(15))) == 15
    with pytest.raises(PackStreamDecodeError):
        unpack(b"\xbfZ" + bytes(16))  # 16th byte is trailing


@pytest.mark.parametrize(
    "data",
    [
        b"\xa1\x01\x01",
        b"\xa1\xc0\x01",
        b"\xa1\x91\x81a\x01",
        b"\xa1\xcc\x01a\x01",
        b"\xd8\x01\x01\x01",
    ],
)
def test_non_string_map_key(data: bytes) -> None:
    with pytest.raises(PackStreamDecodeError, match="not a string"):
        unpack(data)


@pytest.mark.parametrize(
    "data", [b"\x82\xc3\x28", b"\xd0\x01\xff", b"\x83\xe2\x82"]
)
def test_invalid_utf8(data: bytes) -> None:
    with pytest.raises(PackStreamDecodeError, match="UTF-8"):
        unpack(data)


def test_invalid_utf8_map_key() -> None:
    with pytest.raises(PackStreamDecodeError, match="UTF-8"):
        unpack(b"\xa1\x81\xff\x01")


SAMPLE = (
    enc(
        {
            "s": "hello world, long enough",
            "n": [1, -200, 70000, 2**40, 1.25, None, True, False],
            "b": b"\x00\x01",
            "m": {"x": [], "y": {}},
        }
    )
    + b""
)
SAMPLE_STRUCT = b"\xb3N\x01\x91\x81L\xa1\x81k\xd0\x10" + b"v" * 16


@pytest.mark.parametrize("sample", [SAMPLE, SAMPLE_STRUCT])
def test_truncated_at_every_position(sample: bytes) -> None:
    unpack(sample)  # the full sample is valid
    for cut in range(len(sample)):
        with pytest.raises(PackStreamDecodeError):
            unpack(sample[:cut])


@pytest.mark.parametrize("sample", [SAMPLE, SAMPLE_STRUCT])
def test_trailing_bytes(sample: bytes) -> None:
    with pytest.raises(PackStreamDecodeError, match="trailing"):
        unpack(sample + b"\x00")


def test_empty_input() -> None:
    with pytest.raises(PackStreamDecodeError, match="No data"):
        unpack(b"")


@pytest.mark.parametrize(
    "data",
    [
        b"\xd6\xff\xff\xff\xff",
        b"\xda\xff\xff\xff\xff\x81a",
        b"\xd2\xff\xff\xff\xffabc",
        b"\xce\xff\xff\xff\xff",
        b"\xd5\xff\xff" + b"\x01" * 10,
    ],
)
def test_huge_announced_sizes_fail_fast(data: bytes) -> None:
    with pytest.raises(PackStreamDecodeError, match="Truncated"):
        unpack(data)


def test_deep_nesting() -> None:
    with pytest.raises(PackStreamDecodeError, match="nested too deeply"):
        unpack(b"\x91" * 100_000 + b"\x01")
    assert unpack(b"\x91" * 50 + b"\x01") is not None


def test_fuzz_random_bytes() -> None:
    rng = random.Random(1234)
    # bias towards interesting markers so parsing gets deep
    markers = [*range(0x80, 0xE0), 0xC0, 0xC1, 0xC3]
    ok = failed = 0
    for i in range(100_000):
        n = rng.randint(0, 64)
        if i % 2:
            data = bytes(rng.getrandbits(8) for _ in range(n))
        else:
            data = bytes(
                rng.choice(markers)
                if rng.random() < 0.5
                else rng.getrandbits(8)
                for _ in range(n)
            )
        try:
            unpack(data)
        except PackStreamDecodeError:
            failed += 1
        else:
            ok += 1
    assert ok + failed == 100_000
    assert ok > 100 and failed > 1000
