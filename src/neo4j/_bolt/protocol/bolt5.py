"""Bolt 5.0 to 5.8: each class states only what its version changed."""

from __future__ import annotations

import typing as t

from .. import hints as hints_
from ..transitions import LOGON_TABLE
from .bolt4 import Bolt4x4


if t.TYPE_CHECKING:
    from ..._codec.hydration import HydrationHandlerBase


__all__ = [
    "Bolt5x0",
    "Bolt5x1",
    "Bolt5x2",
    "Bolt5x3",
    "Bolt5x4",
    "Bolt5x5",
    "Bolt5x6",
    "Bolt5x7",
    "Bolt5x8",
]


class Bolt5x0(Bolt4x4):
    """Bolt 5.0: element ids; UTC datetimes without any patch."""

    PROTOCOL_VERSION = (5, 0)
    UTC_PATCH = False
    _BOOKMARKS_HINT = "as iterable"

    def _make_hydration_handler(self) -> HydrationHandlerBase:
        from ..._codec.hydration import HydrationHandlerV2

        return HydrationHandlerV2()


class Bolt5x1(Bolt5x0):
    """Bolt 5.1: auth moves from HELLO to LOGON; LOGOFF (re-auth)."""

    PROTOCOL_VERSION = (5, 1)
    AUTH_IN_HELLO = False
    TRANSITIONS = LOGON_TABLE
    SUPPORTS_RE_AUTH = True


class Bolt5x2(Bolt5x1):
    """Bolt 5.2: notification filters in HELLO, BEGIN and RUN."""

    PROTOCOL_VERSION = (5, 2)
    SUPPORTS_NOTIFICATION_FILTERING = True


class Bolt5x3(Bolt5x2):
    """Bolt 5.3: ``bolt_agent`` in HELLO."""

    PROTOCOL_VERSION = (5, 3)
    SENDS_BOLT_AGENT = True


class Bolt5x4(Bolt5x3):
    """Bolt 5.4: TELEMETRY (when the server hints ``telemetry.enabled``)."""

    PROTOCOL_VERSION = (5, 4)
    SUPPORTS_TELEMETRY = True


class Bolt5x5(Bolt5x4):
    """Bolt 5.5: GQL statuses; the disabled filter is named
    ``notifications_disabled_classifications``.  (No server ever shipped
    it; kept for completeness.)"""

    PROTOCOL_VERSION = (5, 5)
    DISABLED_FILTER_KEY = "notifications_disabled_classifications"
    STATUS_ENRICHMENT = "5.5"


class Bolt5x6(Bolt5x5):
    """Bolt 5.6: GQL statuses with ``description`` from the server."""

    PROTOCOL_VERSION = (5, 6)
    STATUS_ENRICHMENT = "5.6"


class Bolt5x7(Bolt5x6):
    """Bolt 5.7: GQL errors (``gql_status``, ``description``,
    ``neo4j_code``, ``diagnostic_record``, nested ``cause``)."""

    PROTOCOL_VERSION = (5, 7)
    GQL_ERRORS = True


class Bolt5x8(Bolt5x7):
    """Bolt 5.8: home database resolution (``db`` in RUN/BEGIN SUCCESS)
    and the ``ssr.enabled`` hint."""

    PROTOCOL_VERSION = (5, 8)

    @property
    def ssr_enabled(self) -> bool:
        """True if the server announced server-side routing."""
        return hints_.flag(self.hints, hints_.SSR_ENABLED)
