"""Named time zones handed out for zone ids the server sends.

The official driver returns :mod:`pytz` zones; this driver has no pytz
dependency and builds on :mod:`zoneinfo` instead, keeping pytz's model
so that code written for the official driver computes the same results.

A date-time from the server carries a :class:`ZoneState`: the zone *as
it is at that instant* (one fixed offset, abbreviation and DST
adjustment, like a localized pytz zone).  That is what makes
arithmetic exact: two values whose offsets differ carry different
tzinfo objects, so Python's :mod:`datetime` compares and subtracts them
by their UTC instants (a 25-hour span across an autumn DST change stays
25 hours).  As with pytz, adding a duration keeps the offset;
``value.tzinfo.normalize(value)`` moves it to the zone's offset for the
new instant.

Offsets are whole minutes, as in pytz: the few sub-minute offsets of
the IANA database (local mean time before a zone adopted standard
time, e.g. ``+11:09:20``, or Liberia's ``-00:44:30`` until 1972) are
rounded to the nearest minute, halves towards the east, and wall times
follow the rounded offset.  The official driver shows such date-times
that way, so a value it would send back unchanged round-trips here
too.

:class:`NamedZone` is the whole zone (a :class:`zoneinfo.ZoneInfo` with
pytz's ``zone``, ``localize`` and ``normalize``); its ``fromutc``, and so
``astimezone``, answers with the matching :class:`ZoneState`.
"""

from __future__ import annotations

import datetime as _dt
import typing as t
import zoneinfo


__all__ = ["NamedZone", "ZoneState"]

_ZERO = _dt.timedelta(0)

_T = t.TypeVar("_T")

#: (key, offset, dst, abbreviation) -> the one ZoneState for it; a zone
#: has few states (a handful per century), so this stays small
_STATES: dict[
    tuple[str, _dt.timedelta, _dt.timedelta | None, str | None], ZoneState
] = {}


def _signed(delta: _dt.timedelta) -> str:
    text = str(delta)
    return text if text.startswith("-") else "+" + text


def _whole_minutes(offset: _dt.timedelta) -> _dt.timedelta:
    """``offset`` rounded to the nearest minute (halves up), as pytz
    rounds the sub-minute offsets of local mean time."""
    seconds = offset // _dt.timedelta(seconds=1)
    rounded = (seconds + 30) // 60 * 60
    if rounded == seconds:
        return offset
    return _dt.timedelta(seconds=rounded)


def _state_of(dt: t.Any, zone: NamedZone) -> ZoneState:
    """The state of ``zone`` in effect for ``dt``, a
    :class:`datetime.datetime` or :class:`neo4j.time.DateTime` aware in
    ``zone``."""
    offset = dt.utcoffset()
    assert offset is not None
    return ZoneState._get(zone, _whole_minutes(offset), dt.dst(), dt.tzname())


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

    def fromutc(self, dt: _dt.datetime) -> _dt.datetime:
        """Map a UTC wall time to this zone (used by ``astimezone``).

        :returns: the local date-time, carrying the zone's state at that
            instant (a :class:`ZoneState`)
        """
        local = super().fromutc(dt)
        state = _state_of(local, self)
        exact = local.utcoffset()
        assert exact is not None
        if state._offset != exact:  # sub-minute: the wall follows
            local += state._offset - exact
        return local.replace(tzinfo=state, fold=0)

    def localize(self, dt: _T, is_dst: bool | None = False) -> _T:
        """Attach this zone to a naive date-time (as pytz does).

        :param dt: a naive :class:`datetime.datetime` or
            :class:`neo4j.time.DateTime`
        :param is_dst: for a wall time that occurs twice or not at all,
            True picks the daylight-saving reading, False the standard
            one, None refuses to guess
        :returns: the same wall time, carrying the zone's state for it
            (a :class:`ZoneState`)
        :raises ValueError: ``dt`` already has a tzinfo, or ``is_dst`` is
            None and the wall time is ambiguous or does not exist
        """
        if getattr(dt, "tzinfo", None) is not None:
            raise ValueError("Not naive datetime (tzinfo is already set)")
        chosen = self._resolve(dt, is_dst)
        state = _state_of(chosen, self)
        return t.cast(
            _T,
            chosen.replace(tzinfo=state, fold=0),
        )

    def _resolve(self, dt: t.Any, is_dst: bool | None) -> t.Any:
        # the reading (fold 0 or 1) of a naive wall time that ``is_dst``
        # asks for
        first = dt.replace(tzinfo=self, fold=0)
        second = dt.replace(tzinfo=self, fold=1)
        if first.utcoffset() == second.utcoffset():
            return first
        if is_dst is None:
            raise ValueError(
                f"{dt} is ambiguous or does not exist in {self.key}"
            )
        for candidate in (first, second):
            if (candidate.dst() not in (None, _ZERO)) is is_dst:
                return candidate
        return first

    def normalize(self, dt: _T) -> _T:
        """Show an aware date-time in this zone (pytz's way to fix the
        offset after arithmetic).

        :param dt: an aware date-time
        :returns: the same instant in this zone, carrying the zone's
            state at that instant
        :raises ValueError: ``dt`` is naive
        """
        if getattr(dt, "tzinfo", None) is None:
            raise ValueError("Naive time - no tzinfo set")
        return t.cast(_T, dt.astimezone(self))  # type: ignore[attr-defined]


class ZoneState(_dt.tzinfo):
    """A named zone pinned to one of its states (offset, DST adjustment,
    abbreviation), as pytz's localized zones are.

    Values carrying it behave as fixed-offset date-times: equality,
    ordering, hashing and subtraction go by the UTC instant.  There is
    one instance per zone and state.  ``zone``/``key`` name the zone;
    ``localize``, ``normalize`` and ``fromutc`` work on the whole zone.
    """

    __slots__ = ("_abbreviation", "_dst", "_named", "_offset")

    _named: NamedZone
    _offset: _dt.timedelta
    _dst: _dt.timedelta | None
    _abbreviation: str | None

    @classmethod
    def _get(
        cls,
        named: NamedZone,
        offset: _dt.timedelta,
        dst: _dt.timedelta | None,
        abbreviation: str | None,
    ) -> ZoneState:
        key = (str(named.key), offset, dst, abbreviation)
        try:
            return _STATES[key]
        except KeyError:
            pass
        state = cls()
        state._named = named
        state._offset = offset
        state._dst = dst
        state._abbreviation = abbreviation
        return _STATES.setdefault(key, state)

    @property
    def zone(self) -> str:
        """The zone id, e.g. ``"Europe/Stockholm"``."""
        return str(self._named.key)

    @property
    def key(self) -> str:
        """The zone id (:mod:`zoneinfo`'s name for :attr:`zone`)."""
        return str(self._named.key)

    def _other(self, dt: _dt.datetime) -> _dt.datetime:
        # a date-time attached to something else: read its wall time in
        # the whole zone (pytz's rule: the standard reading if in doubt)
        return t.cast(
            _dt.datetime,
            self._named._resolve(dt.replace(tzinfo=None), False),
        )

    def utcoffset(self, dt: _dt.datetime | None) -> _dt.timedelta | None:
        """:returns: the pinned offset (None when asked without a
        date-time, as for a zone whose offset varies)"""
        if dt is None:
            return None
        if dt.tzinfo is self:
            return self._offset
        offset = self._other(dt).utcoffset()
        return None if offset is None else _whole_minutes(offset)

    def dst(self, dt: _dt.datetime | None) -> _dt.timedelta | None:
        """:returns: the pinned DST adjustment (None without a
        date-time)"""
        if dt is None:
            return None
        if dt.tzinfo is self:
            return self._dst
        return self._other(dt).dst()

    def tzname(self, dt: _dt.datetime | None) -> str | None:
        """:returns: the pinned abbreviation, e.g. ``"CEST"`` (the zone
        id without a date-time)"""
        if dt is None:
            return self.zone
        if dt.tzinfo is self:
            return self._abbreviation
        return self._other(dt).tzname()

    def fromutc(self, dt: _dt.datetime) -> _dt.datetime:
        """Map a UTC wall time to the zone (used by ``astimezone``).

        :returns: the local date-time with the zone's state at that
            instant
        """
        if dt.tzinfo is not self:
            raise ValueError("fromutc: dt.tzinfo is not self")
        return self._named.fromutc(dt.replace(tzinfo=self._named))

    def localize(self, dt: _T, is_dst: bool | None = False) -> _T:
        """:meth:`NamedZone.localize` of the whole zone."""
        return self._named.localize(dt, is_dst)

    def normalize(self, dt: _T) -> _T:
        """:meth:`NamedZone.normalize` of the whole zone."""
        return self._named.normalize(dt)

    def __str__(self) -> str:
        return self.zone

    def __repr__(self) -> str:
        # the layout of pytz's localized zones, which the official driver
        # shows in reprs and logs
        kind = "STD" if self._dst in (None, _ZERO) else "DST"
        return (
            f"<DstTzInfo {self.zone!r} {self._abbreviation}"
            f"{_signed(self._offset)} {kind}>"
        )

    def __reduce__(self) -> tuple[t.Any, ...]:
        return _restore_state, (
            self.zone,
            self._offset,
            self._dst,
            self._abbreviation,
        )


def _restore_state(
    key: str,
    offset: _dt.timedelta,
    dst: _dt.timedelta | None,
    abbreviation: str | None,
) -> ZoneState:
    return ZoneState._get(NamedZone(key), offset, dst, abbreviation)
