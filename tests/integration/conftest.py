"""Fixtures giving integration tests real ArcadeDB servers.

Servers start lazily, the first time a test asks for them, and session
scoped ones stop when the session ends. Every server listens on free ports
of ``127.0.0.1`` chosen at start, so several pytest processes (or
pytest-xdist workers, which are not required) can run side by side.

Fixtures:

- ``arcadedb``: shared plain server (:class:`ArcadeDBServer`); databases
  ``test`` (default) and ``other``, user ``root``.
- ``arcadedb_tls``: shared server requiring TLS (:class:`TlsServer`:
  ``.server``, ``.ca_pem``, ``.uri``, ``.auth``, ``.tls``).
- ``bolt_uri`` / ``auth``: ``arcadedb.uri`` / ``arcadedb.auth``.
- ``neo4j_server``: shared embedded Neo4j Community server
  (:class:`tests.servers.neo4j.Neo4jServer`): database ``neo4j``, user
  ``neo4j``.  The first use on a machine fetches Neo4j from Maven Central
  (about 175 MB into ``~/.m2``) and needs a JDK 21 or 25.
- ``arcadedb_factory``: function scoped; ``arcadedb_factory(**kwargs)``
  starts a private server (same keyword arguments as
  :class:`ArcadeDBServer`), stopped after the test. Use it for tests that
  kill or restart the server.

If ``arcadedb-embedded`` is missing, the fixtures raise
:class:`ArcadeDBNotInstalledError`: tests error, they are never skipped.
Likewise ``neo4j_server`` raises
:class:`tests.servers.neo4j.Neo4jNotAvailableError` without a JDK or Maven.
"""

from __future__ import annotations

import sys
import typing as t
from pathlib import Path

import pytest


_REPO_ROOT = Path(__file__).resolve().parents[2]
if str(_REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(_REPO_ROOT))

from tests.servers import (  # noqa: E402
    ArcadeDBServer,
    TlsServer,
    package_dir,
    session_tls_material,
)
from tests.servers.neo4j import Neo4jServer  # noqa: E402


@pytest.fixture(scope="session")
def arcadedb() -> t.Iterator[ArcadeDBServer]:
    """Shared plain ArcadeDB server (started on first use)."""
    package_dir()  # raises a clear error when the package is missing
    with ArcadeDBServer() as server:
        yield server


@pytest.fixture(scope="session")
def arcadedb_tls() -> t.Iterator[TlsServer]:
    """Shared ArcadeDB server with ``arcadedb.bolt.ssl=REQUIRED``."""
    package_dir()
    material = session_tls_material()
    with ArcadeDBServer(tls=material, tls_mode="REQUIRED") as server:
        yield TlsServer(server=server, tls=material)


@pytest.fixture(scope="session")
def neo4j_server() -> t.Iterator[Neo4jServer]:
    """Shared embedded Neo4j Community server (started on first use)."""
    with Neo4jServer() as server:
        yield server


@pytest.fixture(scope="session")
def bolt_uri(arcadedb: ArcadeDBServer) -> str:
    """``bolt://127.0.0.1:<port>`` of the shared plain server."""
    return arcadedb.uri


@pytest.fixture(scope="session")
def auth(arcadedb: ArcadeDBServer) -> tuple[str, str]:
    """``("root", password)`` of the shared plain server."""
    return arcadedb.auth


@pytest.fixture
def arcadedb_factory() -> t.Iterator[t.Callable[..., ArcadeDBServer]]:
    """Start private servers for one test; all stop at its end."""
    package_dir()
    servers: list[ArcadeDBServer] = []

    def start(**kwargs: t.Any) -> ArcadeDBServer:
        server = ArcadeDBServer(**kwargs)
        servers.append(server)
        server.start()
        return server

    yield start
    for server in servers:
        server.stop()


def pytest_collection_modifyitems(
    config: pytest.Config, items: list[pytest.Item]
) -> None:
    """Mark every test below this folder with ``integration``."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.integration)
