"""Find or start a Bolt server for the examples.

``ensure_server()`` returns ``(uri, auth, stop)``:

- If the environment variable ``NEO4J_URI`` is set, that server is used.
  Credentials come from ``NEO4J_AUTH`` in the Neo4j Docker image format
  ``user/password`` (split at the first ``/``, so the password may contain
  ``/`` or ``:``); ``NEO4J_AUTH=none`` means no authentication (``auth``
  is ``None``); unset means ``neo4j/password``. ``stop`` does nothing.
- Otherwise an ArcadeDB server is started from the ``arcadedb-embedded``
  package with the test launcher (``tests/servers/arcadedb.py``), on free
  ports of ``127.0.0.1``, with the databases ``test`` (the default one)
  and ``other``; ``stop`` stops it and deletes its files (it also stops at
  interpreter exit). Queries against ArcadeDB should pass
  ``database="test"``.

Example::

    from _server import ensure_server

    uri, auth, stop = ensure_server()
    try:
        with GraphDatabase.driver(uri, auth=auth) as driver:
            ...
    finally:
        stop()
"""

from __future__ import annotations

import importlib.util
import os
import sys
import typing as t
from pathlib import Path


__all__ = ["DEFAULT_DATABASE", "ensure_server", "parse_auth"]

DEFAULT_DATABASE = "test"
_LAUNCHER_PACKAGE = "_neo4j_examples_test_servers"
_SERVERS_DIR = Path(__file__).resolve().parent.parent / "tests" / "servers"


def parse_auth(value: str | None) -> tuple[str, str] | None:
    """Parse a ``NEO4J_AUTH`` value.

    :param value: ``"user/password"``, ``"none"`` or ``None`` (unset)
    :returns: ``(user, password)``, or ``None`` for no authentication
    :raises ValueError: if the value has no ``/``
    """
    if value is None:
        return "neo4j", "password"
    if value.strip().lower() == "none":
        return None
    user, sep, password = value.partition("/")
    if not sep or not user:
        raise ValueError(
            "NEO4J_AUTH must look like 'user/password' (or be 'none')"
        )
    return user, password


def _load_launcher() -> t.Any:
    """Import ``tests/servers`` by path, under a private package name."""
    module = sys.modules.get(_LAUNCHER_PACKAGE)
    if module is not None:
        return module
    spec = importlib.util.spec_from_file_location(
        _LAUNCHER_PACKAGE,
        _SERVERS_DIR / "__init__.py",
        submodule_search_locations=[str(_SERVERS_DIR)],
    )
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load the launcher from {_SERVERS_DIR}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[_LAUNCHER_PACKAGE] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        del sys.modules[_LAUNCHER_PACKAGE]
        raise
    return module


def ensure_server() -> tuple[
    str, tuple[str, str] | None, t.Callable[[], None]
]:
    """Return a server to run the examples against.

    :returns: ``(uri, auth, stop)``; call ``stop()`` when done
    :raises ValueError: if ``NEO4J_AUTH`` is malformed
    :raises RuntimeError: if ArcadeDB is needed but cannot start
    """
    uri = os.environ.get("NEO4J_URI")
    if uri:
        auth = parse_auth(os.environ.get("NEO4J_AUTH"))
        return uri, auth, lambda: None
    launcher = _load_launcher()
    server = launcher.ArcadeDBServer(default_database=DEFAULT_DATABASE)
    server.start()
    server_uri: str = server.uri
    server_auth: tuple[str, str] = server.auth
    stop: t.Callable[[], None] = server.stop
    return server_uri, server_auth, stop


if __name__ == "__main__":
    found_uri, found_auth, stop_server = ensure_server()
    try:
        print(
            f"server ready at {found_uri} (auth user: "
            f"{found_auth[0] if found_auth else None})"
        )
    finally:
        stop_server()
