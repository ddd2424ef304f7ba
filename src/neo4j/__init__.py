"""
A fast Bolt driver for Neo4j, API compatible with the official driver 6.x.

Deprecated names (``NotificationCategory``, ``NotificationDisabledCategory``,
``SummaryNotification`` and ``PreviewWarning``) are served by the module
``__getattr__`` with a :class:`DeprecationWarning`; the preview drivers
of the Query API (``HttpDriver``, ``AsyncHttpDriver``) with a
:class:`~neo4j.warnings.PreviewWarning`.
"""

from __future__ import annotations

import typing as _t

# submodules that ``import neo4j`` makes available as attributes (as the
# official driver does: ``neo4j.time.DateTime`` works without importing
# ``neo4j.time`` first)
from . import (  # noqa: F401
    auth_management,
    time,
    types,
    vector,
)
from ._addressing import (
    Address,
    IPv4Address,
    IPv6Address,
)
from ._api import (
    NotificationCategory as _NotificationCategory,
    NotificationDisabledCategory as _NotificationDisabledCategory,
    NotificationDisabledClassification,
    NotificationMinimumSeverity,
    NotificationSeverity,
    RoutingControl,
    TrustAll,
    TrustCustomCAs,
    TrustSystemCAs,
)
from ._async.driver import (
    AsyncBoltDriver,
    AsyncDriver,
    AsyncGraphDatabase,
    AsyncHttpDriver as _AsyncHttpDriver,
    AsyncNeo4jDriver,
)
from ._async.work import (
    AsyncManagedTransaction,
    AsyncResult,
    AsyncSession,
    AsyncTransaction,
)
from ._data import Record
from ._meta import (
    get_user_agent,
    version as __version__,
)
from ._shared.metrics import (
    ConnectionPoolMetrics,
    DriverMetrics,
)
from ._sync.driver import (
    BoltDriver,
    Driver,
    GraphDatabase,
    HttpDriver as _HttpDriver,
    Neo4jDriver,
)
from ._sync.work import (
    ManagedTransaction,
    Result,
    Session,
    Transaction,
)
from ._warnings import (
    deprecation_warn as _deprecation_warn,
    preview_warn as _preview_warn,
)
from ._work import (
    EagerResult,
    GqlStatusObject,
    NotificationClassification,
    Query,
    ResultSummary,
    SummaryCounters,
    SummaryInputPosition,
    SummaryNotification as _SummaryNotification,
    unit_of_work,
)
from .api import (
    DEFAULT_DATABASE,
    READ_ACCESS,
    SYSTEM_DATABASE,
    WRITE_ACCESS,
    Auth,
    AuthToken,
    Bookmarks,
    ServerInfo,
    basic_auth,
    bearer_auth,
    custom_auth,
    kerberos_auth,
)
from .warnings import PreviewWarning as _PreviewWarning


if _t.TYPE_CHECKING:
    from ._api import (
        NotificationCategory,
        NotificationDisabledCategory,
    )
    from ._async.driver import AsyncHttpDriver
    from ._sync.driver import HttpDriver
    from ._work import SummaryNotification
    from .warnings import PreviewWarning


__all__ = [
    "DEFAULT_DATABASE",
    "READ_ACCESS",
    "SYSTEM_DATABASE",
    "WRITE_ACCESS",
    "Address",
    "AsyncBoltDriver",
    "AsyncDriver",
    "AsyncGraphDatabase",
    "AsyncHttpDriver",
    "AsyncManagedTransaction",
    "AsyncNeo4jDriver",
    "AsyncResult",
    "AsyncSession",
    "AsyncTransaction",
    "Auth",
    "AuthToken",
    "BoltDriver",
    "Bookmarks",
    "ConnectionPoolMetrics",
    "Driver",
    "DriverMetrics",
    "EagerResult",
    "GqlStatusObject",
    "GraphDatabase",
    "HttpDriver",
    "IPv4Address",
    "IPv6Address",
    "ManagedTransaction",
    "Neo4jDriver",
    "NotificationCategory",
    "NotificationClassification",
    "NotificationDisabledCategory",
    "NotificationDisabledClassification",
    "NotificationMinimumSeverity",
    "NotificationSeverity",
    "PreviewWarning",
    "Query",
    "Record",
    "Result",
    "ResultSummary",
    "RoutingControl",
    "ServerInfo",
    "Session",
    "SummaryCounters",
    "SummaryInputPosition",
    "SummaryNotification",
    "Transaction",
    "TrustAll",
    "TrustCustomCAs",
    "TrustSystemCAs",
    "__version__",
    "basic_auth",
    "bearer_auth",
    "custom_auth",
    "get_user_agent",
    "kerberos_auth",
    "unit_of_work",
]


# name -> (object, deprecation message)
_DEPRECATED: dict[str, tuple[object, str]] = {
    "SummaryNotification": (
        _SummaryNotification,
        (
            "SummaryNotification and related APIs are deprecated. "
            "Use GqlStatusObjects and related APIs instead."
        ),
    ),
    "NotificationCategory": (
        _NotificationCategory,
        (
            "NotificationCategory is deprecated. "
            "Use NotificationClassification instead."
        ),
    ),
    "NotificationDisabledCategory": (
        _NotificationDisabledCategory,
        (
            "NotificationDisabledCategory is deprecated. "
            "Use NotificationDisabledClassification instead."
        ),
    ),
    "PreviewWarning": (
        _PreviewWarning,
        (
            "Importing PreviewWarning from `neo4j` is deprecated and will "
            "be removed in a future version. Import it from "
            "`neo4j.warnings` instead."
        ),
    ),
}


#: preview names, served with a PreviewWarning (as the official driver)
_PREVIEW: dict[str, object] = {
    "AsyncHttpDriver": _AsyncHttpDriver,
    "HttpDriver": _HttpDriver,
}


def __getattr__(name: str) -> _t.Any:
    entry = _DEPRECATED.get(name)
    if entry is not None:
        _deprecation_warn(entry[1], stack_level=2)
        return entry[0]
    preview = _PREVIEW.get(name)
    if preview is not None:
        _preview_warn(
            f"{name} is part of Query API/HTTP support, which is a preview "
            "feature.",
            stack_level=2,
        )
        return preview
    raise AttributeError(f"module {__name__} has no attribute {name}")


def __dir__() -> list[str]:
    return list(__all__)
