# This file is generated from src/neo4j/_async/io/_connection.py by bin/make-unasync; do not edit.
# make-unasync digest: 713a064bca71c29daa8ed259a76f1dad31ecef88743e01a56c2dfcdda2ed5016
"""One Bolt connection: a socket driven by the sans-IO protocol core.

:class:`BoltConnection` owns an :class:`BoltSocket` and a
protocol object from :mod:`neo4j._bolt`.  Request methods of the core
only queue bytes; :meth:`BoltConnection.send_all` writes everything
queued in one ``sendall`` and the ``fetch*`` methods feed whole socket
reads to the core until the awaited response is complete.

Error rules (the same for every caller):

* a socket error or timeout kills the connection (it is never reused)
  and raises :class:`ServiceUnavailable` (direct driver) or
  :class:`SessionExpired` (routing driver) with the socket error as the
  cause;
* cancellation (or any other ``BaseException``) during I/O kills the
  connection synchronously and propagates unchanged;
* a protocol violation kills the connection and propagates;
* a FAILURE is not an I/O error: the response carries the error and
  :meth:`BoltConnection.check` raises it.
"""

from __future__ import annotations

import contextlib
import inspect
import logging
import time
import typing as t

from ..._addressing import Address, ResolvedAddress
from ..._async_compat import BoltSocket, NetworkUtil, Util
from ..._async_compat.network import TLSHandshakeError
from ..._bolt import (
    Handshake,
    HandshakeNotBoltError,
    HandshakeVersionError,
    protocol_class,
)
from ..._exceptions import BoltError, BoltSecurityError
from ..._shared.conf import check_connection_timeout
from ..._shared.deadline import Deadline
from ...api import ServerInfo
from ...exceptions import (
    DriverError,
    Neo4jError,
    ResponseTimeoutError,
    ServiceUnavailable,
    SessionExpired,
    UnsupportedServerProduct,
)


if t.TYPE_CHECKING:
    import ssl

    from ..._auth_management import AuthManager
    from ..._bolt import Response
    from ..._bolt.protocol import Bolt3
    from ..._shared.conf import PoolConfig
    from ...api import _TAuth
    from .._seams import ConnectionOwner


__all__ = [
    "BoltConnection",
    "ConnectionSettings",
    "ResolvedAddresses",
    "open_connection",
    "resolve_address",
]

log = logging.getLogger("neo4j.io")

#: the shortest read timeout a deadline sets (seconds)
_MIN_READ_TIMEOUT: t.Final = 0.001


class ConnectionSettings:
    """Everything needed to open connections, fixed per driver.

    :param resolver: custom resolver (sync or async callable) or None
    :param connection_timeout: TCP connect timeout (0: none); the TLS
        handshake is bounded by the acquisition deadline only
    :param write_timeout: socket write timeout
    :param keep_alive: TCP keep-alive
    :param user_agent: HELLO ``user_agent``
    :param routing_context: HELLO ``routing`` (routing drivers only)
    :param notifications_min_severity: driver-wide filter
    :param notifications_disabled_classifications: driver-wide filter
    :param telemetry_disabled: never send TELEMETRY
    :param routing: errors become :class:`SessionExpired`
    """

    __slots__ = (
        "connection_timeout",
        "keep_alive",
        "notifications_disabled_classifications",
        "notifications_min_severity",
        "resolver",
        "routing",
        "routing_context",
        "telemetry_disabled",
        "user_agent",
        "write_timeout",
    )

    def __init__(
        self,
        *,
        resolver: t.Any = None,
        connection_timeout: float | None = 30.0,
        write_timeout: float | None = 30.0,
        keep_alive: bool = True,
        user_agent: str | None = None,
        routing_context: dict[str, t.Any] | None = None,
        notifications_min_severity: t.Any = None,
        notifications_disabled_classifications: t.Any = None,
        telemetry_disabled: bool = False,
        routing: bool = False,
    ) -> None:
        self.resolver = resolver
        self.connection_timeout = connection_timeout
        self.write_timeout = write_timeout
        self.keep_alive = keep_alive
        self.user_agent = user_agent
        self.routing_context = routing_context
        self.notifications_min_severity = notifications_min_severity
        self.notifications_disabled_classifications = (
            notifications_disabled_classifications
        )
        self.telemetry_disabled = telemetry_disabled
        self.routing = routing

    def current(self, config: PoolConfig) -> ConnectionSettings:
        """These settings with the pool options read again from
        ``config``.

        Third-party code changes the driver's options after creating it
        (``driver._pool.pool_config.user_agent = ...``): a connection
        opened afterwards follows the change, so the options are read
        when a connection opens, not when the driver was created.

        :param config: the driver's pool options
        :returns: new settings (the routing fields are kept)
        """
        return ConnectionSettings(
            resolver=config.resolver,
            connection_timeout=config.connection_timeout,
            write_timeout=config.connection_write_timeout,
            keep_alive=config.keep_alive,
            user_agent=config.user_agent,
            routing_context=self.routing_context,
            notifications_min_severity=config.notifications_min_severity,
            notifications_disabled_classifications=(
                config.notifications_disabled_classifications
            ),
            telemetry_disabled=config.telemetry_disabled,
            routing=self.routing,
        )


class BoltConnection:
    """A live Bolt connection (see the module docstring for the rules).

    :param sock: the open socket (handshake done)
    :param bolt: the protocol state for the negotiated version
    :param unresolved_address: the address as configured or routed
    :param routing: raise :class:`SessionExpired` instead of
        :class:`ServiceUnavailable` on connection errors
    """

    def __init__(
        self,
        sock: BoltSocket,
        bolt: Bolt3,
        unresolved_address: Address,
        *,
        routing: bool = False,
    ) -> None:
        self.socket = sock
        self.bolt = bolt
        self.unresolved_address = unresolved_address
        address = bolt.address
        self.address: Address = (
            address if isinstance(address, Address) else unresolved_address
        )
        self.local_port = sock.local_port
        self.server_info = ServerInfo(self.address, bolt.protocol_version)
        self.created_at = time.monotonic()
        self.idle_since = self.created_at
        #: close instead of reusing on release (e.g. new certificate)
        self.stale = False
        #: the auth map the server accepted for this connection
        self.auth: dict[str, t.Any] = bolt.auth
        #: the auth token (as configured) behind :attr:`auth`
        self.auth_token: _TAuth = None
        #: the auth manager that produced :attr:`auth` (None: session auth)
        self.auth_manager: AuthManager | None = None
        #: the pool that owns this connection (set by the pool)
        self.pool: ConnectionOwner[BoltConnection] | None = None
        #: True once a socket error (reset, EOF, timeout) killed the
        #: connection: the server may be gone (routing deactivates it)
        self.lost = False
        #: client-side limit (seconds) for each wait for a reply, set by
        #: the borrower (``response_timeout``); None: no limit
        self.response_timeout: float | None = None
        self._routing = routing
        self._closed = False
        self._defunct = False

    def __repr__(self) -> str:
        return (
            f"<{type(self).__name__} #{self.local_port:04X} "
            f"{self.unresolved_address!r} {self.bolt!r}>"
        )

    # -- state -------------------------------------------------------------

    @property
    def closed(self) -> bool:
        """True once closed or killed."""
        return self._closed

    @property
    def defunct(self) -> bool:
        """True if the connection must not be used any more."""
        return self._defunct or self.bolt.defunct

    @property
    def protocol_version(self) -> tuple[int, int]:
        """The negotiated Bolt version."""
        return self.bolt.PROTOCOL_VERSION

    @property
    def is_reset(self) -> bool:
        """True if nothing is pending and the server is READY."""
        return self.bolt.is_reset

    # -- I/O ---------------------------------------------------------------

    def send_all(self) -> None:
        """Write every queued request in one ``sendall``."""
        bolt = self.bolt
        if not bolt.has_outgoing:
            return
        if self._closed or self._defunct:
            raise self._unavailable(
                "Failed to write to closed connection", None
            )
        data = bolt.take_outgoing()
        try:
            self.socket.sendall(data)
        except BaseException as exc:
            self._on_io_error(exc, "Sending to the server failed")
            raise

    def ensure_server_listening(self) -> None:
        """Raise before a write when the server has already hung up.

        What would be sent now cannot reach it, so the error is the
        (retryable) one of a failed write rather than that of an answer
        lost in flight; callers use it where the difference matters,
        before COMMIT.

        :raises ServiceUnavailable: (``SessionExpired`` when routing) the
            server closed the connection
        """
        if self._closed or self._defunct or not self.socket.peer_gone():
            return
        self._on_io_error(
            EOFError("the server closed the connection"),
            "Failed to write to defunct connection",
        )

    def fetch(
        self, response: Response, deadline: Deadline | None = None
    ) -> None:
        """Read until ``response`` is complete.

        :param deadline: bounds all the reads together (the socket's read
            timeout is set to the time left before each one); default:
            :attr:`response_timeout`, if set
        :raises ResponseTimeoutError: :attr:`response_timeout` expired
        """
        bounded = deadline is None and self.response_timeout is not None
        if bounded:
            deadline = Deadline(self.response_timeout)
        bolt = self.bolt
        sock = self.socket
        recv = sock.recv
        try:
            while not response.done:
                self._check_open()
                if deadline is not None:
                    sock.read_timeout = self._read_limit(deadline)
                bolt.feed(recv())
        except BaseException as exc:
            self._on_read_error(exc, deadline if bounded else None)
            raise
        finally:
            if bounded:
                sock.read_timeout = bolt.recv_timeout
        self.idle_since = time.monotonic()

    def fetch_records(self, response: Response, sink: t.Sized) -> None:
        """Read until ``response`` is complete or ``sink`` has records.

        :raises ResponseTimeoutError: :attr:`response_timeout` expired
        """
        deadline = self._response_deadline()
        bolt = self.bolt
        sock = self.socket
        recv = sock.recv
        try:
            while not response.done:
                self._check_open()
                if deadline is not None:
                    sock.read_timeout = self._read_limit(deadline)
                bolt.feed(recv())
                if sink:
                    break
        except BaseException as exc:
            self._on_read_error(exc, deadline)
            raise
        finally:
            if deadline is not None:
                sock.read_timeout = bolt.recv_timeout

    def fetch_all(self) -> None:
        """Read until every queued request has been answered.

        :raises ResponseTimeoutError: :attr:`response_timeout` expired
        """
        bolt = self.bolt
        if not bolt.pending_count:
            return
        self._check_open()
        deadline = self._response_deadline()
        sock = self.socket
        recv = sock.recv
        try:
            while bolt.pending_count:
                if deadline is not None:
                    sock.read_timeout = self._read_limit(deadline)
                bolt.feed(recv())
        except BaseException as exc:
            self._on_read_error(exc, deadline)
            raise
        finally:
            if deadline is not None:
                sock.read_timeout = bolt.recv_timeout
        self.idle_since = time.monotonic()

    def _response_deadline(self) -> Deadline | None:
        timeout = self.response_timeout
        return None if timeout is None else Deadline(timeout)

    def _read_limit(self, deadline: Deadline) -> float | None:
        # the time left (never 0: a sync socket would turn non-blocking),
        # or the server's recv-timeout hint if that is shorter
        left = deadline.remaining()
        hint = self.bolt.recv_timeout
        if left is None:
            return hint
        left = max(left, _MIN_READ_TIMEOUT)
        return left if hint is None else min(left, hint)

    def _on_read_error(
        self, exc: BaseException, deadline: Deadline | None
    ) -> None:
        if (
            deadline is not None
            and isinstance(exc, TimeoutError)
            and deadline.expired()
        ):
            self.kill()
            log.debug(
                "[#%04X]  _: <CONNECTION> no reply within the response "
                "timeout (%ss)",
                self.local_port,
                self.response_timeout,
            )
            raise ResponseTimeoutError(
                f"No reply from {self.unresolved_address} within the "
                f"response_timeout of {self.response_timeout}s; the "
                "connection was closed"
            ) from exc
        self._on_io_error(exc, "Failed to read from defunct connection")

    def check(self, response: Response) -> None:
        """Raise the error a completed response carries, if any.

        A FAILURE raises its :class:`Neo4jError` (security errors are
        first shown to the pool's auth handling); an IGNORED response
        raises the failure that caused it.
        """
        error = response.error
        if error is None and response.ignored:
            error = self.bolt.last_failure
        if error is None:
            return
        self.check_error(error)

    def check_error(self, error: BaseException) -> t.NoReturn:
        """Raise ``error`` (a server failure or a driver error); security
        failures are first shown to the pool's auth handling."""
        if not isinstance(error, Neo4jError):
            raise error
        if self.bolt.defunct and not self._closed:
            # failed HELLO/LOGON: the server closes the connection
            self.kill()
        pool = self.pool
        if pool is not None:
            pool.on_neo4j_error(self, error)
        raise error

    def reset(self) -> None:
        """Send RESET and wait for everything pending.

        :raises: connection errors (the connection is then killed); a
            RESET FAILURE kills the connection too
        """
        response = self.bolt.reset()
        self.send_all()
        self.fetch_all()
        if response.error is not None or self.bolt.defunct:
            self.kill()
            raise self._unavailable("Failed to reset connection", None)

    def close(self) -> None:
        """Say GOODBYE (best effort) and close the socket."""
        if self._closed:
            return
        self._closed = True
        try:
            if not self.socket.usable_here():
                # opened under another event loop: no I/O possible here
                self.socket.kill()
                return
            if not self.defunct:
                self.bolt.goodbye()
                self.socket.write_timeout = 1.0
                self.socket.sendall(self.bolt.take_outgoing())
            self.socket.close()
        except Exception:
            self.socket.kill()
        except BaseException:
            self.socket.kill()
            raise
        finally:
            self._defunct = True
            log.debug("[#%04X]  C: <CLOSE>", self.local_port)

    def kill(self) -> None:
        """Abort the socket now, without any I/O wait (cancellation safe)."""
        self._defunct = True
        if self._closed:
            return
        self._closed = True
        self.socket.kill()
        log.debug("[#%04X]  C: <KILLED>", self.local_port)

    def abandon(self) -> None:
        """Forget an inherited connection in a forked child: never used
        again, and closed without a message to the server (its stream
        is the parent's)."""
        self._defunct = True
        self._closed = True
        self.socket.abandon()

    # -- errors -----------------------------------------------------------

    def _check_open(self) -> None:
        if self._closed or self._defunct:
            raise self._unavailable(
                "Failed to read from closed connection", None
            )

    def _unavailable(
        self, message: str, cause: BaseException | None
    ) -> DriverError:
        text = f"{message} {self.unresolved_address!r} ({self.address!r})"
        error: DriverError
        if self._routing:
            error = SessionExpired(text)
        else:
            error = ServiceUnavailable(text)
        if cause is not None:
            error.__cause__ = cause
        return error

    def _on_io_error(self, exc: BaseException, message: str) -> None:
        """Kill the connection; replace socket errors by driver errors.

        Returns normally only when the caller should re-raise ``exc``.
        """
        if isinstance(exc, (OSError, EOFError)) and not self._closed:
            # the socket failed under us (not our own close or kill)
            self.lost = True
        self.kill()
        if isinstance(exc, (OSError, EOFError)):
            log.debug(
                "[#%04X]  _: <CONNECTION> I/O failure (%s): %r",
                self.local_port,
                message,
                exc,
            )
            raise self._unavailable(message, exc) from exc


# -- opening --------------------------------------------------------------


class ResolvedAddresses(list[ResolvedAddress]):
    """The addresses an address resolved to, in order.

    The official driver resolves lazily: the candidates of a custom
    resolver are looked up one by one while connecting, so a candidate
    whose DNS lookup fails ends the attempt with that error once the
    addresses before it were tried in vain.  :attr:`failure` is that
    error (None if every candidate resolved): raise it after the
    addresses are exhausted.
    """

    failure: ServiceUnavailable | None = None


def _dns_failure(candidate: Address, exc: OSError) -> ServiceUnavailable:
    # the official wording (users match it), naming the failed candidate
    failure = ServiceUnavailable(
        f"Failed to DNS resolve address {candidate}: {exc}"
    )
    failure.__cause__ = exc
    failure.__suppress_context__ = True
    return failure


def resolve_address(
    address: Address, resolver: t.Any = None
) -> ResolvedAddresses:
    """Resolve an address: custom resolver first, then DNS.

    :param address: the address to resolve
    :param resolver: a callable taking an :class:`Address` and returning
        (or yielding) addresses; may be a coroutine function or an async
        generator function in the async driver
    :returns: the resolved addresses, in order, without duplicates, up to
        the first candidate that DNS could not resolve (then
        :attr:`ResolvedAddresses.failure` holds that error); an already
        resolved address is returned as is, without asking the resolver:
        it names one chosen server
    :raises ServiceUnavailable: the first candidate could not be resolved
        (``Failed to DNS resolve address ...``, caused by the
        :class:`socket.gaierror`), or no address was found
    """
    resolved = ResolvedAddresses()
    if isinstance(address, ResolvedAddress):
        resolved.append(address)
        return resolved
    log.debug("[#0000]  _: <RESOLVE> in: %s", address)
    if resolver is None:
        candidates: list[Address] = [address]
    else:
        produced = resolver(address)
        if Util.is_async_code:
            if inspect.isawaitable(produced):
                produced = produced
            if hasattr(produced, "__iter__"):
                produced = [item for item in produced]
        candidates = [Address(item) for item in produced]
        for candidate in candidates:
            log.debug(
                "[#0000]  _: <RESOLVE> custom resolver out: %s", candidate
            )
    seen: set[tuple[object, ...]] = set()
    for candidate in candidates:
        host = candidate.host
        try:
            infos = NetworkUtil.getaddrinfo(host, candidate.port)
        except OSError as exc:
            log.debug("[#0000]  _: <RESOLVE> %s failed: %r", candidate, exc)
            failure = _dns_failure(candidate, exc)
            if not resolved:
                raise failure from exc
            resolved.failure = failure
            return resolved
        for _family, sockaddr in infos:
            if sockaddr in seen:
                continue
            seen.add(sockaddr)
            found = ResolvedAddress(
                sockaddr, host_name=candidate._resolved_from
            )
            log.debug("[#0000]  _: <RESOLVE> dns resolver out: %s", found)
            resolved.append(found)
    if not resolved:
        raise ServiceUnavailable(
            f"Failed to resolve address {address}: no address found"
        )
    return resolved


def open_connection(
    address: Address,
    *,
    settings: ConnectionSettings,
    auth: dict[str, t.Any],
    deadline: Deadline,
    ssl_context: ssl.SSLContext | None = None,
) -> BoltConnection:
    """Resolve ``address``, connect to the first reachable IP, shake hands
    and authenticate (HELLO, plus LOGON from Bolt 5.1).

    :param address: the unresolved address
    :param settings: the driver's connection settings
    :param auth: the auth map for HELLO/LOGON
    :param deadline: bounds the whole opening (besides the TCP connect
        timeout of ``settings``)
    :param ssl_context: TLS context, None for plain TCP
    :raises ServiceUnavailable: no address could be connected to (a
        failed TLS handshake is reported as a
        :class:`~neo4j._exceptions.BoltSecurityError` cause)
    :raises UnsupportedServerProduct: no common protocol version
    :raises Neo4jError: the server rejected HELLO/LOGON (e.g. AuthError)
    :raises ValueError: ``connection_timeout`` is negative
    :raises ServiceUnavailable: ``Failed to DNS resolve address ...`` when
        a candidate of the resolver cannot be looked up (after the
        addresses before it failed), as the official driver does
    """
    resolved = resolve_address(address, settings.resolver)
    connect_timeout = check_connection_timeout(settings.connection_timeout)
    errors: list[BaseException] = []
    for target in resolved:
        log.debug("[#0000]  C: <OPEN> %s", target)
        try:
            sock = BoltSocket.connect(
                target.family or 0,
                tuple(target),
                timeout=deadline.cap(connect_timeout),
                # as the official driver: connection_timeout bounds the
                # TCP connect only, the handshake has what is left
                tls_timeout=deadline.remaining(),
                ssl_context=ssl_context,
                server_hostname=str(target._resolved_from),
                keep_alive=settings.keep_alive,
            )
        except TLSHandshakeError as exc:
            insecure = _security_failure(target, exc)
            log.debug("[#0000]  S: <SECURE FAILURE> %s: %r", target,
                      insecure.__cause__)  # fmt: skip
            log.debug("[#0000]  C: <CLOSE> %s", target)
            errors.append(insecure)
            continue
        except (OSError, BoltError) as exc:
            failure = _connect_failure(target, exc)
            log.debug("[#0000]  S: <ERROR> %s %r", type(failure).__name__,
                      str(failure))  # fmt: skip
            log.debug("[#0000]  C: <CLOSE> %s", target)
            log.debug("[#0000]  S: <CONNECTION FAILED> %s %s: %s", target,
                      type(failure).__name__, failure)  # fmt: skip
            errors.append(failure)
            continue
        try:
            handshake = _shake_hands(sock, target, settings, deadline)
        except (ServiceUnavailable, OSError, BoltError) as exc:
            sock.kill()
            errors.append(exc)
            continue
        except BaseException:
            sock.kill()
            raise
        # the server speaks Bolt: what goes wrong from here on (a hang-up,
        # a rejected HELLO, an undecodable reply) is raised as it is,
        # without trying further addresses
        try:
            return _greet(
                sock, handshake, address, target, settings, auth, deadline
            )
        except BaseException:
            sock.kill()
            raise
    if resolved.failure is not None:
        raise resolved.failure
    targets = tuple(map(str, resolved))
    details = "\n".join(map(str, errors))
    raise ServiceUnavailable(
        f"Couldn't connect to {address} (resolved to {targets}):\n{details}"
    ) from (errors[0] if errors else None)


def _security_failure(
    target: ResolvedAddress, exc: TLSHandshakeError
) -> BoltSecurityError:
    """The error of a failed TLS handshake, worded (and chained: the
    error of :mod:`ssl` or :mod:`asyncio` is the cause) as users know it
    from the official driver."""
    failure = BoltSecurityError(
        "Failed to establish encrypted connection.",
        address=(target._resolved_from or None, exc.local_port),
    )
    failure.__cause__ = exc.__cause__
    failure.__suppress_context__ = True
    return failure


def _connect_failure(
    target: ResolvedAddress, exc: BaseException
) -> ServiceUnavailable:
    """The error of one address that could not be connected to, worded
    as users know it from the official driver."""
    if isinstance(exc, ServiceUnavailable):
        return exc
    failure = ServiceUnavailable(
        f"Failed to establish connection to {target!r} (reason {exc})"
    )
    failure.__cause__ = exc
    return failure


def _shake_hands(
    sock: BoltSocket,
    target: ResolvedAddress,
    settings: ConnectionSettings,
    deadline: Deadline,
) -> Handshake:
    """Agree on the protocol version; returns the finished handshake."""
    local_port = sock.local_port
    sock.read_timeout = deadline.remaining()
    sock.write_timeout = deadline.cap(settings.write_timeout)
    handshake = Handshake(local_port=local_port, address=target)
    try:
        sock.sendall(handshake.take_outgoing())
        while not handshake.done:
            sock.read_timeout = deadline.remaining()
            handshake.feed(sock.recv())
            out = handshake.take_outgoing()
            if out:
                sock.sendall(out)
    except HandshakeVersionError as exc:
        # after a manifest without a common version the core queued the
        # "nothing fits" choice: the server expects it before we leave
        out = handshake.take_outgoing()
        if out:
            with contextlib.suppress(OSError):
                sock.sendall(out)
        raise UnsupportedServerProduct(str(exc)) from exc
    except HandshakeNotBoltError as exc:
        raise ServiceUnavailable(
            f"{target!r} does not speak Bolt (looks like HTTP: "
            "is this the HTTP port?)"
        ) from exc
    except OSError as exc:
        raise ServiceUnavailable(
            f"Failed to complete the Bolt handshake with {target!r}"
        ) from exc
    return handshake


def _greet(
    sock: BoltSocket,
    handshake: Handshake,
    address: Address,
    target: ResolvedAddress,
    settings: ConnectionSettings,
    auth: dict[str, t.Any],
    deadline: Deadline,
) -> BoltConnection:
    """HELLO (and LOGON): the connection, ready for work."""
    local_port = sock.local_port
    assert handshake.version is not None
    bolt = protocol_class(handshake.version)(
        auth=auth,
        user_agent=settings.user_agent,
        routing_context=settings.routing_context,
        notifications_min_severity=settings.notifications_min_severity,
        notifications_disabled_classifications=(
            settings.notifications_disabled_classifications
        ),
        telemetry_disabled=settings.telemetry_disabled,
        local_port=local_port,
        address=target,
    )
    # a server that hangs up during the greeting (after a handshake it
    # accepted) gives SessionExpired, also on bolt:// (as the official
    # driver does)
    conn = BoltConnection(sock, bolt, address, routing=True)
    if handshake.leftover:
        bolt.feed(handshake.leftover)
    hello = bolt.hello()
    conn.send_all()
    conn.fetch(hello, deadline)
    conn._routing = settings.routing
    if hello.error is not None or hello.ignored:
        conn.kill()
        error = hello.error or bolt.last_failure
        if error is None:
            raise ServiceUnavailable(
                f"Connection initialisation with {target!r} failed"
            )
        raise error
    conn.server_info.update(bolt.server_metadata)
    sock.read_timeout = bolt.recv_timeout
    sock.write_timeout = settings.write_timeout
    return conn
