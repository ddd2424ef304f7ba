"""The server side of the Bolt handshake, as pure functions.

Classic form: the client sends the magic preamble ``60 60 B0 17`` and four
4-byte proposals ``00 <range> <minor> <major>`` (each offering
``major.minor`` down to ``major.(minor - range)``); the server answers with
the four bytes of one version or ``00 00 00 00`` when none fits.

Manifest v1 (Bolt 5.7+): a proposal of ``00 00 01 FF`` means "I read
manifests".  A server that speaks it answers ``00 00 01 FF``, a varint
count, that many 4-byte version offers (same layout as the proposals) and
a capabilities varint; the client then sends the 4 bytes of the version it
chose (``00 00 00 00`` for none) and a capabilities varint.  Varints are
little-endian base-128 (7 bits per byte, high bit = more bytes follow).
"""

from __future__ import annotations

from ._script import Version


__all__ = [
    "MAGIC",
    "MANIFEST_V1",
    "REJECT",
    "choose_classic",
    "decode_varint",
    "encode_varint",
    "manifest_offer",
    "offered",
    "version_bytes",
]

MAGIC = b"\x60\x60\xb0\x17"
MANIFEST_V1 = b"\x00\x00\x01\xff"
REJECT = b"\x00\x00\x00\x00"


def encode_varint(value: int) -> bytes:
    """Encode a non-negative integer as a base-128 varint."""
    if value < 0:
        raise ValueError(f"varint must not be negative: {value}")
    out = bytearray()
    while True:
        low = value & 0x7F
        value >>= 7
        if value:
            out.append(low | 0x80)
        else:
            out.append(low)
            return bytes(out)


def decode_varint(data: bytes) -> tuple[int, int] | None:
    """Decode a varint at the start of *data*.

    :returns: ``(value, length)``, or ``None`` if *data* ends mid-varint.
    """
    value = 0
    for index, byte in enumerate(data):
        value |= (byte & 0x7F) << (7 * index)
        if not byte & 0x80:
            return value, index + 1
    return None


def version_bytes(major: int, minor: int, range_: int = 0) -> bytes:
    """The 4-byte wire form of a version (offer)."""
    return bytes((0, range_, minor, major))


def offered(versions: list[Version]) -> list[tuple[int, int]]:
    """Every single version the server speaks, highest first."""
    result = {
        (v.major, minor)
        for v in versions
        for minor in range(v.minor - v.range, v.minor + 1)
    }
    return sorted(result, reverse=True)


def choose_classic(
    proposals: bytes, versions: list[Version]
) -> tuple[int, int] | None:
    """Pick the version for a classic handshake.

    The first proposal that covers a version the server speaks wins, and
    within it the highest such version.

    :param proposals: the 16 bytes after the preamble.
    :returns: ``(major, minor)`` or ``None`` to reject.
    """
    supported = offered(versions)
    for start in range(0, 16, 4):
        _, range_, minor, major = proposals[start : start + 4]
        for s_major, s_minor in supported:
            if s_major == major and minor - range_ <= s_minor <= minor:
                return s_major, s_minor
    return None


def manifest_offer(versions: list[Version], capabilities: int) -> bytes:
    """The server's manifest v1 answer."""
    out = bytearray(MANIFEST_V1)
    out += encode_varint(len(versions))
    for version in versions:
        out += version_bytes(version.major, version.minor, version.range)
    out += encode_varint(capabilities)
    return bytes(out)
