"""Sessions, transactions and results."""

from __future__ import annotations

from .result import AsyncResult
from .session import AsyncSession
from .transaction import (
    AsyncManagedTransaction,
    AsyncTransaction,
    AsyncTransactionBase,
)
from .workspace import AsyncWorkspace


__all__ = [
    "AsyncManagedTransaction",
    "AsyncResult",
    "AsyncSession",
    "AsyncTransaction",
    "AsyncTransactionBase",
    "AsyncWorkspace",
]
