"""Units of work: queries, eager results (and later the result summary)."""

from __future__ import annotations

from .._api import NotificationClassification
from .eager_result import EagerResult
from .query import (
    Query,
    unit_of_work,
)


__all__ = [
    "EagerResult",
    "NotificationClassification",
    "Query",
    "unit_of_work",
]
