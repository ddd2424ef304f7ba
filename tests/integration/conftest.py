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
- ``server``: parametrised over ``"arcadedb"`` and ``"neo4j"``: a
  :class:`Target` naming the server the general integration tests run
  on (URIs, auth, database).  Every test asking for it (directly or
  through ``bolt_uri``, ``auth``, ``db`` or the ``driver`` fixture of
  ``async_/conftest.py``) runs once per server; pytest groups the tests
  by server, so each shared server starts once.
- ``bolt_uri`` / ``auth`` / ``db``: ``server.uri`` / ``server.auth`` /
  ``server.database``.
- ``neo4j_server``: shared embedded Neo4j Community server
  (:class:`tests.servers.neo4j.Neo4jServer`): database ``neo4j``, user
  ``neo4j``.  The first use on a machine fetches Neo4j from Maven
  Central (about 175 MB into ``~/.m2``) and needs a JDK 21 or 25.
- ``neo4j_tls``: a second Neo4j, requiring TLS on Bolt
  (:class:`tests.servers.neo4j.Neo4jTlsServer`), started only by the
  tests that ask for it.
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
from dataclasses import dataclass
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
from tests.servers.neo4j import (  # noqa: E402
    Neo4jServer,
    Neo4jTlsServer,
)


SERVERS = ("arcadedb", "neo4j")


@dataclass(frozen=True)
class Target:
    """The server a parametrised test runs on.

    :param name: ``"arcadedb"`` or ``"neo4j"``
    :param uri: ``bolt://127.0.0.1:<port>``
    :param routing_uri: ``neo4j://127.0.0.1:<port>``
    :param auth: user and password of the administrator
    :param database: the database tests pass explicitly (``test`` on
        ArcadeDB, ``neo4j`` on Neo4j)
    :param bolt_port: the Bolt port
    """

    name: str
    uri: str
    routing_uri: str
    auth: tuple[str, str]
    database: str
    bolt_port: int

    @property
    def is_neo4j(self) -> bool:
        """Whether the server is Neo4j (else ArcadeDB)."""
        return self.name == "neo4j"


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
def neo4j_tls() -> t.Iterator[Neo4jTlsServer]:
    """Embedded Neo4j requiring TLS on Bolt (started on first use)."""
    material = session_tls_material()
    with Neo4jServer(tls=material) as server:
        yield Neo4jTlsServer(server=server, tls=material)


@pytest.fixture(scope="session", params=SERVERS)
def server(request: pytest.FixtureRequest) -> Target:
    """The shared plain server of one kind (see the module docstring)."""
    if request.param == "neo4j":
        neo4j: Neo4jServer = request.getfixturevalue("neo4j_server")
        return Target(
            name="neo4j",
            uri=neo4j.uri,
            routing_uri=neo4j.routing_uri,
            auth=neo4j.auth,
            database=neo4j.database,
            bolt_port=neo4j.bolt_port,
        )
    arcade: ArcadeDBServer = request.getfixturevalue("arcadedb")
    return Target(
        name="arcadedb",
        uri=arcade.uri,
        routing_uri=arcade.routing_uri,
        auth=arcade.auth,
        database="test",
        bolt_port=arcade.bolt_port,
    )


@pytest.fixture(scope="session")
def bolt_uri(server: Target) -> str:
    """``bolt://127.0.0.1:<port>`` of the shared plain server."""
    return server.uri


@pytest.fixture(scope="session")
def auth(server: Target) -> tuple[str, str]:
    """Administrator credentials of the shared plain server."""
    return server.auth


@pytest.fixture(scope="session")
def db(server: Target) -> str:
    """The database tests pass explicitly (``test`` or ``neo4j``)."""
    return server.database


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


def pytest_configure(config: pytest.Config) -> None:
    """Register the ``servers`` marker."""
    config.addinivalue_line(
        "markers",
        "servers(*names): run a test using the parametrised `server` "
        "fixture only on these servers (`arcadedb`, `neo4j`)",
    )


def pytest_collection_modifyitems(
    config: pytest.Config, items: list[pytest.Item]
) -> None:
    """Mark tests below this folder ``integration``; apply ``servers``.

    A test marked ``@pytest.mark.servers("arcadedb")`` keeps only its
    ArcadeDB variant: the Neo4j one is deselected (not skipped), because
    its subject does not exist on Neo4j (say, a second user database).
    """
    here = Path(__file__).parent
    kept: list[pytest.Item] = []
    dropped: list[pytest.Item] = []
    for item in items:
        if here in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.integration)
        marker = item.get_closest_marker("servers")
        callspec = getattr(item, "callspec", None)
        name = callspec.params.get("server") if callspec else None
        if marker is not None and name is not None and name not in marker.args:
            dropped.append(item)
        else:
            kept.append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept
