"""Bolt 4.2 to 4.4: each class states only what its version changed.

(4.0 and 4.1 are not offered: the official 6.x driver dropped them.)
"""

from __future__ import annotations

import logging
import typing as t

from ...api import SYSTEM_DATABASE
from ..messages import ROUTE
from ..responses import Response
from .bolt3 import Bolt3


__all__ = ["Bolt4x2", "Bolt4x3", "Bolt4x4"]

log = logging.getLogger("neo4j.io")

#: The routing procedures of Neo4j 4.0 to 4.2 (run on the system
#: database): for the home database and for a named one.
_HOME_ROUTING_PROCEDURE = "CALL dbms.routing.getRoutingTable($context)"
_DATABASE_ROUTING_PROCEDURE = (
    "CALL dbms.routing.getRoutingTable($context, $database)"
)


class Bolt4x2(Bolt3):
    """Bolt 4.2 (Neo4j 4.2): databases, PULL/DISCARD with ``n`` and
    ``qid``, the routing context in HELLO, routing through the
    ``dbms.routing.getRoutingTable`` procedure on the system database."""

    PROTOCOL_VERSION = (4, 2)
    MULTI_DATABASE = True
    STREAMS_IN_BATCHES = True
    ROUTING_IN_HELLO = True

    def route(
        self,
        database: str | None = None,
        imp_user: str | None = None,
        bookmarks: t.Iterable[str] | None = None,
        **handlers: t.Any,
    ) -> Response:
        """Queue the routing procedure (see :meth:`Bolt3.route`)."""
        self._check_target(None, imp_user)
        parameters: dict[str, t.Any] = {"context": self.routing_context or {}}
        query = _HOME_ROUTING_PROCEDURE
        if database is not None:
            parameters["database"] = database
            query = _DATABASE_ROUTING_PROCEDURE
        return self._route_by_procedure(
            query, parameters, SYSTEM_DATABASE, bookmarks, handlers
        )


class Bolt4x3(Bolt4x2):
    """Bolt 4.3: the ROUTE message (database as a plain string),
    connection hints, the ``utc`` patch."""

    PROTOCOL_VERSION = (4, 3)
    CONNECTION_HINTS = True
    UTC_PATCH = True

    def route(
        self,
        database: str | None = None,
        imp_user: str | None = None,
        bookmarks: t.Iterable[str] | None = None,
        **handlers: t.Any,
    ) -> Response:
        """Queue ROUTE (see :meth:`Bolt3.route`)."""
        self._check_target(None, imp_user)
        return self._queue_route(self._route_target(database, imp_user),
                                 bookmarks, handlers)  # fmt: skip

    def _route_target(
        self, database: str | None, imp_user: str | None
    ) -> t.Any:
        # the third ROUTE field: the database name (or null) in 4.3
        return database

    def _queue_route(
        self,
        target: t.Any,
        bookmarks: t.Iterable[str] | None,
        handlers: dict[str, t.Any],
    ) -> Response:
        context = self.routing_context or {}
        marks = [] if bookmarks is None else list(bookmarks)
        if log.isEnabledFor(logging.DEBUG):
            log.debug(
                "[#%04X]  C: ROUTE %r %r %r",
                self.local_port,
                context,
                marks,
                target,
            )
        response = Response("route", **handlers)
        self._append(ROUTE, (context, marks, target), response)
        return response


class Bolt4x4(Bolt4x3):
    """Bolt 4.4 (Neo4j 4.4): impersonation; ROUTE takes a
    ``{db, imp_user}`` map."""

    PROTOCOL_VERSION = (4, 4)
    SUPPORTS_IMPERSONATION = True

    def _route_target(
        self, database: str | None, imp_user: str | None
    ) -> t.Any:
        target: dict[str, t.Any] = {}
        if database is not None:
            target["db"] = database
        if imp_user is not None:
            target["imp_user"] = imp_user
        return target
