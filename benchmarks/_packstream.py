"""A small, self-contained PackStream codec for the replay server.

The benchmarks must not depend on the driver under test, so the replay
server carries its own encoder and decoder.  Speed matters only for
encoding the canned results once at start-up; the decoder reads the few
small request messages a client sends (and, on request, whole parameter
maps to check them).

Supported values: ``None``, ``bool``, ``int`` (64 bit), ``float``,
``str``, ``bytes``, ``list``/``tuple``, ``dict`` with ``str`` keys and
:class:`Struct`.
"""

from __future__ import annotations

import struct
import typing as t


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


MAX_CHUNK = 0xFFFF

_I8 = struct.Struct(">b")
_I16 = struct.Struct(">h")
_I32 = struct.Struct(">i")
_I64 = struct.Struct(">q")
_U8 = struct.Struct(">B")
_U16 = struct.Struct(">H")
_U32 = struct.Struct(">I")
_F64 = struct.Struct(">d")


class DecodeError(ValueError):
    """Raised on malformed or truncated PackStream data."""


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


def _size_header(
    out: bytearray, size: int, tiny: int, m8: int, m16: int, m32: int
) -> None:
    if size < 0x10 and tiny >= 0:
        out.append(tiny + size)
    elif size < 0x100 and m8 >= 0:
        out.append(m8)
        out.append(size)
    elif size < 0x10000:
        out.append(m16)
        out += _U16.pack(size)
    elif size < 0x100000000:
        out.append(m32)
        out += _U32.pack(size)
    else:
        raise ValueError(f"container too large: {size}")


def encode_into(out: bytearray, value: t.Any) -> None:
    """Append the PackStream encoding of ``value`` to ``out``.

    :param out: the buffer to extend
    :param value: the value to encode
    :raises TypeError: for a value of an unsupported type
    :raises OverflowError: for an integer outside the signed 64-bit range
    """
    if value is None:
        out.append(0xC0)
    elif value is True:
        out.append(0xC3)
    elif value is False:
        out.append(0xC2)
    elif isinstance(value, int):
        if -0x10 <= value < 0x80:
            out += _I8.pack(value)
        elif -0x80 <= value < 0x80:
            out.append(0xC8)
            out += _I8.pack(value)
        elif -0x8000 <= value < 0x8000:
            out.append(0xC9)
            out += _I16.pack(value)
        elif -0x80000000 <= value < 0x80000000:
            out.append(0xCA)
            out += _I32.pack(value)
        elif -0x8000000000000000 <= value < 0x8000000000000000:
            out.append(0xCB)
            out += _I64.pack(value)
        else:
            raise OverflowError(f"integer out of int64 range: {value}")
    elif isinstance(value, float):
        out.append(0xC1)
        out += _F64.pack(value)
    elif isinstance(value, str):
        data = value.encode("utf-8")
        _size_header(out, len(data), 0x80, 0xD0, 0xD1, 0xD2)
        out += data
    elif isinstance(value, (bytes, bytearray)):
        _size_header(out, len(value), -1, 0xCC, 0xCD, 0xCE)
        out += value
    elif isinstance(value, (list, tuple)):
        _size_header(out, len(value), 0x90, 0xD4, 0xD5, 0xD6)
        for item in value:
            encode_into(out, item)
    elif isinstance(value, dict):
        _size_header(out, len(value), 0xA0, 0xD8, 0xD9, 0xDA)
        for key, item in value.items():
            if not isinstance(key, str):
                raise TypeError(f"map keys must be str, not {key!r}")
            encode_into(out, key)
            encode_into(out, item)
    elif isinstance(value, Struct):
        if len(value.fields) > 0x0F:
            raise ValueError("a structure has at most 15 fields")
        out.append(0xB0 + len(value.fields))
        out += value.tag
        for item in value.fields:
            encode_into(out, item)
    else:
        raise TypeError(f"cannot encode {type(value).__name__}")


def encode(value: t.Any) -> bytes:
    """Return the PackStream encoding of ``value``.

    :param value: the value to encode
    :returns: the encoded bytes
    """
    out = bytearray()
    encode_into(out, value)
    return bytes(out)


def chunk(body: bytes | bytearray, out: bytearray | None = None) -> bytearray:
    """Frame one message body as Bolt chunks plus the end marker.

    :param body: the encoded message
    :param out: buffer to append to (a new one when omitted)
    :returns: the buffer the chunks were appended to
    """
    if out is None:
        out = bytearray()
    view = memoryview(body)
    for start in range(0, len(view), MAX_CHUNK):
        piece = view[start : start + MAX_CHUNK]
        out += _U16.pack(len(piece))
        out += piece
    out += b"\x00\x00"
    return out


def message(tag: int, *fields: t.Any) -> bytes:
    """Return a complete chunked Bolt message.

    :param tag: the message signature, e.g. ``0x70`` for SUCCESS
    :param fields: the message fields
    :returns: the framed bytes
    """
    body = bytearray((0xB0 + len(fields), tag))
    for item in fields:
        encode_into(body, item)
    return bytes(chunk(body))


def _need(data: bytes | memoryview, end: int) -> None:
    if end > len(data):
        raise DecodeError("truncated PackStream data")


def container_header(
    data: bytes | memoryview, pos: int
) -> tuple[str, int, int]:
    """Read the header of a list, map, string or structure.

    :param data: the encoded data
    :param pos: offset of the marker byte
    :returns: ``(kind, size, offset after the header)`` where kind is
        ``"list"``, ``"map"``, ``"str"`` or ``"struct"``
    :raises DecodeError: if the marker is not a container marker
    """
    _need(data, pos + 1)
    marker = data[pos]
    high = marker & 0xF0
    if high == 0x90:
        return "list", marker & 0x0F, pos + 1
    if high == 0xA0:
        return "map", marker & 0x0F, pos + 1
    if high == 0x80:
        return "str", marker & 0x0F, pos + 1
    if high == 0xB0:
        return "struct", marker & 0x0F, pos + 2
    kinds = {
        0xD0: ("str", _U8),
        0xD1: ("str", _U16),
        0xD2: ("str", _U32),
        0xD4: ("list", _U8),
        0xD5: ("list", _U16),
        0xD6: ("list", _U32),
        0xD8: ("map", _U8),
        0xD9: ("map", _U16),
        0xDA: ("map", _U32),
    }
    if marker not in kinds:
        raise DecodeError(f"not a container marker: 0x{marker:02X}")
    kind, fmt = kinds[marker]
    end = pos + 1 + fmt.size
    _need(data, end)
    return kind, fmt.unpack_from(data, pos + 1)[0], end


def decode_at(data: bytes | memoryview, pos: int) -> tuple[t.Any, int]:
    """Decode one value starting at ``pos``.

    :param data: the encoded data
    :param pos: offset of the value's marker byte
    :returns: ``(value, offset after the value)``
    :raises DecodeError: on malformed or truncated data
    """
    _need(data, pos + 1)
    marker = data[pos]
    if marker < 0x80:
        return marker, pos + 1
    if marker >= 0xF0:
        return marker - 0x100, pos + 1
    if marker == 0xC0:
        return None, pos + 1
    if marker == 0xC3:
        return True, pos + 1
    if marker == 0xC2:
        return False, pos + 1
    fixed = {
        0xC1: _F64,
        0xC8: _I8,
        0xC9: _I16,
        0xCA: _I32,
        0xCB: _I64,
    }.get(marker)
    if fixed is not None:
        _need(data, pos + 1 + fixed.size)
        return fixed.unpack_from(data, pos + 1)[0], pos + 1 + fixed.size
    if marker in (0xCC, 0xCD, 0xCE):
        fmt = (_U8, _U16, _U32)[marker - 0xCC]
        _need(data, pos + 1 + fmt.size)
        size = fmt.unpack_from(data, pos + 1)[0]
        start = pos + 1 + fmt.size
        _need(data, start + size)
        return bytes(data[start : start + size]), start + size
    kind, size, pos = container_header(data, pos)
    if kind == "str":
        _need(data, pos + size)
        return str(data[pos : pos + size], "utf-8"), pos + size
    if kind == "list":
        items = []
        for _ in range(size):
            item, pos = decode_at(data, pos)
            items.append(item)
        return items, pos
    if kind == "map":
        result: dict[str, t.Any] = {}
        for _ in range(size):
            key, pos = decode_at(data, pos)
            if not isinstance(key, str):
                raise DecodeError(f"map key is not a string: {key!r}")
            result[key], pos = decode_at(data, pos)
        return result, pos
    _need(data, pos)
    tag = bytes(data[pos - 1 : pos])
    fields = []
    for _ in range(size):
        item, pos = decode_at(data, pos)
        fields.append(item)
    return Struct(tag, *fields), pos


def decode(data: bytes | memoryview) -> t.Any:
    """Decode exactly one value that fills ``data``.

    :param data: the encoded value
    :returns: the decoded value
    :raises DecodeError: on malformed data or trailing bytes
    """
    value, end = decode_at(data, 0)
    if end != len(data):
        raise DecodeError(f"{len(data) - end} trailing bytes")
    return value
