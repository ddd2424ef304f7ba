"""Bolt 6.1: UUIDs (PackStream 2) in both directions (async twin).

``tests/stub/sync/test_types_v6_1.py`` is generated from this file.  A
UUID is marker ``E0`` followed by its 16 bytes; the driver negotiates
6.1 through the manifest when the server offers it, sends
:class:`uuid.UUID` parameters natively then, and receives UUIDs as
:class:`uuid.UUID`.  Before 6.1 a UUID parameter is refused before
anything is sent.
"""

from __future__ import annotations

import typing as t
import uuid

import pytest

from neo4j._async.driver import AsyncDriver
from tests.stub.server import StubServers


MakeDriver = t.Callable[..., AsyncDriver]

VALUE = uuid.UUID("550e8400-e29b-41d4-a716-446655440000")
OTHER = uuid.UUID("123e4567-e89b-12d3-a456-426614174000")

HEADER = (
    "!: BOLT 6.1\n!: MANIFEST\n"
    "!: AUTO HELLO\n!: AUTO LOGON\n!: AUTO GOODBYE\n!: AUTO RESET\n"
)


async def test_negotiates_6_1_and_carries_uuids_both_ways(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    server = stub_server.start(
        HEADER + f'C: RUN "RETURN $u AS u" {{"u": u"{VALUE}", '
        f'"l": [u"{VALUE}"]}} {{"db": "neo4j"}}\n'
        'C: PULL {"n": 1000}\n'
        'S: SUCCESS {"fields": ["u", "l"]}\n'
        f'   RECORD [u"{OTHER}", {{"k": [u"{OTHER}"]}}]\n'
        '   SUCCESS {"type": "r"}\n'
    )
    driver = make_driver(server)
    async with driver.session(database="neo4j") as session:
        result = await session.run("RETURN $u AS u", u=VALUE, l=[VALUE])
        record = await result.single(strict=True)
        summary = await result.consume()
    assert summary.server.protocol_version == (6, 1)
    assert record["u"] == OTHER
    assert type(record["u"]) is uuid.UUID
    assert record["l"] == {"k": [OTHER]}
    await driver.close()
    await server.async_done()


@pytest.mark.parametrize("version", ["5.8", "6.0"])
async def test_uuid_parameter_refused_before_6_1(
    stub_server: StubServers, make_driver: MakeDriver, version: str
) -> None:
    manifest = "!: MANIFEST\n" if version.startswith("6") else ""
    server = stub_server.start(
        f"!: BOLT {version}\n{manifest}"
        "!: AUTO HELLO\n!: AUTO LOGON\n!: AUTO GOODBYE\n!: AUTO RESET\n"
        'C: RUN "RETURN 1 AS x" {} {"db": "neo4j"}\n'
        'C: PULL {"n": 1000}\n'
        'S: SUCCESS {"fields": ["x"]}\n'
        "   RECORD [1]\n"
        '   SUCCESS {"type": "r"}\n'
    )
    driver = make_driver(server)
    async with driver.session(database="neo4j") as session:
        with pytest.raises(ValueError) as info:
            await session.run("RETURN $u AS u", u=VALUE)
        assert (
            "Values of type <class 'uuid.UUID'> are not supported "
            "(requires Bolt protocol version 6.1 or newer)"
        ) in str(info.value)
        # nothing went out: the session still works
        result = await session.run("RETURN 1 AS x")
        assert (await result.single(strict=True))["x"] == 1
    await driver.close()
    await server.async_done()
