"""The driver names the handlers use, from the public API if present.

The handlers are written against the official public API so that the
backend can also drive the official package (as a baseline).  While
this project's ``neo4j/__init__.py`` does not export the driver
factories yet, they are taken from the modules that define them.
Each async name has its sync twin here, because ``bin/make-unasync``
turns ``AsyncGraphDatabase`` in the async handlers into
``GraphDatabase`` in the generated ones.
"""

from __future__ import annotations

import importlib
import typing as t

import neo4j


def _find(name: str, *modules: str) -> t.Any:
    """``name`` from the ``neo4j`` package, else from ``modules``."""
    found = getattr(neo4j, name, None)
    if found is not None:
        return found
    for module_name in modules:
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue
        found = getattr(module, name, None)
        if found is not None:
            return found
    return _Missing(name)


class _Missing:
    """Stands in for a driver name that cannot be imported; fails when
    used, naming what is missing."""

    def __init__(self, name: str) -> None:
        self._name = name

    def __getattr__(self, attr: str) -> t.NoReturn:
        raise ImportError(
            f"the driver under test provides no {self._name} "
            f"(wanted {self._name}.{attr})"
        )

    def __call__(self, *args: t.Any, **kwargs: t.Any) -> t.NoReturn:
        raise ImportError(f"the driver under test provides no {self._name}")


AsyncGraphDatabase = _find("AsyncGraphDatabase", "neo4j._async.driver")
GraphDatabase = _find("GraphDatabase", "neo4j._sync.driver")

from neo4j.auth_management import (  # noqa: E402
    AsyncAuthManager,
    AsyncAuthManagers,
    AsyncClientCertificateProvider,
    AuthManager,
    AuthManagers,
    ClientCertificate,
    ClientCertificateProvider,
    ExpiringAuth,
)


__all__ = [
    "AsyncAuthManager",
    "AsyncAuthManagers",
    "AsyncClientCertificateProvider",
    "AsyncGraphDatabase",
    "AuthManager",
    "AuthManagers",
    "ClientCertificate",
    "ClientCertificateProvider",
    "ExpiringAuth",
    "GraphDatabase",
]
