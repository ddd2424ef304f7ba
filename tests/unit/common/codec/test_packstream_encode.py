from __future__ import annotations

import math
import struct
import typing as t

import pytest

from neo4j._codec.packstream import (
    DehydrationHooks,
    Structure,
    UnsupportedTypeError,
    pack,
    pack_struct,
    unpack,
)


def enc(value: t.Any, hooks: DehydrationHooks | None = None) -> bytes:
    buf = bytearray()
    pack(buf, value, hooks)
    return bytes(buf)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, b"\xc0"),
        (False, b"\xc2"),
        (True, b"\xc3"),
        (0, b"\x00"),
        (1, b"\x01"),
        (127, b"\x7f"),
        (-1, b"\xff"),
        (-16, b"\xf0"),
        (-17, b"\xc8\xef"),
        (-128, b"\xc8\x80"),
        (-129, b"\xc9\xff\x7f"),
        (128, b"\xc9\x00\x80"),
        (32767, b"\xc9\x7f\xff"),
        (-32768, b"\xc9\x80\x00"),
        (32768, b"\xca\x00\x00\x80\x00"),
        (-32769, b"\xca\xff\xff\x7f\xff"),
        (2**31 - 1, b"\xca\x7f\xff\xff\xff"),
        (-(2**31), b"\xca\x80\x00\x00\x00"),
        (2**31, b"\xcb\x00\x00\x00\x00\x80\x00\x00\x00"),
        (-(2**31) - 1, b"\xcb\xff\xff\xff\xff\x7f\xff\xff\xff"),
        (2**63 - 1, b"\xcb\x7f\xff\xff\xff\xff\xff\xff\xff"),
        (-(2**63), b"\xcb\x80\x00\x00\x00\x00\x00\x00\x00"),
    ],
)
def test_scalars_exact_bytes(value: t.Any, expected: bytes) -> None:
    assert enc(value) == expected
    decoded = unpack(expected)
    assert decoded == value
    assert type(decoded) is type(value)


def test_bool_is_not_int() -> None:
    assert enc([True, 1, False, 0]) == b"\x94\xc3\x01\xc2\x00"


@pytest.mark.parametrize("value", [2**63, -(2**63) - 1, 2**100])
def test_int_overflow(value: int) -> None:
    buf = bytearray(b"keep")
    with pytest.raises(OverflowError, match=f"Integer {value} is outside"):
        pack(buf, value)
    assert buf == b"keep"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0.0, b"\xc1" + b"\x00" * 8),
        (1.5, b"\xc1\x3f\xf8\x00\x00\x00\x00\x00\x00"),
        (-0.0, b"\xc1\x80" + b"\x00" * 7),
        (math.inf, b"\xc1\x7f\xf0" + b"\x00" * 6),
        (-math.inf, b"\xc1\xff\xf0" + b"\x00" * 6),
        (1.1, b"\xc1" + struct.pack(">d", 1.1)),
    ],
)
def test_floats(value: float, expected: bytes) -> None:
    assert enc(value) == expected
    assert unpack(expected) == value


def test_float_nan_roundtrip() -> None:
    data = enc(math.nan)
    assert data[0] == 0xC1 and len(data) == 9
    assert math.isnan(unpack(data))


def _str_header(n: int) -> bytes:
    if n < 16:
        return bytes([0x80 + n])
    if n < 256:
        return bytes([0xD0, n])
    if n < 65536:
        return b"\xd1" + n.to_bytes(2, "big")
    return b"\xd2" + n.to_bytes(4, "big")


@pytest.mark.parametrize(
    ("size", "header"),
    [
        (0, b"\x80"),
        (15, b"\x8f"),
        (16, b"\xd0\x10"),
        (255, b"\xd0\xff"),
        (256, b"\xd1\x01\x00"),
        (65535, b"\xd1\xff\xff"),
        (65536, b"\xd2\x00\x01\x00\x00"),
    ],
)
def test_string_size_classes(size: int, header: bytes) -> None:
    value = "a" * size
    data = enc(value)
    assert data == header + value.encode()
    assert _str_header(size) == header
    assert unpack(data) == value


def test_multibyte_utf8_uses_byte_length() -> None:
    # 5 characters, 15 bytes -> still tiny; 6 characters, 18 bytes -> D0
    assert enc("€" * 5) == b"\x8f" + "€".encode() * 5
    assert enc("€" * 6) == b"\xd0\x12" + "€".encode() * 6
    assert enc("😀") == b"\x84\xf0\x9f\x98\x80"
    assert enc("ä") == b"\x82\xc3\xa4"
    assert unpack(enc("Grüße 😀 €")) == "Grüße 😀 €"


@pytest.mark.parametrize(
    ("size", "header"),
    [
        (0, b"\xcc\x00"),
        (1, b"\xcc\x01"),
        (255, b"\xcc\xff"),
        (256, b"\xcd\x01\x00"),
        (65535, b"\xcd\xff\xff"),
        (65536, b"\xce\x00\x01\x00\x00"),
    ],
)
def test_bytes_size_classes(size: int, header: bytes) -> None:
    value = bytes(range(256)) * (size // 256) + bytes(size % 256)
    for variant in (value, bytearray(value), memoryview(value)):
        assert enc(variant) == header + value
    decoded = unpack(header + value)
    assert decoded == value
    assert type(decoded) is bytes


@pytest.mark.parametrize(
    ("size", "header"),
    [
        (0, b"\x90"),
        (15, b"\x9f"),
        (16, b"\xd4\x10"),
        (255, b"\xd4\xff"),
        (256, b"\xd5\x01\x00"),
        (65535, b"\xd5\xff\xff"),
        (65536, b"\xd6\x00\x01\x00\x00"),
    ],
)
def test_list_size_classes(size: int, header: bytes) -> None:
    value = [1] * size
    assert enc(value) == header + b"\x01" * size
    assert enc(tuple(value)) == header + b"\x01" * size
    assert unpack(header + b"\x01" * size) == value


def _map(size: int) -> dict[str, int]:
    return {f"{i:05d}": 0 for i in range(size)}


def _map_body(size: int) -> bytes:
    return b"".join(
        b"\x85" + f"{i:05d}".encode() + b"\x00" for i in range(size)
    )


@pytest.mark.parametrize(
    ("size", "header"),
    [
        (0, b"\xa0"),
        (15, b"\xaf"),
        (16, b"\xd8\x10"),
        (255, b"\xd8\xff"),
        (256, b"\xd9\x01\x00"),
        (65535, b"\xd9\xff\xff"),
        (65536, b"\xda\x00\x01\x00\x00"),
    ],
)
def test_map_size_classes(size: int, header: bytes) -> None:
    data = header + _map_body(size)
    assert enc(_map(size)) == data
    assert unpack(data) == _map(size)


def test_nested_exact_bytes() -> None:
    value = {"a": [1, "b", {"c": None}]}
    assert enc(value) == b"\xa1\x81a\x93\x01\x81b\xa1\x81c\xc0"


def test_structure_exact_bytes() -> None:
    assert enc(Structure(b"X", 7203, 1.0, 2.0)) == (
        b"\xb3X\xc9\x1c\x23"
        b"\xc1" + struct.pack(">d", 1.0) + b"\xc1" + struct.pack(">d", 2.0)
    )
    fifteen = Structure(b"Z", *range(15))
    data = enc(fifteen)
    assert data == b"\xbfZ" + bytes(range(15))
    assert unpack(data) == fifteen


def test_pack_struct_message() -> None:
    buf = bytearray(b"\x00")
    pack_struct(buf, b"\x10", ["RETURN 1", {}, {}])
    assert buf == b"\x00\xb3\x10\x88RETURN 1\xa0\xa0"


def test_struct_too_many_fields() -> None:
    buf = bytearray(b"x")
    with pytest.raises(OverflowError, match="at most 15"):
        pack_struct(buf, b"Z", list(range(16)))
    assert buf == b"x"
    with pytest.raises(OverflowError, match="at most 15"):
        pack(buf, Structure(b"Z", *range(16)))
    assert buf == b"x"


@pytest.mark.parametrize("tag", [b"", b"ab", "N"])
def test_struct_bad_tag(tag: t.Any) -> None:
    buf = bytearray()
    with pytest.raises(ValueError, match="exactly one byte"):
        pack_struct(buf, tag, [])
    assert buf == b""


def test_unsupported_type_names_type_and_path() -> None:
    buf = bytearray(b"pre")

    class Thing:
        pass

    with pytest.raises(UnsupportedTypeError) as exc_info:
        pack(buf, {"a": [1, 2, 3, Thing()]}, name="parameters")
    msg = str(exc_info.value)
    assert "Thing" in msg
    assert "(at parameters['a'][3])" in msg
    assert isinstance(exc_info.value, TypeError)
    assert isinstance(exc_info.value, ValueError)
    assert buf == b"pre"


def test_unsupported_type_default_name() -> None:
    with pytest.raises(
        TypeError,
        match=r"Values of type <class 'complex'> are not supported "
        r"\(at value\[0\]\)",
    ):
        enc([1j])


def test_set_is_unsupported() -> None:
    with pytest.raises(TypeError, match=r"<class 'set'> .*\(at value\)"):
        enc({1})


def test_non_str_key() -> None:
    buf = bytearray(b"pre")
    with pytest.raises(TypeError) as exc_info:
        pack(buf, {"x": [{"ok": 1, 5: 2}]}, name="parameters")
    assert str(exc_info.value) == (
        "Map keys must be strings, got key 5 of type int "
        "(at parameters['x'][0])"
    )
    assert buf == b"pre"


def test_overflow_path_in_struct_message() -> None:
    buf = bytearray()
    with pytest.raises(OverflowError, match=r"\(at parameters\['n'\]\)"):
        pack_struct(
            buf,
            b"\x10",
            ["RETURN $n", {"n": 2**64}, {}],
            field_names=("query", "parameters", "extra"),
        )
    assert buf == b""


def test_buffer_restored_on_hook_error() -> None:
    class Boom(Exception):
        pass

    class Thing:
        pass

    def fail(_: t.Any) -> t.Any:
        raise Boom("nope")

    hooks = DehydrationHooks(exact_types={Thing: fail})
    buf = bytearray(b"pre")
    with pytest.raises(Boom, match="nope"):
        pack(buf, ["long string" * 10, Thing()], hooks)
    assert buf == b"pre"


def test_subclasses_of_core_types() -> None:
    import enum

    class Color(enum.IntEnum):
        RED = 200

    class S(str):
        pass

    class L(list):  # type: ignore[type-arg]
        pass

    class D(dict):  # type: ignore[type-arg]
        pass

    class F(float):
        pass

    assert enc(Color.RED) == b"\xc9\x00\xc8"
    assert enc(S("ab")) == b"\x82ab"
    assert enc(L([1])) == b"\x91\x01"
    assert enc(D(a=1)) == b"\xa1\x81a\x01"
    assert enc(F(1.5)) == b"\xc1\x3f\xf8" + b"\x00" * 6


def test_str_subclasses_send_their_text_not_their_str() -> None:
    import enum

    class Mood(str, enum.Enum):
        HAPPY = "ok"

    class Loud(str):
        def __str__(self) -> str:
            return "LOUD"

    # str(Mood.HAPPY) is "Mood.HAPPY"; the value is "ok"
    assert enc(Mood.HAPPY) == b"\x82ok"
    assert enc(Loud("hi")) == b"\x82hi"
    assert enc([Mood.HAPPY]) == b"\x91\x82ok"
    assert enc({"k": Loud("hi")}) == b"\xa1\x81k\x82hi"


def test_hooks_exact_and_subtypes() -> None:
    class Base:
        pass

    class Child(Base):
        pass

    class Exact:
        pass

    hooks = DehydrationHooks(
        exact_types={Exact: lambda _: Structure(b"E", 1)},
        subtypes={Base: lambda _: "base"},
    )
    assert enc([Exact(), Child()], hooks) == b"\x92\xb1E\x01\x84base"
    assert hooks.get_transformer(int) is None
    assert hooks.get_transformer(Child) is hooks.subtypes[Base]
    ext = hooks.extend(exact_types={int: str})
    assert ext.get_transformer(int) is str
    assert hooks.get_transformer(int) is None


def test_hooks_take_priority_over_tuple_fallback() -> None:
    class Pair(tuple):  # type: ignore[type-arg]
        pass

    assert enc(Pair((1, 2))) == b"\x92\x01\x02"
    hooks = DehydrationHooks(exact_types={Pair: lambda v: Structure(b"P")})
    assert enc(Pair((1, 2)), hooks) == b"\xb0P"


def test_appends_to_existing_buffer() -> None:
    buf = bytearray(b"\xaa")
    pack(buf, 1)
    pack(buf, "x")
    assert buf == b"\xaa\x01\x81x"


def test_map_keys_cached_and_uncached_encode_alike() -> None:
    class S(str):
        pass

    long_key = "k" * 70  # too long for the key cache
    value = {"id": 1, S("id2"): 2, long_key: 3, "é": 4}
    expected = (
        b"\xa4\x82id\x01\x83id2\x02\xd0\x46"
        + long_key.encode()
        + b"\x03\x82\xc3\xa9\x04"
    )
    for _ in range(3):  # first and later (cached) encodings agree
        assert enc(value) == expected
    # many distinct keys: the bounded cache is cleared, output unchanged
    many = {f"key{i}": i for i in range(3000)}
    assert unpack(enc(many)) == many
    assert unpack(enc(many)) == many


@pytest.mark.parametrize("key", [5, 1.5, None, (1,), b"id"])
def test_non_str_key_types(key: t.Any) -> None:
    buf = bytearray(b"pre")
    with pytest.raises(TypeError, match="Map keys must be strings"):
        pack(buf, [{"id": 1}, {"id": 2, key: 3}])
    assert buf == b"pre"


def test_unhashable_key_in_map_subclass() -> None:
    class Pairs(dict):  # type: ignore[type-arg]
        def items(self) -> t.Any:
            return [(["a"], 1)]

        def __len__(self) -> int:
            return 1

    with pytest.raises(TypeError, match="Map keys must be strings"):
        enc({"m": Pairs()})


def test_unwind_batch_exact_bytes() -> None:
    rows = [
        {
            "id": i,
            "name": f"u{i}",
            "score": 0.5,
            "ok": i % 2 == 0,
            "tags": ["a"],
            "none": None,
            "big": 2**40,
            "sub": {"x": -1},
        }
        for i in range(2)
    ]
    row = (
        b"\xa8\x82id{id}\x84name\x82u{id}\x85score\xc1\x3f\xe0"
        + b"\x00" * 6
        + b"\x82ok{ok}\x84tags\x91\x81a\x84none\xc0\x83big\xcb"
        + (2**40).to_bytes(8, "big")
        + b"\x83sub\xa1\x81x\xff"
    )
    expected = b"\x92" + b"".join(
        row.replace(b"{id}", bytes([i]))
        .replace(b"{ok}", b"\xc3" if i % 2 == 0 else b"\xc2")
        .replace(b"u" + bytes([i]), b"u" + str(i).encode())
        for i in range(2)
    )
    assert enc(rows) == expected
    assert unpack(expected) == rows
