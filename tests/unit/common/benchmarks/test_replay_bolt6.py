"""The replay server's Bolt 6.1 mode and the UUID workloads.

Over a raw socket with literal bytes: the manifest v1 handshake, UUID
records (marker ``E0`` and 16 bytes) and a UUID list parameter; then
the runner's handling of workloads that need Bolt 6.1, and both UUID
workloads end to end on the official driver.
"""

from __future__ import annotations

import json
import os
import socket
import typing as t
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from benchmarks import run as runner
from benchmarks._datasets import Registry, uuid_row, uuid_value
from benchmarks._packstream import message
from benchmarks._venvs import Interpreter, resolve
from benchmarks.replay_server import (
    MAGIC,
    ReplayServer,
    choose_version,
    manifest,
    read_choice,
)
from benchmarks.workloads import (
    SERVERS,
    WORKLOADS,
    Target,
    WorkloadError,
    uuid_value as workload_uuid_value,
)


# what the official 6.x driver proposes: manifest v1, 5.8-5.0, 4.4-4.2, 3.0
OFFICIAL_PROPOSALS = bytes.fromhex("000001ff 00080805 00020404 00000003")
MANIFEST_6_1 = bytes.fromhex("000001ff 02 00010106 00040405 00")
HELLO_SUCCESS = (
    b"\x00\x33\xb1\x70\xa3"
    b"\x86server\x8cNeo4j/5.26.0"
    b"\x8dconnection_id\x86bolt-1"
    b"\x85hints\xa0"
    b"\x00\x00"
)
SUCCESS_EMPTY = b"\x00\x03\xb1\x70\xa0\x00\x00"
U0 = b"\xe0" + bytes(16)
U1 = b"\xe0" + bytes.fromhex("9e3779b97f4a7c15f39cc0605cedc835")


class Client:
    """A minimal blocking Bolt client."""

    def __init__(self, port: int) -> None:
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=10)

    def close(self) -> None:
        self.sock.close()

    def send(self, *data: bytes) -> None:
        self.sock.sendall(b"".join(data))

    def read_exact(self, n: int) -> bytes:
        data = b""
        while len(data) < n:
            more = self.sock.recv(n - len(data))
            if not more:
                raise EOFError(f"closed after {data!r}")
            data += more
        return data

    def read_raw_message(self) -> bytes:
        framed = b""
        while True:
            header = self.read_exact(2)
            framed += header
            size = int.from_bytes(header, "big")
            if size == 0:
                return framed
            framed += self.read_exact(size)

    def at_eof(self) -> bool:
        return self.sock.recv(1) == b""

    def hello(self) -> None:
        self.send(
            message(0x01, {"user_agent": "tests/1.0"}),
            message(
                0x6A,
                {"scheme": "basic", "principal": "u", "credentials": "p"},
            ),
        )
        assert self.read_raw_message() == HELLO_SUCCESS
        assert self.read_raw_message() == SUCCESS_EMPTY


def _start(server: ReplayServer) -> Iterator[tuple[ReplayServer, int]]:
    port = server.start_in_thread()
    try:
        yield server, port
    finally:
        server.stop_thread()


@pytest.fixture
def bolt6() -> Iterator[tuple[ReplayServer, int]]:
    yield from _start(ReplayServer(bolt6_minor=1))


@pytest.fixture
def client(bolt6: tuple[ReplayServer, int]) -> Iterator[Client]:
    c = Client(bolt6[1])
    try:
        c.send(MAGIC + OFFICIAL_PROPOSALS)
        assert c.read_exact(len(MANIFEST_6_1)) == MANIFEST_6_1
        c.send(b"\x00\x00\x01\x06\x00")  # Bolt 6.1, no capabilities
        c.hello()
        yield c
    finally:
        c.close()


# ------------------------------------------------------------- handshake
def test_manifest_bytes() -> None:
    assert manifest(4, 1) == MANIFEST_6_1
    assert manifest(8, 0) == bytes.fromhex("000001ff 02 00000006 00080805 00")


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", None),
        (b"\x00\x00\x01\x06", None),
        (b"\x00\x00\x01\x06\x00", ((6, 1), 5)),
        (b"\x00\x00\x04\x05\x81\x01rest", ((5, 4), 6)),
        (b"\x00\x00\x04\x05\x81", None),
        (b"\x00\x00\x00\x00\x00", (None, 5)),
    ],
)
def test_read_choice(
    data: bytes, expected: tuple[tuple[int, int] | None, int] | None
) -> None:
    assert read_choice(data) == expected


@pytest.mark.parametrize(
    ("proposals", "bolt6_minor", "expected"),
    [
        (OFFICIAL_PROPOSALS, None, (5, 4)),
        (OFFICIAL_PROPOSALS, 1, (5, 4)),
        (bytes.fromhex("00010106 00080805" + "00" * 8), 1, (6, 1)),
        (bytes.fromhex("00010106 00080805" + "00" * 8), 0, (6, 0)),
        (bytes.fromhex("00010106 00080805" + "00" * 8), None, (5, 4)),
        (bytes.fromhex("00000106" + "00" * 12), None, None),
    ],
)
def test_classic_choice_with_bolt6(
    proposals: bytes,
    bolt6_minor: int | None,
    expected: tuple[int, int] | None,
) -> None:
    assert choose_version(proposals, 4, bolt6_minor) == expected


def test_bolt6_minor_is_checked() -> None:
    with pytest.raises(ValueError, match="bolt6_minor"):
        ReplayServer(bolt6_minor=2)


def test_manifest_choice_may_arrive_in_pieces(
    bolt6: tuple[ReplayServer, int],
) -> None:
    c = Client(bolt6[1])
    try:
        c.send(MAGIC + OFFICIAL_PROPOSALS + b"\x00\x00")
        assert c.read_exact(len(MANIFEST_6_1)) == MANIFEST_6_1
        c.send(b"\x04\x05")
        c.sock.settimeout(0.2)
        with pytest.raises(socket.timeout):
            c.sock.recv(1)  # still waiting for the capabilities varint
        c.sock.settimeout(10)
        c.send(b"\x00")
        c.hello()  # Bolt 5.4 chosen from the manifest works too
    finally:
        c.close()


@pytest.mark.parametrize(
    "choice",
    [
        b"\x00\x00\x00\x00\x00",
        b"\x00\x00\x02\x06\x00",
        b"\x00\x00\x05\x05\x00",
    ],
    ids=["none", "6.2", "5.5"],
)
def test_manifest_choice_not_offered_closes(
    bolt6: tuple[ReplayServer, int], choice: bytes
) -> None:
    c = Client(bolt6[1])
    try:
        c.send(MAGIC + OFFICIAL_PROPOSALS)
        assert c.read_exact(len(MANIFEST_6_1)) == MANIFEST_6_1
        c.send(choice)
        assert c.at_eof()
    finally:
        c.close()


def test_without_bolt6_the_manifest_is_skipped() -> None:
    for _, port in _start(ReplayServer()):
        c = Client(port)
        try:
            c.send(MAGIC + OFFICIAL_PROPOSALS)
            assert c.read_exact(4) == b"\x00\x00\x04\x05"
        finally:
            c.close()


# ----------------------------------------------------------------- data
def test_uuid_values_are_the_same_on_both_sides() -> None:
    for i in (0, 1, 2, 12345, 10**9):
        assert uuid_value(i) == workload_uuid_value(i)
    assert uuid_row(1) == [uuid.UUID(bytes=U1[1:])]
    assert len({uuid_value(i) for i in range(1000)}) == 1000


def test_uuid_records_exact_bytes(client: Client) -> None:
    client.send(message(0x10, "BENCH uuids 2", {}, {}))
    client.send(message(0x3F, {"n": -1}))
    assert client.read_raw_message() == (
        b"\x00\x16\xb1\x70\xa2\x86fields\x91\x81u\x87t_first\x00\x00\x00"
    )
    assert (
        client.read_raw_message() == b"\x00\x14\xb1\x71\x91" + U0 + b"\x00\x00"
    )
    assert (
        client.read_raw_message() == b"\x00\x14\xb1\x71\x91" + U1 + b"\x00\x00"
    )
    assert client.read_raw_message()[:5] == b"\x00\x30\xb1\x70\xa4"


@pytest.mark.parametrize("decode_params", [False, True])
def test_uuid_list_parameter_is_counted(decode_params: bool) -> None:
    server = ReplayServer(bolt6_minor=1, decode_params=decode_params)
    for _, port in _start(server):
        c = Client(port)
        try:
            c.send(MAGIC + OFFICIAL_PROPOSALS)
            c.read_exact(len(MANIFEST_6_1))
            c.send(b"\x00\x00\x01\x06\x00")
            c.hello()
            ids = [uuid_value(0), uuid_value(1), uuid_value(0)]
            request = message(0x10, "UNWIND $ids AS id", {"ids": ids}, {})
            assert b"\xa1\x83ids\x93" + U0 + U1 + U0 + b"\xa0" in request
            c.send(request)
            c.send(message(0x3F, {"n": -1}))
            c.read_raw_message()
            summary = c.read_raw_message()
            assert b"\x8dnodes-created\x03" in summary
        finally:
            c.close()


def test_registry_knows_uuids() -> None:
    result = Registry().lookup("BENCH uuids 3")
    assert result is not None
    assert result.fields == ["u"]
    assert result.rows == 3


# --------------------------------------------------------------- runner
def test_uuid_workloads_need_bolt_6_1_and_the_replay_server() -> None:
    for name in ("uuids_sync", "uuid_param_sync"):
        assert WORKLOADS[name].bolt6_minor == 1
        assert WORKLOADS[name].servers == ("replay",)
    others = [w for w in WORKLOADS.values() if w.bolt6_minor is None]
    assert all(w.servers == SERVERS for w in others)
    assert WORKLOADS["uuids_sync"].preload(200_000) == [
        "BENCH uuids 200000",
        "BENCH uuids 10000",
    ]
    with pytest.raises(WorkloadError):
        Target("neo4j").uuids(3)


def test_runner_refuses_uuid_workloads_on_real_servers() -> None:
    with pytest.raises(SystemExit, match="uuids_sync does not run on neo4j"):
        runner.main(["--server", "neo4j", "--only", "uuids_sync"])


def test_runner_starts_one_replay_server_per_bolt_setting(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    started: list[tuple[list[str], int, int | None]] = []
    calls: list[tuple[str, str]] = []

    class FakeReplay:
        def __init__(
            self,
            preload: t.Sequence[str],
            max_minor: int = 4,
            bolt6_minor: int | None = None,
        ) -> None:
            started.append((list(preload), max_minor, bolt6_minor))
            self.uri = f"bolt://replay-{bolt6_minor}"

        def __enter__(self) -> FakeReplay:
            return self

        def __exit__(self, *exc_info: object) -> None:
            pass

    def fake_run_one(
        interpreter: Interpreter,
        workload: str,
        uri: str,
        size: int,
        repeat: int,
        timeout: float,
    ) -> dict[str, t.Any]:
        calls.append((workload, uri))
        protocol = "6.1" if uri.endswith("1") else "5.4"
        return {
            "workload": workload,
            "ops": size,
            "times": [1.0],
            "cpu": [0.5],
            "server": {"agent": "Fake/1", "protocol": protocol},
        }

    monkeypatch.setattr(runner, "ReplayProcess", FakeReplay)
    monkeypatch.setattr(runner, "run_one", fake_run_one)
    monkeypatch.setattr(
        runner, "resolve", lambda d: Interpreter(d, f"/bin/{d}", {})
    )
    output = tmp_path / "out.json"
    status = runner.main(
        [
            "--quick",
            "--drivers",
            "official",
            "--only",
            "ints_sync,uuids_sync,uuid_param_sync",
            "--repeat",
            "1",
            "--output",
            str(output),
        ]
    )
    assert status == 0
    assert started == [
        (["BENCH ints 10000"], 4, None),
        (["BENCH uuids 10000"], 4, 1),
    ]
    assert calls == [
        ("ints_sync", "bolt://replay-None"),
        ("uuids_sync", "bolt://replay-1"),
        ("uuid_param_sync", "bolt://replay-1"),
    ]
    document = json.loads(output.read_text())
    assert document["bolt"] == "5.4"
    assert document["bolt_by_workload"] == {
        "ints_sync": {"official": "5.4"},
        "uuids_sync": {"official": "6.1"},
        "uuid_param_sync": {"official": "6.1"},
    }


# ------------------------------------------------------------ end to end
def _official_interpreter(monkeypatch: pytest.MonkeyPatch) -> Interpreter:
    machine = Path("/work/official/bin/python")
    if not os.environ.get("OFFICIAL_PYTHON") and machine.exists():
        monkeypatch.setenv("OFFICIAL_PYTHON", str(machine))
    return resolve("official")


def test_uuid_workloads_end_to_end_with_official_driver(
    bolt6: tuple[ReplayServer, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    interpreter = _official_interpreter(monkeypatch)
    uri = f"bolt://127.0.0.1:{bolt6[1]}"
    for name in ("uuids_sync", "uuid_param_sync"):
        report = runner.run_one(interpreter, name, uri, 7, 2, 120)
        assert "error" not in report, report
        assert (report["workload"], report["ops"]) == (name, 7)
        assert report["server"]["protocol"] == "6.1"
        assert len(report["times"]) == 2


def test_uuid_workload_fails_on_bolt_5(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    interpreter = _official_interpreter(monkeypatch)
    for _, port in _start(ReplayServer()):
        report = runner.run_one(
            interpreter, "uuids_sync", f"bolt://127.0.0.1:{port}", 3, 1, 120
        )
        assert "needs Bolt 6.1, negotiated 5.4" in report["error"]
