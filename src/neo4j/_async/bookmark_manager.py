"""The default bookmark manager (``AsyncGraphDatabase.bookmark_manager``)."""

from __future__ import annotations

import typing as t

from .._async_compat import AsyncCooperativeLock, AsyncUtil
from ..api import AsyncBookmarkManager, Bookmarks


__all__ = ["AsyncNeo4jBookmarkManager"]

if t.TYPE_CHECKING:
    _TBmSupplier: t.TypeAlias = t.Callable[
        [], Bookmarks | t.Awaitable[Bookmarks]
    ]
    _TBmConsumer: t.TypeAlias = t.Callable[
        [Bookmarks], t.Awaitable[None] | None
    ]


class AsyncNeo4jBookmarkManager(AsyncBookmarkManager):
    """In-memory bookmark manager, safe to share between sessions.

    :param initial_bookmarks: bookmarks to start with
    :param bookmarks_supplier: called by :meth:`get_bookmarks`; what it
        returns is added to the managed bookmarks (not stored)
    :param bookmarks_consumer: called with all managed bookmarks after
        each update
    """

    def __init__(
        self,
        initial_bookmarks: Bookmarks | None = None,
        bookmarks_supplier: _TBmSupplier | None = None,
        bookmarks_consumer: _TBmConsumer | None = None,
    ) -> None:
        super().__init__()
        self._supplier = bookmarks_supplier
        self._consumer = bookmarks_consumer
        self._held_bookmarks: set[str] = (
            set(initial_bookmarks.raw_values) if initial_bookmarks else set()
        )
        self._lock = AsyncCooperativeLock()

    async def update_bookmarks(
        self,
        previous_bookmarks: t.Collection[str],
        new_bookmarks: t.Collection[str],
    ) -> None:
        """Replace ``previous_bookmarks`` by ``new_bookmarks``.

        :param previous_bookmarks: what the finished work started with
        :param new_bookmarks: what it ended with (nothing happens if
            empty)
        """
        if not new_bookmarks:
            return
        with self._lock:
            self._held_bookmarks.difference_update(previous_bookmarks)
            self._held_bookmarks.update(new_bookmarks)
            snapshot = (
                Bookmarks.from_raw_values(self._held_bookmarks)
                if self._consumer is not None
                else None
            )
        if self._consumer is not None and snapshot is not None:
            await AsyncUtil.callback(self._consumer, snapshot)

    async def get_bookmarks(self) -> set[str]:
        """All managed bookmarks plus the supplier's.

        :returns: a new set
        """
        with self._lock:
            bookmarks = set(self._held_bookmarks)
        if self._supplier is not None:
            extra = await AsyncUtil.callback(self._supplier)
            bookmarks.update(extra.raw_values)
        return bookmarks
