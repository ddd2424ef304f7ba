"""Units of work: queries, eager results and result summaries."""

from __future__ import annotations

from .._api import NotificationClassification
from .eager_result import EagerResult
from .query import (
    Query,
    unit_of_work,
)
from .summary import (
    GqlStatusObject,
    ResultSummary,
    SummaryCounters,
    SummaryInputPosition,
    SummaryNotification,
)


__all__ = [
    "EagerResult",
    "GqlStatusObject",
    "NotificationClassification",
    "Query",
    "ResultSummary",
    "SummaryCounters",
    "SummaryInputPosition",
    "SummaryNotification",
    "unit_of_work",
]
