# This file is generated from src/neo4j/_async/driver.py by bin/make-unasync; do not edit.
# make-unasync digest: 6772120df7138a3c300ab52974857ec7536b041b224c3bb8a702bb4242729b39
"""Driver construction and the driver objects.

:meth:`GraphDatabase.driver` turns a URI and keyword options into an
:class:`BoltDriver` (``bolt`` schemes: one server) or an
:class:`Neo4jDriver` (``neo4j`` schemes: routing).  It only builds
objects: the first connection is opened by the first piece of work.

The keyword options are typed (``**config: Unpack[...]``, see
:mod:`neo4j._shared.config_keys`) so that type checkers catch misspelled
options; the checks at run time stay in :mod:`neo4j._shared.conf`.

Observation (see :mod:`neo4j._shared.observe`) is decided once, when
the driver is made: the metrics recorder (``metrics_enabled``), the
OpenTelemetry observer (a tracer or meter provider; ``neo4j._otel`` is
imported only then) and the observers of registered instrumentors are
joined into one, handed to the pool and to every session.  With none of
them the driver keeps ``None`` and the query path tests only that.
"""

from __future__ import annotations

import typing as t
import warnings

from .._addressing import Address
from .._api import (
    DRIVER_BOLT,
    DRIVER_HTTP,
    DRIVER_NEO4J,
    SECURITY_TYPE_SECURE,
    SECURITY_TYPE_SELF_SIGNED_CERTIFICATE,
    RoutingControl,
    TelemetryAPI,
    TrustAll,
    parse_neo4j_uri,
    parse_routing_context,
    routing_context_with_address,
)
from .._async_compat import Util
from .._auth_management import (
    AuthManager,
    AuthManager,
    ClientCertificate,
)
from .._shared.conf import (
    consume_driver_config,
    consume_session_config,
    require_trust_store,
)
from .._shared.metrics import MetricsRecorder
from .._shared.observe import GLOBAL_FACTORIES, fan_out
from .._warnings import deprecation_warn, preview_warn
from .._work.query import Query, unit_of_work
from ..api import READ_ACCESS, SYSTEM_DATABASE, WRITE_ACCESS, Bookmarks
from ..exceptions import ConfigurationError, DriverError, Neo4jError
from .auth_management import AuthManagers, ClientCertificateProviders
from .bookmark_manager import Neo4jBookmarkManager
from .io import BoltPool, ConnectionSettings
from .io._pool import IOPool
from .io._routing import Neo4jPool
from .work import ManagedTransaction, Result, Session


if t.TYPE_CHECKING:
    from typing_extensions import LiteralString, Unpack

    from .._shared.conf import PoolConfig, RoutingConfig, WorkspaceConfig
    from .._shared.config_keys import (
        DriverAuth,
        DriverKeywords,
        SessionKeywords,
        SessionAuth,
    )
    from .._shared.metrics import DriverMetrics
    from .._shared.observe import Observer
    from ..api import BookmarkManager, BookmarkManager, ServerInfo
    from .http import QueryApiPool
    from .io import BoltPool

    _T = t.TypeVar("_T")


__all__ = [
    "BoltDriver",
    "Driver",
    "GraphDatabase",
    "HttpDriver",
    "Neo4jDriver",
]

_DEFAULT_PORT: t.Final = 7687
#: the Query API's defaults are those of the web (as the official driver)
_HTTP_DEFAULT_PORTS: t.Final = {"http": 80, "https": 443}

#: ``bookmark_manager_`` not given: use the driver's own manager (``None``
#: means "no manager")
_UNSET: t.Final[t.Any] = object()

#: options a ``+s``/``+ssc`` scheme sets by itself
_SCHEME_TLS_OPTIONS: t.Final = (
    "encrypted",
    "trusted_certificates",
    "ssl_context",
)

#: server codes meaning "these credentials are not accepted"
_REJECTED_CREDENTIALS: t.Final = frozenset(
    "Neo.ClientError.Security." + name
    for name in (
        "Unauthorized",
        "CredentialsExpired",
        "TokenExpired",
        "Forbidden",
    )
)

_MODE_OF_ROUTING: t.Final = {
    RoutingControl.READ: READ_ACCESS,
    RoutingControl.WRITE: WRITE_ACCESS,
}


def _tls_implied_by(security_type: str) -> dict[str, t.Any]:
    """The TLS options a URI scheme stands for (none for plain schemes)."""
    if security_type == SECURITY_TYPE_SELF_SIGNED_CERTIFICATE:
        return {"encrypted": True, "trusted_certificates": TrustAll()}
    if security_type == SECURITY_TYPE_SECURE:
        return {"encrypted": True}
    return {}


def _apply_scheme_tls(
    scheme: str, security_type: str, options: dict[str, t.Any]
) -> None:
    implied = _tls_implied_by(security_type)
    if not implied:
        return
    clashing = [name for name in _SCHEME_TLS_OPTIONS if name in options]
    if clashing:
        raise ConfigurationError(
            f"A {scheme}:// URI already decides about TLS, so "
            f"{', '.join(clashing)} cannot be configured with it; use a "
            "bolt:// or neo4j:// URI to set the TLS options yourself."
        )
    options.update(implied)


def _auth_manager_for(auth: t.Any) -> t.Any:
    """Managers are used as they are; anything else is a fixed token."""
    managers = (AuthManager, AuthManager)
    if isinstance(auth, managers):
        return auth
    return AuthManagers.static(auth)


def _adopt_client_certificate(options: dict[str, t.Any]) -> None:
    # a bare certificate becomes a provider that always hands it out
    given = options.get("client_certificate")
    if isinstance(given, ClientCertificate):
        options["client_certificate"] = ClientCertificateProviders.static(
            given
        )


def _connection_settings(
    pool_config: PoolConfig, routing_context: dict[str, t.Any] | None
) -> ConnectionSettings:
    return ConnectionSettings(
        resolver=pool_config.resolver,
        connection_timeout=pool_config.connection_timeout,
        write_timeout=pool_config.connection_write_timeout,
        keep_alive=pool_config.keep_alive,
        user_agent=pool_config.user_agent,
        routing_context=routing_context,
        notifications_min_severity=pool_config.notifications_min_severity,
        notifications_disabled_classifications=(
            pool_config.notifications_disabled_classifications
        ),
        telemetry_disabled=pool_config.telemetry_disabled,
        routing=routing_context is not None,
    )


def _direct_driver(
    address: Address,
    uri_query: str,
    pool_config: PoolConfig,
    routing_config: RoutingConfig,
    session_defaults: WorkspaceConfig,
) -> Driver:
    pool = BoltPool(
        address,
        _connection_settings(pool_config, None),
        pool_config,
        pool_config.auth,
        encrypted=bool(pool_config.encrypted),
    )
    return BoltDriver(pool, session_defaults)


def _routing_driver(
    address: Address,
    uri_query: str,
    pool_config: PoolConfig,
    routing_config: RoutingConfig,
    session_defaults: WorkspaceConfig,
) -> Driver:
    user_context = parse_routing_context(uri_query)
    context = routing_context_with_address(address, user_context)
    pool = Neo4jPool(
        address,
        _connection_settings(pool_config, context),
        pool_config,
        pool_config.auth,
        encrypted=bool(pool_config.encrypted),
        routing_table_purge_delay=routing_config.routing_table_purge_delay,
    )
    return Neo4jDriver(pool, session_defaults)


def _query_api_driver(
    address: Address,
    path: str,
    pool_config: PoolConfig,
    session_defaults: WorkspaceConfig,
) -> Driver:
    # httpx is imported here, never by ``import neo4j``; a missing
    # ``http`` extra raises ModuleNotFoundError naming it
    from .http import QueryApiPool

    pool = QueryApiPool(address, path, pool_config)
    return HttpDriver(pool, session_defaults)


#: driver type (from the URI scheme) -> how that driver is built
_DRIVER_BUILDERS: t.Final = {
    DRIVER_BOLT: _direct_driver,
    DRIVER_NEO4J: _routing_driver,
}


def _observers_for(
    pool_config: PoolConfig,
) -> tuple[MetricsRecorder | None, Observer | None]:
    """The driver's metrics recorder (if enabled) and its observer
    (None when nothing observes)."""
    observers: list[Observer | None] = []
    recorder = None
    if pool_config.metrics_enabled:
        recorder = MetricsRecorder()
        observers.append(recorder)
    if (
        pool_config.tracer_provider is not None
        or pool_config.meter_provider is not None
    ):
        # only now: OpenTelemetry is an optional extra
        from .._otel import make_observer

        observers.append(
            make_observer(
                tracer_provider=pool_config.tracer_provider,
                meter_provider=pool_config.meter_provider,
                capture_query_text=pool_config.trace_query_text,
                # what "max_size" pool events stand for
                max_pool_size=pool_config.max_connection_pool_size,
            )
        )
    observers.extend(factory(pool_config) for factory in GLOBAL_FACTORIES)
    return recorder, fan_out(observers)


def _bookmarks_to_start_with(
    initial: Bookmarks | t.Iterable[str] | None,
) -> Bookmarks | None:
    if initial is None or isinstance(initial, Bookmarks):
        return initial
    deprecation_warn(
        "initial_bookmarks should be a neo4j.Bookmarks object; giving the "
        "raw bookmark strings is deprecated (see "
        "Bookmarks.from_raw_values).",
        stack_level=3,
    )
    return Bookmarks.from_raw_values(initial)


class GraphDatabase:
    """Factory of drivers and bookmark managers."""

    @classmethod
    def driver(
        cls,
        uri: str,
        *,
        auth: DriverAuth = None,
        **config: Unpack[DriverKeywords],
    ) -> Driver:
        """Create a driver for ``uri``.

        The scheme picks the driver: ``bolt``, ``bolt+s`` and
        ``bolt+ssc`` connect to one server (:class:`BoltDriver`);
        ``neo4j``, ``neo4j+s`` and ``neo4j+ssc`` route across a cluster
        (:class:`Neo4jDriver`).  ``+s`` means TLS verified against
        the system CAs, ``+ssc`` TLS accepting any certificate.
        ``http`` and ``https`` use the Query API (:class:`HttpDriver`,
        a preview; needs ``pip install neo4j[http]``).

        :param uri: e.g. ``"neo4j://example.com:7687?policy=eu"``
        :param auth: an :class:`.Auth`, a ``(user, password)`` tuple, an
            auth manager, or None
        :param config: driver options (see the configuration reference)
        :raises ConfigurationError: invalid URI or options
        """
        driver_type, security_type, parts = parse_neo4j_uri(uri)
        options: dict[str, t.Any] = dict(config)
        options["auth"] = _auth_manager_for(auth)
        _adopt_client_certificate(options)
        if "trusted_certificates" in options:
            require_trust_store(options["trusted_certificates"])
        _apply_scheme_tls(parts.scheme, security_type, options)
        # stacklevel: deprecated option names are blamed on our caller
        pool_config, session_defaults, routing_config = consume_driver_config(
            options, stacklevel=3
        )
        driver: Driver
        if driver_type == DRIVER_HTTP:
            address = Address.parse(
                parts.netloc,
                default_host="localhost",
                default_port=_HTTP_DEFAULT_PORTS[parts.scheme],
            )
            driver = _query_api_driver(
                address, parts.path, pool_config, session_defaults
            )
        else:
            build = _DRIVER_BUILDERS[driver_type]
            address = Address.parse(
                parts.netloc,
                default_host="localhost",
                default_port=_DEFAULT_PORT,
            )
            driver = build(
                address,
                parts.query,
                pool_config,
                routing_config,
                session_defaults,
            )
        driver._set_observers(*_observers_for(pool_config))
        return driver

    @classmethod
    def bookmark_manager(
        cls,
        initial_bookmarks: Bookmarks | t.Iterable[str] | None = None,
        bookmarks_supplier: t.Any = None,
        bookmarks_consumer: t.Any = None,
    ) -> BookmarkManager:
        """Create the default in-memory bookmark manager.

        Sessions sharing it are causally chained: each sees the work the
        others committed before.

        :param initial_bookmarks: bookmarks to start with (raw strings
            are deprecated: pass a :class:`.Bookmarks`)
        :param bookmarks_supplier: callable (sync or async) returning
            extra :class:`.Bookmarks` on every lookup
        :param bookmarks_consumer: callable (sync or async) receiving all
            managed :class:`.Bookmarks` after every update
        :returns: the manager
        """
        manager = Neo4jBookmarkManager(
            bookmarks_consumer=bookmarks_consumer,
            bookmarks_supplier=bookmarks_supplier,
            initial_bookmarks=_bookmarks_to_start_with(initial_bookmarks),
        )
        return manager


def _query_work(
    tx: ManagedTransaction,
    query: LiteralString,
    parameters: dict[str, t.Any],
    transformer: t.Callable[[Result], _T],
) -> _T:
    result = tx.run(query, parameters)
    return t.cast("_T", Util.callback(transformer, result))


def _unit_for(query: LiteralString | Query) -> tuple[LiteralString, t.Any]:
    """The query text and the work function that runs it (a
    :class:`.Query`'s metadata and timeout configure the transaction)."""
    if not isinstance(query, Query):
        return query, _query_work
    configured = unit_of_work(query.metadata, query.timeout)(_query_work)
    return query.text, configured


def _check_parameter_names(names: t.Iterable[str]) -> None:
    # ``name_`` is reserved for execute_query's options; ``name__`` is not
    reserved = [n for n in names if n.endswith("_") and not n.endswith("__")]
    if not reserved:
        return
    raise ValueError(
        f"Query parameters given as keyword arguments {reserved!r} end in "
        "a single '_', which marks execute_query's own options. "
        "Check the option's spelling, or pass the parameter through the "
        "`parameters_` dict."
    )


def _access_mode_for(routing: RoutingControl | str) -> str:
    try:
        control = RoutingControl(routing)
    except ValueError:
        raise ValueError(
            f"Invalid routing control value: {routing!r}"
        ) from None
    return _MODE_OF_ROUTING[control]


def _warn_preview_keywords(method: str, config: t.Mapping[str, t.Any]) -> None:
    if not config:
        return
    preview_warn(
        f"The keyword arguments of {method}() are a preview: they can "
        "change or disappear in any release, without deprecation.",
        stack_level=3,
    )


class Driver:
    """Base class of the drivers: holds the connection pool and creates
    sessions.  Safe for concurrent use: share one driver across the
    application.

    Create drivers with :meth:`GraphDatabase.driver`.
    """

    # Class-level defaults, so that ``MagicMock(spec=Driver)`` has
    # them too: libraries set ``driver._pool.pool_config.user_agent``
    # (neo4j-graphrag) and read ``driver._closed``.  An instance replaces
    # both in ``__init__``; until then it counts as closed.
    _pool: BoltPool | Neo4jPool = t.cast(t.Any, None)
    _closed: bool = True
    #: what observes the driver's work (None: nothing)
    _observer: Observer | None = None
    #: the metrics recorder (None: ``metrics_enabled`` is off)
    _metrics_recorder: MetricsRecorder | None = None

    def __init__(
        self,
        pool: BoltPool | Neo4jPool,
        default_workspace_config: WorkspaceConfig,
    ) -> None:
        self._pool = pool
        self._session_defaults = default_workspace_config
        self._shared_query_bookmarks = GraphDatabase.bookmark_manager()
        self._closed = False

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self._pool!r}>"

    def _set_observers(
        self, recorder: MetricsRecorder | None, observer: Observer | None
    ) -> None:
        """Install what observes this driver (at creation only)."""
        self._metrics_recorder = recorder
        self._observer = observer
        pool = self._pool
        if isinstance(pool, IOPool):
            pool.observe(observer)

    def __del__(self) -> None:
        # only a warning: a finalizer must not do I/O
        if getattr(self, "_closed", True):
            return
        warnings.warn(
            f"unclosed driver {self!r}: call close() (or use the driver "
            "as a context manager)",
            ResourceWarning,
            stacklevel=2,
            source=self,
        )

    def __enter__(self) -> Driver:
        return self

    def __exit__(
        self, exc_type: t.Any, exc_value: t.Any, traceback: t.Any
    ) -> None:
        self.close()

    def _ensure_open(self) -> None:
        if self._closed:
            raise DriverError("Driver closed")

    @property
    def encrypted(self) -> bool:
        """True if connections use TLS."""
        return bool(self._pool.encrypted)

    @property
    def execute_query_bookmark_manager(self) -> BookmarkManager:
        """The bookmark manager :meth:`execute_query` uses by default."""
        return self._shared_query_bookmarks

    def session(self, **config: Unpack[SessionKeywords]) -> Session:
        """Create a session (no I/O).

        :param config: session options (see the session configuration
            reference); driver-level values are the defaults
        :returns: the session; close it (or use ``with``)
        :raises DriverError: the driver is closed
        :raises ConfigurationError: unknown option
        """
        self._ensure_open()
        session_config = consume_session_config(
            self._session_defaults, config, stacklevel=3
        )
        return Session(self._pool, session_config, self._observer)

    def _session(self, config: t.Mapping[str, t.Any]) -> Session:
        session_config = consume_session_config(self._session_defaults, config)
        return Session(self._pool, session_config, self._observer)

    def metrics(self) -> DriverMetrics:
        """A snapshot of the driver's metrics: per server address, the
        connections of its pool (in use, idle, being opened, waiting)
        and what the pool did (created, closed, failed, acquired, timed
        out, with total times); and the work done (queries,
        transactions committed and rolled back, retries, routing table
        refreshes).

        The snapshot is immutable; take another one to see changes.  It
        is read in one critical section of the pool, so its numbers are
        consistent with each other.  Also works after :meth:`close`.
        An extension of this driver (needs ``metrics_enabled=True``).

        :returns: the :class:`.DriverMetrics`
        :raises ConfigurationError: the driver was created without
            ``metrics_enabled=True``
        """
        recorder = self._metrics_recorder
        if recorder is None:
            raise ConfigurationError(
                "Metrics are off for this driver: create it with "
                "metrics_enabled=True to use driver.metrics()"
            )
        return self._metrics_of(recorder)

    def _metrics_of(self, recorder: MetricsRecorder) -> DriverMetrics:
        return self._pool.metrics(recorder)

    def close(self) -> None:
        """Close the pooled connections.  Idempotent; any later use of
        the driver raises :class:`.DriverError`."""
        if self._closed:
            return
        self._closed = True
        self._pool.close()

    def execute_query(
        self,
        query_: LiteralString | Query,
        parameters_: dict[str, t.Any] | None = None,
        routing_: RoutingControl | str = RoutingControl.WRITE,
        database_: str | None = None,
        impersonated_user_: str | None = None,
        bookmark_manager_: (BookmarkManager | BookmarkManager | None) = _UNSET,
        auth_: t.Any = None,
        result_transformer_: t.Callable[
            [Result], t.Any
        ] = Result.to_eager_result,
        **kwargs: t.Any,
    ) -> t.Any:
        r"""Run one query in a managed transaction (with retries) and
        return what ``result_transformer_`` makes of the result (default:
        an :class:`.EagerResult`).

        :param query\_: Cypher text or a :class:`.Query` (its metadata and
            timeout apply to the transaction)
        :param parameters\_: query parameters
        :param routing\_: :attr:`.RoutingControl.WRITE` (default) or
            ``READ``
        :param database\_: target database (None: the home database)
        :param impersonated_user\_: user to impersonate
        :param bookmark_manager\_: defaults to
            :attr:`execute_query_bookmark_manager`; None disables causal
            chaining
        :param auth\_: auth for this query only
        :param result_transformer\_: called with the
            :class:`.Result` (again on every retry); its return value
            is what this method returns
        :param kwargs: more query parameters (names must not end with a
            single underscore); they override ``parameters_``
        :returns: the transformer's return value
        :raises DriverError: the driver is closed
        :raises ValueError: an unknown ``routing_`` or a keyword parameter
            ending in a single underscore
        """
        self._ensure_open()
        _check_parameter_names(kwargs)
        text, work = _unit_for(query_)
        access_mode = _access_mode_for(routing_)
        if bookmark_manager_ is _UNSET:
            bookmark_manager_ = self._shared_query_bookmarks
        session = self._session(
            {
                "auth": auth_,
                "bookmark_manager": bookmark_manager_,
                "database": database_,
                "impersonated_user": impersonated_user_,
            }
        )
        work_args = (
            text,
            {**(parameters_ or {}), **kwargs},
            result_transformer_,
        )
        observer = self._observer
        scope = (
            None
            if observer is None
            else observer.start(
                "execute_query",
                database=database_,
                query=text,
                access_mode=access_mode,
            )
        )
        try:
            with session:
                # our own work function: BEGIN may share RUN's round trip
                outcome = session._run_with_retries(
                    access_mode,
                    TelemetryAPI.DRIVER,
                    work,
                    work_args,
                    {},
                    pipelined_begin=True,
                    parent=scope,
                )
        except BaseException as exc:
            if scope is not None:
                scope.finish(exc)
            raise
        if scope is not None:
            scope.finish()
        return outcome

    def _server_info(self, config: t.Mapping[str, t.Any]) -> ServerInfo:
        # one real exchange with a server, through a throwaway session
        self._ensure_open()
        session = self._session(config)
        with session:
            info = session._fetch_server_info()
        return info

    def verify_connectivity(self, **config: t.Any) -> None:
        """Check that the server can be reached and accepts the auth,
        with a real exchange.

        :param config: session options for the check (preview)
        :raises DriverError: the driver is closed
        :raises Exception: the connection error, as is
        """
        self._ensure_open()
        _warn_preview_keywords("verify_connectivity", config)
        self._server_info(config)

    def get_server_info(self, **config: t.Any) -> ServerInfo:
        """Connect (like :meth:`verify_connectivity`) and describe the
        server.

        :param config: session options for the check (preview)
        :returns: the :class:`.ServerInfo`
        """
        self._ensure_open()
        _warn_preview_keywords("get_server_info", config)
        return self._server_info(config)

    def verify_authentication(
        self, auth: SessionAuth = None, **config: t.Any
    ) -> bool:
        """Check whether the server accepts ``auth`` (default: the
        driver's).

        :param auth: the credentials to check
        :param config: session options for the check (preview); the
            ``system`` database is used unless ``database`` is given
        :returns: False if the server rejected the credentials
        :raises Exception: other errors, as is
        """
        self._ensure_open()
        _warn_preview_keywords("verify_authentication", config)
        probe = {"database": SYSTEM_DATABASE, **config, "auth": auth}
        with self._session(probe) as session:
            try:
                session._check_auth()
            except Neo4jError as exc:
                if exc.code not in _REJECTED_CREDENTIALS:
                    raise
                accepted = False
            else:
                accepted = True
        return accepted

    def supports_multi_db(self) -> bool:
        """Whether the server supports several databases (Bolt 4.0+).

        :returns: the answer, based on the negotiated protocol version
        """
        info = self._server_info({})
        return info.protocol_version >= (4, 0)

    def supports_session_auth(self) -> bool:
        """Whether sessions can use their own auth (Bolt 5.1+).

        :returns: the answer, based on the negotiated protocol version
        """
        info = self._server_info({})
        return info.protocol_version >= (5, 1)


class BoltDriver(Driver):
    """Driver of the ``bolt`` schemes: all work goes to one server."""

    @property
    def address(self) -> Address:
        """The address of the server this driver connects to."""
        return self._pool.address


class Neo4jDriver(Driver):
    """Driver of the ``neo4j`` schemes: routes work across a cluster
    (readers and writers per database)."""

    @property
    def initial_addresses(self) -> list[Address]:
        """The router addresses the driver was created with."""
        return [self._pool.address]


class HttpDriver(Driver):
    """Driver of the ``http`` and ``https`` schemes: talks to one Neo4j
    server through its Query API (HTTP API v2) instead of Bolt.

    **Preview**: it may change without following the deprecation
    policy.  It needs the ``http`` extra (``pip install neo4j[http]``).

    Sessions, transactions, ``execute_query`` and results work as with
    the Bolt drivers, with these differences (those of the official
    driver):

    * a database must always be named (``database=`` or
      ``database_=``): the Query API cannot resolve the home database;
    * only ``basic`` (without realm) and ``bearer`` auth exist;
    * transaction metadata, transaction timeouts and notification
      filters raise :class:`.ConfigurationError` (the server always
      sends all notifications);
    * vectors, UUIDs and graph entities cannot be sent as parameters
      (:class:`.ConfigurationError` for vectors, :class:`ValueError`
      otherwise); values of types the Query API cannot carry come back
      broken (reading them raises :class:`.BrokenRecordError`);
    * a query's records arrive all at once (``fetch_size`` has no
      effect), and ``query_type`` is only known to servers that send it;
    * an explicit transaction the client leaves idle expires on the
      server after its configured timeout; the next request then fails;
    * :attr:`.ServerInfo.protocol_version` is ``(0, 0)`` and
      :attr:`.ServerInfo.agent` is built from the server's version
      (asked at most once a minute);
    * no routing, no telemetry; ``user_agent``, ``resolver`` and
      ``liveness_check_timeout`` have no effect.
    """

    def __init__(
        self,
        pool: QueryApiPool,
        default_workspace_config: WorkspaceConfig,
    ) -> None:
        # the Query API pool lends connections whose core is the Query
        # API core, which offers the request methods of the Bolt core
        # the work layer is typed against (see neo4j._http)
        super().__init__(t.cast(t.Any, pool), default_workspace_config)

    def _metrics_of(self, recorder: MetricsRecorder) -> DriverMetrics:
        # no Bolt pool: the work counters only
        return recorder.snapshot(
            None, self._pool.pool_config.max_connection_pool_size
        )

    @property
    def address(self) -> Address:
        """The address of the server this driver connects to."""
        return self._pool.address

    def supports_multi_db(self) -> bool:
        """Whether the server has several databases: always, over the
        Query API (after a real exchange, as the other drivers).

        :returns: True
        """
        self._server_info({})
        return True

    def supports_session_auth(self) -> bool:
        """Whether sessions can use their own auth: always, over the
        Query API (every request carries its credentials).

        :returns: True
        """
        self._server_info({})
        return True
