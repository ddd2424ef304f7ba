"""Bolt version negotiation, without I/O.

The client opens with the magic preamble ``60 60 B0 17`` and four 4-byte
slots.  A slot ``00 RR mm MM`` offers major ``MM`` with minors ``mm - RR``
up to ``mm``.  A slot ``00 00 01 FF`` offers the *manifest v1* exchange:
a server that understands it answers ``00 00 01 FF`` followed by a varint
count, that many version slots (same range encoding) and a varint of
capability bits; the client then confirms one version (4 bytes) and the
capabilities it wants (a varint, always 0 for now).  A classic server
answers with the 4-byte version it picked, or zeros when nothing fits.

:class:`Handshake` is driven by the I/O shell::

    hs = Handshake(local_port=port, address=address)
    send(hs.take_outgoing())
    while not hs.done:
        hs.feed(recv())          # may raise, see neo4j._bolt.errors
        out = hs.take_outgoing()
        if out:
            send(out)
    version = hs.version         # e.g. (5, 8)
"""

from __future__ import annotations

import logging
import typing as t

from .errors import (
    BoltProtocolError,
    HandshakeNotBoltError,
    HandshakeVersionError,
)


__all__ = [
    "BOLT_MAGIC",
    "MANIFEST_ONLY_MAJOR",
    "MANIFEST_V1_SLOT",
    "SUPPORTED_VERSIONS",
    "Handshake",
    "encode_varint",
    "offer_slots",
]

log = logging.getLogger("neo4j.io")

Version: t.TypeAlias = tuple[int, int]

#: First four bytes of every Bolt connection.
BOLT_MAGIC = b"\x60\x60\xb0\x17"
#: The slot offering the manifest v1 negotiation.
MANIFEST_V1_SLOT = b"\x00\x00\x01\xff"

#: Every protocol version this package implements, newest first.
SUPPORTED_VERSIONS: tuple[Version, ...] = (
    (6, 1),
    (6, 0),
    (5, 8),
    (5, 7),
    (5, 6),
    (5, 5),
    (5, 4),
    (5, 3),
    (5, 2),
    (5, 1),
    (5, 0),
    (4, 4),
    (4, 3),
    (4, 2),
    (3, 0),
)

#: Majors from this one on are negotiated only through the manifest:
#: servers that speak them understand it, and classic slots stay free for
#: the 5.x range, 4.4 to 4.2 and 3.0 (as the official driver offers
#: them).
MANIFEST_ONLY_MAJOR = 6

_MAX_VARINT_BYTES = 10


def encode_varint(value: int) -> bytes:
    """Encode a non-negative int as a little-endian base-128 varint.

    :param value: the number to encode
    :returns: the encoding (at least one byte)
    :raises ValueError: if ``value`` is negative
    """
    if value < 0:
        raise ValueError(f"varint must not be negative, got {value}")
    out = bytearray()
    while value > 0x7F:
        out.append(0x80 | (value & 0x7F))
        value >>= 7
    out.append(value)
    return bytes(out)


def _decode_varint(data: bytes | bytearray, pos: int) -> tuple[int, int]:
    """Decode a varint at ``pos``.

    :returns: ``(value, next position)``, or ``(-1, pos)`` if ``data``
        ends before the varint does
    :raises BoltProtocolError: on an absurdly long varint
    """
    value = 0
    shift = 0
    end = len(data)
    i = pos
    while i < end:
        byte = data[i]
        value |= (byte & 0x7F) << shift
        i += 1
        if not byte & 0x80:
            return value, i
        shift += 7
        if i - pos >= _MAX_VARINT_BYTES:
            raise BoltProtocolError(
                "Malformed varint in the Bolt handshake response", None
            )
    return -1, pos


def offer_slots(
    versions: t.Iterable[Version], *, manifest: bool = True
) -> bytes:
    """Build the 16 bytes of version slots that follow the magic preamble.

    Consecutive minor versions of one major are folded into one range
    slot.  Newer ranges come first; ranges that do not fit are dropped
    (oldest first) and empty slots are zero.  Versions of major
    :data:`MANIFEST_ONLY_MAJOR` and above never take a classic slot: they
    are reachable through the manifest only.

    :param versions: the protocol versions to offer
    :param manifest: put the manifest v1 offer in the first slot
    :returns: 16 bytes
    """
    ordered = sorted(
        {v for v in versions if v[0] < MANIFEST_ONLY_MAJOR}, reverse=True
    )
    ranges: list[list[int]] = []  # [major, top minor, bottom minor]
    for major, minor in ordered:
        last = ranges[-1] if ranges else None
        if (
            last is not None
            and last[0] == major
            and last[2] == minor + 1
            and last[1] - minor <= 0xFF
        ):
            last[2] = minor
        else:
            ranges.append([major, minor, minor])
    slots = [MANIFEST_V1_SLOT] if manifest else []
    for major, top, bottom in ranges:
        if len(slots) == 4:
            break
        slots.append(bytes((0, top - bottom, top, major)))
    while len(slots) < 4:
        slots.append(b"\x00\x00\x00\x00")
    return b"".join(slots)


def _slot_repr(slot: bytes | bytearray) -> str:
    return "0x" + bytes(slot).hex().upper()


class Handshake:
    """Negotiate the Bolt protocol version, fed with received bytes.

    :param versions: protocol versions to offer (default: all implemented
        ones).  Tests and servers with known quirks can narrow it, e.g.
        to cap at 5.4.
    :param manifest: also offer the manifest v1 negotiation
    :param local_port: used as the connection id in log lines
    :param address: the server address, only attached to errors
    """

    __slots__ = (
        "_address",
        "_buf",
        "_log_id",
        "_out",
        "_request",
        "_versions",
        "capabilities",
        "done",
        "leftover",
        "server_offers",
        "version",
    )

    def __init__(
        self,
        versions: t.Iterable[Version] = SUPPORTED_VERSIONS,
        *,
        manifest: bool = True,
        local_port: int = 0,
        address: object = None,
    ) -> None:
        self._versions = frozenset(versions)
        if not self._versions:
            raise ValueError("at least one protocol version must be offered")
        self._log_id = local_port
        self._address = address
        slots = offer_slots(self._versions, manifest=manifest)
        self._request = BOLT_MAGIC + slots
        self._out = bytearray(self._request)
        self._buf = bytearray()
        #: True once a version has been agreed.
        self.done = False
        #: The agreed ``(major, minor)``, or None while negotiating.
        self.version: Version | None = None
        #: Capability bits the server offered (manifest exchange only).
        self.capabilities = 0
        #: ``(major, top minor, range)`` offers of a manifest server.
        self.server_offers: list[tuple[int, int, int]] = []
        #: Bytes received after the end of the handshake (normally none).
        self.leftover = b""
        if log.isEnabledFor(logging.DEBUG):
            log.debug(
                "[#%04X]  C: <MAGIC> %s",
                local_port,
                _slot_repr(BOLT_MAGIC),
            )
            log.debug(
                "[#%04X]  C: <HANDSHAKE> %s",
                local_port,
                " ".join(
                    _slot_repr(slots[i : i + 4]) for i in range(0, 16, 4)
                ),
            )

    @property
    def request(self) -> bytes:
        """The 20 opening bytes: magic preamble and four version slots."""
        return self._request

    def take_outgoing(self) -> bytes:
        """Return (and forget) the bytes to send to the server now.

        :returns: the opening bytes at first; after a manifest answer,
            the confirmation; otherwise ``b""``
        """
        out = bytes(self._out)
        self._out.clear()
        return out

    @property
    def bytes_needed(self) -> int:
        """Lower bound of further bytes needed before progress is made."""
        if self.done:
            return 0
        buf = self._buf
        if len(buf) < 4:
            return 4 - len(buf)
        return 1

    def feed(self, data: bytes | bytearray | memoryview) -> None:
        """Consume bytes received from the server.

        :param data: any slice of the server's answer
        :raises HandshakeVersionError: no common protocol version
        :raises HandshakeNotBoltError: the server speaks HTTP
        :raises BoltProtocolError: the answer is not a Bolt handshake
        """
        if self.done:
            self.leftover += bytes(data)
            return
        buf = self._buf
        buf += data
        if len(buf) < 4:
            return
        if buf[:4] == b"HTTP":
            log.debug("[#%04X]  S: <HANDSHAKE> %r", self._log_id, buf[:4])
            raise HandshakeNotBoltError(
                self._address, self._request, bytes(buf)
            )
        if buf[3] == 0xFF:
            self._feed_manifest()
        else:
            self._finish_classic()

    def _finish_classic(self) -> None:
        buf = self._buf
        response = bytes(buf[:4])
        log.debug(
            "[#%04X]  S: <HANDSHAKE> %s",
            self._log_id,
            _slot_repr(response),
        )
        version = (response[3], response[2])
        if version not in self._versions:
            raise HandshakeVersionError(
                self._unsupported_message(),
                self._address,
                self._request,
                response,
            )
        self._complete(version, 4)

    def _feed_manifest(self) -> None:
        buf = self._buf
        manifest_version = buf[2]
        if self._request[4:8] != MANIFEST_V1_SLOT:
            raise BoltProtocolError(
                "The server answered with a handshake manifest "
                f"({_slot_repr(buf[:4])}) that was not offered.",
                self._address,
            )
        if manifest_version != 1:
            raise BoltProtocolError(
                "Unsupported Bolt handshake manifest version "
                f"{manifest_version} received from {self._address!r}.",
                self._address,
            )
        count, pos = _decode_varint(buf, 4)
        if count < 0:
            return
        offers_end = pos + 4 * count
        if len(buf) < offers_end:
            return
        capabilities, end = _decode_varint(buf, offers_end)
        if capabilities < 0:
            return
        offers = []
        for i in range(pos, offers_end, 4):
            offers.append((buf[i + 3], buf[i + 2], buf[i + 1]))
        self.server_offers = offers
        self.capabilities = capabilities
        if log.isEnabledFor(logging.DEBUG):
            log.debug(
                "[#%04X]  S: <HANDSHAKE> %s [%d] %s %s",
                self._log_id,
                _slot_repr(buf[:4]),
                count,
                " ".join(
                    _slot_repr(buf[i : i + 4])
                    for i in range(pos, offers_end, 4)
                ),
                "0x" + bytes(buf[offers_end:end]).hex().upper(),
            )
        chosen: Version | None = None
        for major, top, span in offers:
            for candidate in self._versions:
                if (
                    candidate[0] == major
                    and top - span <= candidate[1] <= top
                    and (chosen is None or candidate > chosen)
                ):
                    chosen = candidate
        if chosen is None:
            # Tell the server politely that nothing fits; the shell may
            # send this before closing.
            self._out += b"\x00\x00\x00\x00\x00"
            log.debug("[#%04X]  C: <HANDSHAKE> 0x00000000 0x00", self._log_id)
            raise HandshakeVersionError(
                self._unsupported_message(),
                self._address,
                self._request,
                bytes(buf[:end]),
            )
        self._out += bytes((0, 0, chosen[1], chosen[0]))
        self._out += encode_varint(0)
        log.debug(
            "[#%04X]  C: <HANDSHAKE> 0x0000%02X%02X 0x00",
            self._log_id,
            chosen[1],
            chosen[0],
        )
        self._complete(chosen, end)

    def _complete(self, version: Version, consumed: int) -> None:
        self.version = version
        self.done = True
        self.leftover = bytes(self._buf[consumed:])
        self._buf.clear()

    def _unsupported_message(self) -> str:
        names = tuple(f"{ma}.{mi}" for ma, mi in sorted(self._versions))
        return (
            "The neo4j server does not support communication with this "
            f"driver. This driver has support for Bolt protocols {names}."
        )
