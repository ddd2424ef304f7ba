"""Bolt 3.0: the oldest protocol version we speak, and the request
methods every later version inherits.

Later versions change these methods only through the class flags of
:class:`Bolt3` (multi-database, impersonation, batched PULL, routing
context in HELLO, connection hints, the ``utc`` patch) and by
overriding :meth:`Bolt3.route`.
"""

from __future__ import annotations

import logging
import typing as t

from ..._meta import BOLT_AGENT_DICT, USER_AGENT
from ...exceptions import ConfigurationError
from .. import hints as hints_
from ..messages import (
    BEGIN,
    COMMIT,
    DISCARD,
    GOODBYE,
    HELLO,
    LOGOFF,
    LOGON,
    PULL,
    RESET,
    ROLLBACK,
    RUN,
    TELEMETRY,
    redact_auth,
    tx_extra,
    wire_str,
)
from ..responses import Response
from ..transitions import Outcome
from ._base import BoltBase, frame_message


if t.TYPE_CHECKING:
    from ..._codec.hydration import HydrationHandlerBase, HydrationScope
    from ..._codec.packstream import DehydrationHooks, HydrationHooks


__all__ = ["Bolt3"]

log = logging.getLogger("neo4j.io")

_RUN_FIELD_NAMES = ("query", "parameters", "extra")

#: framed PULL/DISCARD messages by (tag, n, qid sent or -1, or None
#: before Bolt 4.0); bounded, as a server's qids could be many
_FRAMED_STREAM_MESSAGES: dict[tuple[bytes, int, int | None], bytes] = {}
_FRAMED_CACHE_LIMIT: t.Final = 512

#: What a protocol version says when asked for something it lacks
#: (tests compare these texts word for word).
_MISSING_FEATURE = {
    "filters": (
        "Notification filtering is not supported for the Bolt Protocol "
        "{version}. Server Agent {agent!r}"
    ),
    "re-auth": (
        "User switching is not supported for Bolt Protocol {version}. "
        "Server Agent {agent!r}"
    ),
    "database": (
        "Database name parameter for selecting database is not supported "
        "in Bolt Protocol {version}. Database name {value!r}."
    ),
    "impersonation": (
        "Impersonation is not supported in Bolt Protocol {version}. "
        "Trying to impersonate {value!r}."
    ),
}

#: The routing procedure of Neo4j 3.5 clusters (Bolt 3.0).
_CLUSTER_ROUTING_PROCEDURE = (
    "CALL dbms.cluster.routing.getRoutingTable($context)"
)


class Bolt3(BoltBase):
    """Bolt 3.0 (Neo4j 3.5).

    Auth travels in HELLO; one database; PULL_ALL and DISCARD_ALL take
    no arguments, so a result arrives whole; a cluster answers the
    routing procedure ``dbms.cluster.routing.getRoutingTable``.

    :param auth: the auth map (``scheme``, ``principal``,
        ``credentials``...), never logged
    :param user_agent: the user agent; default: the driver's
    :param bolt_agent: the ``bolt_agent`` map (Bolt 5.3+); default: the
        driver's
    :param routing_context: the routing context to send in HELLO (4.1+)
        and with routing requests; None for direct connections
    :param notifications_min_severity: connection-wide filter (5.2+)
    :param notifications_disabled_classifications: connection-wide
        filter (5.2+)
    :param telemetry_disabled: never send TELEMETRY
    :param local_port: the socket's local port, the id in log lines
    :param address: server address, only attached to errors
    """

    PROTOCOL_VERSION = (3, 0)

    #: RUN and BEGIN may name a database (4.0+).
    MULTI_DATABASE: t.ClassVar[bool] = False
    #: RUN, BEGIN and ROUTE may name a user to impersonate (4.4+).
    SUPPORTS_IMPERSONATION: t.ClassVar[bool] = False
    #: PULL and DISCARD take ``n`` and ``qid`` (4.0+).
    STREAMS_IN_BATCHES: t.ClassVar[bool] = False
    #: HELLO carries the routing context (4.1+).
    ROUTING_IN_HELLO: t.ClassVar[bool] = False
    #: HELLO SUCCESS may carry connection hints (4.3+).
    CONNECTION_HINTS: t.ClassVar[bool] = False
    #: HELLO asks for the ``utc`` patch (4.3 and 4.4).
    UTC_PATCH: t.ClassVar[bool] = False
    SUPPORTS_RE_AUTH: t.ClassVar[bool] = False
    SUPPORTS_NOTIFICATION_FILTERING: t.ClassVar[bool] = False
    #: wire name of the disabled-classifications filter
    DISABLED_FILTER_KEY: t.ClassVar[str] = "notifications_disabled_categories"
    SENDS_BOLT_AGENT: t.ClassVar[bool] = False
    SUPPORTS_TELEMETRY: t.ClassVar[bool] = False
    #: wording of the bookmarks type error
    _BOOKMARKS_HINT: t.ClassVar[str] = "within an iterable"

    def __init__(
        self,
        *,
        auth: t.Mapping[str, t.Any] | None = None,
        user_agent: str | None = None,
        bolt_agent: t.Mapping[str, str] | None = None,
        routing_context: t.Mapping[str, t.Any] | None = None,
        notifications_min_severity: t.Any = None,
        notifications_disabled_classifications: t.Iterable[t.Any]
        | None = None,
        telemetry_disabled: bool = False,
        local_port: int = 0,
        address: object = None,
    ) -> None:
        super().__init__(local_port=local_port, address=address)
        self._auth: dict[str, t.Any] = dict(auth or {})
        self.user_agent = user_agent or USER_AGENT
        self.bolt_agent = dict(bolt_agent or BOLT_AGENT_DICT)
        self.routing_context = (
            None if routing_context is None else dict(routing_context)
        )
        self.notifications_min_severity = notifications_min_severity
        self.notifications_disabled_classifications = (
            None
            if notifications_disabled_classifications is None
            else list(notifications_disabled_classifications)
        )
        self.telemetry_disabled = telemetry_disabled
        #: The server's HELLO SUCCESS metadata (without ``hints``).
        self.server_metadata: dict[str, t.Any] = {}
        #: The connection hints the server sent in HELLO SUCCESS.
        self.hints: dict[str, t.Any] = {}
        #: Read timeout hint in seconds, None if absent or invalid.
        self.recv_timeout: int | None = None
        #: The server accepted the ``utc`` patch (4.4).
        self.utc_patch = False
        self._hydration_handler: HydrationHandlerBase | None = None

    # -- info --------------------------------------------------------------

    @property
    def server_agent(self) -> str | None:
        """The server's agent string, e.g. ``"Neo4j/5.26.0"``."""
        agent = self.server_metadata.get("server")
        return agent if isinstance(agent, str) else None

    @property
    def connection_id(self) -> str | None:
        """The server's id for this connection, e.g. ``"bolt-123"``."""
        cid = self.server_metadata.get("connection_id")
        return cid if isinstance(cid, str) else None

    @property
    def telemetry_enabled(self) -> bool:
        """True if TELEMETRY messages are sent (5.4+, server hint
        ``telemetry.enabled`` and not disabled in the config)."""
        return (
            self.SUPPORTS_TELEMETRY
            and not self.telemetry_disabled
            and hints_.flag(self.hints, hints_.TELEMETRY_ENABLED)
        )

    @property
    def ssr_enabled(self) -> bool:
        """True if the server announced server-side routing (5.8+)."""
        return False

    @property
    def auth(self) -> dict[str, t.Any]:
        """The current auth map (a copy)."""
        return dict(self._auth)

    def new_hydration_scope(self) -> HydrationScope:
        """Make the hydration scope for one result (or request).

        :returns: a fresh :class:`neo4j._codec.hydration.HydrationScope`
        """
        handler = self._hydration_handler
        if handler is None:
            handler = self._hydration_handler = self._make_hydration_handler()
        return handler.new_hydration_scope()

    def _make_hydration_handler(self) -> HydrationHandlerBase:
        # imported on first use: keeps this module importable without the
        # value types the hydration tables pull in
        from ..._codec.hydration import HydrationHandlerV1

        return HydrationHandlerV1(utc_patch=self.utc_patch)

    def _server_agent_for_errors(self) -> str:
        # like ServerInfo.agent: str() of whatever the server sent, so a
        # check before HELLO (no agent yet) reads "Server Agent 'None'"
        return str(self.server_metadata.get("server"))

    def _feature_error(
        self, feature: str, value: object = None
    ) -> ConfigurationError:
        """The error for using ``feature`` (a key of
        :data:`_MISSING_FEATURE`) on a version without it.

        :param value: what the caller asked for (a database or user
            name), quoted in the text
        """
        major, minor = self.PROTOCOL_VERSION
        text = _MISSING_FEATURE[feature].format(
            version=f"{major}.{minor}",
            agent=self._server_agent_for_errors(),
            value=value,
        )
        return ConfigurationError(text)

    def _check_target(self, db: str | None, imp_user: str | None) -> None:
        # the database first, then the user, as the official driver does
        if db is not None and not self.MULTI_DATABASE:
            raise self._feature_error("database", db)
        if imp_user is not None and not self.SUPPORTS_IMPERSONATION:
            raise self._feature_error("impersonation", imp_user)

    def _check_filters(self, min_severity: t.Any, disabled: t.Any) -> None:
        # a filter given as None means "server default": always fine
        wanted = not (min_severity is None and disabled is None)
        if wanted and not self.SUPPORTS_NOTIFICATION_FILTERING:
            raise self._feature_error("filters")

    def check_re_auth(self) -> None:
        """Refuse user switching (LOGOFF/LOGON) before Bolt 5.1.

        :raises ConfigurationError: this version cannot switch users
        """
        if self.SUPPORTS_RE_AUTH:
            return
        raise self._feature_error("re-auth")

    def _add_filters(
        self, extra: dict[str, t.Any], min_severity: t.Any, disabled: t.Any
    ) -> None:
        if min_severity is not None:
            extra["notifications_minimum_severity"] = wire_str(min_severity)
        if disabled is not None:
            extra[self.DISABLED_FILTER_KEY] = [wire_str(d) for d in disabled]

    def _tx_fields(
        self,
        mode: str | None,
        bookmarks: t.Iterable[str] | None,
        metadata: t.Mapping[str, t.Any] | None,
        timeout: float | None,
        db: str | None,
        imp_user: str | None,
        min_severity: t.Any,
        disabled: t.Any,
    ) -> dict[str, t.Any]:
        # The extra map of RUN and BEGIN (database, user and filters
        # checked first); most queries carry no filter, so both filter
        # steps are skipped then.
        if db is not None or imp_user is not None:
            self._check_target(db, imp_user)
        filtered = min_severity is not None or disabled is not None
        if filtered:
            self._check_filters(min_severity, disabled)
        extra = tx_extra(
            mode, bookmarks, metadata, timeout, db, imp_user,
            self._BOOKMARKS_HINT,
        )  # fmt: skip
        if filtered:
            self._add_filters(extra, min_severity, disabled)
        return extra

    # -- HELLO ------------------------------------------------------------

    def _hello_fields(self) -> dict[str, t.Any]:
        fields: dict[str, t.Any] = {"user_agent": self.user_agent}
        if self.ROUTING_IN_HELLO and self.routing_context is not None:
            fields["routing"] = self.routing_context
        if self.UTC_PATCH:
            fields["patch_bolt"] = ["utc"]
        self._add_filters(
            fields,
            self.notifications_min_severity,
            self.notifications_disabled_classifications,
        )
        if self.SENDS_BOLT_AGENT:
            fields["bolt_agent"] = self.bolt_agent
        return fields

    def hello(self, **handlers: t.Any) -> Response:
        """Queue the connection's greeting: HELLO with auth, or from Bolt
        5.1 on HELLO without auth followed by LOGON.

        :param handlers: ``on_success``/``on_failure``/... for the last
            queued request
        :returns: the response of the last queued request; on failure the
            connection becomes defunct and all pending responses fail
        :raises ConfigurationError: notification filters configured but
            not supported by this protocol version
        """
        self._check_filters(
            self.notifications_min_severity,
            self.notifications_disabled_classifications,
        )
        fields = self._hello_fields()
        if not self.AUTH_IN_HELLO:
            self._queue_hello(fields, {})
            return self.logon(**handlers)
        fields.update(self._auth)
        return self._queue_hello(fields, handlers)

    def _queue_hello(
        self, fields: dict[str, t.Any], handlers: dict[str, t.Any]
    ) -> Response:
        if log.isEnabledFor(logging.DEBUG):
            log.debug(
                "[#%04X]  C: HELLO %r", self.local_port, redact_auth(fields)
            )
        response = Response("hello", **handlers)
        self._append(HELLO, (fields,), response)
        return response

    def _on_hello_success(self, metadata: dict[str, t.Any]) -> None:
        hints = metadata.pop("hints", None)
        if self.CONNECTION_HINTS and isinstance(hints, dict):
            self.hints.update(hints)
        patch = metadata.pop("patch_bolt", None)
        if self.UTC_PATCH and isinstance(patch, list) and "utc" in patch:
            self.utc_patch = True
            self._hydration_handler = None
        self.server_metadata.update(metadata)
        self.recv_timeout = hints_.recv_timeout(self.hints, self.local_port)

    # -- auth (5.1+) -----------------------------------------------------

    def logon(
        self, auth: t.Mapping[str, t.Any] | None = None, **handlers: t.Any
    ) -> Response:
        """Queue LOGON (Bolt 5.1+).

        :param auth: new auth map; default: the current one
        :raises ConfigurationError: before Bolt 5.1
        """
        self.check_re_auth()
        if auth is not None:
            self._auth = dict(auth)
        if log.isEnabledFor(logging.DEBUG):
            log.debug(
                "[#%04X]  C: LOGON %r",
                self.local_port,
                redact_auth(self._auth),
            )
        response = Response("logon", **handlers)
        self._append(LOGON, (dict(self._auth),), response)
        return response

    def logoff(self, **handlers: t.Any) -> Response:
        """Queue LOGOFF (Bolt 5.1+).

        :raises ConfigurationError: before Bolt 5.1
        """
        self.check_re_auth()
        log.debug("[#%04X]  C: LOGOFF", self.local_port)
        response = Response("logoff", **handlers)
        self._append(LOGOFF, (), response)
        return response

    def reauth(
        self, auth: t.Mapping[str, t.Any], **handlers: t.Any
    ) -> Response:
        """Queue LOGOFF + LOGON with new auth (Bolt 5.1+).

        :returns: the LOGON response
        :raises ConfigurationError: before Bolt 5.1
        """
        self.logoff()
        return self.logon(auth, **handlers)

    # -- routing and telemetry --------------------------------------------

    def route(
        self,
        database: str | None = None,
        imp_user: str | None = None,
        bookmarks: t.Iterable[str] | None = None,
        **handlers: t.Any,
    ) -> Response:
        """Queue the request for a routing table; once the returned
        response succeeds, its metadata holds the table under ``rt``
        (``{"ttl": ..., "servers": [...]}``, ``db`` from 4.3 on).

        Bolt 3.0 calls the cluster's routing procedure (Neo4j 3.5 has
        one database and no bookmarks for it).

        :param database: the database to route for; None: home database
        :param imp_user: user to impersonate (4.4+)
        :param bookmarks: bookmarks the routing table must reflect
        :raises ConfigurationError: a database or user this version
            cannot name
        """
        if database is not None and not self.MULTI_DATABASE:
            error = self._feature_error("database", database)
            agent = self._server_agent_for_errors()
            raise ConfigurationError(f"{error} Server Agent {agent!r}")
        self._check_target(None, imp_user)
        return self._route_by_procedure(
            _CLUSTER_ROUTING_PROCEDURE,
            {"context": self.routing_context or {}},
            None,
            None,
            handlers,
        )

    def _route_by_procedure(
        self,
        query: str,
        parameters: dict[str, t.Any],
        db: str | None,
        bookmarks: t.Iterable[str] | None,
        handlers: dict[str, t.Any],
    ) -> Response:
        # RUN + PULL of a routing procedure; its single record becomes
        # the ``rt`` entry of the PULL SUCCESS metadata, the shape ROUTE
        # answers with (no record, several or a malformed one: no
        # ``rt``, which the routing table parser rejects)
        keys: list[t.Any] = []
        rows: list[t.Any] = []
        last_database = self.last_database

        def keep_keys(metadata: dict[str, t.Any]) -> None:
            fields = metadata.get("fields")
            if isinstance(fields, list):
                keys[:] = fields

        def table_from_record(metadata: dict[str, t.Any]) -> None:
            row = rows[0] if len(rows) == 1 else None
            if isinstance(row, list) and len(row) == len(keys):
                metadata["rt"] = dict(zip(keys, row, strict=True))
            on_success = handlers.get("on_success")
            if on_success is not None:
                on_success(metadata)

        self.run(
            query, parameters, mode="r", bookmarks=bookmarks, db=db,
            on_success=keep_keys,
        )  # fmt: skip
        # the routing query is not the connection's work for a database
        self.last_database = last_database
        return self.pull(
            records=rows,
            **{**handlers, "on_success": table_from_record},
        )

    def telemetry(self, api: int, **handlers: t.Any) -> Response | None:
        """Queue TELEMETRY if enabled (see :attr:`telemetry_enabled`).

        :param api: the ``TelemetryAPI`` value (0 managed tx function,
            1 explicit tx, 2 auto-commit, 3 driver-level query)
        :returns: the response, or None if nothing was queued
        """
        if not self.telemetry_enabled:
            return None
        api = int(api)
        log.debug("[#%04X]  C: TELEMETRY %i", self.local_port, api)
        response = Response("telemetry", **handlers)
        self._append(TELEMETRY, (api,), response)
        return response

    # -- queries and transactions ------------------------------------------

    def run(
        self,
        query: str,
        parameters: t.Mapping[str, t.Any] | None = None,
        mode: str | None = None,
        bookmarks: t.Iterable[str] | None = None,
        metadata: t.Mapping[str, t.Any] | None = None,
        timeout: float | None = None,
        db: str | None = None,
        imp_user: str | None = None,
        notifications_min_severity: t.Any = None,
        notifications_disabled_classifications: t.Any = None,
        dehydration_hooks: DehydrationHooks | None = None,
        hydration_hooks: HydrationHooks | None = None,
        **handlers: t.Any,
    ) -> Response:
        """Queue RUN.  Inside a transaction the transaction extras (mode,
        bookmarks, metadata, timeout, db, imp_user, filters) are ignored
        by the server; pass them only for auto-commit queries.

        :param query: the Cypher text
        :param parameters: query parameters
        :param timeout: transaction timeout in seconds (sent as ms)
        :param dehydration_hooks: encoding rules for non-core parameter
            values (``HydrationScope.dehydration_hooks``); None allows
            core PackStream types only
        :param hydration_hooks: decoding rules for the answer
        :raises ConfigurationError: filters on a version without them
        :raises TypeError: a parameter cannot be encoded (nothing queued)
        :raises ValueError: negative timeout
        """
        extra = self._tx_fields(
            mode, bookmarks, metadata, timeout, db, imp_user,
            notifications_min_severity,
            notifications_disabled_classifications,
        )  # fmt: skip
        params = parameters if parameters else {}
        if log.isEnabledFor(logging.DEBUG):
            log.debug(
                "[#%04X]  C: RUN %r %r %r",
                self.local_port,
                query,
                params,
                extra,
            )
        response = Response("run", hydration_hooks=hydration_hooks, **handlers)
        self._append(
            RUN,
            (query, params, extra),
            response,
            dehydration_hooks,
            _RUN_FIELD_NAMES,
        )
        if not self._in_tx:
            self.last_database = db
        return response

    def _stream_fields(self, n: int, qid: int) -> tuple[t.Any, ...]:
        # PULL/DISCARD fields: none before 4.0 (the whole result)
        if not self.STREAMS_IN_BATCHES:
            return ()
        extra: dict[str, t.Any] = {"n": n}
        if qid != -1 and qid != self.most_recent_qid:
            extra["qid"] = qid
        return (extra,)

    def _queue_stream(
        self, tag: bytes, name: str, n: int, qid: int, response: Response
    ) -> None:
        """Queue PULL/DISCARD, framed once per process for each
        (message, n, qid sent): every query sends the same few."""
        fields = self._stream_fields(n, qid)
        self._log_stream(name, fields)
        if n.__class__ is not int or qid.__class__ is not int:
            self._append(tag, fields, response)
            return
        key = (tag, n, fields[0].get("qid", -1) if fields else None)
        framed = _FRAMED_STREAM_MESSAGES.get(key)
        if framed is None:
            framed = frame_message(tag, fields)
            if len(_FRAMED_STREAM_MESSAGES) < _FRAMED_CACHE_LIMIT:
                _FRAMED_STREAM_MESSAGES[key] = framed
        self._append_framed(framed, response)

    def _log_stream(self, name: str, fields: tuple[t.Any, ...]) -> None:
        if not log.isEnabledFor(logging.DEBUG):
            return
        if fields:
            log.debug("[#%04X]  C: %s %r", self.local_port, name, fields[0])
        else:
            log.debug("[#%04X]  C: %s_ALL", self.local_port, name)

    def pull(
        self,
        n: int = -1,
        qid: int = -1,
        records: t.Any = None,
        record_factory: t.Callable[[list[t.Any]], t.Any] | None = None,
        hydration_hooks: HydrationHooks | None = None,
        **handlers: t.Any,
    ) -> Response:
        """Queue PULL.

        :param n: how many records (-1: all)
        :param qid: the query id (-1: the latest)
        :param records: where records go (anything with ``extend``);
            default: a new list, available as ``response.records``
        :param record_factory: turns a values list into a record
        :param hydration_hooks: the result's hydration hooks
        """
        response = Response(
            "pull",
            hydration_hooks=hydration_hooks,
            records=[] if records is None else records,
            record_factory=record_factory,
            **handlers,
        )
        self._queue_stream(PULL, "PULL", n, qid, response)
        return response

    def discard(
        self,
        n: int = -1,
        qid: int = -1,
        hydration_hooks: HydrationHooks | None = None,
        **handlers: t.Any,
    ) -> Response:
        """Queue DISCARD.

        :param n: how many records (-1: all)
        :param qid: the query id (-1: the latest)
        """
        response = Response(
            "discard", hydration_hooks=hydration_hooks, **handlers
        )
        self._queue_stream(DISCARD, "DISCARD", n, qid, response)
        return response

    def begin(
        self,
        mode: str | None = None,
        bookmarks: t.Iterable[str] | None = None,
        metadata: t.Mapping[str, t.Any] | None = None,
        timeout: float | None = None,
        db: str | None = None,
        imp_user: str | None = None,
        notifications_min_severity: t.Any = None,
        notifications_disabled_classifications: t.Any = None,
        dehydration_hooks: DehydrationHooks | None = None,
        hydration_hooks: HydrationHooks | None = None,
        **handlers: t.Any,
    ) -> Response:
        """Queue BEGIN (see :meth:`run` for the parameters).

        :raises ConfigurationError: filters on a version without them
        :raises TypeError: metadata cannot be encoded (nothing queued)
        :raises ValueError: negative timeout
        """
        extra = self._tx_fields(
            mode, bookmarks, metadata, timeout, db, imp_user,
            notifications_min_severity,
            notifications_disabled_classifications,
        )  # fmt: skip
        if log.isEnabledFor(logging.DEBUG):
            log.debug("[#%04X]  C: BEGIN %r", self.local_port, extra)
        response = Response(
            "begin", hydration_hooks=hydration_hooks, **handlers
        )
        self._append(BEGIN, (extra,), response, dehydration_hooks)
        self.last_database = db
        self._in_tx = True
        return response

    def commit(self, **handlers: t.Any) -> Response:
        """Queue COMMIT; the bookmark is in the SUCCESS metadata."""
        log.debug("[#%04X]  C: COMMIT", self.local_port)
        response = Response("commit", **handlers)
        self._append(COMMIT, (), response)
        self._in_tx = False
        return response

    def rollback(self, **handlers: t.Any) -> Response:
        """Queue ROLLBACK."""
        log.debug("[#%04X]  C: ROLLBACK", self.local_port)
        response = Response("rollback", **handlers)
        self._append(ROLLBACK, (), response)
        self._in_tx = False
        return response

    def reset(self, **handlers: t.Any) -> Response:
        """Queue RESET: the server drops any transaction and result, and
        answers requests queued before it with IGNORED.  Until its SUCCESS
        the state is INTERRUPTED."""
        log.debug("[#%04X]  C: RESET", self.local_port)
        response = Response("reset", **handlers)
        self._append(RESET, (), response)
        self._resets_in_flight += 1
        self._in_tx = False
        self._advance("reset", Outcome.QUEUED)
        return response

    def goodbye(self) -> None:
        """Queue GOODBYE (no answer).  The connection is then defunct:
        send the bytes and close the socket."""
        log.debug("[#%04X]  C: GOODBYE", self.local_port)
        self._append(GOODBYE, (), None)
        self._advance("goodbye", Outcome.QUEUED)
