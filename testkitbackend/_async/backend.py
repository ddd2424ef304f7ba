"""One testkit connection: read requests, dispatch, answer.

Requests are handled one at a time.  When the driver calls back into
client code (an auth manager, a resolver, a bookmark supplier, a
transaction function) the backend sends testkit a request of its own
and handles further requests until testkit answers it; see
:meth:`AsyncBackend.callback`.
"""

from __future__ import annotations

import logging
import typing as t

from .._errors import (
    FrontendError,
    backend_error,
    driver_error,
    stems_from_driver,
)
from .._fake_time import FakeClock
from .._framing import (
    ProtocolError,
    Request,
    RequestAssembler,
    encode_response,
    parse_request,
)
from .._state import SessionState
from .._streams import AsyncLineStream
from . import (
    requests_auth,
    requests_driver,
    requests_meta,
    requests_work,
)


log = logging.getLogger("testkitbackend")

HANDLERS: dict[str, t.Any] = {
    **requests_meta.HANDLERS,
    **requests_driver.HANDLERS,
    **requests_auth.HANDLERS,
    **requests_work.HANDLERS,
}


class AsyncBackend:
    """Serves one testkit connection.

    :param stream: the connection
    """

    def __init__(self, stream: AsyncLineStream) -> None:
        self._stream = stream
        self._assembler = RequestAssembler()
        self._key = 0
        self._completions: dict[int, t.Any] = {}
        self.drivers: dict[int, t.Any] = {}
        self.sessions: dict[int, SessionState] = {}
        self.transactions: dict[int, t.Any] = {}
        self.results: dict[int, t.Any] = {}
        self.errors: dict[int, BaseException] = {}
        self.auth_managers: dict[int, t.Any] = {}
        self.cert_providers: dict[int, t.Any] = {}
        self.bookmark_managers: dict[int, t.Any] = {}
        self.fake_clock: FakeClock | None = None

    def next_key(self) -> int:
        """A fresh id (shared by all kinds of objects)."""
        self._key += 1
        return self._key

    # ------------------------------------------------------------ requests
    async def process_request(self) -> bool:
        """Read and handle one request.

        :returns: False once testkit closed the connection
        """
        while True:
            line = await self._stream.readline()
            if not line:
                return False
            try:
                text = self._assembler.feed(line)
            except ProtocolError as exc:
                await self._send_error(exc)
                continue
            if text is not None:
                await self._handle(text)
                return True

    async def _handle(self, text: str) -> None:
        try:
            name, data = parse_request(text)
            log.debug("<<< %s %s", name, text)
            handler = HANDLERS.get(name)
            if handler is None:
                raise NotImplementedError(f"unknown request {name!r}")
            response = await handler(self, data)
            self._check_all_read(name, data)
        except Exception as exc:
            await self._send_error(exc)
            return
        if response is not None:
            await self.send_response(*response)

    @staticmethod
    def _check_all_read(name: str, data: Request) -> None:
        unread = data.unread_keys()
        if unread:
            raise NotImplementedError(
                f"the backend ignores these fields of {name}: "
                + ", ".join(unread)
            )

    async def send_response(self, name: str, data: dict[str, t.Any]) -> None:
        """Send one framed response."""
        log.debug(">>> %s %r", name, data)
        await self._stream.write(encode_response(name, data))

    async def _send_error(self, exc: BaseException) -> None:
        if isinstance(exc, FrontendError):
            await self.send_response("FrontendError", {"msg": str(exc)})
            return
        try:
            if stems_from_driver(exc):
                key = self.next_key()
                self.errors[key] = exc
                await self.send_response("DriverError", driver_error(exc, key))
                return
        except Exception as inner:
            exc = inner
        log.error("backend error", exc_info=exc)
        await self.send_response("BackendError", backend_error(exc))

    # ----------------------------------------------------------- callbacks
    async def callback(self, name: str, data: dict[str, t.Any]) -> t.Any:
        """Ask testkit to run client code and wait for its answer.

        Sends ``name`` with a fresh ``id`` and handles requests until
        the matching ``...Completed`` request stored its result with
        :meth:`complete`.

        :raises ConnectionAbortedError: testkit hung up first
        """
        key = self.next_key()
        await self.send_response(name, {"id": key, **data})
        while key not in self._completions:
            if not await self.process_request():
                raise ConnectionAbortedError(
                    f"testkit disconnected before answering {name}"
                )
        return self._completions.pop(key)

    def complete(self, request_id: int, result: t.Any) -> None:
        """Store the answer to callback ``request_id``."""
        self._completions[request_id] = result

    # ------------------------------------------------------------- cleanup
    async def close(self) -> None:
        """Close everything testkit left open (errors are logged)."""
        closables: list[t.Any] = [
            *self.transactions.values(),
            *(state.session for state in self.sessions.values()),
            *self.drivers.values(),
        ]
        for obj in closables:
            close = getattr(obj, "close", None)
            if close is None:
                continue  # a managed transaction
            try:
                await close()
            except Exception:
                log.debug("ignored while cleaning up %r", obj, exc_info=True)
        self.transactions.clear()
        self.sessions.clear()
        self.drivers.clear()
        self.results.clear()
        if self.fake_clock is not None:
            self.fake_clock.uninstall()
            self.fake_clock = None
        await self._stream.close()
