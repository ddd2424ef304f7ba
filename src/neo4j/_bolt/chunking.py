"""Bolt message framing: chunk outgoing messages, de-chunk incoming ones.

On the wire every message is a sequence of chunks ``<u16 size><data>``
closed by an empty chunk ``00 00``.  A chunk holds at most 65535 bytes.
Empty chunks *between* messages are NOOPs (server keep-alives) and carry
nothing.

Outgoing: the encoder packs a message straight into the batch buffer
behind a 2-byte placeholder (:func:`begin_message`); for the common case
of a message under 64 KiB :func:`end_message` only writes the size and the
end marker, no bytes are moved.

Incoming: :class:`Dechunker` is fed arbitrary slices and returns
``(buffer, start, end)`` spans, one per complete message.  A message that
sits in a single chunk of the fed data is returned as a span of that very
data (no copy); messages split over chunks are joined once.
"""

from __future__ import annotations

import typing as t


__all__ = [
    "MAX_CHUNK_SIZE",
    "Dechunker",
    "Span",
    "begin_message",
    "chunk_body",
    "end_message",
]

#: Largest payload of one chunk.
MAX_CHUNK_SIZE = 0xFFFF

Buffer: t.TypeAlias = bytes | bytearray | memoryview
#: ``(buffer, start, end)``: one message's PackStream bytes.
Span: t.TypeAlias = tuple[Buffer, int, int]


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
    """Reassemble messages from any slices of the inbound byte stream.

    Spans returned by :meth:`feed` stay valid until the next call of
    :meth:`feed` (they may point into the caller's data or into this
    object's buffers).
    """

    __slots__ = ("_buf", "_parts", "_pos", "noops")

    def __init__(self) -> None:
        # Unconsumed tail of the stream (only used between feeds).
        self._buf = bytearray()
        self._pos = 0
        # Bodies of the chunks of a message still missing its end marker.
        self._parts: bytearray | None = None
        #: Number of NOOP chunks skipped so far.
        self.noops = 0

    @property
    def buffered(self) -> int:
        """Number of received bytes not yet returned as a message."""
        joined = len(self._parts) if self._parts is not None else 0
        return len(self._buf) - self._pos + joined

    def feed(self, data: Buffer) -> list[Span]:
        """Consume received bytes.

        :param data: the next bytes of the stream (any length)
        :returns: spans of the messages completed by these bytes
        """
        buf = self._buf
        if self._pos < len(buf):
            if self._pos:
                del buf[: self._pos]
                self._pos = 0
            buf += data
            src: Buffer = buf
        else:
            if buf:
                buf.clear()
            self._pos = 0
            src = data
        spans: list[Span] = []
        end = len(src)
        pos = 0
        parts = self._parts
        while end - pos >= 2:
            size = (src[pos] << 8) | src[pos + 1]
            if size == 0:
                pos += 2
                if parts is None:
                    self.noops += 1
                else:
                    spans.append((parts, 0, len(parts)))
                    parts = None
                continue
            body_end = pos + 2 + size
            if (
                parts is None
                and body_end + 2 <= end
                and src[body_end] == 0
                and src[body_end + 1] == 0
            ):
                # Whole message in one chunk: no copy.
                spans.append((src, pos + 2, body_end))
                pos = body_end + 2
                continue
            if body_end > end:
                break
            if parts is None:
                parts = bytearray()
            parts += src[pos + 2 : body_end]
            pos = body_end
        self._parts = parts
        if src is buf:
            self._pos = pos
        elif pos < end:
            buf += src[pos:]
        return spans
