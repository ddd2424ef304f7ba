"""Smoke tests of the ArcadeDB launcher, using only the probe client.

These must pass before any driver test can be trusted: they check that
the servers the fixtures hand out really speak Bolt, authenticate, do TLS
and survive restarts, without involving the ``neo4j`` package.
"""

from __future__ import annotations

import socket
import ssl
import typing as t

import pytest

from tests.servers import (
    ArcadeDBServer,
    BoltProbe,
    ProbeError,
    ServerFailure,
    TlsServer,
    arcadedb as launcher,
    query_once,
)


if t.TYPE_CHECKING:
    from tests.integration.conftest import Target
    from tests.servers.neo4j import Neo4jServer


Factory = t.Callable[..., ArcadeDBServer]


def test_server_answers_return_1(arcadedb: ArcadeDBServer) -> None:
    assert arcadedb.running
    assert arcadedb.uri == f"bolt://127.0.0.1:{arcadedb.bolt_port}"
    assert arcadedb.auth == ("root", arcadedb.password)
    with BoltProbe("127.0.0.1", arcadedb.bolt_port) as probe:
        assert probe.version == (5, 4)
        hello = probe.login(*arcadedb.auth)
        assert "ArcadeDB" in hello["server"]
        fields, records = probe.run("RETURN 1 AS n", database="test")
    assert fields == ["n"]
    assert records == [[1]]


def test_both_default_databases_exist(arcadedb: ArcadeDBServer) -> None:
    assert arcadedb.probe("RETURN 'a' AS x", database="test") == [["a"]]
    assert arcadedb.probe("RETURN 'b' AS x", database="other") == [["b"]]


def test_fixture_helpers(
    request: pytest.FixtureRequest,
    server: Target,
    bolt_uri: str,
    auth: tuple[str, str],
    db: str,
) -> None:
    if server.is_neo4j:
        neo4j: Neo4jServer = request.getfixturevalue("neo4j_server")
        assert (bolt_uri, auth, db) == (neo4j.uri, neo4j.auth, "neo4j")
        assert server.routing_uri == neo4j.routing_uri
        assert server.bolt_port == neo4j.bolt_port
    else:
        arcadedb: ArcadeDBServer = request.getfixturevalue("arcadedb")
        assert bolt_uri == arcadedb.uri
        assert auth == ("root", arcadedb.password)
        assert db == "test"
        assert server.routing_uri == arcadedb.routing_uri
        assert arcadedb.http_port != arcadedb.bolt_port


def test_probe_round_trips_parameters(arcadedb: ArcadeDBServer) -> None:
    value = {"s": "é" * 300, "i": -70000, "l": [1, 2.5, None, True]}
    records = query_once(
        "127.0.0.1",
        arcadedb.bolt_port,
        arcadedb.auth,
        "RETURN $v AS v",
        parameters={"v": value},
    )
    assert records == [[value]]


def test_wrong_password_is_unauthorized(arcadedb: ArcadeDBServer) -> None:
    with pytest.raises(ServerFailure) as info:
        query_once(
            "127.0.0.1", arcadedb.bolt_port, ("root", "not-the-password")
        )
    assert info.value.code == "Neo.ClientError.Security.Unauthorized"


def test_unknown_database_is_reported(arcadedb: ArcadeDBServer) -> None:
    with pytest.raises(ServerFailure) as info:
        arcadedb.probe(database="no_such_db")
    assert info.value.code == "Neo.ClientError.Database.DatabaseNotFound"


def test_tls_handshake_verified_with_ca_pem(arcadedb_tls: TlsServer) -> None:
    context = ssl.create_default_context(cafile=str(arcadedb_tls.ca_pem))
    port = arcadedb_tls.server.bolt_port
    with (
        socket.create_connection(("127.0.0.1", port), timeout=5) as raw,
        context.wrap_socket(raw, server_hostname="localhost") as tls,
    ):
        cert = tls.getpeercert()
    assert cert is not None
    assert cert["subject"] == ((("commonName", "localhost"),),)
    assert ("DNS", "localhost") in cert["subjectAltName"]
    assert ("IP Address", "127.0.0.1") in cert["subjectAltName"]


def test_bolt_over_tls(arcadedb_tls: TlsServer) -> None:
    context = ssl.create_default_context(cafile=str(arcadedb_tls.ca_pem))
    records = query_once(
        "127.0.0.1",
        arcadedb_tls.server.bolt_port,
        arcadedb_tls.auth,
        "RETURN 42",
        ssl_context=context,
        server_hostname="localhost",
    )
    assert records == [[42]]


def test_tls_server_rejects_untrusting_client(
    arcadedb_tls: TlsServer,
) -> None:
    context = ssl.create_default_context()  # system CAs only
    port = arcadedb_tls.server.bolt_port
    with (
        socket.create_connection(("127.0.0.1", port), timeout=5) as raw,
        pytest.raises(ssl.SSLCertVerificationError),
    ):
        context.wrap_socket(raw, server_hostname="localhost")


def test_tls_required_refuses_plaintext(arcadedb_tls: TlsServer) -> None:
    with pytest.raises((ProbeError, OSError)):
        query_once(
            "127.0.0.1",
            arcadedb_tls.server.bolt_port,
            arcadedb_tls.auth,
            timeout=5,
        )


def test_restart_keeps_ports_and_data(arcadedb_factory: Factory) -> None:
    server = arcadedb_factory(databases=["test"])
    bolt_port, http_port = server.bolt_port, server.http_port
    server.probe("CREATE (:Marker {v: 7})")
    server.restart()
    assert server.running
    assert (server.bolt_port, server.http_port) == (bolt_port, http_port)
    assert server.probe("MATCH (m:Marker) RETURN m.v") == [[7]]


def test_kill_drops_connections(arcadedb_factory: Factory) -> None:
    server = arcadedb_factory()
    probe = BoltProbe("127.0.0.1", server.bolt_port, timeout=5)
    probe.connect()
    try:
        probe.login(*server.auth)
        assert probe.run("RETURN 1", database="test")[1] == [[1]]
        server.kill()
        assert not server.running
        with pytest.raises((ProbeError, OSError)):
            probe.run("RETURN 1", database="test")
    finally:
        probe.close()
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", server.bolt_port), timeout=5)
    server.restart()
    assert server.probe() == [[1]]


def test_stop_removes_files(arcadedb_factory: Factory) -> None:
    server = arcadedb_factory(databases=["test"])
    root = server.root_path
    assert (root / "databases" / "test").is_dir()
    server.stop()
    assert not root.exists()
    assert not server.running
    server.stop()  # idempotent


def test_taken_port_is_retried(
    arcadedb_factory: Factory, monkeypatch: pytest.MonkeyPatch
) -> None:
    with socket.socket() as blocker:
        blocker.bind(("127.0.0.1", 0))
        blocker.listen()
        taken = blocker.getsockname()[1]
        ports = iter([taken])
        real = launcher.free_port

        def first_taken() -> int:
            return next(ports, None) or real()

        monkeypatch.setattr(launcher, "free_port", first_taken)
        server = arcadedb_factory(databases=["test"])
        assert server.bolt_port != taken
        assert server.probe() == [[1]]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"password": "short"}, ">= 8"),
        ({"default_database": "nope"}, "must be one of"),
        ({"databases": ["a;b"], "default_database": "a;b"}, "bad database"),
    ],
)
def test_bad_arguments(kwargs: dict[str, t.Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        ArcadeDBServer(**kwargs)
