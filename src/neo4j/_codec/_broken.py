"""Marker for values the driver received but could not hydrate.

A hydration hook that fails (for example on an unknown time zone id)
returns a :class:`BrokenHydrationObject` instead of raising, so one bad
field does not spoil a whole record.  The decoder propagates the marker
outwards: a list or map holding one becomes broken itself.  ``Record``
turns access to such a field into
:exc:`neo4j.exceptions.BrokenRecordError`.

The class belongs to the value-type layer (``Record`` must recognise it
without importing ``neo4j._codec``); when ``neo4j._data`` provides
``BrokenHydrationObject`` that class is used, otherwise the local
definition below.
"""

from __future__ import annotations

import copy
import importlib
import typing as t


__all__ = ["BrokenHydrationObject"]


class _LocalBrokenHydrationObject:
    """A received value that could not be turned into a Python object.

    :param error: the exception raised while hydrating
    :param raw_data: the undecodable raw value (e.g. a ``Structure``)
    """

    __slots__ = ("error", "raw_data")

    def __init__(self, error: Exception, raw_data: t.Any) -> None:
        self.error = error
        self.raw_data = raw_data

    def exception_copy(self) -> Exception:
        """Return a copy of :attr:`error` (with its traceback).

        :returns: a fresh exception object, safe to raise again
        """
        dup = copy.copy(self.error)
        return dup.with_traceback(self.error.__traceback__)

    def __repr__(self) -> str:
        return f"<BrokenHydrationObject error={self.error!r}>"


def _resolve() -> type[_LocalBrokenHydrationObject]:
    try:
        _data = importlib.import_module("neo4j._data")
    except ImportError:  # pragma: no cover - value layer not written yet
        return _LocalBrokenHydrationObject
    found = getattr(_data, "BrokenHydrationObject", None)
    if isinstance(found, type):
        return found
    return _LocalBrokenHydrationObject


if t.TYPE_CHECKING:
    BrokenHydrationObject = _LocalBrokenHydrationObject
else:
    BrokenHydrationObject = _resolve()
