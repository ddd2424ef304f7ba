"""Connection hints: the ``hints`` map of HELLO SUCCESS.

Servers use it to tell the driver how to treat the connection.  Values
of the wrong type are ignored (an invalid read timeout is logged, so a
misconfigured server or proxy is noticed).
"""

from __future__ import annotations

import logging
import typing as t


__all__ = [
    "RECV_TIMEOUT",
    "SSR_ENABLED",
    "TELEMETRY_ENABLED",
    "flag",
    "recv_timeout",
]

log = logging.getLogger("neo4j.io")

#: Seconds without any server message after which the connection is
#: considered dead (the server sends NOOP chunks to stay below it).
RECV_TIMEOUT = "connection.recv_timeout_seconds"
#: Bolt 5.4+: the server wants TELEMETRY messages.
TELEMETRY_ENABLED = "telemetry.enabled"
#: Bolt 5.8+: the server routes queries itself (home-database cache).
SSR_ENABLED = "ssr.enabled"


def recv_timeout(hints: t.Mapping[str, t.Any], local_port: int) -> int | None:
    """Read the receive-timeout hint.

    :param hints: the hints map
    :param local_port: connection id for the log line
    :returns: a positive number of seconds, or None if absent or invalid
    """
    if RECV_TIMEOUT not in hints:
        return None
    value = hints[RECV_TIMEOUT]
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return value
    log.warning(
        "[#%04X]  _: <CONNECTION> Server supplied an invalid value for "
        "%s (%r). Make sure the server and network is set up correctly.",
        local_port,
        RECV_TIMEOUT,
        value,
    )
    return None


def flag(hints: t.Mapping[str, t.Any], key: str) -> bool:
    """Read a boolean hint: only a real ``True`` counts.

    :param hints: the hints map
    :param key: e.g. :data:`TELEMETRY_ENABLED`
    """
    return hints.get(key) is True
