"""Metaclasses providing :mod:`datetime`-style class-level aliases.

``Date.fromisoformat`` and friends resolve lazily through these
metaclasses so that the snake_case names stay the canonical ones.
"""

from __future__ import annotations

import typing as t


__all__ = ["DateTimeType", "DateType", "TimeType"]


class _AliasType(type):
    _aliases: t.ClassVar[dict[str, str]] = {}

    def __getattr__(cls, name: str) -> t.Any:
        target = type(cls)._aliases.get(name)
        if target is None:
            raise AttributeError(f"{cls.__name__} has no attribute {name!r}")
        return getattr(cls, target)


class DateType(_AliasType):
    """Metaclass of :class:`neo4j.time.Date`."""

    _aliases: t.ClassVar[dict[str, str]] = {
        "fromisoformat": "from_iso_format",
        "fromordinal": "from_ordinal",
        "fromtimestamp": "from_timestamp",
        "utcfromtimestamp": "utc_from_timestamp",
    }


class TimeType(_AliasType):
    """Metaclass of :class:`neo4j.time.Time`."""

    _aliases: t.ClassVar[dict[str, str]] = {
        "fromisoformat": "from_iso_format",
        "utcnow": "utc_now",
    }


class DateTimeType(_AliasType):
    """Metaclass of :class:`neo4j.time.DateTime`."""

    _aliases: t.ClassVar[dict[str, str]] = {
        "fromisoformat": "from_iso_format",
        "fromordinal": "from_ordinal",
        "fromtimestamp": "from_timestamp",
        "strptime": "parse",
        "today": "now",
        "utcfromtimestamp": "utc_from_timestamp",
        "utcnow": "utc_now",
    }
