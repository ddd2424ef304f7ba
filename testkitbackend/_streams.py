"""Line streams of one testkit connection, as an async/sync pair.

The generated sync handlers use :class:`LineStream` where the async
ones use :class:`AsyncLineStream` (``bin/make-unasync`` renames the
name), so this is the only place that knows how the bytes travel.
"""

from __future__ import annotations

import asyncio
import typing as t


class AsyncLineStream:
    """Lines in, bytes out, over asyncio streams."""

    is_async = True

    def __init__(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        self._reader = reader
        self._writer = writer

    async def readline(self) -> str:
        """The next line, or ``""`` at the end of the stream."""
        try:
            line = await self._reader.readline()
        except (ConnectionError, asyncio.IncompleteReadError):
            return ""
        return line.decode("utf-8")

    async def write(self, data: bytes) -> None:
        """Send ``data`` and wait until it is handed to the socket."""
        self._writer.write(data)
        await self._writer.drain()

    async def close(self) -> None:
        """Close the connection; errors of a dead peer are ignored."""
        self._writer.close()
        try:
            await self._writer.wait_closed()
        except (ConnectionError, OSError):
            pass


class LineStream:
    """Lines in, bytes out, over the binary file objects of a socket."""

    is_async = False

    def __init__(self, rfile: t.BinaryIO, wfile: t.BinaryIO) -> None:
        self._rfile = rfile
        self._wfile = wfile

    def readline(self) -> str:
        """The next line, or ``""`` at the end of the stream."""
        try:
            line = self._rfile.readline()
        except (ConnectionError, OSError):
            return ""
        return line.decode("utf-8")

    def write(self, data: bytes) -> None:
        """Send ``data`` (flushed at once)."""
        self._wfile.write(data)
        self._wfile.flush()

    def close(self) -> None:
        """Close the file objects; errors of a dead peer are ignored."""
        for file in (self._wfile, self._rfile):
            try:
                file.close()
            except (ConnectionError, OSError):
                pass
