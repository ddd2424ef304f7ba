"""
The default bookmark manager (``AsyncGraphDatabase.bookmark_manager``).

The managed bookmarks are one immutable :class:`frozenset` that an update
replaces as a whole (copy on write).  Readers therefore take no lock: they
see either the old or the new set, never a half-done update.  Only writers
serialize, so that two concurrent updates cannot lose each other's
bookmarks.  User callbacks always run outside the lock.
"""

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
        # iterating Bookmarks yields its raw strings
        self._known_set: frozenset[str] = frozenset(initial_bookmarks or ())
        self._extra_source = bookmarks_supplier
        self._change_listener = bookmarks_consumer
        self._writer_guard = AsyncCooperativeLock()

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
        if new_bookmarks:
            snapshot = self._swap(previous_bookmarks, new_bookmarks)
            listener = self._change_listener
            if listener is not None:
                await AsyncUtil.callback(
                    listener, Bookmarks.from_raw_values(snapshot)
                )

    def _swap(
        self, dropped: t.Collection[str], added: t.Collection[str]
    ) -> frozenset[str]:
        # the only writer section; returns the set it installed
        with self._writer_guard:
            replacement = self._known_set.difference(dropped).union(added)
            self._known_set = replacement
        return replacement

    async def get_bookmarks(self) -> set[str]:
        """All managed bookmarks plus the supplier's.

        :returns: a new set
        """
        combined = set(self._known_set)
        source = self._extra_source
        if source is not None:
            combined.update(await AsyncUtil.callback(source))
        return combined
