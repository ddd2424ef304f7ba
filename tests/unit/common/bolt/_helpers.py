"""Fake-server helpers for the sans-IO Bolt core tests."""

from __future__ import annotations

import typing as t

from neo4j._bolt.chunking import chunk_body
from neo4j._bolt.protocol import PROTOCOL_CLASSES, Bolt3
from neo4j._codec.packstream import pack_struct, unpack_chunked


def message(tag: int, *fields: t.Any) -> bytes:
    """One chunked message as a server would send it."""
    body = bytearray()
    pack_struct(body, bytes([tag]), fields)
    out = bytearray()
    chunk_body(out, body)
    return bytes(out)


def success(metadata: dict[str, t.Any] | None = None) -> bytes:
    return message(0x70, {} if metadata is None else metadata)


def failure(metadata: dict[str, t.Any]) -> bytes:
    return message(0x7F, metadata)


def ignored() -> bytes:
    return message(0x7E)


def record(*values: t.Any) -> bytes:
    return message(0x71, list(values))


def sent(conn: Bolt3) -> list[tuple[int, list[t.Any]]]:
    """Decode everything the connection queued for sending."""
    data = conn.take_outgoing()
    msgs: list[tuple[int, list[t.Any]]] = []
    pos = 0
    while pos < len(data):
        # the driver's own inbound decoder reads the client's bytes too
        rows, msg, pos = unpack_chunked(data, pos, len(data), None)
        assert not rows
        assert msg is not None, "truncated outgoing message"
        msgs.append(msg)
    return msgs


def make(
    version: tuple[int, int], *, ready: bool = True, **kwargs: t.Any
) -> Bolt3:
    """A connection of ``version``; ``ready``: greeted and READY."""
    kwargs.setdefault("user_agent", "test/1.0")
    kwargs.setdefault("local_port", 0x0ABC)
    conn = PROTOCOL_CLASSES[version](**kwargs)
    if ready:
        conn.hello()
        conn.take_outgoing()
        if conn.AUTH_IN_HELLO:
            conn.feed(success({"server": "Neo4j/5.26.0"}))
        else:
            conn.feed(success({"server": "Neo4j/5.26.0"}) + success())
        assert conn.pending_count == 0
    return conn
