"""The fast paths of the PackStream encoder against a plain reference.

The encoder inlines the common types in several loops (``_list``,
``_dict`` and ``_rows``, the latter for lists of 16 or more items that
start with a map), dispatches on ``type()`` and writes long lists into
a local BytesIO.  Every value here is
encoded through each of those places and compared with
:func:`reference`, a direct transcription of the PackStream rules.
"""

from __future__ import annotations

import math
import struct
import typing as t
import uuid

import pytest

from neo4j._codec.packstream import (
    DehydrationHooks,
    Structure,
    UnsupportedTypeError,
    native_uuid,
    pack,
    unpack,
)


def enc(value: t.Any, hooks: DehydrationHooks | None = None) -> bytes:
    buf = bytearray()
    pack(buf, value, hooks)
    return bytes(buf)


def _size(size: int, tiny: int | None, m8: int) -> bytes:
    if tiny is not None and size < 0x10:
        return bytes((tiny | size,))
    if size < 0x100:
        return struct.pack(">BB", m8, size)
    if size < 0x10000:
        return struct.pack(">BH", m8 + 1, size)
    return struct.pack(">BI", m8 + 2, size)


def reference(value: t.Any) -> bytes:
    """PackStream 1 encoding of plain values, written from the spec."""
    if value is None:
        return b"\xc0"
    if value is True:
        return b"\xc3"
    if value is False:
        return b"\xc2"
    if isinstance(value, int):
        if -16 <= value <= 127:
            return struct.pack(">b", value)
        for marker, fmt, bits in (
            (0xC8, ">b", 8),
            (0xC9, ">h", 16),
            (0xCA, ">i", 32),
            (0xCB, ">q", 64),
        ):
            if -(2 ** (bits - 1)) <= value < 2 ** (bits - 1):
                return bytes((marker,)) + struct.pack(fmt, value)
        raise OverflowError(value)
    if isinstance(value, float):
        return b"\xc1" + struct.pack(">d", value)
    if isinstance(value, str):
        data = value.encode("utf-8")
        return _size(len(data), 0x80, 0xD0) + data
    if isinstance(value, bytes):
        return _size(len(value), None, 0xCC) + value
    if isinstance(value, (list, tuple)):
        return _size(len(value), 0x90, 0xD4) + b"".join(
            reference(item) for item in value
        )
    if isinstance(value, dict):
        return _size(len(value), 0xA0, 0xD8) + b"".join(
            reference(k) + reference(v) for k, v in value.items()
        )
    raise TypeError(value)


INT_EDGES = [
    sign * edge + delta
    for edge in (0, 16, 128, 2**15, 2**31, 2**63)
    for sign in (1, -1)
    for delta in (-2, -1, 0, 1, 2)
    if -(2**63) <= sign * edge + delta < 2**63
]

SCALARS: list[t.Any] = [
    *INT_EDGES,
    True,
    False,
    None,
    0.0,
    -0.0,
    1.5,
    math.inf,
    "",
    "x" * 15,
    "x" * 16,
    "é" * 8,  # 16 bytes, 8 characters
    "y" * 300,
    "z" * 70_000,
    b"",
    b"\x00" * 16,
    [],
    [1, "a"],
    {},
    {"k": [1, {"n": None}]},
    (1, 2),
]


def places(value: t.Any) -> dict[str, t.Any]:
    """``value`` at each fast path: top level, list item, map value,
    map value inside a long list of maps (``_rows``)."""
    return {
        "top": value,
        "short list": [value],
        "long list": [value] * 17,
        "very long list": [value] * 300,
        "very long lists in rows": [{"l": [value] * 300}] * 16,
        "map": {"v": value},
        "rows": [{"id": i, "v": value} for i in range(17)],
        "rows, other items first": [0, *({"v": value} for _ in range(16))],
        "rows, other items later": [{"v": value}] * 16 + [value],
        "tuple of maps": tuple({"v": value} for _ in range(17)),
    }


@pytest.mark.parametrize("value", SCALARS, ids=repr)
def test_every_fast_path_matches_reference(value: t.Any) -> None:
    for where, shaped in places(value).items():
        assert enc(shaped) == reference(shaped), where


def test_int_tiers_in_rows_are_minimal() -> None:
    # rows of ids crossing every tier, as an UNWIND batch would send
    rows = [{"id": i} for i in INT_EDGES]
    assert enc(rows) == reference(rows)
    assert unpack(enc(rows)) == rows


def test_bool_is_not_int_in_fast_paths() -> None:
    for where, shaped in places(True).items():
        assert b"\xc3" in enc(shaped)
        if where != "tuple of maps":  # decoded as a list
            assert unpack(enc(shaped)) == shaped, where
    rows = unpack(enc([{"b": i % 2 == 0} for i in range(20)]))
    assert all(type(row["b"]) is bool for row in rows)


def test_nan_in_rows() -> None:
    rows = [{"f": math.nan} for _ in range(20)]
    data = enc(rows)
    assert data == reference(rows)
    assert all(math.isnan(row["f"]) for row in unpack(data))


def test_wide_rows_and_long_strings() -> None:
    rows = [
        {f"key{j}": ("s" * (j + 10), j * 1000, j / 3) for j in range(20)}
        for _ in range(20)
    ]
    assert enc(rows) == reference(rows)


def test_subclasses_in_rows_go_the_general_way() -> None:
    class S(str):
        def __str__(self) -> str:
            return "not this"

    class I(int):  # noqa: E742
        pass

    class D(dict):  # type: ignore[type-arg]
        pass

    rows = [{"s": S("text"), "i": I(300), "d": D(a=1)} for _ in range(20)]
    plain = [{"s": "text", "i": 300, "d": {"a": 1}} for _ in range(20)]
    assert enc(rows) == reference(plain)
    # a subclass row in a long list of maps
    mixed = [{"a": 1}] * 16 + [D(a=1)]
    assert enc(mixed) == reference([{"a": 1}] * 17)


def test_list_subclass_of_maps_is_not_indexed() -> None:
    class Rows(list):  # type: ignore[type-arg]
        def __getitem__(self, index: t.Any) -> t.Any:
            raise AssertionError("indexed")

    rows = Rows({"a": i} for i in range(20))
    assert enc(rows) == reference([{"a": i} for i in range(20)])


def test_errors_in_rows_keep_type_message_and_path() -> None:
    buf = bytearray(b"pre")
    rows: list[t.Any] = [{"id": i} for i in range(20)]
    rows[17] = {"id": 17, "bad": 1j}
    with pytest.raises(UnsupportedTypeError) as exc_info:
        pack(buf, {"rows": rows}, name="parameters")
    assert str(exc_info.value) == (
        "Values of type <class 'complex'> are not supported "
        "(at parameters['rows'][17]['bad'])"
    )
    assert buf == b"pre"

    rows[17] = {"id": 2**63}
    with pytest.raises(OverflowError, match=r"\(at value\[17\]\['id'\]\)"):
        pack(buf, rows)
    assert buf == b"pre"

    with pytest.raises(UnsupportedTypeError, match=r"\(at value\[299\]\)"):
        pack(buf, [1] * 299 + [1j])  # a list written via a BytesIO
    assert buf == b"pre"

    rows[17] = {"id": 17, 5: 1}
    with pytest.raises(TypeError) as key_info:
        pack(buf, rows)
    assert str(key_info.value) == (
        "Map keys must be strings, got key 5 of type int (at value[17])"
    )
    assert buf == b"pre"


class _KeyLike:
    """Equal to (and hashing like) a string, but not a string."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __hash__(self) -> int:
        return hash(self.text)

    def __eq__(self, other: object) -> bool:
        return other == self.text

    def __repr__(self) -> str:
        return f"_KeyLike({self.text!r})"


def test_key_equal_to_a_cached_key_is_still_refused() -> None:
    enc({"id": 1})  # "id" is in the key cache now
    for value in ({_KeyLike("id"): 1}, [{_KeyLike("id"): 1}] * 20):
        with pytest.raises(TypeError, match="Map keys must be strings"):
            enc(value)


def test_str_subclass_keys_in_rows() -> None:
    class K(str):
        pass

    rows = [{K("id"): i, "id2": i} for i in range(20)]
    plain = [{"id": i, "id2": i} for i in range(20)]
    assert enc(rows) == reference(plain)


class _Proxy:
    """Claims the class of the wrapped value (as wrapt / lazy objects do)."""

    def __init__(self, target: t.Any) -> None:
        self._target = target

    @property  # type: ignore[misc]
    def __class__(self) -> type:
        return type(self._target)

    def __getattr__(self, name: str) -> t.Any:
        return getattr(self._target, name)

    def __len__(self) -> int:
        return len(self._target)

    def __iter__(self) -> t.Iterator[t.Any]:
        return iter(self._target)

    def __index__(self) -> int:
        return t.cast(int, self._target.__index__())

    def __float__(self) -> float:
        return float(self._target)

    def __and__(self, other: t.Any) -> t.Any:
        return self._target & other

    def __lt__(self, other: t.Any) -> bool:
        return t.cast(bool, self._target < other)

    def __le__(self, other: t.Any) -> bool:
        return t.cast(bool, self._target <= other)

    def __gt__(self, other: t.Any) -> bool:
        return t.cast(bool, self._target > other)

    def __ge__(self, other: t.Any) -> bool:
        return t.cast(bool, self._target >= other)

    def __bool__(self) -> bool:
        return bool(self._target)


@pytest.mark.parametrize(
    "target",
    [
        "text",
        "t" * 40,
        5,
        300,
        -100,
        2**40,
        2.5,
        True,
        None,
        [1, "a"],
        {"a": 1},
    ],
    ids=repr,
)
def test_proxies_encode_as_the_class_they_claim(target: t.Any) -> None:
    proxy = _Proxy(target)
    assert proxy.__class__ is type(target)
    for where, shaped in places(proxy).items():
        expected = reference(places(target)[where])
        assert enc(shaped) == expected, where


def test_uuid_in_rows_native_and_refused() -> None:
    u = uuid.UUID(int=0x1234)
    rows = [{"u": u} for _ in range(20)]
    native = DehydrationHooks(exact_types={uuid.UUID: native_uuid})
    row = b"\xa1\x81u\xe0" + u.bytes
    assert enc(rows, native) == b"\xd4\x14" + row * 20
    with pytest.raises(UnsupportedTypeError, match=r"UUID.*\(at value\["):
        enc(rows)


def test_hooks_in_rows() -> None:
    class Point2:
        def __init__(self, x: float) -> None:
            self.x = x

    hooks = DehydrationHooks(
        exact_types={Point2: lambda p: Structure(b"X", p.x)}
    )
    rows = [{"p": Point2(1.5), "t": (1, 2)} for _ in range(20)]
    row = b"\xa2\x81p\xb1X\xc1" + struct.pack(">d", 1.5) + b"\x81t\x92\x01\x02"
    assert enc(rows, hooks) == b"\xd4\x14" + row * 20
