"""Bolt message framing of outgoing messages.

On the wire every message is a sequence of chunks ``<u16 size><data>``
closed by an empty chunk ``00 00``.  A chunk holds at most 65535 bytes.
Empty chunks *between* messages are NOOPs (server keep-alives) and carry
nothing.

Outgoing: the encoder packs a message straight into the batch buffer
behind a 2-byte placeholder (:func:`begin_message`); for the common case
of a message under 64 KiB :func:`end_message` only writes the size and the
end marker, no bytes are moved.

Incoming bytes are not de-chunked here: the connection core hands its
receive buffer to :func:`neo4j._codec.packstream.unpack_chunked`, which
walks the chunks and decodes each message where it lies.  That is the
only inbound framing code; fake servers in the tests use it as well.
"""

from __future__ import annotations

import typing as t


__all__ = [
    "MAX_CHUNK_SIZE",
    "begin_message",
    "chunk_body",
    "end_message",
]

#: Largest payload of one chunk.
MAX_CHUNK_SIZE = 0xFFFF

Buffer: t.TypeAlias = bytes | bytearray | memoryview


def chunk_body(out: bytearray, body: Buffer) -> None:
    """Append ``body`` to ``out`` as one chunked message.

    An empty body produces only the end marker.

    :param out: the outgoing buffer
    :param body: the PackStream encoding of one message
    """
    size = len(body)
    with memoryview(body) as view:
        for pos in range(0, size, MAX_CHUNK_SIZE):
            part = view[pos : pos + MAX_CHUNK_SIZE]
            out += len(part).to_bytes(2, "big")
            out += part
    out += b"\x00\x00"


def begin_message(out: bytearray) -> int:
    """Reserve room for a chunk header before packing a message.

    :param out: the outgoing buffer
    :returns: the position to hand to :func:`end_message`
    """
    start = len(out)
    out += b"\x00\x00"
    return start


def end_message(out: bytearray, start: int) -> None:
    """Frame the message packed into ``out`` since :func:`begin_message`.

    :param out: the outgoing buffer
    :param start: the value :func:`begin_message` returned
    """
    size = len(out) - start - 2
    if 0 < size <= MAX_CHUNK_SIZE:
        out[start] = size >> 8
        out[start + 1] = size & 0xFF
        out += b"\x00\x00"
        return
    body = bytes(out[start + 2 :])
    del out[start:]
    chunk_body(out, body)
