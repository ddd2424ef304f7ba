"""Named time zones handed out for zone ids the server sends.

The official driver returns :mod:`pytz` zones; this driver has no pytz
dependency and returns :class:`zoneinfo.ZoneInfo` zones instead.  Code
written against pytz often reads ``tz.zone`` or calls ``tz.localize``
and ``tz.normalize``, so the zones built from server values also offer
that part of the pytz API, on top of everything ``ZoneInfo`` does.
"""

from __future__ import annotations

import datetime as _dt
import typing as t
import zoneinfo


__all__ = ["NamedZone"]

_ZERO = _dt.timedelta(0)

_T = t.TypeVar("_T")


class NamedZone(zoneinfo.ZoneInfo):
    """A :class:`zoneinfo.ZoneInfo` with pytz's ``zone``, ``localize``
    and ``normalize``.

    Instances are cached per key like ``ZoneInfo``'s own (but separately
    from them: ``NamedZone("X") is not ZoneInfo("X")``).
    """

    @property
    def zone(self) -> str:
        """The zone id, e.g. ``"Europe/Stockholm"`` (pytz's name for
        :attr:`key`)."""
        return str(self.key)

    def localize(self, dt: _T, is_dst: bool | None = False) -> _T:
        """Attach this zone to a naive date-time (as pytz does).

        :param dt: a naive :class:`datetime.datetime` or
            :class:`neo4j.time.DateTime`
        :param is_dst: for a wall time that occurs twice or not at all,
            True picks the daylight-saving reading, False the standard
            one, None refuses to guess
        :returns: the same wall time in this zone
        :raises ValueError: ``dt`` already has a tzinfo, or ``is_dst`` is
            None and the wall time is ambiguous or does not exist
        """
        if getattr(dt, "tzinfo", None) is not None:
            raise ValueError("Not naive datetime (tzinfo is already set)")
        first = dt.replace(tzinfo=self, fold=0)  # type: ignore[attr-defined]
        second = dt.replace(tzinfo=self, fold=1)  # type: ignore[attr-defined]
        if first.utcoffset() == second.utcoffset():
            return t.cast(_T, first)
        if is_dst is None:
            raise ValueError(
                f"{dt} is ambiguous or does not exist in {self.key}"
            )
        for candidate in (first, second):
            if (candidate.dst() not in (None, _ZERO)) is is_dst:
                return t.cast(_T, candidate)
        return t.cast(_T, first)

    def normalize(self, dt: _T) -> _T:
        """Show an aware date-time in this zone (pytz's way to fix the
        offset after arithmetic; here it only converts).

        :param dt: an aware date-time
        :returns: the same instant in this zone
        :raises ValueError: ``dt`` is naive
        """
        if getattr(dt, "tzinfo", None) is None:
            raise ValueError("Naive time - no tzinfo set")
        return t.cast(_T, dt.astimezone(self))  # type: ignore[attr-defined]
