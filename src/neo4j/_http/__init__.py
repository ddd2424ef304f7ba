"""The Query API v2 (Neo4j's HTTP API) as pure computation (sans-IO).

The HTTP driver (``http://`` and ``https://`` URIs) reuses the whole
work layer of the Bolt drivers (sessions, transactions, results,
retries, bookmarks, summaries): :class:`QueryApiCore` answers the
requests that layer queues with HTTP exchanges instead of Bolt
messages.  Nothing in this package sends or awaits; the I/O shell
(``neo4j._async.http`` and its generated twin) performs the exchanges
:meth:`QueryApiCore.next_request` hands out and feeds the replies to
:meth:`QueryApiCore.receive`.

* :mod:`._values`: the typed JSON of parameters and records
  (``{"$type": "Integer", "_value": "1"}``) both ways.
* :mod:`._temporal`: ISO 8601 and WKT text of temporal and spatial
  values.
* :mod:`._exchange`: paths, request bodies, auth headers, and reply
  bodies turned into Bolt-shaped summary metadata and errors.
* :mod:`._core`: the request pipeline and the transaction state.
"""

from __future__ import annotations

from ._core import QueryApiCore
from ._errors import QueryApiProtocolError
from ._exchange import (
    MEDIA_TYPE,
    HttpReply,
    HttpRequest,
    auth_headers,
    read_body,
)
from ._values import ValueDecoder, encode_parameters, encode_value


__all__ = [
    "MEDIA_TYPE",
    "HttpReply",
    "HttpRequest",
    "QueryApiCore",
    "QueryApiProtocolError",
    "ValueDecoder",
    "auth_headers",
    "encode_parameters",
    "encode_value",
    "read_body",
]
