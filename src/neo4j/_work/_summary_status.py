"""
Notification and GQL status value types of a result summary.

Servers speaking Bolt 5.6 or later report ``statuses`` (GQL status
objects); older ones report ``notifications``.  The types here parse
either shape; :mod:`neo4j._work.summary` decides which one to build and
polyfills the missing one.
"""

from __future__ import annotations

import copy
import typing as t
from dataclasses import dataclass

from .._api import (
    NotificationCategory,
    NotificationClassification,
    NotificationSeverity,
)


if t.TYPE_CHECKING:
    from typing_extensions import Self


__all__ = [
    "GqlStatusObject",
    "SummaryInputPosition",
    "SummaryNotification",
]


def _int_field(data: dict[str, t.Any], key: str) -> int | None:
    # a real int (booleans are ints to Python, not to the server)
    value = data.get(key)
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    return None


def _str_field(data: dict[str, t.Any], key: str) -> str | None:
    value = data.get(key)
    return value if isinstance(value, str) else None


@dataclass
class SummaryInputPosition:
    """
    Where in the query text a status or notification points to.

    .. seealso::
        :attr:`.GqlStatusObject.position`,
        :attr:`.SummaryNotification.position`
    """

    #: Line of the query, counted from 1.
    line: int
    #: Column within the line, counted from 1.
    column: int
    #: Character offset into the query, counted from 0.
    offset: int

    @classmethod
    def _parse_meta(cls, metadata: object) -> Self | None:
        # None unless all three entries are present and integers
        if not isinstance(metadata, dict):
            return None
        line = _int_field(metadata, "line")
        column = _int_field(metadata, "column")
        offset = _int_field(metadata, "offset")
        if line is None or column is None or offset is None:
            return None
        return cls(line=line, column=column, offset=offset)

    def __str__(self) -> str:
        return (
            f"line: {self.line}, column: {self.column}, offset: {self.offset}"
        )

    def __repr__(self) -> str:
        name = type(self).__name__
        return (
            f"<{name} line={self.line!r}, column={self.column!r}, "
            f"offset={self.offset!r}>"
        )


_SEVERITIES: dict[object, NotificationSeverity] = {
    member.value: member
    for member in NotificationSeverity
    if member is not NotificationSeverity.UNKNOWN
}

_CATEGORIES: dict[object, NotificationCategory] = {
    member.value: member
    for member in NotificationCategory
    if member is not NotificationCategory.UNKNOWN
}

_CLASSIFICATIONS: dict[object, NotificationClassification] = {
    member.value: member
    for member in NotificationClassification
    if member is not NotificationClassification.UNKNOWN
}


def _severity_of(raw: object) -> NotificationSeverity:
    # str enum values hash like plain strings; unhashables are unknown
    try:
        return _SEVERITIES.get(raw, NotificationSeverity.UNKNOWN)
    except TypeError:
        return NotificationSeverity.UNKNOWN


def _classification_of(raw: object) -> NotificationClassification:
    try:
        return _CLASSIFICATIONS.get(raw, NotificationClassification.UNKNOWN)
    except TypeError:
        return NotificationClassification.UNKNOWN


@dataclass
class SummaryNotification:
    """
    A server notification in structured form.

    .. seealso:: :attr:`.ResultSummary.summary_notifications`

    .. deprecated:: 6.0
        Use :class:`.GqlStatusObject` (see
        :attr:`.ResultSummary.gql_status_objects`).
    """

    title: str = ""
    code: str = ""
    description: str = ""
    severity_level: NotificationSeverity = NotificationSeverity.UNKNOWN
    category: NotificationCategory = NotificationCategory.UNKNOWN
    raw_severity_level: str = ""
    raw_category: str = ""
    position: SummaryInputPosition | None = None

    @classmethod
    def _parse_meta(cls, metadata: object) -> Self:
        if not isinstance(metadata, dict):
            return cls()
        obj = cls(
            title=_str_field(metadata, "title") or "",
            code=_str_field(metadata, "code") or "",
            description=_str_field(metadata, "description") or "",
            position=SummaryInputPosition._parse_meta(
                metadata.get("position")
            ),
        )
        severity = _str_field(metadata, "severity")
        if severity is not None:
            obj.raw_severity_level = severity
            obj.severity_level = _severity_of(severity)
        category = _str_field(metadata, "category")
        if category is not None:
            obj.raw_category = category
            obj.category = _CATEGORIES.get(
                category, NotificationCategory.UNKNOWN
            )
        return obj

    def __str__(self) -> str:
        shown = (
            ("severity", self.raw_severity_level),
            ("code", self.code),
            ("category", self.raw_category),
            ("title", self.title),
            ("description", self.description),
            ("position", self.position),
        )
        return " ".join(f"{{{name}: {value}}}" for name, value in shown)


#: Diagnostic record entries every status carries at least.
DEFAULT_DIAGNOSTIC_RECORD: t.Final[tuple[tuple[str, str], ...]] = (
    ("OPERATION", ""),
    ("OPERATION_CODE", "0"),
    ("CURRENT_SCHEMA", "/"),
)

SUCCESS_STATUS: t.Final[str] = "00000"
OMITTED_RESULT_STATUS: t.Final[str] = "00001"
NO_DATA_STATUS: t.Final[str] = "02000"
UNKNOWN_WARNING_STATUS: t.Final[str] = "01N42"
UNKNOWN_INFORMATION_STATUS: t.Final[str] = "03N42"

_RESULT_STATUS_DESCRIPTIONS: t.Final[dict[str, str]] = {
    SUCCESS_STATUS: "note: successful completion",
    OMITTED_RESULT_STATUS: "note: successful completion - omitted result",
    NO_DATA_STATUS: "note: no data",
}

# sentinel telling "not parsed yet" apart from a parsed None
_UNSET: t.Any = object()

# the properties repr() shows, in this order
_REPR_FIELDS: t.Final[tuple[str, ...]] = (
    "gql_status",
    "status_description",
    "position",
    "raw_classification",
    "classification",
    "raw_severity",
    "severity",
    "diagnostic_record",
)


class GqlStatusObject:
    """
    A GQL status reported by the server for a query.

    Every result has at least one status telling success, no data or an
    omitted result; further statuses may be notifications (see
    :attr:`is_notification`), which the driver options
    ``notifications_min_severity`` and
    ``notifications_disabled_classifications`` can filter server-side.

    Instances are created by the driver only.

    .. seealso:: :attr:`.ResultSummary.gql_status_objects`
    """

    # The status map as the server sent it (or as the driver polyfilled
    # it); never handed out, so instances stay immutable.  The string
    # fields are read from it on each access; only the position and the
    # record copy, which are objects of their own, are kept.
    _metadata: dict[str, t.Any]
    # set by the polyfills, which know; otherwise derived from the map
    _notice_override: bool | None = None
    _position: SummaryInputPosition | None = _UNSET
    _diag_record: dict[str, t.Any] | None = None

    @classmethod
    def _parse_status_meta(cls, metadata: object) -> Self:
        """Wrap one entry of the ``statuses`` list of a SUCCESS."""
        obj = cls()
        obj._metadata = metadata if isinstance(metadata, dict) else {}
        return obj

    @classmethod
    def _result_status(cls, gql_status: str) -> Self:
        """Polyfill the success/no data/omitted result status."""
        obj = cls()
        obj._metadata = {
            "gql_status": gql_status,
            "status_description": _RESULT_STATUS_DESCRIPTIONS[gql_status],
            "diagnostic_record": dict(DEFAULT_DIAGNOSTIC_RECORD),
        }
        obj._notice_override = False
        return obj

    @classmethod
    def _parse_notification_meta(cls, metadata: object) -> Self:
        """Polyfill a status from a pre-5.6 notification map."""
        if not isinstance(metadata, dict):
            metadata = {}
        severity = _str_field(metadata, "severity")
        description = _str_field(metadata, "description")
        if severity == "WARNING":
            gql_status = UNKNOWN_WARNING_STATUS
            description = description or "warn: unknown warning"
        else:
            gql_status = UNKNOWN_INFORMATION_STATUS
            description = description or "info: unknown notification"
        record = dict(DEFAULT_DIAGNOSTIC_RECORD)
        for source, target in (
            ("category", "_classification"),
            ("severity", "_severity"),
            ("position", "_position"),
        ):
            if source in metadata:
                record[target] = metadata[source]
        obj = cls()
        obj._metadata = {
            "gql_status": gql_status,
            "status_description": description,
            "neo4j_code": _str_field(metadata, "code") or "",
            "title": _str_field(metadata, "title") or "",
            "diagnostic_record": record,
        }
        obj._notice_override = True
        return obj

    def __str__(self) -> str:
        # the description alone: what users print in logs
        return self.status_description

    def __repr__(self) -> str:
        shown = ", ".join(
            f"{name}={getattr(self, name)!r}" for name in _REPR_FIELDS
        )
        return f"<{type(self).__name__} {shown}>"

    def _record(self) -> dict[str, t.Any]:
        # the server's diagnostic record, {} when missing or malformed
        record = self._metadata.get("diagnostic_record")
        return record if isinstance(record, dict) else {}

    @property
    def is_notification(self) -> bool:
        """
        Whether this status is a notification.

        Which statuses are notifications is up to the server vendor; only
        notifications have a meaningful :attr:`position`,
        :attr:`classification` and :attr:`severity`.
        """
        override = self._notice_override
        if override is not None:
            return override
        # servers attach a Neo4j code to exactly the notifications
        return bool(_str_field(self._metadata, "neo4j_code"))

    @property
    def gql_status(self) -> str:
        """
        The GQLSTATUS code, e.g. ``"00000"``.

        When polyfilling for servers that predate GQL statuses, the driver
        uses ``01N42`` (unknown warning) and ``03N42`` (unknown
        notification); such codes are not guaranteed to be stable.
        """
        return _str_field(self._metadata, "gql_status") or ""

    @property
    def status_description(self) -> str:
        """Human readable description of the status."""
        return _str_field(self._metadata, "status_description") or ""

    @property
    def position(self) -> SummaryInputPosition | None:
        """
        The position in the query the status refers to.

        :data:`None` if the server sent none or a malformed one.
        """
        if self._position is _UNSET:
            self._position = SummaryInputPosition._parse_meta(
                self._record().get("_position")
            )
        return self._position

    @property
    def raw_classification(self) -> str | None:
        """The classification as sent by the server (vendor specific)."""
        return _str_field(self._record(), "_classification")

    @property
    def classification(self) -> NotificationClassification:
        """:attr:`raw_classification` as enum (``UNKNOWN`` if unknown)."""
        return _classification_of(self.raw_classification)

    @property
    def raw_severity(self) -> str | None:
        """The severity as sent by the server (vendor specific)."""
        return _str_field(self._record(), "_severity")

    @property
    def severity(self) -> NotificationSeverity:
        """:attr:`raw_severity` as enum (``UNKNOWN`` if unknown)."""
        return _severity_of(self.raw_severity)

    @property
    def diagnostic_record(self) -> dict[str, t.Any]:
        """Additional diagnostic information sent with the status."""
        if self._diag_record is None:
            self._diag_record = copy.deepcopy(self._record())
        return self._diag_record


def status_precedence(status: GqlStatusObject) -> int:
    """
    Sort key ordering polyfilled statuses, highest first.

    No data (``02``) beats warnings (``01``), which beat success (``00``),
    which beats informational statuses (``03``); anything else comes last.
    """
    return _PRECEDENCE.get(status.gql_status[:2], -1)


_PRECEDENCE: t.Final[dict[str, int]] = {"02": 3, "01": 2, "00": 1, "03": 0}
