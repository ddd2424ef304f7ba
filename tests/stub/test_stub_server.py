"""Self-tests of the stub server over real sockets, with a raw client.

The raw client speaks just enough Bolt (handshake, chunking, our own
PackStream) to drive the server byte by byte, so these tests prove what
the server sends and that it fails a test when the client strays.
"""

from __future__ import annotations

import socket
import typing as t
from pathlib import Path

import pytest

from tests.stub.server import (
    ScriptError,
    Struct,
    StubServer,
    StubServers,
    encode_varint,
    pack_message,
    unpack_message,
)


MAGIC = bytes.fromhex("6060B017")
HELLO, GOODBYE, RESET, RUN, PULL = 0x01, 0x02, 0x0F, 0x10, 0x3F
SUCCESS, RECORD, IGNORED, FAILURE = 0x70, 0x71, 0x7E, 0x7F


class RawClient:
    """A minimal blocking Bolt client for driving the stub server."""

    def __init__(self, server: StubServer) -> None:
        self.sock = socket.create_connection((server.host, server.port))
        self.sock.settimeout(10)

    def close(self) -> None:
        self.sock.close()

    def recv_exact(self, n: int) -> bytes:
        data = b""
        while len(data) < n:
            chunk = self.sock.recv(n - len(data))
            if not chunk:
                raise EOFError(f"closed after {data.hex()}")
            data += chunk
        return data

    def handshake(self, *slots: str) -> bytes:
        """Send a classic handshake; returns the server's 4 bytes."""
        proposals = b"".join(bytes.fromhex(slot) for slot in slots)
        self.sock.sendall(MAGIC + proposals.ljust(16, b"\x00"))
        return self.recv_exact(4)

    def send(self, tag: int, *fields: t.Any) -> None:
        self.sock.sendall(pack_message(tag, list(fields)))

    def recv(self) -> tuple[int, list[t.Any]]:
        data = b""
        while True:
            size = int.from_bytes(self.recv_exact(2), "big")
            if size == 0:
                if data:
                    return unpack_message(data)
                continue
            data += self.recv_exact(size)

    def is_closed(self) -> bool:
        return self.sock.recv(1) == b""


@pytest.fixture
def client_for() -> t.Iterator[t.Callable[[StubServer], RawClient]]:
    clients: list[RawClient] = []

    def make(server: StubServer) -> RawClient:
        client = RawClient(server)
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()


Connect = t.Callable[[StubServer], RawClient]


# ------------------------------------------------------------- handshake
def test_classic_handshake_picks_highest_version_in_first_match(
    stub_server: StubServers, client_for: Connect
) -> None:
    server = stub_server.start("!: BOLT 5.2 5.4 4.4\n")
    client = client_for(server)
    # 6.0 | 5.8 down to 5.3 | 4.4
    answer = client.handshake("00000006", "00050805", "00000404")
    assert answer == bytes.fromhex("00000405")
    client.close()
    server.done()
    assert server.handshakes == [
        MAGIC + bytes.fromhex("00000006 00050805 00000404 00000000")
    ]


def test_classic_handshake_version_range_in_script(
    stub_server: StubServers, client_for: Connect
) -> None:
    server = stub_server.start("!: BOLT 5.0-5.2\n!: ALLOW RESTART\n")
    assert client_for(server).handshake("00000805") == bytes.fromhex(
        "00000000"
    )
    assert client_for(server).handshake("00020205") == bytes.fromhex(
        "00000205"
    )


def test_rejected_handshake_closes_and_passes_without_body(
    stub_server: StubServers, client_for: Connect
) -> None:
    server = stub_server.start("!: BOLT 3.0\n")
    client = client_for(server)
    assert client.handshake("00000404", "00080805") == bytes(4)
    assert client.is_closed()
    server.done()


def test_rejected_handshake_fails_when_script_has_body(
    stub_server: StubServers, client_for: Connect
) -> None:
    server = stub_server.start("!: BOLT 3.0\nC: RESET\n")
    client = client_for(server)
    assert client.handshake("00000404") == bytes(4)
    assert client.is_closed()
    with pytest.raises(AssertionError) as info:
        server.done()
    assert (
        "handshake rejected: the client proposed 00 00 04 04 00 00 00 00 "
        "00 00 00 00 00 00 00 00, the script speaks 3.0"
    ) in str(info.value)


def test_manifest_handshake(
    stub_server: StubServers, client_for: Connect
) -> None:
    server = stub_server.start(
        "!: BOLT 5.0-5.8 4.4\n!: MANIFEST\n!: CAPABILITIES 1\n"
        "C: RESET\nS: SUCCESS {}\n"
    )
    client = client_for(server)
    client.sock.sendall(MAGIC + bytes.fromhex("000001FF 00080805") + bytes(8))
    offer = client.recv_exact(4 + 1 + 8 + 1)
    assert offer == bytes.fromhex("000001FF 02 00080805 00000404 01")
    client.sock.sendall(bytes.fromhex("00000605") + encode_varint(0))
    client.send(RESET)
    assert client.recv() == (SUCCESS, [{}])
    client.close()
    server.done()
    assert server.manifest_choices == [bytes.fromhex("00000605 00")]


def test_manifest_script_still_accepts_classic_clients(
    stub_server: StubServers, client_for: Connect
) -> None:
    server = stub_server.start("!: BOLT 5.8 4.4\n!: MANIFEST\n")
    client = client_for(server)
    assert client.handshake("00000404") == bytes.fromhex("00000404")


def test_manifest_client_choosing_unoffered_version_fails(
    stub_server: StubServers, client_for: Connect
) -> None:
    server = stub_server.start("!: BOLT 5.8\n!: MANIFEST\n")
    client = client_for(server)
    client.sock.sendall(MAGIC + bytes.fromhex("000001FF") + bytes(12))
    assert client.recv_exact(10) == bytes.fromhex("000001FF 01 00000805 00")
    client.sock.sendall(bytes.fromhex("00000705 00"))
    assert client.is_closed()
    with pytest.raises(AssertionError, match="the client chose 00 00 07 05"):
        server.done()


def test_manifest_client_finding_no_version(
    stub_server: StubServers, client_for: Connect
) -> None:
    server = stub_server.start("!: BOLT 6.0\n!: MANIFEST\n")
    client = client_for(server)
    client.sock.sendall(MAGIC + bytes.fromhex("000001FF") + bytes(12))
    client.recv_exact(10)
    client.sock.sendall(bytes(5))
    assert client.is_closed()
    server.done()


def test_handshake_override(
    stub_server: StubServers, client_for: Connect
) -> None:
    server = stub_server.start("!: BOLT 5.4\n!: HANDSHAKE 48 54 54 50\n")
    client = client_for(server)
    assert client.handshake("00000405") == b"HTTP"


def test_bad_preamble_fails(
    stub_server: StubServers, client_for: Connect
) -> None:
    server = stub_server.start("!: BOLT 5.4\n")
    client = client_for(server)
    client.sock.sendall(b"GET / HTTP/1.1\r\n\r\n")
    assert client.is_closed()
    with pytest.raises(AssertionError, match="bad handshake preamble 47 45"):
        server.done()


# ----------------------------------------------------------- conversation
CONVERSATION = """\
!: BOLT 5.4
C: HELLO {"user_agent": *, "routing"?: null, ...}
S: SUCCESS {"server": "Neo4j/5.4.0", "connection_id": "bolt-7"}
C: RUN "RETURN $x AS x" {"x": *} {...}
C: PULL {"n": 1000}
S: SUCCESS {"fields": ["x"]}
   RECORD [Node(1, ["Person"], {"name": "Ada"}, "4:x:1")]
   RECORD [DateTime(1700000000, 5, 3600)]
   SUCCESS {"type": "r"}
*C: RESET
S: SUCCESS {}
C: GOODBYE
"""


def test_conversation_with_wildcards_and_typed_values(
    stub_server: StubServers, client_for: Connect
) -> None:
    server = stub_server.start(CONVERSATION)
    client = client_for(server)
    client.handshake("00000405")
    client.send(HELLO, {"user_agent": "me/1", "extra": [1]})
    assert client.recv() == (
        SUCCESS,
        [{"server": "Neo4j/5.4.0", "connection_id": "bolt-7"}],
    )
    client.send(RUN, "RETURN $x AS x", {"x": [1, 2]}, {"db": "neo4j"})
    client.send(PULL, {"n": 1000})
    assert client.recv() == (SUCCESS, [{"fields": ["x"]}])
    node = Struct(0x4E, [1, ["Person"], {"name": "Ada"}, "4:x:1"])
    assert client.recv() == (RECORD, [[node]])
    assert client.recv() == (RECORD, [[Struct(0x49, [1700000000, 5, 3600])]])
    assert client.recv() == (SUCCESS, [{"type": "r"}])
    for _ in range(2):
        client.send(RESET)
        assert client.recv() == (SUCCESS, [{}])
    client.send(GOODBYE)
    client.close()
    server.done()
    assert server.transcripts()[0][-3:] == [
        "C: RESET",
        "S: SUCCESS {}",
        "C: GOODBYE",
    ]


def test_record_bytes_on_the_wire(
    stub_server: StubServers, client_for: Connect
) -> None:
    server = stub_server.start(
        '!: BOLT 5.4\nC: PULL {}\nS: RECORD [1, "a", null]\n'
    )
    client = client_for(server)
    client.handshake("00000405")
    client.send(PULL, {})
    assert (
        client.recv_exact(9) == bytes.fromhex("0007 B1 71 93 01 81 61 C0")[:9]
    )
    assert client.recv_exact(2) == b"\x00\x00"


def test_alternatives_choose_by_client_message(
    stub_server: StubServers, client_for: Connect
) -> None:
    script = (
        "!: BOLT 5.4\n!: ALLOW RESTART\n"
        "|{\n"
        '  C: RUN "a" {} {}\n'
        '  S: SUCCESS {"fields": []}\n'
        "}|{\n"
        '  C: RUN "b" {} {}\n'
        '  S: FAILURE {"code": "Neo.ClientError.Statement.SyntaxError", '
        '"message": "no"}\n'
        "}\n"
        "C: RESET\n"
        "S: IGNORED\n"
    )
    server = stub_server.start(script)
    first = client_for(server)
    first.handshake("00000405")
    first.send(RUN, "b", {}, {})
    assert first.recv() == (
        FAILURE,
        [{"code": "Neo.ClientError.Statement.SyntaxError", "message": "no"}],
    )
    first.send(RESET)
    assert first.recv() == (IGNORED, [])
    first.close()
    second = client_for(server)
    second.handshake("00000405")
    second.send(RUN, "a", {}, {})
    assert second.recv() == (SUCCESS, [{"fields": []}])
    second.send(RESET)
    assert second.recv() == (IGNORED, [])
    second.close()
    server.done()
    assert server.connection_count == 2


def test_optional_lines_may_be_skipped(
    stub_server: StubServers, client_for: Connect
) -> None:
    server = stub_server.start(
        "!: BOLT 5.4\n?C: HELLO {...}\nS: SUCCESS {}\nC: RESET\n"
        "S: SUCCESS {}\n?C: GOODBYE\n"
    )
    client = client_for(server)
    client.handshake("00000405")
    client.send(RESET)
    assert client.recv() == (SUCCESS, [{}])
    client.close()
    server.done()


def test_sleep_noop_raw_and_exit(
    stub_server: StubServers, client_for: Connect
) -> None:
    server = stub_server.start(
        "!: BOLT 5.4\n"
        "C: RESET\n"
        "S: <SLEEP 0.05>\n"
        "S: <NOOP>\n"
        "S: SUCCESS {}\n"
        "S: <RAW> 00 03 B1 70 A0 00 00\n"
        "S: <RAW> 00 02 B1\n"
        "S: <EXIT>\n"
    )
    client = client_for(server)
    client.handshake("00000405")
    client.send(RESET)
    assert client.recv_exact(2) == b"\x00\x00"  # the NOOP chunk
    assert client.recv() == (SUCCESS, [{}])
    assert client.recv_exact(7) == bytes.fromhex("0003 B170A0 0000")
    assert client.recv_exact(3) == bytes.fromhex("0002 B1")
    assert client.is_closed()
    server.done()
    assert server.transcripts()[0][2:4] == ["C: RESET", "S: <SLEEP 0.05>"]


def test_exit_right_after_handshake(
    stub_server: StubServers, client_for: Connect
) -> None:
    server = stub_server.start("!: BOLT 5.4\nS: <EXIT>\n")
    client = client_for(server)
    client.handshake("00000405")
    assert client.is_closed()
    server.done()


def test_auto_replies(stub_server: StubServers, client_for: Connect) -> None:
    server = stub_server.start(
        "!: BOLT 5.4\n!: AUTO HELLO\n!: AUTO RESET\n!: AUTO GOODBYE\n"
        '!: AUTO LOGON SUCCESS {"x": 1}\n'
        "C: RUN * * *\nS: SUCCESS {}\n"
    )
    client = client_for(server)
    client.handshake("00000405")
    client.send(HELLO, {})
    assert client.recv() == (
        SUCCESS,
        [{"server": "Neo4j/5.4.0", "connection_id": "bolt-1"}],
    )
    client.send(0x6A, {})
    assert client.recv() == (SUCCESS, [{"x": 1}])
    client.send(RESET)
    assert client.recv() == (SUCCESS, [{}])
    client.send(RUN, "x", {}, {})
    assert client.recv() == (SUCCESS, [{}])
    client.send(GOODBYE)
    assert client.is_closed()
    server.done()
    assert server.transcripts()[0][-2:] == ["S: SUCCESS {}", "C: GOODBYE"]


def test_script_line_wins_over_auto_reply(
    stub_server: StubServers, client_for: Connect
) -> None:
    server = stub_server.start(
        '!: BOLT 5.4\n!: AUTO RESET\nC: RESET\nS: FAILURE {"code": "X"}\n'
    )
    client = client_for(server)
    client.handshake("00000405")
    client.send(RESET)
    assert client.recv() == (FAILURE, [{"code": "X"}])
    client.send(RESET)
    assert client.recv() == (SUCCESS, [{}])


def test_client_noop_chunks_and_large_messages(
    stub_server: StubServers, client_for: Connect
) -> None:
    server = stub_server.start("!: BOLT 5.4\nC: RUN * {} {}\nS: SUCCESS {}\n")
    client = client_for(server)
    client.handshake("00000405")
    client.sock.sendall(b"\x00\x00\x00\x00")
    client.send(RUN, "x" * 100_000, {}, {})
    assert client.recv() == (SUCCESS, [{}])
    client.close()
    server.done()


def test_script_from_path_and_variables(
    stub_server: StubServers, client_for: Connect, tmp_path: Path
) -> None:
    path = tmp_path / "route.script"
    path.write_text(
        "!: BOLT 5.4\n"
        "C: ROUTE {...} [] {}\n"
        'S: SUCCESS {"rt": {"ttl": 300, "servers": [\n'
        '      {"role": "ROUTE", "addresses": ["${address}"]},\n'
        '      {"role": "READ", "addresses": ["${reader}"]}\n'
        "   ]}}\n",
        encoding="utf-8",
    )
    reader = stub_server.start("!: BOLT 5.4\n")
    router = stub_server.start(path, reader=reader.address)
    assert reader.port != router.port
    client = client_for(router)
    client.handshake("00000405")
    client.send(0x66, {"address": "x"}, [], {})
    servers = client.recv()[1][0]["rt"]["servers"]
    assert servers[0]["addresses"] == [router.address]
    assert servers[1]["addresses"] == [reader.address]
    client.close()
    router.done()


def test_undefined_variable_is_a_script_error(
    stub_server: StubServers,
) -> None:
    with pytest.raises(ScriptError, match=r"undefined script variable"):
        stub_server.start('!: BOLT 5.4\nC: RUN "${nope}"\n')


# ------------------------------------------------ connections and timing
def test_concurrent_connections_each_play_the_script(
    stub_server: StubServers, client_for: Connect
) -> None:
    server = stub_server.start(
        "!: BOLT 5.4\n!: ALLOW CONCURRENT\nC: RESET\nS: SUCCESS {}\n"
        "C: RUN *\nS: SUCCESS {}\n"
    )
    first, second = client_for(server), client_for(server)
    first.handshake("00000405")
    second.handshake("00000405")
    first.send(RESET)
    second.send(RESET)
    assert second.recv() == (SUCCESS, [{}])
    second.send(RUN, "b")
    assert second.recv() == (SUCCESS, [{}])
    assert first.recv() == (SUCCESS, [{}])
    first.send(RUN, "a")
    assert first.recv() == (SUCCESS, [{}])
    server.done()
    assert server.connection_count == 2


def test_per_connection_scripts(
    stub_server: StubServers, client_for: Connect
) -> None:
    server = stub_server.start(
        "!: BOLT 5.4\nC: RESET\nS: <EXIT>\n",
        "!: BOLT 5.4\nC: RESET\nS: SUCCESS {}\n",
    )
    first = client_for(server)
    first.handshake("00000405")
    first.send(RESET)
    assert first.is_closed()
    second = client_for(server)
    second.handshake("00000405")
    second.send(RESET)
    assert second.recv() == (SUCCESS, [{}])
    server.done()
    third = client_for(server)
    assert third.is_closed()
    with pytest.raises(AssertionError) as info:
        server.done()
    assert (
        "connection #3 (no script): unexpected connection #3: the "
        "server has scripts for 2 connection(s)" in str(info.value)
    )


def test_restart_forbids_overlapping_connections(
    stub_server: StubServers, client_for: Connect
) -> None:
    server = stub_server.start("!: BOLT 5.4\n!: ALLOW RESTART\nC: RESET\n")
    first = client_for(server)
    first.handshake("00000405")
    second = client_for(server)
    assert second.is_closed()
    first.send(RESET)
    with pytest.raises(AssertionError, match="a second connection was"):
        server.done()


def test_done_accepts_idle_connection_at_script_end(
    stub_server: StubServers, client_for: Connect
) -> None:
    server = stub_server.start("!: BOLT 5.4\nC: RESET\nS: SUCCESS {}\n")
    client = client_for(server)
    client.handshake("00000405")
    client.send(RESET)
    client.recv()
    server.done()  # the client still holds the connection: fine


def test_done_times_out_while_script_pending(
    stub_server: StubServers, client_for: Connect
) -> None:
    server = stub_server.start("!: BOLT 5.4\nC: RESET\nS: SUCCESS {}\n")
    client = client_for(server)
    client.handshake("00000405")
    with pytest.raises(AssertionError) as info:
        server.done(timeout=0.2)
    text = str(info.value)
    assert "not finished after 0.2s" in text
    assert "still waiting for:\n      line 2: C: RESET" in text
    client.send(RESET)  # finish, so that closing the client is no failure
    assert client.recv() == (SUCCESS, [{}])


def test_done_fails_without_any_connection(
    stub_server: StubServers,
) -> None:
    server = stub_server.start("!: BOLT 5.4\n")
    with pytest.raises(
        AssertionError, match="only 0 of 1 expected connection"
    ):
        server.done(timeout=0.1)


# ------------------------------------------------------------- failures
def test_unexpected_message_fails_with_diff(
    stub_server: StubServers, client_for: Connect
) -> None:
    server = stub_server.start(
        "!: BOLT 5.4\n"
        'C: RUN "RETURN 1" {} {"db": "neo4j", ...}\n'
        'S: SUCCESS {"fields": ["1"]}\n'
        'C: PULL {"n": 1000}\n'
    )
    client = client_for(server)
    client.handshake("00000405")
    client.send(RUN, "RETURN 1", {}, {"db": "system", "mode": "r"})
    assert client.is_closed()
    with pytest.raises(AssertionError) as info:
        server.done()
    port = server.port
    assert str(info.value) == (
        f"stub server 127.0.0.1:{port}, connection #1 (script): "
        "unexpected message from the client\n"
        '  received: C: RUN "RETURN 1" {} {"db": "system", "mode": "r"}\n'
        "  expected:\n"
        '    line 2: C: RUN "RETURN 1" {} {"db": "neo4j", ...}\n'
        '      difference: fields[2]["db"]: expected "neo4j", got "system"\n'
        "  conversation so far:\n"
        "    C: <HANDSHAKE> 00 00 04 05 00 00 00 00 00 00 00 00 00 00 00 00\n"
        "    S: <HANDSHAKE> 00 00 04 05\n"
        '    C: RUN "RETURN 1" {} {"db": "system", "mode": "r"}'
    )


def test_unconsumed_script_fails(
    stub_server: StubServers, client_for: Connect
) -> None:
    server = stub_server.start(
        '!: BOLT 5.4\nC: RESET\nS: SUCCESS {}\nC: RUN "x" {} {}\n?C: GOODBYE\n'
    )
    client = client_for(server)
    client.handshake("00000405")
    client.send(RESET)
    client.recv()
    client.close()
    with pytest.raises(AssertionError) as info:
        server.done()
    text = str(info.value)
    assert (
        "(script): the client closed the connection before the script was "
        'finished\n  still expected:\n    line 4: C: RUN "x" {} {}\n'
    ) in text
    assert text.endswith("    C: RESET\n    S: SUCCESS {}")


def test_allow_hangup_accepts_a_close_at_any_point(
    stub_server: StubServers, client_for: Connect
) -> None:
    server = stub_server.start(
        "!: BOLT 5.4\n!: ALLOW HANGUP\n!: ALLOW CONCURRENT\n"
        'C: RESET\nS: SUCCESS {}\nC: RUN "x" {} {}\nS: SUCCESS {}\n'
    )
    mid_script = client_for(server)
    mid_script.handshake("00000405")
    mid_script.send(RESET)
    mid_script.recv()
    mid_script.close()
    mid_message = client_for(server)
    mid_message.handshake("00000405")
    mid_message.sock.sendall(b"\x00\x10\xb0")  # 1 of 16 bytes
    mid_message.close()
    mid_handshake = client_for(server)
    mid_handshake.sock.sendall(MAGIC)
    mid_handshake.close()
    server.done()
    assert server.connection_count == 3


def test_allow_hangup_still_fails_a_wrong_message(
    stub_server: StubServers, client_for: Connect
) -> None:
    server = stub_server.start(
        "!: BOLT 5.4\n!: ALLOW HANGUP\nC: RESET\nS: SUCCESS {}\n"
    )
    client = client_for(server)
    client.handshake("00000405")
    client.send(RUN, "y")
    assert client.is_closed()
    with pytest.raises(AssertionError, match="unexpected message"):
        server.done()


def test_goodbye_before_script_end_fails(
    stub_server: StubServers, client_for: Connect
) -> None:
    server = stub_server.start("!: BOLT 5.4\n!: AUTO GOODBYE\nC: RESET\n")
    client = client_for(server)
    client.handshake("00000405")
    client.send(GOODBYE)
    assert client.is_closed()
    with pytest.raises(AssertionError, match="the client said GOODBYE"):
        server.done()


def test_message_after_script_end_fails(
    stub_server: StubServers, client_for: Connect
) -> None:
    server = stub_server.start("!: BOLT 5.4\nC: RESET\n")
    client = client_for(server)
    client.handshake("00000405")
    client.send(RESET)
    client.send(RESET)
    assert client.is_closed()
    with pytest.raises(
        AssertionError, match=r"expected: nothing \(the script is finished\)"
    ):
        server.done()


def test_malformed_client_message_fails(
    stub_server: StubServers, client_for: Connect
) -> None:
    server = stub_server.start("!: BOLT 5.4\nC: RESET\n")
    client = client_for(server)
    client.handshake("00000405")
    client.sock.sendall(bytes.fromhex("0002 B1 0F 0000"))
    assert client.is_closed()
    with pytest.raises(
        AssertionError, match="malformed message from the client"
    ):
        server.done()


def test_unchecked_failures_are_reported_at_teardown(
    client_for: Connect,
) -> None:
    servers = StubServers()
    server = servers.start("!: BOLT 5.4\nC: RESET\n")
    client = client_for(server)
    client.handshake("00000405")
    client.send(HELLO, {})
    assert client.is_closed()
    failures = servers.close()
    assert len(failures) == 1
    assert "unexpected message from the client" in failures[0]


def test_reported_failures_are_not_repeated_at_teardown(
    client_for: Connect,
) -> None:
    servers = StubServers()
    server = servers.start("!: BOLT 5.4\nC: RESET\n")
    client = client_for(server)
    client.handshake("00000405")
    client.close()
    with pytest.raises(AssertionError):
        server.done()
    assert servers.close() == []


def test_several_servers_at_once(
    stub_server: StubServers, client_for: Connect
) -> None:
    servers = [
        stub_server.start(f'!: BOLT 5.4\nC: RUN "{n}"\nS: SUCCESS {{}}\n')
        for n in range(4)
    ]
    assert len({server.port for server in servers}) == 4
    for n, server in reversed(list(enumerate(servers))):
        client = client_for(server)
        client.handshake("00000405")
        client.send(RUN, str(n))
        assert client.recv() == (SUCCESS, [{}])
    stub_server.done()
