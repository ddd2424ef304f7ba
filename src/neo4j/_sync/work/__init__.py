# This file is generated from src/neo4j/_async/work/__init__.py by bin/make-unasync; do not edit.
# make-unasync digest: f1bb7a17cf9a5e22a5346acd35756ea9672e3bedac0091dd329142d16c85a12d
"""Sessions, transactions and results."""

from __future__ import annotations

from .result import Result
from .session import Session
from .transaction import (
    ManagedTransaction,
    Transaction,
    TransactionBase,
)
from .workspace import Workspace


__all__ = [
    "ManagedTransaction",
    "Result",
    "Session",
    "Transaction",
    "TransactionBase",
    "Workspace",
]
