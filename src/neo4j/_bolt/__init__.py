"""The Bolt protocol as pure computation (sans-IO).

Nothing in this package reads or writes sockets, awaits, sleeps or looks
at the clock.  The I/O shell (``neo4j._async`` and its generated twin)
moves bytes; this package decides which bytes and what they mean.

Driving API
===========

Handshake::

    hs = Handshake(local_port=port, address=addr)  # versions=... to narrow
    sock.sendall(hs.take_outgoing())               # magic + 4 slots
    while not hs.done:
        data = sock.recv(65536)                    # b"": peer closed
        hs.feed(data)       # HandshakeVersionError -> UnsupportedServerProduct
                            # HandshakeNotBoltError -> ServiceUnavailable
                            # BoltProtocolError     -> close the socket
        out = hs.take_outgoing()                   # manifest confirmation
        if out:
            sock.sendall(out)
    conn = protocol_class(hs.version)(
        auth=auth_dict, user_agent=ua, routing_context=ctx,
        notifications_min_severity=..., local_port=port, address=addr,
    )

Requests only *queue* bytes and return a :class:`Response`; nothing is
sent until the shell takes the buffer.  Pipelining is therefore free::

    hello = conn.hello()                 # HELLO (+ LOGON on 5.1+)
    conn.feed(hs.leftover)               # normally b""
    sock.sendall(conn.take_outgoing())
    while not hello.done:
        conn.feed(sock.recv(65536))      # BoltProtocolError: close
    if hello.error:                      # conn.defunct is True: close
        raise hello.error
    sock.settimeout(conn.recv_timeout)   # server hint, None if absent

    scope = conn.new_hydration_scope()   # per result
    run = conn.run("RETURN $x", {"x": 1}, db="neo4j",
                   dehydration_hooks=scope.dehydration_hooks,
                   hydration_hooks=scope.hydration_hooks,
                   on_success=result_on_run_success)
    pull = conn.pull(n=1000, records=result_buffer,  # deque / list
                     record_factory=record_factory(keys),
                     hydration_hooks=scope.hydration_hooks)
    sock.sendall(conn.take_outgoing())   # RUN+PULL in one write
    while not pull.done:                 # records stream into result_buffer
        conn.feed(sock.recv(65536))

    if conn.needs_reset:                 # a FAILURE left the server FAILED
        conn.reset()                     # state INTERRUPTED until SUCCESS

``feed()`` returns the number of responses completed.  Each
:class:`Response` has ``done``, ``error`` (a :class:`neo4j.exceptions.
Neo4jError` built from FAILURE), ``ignored``, ``metadata`` and, for PULL,
``records``; callbacks (``on_success``, ``on_failure``, ``on_ignored``,
``on_summary``) run inside ``feed()`` and must not do I/O.  The record
factory for a result is unknown when PULL is queued together with RUN:
set ``pull.record_factory`` from RUN's ``on_success`` (it runs before any
RECORD of that PULL is decoded).

A batch is queued all or nothing: take ``mark = conn.queue_mark()``
first and call ``conn.drop_queued(mark)`` when a later request of the
batch cannot be encoded (nothing of it was handed over yet).

Connection-level facts: ``pending_count``, ``state``
(:class:`ServerState`), ``needs_reset``, ``is_reset``, ``defunct`` (close
the socket: init failure, failed RESET, protocol error, after GOODBYE),
``hints``, ``recv_timeout``, ``telemetry_enabled``, ``ssr_enabled``,
``server_agent``, ``connection_id``, ``protocol_version``,
``last_failure``.  Capability flags: ``SUPPORTS_RE_AUTH``,
``SUPPORTS_NOTIFICATION_FILTERING``, ``SUPPORTS_TELEMETRY``.

Framing helper for fake servers and tests: :func:`chunk_body` in
:mod:`neo4j._bolt.chunking`; inbound bytes are split and decoded by
:func:`neo4j._codec.packstream.unpack_chunked`, with messages of several
chunks (or cut by a read) reassembled in one pass by
:class:`neo4j._bolt.chunking.Dechunker`.
"""

from __future__ import annotations

from .chunking import chunk_body
from .errors import (
    BoltProtocolError,
    HandshakeNotBoltError,
    HandshakeVersionError,
)
from .handshake import SUPPORTED_VERSIONS, Handshake
from .messages import tx_timeout_as_ms
from .protocol import (
    PROTOCOL_CLASSES,
    Bolt3,
    Bolt4x2,
    Bolt4x3,
    Bolt4x4,
    Bolt5x0,
    Bolt5x1,
    Bolt5x2,
    Bolt5x3,
    Bolt5x4,
    Bolt5x5,
    Bolt5x6,
    Bolt5x7,
    Bolt5x8,
    Bolt6x0,
    Bolt6x1,
    QueueMark,
    protocol_class,
)
from .responses import Response, ServerState


__all__ = [
    "PROTOCOL_CLASSES",
    "SUPPORTED_VERSIONS",
    "Bolt3",
    "Bolt4x2",
    "Bolt4x3",
    "Bolt4x4",
    "Bolt5x0",
    "Bolt5x1",
    "Bolt5x2",
    "Bolt5x3",
    "Bolt5x4",
    "Bolt5x5",
    "Bolt5x6",
    "Bolt5x7",
    "Bolt5x8",
    "Bolt6x0",
    "Bolt6x1",
    "BoltProtocolError",
    "Handshake",
    "HandshakeNotBoltError",
    "HandshakeVersionError",
    "QueueMark",
    "Response",
    "ServerState",
    "chunk_body",
    "protocol_class",
    "tx_timeout_as_ms",
]
