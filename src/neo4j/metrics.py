"""Driver metrics: the snapshots :meth:`neo4j.Driver.metrics` returns.

Create the driver with ``metrics_enabled=True``; then
``driver.metrics()`` returns a :class:`DriverMetrics`, an immutable
snapshot of the work counters and, per server address, a
:class:`ConnectionPoolMetrics`::

    driver = neo4j.GraphDatabase.driver(uri, auth=auth, metrics_enabled=True)
    ...
    pool = driver.metrics().pool("localhost:7687")
    print(pool.in_use, pool.idle, pool.acquisition_time_total)

An extension of this driver: the official driver has no public pool
metrics.  See the observability page of the documentation.
"""

from __future__ import annotations

from ._shared.metrics import ConnectionPoolMetrics, DriverMetrics


__all__ = [
    "ConnectionPoolMetrics",
    "DriverMetrics",
]
