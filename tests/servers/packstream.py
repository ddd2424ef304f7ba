"""The one test-side PackStream codec: the driver's peers share it.

The Bolt probe (:mod:`._probe`), the scripted stub server
(``tests/stub/server``) and the benchmark replay server
(``benchmarks/replay_server.py``) all talk PackStream to the driver under
test.  None of them may share code with the driver's own codec (a bug
there would be mirrored here and go unnoticed), but they need not carry a
copy each: this module is their common encoder and decoder.

It lives next to the launchers because ``examples/_server.py`` loads
``tests/servers`` by file path, under a private package name; a sibling
module is the only place the probe can import from there.  It imports
nothing but the standard library.

Values map to Python as follows: ``None``, ``bool``, ``int`` (64 bit),
``float``, ``str``, ``bytes``, ``list`` (``tuple`` when encoding),
``dict`` with ``str`` keys, :class:`uuid.UUID` (Bolt 6.1: marker
``E0`` and the 16 bytes), and :class:`Struct` for every structure (the
peers never hydrate).  Clarity first; the encoder avoids needless work
because the replay server encodes large canned results with it.
"""

from __future__ import annotations

import struct
import typing as t
import uuid
from dataclasses import dataclass, field


__all__ = [
    "MAX_CHUNK",
    "IntRangeError",
    "PackError",
    "Struct",
    "UnpackError",
    "UnsupportedValueError",
    "chunk",
    "container_header",
    "pack",
    "pack_message",
    "unpack",
    "unpack_at",
    "unpack_message",
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

Data: t.TypeAlias = "bytes | bytearray | memoryview"


class PackError(ValueError):
    """A value cannot be encoded as PackStream."""


class IntRangeError(PackError, OverflowError):
    """An integer lies outside the signed 64-bit range."""


class UnsupportedValueError(PackError, TypeError):
    """A value of a type PackStream cannot carry (or a non-str map key)."""


class UnpackError(ValueError):
    """Bytes are not one well-formed PackStream value."""


@dataclass(eq=True)
class Struct:
    """A PackStream structure: a one-byte tag and a list of fields.

    :param tag: the tag as an int, e.g. ``0x4E`` for a node
    :param fields: the field values
    """

    tag: int
    fields: list[t.Any] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not 0 <= self.tag <= 0xFF:
            raise PackError(f"struct tag out of range: {self.tag!r}")


# ----------------------------------------------------------------- encoding


def _pack_size(
    out: bytearray, size: int, tiny: int, m8: int, m16: int, m32: int
) -> None:
    """Write a container header: a tiny marker or an 8/16/32-bit size.

    ``tiny`` is negative for bytes, which have no tiny form.
    """
    if size < 0x10 and tiny >= 0:
        out.append(tiny + size)
    elif size < 0x100:
        out.append(m8)
        out.append(size)
    elif size < 0x10000:
        out.append(m16)
        out += _U16.pack(size)
    elif size < 0x100000000:
        out.append(m32)
        out += _U32.pack(size)
    else:
        raise PackError(f"container too large: {size}")


def _pack_int(out: bytearray, value: int) -> None:
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
        raise IntRangeError(f"integer out of int64 range: {value}")


def pack(
    out: bytearray,
    value: t.Any,
    default: t.Callable[[t.Any], t.Any] | None = None,
) -> None:
    """Append the PackStream encoding of *value* to *out*.

    :param out: the buffer to extend
    :param value: the value to encode
    :param default: called with a value of any other type; what it
        returns is encoded instead (returning the value itself declines)
    :raises IntRangeError: for an int outside the signed 64-bit range
    :raises UnsupportedValueError: for a type PackStream cannot carry
    :raises PackError: for a container too large to encode
    """
    if value is None:
        out.append(0xC0)
    elif value is True:
        out.append(0xC3)
    elif value is False:
        out.append(0xC2)
    elif isinstance(value, int):
        _pack_int(out, value)
    elif isinstance(value, float):
        out.append(0xC1)
        out += _F64.pack(value)
    elif isinstance(value, str):
        data = value.encode("utf-8")
        _pack_size(out, len(data), 0x80, 0xD0, 0xD1, 0xD2)
        out += data
    elif isinstance(value, (bytes, bytearray)):
        _pack_size(out, len(value), -1, 0xCC, 0xCD, 0xCE)
        out += value
    elif isinstance(value, (list, tuple)):
        _pack_size(out, len(value), 0x90, 0xD4, 0xD5, 0xD6)
        for item in value:
            pack(out, item, default)
    elif isinstance(value, dict):
        _pack_size(out, len(value), 0xA0, 0xD8, 0xD9, 0xDA)
        for key, item in value.items():
            if not isinstance(key, str):
                raise UnsupportedValueError(
                    f"map key is not a string: {key!r}"
                )
            pack(out, key)
            pack(out, item, default)
    elif isinstance(value, uuid.UUID):
        out.append(0xE0)
        out += value.bytes
    elif isinstance(value, Struct):
        if len(value.fields) > 0x0F:
            raise PackError(f"struct has too many fields: {value!r}")
        out.append(0xB0 + len(value.fields))
        out.append(value.tag)
        for item in value.fields:
            pack(out, item, default)
    else:
        replacement = value if default is None else default(value)
        if replacement is value:
            name = type(value).__name__
            raise UnsupportedValueError(
                f"cannot pack {name}: PackStream cannot encode {name} "
                f"({value!r})"
            )
        pack(out, replacement, default)


def chunk(body: Data, out: bytearray | None = None) -> bytearray:
    """Frame one message body as Bolt chunks plus the ``00 00`` marker.

    :param body: the encoded message
    :param out: the buffer to append to (a new one when omitted)
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


def pack_message(
    tag: int,
    fields: t.Sequence[t.Any],
    default: t.Callable[[t.Any], t.Any] | None = None,
) -> bytes:
    """Encode a Bolt message (a structure) and split it into chunks.

    :param tag: the message signature, e.g. ``0x70`` for SUCCESS
    :param fields: the message fields
    :param default: as for :func:`pack`
    :returns: the chunked bytes, ending with the ``00 00`` end marker
    """
    body = bytearray()
    pack(body, Struct(tag, list(fields)), default)
    return bytes(chunk(body))


# ----------------------------------------------------------------- decoding

StructFactory: t.TypeAlias = t.Callable[[int, list[t.Any]], t.Any]


def _need(data: Data, pos: int, n: int) -> int:
    end = pos + n
    if end > len(data):
        raise UnpackError(
            f"truncated PackStream data: need {n} byte(s) at offset "
            f"{pos}, have {max(len(data) - pos, 0)}"
        )
    return end


# marker -> (kind, size format) for the containers with a sized header
_SIZED: dict[int, tuple[str, struct.Struct]] = {
    0xCC: ("bytes", _U8),
    0xCD: ("bytes", _U16),
    0xCE: ("bytes", _U32),
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
_TINY = {0x80: "str", 0x90: "list", 0xA0: "map", 0xB0: "struct"}
_FIXED = {0xC1: _F64, 0xC8: _I8, 0xC9: _I16, 0xCA: _I32, 0xCB: _I64}
_CONSTANTS = {0xC0: None, 0xC2: False, 0xC3: True}


def container_header(data: Data, pos: int) -> tuple[str, int, int]:
    """Read the header of a bytes, string, list, map or structure value.

    :param data: the encoded data
    :param pos: offset of the marker byte
    :returns: ``(kind, size, offset after the header)``; kind is
        ``"bytes"``, ``"str"``, ``"list"``, ``"map"`` or ``"struct"``
        (the offset of a structure is past its tag byte)
    :raises UnpackError: on truncated data or another marker
    """
    _need(data, pos, 1)
    marker = data[pos]
    kind = _TINY.get(marker & 0xF0)
    if kind == "struct":
        return kind, marker & 0x0F, _need(data, pos, 2)
    if kind is not None:
        return kind, marker & 0x0F, pos + 1
    if marker not in _SIZED:
        raise UnpackError(f"unknown marker 0x{marker:02X} for a container")
    kind, size_format = _SIZED[marker]
    end = _need(data, pos + 1, size_format.size)
    return kind, size_format.unpack_from(data, pos + 1)[0], end


def unpack_at(
    data: Data, pos: int, make_struct: StructFactory = Struct
) -> tuple[t.Any, int]:
    """Decode one value starting at *pos*.

    :param data: the encoded data
    :param pos: offset of the value's marker byte
    :param make_struct: builds a structure from its tag and fields
    :returns: ``(value, offset after the value)``
    :raises UnpackError: on malformed or truncated data
    :raises UnicodeDecodeError: for a string that is not UTF-8
    """
    _need(data, pos, 1)
    marker = data[pos]
    if marker < 0x80:
        return marker, pos + 1
    if marker >= 0xF0:
        return marker - 0x100, pos + 1
    if marker in _CONSTANTS:
        return _CONSTANTS[marker], pos + 1
    if marker == 0xE0:
        end = _need(data, pos + 1, 16)
        return uuid.UUID(bytes=bytes(data[pos + 1 : end])), end
    fixed = _FIXED.get(marker)
    if fixed is not None:
        end = _need(data, pos + 1, fixed.size)
        return fixed.unpack_from(data, pos + 1)[0], end
    if marker & 0xF0 not in _TINY and marker not in _SIZED:
        raise UnpackError(f"unknown marker 0x{marker:02X}")
    kind, size, pos = container_header(data, pos)
    if kind == "bytes" or kind == "str":
        end = _need(data, pos, size)
        raw = bytes(data[pos:end])
        return (raw if kind == "bytes" else raw.decode("utf-8")), end
    if kind == "map":
        result: dict[str, t.Any] = {}
        for _ in range(size):
            key, pos = unpack_at(data, pos)
            if not isinstance(key, str):
                raise UnpackError(f"map key is not a string: {key!r}")
            result[key], pos = unpack_at(data, pos, make_struct)
        return result, pos
    tag = data[pos - 1]  # a structure's tag ends its header
    items = []
    for _ in range(size):
        item, pos = unpack_at(data, pos, make_struct)
        items.append(item)
    if kind == "list":
        return items, pos
    return make_struct(tag, items), pos


def unpack(data: Data, make_struct: StructFactory = Struct) -> t.Any:
    """Decode exactly one value that fills *data*.

    :param data: the encoded value
    :param make_struct: builds a structure from its tag and fields
    :returns: the decoded value
    :raises UnpackError: on malformed data or trailing bytes
    """
    value, end = unpack_at(data, 0, make_struct)
    if end != len(data):
        raise UnpackError(f"{len(data) - end} trailing bytes after the value")
    return value


def unpack_message(data: Data) -> tuple[int, list[t.Any]]:
    """Decode a de-chunked Bolt message.

    :param data: the message body
    :returns: the message tag and its fields
    :raises UnpackError: if *data* is not exactly one structure
    """
    value = unpack(data)
    if not isinstance(value, Struct):
        raise UnpackError(f"message is not a structure: {value!r}")
    return value.tag, value.fields
