"""
Warning categories emitted by the driver.

* :class:`PreviewWarning`: a preview API was used.
* :class:`Neo4jWarning`: the server attached a notification to a query
  (see the ``warn_notification_severity`` driver option).
* :class:`Neo4jDeprecationWarning`: such a notification was about a
  deprecation; it is also a :class:`DeprecationWarning`.
"""

from __future__ import annotations

import typing as t


if t.TYPE_CHECKING:
    # Provided by the summary module (GqlStatusObject); only the attributes
    # used for formatting are needed here.
    class _Position(t.Protocol):
        @property
        def line(self) -> int: ...

        @property
        def column(self) -> int: ...

    class _Notification(t.Protocol):
        @property
        def position(self) -> _Position | None: ...


__all__ = [
    "Neo4jDeprecationWarning",
    "Neo4jWarning",
    "PreviewWarning",
]


class PreviewWarning(Warning):
    """
    Signals use of a driver feature that is still in preview.

    Preview features may change or disappear without going through the
    deprecation cycle.

    .. versionchanged:: 6.0
        Lives in :mod:`neo4j.warnings`; importing it from :mod:`neo4j` is
        deprecated.
    """


class Neo4jWarning(Warning):
    """
    A server notification turned into a Python warning.

    The driver option ``warn_notification_severity`` decides which
    notifications are raised this way.

    :param notification: the :class:`.GqlStatusObject` that caused the
        warning
    :param query: the query text; when given, the warning message shows it
        with a caret at the notification's position
    """

    #: The :class:`.GqlStatusObject` behind this warning.
    notification: t.Any

    def __init__(self, notification: t.Any, query: str | None = None) -> None:
        super().__init__(_notification_text(notification, query))
        self.notification = notification


class Neo4jDeprecationWarning(Neo4jWarning, DeprecationWarning):
    """
    A server notification about deprecated Cypher features.

    Being a :class:`DeprecationWarning` too, Python hides it by default
    outside of ``__main__`` and development mode.

    :param notification: the notification that caused the warning
    :param query: the query text, see :class:`Neo4jWarning`
    """


def _notification_text(
    notification: _Notification | t.Any,
    query: str | None = None,
    one_line: bool = False,
) -> str:
    """
    Render a notification, optionally together with its query.

    With a multi-line rendering and a known position inside the query, a
    line holding a caret (``^``) is inserted below the offending line.

    :param notification: object whose ``repr`` describes the notification
        and which has a ``position`` attribute (``line``/``column``, 1-based)
    :param query: the query text or :data:`None`
    :param one_line: render the query with ``repr`` on the same line

    :returns: the rendered text
    """
    head = repr(notification)
    if query is None:
        return head
    if one_line:
        return f"{head} for query: {query!r}"
    text = f"{head} for query:\n"
    position = getattr(notification, "position", None)
    if position is None:
        return text + query
    lines = query.splitlines()
    line, column = position.line, position.column
    if not 0 < line <= len(lines) or column <= 0:
        return text + query
    caret = " " * (column - 1) + "^"
    return text + "\n".join([*lines[:line], caret, *lines[line:]])
