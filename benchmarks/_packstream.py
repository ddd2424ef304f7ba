"""The replay server's PackStream codec, on the shared test-side codec.

The benchmarks must not depend on the driver under test, so the replay
server uses the independent peer codec of :mod:`tests.servers.packstream`
(shared with the stub server and the probe).  This module adds what the
benchmarks spell differently: :class:`Struct` takes a ``bytes`` tag and
the fields as arguments, and :func:`message` takes the fields likewise.

Supported values: ``None``, ``bool``, ``int`` (64 bit), ``float``,
``str``, ``bytes``, ``list``/``tuple``, ``dict`` with ``str`` keys and
:class:`Struct`.
"""

from __future__ import annotations

import typing as t

from tests.servers import packstream as _peer
from tests.servers.packstream import MAX_CHUNK, chunk, container_header


__all__ = [
    "MAX_CHUNK",
    "DecodeError",
    "Struct",
    "chunk",
    "container_header",
    "decode",
    "decode_at",
    "encode",
    "encode_into",
    "message",
]

DecodeError = _peer.UnpackError


class Struct:
    """A PackStream structure: one tag byte and a list of fields.

    :param tag: the tag, a single byte such as ``b"N"``
    :param fields: the field values
    """

    __slots__ = ("fields", "tag")

    def __init__(self, tag: bytes, *fields: t.Any) -> None:
        if len(tag) != 1:
            raise ValueError(f"a structure tag is one byte, not {tag!r}")
        self.tag = tag
        self.fields = list(fields)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Struct):
            return NotImplemented
        return self.tag == other.tag and self.fields == other.fields

    def __hash__(self) -> int:
        return hash((self.tag, tuple(map(repr, self.fields))))

    def __repr__(self) -> str:
        return f"Struct({self.tag!r}, {', '.join(map(repr, self.fields))})"


def _to_peer(value: t.Any) -> t.Any:
    if isinstance(value, Struct):
        return _peer.Struct(value.tag[0], value.fields)
    return value


def _from_peer(tag: int, fields: list[t.Any]) -> Struct:
    return Struct(bytes((tag,)), *fields)


def encode_into(out: bytearray, value: t.Any) -> None:
    """Append the PackStream encoding of ``value`` to ``out``.

    :param out: the buffer to extend
    :param value: the value to encode
    :raises TypeError: for a value of an unsupported type
    :raises OverflowError: for an integer outside the signed 64-bit range
    """
    _peer.pack(out, value, _to_peer)


def encode(value: t.Any) -> bytes:
    """Return the PackStream encoding of ``value``.

    :param value: the value to encode
    :returns: the encoded bytes
    """
    out = bytearray()
    encode_into(out, value)
    return bytes(out)


def message(tag: int, *fields: t.Any) -> bytes:
    """Return a complete chunked Bolt message.

    :param tag: the message signature, e.g. ``0x70`` for SUCCESS
    :param fields: the message fields
    :returns: the framed bytes
    """
    return _peer.pack_message(tag, fields, _to_peer)


def decode_at(data: bytes | memoryview, pos: int) -> tuple[t.Any, int]:
    """Decode one value starting at ``pos``.

    :param data: the encoded data
    :param pos: offset of the value's marker byte
    :returns: ``(value, offset after the value)``
    :raises DecodeError: on malformed or truncated data
    """
    return _peer.unpack_at(data, pos, _from_peer)


def decode(data: bytes | memoryview) -> t.Any:
    """Decode exactly one value that fills ``data``.

    :param data: the encoded value
    :returns: the decoded value
    :raises DecodeError: on malformed data or trailing bytes
    """
    return _peer.unpack(data, _from_peer)
