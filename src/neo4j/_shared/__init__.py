"""
Driver logic that both twins share, free of I/O.

The async driver (:mod:`neo4j._async`) and its generated sync twin
(:mod:`neo4j._sync`) keep their sockets, locks and waits to themselves;
everything they decide without I/O lives here, written once:

* :mod:`.conf`: driver and session configuration, defaults and checks;
* :mod:`.tls`: building the :class:`ssl.SSLContext` for a driver;
* :mod:`.pool_state`: connection pool bookkeeping, changed under the
  pool's lock as plain state transitions;
* :mod:`.routing_table` and :mod:`.routing_policy`: routing tables, their
  freshness and which router or server to try next;
* :mod:`.retry` and :mod:`.deadline`: retry back-off and time budgets.

This layer imports the protocol core and the API modules below it, never
the twins above it (see the import-linter contracts in ``pyproject.toml``).
"""
