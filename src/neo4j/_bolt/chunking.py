"""Bolt message framing: outgoing chunks, and the inbound reassembly of
a message that spans several reads.

On the wire every message is a sequence of chunks ``<u16 size><data>``
closed by an empty chunk ``00 00``.  A chunk holds at most 65535 bytes.
Empty chunks *between* messages are NOOPs (server keep-alives) and carry
nothing.

Outgoing: the encoder packs a message straight into the batch buffer
behind a 2-byte placeholder (:func:`begin_message`); for the common case
of a message under 64 KiB :func:`end_message` only writes the size and the
end marker, no bytes are moved.

Incoming: the connection core hands every read to
:func:`neo4j._codec.packstream.unpack_chunked`, which decodes each
message lying in one chunk where it is (no copy: the common case of
records and summaries under 64 KiB).  A message of several chunks, or
one cut by the end of a read, goes to a :class:`Dechunker` instead: in
one pass it copies the *payload* (never the chunk headers) into one
buffer, over as many reads as it takes.  Each received byte is thus
looked at a bounded number of times whatever the chunk and read sizes
(rescanning a growing receive buffer from the message start on every
read is quadratic when a large value comes in tiny chunks), and the
memory held is the payload, not the wire bytes (a value sent as 1-byte
chunks takes three times its size on the wire) nor an object per chunk.
"""

from __future__ import annotations

import typing as t


__all__ = [
    "MAX_CHUNK_SIZE",
    "Dechunker",
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


class Dechunker:
    """Reassembles one chunked message from any number of reads.

    Fed with :meth:`take` until it reports the end marker; the payload
    is then in :attr:`body`, to decode and :meth:`clear`.  NOOP chunks
    in front of the message are skipped.  Work is linear in the bytes
    taken; memory is the payload alone.
    """

    __slots__ = ("_half", "_left", "body")

    def __init__(self) -> None:
        #: The payload of the message received so far.
        self.body = bytearray()
        #: Payload bytes still due in the current chunk.
        self._left = 0
        #: First byte of a chunk header that a read cut in two, else -1.
        self._half = -1

    @property
    def active(self) -> bool:
        """True while a message is partly received (the next bytes
        belong to it)."""
        return bool(self.body) or self._left > 0 or self._half >= 0

    def clear(self) -> None:
        """Forget the message (and release its payload)."""
        self.body = bytearray()
        self._left = 0
        self._half = -1

    def take(self, data: Buffer, start: int, end: int) -> int:
        """Consume the bytes ``data[start:end]`` that follow those taken
        before.

        :param data: received bytes
        :param start: offset of the first byte to take
        :param end: offset just past the last byte to take
        :returns: the offset just past the message's end marker when the
            message is complete (bytes from there on were not taken and
            belong to the next messages), else -1 (all bytes taken)
        """
        body = self.body
        left = self._left
        half = self._half
        p = start
        with memoryview(data) as view:
            while p < end:
                if left:
                    # the rest of a chunk begun in an earlier read
                    q = p + left
                    if q > end:
                        q = end
                    body += view[p:q]
                    left -= q - p
                    p = q
                    continue
                if half >= 0:
                    size = (half << 8) | data[p]
                    half = -1
                    p += 1
                elif p + 1 < end:
                    size = (data[p] << 8) | data[p + 1]
                    p += 2
                else:
                    half = data[p]
                    p += 1
                    break
                if size:
                    q = p + size
                    if q > end:
                        left = q - end
                        q = end
                    if q - p == 1:  # no object per byte
                        body.append(data[p])
                    else:
                        body += view[p:q]
                    p = q
                elif body:
                    self._left = 0
                    self._half = -1
                    return p
        self._left = left
        self._half = half
        return -1
