"""
Internal debugging helpers.

* :data:`ENABLED`: the driver runs in development mode (``python -X dev``
  or the ``PYTHONNEO4JDEBUG`` environment variable is set); then extra
  checks and notification warnings are on by default.
* :class:`NotificationPrinter`: lazily renders a notification (with its
  query) for log messages and warnings.
"""

from __future__ import annotations

import os
import sys
import typing as t

from ..warnings import _notification_text


__all__ = [
    "ENABLED",
    "NotificationPrinter",
]


#: Whether development mode is on.
ENABLED: t.Final[bool] = bool(sys.flags.dev_mode) or bool(
    os.getenv("PYTHONNEO4JDEBUG")
)


class NotificationPrinter:
    """
    Renders a notification only when converted to :class:`str`.

    Pass it as a logging argument so that nothing is formatted for log
    records that are filtered out.

    :param notification: the :class:`.GqlStatusObject` to render
    :param query: the query the notification refers to, if known
    :param one_line: keep the query on the same line (as ``repr``) instead
        of printing it below with a caret at the notification's position
    """

    __slots__ = ("_one_line", "notification", "query")

    def __init__(
        self,
        notification: object,
        query: str | None = None,
        one_line: bool = False,
    ) -> None:
        self._one_line = one_line
        self.query = query
        self.notification = notification

    def __str__(self) -> str:
        # rendered on demand: logging calls str() only for emitted records
        return _notification_text(
            notification=self.notification,
            one_line=self._one_line,
            query=self.query,
        )
