"""Counting this process's open sockets (Linux ``/proc``).

The storm and fault tests count sockets, not just pool entries: a
connection the pool forgot but never closed would still hold one.  The
stub server runs in this process too; once the driver is closed and the
server has seen every hang-up, the count is back to where it was before
the driver opened anything.
"""

from __future__ import annotations

import asyncio
import os
import time


def open_sockets() -> int:
    """How many sockets this process holds open now."""
    count = 0
    for fd in os.listdir("/proc/self/fd"):
        try:
            if os.readlink(f"/proc/self/fd/{fd}").startswith("socket:"):
                count += 1
        except OSError:
            pass  # closed between listing and reading
    return count


def settle_sockets(expected: int, timeout: float = 10.0) -> int:
    """Wait until at most ``expected`` sockets are open; return the count.

    The server closes its side of a connection a moment after the
    client hangs up, so the count is polled rather than read once.
    """
    deadline = time.monotonic() + timeout
    while True:
        count = open_sockets()
        if count <= expected or time.monotonic() > deadline:
            return count
        time.sleep(0.02)


async def async_settle_sockets(expected: int, timeout: float = 10.0) -> int:
    """:func:`settle_sockets` for a test on an event loop.

    A transport that was aborted closes its socket on the loop's next
    iteration, so the loop must keep running while the count is polled.
    """
    deadline = time.monotonic() + timeout
    while True:
        count = open_sockets()
        if count <= expected or time.monotonic() > deadline:
            return count
        await asyncio.sleep(0.02)
