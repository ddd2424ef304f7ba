"""What a forked child does with objects its parent made.

A child process made by :func:`os.fork` inherits the parent's open
sockets, its locks in whatever state other threads held them, and its
event loops.  Writing to an inherited Bolt connection would interleave
with the parent's messages on the same TCP stream, so every object that
owns connections registers here and, in the child only, drops what it
inherited (without a GOODBYE, a TLS close or a shutdown, all of which
would reach the parent's peer) and starts over.

Objects are held weakly: registering never keeps a driver alive.
"""

from __future__ import annotations

import os
import typing as t
import weakref


__all__ = ["ForkAware", "forks_seen", "register"]


class ForkAware(t.Protocol):
    """Something that resets itself in a forked child."""

    def after_fork_in_child(self) -> None:
        """Forget inherited connections and locks (child only)."""


_registered: weakref.WeakSet[t.Any] = weakref.WeakSet()
_hooked = False
_forks = 0


def register(obj: ForkAware) -> None:
    """Call ``obj.after_fork_in_child()`` in every future forked child."""
    global _hooked
    _registered.add(obj)
    if not _hooked and hasattr(os, "register_at_fork"):
        os.register_at_fork(after_in_child=_reset_all)
        _hooked = True


def forks_seen() -> int:
    """How many forks this process descends from since import (0 in
    the original process): objects compare it to the value they saw to
    tell that they now live in a child."""
    return _forks


def _reset_all() -> None:
    global _forks
    _forks += 1
    for obj in list(_registered):
        try:
            obj.after_fork_in_child()
        except Exception:
            # an object that cannot reset stays unusable in the child,
            # its own checks report that when it is used
            pass
