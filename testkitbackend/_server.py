"""TCP servers for the async and the sync backend (one backend per
testkit connection)."""

from __future__ import annotations

import asyncio
import logging
import socketserver
import typing as t

from ._streams import (
    AsyncLineStream,
    LineStream,
)


log = logging.getLogger("testkitbackend")

#: longest request line accepted (a request is one JSON line)
_LINE_LIMIT = 1 << 28


def serve_async(host: str, port: int, ready: t.Callable[[], None]) -> None:
    """Serve with the async handlers (``testkitbackend._async``) until
    interrupted."""
    from ._async.backend import AsyncBackend

    async def handle(
        reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        backend = AsyncBackend(AsyncLineStream(reader, writer))
        log.info("testkit connected")
        try:
            while await backend.process_request():
                pass
        finally:
            await backend.close()
            log.info("testkit disconnected")

    async def main() -> None:
        server = await asyncio.start_server(
            handle, host, port, limit=_LINE_LIMIT, reuse_address=True
        )
        async with server:
            ready()
            await server.serve_forever()

    asyncio.run(main())


class _ThreadingServer(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True


def serve_sync(host: str, port: int, ready: t.Callable[[], None]) -> None:
    """Serve with the generated sync handlers (``testkitbackend._sync``)
    until interrupted; one thread per testkit connection."""
    from ._sync.backend import Backend

    class Handler(socketserver.StreamRequestHandler):
        wbufsize = 1 << 16

        def handle(self) -> None:
            backend = Backend(LineStream(self.rfile, self.wfile))
            log.info("testkit connected")
            try:
                while backend.process_request():
                    pass
            finally:
                backend.close()
                log.info("testkit disconnected")

    with _ThreadingServer((host, port), Handler) as server:
        ready()
        server.serve_forever()
