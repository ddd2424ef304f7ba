"""Hand-written async/sync pairs: the only code that touches the runtime.

Everything under :mod:`neo4j._async` is written once, against the ``Async*``
names exported here, and ``bin/make-unasync`` rewrites those names to their
synchronous twins (``AsyncUtil`` -> ``Util``, ``AsyncBoltSocket`` ->
``BoltSocket``, ...) to produce :mod:`neo4j._sync`.  Each pair therefore
offers the same methods with the same meaning; only the ``async`` differs.
"""

from __future__ import annotations

from .concurrency import (
    AsyncCondition,
    AsyncCooperativeLock,
    AsyncLock,
    Condition,
    CooperativeLock,
    Lock,
)
from .network import (
    AsyncBoltSocket,
    AsyncNetworkUtil,
    BoltSocket,
    NetworkUtil,
)
from .util import AsyncUtil, Util


__all__ = [
    "AsyncBoltSocket",
    "AsyncCondition",
    "AsyncCooperativeLock",
    "AsyncLock",
    "AsyncNetworkUtil",
    "AsyncUtil",
    "BoltSocket",
    "Condition",
    "CooperativeLock",
    "Lock",
    "NetworkUtil",
    "Util",
]
