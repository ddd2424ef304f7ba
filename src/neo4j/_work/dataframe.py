"""Turning records into a :class:`pandas.DataFrame` (``Result.to_df``).

Pure data shaping; pandas is imported only when a frame is built.  With
``expand=True`` graph values and containers are flattened into several
columns whose names say where each value came from:

* node ``n``: ``n().element_id``, ``n().labels``, ``n().prop.<key>``
* relationship ``r``: ``r->.element_id``, ``r->.start.element_id``,
  ``r->.end.element_id``, ``r->.type``, ``r->.prop.<key>``
* list ``l``: ``l[].0``, ``l[].1`` ...; map ``m``: ``m{}.<key>``

(dots and backslashes inside keys are escaped with a backslash).
"""

from __future__ import annotations

import typing as t
from datetime import timezone, tzinfo
from zoneinfo import ZoneInfo

from ..graph import Node, Path, Relationship
from ..time import Date, DateTime


__all__ = ["flatten_record", "records_to_df"]


_UTC: t.Final = timezone.utc


def _escape(key: str) -> str:
    return key.replace("\\", "\\\\").replace(".", "\\.")


def _flatten(value: t.Any, prefix: str, out: dict[str, t.Any]) -> None:
    if isinstance(value, Node):
        out[f"{prefix}().element_id"] = value.element_id
        out[f"{prefix}().labels"] = value.labels
        for key, item in value.items():
            out[f"{prefix}().prop.{key}"] = item
    elif isinstance(value, Relationship):
        out[f"{prefix}->.element_id"] = value.element_id
        start, end = value.start_node, value.end_node
        out[f"{prefix}->.start.element_id"] = (
            start.element_id if start is not None else None
        )
        out[f"{prefix}->.end.element_id"] = (
            end.element_id if end is not None else None
        )
        out[f"{prefix}->.type"] = type(value).__name__
        for key, item in value.items():
            out[f"{prefix}->.prop.{key}"] = item
    elif isinstance(value, (Path, str)):
        out[prefix] = value
    elif isinstance(value, t.Sequence):
        for index, item in enumerate(value):
            _flatten(item, f"{prefix}[].{index}", out)
    elif isinstance(value, t.Mapping):
        for key, item in value.items():
            _flatten(item, f"{prefix}{{}}.{_escape(key)}", out)
    else:
        out[prefix] = value


def flatten_record(items: t.Iterable[tuple[str, t.Any]]) -> dict[str, t.Any]:
    """Flatten one record's ``(key, value)`` pairs into columns."""
    out: dict[str, t.Any] = {}
    for key, value in items:
        _flatten(value, _escape(key), out)
    return out


def records_to_df(
    records: t.Sequence[t.Any],
    keys: t.Sequence[str],
    expand: bool,
    parse_dates: bool,
) -> t.Any:
    """Build the frame of ``Result.to_df``.

    :param records: the records (``neo4j.Record``)
    :param keys: the result's keys (columns of an empty result)
    :param expand: flatten values into several columns (see module doc)
    :param parse_dates: convert columns holding only ``DateTime``/``Date``
        values (or None) to :class:`pandas.Timestamp`
    """
    import pandas as pd

    if not expand:
        frame = pd.DataFrame(
            [list(record) for record in records], columns=list(keys)
        )
    else:
        rows = [flatten_record(record.items()) for record in records]
        columns: list[str] | None = None
        same = True
        for row in rows:
            if columns is None:
                columns = list(row)
            elif list(row) != columns:
                same = False
                break
        if not rows:
            frame = pd.DataFrame([], columns=[_escape(k) for k in keys])
        elif same:
            frame = pd.DataFrame(
                [list(row.values()) for row in rows], columns=columns
            )
        else:
            frame = pd.DataFrame(rows)
    if not parse_dates:
        return frame
    for column in frame.columns:
        series = frame[column]
        if pd.api.types.infer_dtype(series) != "mixed":
            continue
        if not series.map(
            lambda x: isinstance(x, (DateTime, Date, type(None)))
        ).all():
            continue
        frame[column] = series.map(_as_timestamp)
    return frame


def _as_timestamp(value: t.Any) -> t.Any:
    """
    One cell of a date column as :class:`pandas.Timestamp`.

    ``None`` becomes ``NaT``.  An aware value is parsed in UTC (pandas
    understands offsets, not zone names) and then shown in its own zone
    again: a zone id from the server as that zone (a column of them gets
    the dtype ``datetime64[ns, <zone id>]``, as with the official driver).
    """
    import pandas as pd

    if value is None:
        return pd.NaT
    zone = getattr(value, "tzinfo", None)
    if zone is None:
        return pd.Timestamp(value.iso_format())
    in_utc = pd.Timestamp(value.astimezone(_UTC).iso_format())
    return in_utc.tz_convert(_pandas_zone(zone))


def _pandas_zone(zone: tzinfo) -> tzinfo:
    """A time zone pandas can convert to.

    The zones of server values with a zone id (:mod:`neo4j.time`'s
    :class:`~neo4j.time._zone.ZoneState`, pinned to one offset like a
    localized pytz zone) answer no offset without a date-time, which
    pandas cannot use: it gets the whole zone of that id instead.
    """
    key = getattr(zone, "key", None)
    if isinstance(key, str) and type(zone) is not ZoneInfo:
        return ZoneInfo(key)
    return zone
