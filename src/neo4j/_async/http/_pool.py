"""Connections and pool of the Query API driver.

A Query API "connection" is a logical one: the request pipeline of one
session's unit of work (:class:`~neo4j._http.QueryApiCore`) with the
credentials it was acquired with.  The real TCP/TLS connections are
pooled by the HTTP client (:mod:`._transport`) and shared by all of
them, so acquiring costs no I/O and releasing just forgets the object.
The server is contacted on acquisition only to describe itself (the
discovery document, cached for a minute) and, for
``verify_connectivity`` and ``verify_authentication``, to prove that
it accepts the credentials (``CALL db.ping()`` on ``system``).

Both classes satisfy the work layer's protocols
(:class:`~neo4j._async._seams.AsyncWorkConnection` and
:class:`~neo4j._async._seams.AsyncWorkPool`), with the Query API core
standing in for the Bolt core.
"""

from __future__ import annotations

import itertools
import logging
import time
import typing as t

from ..._async_compat import AsyncUtil
from ..._http import QueryApiCore, auth_headers
from ...api import READ_ACCESS, SYSTEM_DATABASE, ServerInfo
from ...exceptions import Neo4jError, ServiceUnavailable
from ._transport import AsyncQueryApiTransport


if t.TYPE_CHECKING:
    from ..._addressing import Address
    from ..._bolt import Response
    from ..._shared.conf import PoolConfig
    from ..._shared.deadline import Deadline
    from ...api import _TAuth
    from .._seams import AcquireAuth, HomeDatabaseHook


__all__ = ["AsyncQueryApiConnection", "AsyncQueryApiPool"]

log = logging.getLogger("neo4j.pool")

#: how long the server's self-description is reused
_DISCOVERY_MAX_AGE: t.Final = 60.0

_ids = itertools.count(1)


class AsyncQueryApiConnection:
    """One unit of work's pipeline over the shared HTTP client.

    :param transport: the driver's HTTP client
    :param core: the request pipeline (carries the credentials)
    :param server_info: what the server said about itself
    :param address: the configured address
    :param pool: the pool to tell about server errors
    :param auth_token: the credentials used (for the auth manager)
    """

    def __init__(
        self,
        transport: AsyncQueryApiTransport,
        core: QueryApiCore,
        server_info: ServerInfo,
        address: Address,
        pool: AsyncQueryApiPool,
        auth_token: _TAuth,
        auth_manager: t.Any,
    ) -> None:
        self._transport = transport
        self._core = core
        self._server_info = server_info
        self._address = address
        self._pool = pool
        self.auth_token = auth_token
        self.auth_manager = auth_manager
        self._defunct = False
        self._closed = False
        self.connection_id = next(_ids)
        #: the borrower's limit (seconds) for each reply (None: none)
        self.response_timeout: float | None = None

    def __repr__(self) -> str:
        return (
            f"<{type(self).__name__} #{self.connection_id} "
            f"{self._transport.base_url}>"
        )

    @property
    def bolt(self) -> QueryApiCore:
        """The request pipeline (the work layer's protocol core)."""
        return self._core

    @property
    def server_info(self) -> ServerInfo:
        """The server's self-description (protocol version ``(0, 0)``:
        no Bolt involved)."""
        return self._server_info

    @property
    def unresolved_address(self) -> Address:
        """The configured address."""
        return self._address

    @property
    def defunct(self) -> bool:
        """True once an exchange broke off."""
        return self._defunct

    @property
    def closed(self) -> bool:
        """True once released or killed."""
        return self._closed

    def ensure_server_listening(self) -> None:
        """No lasting connection: there is nothing to check."""

    def _unavailable(self, doing: str) -> ServiceUnavailable:
        return ServiceUnavailable(
            f"Failed to {doing} closed connection {self._address!r} "
            f"({self._transport.base_url})"
        )

    async def send_all(self) -> None:
        """Nothing is sent ahead: exchanges happen while reading.

        :raises ServiceUnavailable: the connection was closed
        """
        if self._closed or self._defunct:
            raise self._unavailable("write to")

    async def _step(self) -> bool:
        """Perform the next exchange.

        :returns: False if nothing is left to do
        """
        if self._closed or self._defunct:
            raise self._unavailable("read from")
        core = self._core
        request = core.next_request()
        if request is None:
            return False
        try:
            reply = await self._transport.exchange(
                request, self.response_timeout
            )
            core.receive(reply)
        except BaseException:
            self._defunct = True
            raise
        return True

    async def fetch(
        self, response: Response, deadline: Deadline | None = None
    ) -> None:
        """Exchange until ``response`` is complete."""
        while not response.done and await self._step():
            pass

    async def fetch_records(self, response: Response, sink: t.Sized) -> None:
        """Exchange until ``response`` is complete or ``sink`` fills."""
        while not response.done and not sink and await self._step():
            pass

    async def fetch_all(self) -> None:
        """Exchange until nothing is pending."""
        while await self._step():
            pass

    async def check(self, response: Response) -> None:
        """Raise the failure of a completed ``response`` (the one that
        caused an IGNORED)."""
        error = response.error
        if error is None and response.ignored:
            error = self._core.last_failure
        if error is not None:
            await self.check_error(error)

    async def check_error(self, error: BaseException) -> t.NoReturn:
        """Raise ``error`` after the pool has seen it."""
        if isinstance(error, Neo4jError):
            await self._pool.on_neo4j_error(self, error)
        raise error

    async def close(self) -> None:
        """Forget the pipeline (the HTTP connections stay pooled)."""
        self._closed = True

    def kill(self) -> None:
        """Like :meth:`close`, without awaiting."""
        self._closed = True


class AsyncQueryApiPool:
    """Hands out Query API connections; owns the HTTP client.

    :param address: the server
    :param path: the base path of the URI
    :param config: the driver's pool options
    """

    def __init__(self, address: Address, path: str, config: PoolConfig):
        self.address = address
        self.pool_config = config
        self._transport = AsyncQueryApiTransport(address, path, config)
        self.encrypted = self._transport.encrypted
        self._agent: str | None = None
        self._agent_fetched = float("-inf")
        log.debug(
            "[#0000]  _: <POOL> created, Query API/HTTP address %r",
            self._transport.base_url,
        )

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self._transport.base_url}>"

    @property
    def is_direct_pool(self) -> bool:
        """No routing over HTTP."""
        return True

    async def _server_agent(self) -> str:
        now = time.monotonic()
        if (
            self._agent is None
            or now - self._agent_fetched > _DISCOVERY_MAX_AGE
        ):
            version = await self._transport.server_version()
            self._agent = f"Neo4j/{version}"
            self._agent_fetched = now
        return self._agent

    async def acquire(
        self,
        access_mode: str | None = None,
        timeout: float | None = None,
        database: str | None = None,
        bookmarks: t.Iterable[str] | None = None,
        auth: AcquireAuth | None = None,
        liveness_check_timeout: float | None = None,
        database_callback: HomeDatabaseHook | None = None,
        imp_user: str | None = None,
    ) -> AsyncQueryApiConnection:
        """A pipeline with the session's (or the driver's) credentials.

        With ``liveness_check_timeout=0`` (``verify_connectivity``) or a
        forced authentication (``verify_authentication``) the server
        runs ``CALL db.ping()``, which proves it accepts the
        credentials.

        :raises ConfigurationError: the auth scheme does not exist over
            HTTP
        :raises ServiceUnavailable: the server cannot be reached
        """
        manager = None
        token = auth.token if auth is not None else None
        if token is None:
            manager = self.pool_config.auth
            token = await AsyncUtil.callback(manager.get_auth)
        headers = auth_headers(token)
        agent = await self._server_agent()
        info = ServerInfo(self.address, (0, 0))
        conn = AsyncQueryApiConnection(
            self._transport,
            QueryApiCore(headers),
            info,
            self.address,
            self,
            token,
            manager,
        )
        info.update(
            {
                "server": agent,
                "connection_id": str(conn.connection_id),
                "protocol_version": "0.0",
            }
        )
        if liveness_check_timeout == 0 or (auth is not None and auth.force):
            await self._ping(conn)
        return conn

    async def _ping(self, conn: AsyncQueryApiConnection) -> None:
        core = conn.bolt
        core.run("CALL db.ping()", mode=READ_ACCESS, db=SYSTEM_DATABASE)
        done = core.discard()
        await conn.fetch_all()
        await conn.check(done)

    async def release(self, conn: AsyncQueryApiConnection) -> None:
        """Take a connection back (it is not reused)."""
        await conn.close()

    def kill_connection(self, conn: AsyncQueryApiConnection) -> None:
        """Kill a lent connection without awaiting."""
        conn.kill()

    def remember_home_database(
        self, imp_user: str | None, auth: _TAuth, database: str | None
    ) -> None:
        """The Query API has no home database resolution."""

    async def on_neo4j_error(
        self, conn: AsyncQueryApiConnection, error: Neo4jError
    ) -> None:
        """Let the auth manager look at a security error."""
        if not error._is_security_error():
            return
        manager = conn.auth_manager
        if manager is None:
            return
        handled = await AsyncUtil.callback(
            manager.handle_security_exception, conn.auth_token, error
        )
        if handled:
            error._retry_ok = True

    async def close(self) -> None:
        """Close the HTTP client and its connections."""
        await self._transport.close()
