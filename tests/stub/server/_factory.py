"""Starting and tearing down several stub servers for one test."""

from __future__ import annotations

import typing as t

from ._server import ScriptSource, StubServer


__all__ = ["StubServers"]


class StubServers:
    """Starts stub servers for a test and stops them all at the end.

    This is what the ``stub_server`` fixture gives a test.
    """

    def __init__(self) -> None:
        self.servers: list[StubServer] = []

    def start(self, *scripts: ScriptSource, **variables: object) -> StubServer:
        """Start a server on a free loopback port.

        :param scripts: one script for every connection, or one script per
            expected connection (in the order they are made).  A ``str`` is
            the script text, a path-like object names a script file.
        :param variables: values for ``${name}`` placeholders.
        :returns: the running server (``.address``, ``.port``, ``.uri()``,
            ``.done()``).
        :raises ScriptError: if a script is malformed.
        """
        server = StubServer(scripts, variables)
        server.start()
        self.servers.append(server)
        return server

    def done(self, timeout: float = 10.0) -> None:
        """Call :meth:`StubServer.done` on every server started so far."""
        for server in self.servers:
            server.done(timeout)

    def close(self) -> list[str]:
        """Stop every server.

        :returns: failures no :meth:`StubServer.done` call has reported.
        """
        failures: list[str] = []
        for server in self.servers:
            server.stop()
            failures += server.unreported_failures()
        return failures


def close_or_fail(
    servers: StubServers, fail: t.Callable[[str], object]
) -> None:
    """Stop all servers and report unreported failures through *fail*."""
    failures = servers.close()
    if failures:
        fail(
            "stub server failures not checked by done():\n\n"
            + "\n\n".join(failures)
        )
