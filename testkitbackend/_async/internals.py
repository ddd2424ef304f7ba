"""Testing hooks that need driver internals (routing tables, pool).

Testkit asks for things no public API offers (``GetRoutingTable``,
``ForcedRoutingTableUpdate``, ``GetConnectionPoolMetrics``).  They are
answered from the pool of the driver under test; this project's pool
and the official one differ, so each hook knows both shapes and fails
with a clear message on anything else.  ``GetConnectionPoolMetrics`` is
answered from this project's public ``driver.metrics()``.
"""

from __future__ import annotations

import typing as t

import neo4j


def _pool(driver: t.Any) -> t.Any:
    pool = getattr(driver, "_pool", None)
    if pool is None:
        raise NotImplementedError(f"{driver!r} has no connection pool")
    return pool


def _tables(driver: t.Any) -> dict[t.Any, t.Any]:
    tables = getattr(_pool(driver), "routing_tables", None)
    if tables is None:
        raise NotImplementedError(f"{driver!r} has no routing tables")
    return t.cast(dict[t.Any, t.Any], tables)


async def force_routing_table_update(
    driver: t.Any, database: str | None, bookmarks: list[str] | None
) -> None:
    """Fetch a new routing table for ``database`` now."""
    pool = _pool(driver)
    if hasattr(pool, "update_routing_table"):  # the official driver
        async with pool.refresh_lock:
            await pool.update_routing_table(
                database=database, imp_user=None, bookmarks=bookmarks
            )
        return
    fetch = getattr(pool, "_fetch_table", None)
    if fetch is None:
        raise NotImplementedError("the pool cannot refresh routing tables")
    from neo4j._shared.deadline import Deadline

    tables = _tables(driver)
    table = await fetch(
        database, tables.get(database), bookmarks, None, Deadline(None)
    )
    tables[database] = table
    if table.database != database:
        tables[table.database] = table


def routing_table(driver: t.Any, database: str | None) -> dict[str, t.Any]:
    """The ``RoutingTable`` response for ``database``.

    A driver that keeps no table for ``database`` (e.g. dropped after a
    failed fetch) knows no servers for it: reported as an empty table.
    """
    table = _tables(driver).get(database)
    if table is None:
        return {
            "database": database,
            "ttl": 0,
            "routers": [],
            "readers": [],
            "writers": [],
        }
    return {
        "database": table.database,
        "ttl": table.ttl,
        "routers": [str(a) for a in table.routers],
        "readers": [str(a) for a in table.readers],
        "writers": [str(a) for a in table.writers],
    }


#: this project's driver has public metrics (``driver.metrics()``); the
#: official one has not, and refuses the option that enables them
HAS_METRICS: t.Final = hasattr(neo4j, "DriverMetrics")


def metrics_options() -> dict[str, t.Any]:
    """The driver options that make :func:`pool_metrics` work."""
    return {"metrics_enabled": True} if HAS_METRICS else {}


def pool_metrics(driver: t.Any, address: t.Any) -> tuple[int, int]:
    """``(in use, idle)`` connections of ``address``; in use counts the
    connections being opened too (as the official driver reports).  An
    address without a pool has ``(0, 0)``."""
    if HAS_METRICS:
        # the public API (every backend driver has metrics_enabled=True)
        pool = driver.metrics().pool(address)
        return pool.in_use + pool.creating, pool.idle
    pool = _pool(driver)  # the official driver's internals
    connections = list(pool.connections.get(address, ()))
    busy = sum(1 for c in connections if c.in_use)
    opening = pool.connections_reservations[address]
    return busy + opening, len(connections) - busy
