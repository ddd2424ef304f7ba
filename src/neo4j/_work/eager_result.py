"""The in-memory result returned by ``execute_query`` by default."""

from __future__ import annotations

import typing as t


__all__ = ["EagerResult"]


if t.TYPE_CHECKING:
    from .summary import ResultSummary as _ResultSummary

    # TODO: neo4j._data.Record once that module is in the tree
    _Record: t.TypeAlias = t.Any


class EagerResult(t.NamedTuple):
    """
    All records of a query, its summary and its keys.

    A named tuple, so ``records, summary, keys = driver.execute_query(...)``
    works.  Returned by ``Driver.execute_query`` and
    ``Result.to_eager_result``.
    """

    #: The records (field 0).
    records: list[_Record]
    #: The :class:`.ResultSummary` (field 1).
    summary: _ResultSummary
    #: The keys of the records (field 2).
    keys: list[str]
