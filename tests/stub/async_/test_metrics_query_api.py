"""``driver.metrics()`` of the Query API (HTTP) driver (async twin).

It has no Bolt pool, so no pool metrics; the work counters count as
with Bolt.  ``tests/stub/sync/test_metrics_query_api.py`` is generated.
"""

from __future__ import annotations

import typing as t
import warnings

from neo4j._async.driver import AsyncGraphDatabase
from neo4j.warnings import PreviewWarning
from tests.queryapi_stub import (
    ANY,
    Exchange,
    QueryApiStub,
    error_reply,
    query_reply,
)


AUTH = ("neo4j", "pass")
TX = "/db/neo4j/query/v2/tx"


def _integer(value: int) -> dict[str, t.Any]:
    return {"$type": "Integer", "_value": str(value)}


def _begun(tx_id: str) -> Exchange:
    return Exchange(
        "POST",
        TX,
        ANY,
        202,
        {"transaction": {"id": tx_id, "expires": "2030-01-01T00:00:00Z"}},
    )


async def test_work_counters_without_pools() -> None:
    with QueryApiStub() as stub:
        stub.add(
            _begun("tx-1"),
            Exchange(
                "POST",
                f"{TX}/tx-1",
                ANY,
                400,
                error_reply(
                    "Neo.TransientError.Transaction.DeadlockDetected",
                    "deadlock",
                ),
            ),
            _begun("tx-2"),
            Exchange(
                "POST",
                f"{TX}/tx-2",
                ANY,
                reply=query_reply(["n"], [[_integer(5)]]),
            ),
            Exchange("POST", f"{TX}/tx-2/commit", reply={}),
        )
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", PreviewWarning)
            driver = AsyncGraphDatabase.driver(
                stub.uri, auth=AUTH, metrics_enabled=True
            )

        async def work(tx: t.Any) -> int:
            record = await (await tx.run("RETURN 5 AS n")).single()
            return int(record["n"])

        async with driver.session(
            database="neo4j", initial_retry_delay=0.0
        ) as session:
            assert await session.execute_write(work) == 5
        metrics = driver.metrics()
        await driver.close()
        stub.assert_done()
    assert dict(metrics.pools) == {}
    assert metrics.queries == 2
    assert metrics.retries == 1
    assert metrics.transactions_committed == 1
    assert metrics.transactions_rolled_back == 1
    assert metrics.routing_table_refreshes == 0
