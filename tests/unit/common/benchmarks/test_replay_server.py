"""The benchmark replay server, driven over a raw socket.

Expected replies are written out as literal bytes, independently of the
benchmark's own PackStream encoder (which is used only to build the
client's requests and to read the longer streams).
"""

from __future__ import annotations

import json
import os
import socket
import typing as t
from collections.abc import Iterator
from pathlib import Path

import pytest

from benchmarks._datasets import Registry, wide_row
from benchmarks._packstream import (
    DecodeError,
    Struct,
    chunk,
    decode,
    encode,
    message,
)
from benchmarks._venvs import Interpreter, resolve
from benchmarks.replay_server import MAGIC, ReplayServer, choose_version
from benchmarks.run import ratio, render_table, run_one, speed


# what the official 6.x driver proposes: manifest v1, 5.8-5.0, 4.4-4.2, 3.0
OFFICIAL_PROPOSALS = bytes.fromhex("000001ff 00080805 00020404 00000003")

SUCCESS_EMPTY = b"\x00\x03\xb1\x70\xa0\x00\x00"
HELLO_SUCCESS = (
    b"\x00\x33\xb1\x70\xa3"
    b"\x86server\x8cNeo4j/5.26.0"
    b"\x8dconnection_id\x86bolt-1"
    b"\x85hints\xa0"
    b"\x00\x00"
)
RUN_RETURN_1_SUCCESS = (
    b"\x00\x16\xb1\x70\xa2\x86fields\x91\x811\x87t_first\x00\x00\x00"
)
RECORD_1 = b"\x00\x04\xb1\x71\x91\x01\x00\x00"
AUTOCOMMIT_SUMMARY = (
    b"\x00\x30\xb1\x70\xa4"
    b"\x88bookmark\x8bFB:replay:1"
    b"\x84type\x81r"
    b"\x86t_last\x00"
    b"\x82db\x85neo4j"
    b"\x00\x00"
)
HAS_MORE = b"\x00\x0d\xb1\x70\xa1\x88has_more\xc3\x00\x00"
IGNORED = b"\x00\x02\xb0\x7e\x00\x00"


class Client:
    """A minimal blocking Bolt client for the tests."""

    def __init__(self, port: int) -> None:
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=10)

    def close(self) -> None:
        self.sock.close()

    def send(self, *messages: bytes) -> None:
        self.sock.sendall(b"".join(messages))

    def read_exact(self, n: int) -> bytes:
        data = b""
        while len(data) < n:
            more = self.sock.recv(n - len(data))
            if not more:
                raise EOFError(f"closed after {data!r}")
            data += more
        return data

    def read_raw_message(self) -> bytes:
        """One message as framed on the wire (chunks + end marker)."""
        framed = b""
        while True:
            header = self.read_exact(2)
            framed += header
            size = int.from_bytes(header, "big")
            if size == 0:
                return framed
            framed += self.read_exact(size)

    def read_message(self) -> tuple[int, list[t.Any]]:
        """One message decoded: ``(tag, fields)``."""
        framed = self.read_raw_message()
        body = b""
        pos = 0
        while True:
            size = int.from_bytes(framed[pos : pos + 2], "big")
            if size == 0:
                break
            body += framed[pos + 2 : pos + 2 + size]
            pos += 2 + size
        value = decode(body)
        assert isinstance(value, Struct)
        return value.tag[0], value.fields

    def handshake(self, proposals: bytes = OFFICIAL_PROPOSALS) -> bytes:
        self.send(MAGIC + proposals)
        return self.read_exact(4)

    def hello(self) -> None:
        assert self.handshake() == b"\x00\x00\x04\x05"
        self.send(
            message(0x01, {"user_agent": "tests/1.0"}),
            message(
                0x6A,
                {"scheme": "basic", "principal": "u", "credentials": "p"},
            ),
        )
        assert self.read_raw_message() == HELLO_SUCCESS
        assert self.read_raw_message() == SUCCESS_EMPTY

    def at_eof(self) -> bool:
        return self.sock.recv(1) == b""


def _start(server: ReplayServer) -> Iterator[tuple[ReplayServer, int]]:
    port = server.start_in_thread()
    try:
        yield server, port
    finally:
        server.stop_thread()


@pytest.fixture
def server() -> Iterator[tuple[ReplayServer, int]]:
    yield from _start(ReplayServer())


@pytest.fixture
def client(server: tuple[ReplayServer, int]) -> Iterator[Client]:
    c = Client(server[1])
    try:
        c.hello()
        yield c
    finally:
        c.close()


def pull(n: int, qid: int | None = None) -> bytes:
    extra: dict[str, int] = {"n": n}
    if qid is not None:
        extra["qid"] = qid
    return message(0x3F, extra)


def run(query: str, **params: t.Any) -> bytes:
    return message(0x10, query, params, {})


# ----------------------------------------------------------------- codec
@pytest.mark.parametrize(
    ("value", "encoded"),
    [
        (None, b"\xc0"),
        (True, b"\xc3"),
        (-16, b"\xf0"),
        (127, b"\x7f"),
        (-17, b"\xc8\xef"),
        (128, b"\xc9\x00\x80"),
        (-(2**31), b"\xca\x80\x00\x00\x00"),
        (2**31, b"\xcb\x00\x00\x00\x00\x80\x00\x00\x00"),
        (1.5, b"\xc1\x3f\xf8\x00\x00\x00\x00\x00\x00"),
        ("a", b"\x81a"),
        ("x" * 16, b"\xd0\x10" + b"x" * 16),
        (b"\x01", b"\xcc\x01\x01"),
        ([1, "a"], b"\x92\x01\x81a"),
        ({"k": []}, b"\xa1\x81k\x90"),
        (Struct(b"D", 3), b"\xb1D\x03"),
    ],
)
def test_packstream_round_trip(value: t.Any, encoded: bytes) -> None:
    assert encode(value) == encoded
    assert decode(encoded) == value


def test_packstream_errors() -> None:
    with pytest.raises(DecodeError, match="truncated"):
        decode(b"\xc9\x00")
    with pytest.raises(DecodeError, match="1 trailing bytes"):
        decode(b"\x01\x02")
    with pytest.raises(OverflowError):
        encode(2**63)
    with pytest.raises(TypeError, match="cannot encode set"):
        encode(set())


def test_chunk_splits_large_bodies() -> None:
    framed = chunk(b"x" * 0x10000)
    assert framed[:2] == b"\xff\xff"
    assert framed[2 + 0xFFFF : 2 + 0xFFFF + 3] == b"\x00\x01x"
    assert framed[-2:] == b"\x00\x00"
    assert len(framed) == 0x10000 + 6


# ------------------------------------------------------------- handshake
@pytest.mark.parametrize(
    ("proposals", "max_minor", "expected"),
    [
        (OFFICIAL_PROPOSALS, 4, (5, 4)),
        (OFFICIAL_PROPOSALS, 8, (5, 8)),
        (OFFICIAL_PROPOSALS, 0, (5, 0)),
        (bytes.fromhex("00000205" + "00" * 12), 4, (5, 2)),
        (bytes.fromhex("00010605" + "00" * 12), 4, None),
        (bytes.fromhex("00020404" + "00" * 12), 8, None),
    ],
)
def test_choose_version(
    proposals: bytes, max_minor: int, expected: tuple[int, int] | None
) -> None:
    assert choose_version(proposals, max_minor) == expected


def test_handshake_refuses_without_5x(
    server: tuple[ReplayServer, int],
) -> None:
    c = Client(server[1])
    try:
        assert c.handshake(bytes.fromhex("00020404" + "00" * 12)) == bytes(4)
        assert c.at_eof()
    finally:
        c.close()


def test_handshake_max_minor_is_configurable() -> None:
    for _, port in _start(ReplayServer(max_minor=8)):
        c = Client(port)
        try:
            assert c.handshake() == b"\x00\x00\x08\x05"
        finally:
            c.close()


# -------------------------------------------------------------- messages
def test_hello_logon_run_pull_exact_bytes(client: Client) -> None:
    client.send(run("RETURN 1"), pull(1000))
    assert client.read_raw_message() == RUN_RETURN_1_SUCCESS
    assert client.read_raw_message() == RECORD_1
    assert client.read_raw_message() == AUTOCOMMIT_SUMMARY


def test_pull_batches_with_has_more(client: Client) -> None:
    client.send(run("BENCH ints 5"), pull(2))
    assert client.read_message() == (0x70, [{"fields": ["n"], "t_first": 0}])
    assert client.read_raw_message() == b"\x00\x04\xb1\x71\x91\x00\x00\x00"
    assert client.read_raw_message() == RECORD_1
    assert client.read_raw_message() == HAS_MORE
    client.send(pull(2))
    assert client.read_message() == (0x71, [[2]])
    assert client.read_message() == (0x71, [[3]])
    assert client.read_raw_message() == HAS_MORE
    client.send(pull(-1))
    assert client.read_message() == (0x71, [[4]])
    assert client.read_raw_message() == AUTOCOMMIT_SUMMARY


def test_discard(client: Client) -> None:
    client.send(run("BENCH ints 5"), pull(1), message(0x2F, {"n": 3}))
    assert client.read_message()[0] == 0x70
    assert client.read_message() == (0x71, [[0]])
    assert client.read_raw_message() == HAS_MORE
    assert client.read_raw_message() == HAS_MORE
    client.send(pull(-1))
    assert client.read_message() == (0x71, [[4]])
    assert client.read_raw_message() == AUTOCOMMIT_SUMMARY


def test_transaction_with_qids(client: Client) -> None:
    client.send(
        message(0x11, {}),
        run("BENCH ints 2"),
        run("RETURN 1"),
        pull(-1, qid=0),
        pull(-1),
        message(0x12),
    )
    assert client.read_raw_message() == SUCCESS_EMPTY
    assert client.read_message() == (
        0x70,
        [{"fields": ["n"], "t_first": 0, "qid": 0}],
    )
    assert client.read_message() == (
        0x70,
        [{"fields": ["1"], "t_first": 0, "qid": 1}],
    )
    tx_summary = {"type": "r", "t_last": 0, "db": "neo4j"}
    assert client.read_message() == (0x71, [[0]])
    assert client.read_message() == (0x71, [[1]])
    assert client.read_message() == (0x70, [tx_summary])
    assert client.read_raw_message() == RECORD_1
    assert client.read_message() == (0x70, [tx_summary])
    assert client.read_message() == (0x70, [{"bookmark": "FB:replay:1"}])


def test_failure_ignored_reset(client: Client) -> None:
    client.send(run("MATCH (n) RETURN n"), pull(1000))
    assert client.read_message() == (
        0x7F,
        [
            {
                "code": "Neo.ClientError.Statement.SyntaxError",
                "message": "the replay server does not know "
                "'MATCH (n) RETURN n'",
            }
        ],
    )
    assert client.read_raw_message() == IGNORED
    client.send(message(0x0F), run("RETURN 1"), pull(10))
    assert client.read_raw_message() == SUCCESS_EMPTY
    assert client.read_raw_message() == RUN_RETURN_1_SUCCESS
    assert client.read_raw_message() == RECORD_1
    assert client.read_raw_message() == AUTOCOMMIT_SUMMARY


def test_unwind_reports_rows_as_created(client: Client) -> None:
    rows = [{"id": i, "name": f"n{i}"} for i in range(20)]
    client.send(run("UNWIND $rows AS row CREATE (n) SET n = row", rows=rows))
    client.send(pull(1000))
    assert client.read_message() == (0x70, [{"fields": [], "t_first": 0}])
    assert client.read_message() == (
        0x70,
        [
            {
                "bookmark": "FB:replay:1",
                "stats": {"nodes-created": 20, "labels-added": 20},
                "type": "w",
                "t_last": 0,
                "db": "neo4j",
            }
        ],
    )


def test_unwind_decode_params_checks_payload() -> None:
    for _, port in _start(ReplayServer(decode_params=True)):
        c = Client(port)
        try:
            c.hello()
            c.send(run("UNWIND $xs AS x CREATE ()", xs=[{"a": 1}] * 3))
            c.send(pull(-1))
            assert c.read_message()[0] == 0x70
            tag, fields = c.read_message()
            assert tag == 0x70
            assert fields[0]["stats"]["nodes-created"] == 3
            c.send(message(0x0F), run("UNWIND $xs AS x", ys=[1]))
            assert c.read_raw_message() == SUCCESS_EMPTY
            tag, fields = c.read_message()
            assert (tag, fields[0]["message"]) == (
                0x7F,
                "missing parameter 'xs'",
            )
        finally:
            c.close()


def test_route_telemetry_goodbye(
    client: Client, server: tuple[ReplayServer, int]
) -> None:
    client.send(message(0x54, 1), message(0x66, {}, [], {}))
    assert client.read_raw_message() == SUCCESS_EMPTY
    address = f"127.0.0.1:{server[1]}"
    assert client.read_message() == (
        0x70,
        [
            {
                "rt": {
                    "ttl": 300,
                    "db": "neo4j",
                    "servers": [
                        {"addresses": [address], "role": "ROUTE"},
                        {"addresses": [address], "role": "READ"},
                        {"addresses": [address], "role": "WRITE"},
                    ],
                }
            }
        ],
    )
    client.send(message(0x02))
    assert client.at_eof()


def test_gql_failure_and_telemetry_hint_on_5_8() -> None:
    for _, port in _start(ReplayServer(max_minor=8, telemetry=True)):
        c = Client(port)
        try:
            assert c.handshake() == b"\x00\x00\x08\x05"
            c.send(message(0x01, {"user_agent": "t"}), run("nope"))
            tag, fields = c.read_message()
            assert tag == 0x70
            assert fields[0]["hints"] == {"telemetry.enabled": True}
            tag, fields = c.read_message()
            assert tag == 0x7F
            assert fields[0]["neo4j_code"] == (
                "Neo.ClientError.Statement.SyntaxError"
            )
            assert fields[0]["gql_status"] == "50N42"
            assert "code" not in fields[0]
        finally:
            c.close()


def test_wide_and_graph_rows_decode(client: Client) -> None:
    client.send(run("BENCH wide 2"), pull(-1))
    tag, fields = client.read_message()
    assert tag == 0x70
    assert len(fields[0]["fields"]) == 20
    assert client.read_message() == (0x71, [wide_row(0)])
    assert client.read_message() == (0x71, [wide_row(1)])
    assert client.read_message()[0] == 0x70
    client.send(run("BENCH graph 1"), pull(-1))
    assert client.read_message() == (
        0x70,
        [{"fields": ["n", "r", "m"], "t_first": 0}],
    )
    tag, (row,) = client.read_message()
    node, rel, other = row
    assert node == Struct(
        b"N", 0, ["Person"], {"name": "p0", "age": 0}, "4:replay:0"
    )
    assert rel == Struct(
        b"R",
        0,
        0,
        1,
        "KNOWS",
        {"since": 2000},
        "5:replay:0",
        "4:replay:0",
        "4:replay:1",
    )
    assert other.fields[3] == "4:replay:1"


def test_registry_preload_rejects_unknown_query() -> None:
    registry = Registry()
    registry.preload(["BENCH ints 3"])
    result = registry.lookup("BENCH ints 3")
    assert result is not None
    assert result.rows == 3
    assert result.span(1, 5) == (
        b"\x00\x04\xb1\x71\x91\x01\x00\x00\x00\x04\xb1\x71\x91\x02\x00\x00",
        3,
    )
    with pytest.raises(KeyError, match="BENCH nothing"):
        registry.preload(["BENCH nothing 3"])


# ------------------------------------------------------------- end to end
def _official_interpreter(monkeypatch: pytest.MonkeyPatch) -> Interpreter:
    """The official driver: ``OFFICIAL_PYTHON``, this machine's, or a venv.

    Without either, ``benchmarks/.venv-official`` is created with pip.
    """
    machine = Path("/work/official/bin/python")
    if not os.environ.get("OFFICIAL_PYTHON") and machine.exists():
        monkeypatch.setenv("OFFICIAL_PYTHON", str(machine))
    return resolve("official")


def test_workload_end_to_end_with_official_driver(
    server: tuple[ReplayServer, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    interpreter = _official_interpreter(monkeypatch)
    uri = f"bolt://127.0.0.1:{server[1]}"
    for name, size in (("graph_sync", 3), ("unwind_sync", 5)):
        report = run_one(interpreter, name, uri, size, 2, 120)
        assert "error" not in report, report
        assert (report["workload"], report["size"], report["ops"]) == (
            name,
            size,
            size,
        )
        assert len(report["times"]) == 2
        assert report["driver"]["version"].startswith("6.")
        assert speed(report) is not None


def test_table_and_ratio() -> None:
    reports = {
        "ints_sync": {
            "ours": {"ops": 100, "times": [1.0, 2.0, 4.0]},
            "official": {"ops": 100, "times": [4.0]},
        }
    }
    assert ratio(50.0, 25.0) == 2.0
    assert ratio(None, 25.0) is None
    table = render_table(reports, ["ours", "official"])
    assert table.splitlines()[2] == (
        "| ints_sync | rows |         50 |             25 |         2.00x |"
    )


def test_runner_quick_with_server_subprocess(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from benchmarks.run import main

    _official_interpreter(monkeypatch)
    output = tmp_path / "results.json"
    status = main(
        [
            "--quick",
            "--drivers",
            "official",
            "--only",
            "return1_sync,unwind_sync",
            "--repeat",
            "1",
            "--output",
            str(output),
        ]
    )
    assert status == 0
    document = json.loads(output.read_text())
    assert document["sizes"] == {"return1_sync": 100, "unwind_sync": 1000}
    assert document["bolt"] == "5.4"
    for name in ("return1_sync", "unwind_sync"):
        report = document["results"][name]["official"]
        assert report["ops"] == document["sizes"][name]
        assert len(report["times"]) == 1
