"""UUIDs: PackStream 2 (Bolt 6.1) sends them natively, older refuse."""

from __future__ import annotations

import uuid

import pytest

from neo4j._codec.hydration import (
    HydrationHandlerV1,
    HydrationHandlerV2,
    HydrationHandlerV3,
    HydrationHandlerV4,
)
from neo4j._codec.packstream import (
    PackStreamDecodeError,
    UnsupportedTypeError,
    pack,
    unpack,
)


VALUE = uuid.UUID("550e8400-e29b-41d4-a716-446655440000")
ENCODED = bytes.fromhex("e0 550e8400e29b41d4a716446655440000")


class _MyUUID(uuid.UUID):
    pass


def _pack(value: object, handler: object) -> bytes:
    buffer = bytearray()
    pack(buffer, value, handler.dehydration_hooks)  # type: ignore[attr-defined]
    return bytes(buffer)


def test_bolt_6_1_sends_marker_e0_and_the_16_bytes() -> None:
    assert _pack(VALUE, HydrationHandlerV4()) == ENCODED


def test_subclasses_and_nested_values_are_sent_too() -> None:
    handler = HydrationHandlerV4()
    nested = _pack({"u": [_MyUUID(int=VALUE.int)]}, handler)
    assert nested == b"\xa1\x81u\x91" + ENCODED


def test_uuids_are_decoded_as_uuid_objects() -> None:
    assert unpack(ENCODED) == VALUE
    assert type(unpack(ENCODED)) is uuid.UUID
    assert unpack(b"\x92" + ENCODED + b"\x01") == [VALUE, 1]
    assert unpack(b"\xa1\x81k" + ENCODED) == {"k": VALUE}


def test_truncated_uuid_is_a_decode_error() -> None:
    with pytest.raises(PackStreamDecodeError):
        unpack(ENCODED[:10])


@pytest.mark.parametrize(
    "handler",
    [
        HydrationHandlerV1(),
        HydrationHandlerV1(utc_patch=True),
        HydrationHandlerV2(),
        HydrationHandlerV3(),
    ],
)
@pytest.mark.parametrize("value", [VALUE, _MyUUID(int=VALUE.int)])
def test_older_protocols_refuse_uuids_naming_the_version(
    handler: object, value: uuid.UUID
) -> None:
    with pytest.raises(UnsupportedTypeError) as info:
        _pack({"u": value}, handler)
    assert isinstance(info.value, ValueError)
    assert str(info.value).startswith(
        f"Values of type {type(value)} are not supported "
        "(requires Bolt protocol version 6.1 or newer)"
    )
