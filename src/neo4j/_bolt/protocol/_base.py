"""Machinery shared by every protocol version: outgoing buffer, pipeline
of pending responses, inbound decoding and the server state machine.

The request methods (``hello``, ``run``...) live in the version classes
(:mod:`.bolt3`, :mod:`.bolt4`, :mod:`.bolt5`, :mod:`.bolt6`).
"""

from __future__ import annotations

import collections
import logging
import typing as t

from ..._codec.packstream import (
    DehydrationHooks,
    PackStreamDecodeError,
    pack_struct,
    unpack_body,
    unpack_chunked,
)
from ...exceptions import Neo4jError
from ..chunking import Dechunker, begin_message, end_message
from ..errors import BoltProtocolError, DecodeError
from ..messages import FAILURE, IGNORED, SUCCESS
from ..responses import (
    Response,
    ServerState,
    fill_diagnostic_record,
    hydrate_failure,
)
from ..transitions import BOLT4_TABLE, Outcome, Transitions


if t.TYPE_CHECKING:
    from ..._codec.packstream import Buffer


__all__ = ["BoltBase", "QueueMark"]

log = logging.getLogger("neo4j.io")

Version: t.TypeAlias = tuple[int, int]

#: Requests that end (part of) a result.
_STREAM_REQUESTS = frozenset(("pull", "discard"))
#: Requests whose FAILURE is an error of the connection's greeting.
_GREETINGS = frozenset(("hello", "logon"))


#: Where the outgoing queue stood (see :meth:`BoltBase.queue_mark`): how
#: often the buffer was handed over before, the bytes in the buffer, the
#: responses ever queued, whether a transaction was open, the last
#: database; a plain tuple, as one is taken for every query.
QueueMark: t.TypeAlias = tuple[int, int, int, bool, "str | None"]


def frame_message(tag: bytes, fields: t.Sequence[t.Any]) -> bytes:
    """Encode and frame one request holding core types only.

    :returns: the bytes as they go on the wire (chunks and end marker)
    """
    out = bytearray()
    start = begin_message(out)
    pack_struct(out, tag, fields, None)
    end_message(out, start)
    return bytes(out)


class BoltBase:
    """One Bolt connection's protocol state, without I/O.

    Not meant to be instantiated: use a version class such as
    :class:`neo4j._bolt.protocol.Bolt5x8`.

    :param local_port: the socket's local port, the id in log lines
    :param address: server address, only attached to errors
    """

    PROTOCOL_VERSION: t.ClassVar[Version] = (0, 0)

    #: RUN/PULL/DISCARD SUCCESS carries GQL ``statuses`` to enrich
    #: (``"5.5"`` also copies ``status_description`` to ``description``).
    STATUS_ENRICHMENT: t.ClassVar[str | None] = None
    #: FAILURE carries GQL fields and a ``cause`` chain (5.7+).
    GQL_ERRORS: t.ClassVar[bool] = False
    #: HELLO success answers with READY (else AUTHENTICATION, 5.1+).
    AUTH_IN_HELLO: t.ClassVar[bool] = True
    #: The server state machine of this version.
    TRANSITIONS: t.ClassVar[Transitions] = BOLT4_TABLE

    def __init__(self, *, local_port: int = 0, address: object = None) -> None:
        self.local_port = local_port
        self.address = address
        self._out = bytearray()
        #: How often a non-empty buffer was handed over (taken bytes may
        #: be on the wire: no mark from before can be rolled back to).
        self._handovers = 0
        #: Responses ever queued (the newest are the rightmost).
        self._queued = 0
        #: Responses in request order, each waiting for its summary.
        self._awaiting: collections.deque[Response] = collections.deque()
        #: The message a read cut off, reassembled over the next reads.
        self._partial = Dechunker()
        self._state = ServerState.CONNECTED
        self._resets_in_flight = 0
        #: Results of the current transaction not yet pulled to the end.
        self._tx_results_open = 0
        #: Set when the connection must be closed (init failure, failed
        #: RESET, protocol violation, GOODBYE sent).
        self.defunct = False
        #: The error of the latest FAILURE, cleared by a successful RESET.
        self.last_failure: Neo4jError | None = None
        #: ``qid`` of the latest RUN in a transaction (-1 if none).
        self.most_recent_qid: int | None = None
        #: Database of the latest auto-commit RUN or BEGIN.
        self.last_database: str | None = None
        self._in_tx = False

    def __repr__(self) -> str:
        major, minor = self.PROTOCOL_VERSION
        return (
            f"<{type(self).__name__} #{self.local_port:04X} "
            f"Bolt {major}.{minor} {self._state.name}>"
        )

    # -- introspection -------------------------------------------------

    @property
    def protocol_version(self) -> Version:
        """The negotiated ``(major, minor)``."""
        return self.PROTOCOL_VERSION

    @property
    def state(self) -> ServerState:
        """The server state as far as processed responses tell."""
        return self._state

    @property
    def pending_count(self) -> int:
        """Number of requests still waiting for their summary."""
        return len(self._awaiting)

    @property
    def needs_reset(self) -> bool:
        """True if a FAILURE left the server FAILED and no RESET is
        queued: the shell should send :meth:`reset` before reuse."""
        return self._state is ServerState.FAILED

    @property
    def is_reset(self) -> bool:
        """True if the server is (or, once pending responses arrive,
        will be) READY: nothing pending and READY, or RESET queued last."""
        if self._awaiting:
            return self._awaiting[-1].message == "reset"
        return self._state is ServerState.READY

    @property
    def in_transaction(self) -> bool:
        """True between a queued BEGIN and its COMMIT/ROLLBACK/RESET."""
        return self._in_tx

    def take_outgoing(self) -> bytearray:
        """Hand over all bytes queued for sending (possibly empty).

        :returns: a buffer the caller now owns
        """
        out = self._out
        if out:
            self._out = bytearray()
            self._handovers += 1
        return out

    @property
    def has_outgoing(self) -> bool:
        """True if :meth:`take_outgoing` would return bytes."""
        return bool(self._out)

    # -- queueing --------------------------------------------------------

    def queue_mark(self) -> QueueMark:
        """Remember where the outgoing queue stands, so that a batch of
        requests (TELEMETRY + BEGIN + RUN + PULL...) can be queued all or
        nothing: when one of them cannot be encoded, :meth:`drop_queued`
        forgets the others queued since.

        :returns: the mark
        """
        return (
            self._handovers,
            len(self._out),
            self._queued,
            self._in_tx,
            self.last_database,
        )

    def drop_queued(self, mark: QueueMark) -> None:
        """Forget every request queued since ``mark``: its bytes and its
        response, as if it had never been asked for.

        Only for requests that change no server state when queued (not
        RESET or GOODBYE).

        :param mark: from :meth:`queue_mark`
        :raises RuntimeError: bytes queued since were handed over for
            sending already
        """
        handovers, size, queued, in_tx, last_database = mark
        if handovers != self._handovers:
            raise RuntimeError("requests since the mark were handed over")
        del self._out[size:]
        awaiting = self._awaiting
        for _ in range(self._queued - queued):
            awaiting.pop()
        self._queued = queued
        self._in_tx = in_tx
        self.last_database = last_database

    def _append(
        self,
        tag: bytes,
        fields: t.Sequence[t.Any],
        response: Response | None,
        dehydration_hooks: DehydrationHooks | None = None,
        field_names: t.Sequence[str] | None = None,
    ) -> None:
        """Encode one request into the outgoing buffer and queue its
        response handler.  On an encoding error nothing is queued."""
        out = self._out
        start = begin_message(out)
        try:
            pack_struct(
                out, tag, fields, dehydration_hooks, field_names=field_names
            )
        except BaseException:
            del out[start:]
            raise
        end_message(out, start)
        if response is not None:
            self._awaiting.append(response)
            self._queued += 1

    def _append_framed(self, framed: bytes, response: Response) -> None:
        """Queue a request already encoded and framed (see
        :func:`frame_message`) and its response handler."""
        self._out += framed
        self._awaiting.append(response)
        self._queued += 1

    # -- inbound ---------------------------------------------------------

    def feed(self, data: Buffer) -> int:
        """Process bytes received from the server.

        Complete messages are decoded and dispatched to the pending
        responses (records into their sinks, callbacks called); an
        incomplete message is kept for the next call (its payload only,
        see :mod:`..chunking`).

        :param data: any number of received bytes
        :returns: the number of responses completed by these bytes
        :raises BoltProtocolError: the server broke the protocol; the
            connection is defunct and must be closed
        """
        if self.defunct:
            # after a failed HELLO/LOGON/RESET every pending response was
            # completed with the error; whatever else the server sends on
            # a connection about to be closed is meaningless
            return 0
        if isinstance(data, memoryview):
            # decoded from bytes (see ``neo4j._codec.packstream``); once
            # here, not once per message
            data = data.tobytes()
        end = len(data)
        pos = 0
        completed = 0
        partial = self._partial
        try:
            if partial.active:
                pos = partial.take(data, 0, end)
                if pos < 0:
                    return 0
                completed = self._dispatch_partial()
            while pos < end and not self.defunct:
                # messages lying in one chunk, decoded where they are
                pos, done = self._dispatch(data, pos, end)
                completed += done
                if pos >= end:
                    break
                # a message of several chunks, or cut by the end of the
                # read: reassembled in one pass, whatever the chunk sizes
                pos = partial.take(data, pos, end)
                if pos < 0:
                    break
                completed += self._dispatch_partial()
        except BaseException:
            self._mark_defunct()
            raise
        return completed

    def _dispatch(self, src: Buffer, pos: int, end: int) -> tuple[int, int]:
        """Decode and deliver the single-chunk messages in
        ``src[pos:end]``.

        :returns: the offset of the first byte not consumed (the start
            of a message of several chunks or an incomplete one, or
            ``end``) and the number of responses completed
        """
        awaiting = self._awaiting
        completed = 0
        while pos < end:
            head = awaiting[0] if awaiting else None
            if head is None:
                hooks = None
                factory = None
            else:
                hooks = head.hydration_hooks
                factory = head.record_factory
            try:
                rows, message, pos = unpack_chunked(
                    src, pos, end, hooks, factory, split=False
                )
            except PackStreamDecodeError as exc:
                raise self._decode_error(exc) from exc
            self._deliver(head, rows, message)
            if message is None:
                break
            completed += 1
            if self.defunct:
                return end, completed
        return pos, completed

    def _dispatch_partial(self) -> int:
        """Decode and deliver the message the reassembly just completed.

        :returns: the number of responses completed (0 or 1)
        """
        awaiting = self._awaiting
        head = awaiting[0] if awaiting else None
        partial = self._partial
        body = partial.body
        try:
            if head is None:
                rows, message = unpack_body(body, 0, len(body), None)
            else:
                rows, message = unpack_body(
                    body,
                    0,
                    len(body),
                    head.hydration_hooks,
                    head.record_factory,
                )
        except PackStreamDecodeError as exc:
            raise self._decode_error(exc) from exc
        finally:
            # the payload can go before the callbacks run
            del body
            partial.clear()
        self._deliver(head, rows, message)
        return 0 if message is None else 1

    def _decode_error(self, exc: PackStreamDecodeError) -> DecodeError:
        text = f"Failed to decode a server message: {exc}"
        log.debug("[#%04X]  _: <PROTOCOL ERROR> %s", self.local_port, text)
        return DecodeError(text, self.address)

    def _deliver(
        self,
        head: Response | None,
        rows: list[t.Any],
        message: tuple[int, list[t.Any]] | None,
    ) -> None:
        """Hand decoded records and the following summary (if any) to
        the response at the head of the queue."""
        debug = log.isEnabledFor(logging.DEBUG)
        if rows:
            if head is None or head.records is None:
                raise self._protocol_error(
                    "Received RECORD without a pending PULL"
                )
            if debug:
                log.debug(
                    "[#%04X]  S: RECORD * %d", self.local_port, len(rows)
                )
            head.records.extend(rows)
        if message is None:
            return
        tag, fields = message
        if tag != SUCCESS and tag != FAILURE and tag != IGNORED:
            raise self._protocol_error(
                f"Unexpected response message with signature {tag:02X}"
            )
        if head is None:
            raise self._protocol_error(
                f"Received a summary message ({tag:02X}) with no "
                "request pending"
            )
        metadata = fields[0] if fields else {}
        if not isinstance(metadata, dict):
            raise self._protocol_error(
                f"Summary metadata must be a map, got {metadata!r}"
            )
        self._awaiting.popleft()
        if tag == SUCCESS:
            if debug:
                log.debug("[#%04X]  S: SUCCESS %r", self.local_port, metadata)
            self._on_success(head, metadata)
        elif tag == FAILURE:
            if debug:
                log.debug("[#%04X]  S: FAILURE %r", self.local_port, metadata)
            self._on_failure(head, metadata)
        else:
            if debug:
                log.debug("[#%04X]  S: IGNORED", self.local_port)
            self._on_ignored(head, metadata)

    def _protocol_error(self, message: str) -> BoltProtocolError:
        log.debug("[#%04X]  _: <PROTOCOL ERROR> %s", self.local_port, message)
        return BoltProtocolError(message, self.address)

    def _mark_defunct(self) -> None:
        # not an event of the state table: the bytes stopped making sense
        self.defunct = True
        self._enter(ServerState.DEFUNCT)

    def _enter(self, new: ServerState) -> None:
        old = self._state
        if old is new or old is ServerState.DEFUNCT:
            return
        self._state = new
        if new is ServerState.DEFUNCT:
            self.defunct = True
        if log.isEnabledFor(logging.DEBUG):
            log.debug(
                "[#%04X]  _: <CONNECTION> server state: %s > %s",
                self.local_port,
                old.name,
                new.name,
            )

    def _advance(self, request: str, outcome: Outcome) -> ServerState:
        """Apply one event to the state machine (see :mod:`..transitions`).

        :returns: the state after the event
        """
        # next_state(), inlined: this runs for every summary
        current = self._state
        state = self.TRANSITIONS.get((current, request, outcome), current)
        if state is not current:
            self._enter(state)
            state = self._state
        if state is not ServerState.TX_STREAMING:
            self._tx_results_open = 0
        elif request == "run" and outcome is Outcome.SUCCESS:
            self._tx_results_open += 1
        return state

    # -- summary handling --------------------------------------------------

    def _success_outcome(
        self, request: str, metadata: dict[str, t.Any]
    ) -> Outcome:
        # Decide whether a SUCCESS finishes what the request started.
        if request == "reset":
            self._resets_in_flight -= 1
            return Outcome.MORE if self._resets_in_flight else Outcome.SUCCESS
        if request not in _STREAM_REQUESTS:
            return Outcome.SUCCESS
        if metadata.get("has_more"):
            return Outcome.MORE
        if self._state is ServerState.TX_STREAMING:
            # one of the transaction's results is done; others may be open
            self._tx_results_open -= 1
            if self._tx_results_open > 0:
                return Outcome.MORE
        return Outcome.SUCCESS

    def _on_success(
        self, response: Response, metadata: dict[str, t.Any]
    ) -> None:
        request = response.message
        if request == "run":
            qid = metadata.get("qid")
            self.most_recent_qid = (
                qid if type(qid) is int and qid >= 0 else None
            )
            outcome = Outcome.SUCCESS
        else:
            if request == "hello":
                self._on_hello_success(metadata)
            elif request in _STREAM_REQUESTS and self.STATUS_ENRICHMENT:
                self._enrich_statuses(metadata)
            outcome = self._success_outcome(request, metadata)
        self._advance(request, outcome)
        if request == "reset" and outcome is Outcome.SUCCESS:
            self.last_failure = None
        response._succeed(metadata)

    def _on_failure(
        self, response: Response, metadata: dict[str, t.Any]
    ) -> None:
        request = response.message
        if self.GQL_ERRORS and not fill_diagnostic_record_chain(metadata):
            log.info(
                "[#%04X]  _: <CONNECTION> Server supplied an invalid error "
                "diagnostic record (%r).",
                self.local_port,
                metadata.get("diagnostic_record"),
            )
        error = hydrate_failure(
            metadata,
            gql=self.GQL_ERRORS,
            initial=request in _GREETINGS,
        )
        self.last_failure = error
        if request == "reset":
            self._warn_reset_answer("FAILURE")
        fatal = self._advance(request, Outcome.FAILURE)
        response._fail(metadata, error)
        if fatal is ServerState.DEFUNCT:
            # the server will not answer what is still queued
            self._abort_pending(metadata, error)

    def _on_ignored(
        self, response: Response, metadata: dict[str, t.Any]
    ) -> None:
        if response.message == "reset":
            self._warn_reset_answer("IGNORED")
        self._advance(response.message, Outcome.IGNORED)
        response._ignore(metadata)

    def _warn_reset_answer(self, answer: str) -> None:
        log.warning(
            "[#%04X]  _: <CONNECTION> RESET received %s "
            "(unexpected response) => dropping connection",
            self.local_port,
            answer,
        )

    def _abort_pending(
        self, metadata: dict[str, t.Any], error: Neo4jError
    ) -> None:
        """Complete every pending response with ``error`` (the server will
        not answer them any more)."""
        awaiting = self._awaiting
        while awaiting:
            awaiting.popleft()._fail(metadata, error)

    def _enrich_statuses(self, metadata: dict[str, t.Any]) -> None:
        statuses = metadata.get("statuses")
        if not isinstance(statuses, list):
            return
        copy_description = self.STATUS_ENRICHMENT == "5.5"
        for status in statuses:
            if not isinstance(status, dict):
                continue
            if copy_description:
                status["description"] = status.get("status_description")
            if not fill_diagnostic_record(status):
                log.info(
                    "[#%04X]  _: <CONNECTION> a status came with a "
                    "diagnostic record that is not a map, left as is: %r",
                    self.local_port,
                    status.get("diagnostic_record"),
                )

    def _on_hello_success(self, metadata: dict[str, t.Any]) -> None:
        """Version classes read hints and server info here."""


def fill_diagnostic_record_chain(metadata: t.Any) -> bool:
    """Fill diagnostic-record defaults into an error and all its causes.

    :returns: False if some diagnostic record was not a map
    """
    ok = True
    seen = 0
    while isinstance(metadata, dict) and seen < 100:
        ok = fill_diagnostic_record(metadata) and ok
        metadata = metadata.get("cause")
        seen += 1
    return ok
