"""Driver construction and the driver objects.

:meth:`AsyncGraphDatabase.driver` parses the URI, validates the
configuration and builds an :class:`AsyncBoltDriver` (``bolt``
schemes: one server) or an :class:`AsyncNeo4jDriver` (``neo4j``
schemes: routing).  No network I/O happens before the first use.
"""

from __future__ import annotations

import typing as t
import warnings

from .._addressing import Address
from .._api import (
    DRIVER_BOLT,
    DRIVER_NEO4J,
    SECURITY_TYPE_SECURE,
    SECURITY_TYPE_SELF_SIGNED_CERTIFICATE,
    RoutingControl,
    TelemetryAPI,
    TrustAll,
    TrustStore,
    parse_neo4j_uri,
    parse_routing_context,
    routing_context_with_address,
)
from .._async_compat import AsyncUtil
from .._auth_management import (
    AsyncAuthManager,
    AuthManager,
    ClientCertificate,
)
from .._shared.conf import consume_driver_config, consume_session_config
from .._warnings import deprecation_warn, preview_warn
from .._work.query import Query, unit_of_work
from ..api import READ_ACCESS, WRITE_ACCESS, Bookmarks
from ..exceptions import ConfigurationError, DriverError, Neo4jError
from .auth_management import AsyncAuthManagers, AsyncClientCertificateProviders
from .bookmark_manager import AsyncNeo4jBookmarkManager
from .io import AsyncBoltPool, ConnectionSettings
from .io._routing import AsyncNeo4jPool
from .work import AsyncManagedTransaction, AsyncResult, AsyncSession


if t.TYPE_CHECKING:
    from typing_extensions import LiteralString

    from .._shared.conf import PoolConfig, WorkspaceConfig
    from ..api import AsyncBookmarkManager, BookmarkManager, ServerInfo
    from .io import AsyncIOPool

    _T = t.TypeVar("_T")


__all__ = [
    "AsyncBoltDriver",
    "AsyncDriver",
    "AsyncGraphDatabase",
    "AsyncNeo4jDriver",
]

_DEFAULT_PORT: t.Final = 7687


#: marks "argument not given" where ``None`` has a meaning of its own
_default: t.Final[t.Any] = object()

_SECURE_SCHEMES: t.Final = (
    ["bolt", "neo4j", "http"],
    ["bolt+ssc", "bolt+s", "neo4j+ssc", "neo4j+s", "https"],
)
_AUTH_FAILURE_CODES: t.Final = frozenset(
    (
        "Neo.ClientError.Security.CredentialsExpired",
        "Neo.ClientError.Security.Forbidden",
        "Neo.ClientError.Security.TokenExpired",
        "Neo.ClientError.Security.Unauthorized",
    )
)


class AsyncGraphDatabase:
    """Factory of drivers and bookmark managers."""

    @classmethod
    def driver(
        cls, uri: str, *, auth: t.Any = None, **config: t.Any
    ) -> AsyncDriver:
        """Create a driver for ``uri``.

        The scheme picks the driver: ``bolt``, ``bolt+s`` and
        ``bolt+ssc`` connect to one server (:class:`AsyncBoltDriver`);
        ``neo4j``, ``neo4j+s`` and ``neo4j+ssc`` route across a cluster
        (:class:`AsyncNeo4jDriver`).  ``+s`` means TLS verified against
        the system CAs, ``+ssc`` TLS accepting any certificate.

        :param uri: e.g. ``"neo4j://example.com:7687?policy=eu"``
        :param auth: an :class:`.Auth`, a ``(user, password)`` tuple, an
            auth manager, or None
        :param config: driver options (see the configuration reference)
        :raises ConfigurationError: invalid URI or options
        """
        driver_type, security_type, parsed = parse_neo4j_uri(uri)
        if not isinstance(
            auth,
            (AsyncAuthManager, AuthManager),  # type: ignore[misc]
        ):
            auth = AsyncAuthManagers.static(auth)
        config["auth"] = auth
        certificate = config.get("client_certificate")
        if isinstance(certificate, ClientCertificate):
            config["client_certificate"] = (
                AsyncClientCertificateProviders.static(certificate)
            )
        trust = config.get("trusted_certificates")
        if "trusted_certificates" in config and not isinstance(
            trust, TrustStore
        ):
            raise ConfigurationError(
                'The config setting "trusted_certificates" must be of type '
                "neo4j.TrustAll, neo4j.TrustCustomCAs, or "
                f"neo4j.TrustSystemCAs but was {type(trust)}"
            )
        if security_type in {
            SECURITY_TYPE_SECURE,
            SECURITY_TYPE_SELF_SIGNED_CERTIFICATE,
        } and (
            "encrypted" in config
            or "trusted_certificates" in config
            or "ssl_context" in config
        ):
            raise ConfigurationError(
                'The config settings "encrypted", "trusted_certificates", '
                'and "ssl_context" can only be used with the URI schemes '
                f"{_SECURE_SCHEMES[0]!r}. Use the other URI schemes "
                f"{_SECURE_SCHEMES[1]!r} for setting encryption settings."
            )
        if security_type == SECURITY_TYPE_SECURE:
            config["encrypted"] = True
        elif security_type == SECURITY_TYPE_SELF_SIGNED_CERTIFICATE:
            config["encrypted"] = True
            config["trusted_certificates"] = TrustAll()
        pool_config, workspace_config, routing_config = consume_driver_config(
            config, stacklevel=3
        )
        address = Address.parse(
            parsed.netloc, default_host="localhost", default_port=_DEFAULT_PORT
        )
        if driver_type == DRIVER_BOLT:
            settings = _settings(pool_config, None, routing=False)
            bolt_pool = AsyncBoltPool(
                address,
                settings,
                pool_config,
                pool_config.auth,
                encrypted=bool(pool_config.encrypted),
            )
            return AsyncBoltDriver(bolt_pool, workspace_config)
        if driver_type == DRIVER_NEO4J:
            context = routing_context_with_address(
                address, parse_routing_context(parsed.query)
            )
            settings = _settings(pool_config, context, routing=True)
            routing_pool = AsyncNeo4jPool(
                address,
                settings,
                pool_config,
                pool_config.auth,
                encrypted=bool(pool_config.encrypted),
                routing_table_purge_delay=(
                    routing_config.routing_table_purge_delay
                ),
            )
            return AsyncNeo4jDriver(routing_pool, workspace_config)
        raise ConfigurationError(
            f"URI scheme {parsed.scheme!r} (Query API/HTTP) is not supported "
            "by this driver"
        )

    @classmethod
    def bookmark_manager(
        cls,
        initial_bookmarks: Bookmarks | t.Iterable[str] | None = None,
        bookmarks_supplier: t.Any = None,
        bookmarks_consumer: t.Any = None,
    ) -> AsyncBookmarkManager:
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
        initial: Bookmarks | None
        if initial_bookmarks is None or isinstance(
            initial_bookmarks, Bookmarks
        ):
            initial = initial_bookmarks
        else:
            deprecation_warn(
                "Passing raw strings as initial_bookmarks is deprecated. "
                "Use a Bookmarks object instead.",
                stack_level=2,
            )
            initial = Bookmarks.from_raw_values(initial_bookmarks)
        return AsyncNeo4jBookmarkManager(
            initial_bookmarks=initial,
            bookmarks_supplier=bookmarks_supplier,
            bookmarks_consumer=bookmarks_consumer,
        )


def _settings(
    pool_config: PoolConfig,
    routing_context: dict[str, t.Any] | None,
    routing: bool,
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
        routing=routing,
    )


async def _work(
    tx: AsyncManagedTransaction,
    query: LiteralString,
    parameters: dict[str, t.Any],
    transformer: t.Callable[[AsyncResult], t.Awaitable[_T]],
) -> _T:
    result = await tx.run(query, parameters)
    return t.cast("_T", await AsyncUtil.callback(transformer, result))


class AsyncDriver:
    """Base class of the drivers: holds the connection pool and creates
    sessions.  Safe for concurrent use: share one driver across the
    application.

    Create drivers with :meth:`AsyncGraphDatabase.driver`.
    """

    def __init__(
        self, pool: AsyncIOPool, default_workspace_config: WorkspaceConfig
    ) -> None:
        self._pool = pool
        self._session_defaults = default_workspace_config
        self._query_bookmark_manager = AsyncGraphDatabase.bookmark_manager()
        self._closed = False

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self._pool!r}>"

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

    async def __aenter__(self) -> AsyncDriver:
        return self

    async def __aexit__(
        self, exc_type: t.Any, exc_value: t.Any, traceback: t.Any
    ) -> None:
        await self.close()

    def _ensure_open(self) -> None:
        if self._closed:
            raise DriverError("Driver closed")

    @property
    def encrypted(self) -> bool:
        """True if connections use TLS."""
        return bool(self._pool.encrypted)

    @property
    def execute_query_bookmark_manager(self) -> AsyncBookmarkManager:
        """The bookmark manager :meth:`execute_query` uses by default."""
        return self._query_bookmark_manager

    def session(self, **config: t.Any) -> AsyncSession:
        """Create a session (no I/O).

        :param config: session options (see the session configuration
            reference); driver-level values are the defaults
        :returns: the session; close it (or use ``async with``)
        :raises DriverError: the driver is closed
        :raises ConfigurationError: unknown option
        """
        self._ensure_open()
        session_config = consume_session_config(
            self._session_defaults, config, stacklevel=3
        )
        return AsyncSession(self._pool, session_config)

    def _session(self, config: dict[str, t.Any]) -> AsyncSession:
        session_config = consume_session_config(self._session_defaults, config)
        return AsyncSession(self._pool, session_config)

    async def close(self) -> None:
        """Close the pooled connections.  Idempotent; any later use of
        the driver raises :class:`.DriverError`."""
        if self._closed:
            return
        self._closed = True
        await self._pool.close()

    async def execute_query(
        self,
        query_: LiteralString | Query,
        parameters_: dict[str, t.Any] | None = None,
        routing_: RoutingControl | str = RoutingControl.WRITE,
        database_: str | None = None,
        impersonated_user_: str | None = None,
        bookmark_manager_: (
            AsyncBookmarkManager | BookmarkManager | None
        ) = _default,
        auth_: t.Any = None,
        result_transformer_: t.Callable[
            [AsyncResult], t.Awaitable[t.Any]
        ] = AsyncResult.to_eager_result,
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
            :class:`.AsyncResult` (again on every retry); its return value
            is what this method returns
        :param kwargs: more query parameters (names must not end with a
            single underscore); they override ``parameters_``
        :returns: the transformer's return value
        :raises DriverError: the driver is closed
        """
        self._ensure_open()
        invalid = [k for k in kwargs if k[-2:-1] != "_" and k[-1:] == "_"]
        if invalid:
            raise ValueError(
                "keyword parameters must not end with a single '_'. "
                f"Found: {invalid!r}\n\nYou either misspelled an existing "
                "configuration parameter or tried to send a query parameter "
                "that is reserved. In the latter case, use the "
                "`parameters_` dictionary instead."
            )
        work: t.Any = _work
        if isinstance(query_, Query):
            work = unit_of_work(query_.metadata, query_.timeout)(_work)
            query_text = query_.text
        else:
            query_text = query_
        parameters = dict(parameters_ or {}, **kwargs)
        if bookmark_manager_ is _default:
            bookmark_manager_ = self._query_bookmark_manager
        if routing_ == RoutingControl.WRITE:
            access_mode = WRITE_ACCESS
        elif routing_ == RoutingControl.READ:
            access_mode = READ_ACCESS
        else:
            raise ValueError(f"Invalid routing control value: {routing_!r}")
        session = self._session(
            {
                "database": database_,
                "impersonated_user": impersonated_user_,
                "bookmark_manager": bookmark_manager_,
                "auth": auth_,
            }
        )
        async with session:
            return await session._run_with_retries(
                access_mode,
                TelemetryAPI.DRIVER,
                work,
                (query_text, parameters, result_transformer_),
                {},
                # our own work function: BEGIN may share RUN's round trip
                pipelined_begin=True,
            )

    async def verify_connectivity(self, **config: t.Any) -> None:
        """Check that the server can be reached and accepts the auth,
        with a real exchange.

        :raises DriverError: the driver is closed
        :raises Exception: the connection error, as is
        """
        self._ensure_open()
        if config:
            preview_warn(
                "All configuration key-word arguments to "
                "verify_connectivity() are experimental. They might be "
                "changed or removed in any future version without prior "
                "notice."
            )
        await self._fetch_server_info(config)

    async def get_server_info(self, **config: t.Any) -> ServerInfo:
        """Connect (like :meth:`verify_connectivity`) and describe the
        server.

        :returns: the :class:`.ServerInfo`
        """
        self._ensure_open()
        if config:
            preview_warn(
                "All configuration key-word arguments to "
                "get_server_info() are experimental. They might be "
                "changed or removed in any future version without prior "
                "notice."
            )
        return await self._fetch_server_info(config)

    async def _fetch_server_info(self, config: dict[str, t.Any]) -> ServerInfo:
        async with self._session(config) as session:
            return t.cast("ServerInfo", await session._fetch_server_info())

    async def verify_authentication(
        self, auth: t.Any = None, **config: t.Any
    ) -> bool:
        """Check whether the server accepts ``auth`` (default: the
        driver's).

        :returns: False if the server rejected the credentials
        :raises Exception: other errors, as is
        """
        self._ensure_open()
        if config:
            preview_warn(
                "Passing key-word arguments except 'auth' to "
                "verify_authentication() is a preview feature."
            )
        if "database" not in config:
            config["database"] = "system"
        config["auth"] = auth
        async with self._session(config) as session:
            try:
                await session._check_auth()
            except Neo4jError as exc:
                if exc.code in _AUTH_FAILURE_CODES:
                    return False
                raise
        return True

    async def supports_multi_db(self) -> bool:
        """Whether the server supports several databases (Bolt 4.0+).

        :returns: the answer, based on the negotiated protocol version
        """
        self._ensure_open()
        info = await self._fetch_server_info({})
        return info.protocol_version >= (4, 0)

    async def supports_session_auth(self) -> bool:
        """Whether sessions can use their own auth (Bolt 5.1+).

        :returns: the answer, based on the negotiated protocol version
        """
        self._ensure_open()
        info = await self._fetch_server_info({})
        return info.protocol_version >= (5, 1)


class AsyncBoltDriver(AsyncDriver):
    """Driver of the ``bolt`` schemes: all work goes to one server."""

    @property
    def address(self) -> Address:
        """The address of the server this driver connects to."""
        return t.cast(Address, self._pool.address)  # type: ignore[attr-defined]


class AsyncNeo4jDriver(AsyncDriver):
    """Driver of the ``neo4j`` schemes: routes work across a cluster
    (readers and writers per database)."""

    @property
    def initial_addresses(self) -> list[Address]:
        """The router addresses the driver was created with."""
        address = self._pool.address  # type: ignore[attr-defined]
        return [t.cast(Address, address)]
