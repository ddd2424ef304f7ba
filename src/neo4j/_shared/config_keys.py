"""The keyword arguments of ``driver()`` and ``session()``, as types.

Type checkers and IDEs read these through ``**config:
Unpack[...]``, so a misspelled option or a value of the wrong type is
reported where the driver or session is created.  They describe, they do
not check: at run time the options are validated by
:mod:`neo4j._shared.conf` as before (unknown keys raise
:class:`~neo4j.exceptions.ConfigurationError`).

Every option may also be given as ``None`` ("use the default"), except
``trusted_certificates`` which must be a trust store when given.  Sync
and async twins differ only where callbacks and managers may be async,
so each has its own ``TypedDict`` built on shared bases
(``AsyncDriverKeywords`` becomes ``DriverKeywords`` in the generated sync
code).
"""

from __future__ import annotations

import typing as t

from .._addressing import Address
from .._api import (
    NotificationDisabledCategory,
    NotificationDisabledClassification,
    NotificationMinimumSeverity,
    TrustStore,
)
from .._auth_management import (
    AsyncAuthManager,
    AsyncClientCertificateProvider,
    AuthManager,
    ClientCertificate,
    ClientCertificateProvider,
)
from ..api import AsyncBookmarkManager, Auth, BookmarkManager, Bookmarks


if t.TYPE_CHECKING:
    import ssl


__all__ = [
    "AsyncDriverAuth",
    "AsyncDriverKeywords",
    "AsyncSessionKeywords",
    "DriverAuth",
    "DriverKeywords",
    "SessionAuth",
    "SessionKeywords",
]


#: credentials as a token, a ``(user, password)`` pair or nothing
SessionAuth: t.TypeAlias = tuple[t.Any, t.Any] | Auth | None
#: what ``GraphDatabase.driver(auth=...)`` accepts
DriverAuth: t.TypeAlias = SessionAuth | AuthManager
#: what ``AsyncGraphDatabase.driver(auth=...)`` accepts
AsyncDriverAuth: t.TypeAlias = SessionAuth | AuthManager | AsyncAuthManager

_Severity: t.TypeAlias = NotificationMinimumSeverity | str | None
_Classifications: t.TypeAlias = (
    t.Iterable[NotificationDisabledClassification | str] | None
)
_Categories: t.TypeAlias = (
    t.Iterable[NotificationDisabledCategory | str] | None
)
_Resolved: t.TypeAlias = t.Iterable[t.Any]


class _WorkDefaults(t.TypedDict, total=False):
    # options of the work a session does; the driver holds the defaults
    connection_acquisition_timeout: float | None
    max_transaction_retry_time: float | None
    initial_retry_delay: float | None
    retry_delay_multiplier: float | None
    retry_delay_jitter_factor: float | None
    database: str | None
    fetch_size: int | None
    impersonated_user: str | None
    disable_auto_commit_retries: bool | None
    #: an extension of this driver: client-side limit for each reply
    response_timeout: float | None
    notifications_min_severity: _Severity
    notifications_disabled_classifications: _Classifications
    #: deprecated name of ``notifications_disabled_classifications``
    notifications_disabled_categories: _Categories


class _DriverOnly(_WorkDefaults, total=False):
    # connection, TLS and pool options: driver level only
    connection_timeout: float | None
    connection_write_timeout: float | None
    encrypted: bool | None
    keep_alive: bool | None
    liveness_check_timeout: float | None
    max_connection_lifetime: float | None
    max_connection_pool_size: int | None
    trusted_certificates: TrustStore
    ssl_context: ssl.SSLContext | None
    user_agent: str | None
    telemetry_disabled: bool | None
    warn_notification_severity: _Severity
    routing_table_purge_delay: float | None
    # observability: extensions of this driver, off by default
    #: keep counters for ``driver.metrics()``
    metrics_enabled: bool | None
    #: an OpenTelemetry ``TracerProvider`` (spans for the driver's work)
    tracer_provider: t.Any
    #: an OpenTelemetry ``MeterProvider`` (operation and pool metrics)
    meter_provider: t.Any
    #: record the query text on spans (parameters never)
    trace_query_text: bool | None


class DriverKeywords(_DriverOnly, total=False):
    """Options of :meth:`neo4j.GraphDatabase.driver`."""

    resolver: t.Callable[[Address], _Resolved] | None
    client_certificate: ClientCertificate | ClientCertificateProvider | None
    bookmark_manager: BookmarkManager | None


class AsyncDriverKeywords(_DriverOnly, total=False):
    """Options of :meth:`neo4j.AsyncGraphDatabase.driver`."""

    resolver: t.Callable[[Address], _Resolved | t.Awaitable[_Resolved]] | None
    client_certificate: (
        ClientCertificate | AsyncClientCertificateProvider | None
    )
    bookmark_manager: AsyncBookmarkManager | BookmarkManager | None


class _SessionOnly(_WorkDefaults, total=False):
    bookmarks: Bookmarks | None
    default_access_mode: str | None
    auth: SessionAuth


class SessionKeywords(_SessionOnly, total=False):
    """Options of :meth:`neo4j.Driver.session`."""

    bookmark_manager: BookmarkManager | None


class AsyncSessionKeywords(_SessionOnly, total=False):
    """Options of :meth:`neo4j.AsyncDriver.session`."""

    bookmark_manager: AsyncBookmarkManager | BookmarkManager | None
