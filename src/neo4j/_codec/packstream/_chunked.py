"""Decoding straight from a Bolt chunked byte stream.

Bolt frames each message as chunks (``uint16`` big-endian size, payload)
ended by a zero-size chunk; a lone zero-size chunk is a NOOP keep-alive.
:func:`unpack_chunked` walks a receive buffer, decodes every complete
RECORD in place (messages fitting one chunk are never copied) and stops
after the first other message so the caller can react to it (e.g. switch
hydration hooks after a SUCCESS) before decoding further.

One-chunk RECORDs are decoded in place: their leading scalar fields
(ints, floats, tiny strings) in the loop itself, everything from the
first other value on by the inline-dispatch loop of ``_decode``; there
is deliberately no special case for particular row shapes (such as a
single small integer), so benchmarks measure the path every result
takes.  A record factory that names its row type and width (see
:func:`unpack_chunked`) is bypassed for rows of the right width.

Garbage collection: every record is a GC-tracked object, so a large
batch triggers many generational collections (one per 700 survivors,
plus full ones as the heap grows).  Pausing the collector around the
decode of each receive buffer (``gc.disable()``/``enable()`` in
``finally``) was measured at +20 % to +50 % rows/s, but it is NOT done:
the collector switch is process-wide, so another thread saving and
restoring it around our window (``was = gc.isenabled(); gc.disable();
... if was: gc.enable()``) can interleave with us and leave collection
off for good, and a user's own ``gc.disable()`` in another thread would
be silently undone.  A driver must not risk that; applications that
want the gain can pause the collector around their own result loops.
"""

from __future__ import annotations

import typing as t

from ._decode import (
    _FIXED,
    _FIXED_SIZE,
    _LOW_LEVEL_ERRORS,
    Buffer,
    HydrationHooks,
    _items,
    _translate,
    unpack_message,
)
from ._structure import PackStreamDecodeError


__all__ = ["find_message_end", "unpack_body", "unpack_chunked"]


def find_message_end(
    data: Buffer, start: int, end: int
) -> tuple[int, int] | None:
    """Locate the chunked message starting at ``data[start]``.

    NOOP chunks in front of the message are skipped.

    :param data: the receive buffer
    :param start: offset of the first chunk header
    :param end: offset just past the valid bytes
    :returns: ``(message_start, after)`` offsets when the message lies in
        a single chunk (payload is ``data[message_start:after - 2]``),
        ``(-1, after)`` for a complete multi-chunk message, or ``None``
        when the message is not complete yet
    """
    p = start
    while p + 2 <= end and data[p] == 0 and data[p + 1] == 0:
        p += 2
    first = p + 2
    chunks = 0
    while p + 2 <= end:
        size = (data[p] << 8) | data[p + 1]
        if size == 0:
            return (first if chunks == 1 else -1), p + 2
        p += 2 + size
        chunks += 1
    return None


def _join_chunks(data: Buffer, start: int, after: int) -> bytearray:
    # One buffer of the payload size: no object per chunk (a value sent as
    # 1-byte chunks would otherwise cost one ``bytes`` per byte).
    out = bytearray()
    p = start
    with memoryview(data) as view:
        while True:
            size = (data[p] << 8) | data[p + 1]
            if size == 0:
                break
            p += 2
            if size == 1:  # no object per byte
                out.append(data[p])
            else:
                out += view[p : p + size]
            p += size
    return out


def unpack_body(
    data: Buffer,
    start: int,
    end: int,
    hydration_hooks: HydrationHooks | None,
    row_factory: t.Callable[[list[t.Any]], t.Any] | None = None,
) -> tuple[list[t.Any], tuple[int, list[t.Any]] | None]:
    """Decode one de-chunked message held in ``data[start:end]``.

    The counterpart of :func:`unpack_chunked` for a message whose chunks
    were joined (e.g. by :class:`neo4j._bolt.chunking.Dechunker`).

    :param data: the message's payload
    :param start: offset of the structure marker
    :param end: offset just past the message
    :param hydration_hooks: struct hooks for values inside the message
    :param row_factory: builds the row object from a RECORD's field list
    :returns: ``(rows, other)`` as :func:`unpack_chunked` would: one row
        and ``None`` for a RECORD, else no row and ``(tag, fields)``
    :raises PackStreamDecodeError: on a malformed message
    """
    tag, fields = unpack_message(data, start, end, hydration_hooks)
    if tag != 0x71:
        return [], (tag, fields)
    if len(fields) != 1 or fields[0].__class__ is not list:
        raise PackStreamDecodeError("RECORD must hold one list")
    row = fields[0]
    return [row if row_factory is None else row_factory(row)], None


def unpack_chunked(
    data: Buffer,
    start: int,
    end: int,
    hydration_hooks: HydrationHooks | None,
    row_factory: t.Callable[[list[t.Any]], t.Any] | None = None,
    *,
    split: bool = True,
) -> tuple[list[t.Any], tuple[int, list[t.Any]] | None, int]:
    """Decode complete chunked messages from ``data[start:end]``.

    RECORD messages are collected (as their field list, or as
    ``row_factory(fields)``); decoding stops after the first non-RECORD
    message or when the next message is incomplete.

    :param data: receive buffer with chunked Bolt messages
    :param start: offset of the first chunk header
    :param end: offset just past the valid bytes
    :param hydration_hooks: struct hooks for values inside the messages
    :param row_factory: builds one row object from a RECORD's field list;
        if it has the attributes ``row_type`` and ``row_width``, a field
        list of ``row_width`` values is turned into a row by calling
        ``row_type`` instead (which must give the same result)
    :param split: also decode messages of several chunks (joined into
        one buffer); if false, stop in front of the first message that
        is not a single chunk followed by its end marker, as if it were
        incomplete (for a caller that reassembles such messages itself
        in one pass, see :class:`neo4j._bolt.chunking.Dechunker`)
    :returns: ``(rows, other, offset)``: the decoded rows, the first
        non-RECORD message as ``(tag, fields)`` or ``None``, and the
        offset of the first byte not consumed
    :raises PackStreamDecodeError: on a malformed message
    """
    if isinstance(data, memoryview):
        # the decoder works on bytes/bytearray (see ``_decode``)
        buf = data[start:end].tobytes()
        got, other, p = unpack_chunked(
            buf, 0, len(buf), hydration_hooks, row_factory, split=split
        )
        return got, other, p + start
    rows: list[t.Any] = []
    add = rows.append
    # a factory may name a type that builds the row by itself from a
    # list of ``row_width`` values (``neo4j._data.record_factory`` does):
    # called directly, it costs no Python frame per record
    row_type = getattr(row_factory, "row_type", None)
    width = getattr(row_factory, "row_width", -1) if row_type else -1
    fixed = _FIXED
    fixed_size = _FIXED_SIZE
    p = start
    while p + 2 <= end:
        size = (data[p] << 8) | data[p + 1]
        if size == 0:  # NOOP
            p += 2
            continue
        ms = p + 2
        me = ms + size
        if me + 2 <= end and data[me] == 0 and data[me + 1] == 0:
            nxt = me + 2
            if data[ms + 1] == 0x71 and data[ms] == 0xB1:
                # RECORD fast path: a list of up to 255 fields decoded in
                # place; anything unusual is left to unpack_message
                lm = data[ms + 2]
                if 0x90 <= lm <= 0x9F:
                    n = lm - 0x90
                    q = ms + 3
                elif lm == 0xD4:
                    n = data[ms + 3]
                    q = ms + 4
                else:
                    n = -1
                if n >= 0 and n <= me - q:
                    # leading scalar fields inline (no call for a row
                    # of scalars), the rest from the first other value
                    # on by _items (all of it when the first is one)
                    try:
                        m = data[q] if n else 0
                        if m >= 0x90 and fixed[m] is None:
                            row, q, _ = _items(data, q, n, hydration_hooks)
                        else:
                            row = []
                            put = row.append
                            for k in range(n):
                                m = data[q]
                                if m < 0x80:  # tiny int
                                    put(m)
                                    q += 1
                                elif m < 0x90:  # tiny string
                                    e = q + m - 0x7F
                                    put(data[q + 1 : e].decode())
                                    q = e
                                elif (read := fixed[m]) is not None:
                                    put(read(data, q + 1)[0])
                                    q += fixed_size[m]
                                else:
                                    more, q, _ = _items(
                                        data, q, n - k, hydration_hooks
                                    )
                                    row += more
                                    break
                    except _LOW_LEVEL_ERRORS as exc:
                        raise _translate(exc, ms) from exc
                    if q == me:
                        if n == width:
                            add(row_type(row))  # type: ignore[misc]
                        elif row_factory is None:
                            add(row)
                        else:
                            add(row_factory(row))
                        p = nxt
                        continue
            tag, fields = unpack_message(data, ms, me, hydration_hooks)
        else:
            if not split:
                break
            found = find_message_end(data, p, end)
            if found is None:
                break
            ms, nxt = found
            if ms >= 0:  # pragma: no cover - handled above
                me = nxt - 2
                tag, fields = unpack_message(data, ms, me, hydration_hooks)
            else:
                msg = _join_chunks(data, p, nxt)
                tag, fields = unpack_message(msg, 0, len(msg), hydration_hooks)
        p = nxt
        if tag == 0x71:
            if len(fields) != 1 or fields[0].__class__ is not list:
                raise PackStreamDecodeError("RECORD must hold one list")
            row = fields[0]
            add(row if row_factory is None else row_factory(row))
            continue
        return rows, (tag, fields), p
    return rows, None, p
