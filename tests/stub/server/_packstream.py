"""A small, independent PackStream codec for the stub server.

The stub server is the driver's peer in tests, so it must not share code
with the driver: a bug in the driver's codec would otherwise be mirrored
here and go unnoticed.  Speed does not matter; clarity does.

Values map to Python as follows: ``None``, ``bool``, ``int``, ``float``,
``str``, ``bytes``, ``list``, ``dict`` (string keys) and :class:`Struct`
for every structure (the stub never hydrates).
"""

from __future__ import annotations

import struct
import typing as t
from dataclasses import dataclass, field


__all__ = [
    "PackError",
    "Struct",
    "UnpackError",
    "pack",
    "pack_message",
    "unpack_message",
]

_INT64_MIN = -(2**63)
_INT64_MAX = 2**63 - 1


class PackError(ValueError):
    """A value cannot be encoded as PackStream."""


class UnpackError(ValueError):
    """Bytes are not one well-formed PackStream value."""


@dataclass(eq=True)
class Struct:
    """A PackStream structure: a one-byte tag and a list of fields."""

    tag: int
    fields: list[t.Any] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not 0 <= self.tag <= 0xFF:
            raise PackError(f"struct tag out of range: {self.tag!r}")


def _pack_size(
    out: bytearray, size: int, tiny: int, markers: tuple[int, int, int]
) -> None:
    """Write a container header: a tiny marker or 8/16/32-bit size."""
    if size < 0x10 and tiny >= 0:
        out.append(tiny + size)
    elif size <= 0xFF:
        out.append(markers[0])
        out.append(size)
    elif size <= 0xFFFF:
        out.append(markers[1])
        out += struct.pack(">H", size)
    elif size <= 0xFFFFFFFF:
        out.append(markers[2])
        out += struct.pack(">I", size)
    else:
        raise PackError(f"container too large: {size}")


def _pack_int(out: bytearray, value: int) -> None:
    if -0x10 <= value <= 0x7F:
        out += struct.pack(">b", value)
    elif -0x80 <= value <= 0x7F:
        out += b"\xc8" + struct.pack(">b", value)
    elif -0x8000 <= value <= 0x7FFF:
        out += b"\xc9" + struct.pack(">h", value)
    elif -0x80000000 <= value <= 0x7FFFFFFF:
        out += b"\xca" + struct.pack(">i", value)
    elif _INT64_MIN <= value <= _INT64_MAX:
        out += b"\xcb" + struct.pack(">q", value)
    else:
        raise PackError(f"integer out of int64 range: {value}")


def pack(out: bytearray, value: t.Any) -> None:
    """Append the PackStream encoding of *value* to *out*.

    :raises PackError: for a type PackStream cannot carry.
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
        out += b"\xc1" + struct.pack(">d", value)
    elif isinstance(value, str):
        data = value.encode("utf-8")
        _pack_size(out, len(data), 0x80, (0xD0, 0xD1, 0xD2))
        out += data
    elif isinstance(value, (bytes, bytearray)):
        _pack_size(out, len(value), -1, (0xCC, 0xCD, 0xCE))
        out += value
    elif isinstance(value, list):
        _pack_size(out, len(value), 0x90, (0xD4, 0xD5, 0xD6))
        for item in value:
            pack(out, item)
    elif isinstance(value, dict):
        _pack_size(out, len(value), 0xA0, (0xD8, 0xD9, 0xDA))
        for key, item in value.items():
            if not isinstance(key, str):
                raise PackError(f"map key is not a string: {key!r}")
            pack(out, key)
            pack(out, item)
    elif isinstance(value, Struct):
        if len(value.fields) > 0x0F:
            raise PackError(f"struct has too many fields: {value!r}")
        out.append(0xB0 + len(value.fields))
        out.append(value.tag)
        for item in value.fields:
            pack(out, item)
    else:
        raise PackError(f"cannot pack {type(value).__name__}: {value!r}")


def pack_message(tag: int, fields: list[t.Any]) -> bytes:
    """Encode a Bolt message (a structure) and split it into chunks.

    :returns: the chunked bytes, ending with the ``00 00`` end marker.
    """
    body = bytearray()
    pack(body, Struct(tag, list(fields)))
    out = bytearray()
    for start in range(0, len(body), 0xFFFF):
        chunk = body[start : start + 0xFFFF]
        out += struct.pack(">H", len(chunk))
        out += chunk
    out += b"\x00\x00"
    return bytes(out)


class _Reader:
    """A cursor over a byte string that decodes PackStream values."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pos = 0

    def take(self, n: int) -> bytes:
        end = self.pos + n
        if end > len(self.data):
            raise UnpackError(
                f"truncated: need {n} byte(s) at offset {self.pos}, "
                f"have {len(self.data) - self.pos}"
            )
        chunk = self.data[self.pos : end]
        self.pos = end
        return chunk

    def unsigned(self, n: int) -> int:
        return int.from_bytes(self.take(n), "big")

    def read(self) -> t.Any:
        marker = self.take(1)[0]
        high = marker & 0xF0
        if marker < 0x80:
            return marker
        if marker >= 0xF0:
            return marker - 0x100
        if high == 0x80:
            return self.take(marker & 0x0F).decode("utf-8")
        if high == 0x90:
            return [self.read() for _ in range(marker & 0x0F)]
        if high == 0xA0:
            return self.read_map(marker & 0x0F)
        if high == 0xB0:
            tag = self.take(1)[0]
            return Struct(tag, [self.read() for _ in range(marker & 0x0F)])
        return self.read_marker(marker)

    def read_map(self, size: int) -> dict[str, t.Any]:
        result: dict[str, t.Any] = {}
        for _ in range(size):
            key = self.read()
            if not isinstance(key, str):
                raise UnpackError(f"map key is not a string: {key!r}")
            result[key] = self.read()
        return result

    def read_marker(self, marker: int) -> t.Any:
        simple: dict[int, t.Any] = {0xC0: None, 0xC2: False, 0xC3: True}
        if marker in simple:
            return simple[marker]
        if marker == 0xC1:
            return struct.unpack(">d", self.take(8))[0]
        ints = {0xC8: ">b", 0xC9: ">h", 0xCA: ">i", 0xCB: ">q"}
        if marker in ints:
            fmt = ints[marker]
            return struct.unpack(fmt, self.take(struct.calcsize(fmt)))[0]
        sizes = {0: 1, 1: 2, 2: 4}
        kinds = {0xCC: "bytes", 0xD0: "str", 0xD4: "list", 0xD8: "map"}
        for base, kind in kinds.items():
            if base <= marker <= base + 2:
                size = self.unsigned(sizes[marker - base])
                if kind == "bytes":
                    return self.take(size)
                if kind == "str":
                    return self.take(size).decode("utf-8")
                if kind == "list":
                    return [self.read() for _ in range(size)]
                return self.read_map(size)
        raise UnpackError(f"unknown marker 0x{marker:02X}")


def unpack_message(data: bytes) -> tuple[int, list[t.Any]]:
    """Decode a de-chunked Bolt message.

    :returns: the message tag and its fields.
    :raises UnpackError: if *data* is not exactly one structure.
    """
    reader = _Reader(data)
    value = reader.read()
    if reader.pos != len(data):
        raise UnpackError(
            f"{len(data) - reader.pos} trailing byte(s) after the message"
        )
    if not isinstance(value, Struct):
        raise UnpackError(f"message is not a structure: {value!r}")
    return value.tag, value.fields
