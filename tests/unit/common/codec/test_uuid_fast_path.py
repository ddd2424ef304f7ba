"""UUIDs through the codec's fast paths, byte-exact against PackStream 2.

PackStream 2 (Bolt 6.1) encodes a UUID as marker ``E0`` followed by its
16 bytes, big-endian.  The encoder writes exact :class:`uuid.UUID`
values itself when the hooks carry :func:`native_uuid` (inline in lists
and maps, through the type table elsewhere); the decoder reads them
inline in lists and maps and through its marker table elsewhere.  These
tests pin every one of those spots, and prove that the encoder's fast
path is really taken (no generic hook round).
"""

from __future__ import annotations

import copy
import pickle
import typing as t
import uuid
import weakref

import pytest
from hypothesis import (
    given,
    strategies as st,
)

from neo4j._codec.hydration import (
    HydrationHandlerV1,
    HydrationHandlerV2,
    HydrationHandlerV3,
    HydrationHandlerV4,
)
from neo4j._codec.hydration._uuid import dehydrate_uuid
from neo4j._codec.packstream import (
    DehydrationHooks,
    PackStreamDecodeError,
    Preencoded,
    Structure,
    UnsupportedTypeError,
    _decode,
    _encode,
    native_uuid,
    pack,
    pack_struct,
    unpack,
    unpack_at,
    unpack_chunked,
    unpack_message,
)


A = uuid.UUID("550e8400-e29b-41d4-a716-446655440000")
B = uuid.UUID("00000000-0000-0000-0000-000000000000")
C = uuid.UUID("ffffffff-ffff-ffff-ffff-ffffffffffff")
D = uuid.UUID("01020304-0506-0708-090a-0b0c0d0e0f10")

E0 = b"\xe0"
A_ENC = E0 + bytes.fromhex("550e8400e29b41d4a716446655440000")
B_ENC = E0 + bytes(16)
C_ENC = E0 + b"\xff" * 16
D_ENC = E0 + bytes(range(1, 17))

HOOKS = HydrationHandlerV4().dehydration_hooks


class _MyUUID(uuid.UUID):
    pass


def _pack(value: object, hooks: DehydrationHooks | None = HOOKS) -> bytes:
    buffer = bytearray()
    pack(buffer, value, hooks)
    return bytes(buffer)


def _chunk(payload: bytes) -> bytes:
    return len(payload).to_bytes(2, "big") + payload + b"\x00\x00"


# --- encoding: byte-exact in every position ---------------------------

ENCODINGS: list[tuple[str, object, bytes]] = [
    ("single", A, A_ENC),
    ("zero", B, B_ENC),
    ("all ones", C, C_ENC),
    ("byte order", D, D_ENC),
    ("tiny list", [A, B], b"\x92" + A_ENC + B_ENC),
    ("tuple", (A, C), b"\x92" + A_ENC + C_ENC),
    ("list8", [D] * 16, b"\xd4\x10" + D_ENC * 16),
    ("list16", [B] * 256, b"\xd5\x01\x00" + B_ENC * 256),
    (
        "mixed list",
        [1, "x", A, 1.5, None, True, B, [C], {"k": D}],
        b"\x99\x01\x81x"
        + A_ENC
        + b"\xc1\x3f\xf8\x00\x00\x00\x00\x00\x00\xc0\xc3"
        + B_ENC
        + b"\x91"
        + C_ENC
        + b"\xa1\x81k"
        + D_ENC,
    ),
    ("map value", {"u": A}, b"\xa1\x81u" + A_ENC),
    (
        "map values",
        {"a": A, "n": 1, "b": B},
        b"\xa3\x81a" + A_ENC + b"\x81n\x01\x81b" + B_ENC,
    ),
    ("list in map", {"l": [A, B]}, b"\xa1\x81l\x92" + A_ENC + B_ENC),
    (
        "maps in list",
        [{"id": A}, {"id": B}],
        b"\x92\xa1\x82id" + A_ENC + b"\xa1\x82id" + B_ENC,
    ),
    ("nested lists", [[[D]]], b"\x91\x91\x91" + D_ENC),
    ("structure field", Structure(b"Z", A, 1), b"\xb2Z" + A_ENC + b"\x01"),
    ("subclass", _MyUUID(int=A.int), A_ENC),
    ("subclass in list", [_MyUUID(int=A.int), B], b"\x92" + A_ENC + B_ENC),
    ("subclass in map", {"s": _MyUUID(int=D.int)}, b"\xa1\x81s" + D_ENC),
]


@pytest.mark.parametrize(
    ("value", "expected"),
    [(v, e) for _, v, e in ENCODINGS],
    ids=[name for name, _, _ in ENCODINGS],
)
def test_bolt_6_1_encoding_is_e0_and_16_bytes(
    value: object, expected: bytes
) -> None:
    assert _pack(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [(v, e) for _, v, e in ENCODINGS if "subclass" not in _],
    ids=[name for name, _, _ in ENCODINGS if "subclass" not in name],
)
def test_exact_uuids_skip_the_generic_hook_round(
    monkeypatch: pytest.MonkeyPatch, value: object, expected: bytes
) -> None:
    # the fast path never reaches the generic fallback (hooks lookup and
    # transformer call); with the fallback gone the bytes stay the same
    def no_fallback(*args: object) -> t.NoReturn:
        raise AssertionError("UUID took the generic hook round")

    monkeypatch.setattr(_encode, "_encode_other", no_fallback)
    assert _pack(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ([A, B], b"\x92" + A_ENC + B_ENC),
        ([D] * 16, b"\xd4\x10" + D_ENC * 16),
        ({"u": A, "v": C}, b"\xa2\x81u" + A_ENC + b"\x81v" + C_ENC),
        ([{"id": A}], b"\x91\xa1\x82id" + A_ENC),
        ({"l": [A, 1]}, b"\xa1\x81l\x92" + A_ENC + b"\x01"),
    ],
)
def test_uuids_in_lists_and_maps_are_written_inline(
    monkeypatch: pytest.MonkeyPatch, value: object, expected: bytes
) -> None:
    # items of lists and values of maps do not even go through the type
    # table (one call less per UUID)
    def no_table(*args: object) -> t.NoReturn:
        raise AssertionError("UUID item went through the type table")

    monkeypatch.setitem(_encode._EXACT, uuid.UUID, no_table)
    assert _pack(value) == expected


def test_subclasses_go_through_the_transformer(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[object] = []

    def spy(value: uuid.UUID) -> Preencoded:
        calls.append(value)
        return native_uuid(value)

    hooks = HOOKS.extend(subtypes={uuid.UUID: spy})
    value = _MyUUID(int=C.int)
    assert _pack([value, A], hooks) == b"\x92" + C_ENC + A_ENC
    assert calls == [value]


def test_bolt_6_1_handler_installs_the_fast_transformer() -> None:
    # the encoder recognises this very function object
    assert dehydrate_uuid is native_uuid
    assert HOOKS.exact_types[uuid.UUID] is native_uuid
    assert HOOKS.get_transformer(_MyUUID) is native_uuid


def test_native_uuid_transformer_output() -> None:
    encoded = native_uuid(D)
    assert isinstance(encoded, Preencoded)
    assert encoded.data == D_ENC
    assert native_uuid(_MyUUID(int=C.int)).data == C_ENC


def test_run_message_with_uuid_parameters() -> None:
    buffer = bytearray()
    pack_struct(
        buffer,
        b"\x10",
        ("RETURN $u", {"u": A, "us": [B, C]}, {}),
        HOOKS,
    )
    assert bytes(buffer) == (
        b"\xb3\x10\x89RETURN $u\xa2\x81u"
        + A_ENC
        + b"\x82us\x92"
        + B_ENC
        + C_ENC
        + b"\xa0"
    )


def test_other_transformers_for_uuid_win_over_the_fast_path() -> None:
    # the hooks stay the single source of truth: a different transformer
    # for exact UUIDs is called in every position
    hooks = DehydrationHooks(exact_types={uuid.UUID: str})
    text = str(A).encode()
    assert _pack(A, hooks) == b"\xd0\x24" + text
    assert _pack([A], hooks) == b"\x91\xd0\x24" + text
    assert _pack({"u": A}, hooks) == b"\xa1\x81u\xd0\x24" + text


@given(st.lists(st.uuids(), max_size=40))
def test_any_uuids_round_trip(values: list[uuid.UUID]) -> None:
    as_map = {str(i): v for i, v in enumerate(values)}
    encoded = _pack([values, as_map, *values])
    decoded = unpack(encoded)
    assert decoded == [values, as_map, *values]
    assert all(type(v) is uuid.UUID for v in decoded[2:])


# --- older protocols and no hooks: refused, in every position ---------

OLDER = [
    HydrationHandlerV1(),
    HydrationHandlerV1(utc_patch=True),
    HydrationHandlerV2(),
    HydrationHandlerV3(),
]
POSITIONS: list[tuple[object, str]] = [
    (A, ""),
    ([1, A], "[1]"),
    ((A,), "[0]"),
    ([A] * 20, "[0]"),
    ({"u": A}, "['u']"),
    ({"l": [2, A]}, "['l'][1]"),
    ([{"id": A}], "[0]['id']"),
    (Structure(b"Z", 1, A), ".fields[1]"),
]


@pytest.mark.parametrize("handler", OLDER)
@pytest.mark.parametrize(("value", "path"), POSITIONS)
def test_older_protocols_refuse_uuids_in_every_position(
    handler: t.Any, value: object, path: str
) -> None:
    buffer = bytearray(b"keep")
    with pytest.raises(UnsupportedTypeError) as info:
        pack(buffer, value, handler.dehydration_hooks)
    assert isinstance(info.value, ValueError)
    assert str(info.value) == (
        f"Values of type {uuid.UUID} are not supported "
        f"(requires Bolt protocol version 6.1 or newer) (at value{path})"
    )
    assert buffer == b"keep"


@pytest.mark.parametrize(("value", "path"), POSITIONS)
def test_without_hooks_uuids_are_unsupported(value: object, path: str) -> None:
    with pytest.raises(UnsupportedTypeError) as info:
        _pack(value, None)
    assert str(info.value) == (
        f"Values of type {uuid.UUID} are not supported (at value{path})"
    )


# --- decoding: every position, exact type, complete objects -----------

DECODINGS: list[tuple[str, bytes, object]] = [
    ("single", A_ENC, A),
    ("zero", B_ENC, B),
    ("all ones", C_ENC, C),
    ("byte order", D_ENC, D),
    ("tiny list", b"\x92" + A_ENC + B_ENC, [A, B]),
    ("list8", b"\xd4\x10" + D_ENC * 16, [D] * 16),
    ("list16", b"\xd5\x01\x00" + C_ENC * 256, [C] * 256),
    (
        "mixed list",
        b"\x94\x01" + A_ENC + b"\xc3\x81x",
        [1, A, True, "x"],
    ),
    ("map value", b"\xa1\x81u" + A_ENC, {"u": A}),
    ("map8", b"\xd8\x01\x81u" + A_ENC, {"u": A}),
    (
        "map values",
        b"\xa2\x81a" + A_ENC + b"\x81b" + D_ENC,
        {"a": A, "b": D},
    ),
    ("list in map", b"\xa1\x81l\x92" + A_ENC + B_ENC, {"l": [A, B]}),
    ("nested lists", b"\x91\x91" + D_ENC, [[D]]),
    ("structure field", b"\xb2Z" + A_ENC + b"\x01", Structure(b"Z", A, 1)),
]


def _uuids_in(value: object) -> list[object]:
    if isinstance(value, list):
        return [u for item in value for u in _uuids_in(item)]
    if isinstance(value, dict):
        return [u for item in value.values() for u in _uuids_in(item)]
    if isinstance(value, Structure):
        return _uuids_in(value.fields)
    return [value] if isinstance(value, uuid.UUID) else []


@pytest.mark.parametrize(
    ("data", "expected"),
    [(d, e) for _, d, e in DECODINGS],
    ids=[name for name, _, _ in DECODINGS],
)
def test_decoding_in_every_position(data: bytes, expected: object) -> None:
    decoded = unpack(data)
    assert decoded == expected
    found = _uuids_in(decoded)
    assert found
    assert all(type(u) is uuid.UUID for u in found)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"\x92" + A_ENC + B_ENC, [A, B]),
        (b"\xd4\x10" + D_ENC * 16, [D] * 16),
        (b"\xa2\x81u" + A_ENC + b"\x81v" + C_ENC, {"u": A, "v": C}),
        (b"\xb1Z" + A_ENC, Structure(b"Z", A)),
    ],
)
def test_uuids_in_lists_and_maps_are_read_inline(
    monkeypatch: pytest.MonkeyPatch, data: bytes, expected: object
) -> None:
    # items of lists, maps and structures do not go through the marker
    # table (one call less per UUID)
    def no_table(*args: object) -> t.NoReturn:
        raise AssertionError("UUID item went through the marker table")

    table = list(_decode._TABLE)
    table[0xE0] = no_table
    monkeypatch.setattr(_decode, "_TABLE", table)
    assert unpack(data) == expected


@pytest.mark.parametrize("value", [A, B, C, D])
def test_decoded_uuids_are_complete_uuid_objects(value: uuid.UUID) -> None:
    for decoded in (
        unpack(E0 + value.bytes),
        unpack(b"\x91" + E0 + value.bytes)[0],
        unpack(b"\xa1\x81k" + E0 + value.bytes)["k"],
    ):
        assert type(decoded) is uuid.UUID
        assert decoded == value
        assert hash(decoded) == hash(value)
        assert decoded.int == value.int
        assert decoded.bytes == value.bytes
        assert str(decoded) == str(value)
        assert repr(decoded) == repr(value)
        assert decoded.is_safe is uuid.SafeUUID.unknown
        assert pickle.loads(pickle.dumps(decoded)) == value
        assert copy.deepcopy(decoded) == value
        assert weakref.ref(decoded)() is decoded
        with pytest.raises(TypeError):
            decoded.int = 1  # type: ignore[misc]


def test_uuids_in_a_record_message() -> None:
    message = b"\xb1\x71\x93" + A_ENC + b"\x01\xa1\x81u" + B_ENC
    assert unpack_message(message, 0, len(message), None) == (
        0x71,
        [[A, 1, {"u": B}]],
    )


def test_uuids_in_chunked_records() -> None:
    data = _chunk(b"\xb1\x71\x92" + A_ENC + D_ENC) + _chunk(
        b"\xb1\x71\x91\x92" + B_ENC + C_ENC
    )
    rows, other, pos = unpack_chunked(data, 0, len(data), None)
    assert rows == [[A, D], [[B, C]]]
    assert other is None
    assert pos == len(data)
    assert all(type(u) is uuid.UUID for u in (*rows[0], *rows[1][0]))


def test_unpack_at_reports_the_offset_after_the_uuid() -> None:
    data = b"\x01" + A_ENC + b"\x02"
    assert unpack_at(data, 1) == (A, 18)


@pytest.mark.parametrize(
    "data",
    [
        A_ENC[:10],
        E0,
        b"\x91" + A_ENC[:16],
        b"\x92" + A_ENC + A_ENC[:5],
        b"\xa1\x81u" + A_ENC[:16],
        b"\xb1Z" + A_ENC[:3],
    ],
    ids=["single", "marker only", "list", "second item", "map", "struct"],
)
def test_truncated_uuids_are_decode_errors(data: bytes) -> None:
    with pytest.raises(PackStreamDecodeError):
        unpack(data)


def test_truncated_uuid_in_a_record_is_a_decode_error() -> None:
    message = b"\xb1\x71\x91" + A_ENC[:12]
    with pytest.raises(PackStreamDecodeError):
        unpack_message(message, 0, len(message), None)
