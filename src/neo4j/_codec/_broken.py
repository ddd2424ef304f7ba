"""Marker for values the driver received but could not hydrate.

A hydration hook that fails (for example on an unknown time zone id)
returns a broken marker instead of raising, so one bad field does not
spoil a whole record.  The decoder propagates the marker outwards: a list
or map holding one becomes broken itself.  ``Record`` turns access to
such a field into :exc:`neo4j.exceptions.BrokenRecordError`.

The class lives in the value-type layer (``neo4j._data.BrokenValue``) so
``Record`` can recognise it without importing ``neo4j._codec``;
``BrokenHydrationObject`` is the name the official driver uses.
"""

from __future__ import annotations

from .._data import BrokenValue


__all__ = ["BrokenHydrationObject", "BrokenValue"]


BrokenHydrationObject = BrokenValue
