"""
Attribute names and values of the database-client semantic conventions.

Pure helpers (no OpenTelemetry import): the attribute keys, span names,
the low-cardinality query summary and how an error is described.

Query summary
-------------
``db.query.summary`` groups queries by shape, so it must never contain
literal values or user data.  It is the sequence of the query's
top-level clause keywords (``MATCH``, ``OPTIONAL MATCH``, ``RETURN``...)
in order, consecutive repeats collapsed, plus the procedure name after
``CALL`` and the object after ``SHOW``/``CREATE``/``DROP``... of
administration commands (``SHOW INDEXES``).  Only words from fixed sets
and procedure names (identifiers) are ever emitted: string literals,
comments, backtick-quoted names, numbers and anything nested in
brackets are skipped.

Errors
------
``db.response.status_code`` of a server error is its GQLSTATUS (e.g.
``42001``); a server that predates GQL errors only yields the unknown
status ``50N42``, and then its Neo4j code
(``Neo.ClientError.Statement.SyntaxError``) is used instead.
``error.type`` is that same status code for server errors (as the
conventions recommend when the database returns one) and the fully
qualified class name of the exception for every other error
(``neo4j.exceptions.ServiceUnavailable``).
"""

from __future__ import annotations

import functools
import typing as t

from ..exceptions import Neo4jError


__all__ = [
    "DB_NAMESPACE",
    "DB_OPERATION_NAME",
    "DB_QUERY_SUMMARY",
    "DB_QUERY_TEXT",
    "DB_RESPONSE_STATUS_CODE",
    "DB_SYSTEM_NAME",
    "ERROR_TYPE",
    "NEO4J",
    "POOL_NAME",
    "SERVER_ADDRESS",
    "SERVER_PORT",
    "STATE",
    "error_attributes",
    "operation_name",
    "span_name",
    "summarize_query",
]

# -- attribute keys (stable database-client conventions) -------------------
DB_SYSTEM_NAME: t.Final = "db.system.name"
DB_NAMESPACE: t.Final = "db.namespace"
DB_OPERATION_NAME: t.Final = "db.operation.name"
DB_QUERY_SUMMARY: t.Final = "db.query.summary"
DB_QUERY_TEXT: t.Final = "db.query.text"
DB_RESPONSE_STATUS_CODE: t.Final = "db.response.status_code"
SERVER_ADDRESS: t.Final = "server.address"
SERVER_PORT: t.Final = "server.port"
ERROR_TYPE: t.Final = "error.type"
# connection-pool metrics
POOL_NAME: t.Final = "db.client.connection.pool.name"
STATE: t.Final = "db.client.connection.state"
# Neo4j-specific (namespaced as the conventions ask)
ACCESS_MODE: t.Final = "neo4j.access_mode"
TX_OUTCOME: t.Final = "neo4j.transaction.outcome"

NEO4J: t.Final = "neo4j"

#: ``db.operation.name`` per kind of observed work
_OPERATIONS: t.Final[dict[str, str]] = {
    "execute_query": "EXECUTE_QUERY",
    "transaction": "TRANSACTION",
    "query": "RUN",
    "acquire": "ACQUIRE",
}

#: the span name of a connection acquisition (no target is known yet)
ACQUIRE_SPAN_NAME: t.Final = "ACQUIRE CONNECTION"

# GQLSTATUS servers without GQL errors get (see neo4j.exceptions)
_UNKNOWN_GQL_STATUS: t.Final = "50N42"
_UNKNOWN_CODE: t.Final = "Neo.DatabaseError.General.UnknownError"

_SUMMARY_LIMIT: t.Final = 255


def operation_name(kind: str) -> str:
    """The ``db.operation.name`` of a kind of work (upper case)."""
    return _OPERATIONS.get(kind, kind.upper())


def span_name(kind: str, summary: str | None, database: str | None) -> str:
    """The span name per the conventions.

    A query with a summary is named by it; other work is named
    ``{db.operation.name} {db.namespace}`` (the operation alone while
    the database is unknown).
    """
    if kind == "acquire":
        return ACQUIRE_SPAN_NAME
    if kind == "query" and summary:
        return summary
    operation = operation_name(kind)
    return f"{operation} {database}" if database else operation


def error_attributes(error: BaseException) -> tuple[str, str | None]:
    """``(error.type, db.response.status_code)`` of an error.

    :returns: the status code is None for errors not sent by the server
    """
    if isinstance(error, Neo4jError):
        status = error.gql_status
        if status == _UNKNOWN_GQL_STATUS:
            code = error.code
            if code and code != _UNKNOWN_CODE:
                status = code
        return status, status
    cls = type(error)
    module = cls.__module__
    if module == "builtins":
        return cls.__qualname__, None
    return f"{module}.{cls.__qualname__}", None


# -- query summary -----------------------------------------------------------

_CLAUSES: t.Final = frozenset(
    (
        "MATCH", "MERGE", "CREATE", "DELETE", "SET", "REMOVE", "RETURN",
        "WITH", "UNWIND", "CALL", "FOREACH", "UNION", "USE", "FINISH",
        "FILTER", "LET", "INSERT", "NEXT", "SHOW", "DROP", "ALTER",
        "GRANT", "DENY", "REVOKE", "START", "STOP", "TERMINATE",
        "RENAME", "ENABLE", "DEALLOCATE", "REALLOCATE",
    )
)  # fmt: skip
# two-word clauses: first word -> second words that make one clause
_PREFIXES: t.Final[dict[str, frozenset[str]]] = {
    "OPTIONAL": frozenset(("MATCH", "CALL")),
    "DETACH": frozenset(("DELETE",)),
    "NODETACH": frozenset(("DELETE",)),
    "LOAD": frozenset(("CSV",)),
}
# administration commands name the object they act on
_ADMIN: t.Final = frozenset(("SHOW", "CREATE", "DROP", "ALTER"))
_ADMIN_OBJECTS: t.Final = frozenset(
    (
        "INDEX", "INDEXES", "CONSTRAINT", "CONSTRAINTS", "DATABASE",
        "DATABASES", "ALIAS", "ALIASES", "USER", "USERS", "ROLE", "ROLES",
        "PROCEDURES", "FUNCTIONS", "TRANSACTIONS", "SETTINGS", "SERVERS",
        "PRIVILEGES", "COMPOSITE",
    )
)  # fmt: skip
_OPEN: t.Final = "([{"
_CLOSE: t.Final = ")]}"
_IDENT_START: t.Final = frozenset(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_"
)
_IDENT_PART: t.Final = _IDENT_START | frozenset("0123456789")


def _top_level_words(text: str) -> list[str]:
    """Identifiers outside brackets, literals and comments.

    A word right after ``.`` (a property or a procedure namespace part)
    is glued to the previous one: ``db.labels`` stays one word.
    """
    words: list[str] = []
    depth = 0
    i = 0
    n = len(text)
    glue = False
    while i < n:
        ch = text[i]
        if ch in "'\"":
            i = _skip_string(text, i)
            glue = False
        elif ch == "`":
            end = text.find("`", i + 1)
            i = n if end < 0 else end + 1
            glue = False
        elif ch == "/" and text.startswith("//", i):
            end = text.find("\n", i)
            i = n if end < 0 else end + 1
        elif ch == "/" and text.startswith("/*", i):
            end = text.find("*/", i + 2)
            i = n if end < 0 else end + 2
        elif ch in _OPEN:
            if depth == 0:
                # a bracket ends a clause's leading name (CALL {...})
                words.append("")
            depth += 1
            i += 1
            glue = False
        elif ch in _CLOSE:
            depth = max(depth - 1, 0)
            i += 1
            glue = False
        elif ch in _IDENT_START:
            start = i
            while i < n and text[i] in _IDENT_PART:
                i += 1
            if depth == 0:
                word = text[start:i]
                if glue and words:
                    words[-1] += "." + word
                else:
                    words.append(word)
            glue = False
        elif ch == ".":
            glue = (
                depth == 0
                and bool(words)
                and i > 0
                and (text[i - 1] in _IDENT_PART)
            )
            i += 1
        elif ch in "0123456789$":
            # numbers and parameters: skip the whole token
            i += 1
            while i < n and text[i] in _IDENT_PART:
                i += 1
            glue = False
        else:
            if not ch.isspace():
                glue = False
                if depth == 0:
                    # an operator or a literal ends a dotted name
                    words.append("")
            i += 1
    return words


def _skip_string(text: str, i: int) -> int:
    quote = text[i]
    i += 1
    n = len(text)
    while i < n:
        ch = text[i]
        if ch == "\\":
            i += 2
        elif ch == quote:
            return i + 1
        else:
            i += 1
    return n


@functools.lru_cache(maxsize=256)
def summarize_query(text: str) -> str | None:
    """A low-cardinality summary of a Cypher query.

    Cached: applications run the same few query texts again and again.

    :returns: e.g. ``"MATCH RETURN"``, or None if no clause is found
    """
    words = _top_level_words(text)
    parts: list[str] = []
    skip_next = False
    i = 0
    n = len(words)
    while i < n:
        word = words[i].upper()
        i += 1
        if skip_next:
            # the word after ON (ON CREATE SET / ON MATCH SET) or AS
            skip_next = False
            continue
        if word in ("ON", "AS"):
            skip_next = True
            if (
                word == "ON"
                and i < n
                and words[i].upper()
                in (
                    "CREATE",
                    "MATCH",
                )
            ):
                i += 1
                if i < n and words[i].upper() == "SET":
                    i += 1
                skip_next = False
            continue
        seconds = _PREFIXES.get(word)
        if seconds is not None:
            if i < n and words[i].upper() in seconds:
                _add(parts, f"{word} {words[i].upper()}")
                i += 1
            continue
        if word not in _CLAUSES:
            continue
        clause = word
        if word == "CALL" and i < n and _is_procedure(words[i]):
            clause = f"CALL {words[i]}"
            i += 1
        elif word in _ADMIN and i < n and words[i].upper() in _ADMIN_OBJECTS:
            clause = f"{word} {words[i].upper()}"
            i += 1
        elif word == "UNION" and i < n and words[i].upper() == "ALL":
            clause = "UNION ALL"
            i += 1
        _add(parts, clause)
    if not parts:
        return None
    summary = " ".join(parts)
    if len(summary) > _SUMMARY_LIMIT:
        summary = summary[: summary.rfind(" ", 0, _SUMMARY_LIMIT + 1)]
    return summary


def _add(parts: list[str], clause: str) -> None:
    if not parts or parts[-1] != clause:
        parts.append(clause)


def _is_procedure(word: str) -> bool:
    # a dotted name (db.labels, apoc.meta.data) or a plain identifier
    # that is not itself a keyword
    return bool(word) and (
        "." in word or word.upper() not in _CLAUSES | {"YIELD"}
    )
