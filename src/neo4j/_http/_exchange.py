"""Requests and replies of the Query API v2, as plain data.

Paths (relative to the server's base URL, which may carry a prefix):

* ``GET /`` - discovery: the server's version (``neo4j_version``)
* ``POST db/<db>/query/v2`` - one query in its own transaction
* ``POST db/<db>/query/v2/tx`` - open a transaction (its id comes back)
* ``POST db/<db>/query/v2/tx/<id>`` - a query inside it
* ``POST db/<db>/query/v2/tx/<id>/commit`` - commit
* ``DELETE db/<db>/query/v2/tx/<id>`` - roll back

A server in a cluster answers BEGIN with a ``neo4j-cluster-affinity``
header; the requests of that transaction send it back so that a load
balancer keeps them on the member that holds the transaction.

Replies are JSON: ``data`` (``fields`` and ``values``, the records),
``counters``, ``bookmarks``, ``notifications``, ``queryPlan`` or
``profiledQueryPlan``, and ``errors`` (a list of ``code`` and
``message``).  This module turns them into the metadata the result
summary reads from a Bolt SUCCESS, so summaries are built by the same
code for both protocols.
"""

from __future__ import annotations

import base64
import json
import re
import typing as t
import urllib.parse

from .._auth_management import to_auth_dict
from ..exceptions import ConfigurationError, Neo4jError
from ._errors import QueryApiProtocolError, expect
from ._values import encode_parameters


if t.TYPE_CHECKING:
    from ._values import ValueDecoder


__all__ = [
    "AFFINITY_HEADER",
    "MEDIA_TYPE",
    "HttpReply",
    "HttpRequest",
    "auth_headers",
    "bookmark_of",
    "check_database",
    "failure_of",
    "query_fields",
    "read_body",
    "summary_metadata",
    "transaction_id",
]

MEDIA_TYPE: t.Final = "application/vnd.neo4j.query"
AFFINITY_HEADER: t.Final = "neo4j-cluster-affinity"

#: what the server's URL scheme lets through unescaped; names of three
#: or more of these characters, as the official driver accepts
_DATABASE_NAME: t.Final = re.compile(r"[a-zA-Z0-9.-]{3,}")


class HttpRequest(t.NamedTuple):
    """One HTTP exchange for the shell to perform.

    :param method: ``GET``, ``POST`` or ``DELETE``
    :param path: relative to the base URL (no leading slash)
    :param body: the JSON body, or None
    :param headers: request headers (credentials included: never log)
    """

    method: str
    path: str
    body: bytes | None
    headers: dict[str, str]


class HttpReply(t.NamedTuple):
    """What the server answered.

    :param status: HTTP status code
    :param reason: the status text, if any
    :param headers: response headers, names in lower case
    :param body: the raw body
    """

    status: int
    reason: str | None
    headers: t.Mapping[str, str]
    body: bytes


# -- requests --------------------------------------------------------------


def auth_headers(token: object) -> dict[str, str]:
    """The ``Authorization`` header for an auth token.

    Only ``basic`` (without realm or extra parameters) and ``bearer``
    exist over HTTP.

    :param token: an :class:`~neo4j.Auth`, a ``(user, password)`` tuple
    :raises ConfigurationError: any other scheme or field
    """
    fields = to_auth_dict(token)
    scheme = fields.pop("scheme", None)
    if scheme == "basic":
        user = str(fields.pop("principal", ""))
        if ":" in user:
            raise ConfigurationError(
                "The username over Query API/HTTP cannot contain a colon "
                "(':')."
            )
        password = str(fields.pop("credentials", ""))
        _refuse_extra_fields(scheme, fields)
        pair = f"{user}:{password}".encode()
        return {"Authorization": "Basic " + base64.b64encode(pair).decode()}
    if scheme == "bearer":
        secret = str(fields.pop("credentials", ""))
        _refuse_extra_fields(scheme, fields)
        return {"Authorization": f"Bearer {secret}"}
    shown = "none" if scheme is None else scheme
    raise ConfigurationError(
        f"The auth scheme '{shown}' is not supported over Query API/HTTP."
    )


def _refuse_extra_fields(scheme: str, fields: dict[str, t.Any]) -> None:
    for name, value in fields.items():
        if value is None or value == "" or value == {}:
            continue
        raise ConfigurationError(
            f"The parameter '{name}' is not supported for '{scheme}' auth "
            "over Query API/HTTP."
        )


def check_database(name: str | None) -> str:
    """The database name as it goes into the URL.

    :raises ConfigurationError: no name (the Query API cannot resolve the
        home database) or one the URL cannot carry
    """
    if not name:
        raise ConfigurationError(
            "Home database resolution is not supported via the Query "
            "API/HTTP. An explicit database name must be specified."
        )
    if not _DATABASE_NAME.fullmatch(name):
        raise ConfigurationError(
            f"The specified database name {name!r} is not supported via "
            "Query API/HTTP. It may only contain 'a..z', 'A..Z', '0..9', "
            "'.', '-' and must be at least 3 characters long."
        )
    return name


def quoted(part: str) -> str:
    """A path segment, escaped."""
    return urllib.parse.quote(part, safe="")


def json_body(members: dict[str, t.Any]) -> bytes:
    """Compact JSON, UTF-8."""
    return json.dumps(members, separators=(",", ":")).encode()


def query_body(
    query: str,
    parameters: t.Mapping[str, t.Any] | None,
    extra: dict[str, t.Any],
) -> bytes:
    """The body of a query request (``extra``: access mode, bookmarks,
    impersonated user of an auto-commit query).

    :raises TypeError: a parameter map key is not a string
    :raises ValueError: a parameter cannot travel over the Query API
    """
    members: dict[str, t.Any] = {"statement": query, "includeCounters": True}
    if parameters:
        members["parameters"] = encode_parameters(parameters)
    members.update(extra)
    return json_body(members)


def transaction_extra(
    mode: str | None,
    bookmarks: t.Iterable[str] | None,
    imp_user: str | None,
) -> dict[str, t.Any]:
    """The members opening a transaction (BEGIN or auto-commit)."""
    extra: dict[str, t.Any] = {}
    if mode in ("r", "READ"):
        extra["accessMode"] = "Read"
    marks = list(bookmarks or ())
    if marks:
        extra["bookmarks"] = marks
    if imp_user:
        extra["impersonatedUser"] = imp_user
    return extra


# -- replies ---------------------------------------------------------------


def read_body(reply: HttpReply) -> t.Any:
    """The parsed JSON body (``{}`` when empty).

    :raises QueryApiProtocolError: not JSON
    """
    if not reply.body:
        return {}
    try:
        return json.loads(reply.body)
    except ValueError as exc:
        raise QueryApiProtocolError("Invalid JSON response") from exc


def _http_error(reply: HttpReply, body: object) -> RuntimeError:
    text = f"HTTP error {reply.status}: {body}"
    if reply.reason:
        text += f" - ({reply.reason})"
    return RuntimeError(text)


def failure_of(reply: HttpReply, body: t.Any) -> Neo4jError | None:
    """The server error a reply carries, None for a success.

    :raises RuntimeError: a failed exchange without a Neo4j error (a
        proxy's error page, a 404 of a wrong base URL...)
    """
    errors = body.get("errors") if isinstance(body, dict) else None
    if not isinstance(body, dict):
        raise _http_error(reply, body)
    if reply.status < 300 and not errors:
        return None
    if not isinstance(errors, list) or not errors:
        raise _http_error(reply, body)
    # several errors: the last one is the cause the server ended with
    error = errors[-1]
    code = error.get("code") if isinstance(error, dict) else None
    message = error.get("message") if isinstance(error, dict) else None
    if not isinstance(code, str) or not isinstance(message, str):
        raise _http_error(reply, body)
    return Neo4jError._from_neo4j_failure(code=code, message=message)


def query_fields(body: dict[str, t.Any]) -> tuple[list[str], list[t.Any]]:
    """The keys and the raw record values of a query reply."""
    data = body.get("data", {})
    if not isinstance(data, dict):
        raise expect("dict", data)
    fields = data.get("fields", [])
    values = data.get("values", [])
    if not isinstance(fields, list) or not all(
        isinstance(f, str) for f in fields
    ):
        raise expect("list of strings", fields)
    if not isinstance(values, list):
        raise expect("list", values)
    return fields, values


def transaction_id(body: t.Any) -> str:
    """The id of the transaction a BEGIN opened."""
    transaction = body.get("transaction") if isinstance(body, dict) else None
    tx_id = transaction.get("id") if isinstance(transaction, dict) else None
    if not isinstance(tx_id, str):
        raise expect("transaction id", body)
    return tx_id


def bookmark_of(body: t.Any) -> str | None:
    """The bookmark of a commit (None: the server sent none)."""
    marks = body.get("bookmarks", []) if isinstance(body, dict) else []
    if not isinstance(marks, list) or not all(
        isinstance(m, str) for m in marks
    ):
        raise expect("list of strings", marks)
    if not marks:
        return None
    if len(marks) > 1:
        raise QueryApiProtocolError(
            "Multiple bookmarks returned from Query API/HTTP, but only a "
            "single bookmark is supported."
        )
    return t.cast(str, marks[0])


#: Query API counter -> Bolt statistics key (what the summary reads)
_COUNTERS: t.Final = {
    "nodesCreated": "nodes-created",
    "nodesDeleted": "nodes-deleted",
    "relationshipsCreated": "relationships-created",
    "relationshipsDeleted": "relationships-deleted",
    "propertiesSet": "properties-set",
    "labelsAdded": "labels-added",
    "labelsRemoved": "labels-removed",
    "indexesAdded": "indexes-added",
    "indexesRemoved": "indexes-removed",
    "constraintsAdded": "constraints-added",
    "constraintsRemoved": "constraints-removed",
    "systemUpdates": "system-updates",
    "containsUpdates": "contains-updates",
    "containsSystemUpdates": "contains-system-updates",
}

#: Query API ``queryType`` -> the Bolt ``type`` letters
_QUERY_TYPES: t.Final = {
    "READ_ONLY": "r",
    "READ_WRITE": "rw",
    "WRITE_ONLY": "w",
    "SCHEMA_WRITE": "s",
    "r": "r",
    "rw": "rw",
    "w": "w",
    "s": "s",
}


def _statistics(counters: object) -> dict[str, t.Any]:
    if not isinstance(counters, dict):
        raise expect("dict", counters)
    # counters a later server adds are skipped, not fatal
    return {
        _COUNTERS[name]: value
        for name, value in counters.items()
        if name in _COUNTERS
    }


def _plan(plan: t.Any, decoder: ValueDecoder, profiled: bool) -> t.Any:
    """A plan in the shape of Bolt's: ``args`` (values decoded),
    ``rows``, no empty ``children``."""
    if not isinstance(plan, dict):
        return plan
    shaped = dict(plan)
    if "arguments" in shaped:
        arguments = shaped.pop("arguments")
        if isinstance(arguments, dict):
            arguments = {
                key: _maybe_typed(value, decoder)
                for key, value in arguments.items()
            }
        shaped["args"] = arguments
    if profiled:
        if "records" in shaped:
            shaped["rows"] = shaped.pop("records")
        shaped.pop("hasPageCacheStats", None)
    children = shaped.get("children")
    if isinstance(children, list):
        if children:
            shaped["children"] = [
                _plan(child, decoder, profiled) for child in children
            ]
        else:
            del shaped["children"]
    return shaped


def _maybe_typed(value: t.Any, decoder: ValueDecoder) -> t.Any:
    try:
        return decoder.decode(value)
    except Exception:
        return value


def _notification(raw: t.Any) -> t.Any:
    if isinstance(raw, dict) and raw.get("position", "") is None:
        raw = {k: v for k, v in raw.items() if k != "position"}
    return raw


def summary_metadata(
    body: dict[str, t.Any], decoder: ValueDecoder
) -> dict[str, t.Any]:
    """The summary part of a query reply, with Bolt's key names."""
    metadata: dict[str, t.Any] = {
        "stats": _statistics(body.get("counters", {}))
    }
    notifications = body.get("notifications")
    if isinstance(notifications, list):
        metadata["notifications"] = [_notification(n) for n in notifications]
    for member, key in (
        ("queryPlan", "plan"),
        ("profiledQueryPlan", "profile"),
    ):
        plan = body.get(member)
        if plan:
            metadata[key] = _plan(plan, decoder, key == "profile")
    for member, key in (
        ("resultAvailableAfter", "result_available_after"),
        ("resultConsumedAfter", "result_consumed_after"),
    ):
        value = body.get(member)
        if isinstance(value, int) and not isinstance(value, bool):
            metadata[key] = value
    query_type = _QUERY_TYPES.get(str(body.get("queryType")))
    if query_type is not None:
        metadata["type"] = query_type
    return metadata
