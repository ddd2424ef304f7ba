"""Typed seams between the work layer and the I/O layer.

Sessions, transactions and results are written against the two
:class:`typing.Protocol` classes here, not against the pool and
connection classes of :mod:`.io`: they name exactly the members the
work layer touches, nothing more.  The I/O classes satisfy them
structurally (no inheritance); a type-checking block in :mod:`.io`
makes mypy prove that for every pool class the driver can create.  A
test double has to offer these members and nothing else.

The module sits directly under the twin package so that both
``work`` and ``io`` can import it; it imports neither.  The proof that
the I/O classes fit is in :mod:`.io`, which imports this module.
"""

from __future__ import annotations

import typing as t


if t.TYPE_CHECKING:
    from .._addressing import Address
    from .._bolt import Response
    from .._bolt.protocol import Bolt3
    from .._shared.deadline import Deadline
    from ..api import ServerInfo, _TAuth
    from ..exceptions import Neo4jError


__all__ = [
    "AcquireAuth",
    "AsyncConnectionOwner",
    "AsyncWorkConnection",
    "AsyncWorkPool",
    "HomeDatabaseHook",
]


class AcquireAuth:
    """The auth a caller wants its connection to use.

    :param token: session (or ``execute_query``) auth; None: the
        driver's auth manager decides
    :param force: authenticate even if the connection already uses the
        same auth (``verify_authentication``)
    """

    __slots__ = ("force", "token")

    def __init__(self, token: _TAuth = None, force: bool = False) -> None:
        self.token = token
        self.force = force


class AsyncWorkConnection(t.Protocol):
    """A borrowed connection as the work layer sees it.

    Requests are queued on :attr:`bolt` (the sans-IO core) and go out
    with :meth:`send_all`; the ``fetch*`` methods read replies and
    :meth:`check` turns a completed FAILURE into its exception.
    """

    @property
    def bolt(self) -> Bolt3:
        """The protocol core of the negotiated version."""
        ...

    @property
    def server_info(self) -> ServerInfo:
        """What the server said about itself."""
        ...

    @property
    def unresolved_address(self) -> Address:
        """The address as configured or routed (for summaries)."""
        ...

    @property
    def defunct(self) -> bool:
        """True once the connection must not carry requests any more."""
        ...

    @property
    def closed(self) -> bool:
        """True once closed or killed."""
        ...

    #: client-side limit (seconds) for each wait for a reply (None: no
    #: limit); the borrowing session sets it from its config
    response_timeout: float | None

    def ensure_server_listening(self) -> None:
        """Raise the failed-write error if the server already hung up."""
        ...

    async def send_all(self) -> None:
        """Write what is queued."""
        ...

    async def fetch(
        self, response: Response, deadline: Deadline | None = None
    ) -> None:
        """Read until ``response`` is complete."""
        ...

    async def fetch_records(self, response: Response, sink: t.Sized) -> None:
        """Read until ``response`` is complete or ``sink`` has records."""
        ...

    async def fetch_all(self) -> None:
        """Read until nothing queued waits for a reply."""
        ...

    async def check(self, response: Response) -> None:
        """Raise the failure a completed ``response`` carries."""
        ...

    async def check_error(self, error: BaseException) -> t.NoReturn:
        """Raise ``error`` after the pool has seen it."""
        ...


#: Told the home database the pool resolved for an unpinned session
#: (None: the server named none).  The return value is ignored.
HomeDatabaseHook: t.TypeAlias = t.Callable[[str | None], object]

_Conn = t.TypeVar("_Conn", bound=AsyncWorkConnection)


class AsyncWorkPool(t.Protocol[_Conn]):
    """The pool as the work layer sees it: lend, take back, kill.

    Generic in the connection class: a pool takes back only the kind
    of connection it lends out.
    """

    @property
    def is_direct_pool(self) -> bool:
        """True without routing: the database never needs resolving."""
        ...

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
    ) -> _Conn:
        """Lend a connection ready for work."""
        ...

    async def release(self, conn: _Conn) -> None:
        """Take a lent connection back (it may be reset or closed)."""
        ...

    def kill_connection(self, conn: _Conn) -> None:
        """Kill a lent connection without awaiting (cancellation)."""
        ...

    def remember_home_database(
        self, imp_user: str | None, auth: _TAuth, database: str | None
    ) -> None:
        """Note a home database a server reported by itself."""
        ...


_OwnedConn = t.TypeVar("_OwnedConn", contravariant=True)


class AsyncConnectionOwner(t.Protocol[_OwnedConn]):
    """What a connection tells the pool that opened it (generic in the
    connection class, like :class:`AsyncWorkPool`)."""

    async def on_neo4j_error(
        self, conn: _OwnedConn, error: Neo4jError
    ) -> None:
        """Look at a server failure (auth expiry, token rotation)."""
        ...
