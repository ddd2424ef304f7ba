"""The driving flow documented in ``neo4j._bolt``'s docstring, end to end
against a scripted fake peer (no sockets)."""

from __future__ import annotations

import collections
import typing as t

from neo4j._bolt import Handshake, ServerState, protocol_class
from neo4j.exceptions import CypherSyntaxError
from tests.unit.common.bolt._helpers import (
    failure,
    ignored,
    record,
    success,
)


class FakeSocket:
    """Replays one server turn per client write, in fixed-size reads;
    records what was sent."""

    def __init__(self, turns: list[bytes], read_size: int) -> None:
        self._turns = collections.deque(turns)
        self._pending = b""
        self._read_size = read_size
        self.sent = bytearray()

    def sendall(self, data: t.Any) -> None:
        self.sent += data
        assert not self._pending, "client wrote before reading the answer"
        if self._turns:
            self._pending = self._turns.popleft()

    def recv(self) -> bytes:
        data = self._pending[: self._read_size]
        self._pending = self._pending[len(data) :]
        assert data, "client waited for more than the script holds"
        return data


def test_full_conversation() -> None:
    script = [
        bytes.fromhex("000001FF 01 00080805 00"),  # manifest: 5.0..5.8
        b"",  # answer to the manifest confirmation: nothing
        success({"server": "Neo4j/5.26.0", "connection_id": "bolt-1"})
        + success(),  # HELLO, LOGON
        success({"fields": ["n"], "t_first": 1})  # RUN
        + record(1)
        + record(2)
        + success({"bookmark": "bm:1", "db": "neo4j"}),  # PULL
        success()  # BEGIN
        + failure(
            {
                "neo4j_code": "Neo.ClientError.Statement.SyntaxError",
                "message": "bad",
                "gql_status": "42001",
                "description": "syntax error",
            }
        )
        + ignored(),
        success(),  # RESET
    ]
    for read_size in (1, 7, 65536):
        sock = FakeSocket(script, read_size)
        hs = Handshake(local_port=1)
        sock.sendall(hs.take_outgoing())
        while not hs.done:
            hs.feed(sock.recv())
            out = hs.take_outgoing()
            if out:
                sock.sendall(out)
        assert hs.version == (5, 8)
        conn = protocol_class(hs.version)(
            auth={"scheme": "none"}, user_agent="ua", local_port=1
        )
        hello = conn.hello()
        conn.feed(hs.leftover)  # normally empty
        sock.sendall(conn.take_outgoing())
        while not hello.done:
            conn.feed(sock.recv())
        assert hello.error is None
        assert conn.state is ServerState.READY
        assert conn.connection_id == "bolt-1"

        records: collections.deque[t.Any] = collections.deque()
        run = conn.run("RETURN 1 AS n")
        pull = conn.pull(records=records, record_factory=tuple)
        sock.sendall(conn.take_outgoing())
        while not pull.done:
            conn.feed(sock.recv())
        assert run.metadata == {"fields": ["n"], "t_first": 1}
        assert list(records) == [(1,), (2,)]
        assert pull.metadata == {"bookmark": "bm:1", "db": "neo4j"}

        conn.begin()
        bad = conn.run("RETURN")
        pull = conn.pull()
        sock.sendall(conn.take_outgoing())
        while not pull.done:
            conn.feed(sock.recv())
        assert isinstance(bad.error, CypherSyntaxError)
        assert bad.error.gql_status == "42001"
        assert pull.ignored
        assert conn.needs_reset

        reset = conn.reset()
        sock.sendall(conn.take_outgoing())
        while not reset.done:
            conn.feed(sock.recv())
        assert conn.state is ServerState.READY
        assert conn.pending_count == 0
        assert not conn.defunct
        # request: magic + slots + manifest confirmation, then messages
        assert sock.sent[:20] == bytes.fromhex(
            "6060B017 000001FF 00080805 00020404 00000003"
        )
        assert sock.sent[20:25] == bytes.fromhex("00000805 00")
