"""Launchers for the real servers the integration tests run against.

Nothing here imports the ``neo4j`` package under test: readiness and the
smoke tests use the small Bolt client in :mod:`tests.servers._probe`.
"""

from __future__ import annotations

from ._paths import ArcadeDBNotInstalledError, package_dir
from ._probe import BoltProbe, ProbeError, ServerFailure, query_once
from .arcadedb import (
    DEFAULT_DATABASES,
    DEFAULT_PASSWORD,
    ArcadeDBServer,
    ServerStartError,
    TlsServer,
    free_port,
)
from .tls import TlsMaterial, create_tls_material, session_tls_material


__all__ = [
    "DEFAULT_DATABASES",
    "DEFAULT_PASSWORD",
    "ArcadeDBNotInstalledError",
    "ArcadeDBServer",
    "BoltProbe",
    "ProbeError",
    "ServerFailure",
    "ServerStartError",
    "TlsMaterial",
    "TlsServer",
    "create_tls_material",
    "free_port",
    "package_dir",
    "query_once",
    "session_tls_material",
]
