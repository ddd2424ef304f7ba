"""A tiny async module: the input of the make-unasync sample test."""

from __future__ import annotations

import typing as t

from neo4j._sync.work import Workspace
from neo4j._async_compat import Lock, Util


class Counter(Workspace):
    """Counts records of an :class:`Result`.

    Example::

        with Counter() as counter:
            total = counter.count(result)
    """

    def __init__(self) -> None:
        self._lock = Lock()
        self._done = False

    def __enter__(self) -> Counter:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def count(self, records: t.Iterable[int]) -> int:
        total = 0
        with self._lock:
            for _ in records:
                total += 1
        return total

    def count_later(self, records: t.Iterable[int]) -> int:
        return self.count(records)

    def close(self) -> None:
        if Util.is_async_code:
            Util.sleep(0)
        self._done = True
