"""Result summaries and server info in testkit's JSON form."""

from __future__ import annotations

import typing as t
import warnings

from ._cypher import from_native


def _plain(value: t.Any) -> t.Any:
    """Enum members as their value; everything else unchanged."""
    return getattr(value, "value", value)


def address(addr: t.Any) -> str:
    """``host:port``, IPv6 hosts in brackets."""
    host, port = addr[0], addr[1]
    if ":" in str(host):
        return f"[{host}]:{port}"
    return f"{host}:{port}"


def server_info(info: t.Any) -> dict[str, t.Any]:
    return {
        "address": address(info.address),
        "agent": info.agent,
        "protocolVersion": ".".join(map(str, info.protocol_version)),
    }


def _position(pos: t.Any) -> dict[str, int] | None:
    if pos is None:
        return None
    return {"column": pos.column, "offset": pos.offset, "line": pos.line}


def _notification(n: t.Any) -> dict[str, t.Any]:
    out: dict[str, t.Any] = {
        "title": n.title,
        "code": n.code,
        "description": n.description,
        "severityLevel": _plain(n.severity_level.name),
        "category": _plain(n.category.name),
        "severity": n.raw_severity_level,
        "rawCategory": n.raw_category,
        "rawSeverityLevel": n.raw_severity_level,
    }
    position = _position(n.position)
    if position is not None:
        out["position"] = position
    return out


def _gql_status_object(o: t.Any) -> dict[str, t.Any]:
    return {
        "isNotification": o.is_notification,
        "gqlStatus": o.gql_status,
        "statusDescription": o.status_description,
        "position": _position(o.position),
        "classification": _plain(o.classification),
        "rawClassification": o.raw_classification,
        "severity": _plain(o.severity),
        "rawSeverity": o.raw_severity,
        "diagnosticRecord": {
            k: from_native(v) for k, v in o.diagnostic_record.items()
        },
    }


_COUNTERS = (
    ("constraintsAdded", "constraints_added"),
    ("constraintsRemoved", "constraints_removed"),
    ("containsSystemUpdates", "contains_system_updates"),
    ("containsUpdates", "contains_updates"),
    ("indexesAdded", "indexes_added"),
    ("indexesRemoved", "indexes_removed"),
    ("labelsAdded", "labels_added"),
    ("labelsRemoved", "labels_removed"),
    ("nodesCreated", "nodes_created"),
    ("nodesDeleted", "nodes_deleted"),
    ("propertiesSet", "properties_set"),
    ("relationshipsCreated", "relationships_created"),
    ("relationshipsDeleted", "relationships_deleted"),
    ("systemUpdates", "system_updates"),
)


def summary(s: t.Any) -> dict[str, t.Any]:
    """The testkit ``Summary`` of a :class:`neo4j.ResultSummary`."""
    # the summary notification API is deprecated but testkit checks it
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if s.notifications is None:
            gql_aware = tuple(s.server.protocol_version) >= (5, 5)
            notifications: list[t.Any] | None = [] if gql_aware else None
        else:
            notifications = [_notification(n) for n in s.summary_notifications]
        gql_objects = [_gql_status_object(o) for o in s.gql_status_objects]
    counters = s.counters
    return {
        "serverInfo": server_info(s.server),
        "counters": {
            name: getattr(counters, attr) for name, attr in _COUNTERS
        },
        "database": s.database,
        "notifications": notifications,
        "gqlStatusObjects": gql_objects,
        "plan": s.plan,
        "profile": s.profile,
        "query": {
            "text": s.query,
            "parameters": {
                k: from_native(v) for k, v in (s.parameters or {}).items()
            },
        },
        "queryType": s.query_type,
        "resultAvailableAfter": s.result_available_after,
        "resultConsumedAfter": s.result_consumed_after,
    }
