"""``execute_query`` on a routing driver: routing and the home database
follow ``impersonated_user_``."""

from __future__ import annotations

import typing as t

from neo4j._async.driver import AsyncGraphDatabase

from .fake_bolt import (
    SUCCESS,
    FakeBoltServer,
    FakeConnection,
    Reply,
    default_handler,
)


AUTH = ("neo4j", "pass")


# -- B7: execute_query with impersonated_user_ on a routing driver --------


def _routing_handler(
    calls: list[tuple[str, list[t.Any]]],
) -> t.Callable[..., list[Reply]]:
    def handler(
        conn: FakeConnection, name: str, fields: list[t.Any]
    ) -> list[Reply]:
        calls.append((name, fields))
        if name == "ROUTE":
            address = f"127.0.0.1:{conn.server.port}"
            return [
                (
                    SUCCESS,
                    {
                        "rt": {
                            "ttl": 1000,
                            "db": "adb",
                            "servers": [
                                {"addresses": [address], "role": role}
                                for role in ("ROUTE", "READ", "WRITE")
                            ],
                        }
                    },
                )
            ]
        return default_handler(conn, name, fields)

    return handler


async def test_execute_query_impersonated_user_routes_as_that_user() -> None:
    calls: list[tuple[str, list[t.Any]]] = []
    with FakeBoltServer(_routing_handler(calls), version=(5, 0)) as server:
        uri = f"neo4j://127.0.0.1:{server.port}"
        async with AsyncGraphDatabase.driver(uri, auth=AUTH) as driver:
            result = await driver.execute_query(
                "RETURN 1 AS n", impersonated_user_="that-other-dude"
            )
            assert [record["x"] for record in result.records] == [
                "RETURN 1 AS n"
            ]
            # the driver's own home database is not that user's one
            async with driver.session() as session:
                await (await session.run("1")).consume()
    routes = [fields for name, fields in calls if name == "ROUTE"]
    assert routes[0][2] == {"imp_user": "that-other-dude"}
    assert routes[1][2] == {}
    begins = [fields for name, fields in calls if name == "BEGIN"]
    assert begins == [[{"imp_user": "that-other-dude", "db": "adb"}]]
