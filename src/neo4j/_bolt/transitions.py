"""The server state machine of a Bolt connection, as data.

The server's state only moves when something happens to a request: it
is queued (RESET, GOODBYE), or its summary arrives (SUCCESS, FAILURE,
IGNORED).  Each such event is a key ``(state, request, outcome)`` in a
:data:`Transitions` table whose value is the next state; h11 keeps its
HTTP state machine the same way.  Two tables exist because Bolt 5.1
split authentication out of HELLO (:data:`BOLT4_TABLE` for 4.4 and 5.0,
:data:`LOGON_TABLE` from 5.1 on).

An event missing from the table leaves the state alone.  That is
deliberate: ROUTE or TELEMETRY never move the server, every answer
while a RESET is under way (INTERRUPTED) is moot, and a server that
answers something we did not expect is better caught by the response
handlers than by a state we made up.  DEFUNCT has no outgoing row: it
is final.

Two outcomes carry a little bookkeeping the connection does before it
looks up the table: :attr:`Outcome.MORE` is a SUCCESS after which the
thing asked for is not over yet (a PULL with ``has_more``, the end of
one of several results open in a transaction, a RESET followed by
another queued RESET).
"""

from __future__ import annotations

import enum
import typing as t

from .responses import ServerState


__all__ = [
    "BOLT4_TABLE",
    "LOGON_TABLE",
    "Outcome",
    "Transitions",
    "next_state",
]


class Outcome(enum.Enum):
    """What happened to a request."""

    # identity hashing at C speed (see ServerState)
    __hash__ = object.__hash__

    #: the request went into the outgoing buffer
    QUEUED = "queued"
    #: SUCCESS, and the request's work is complete
    SUCCESS = "success"
    #: SUCCESS, but the result (or the reset) is still going on
    MORE = "more"
    FAILURE = "failure"
    IGNORED = "ignored"


Key: t.TypeAlias = tuple[ServerState, str, Outcome]
Transitions: t.TypeAlias = t.Mapping[Key, ServerState]

_St = ServerState
_Out = Outcome

#: Requests whose failure ends the connection (the server hangs up
#: after a failed greeting; a failed RESET leaves it in limbo).
_FATAL_ON_FAILURE = ("hello", "logon", "logoff", "reset")
#: Requests whose failure leaves the server FAILED until a RESET.
_RECOVERABLE = (
    "run",
    "pull",
    "discard",
    "begin",
    "commit",
    "rollback",
    "route",
    "telemetry",
)
_ALIVE = tuple(s for s in ServerState if s is not ServerState.DEFUNCT)

# The successful moves, as the Bolt specification draws them.
_HAPPY_PATH: tuple[tuple[ServerState, str, Outcome, ServerState], ...] = (
    (_St.CONNECTED, "hello", _Out.SUCCESS, _St.READY),
    (_St.READY, "run", _Out.SUCCESS, _St.STREAMING),
    (_St.STREAMING, "pull", _Out.MORE, _St.STREAMING),
    (_St.STREAMING, "pull", _Out.SUCCESS, _St.READY),
    (_St.STREAMING, "discard", _Out.MORE, _St.STREAMING),
    (_St.STREAMING, "discard", _Out.SUCCESS, _St.READY),
    (_St.READY, "begin", _Out.SUCCESS, _St.TX_READY),
    (_St.TX_READY, "run", _Out.SUCCESS, _St.TX_STREAMING),
    (_St.TX_STREAMING, "run", _Out.SUCCESS, _St.TX_STREAMING),
    (_St.TX_STREAMING, "pull", _Out.MORE, _St.TX_STREAMING),
    (_St.TX_STREAMING, "pull", _Out.SUCCESS, _St.TX_READY),
    (_St.TX_STREAMING, "discard", _Out.MORE, _St.TX_STREAMING),
    (_St.TX_STREAMING, "discard", _Out.SUCCESS, _St.TX_READY),
    (_St.TX_READY, "commit", _Out.SUCCESS, _St.READY),
    (_St.TX_READY, "rollback", _Out.SUCCESS, _St.READY),
    # tolerated: a transaction ended with a result still open
    (_St.TX_STREAMING, "commit", _Out.SUCCESS, _St.READY),
    (_St.TX_STREAMING, "rollback", _Out.SUCCESS, _St.READY),
    (_St.INTERRUPTED, "reset", _Out.MORE, _St.INTERRUPTED),
    (_St.INTERRUPTED, "reset", _Out.SUCCESS, _St.READY),
)

# Auth as a conversation of its own (Bolt 5.1+).
_LOGON_PATH: tuple[tuple[ServerState, str, Outcome, ServerState], ...] = (
    (_St.CONNECTED, "hello", _Out.SUCCESS, _St.AUTHENTICATION),
    (_St.AUTHENTICATION, "logon", _Out.SUCCESS, _St.READY),
    (_St.READY, "logoff", _Out.SUCCESS, _St.AUTHENTICATION),
)


def _build(
    *paths: t.Iterable[tuple[ServerState, str, Outcome, ServerState]],
) -> dict[Key, ServerState]:
    table: dict[Key, ServerState] = {}
    # from whatever live state: the moves that do not depend on it
    for state in _ALIVE:
        table[state, "reset", _Out.QUEUED] = _St.INTERRUPTED
        table[state, "reset", _Out.IGNORED] = _St.DEFUNCT
        table[state, "goodbye", _Out.QUEUED] = _St.DEFUNCT
        for request in _FATAL_ON_FAILURE:
            table[state, request, _Out.FAILURE] = _St.DEFUNCT
        if state is not _St.INTERRUPTED:
            # while a RESET is on its way, a failure changes nothing
            for request in _RECOVERABLE:
                table[state, request, _Out.FAILURE] = _St.FAILED
    # later paths override earlier ones
    for path in paths:
        for source, request, outcome, target in path:
            table[source, request, outcome] = target
    return table


#: Bolt 4.4 and 5.0: HELLO carries the credentials.
BOLT4_TABLE: Transitions = _build(_HAPPY_PATH)
#: Bolt 5.1 and later: HELLO, then LOGON; LOGOFF for re-auth.
LOGON_TABLE: Transitions = _build(_HAPPY_PATH, _LOGON_PATH)


def next_state(
    table: Transitions,
    state: ServerState,
    request: str,
    outcome: Outcome,
) -> ServerState:
    """Where the server goes on an event.

    :param table: the protocol version's transitions
    :param state: the current state
    :param request: lower-case request name (``"run"``, ``"reset"``...)
    :param outcome: what happened to the request
    :returns: the next state; ``state`` itself for an event the table
        does not know (see the module docstring)
    """
    return table.get((state, request, outcome), state)
