"""Bolt handshake negotiation against the stub server (async twin).

``tests/stub/sync/test_handshake.py`` is generated from this file.  The
stub answers the client's 20 handshake bytes like a server that speaks
the versions in its ``!: BOLT`` header: classic (first slot that covers a
version it speaks, highest such version) or, with ``!: MANIFEST``, the
manifest v1 form.  The expectations are those of the official driver
6.4.1: the classic slots offer 5.0-5.8 and 4.4 (Bolt 6.0 only through the
manifest), a server without a common version gets
:class:`~neo4j.exceptions.UnsupportedServerProduct`.
"""

from __future__ import annotations

import typing as t

import pytest

from neo4j._async.driver import AsyncDriver
from neo4j.exceptions import ServiceUnavailable, UnsupportedServerProduct
from tests.stub.server import StubServers


MakeDriver = t.Callable[..., AsyncDriver]

MAGIC = b"\x60\x60\xb0\x17"
MANIFEST_SLOT = b"\x00\x00\x01\xff"

#: everything after the version header: greeting answered by AUTO lines,
#: then one auto-commit query
BODY = """\
!: AUTO HELLO
!: AUTO LOGON
!: AUTO RESET
!: AUTO GOODBYE
C: RUN "RETURN 1 AS x" {} {"db": "neo4j"}
C: PULL {"n": 1000}
S: SUCCESS {"fields": ["x"]}
   RECORD [1]
   SUCCESS {"type": "r", "db": "neo4j"}
"""


def _classic_offers(handshake: bytes) -> list[tuple[int, int]]:
    """The versions the classic slots of a client handshake cover."""
    assert handshake[:4] == MAGIC
    versions = []
    for i in range(4, 20, 4):
        slot = handshake[i : i + 4]
        if slot in {MANIFEST_SLOT, b"\x00\x00\x00\x00"}:
            continue
        span, minor, major = slot[1], slot[2], slot[3]
        versions += [(major, m) for m in range(minor, minor - span - 1, -1)]
    return versions


async def _query(driver: AsyncDriver) -> tuple[int, tuple[int, int], str]:
    """Run the query of :data:`BODY`; the value, protocol and agent."""
    async with driver.session(database="neo4j") as session:
        result = await session.run("RETURN 1 AS x")
        record = await result.single(strict=True)
        summary = await result.consume()
    return (
        record["x"],
        summary.server.protocol_version,
        summary.server.agent,
    )


def test_classic_offers_cover_4_4_and_5_0_to_5_8() -> None:
    # the official driver's proposals, as the stub decodes them: a sanity
    # check of the helper the next test relies on
    official = bytes.fromhex("6060b017000001ff000808050002040400000003")
    offers = _classic_offers(official)
    assert [(5, m) for m in range(8, -1, -1)] == offers[:9]
    assert (4, 4) in offers


async def test_client_handshake_proposals(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    server = stub_server.start("!: BOLT 5.8\n" + BODY)
    driver = make_driver(server)
    assert (await _query(driver))[:2] == (1, (5, 8))
    await driver.close()
    await server.async_done()
    (handshake,) = server.handshakes
    assert handshake[:4] == MAGIC
    # the manifest v1 offer comes first
    assert handshake[4:8] == MANIFEST_SLOT
    offers = _classic_offers(handshake)
    for minor in range(9):
        assert (5, minor) in offers
    assert (4, 4) in offers
    # Bolt 6.0 is reachable only through the manifest
    assert (6, 0) not in offers


@pytest.mark.parametrize(
    "version",
    [(4, 4), *((5, minor) for minor in range(9))],
    ids=lambda v: f"{v[0]}.{v[1]}",
)
async def test_classic_server_speaking_one_version(
    stub_server: StubServers,
    make_driver: MakeDriver,
    version: tuple[int, int],
) -> None:
    major, minor = version
    server = stub_server.start(f"!: BOLT {major}.{minor}\n" + BODY)
    driver = make_driver(server)
    value, protocol, agent = await _query(driver)
    assert value == 1
    assert protocol == version
    assert agent == f"Neo4j/{major}.{minor}.0"
    await driver.close()
    await server.async_done()
    assert server.manifest_choices == []


@pytest.mark.parametrize(
    ("speaks", "expected"),
    [
        ("5.0-5.8 4.4", (5, 8)),
        ("4.4 5.0-5.8", (5, 8)),
        ("5.0-5.4", (5, 4)),
        ("5.2 4.4", (5, 2)),
        ("4.4 5.2", (5, 2)),
        ("4.4 4.3 4.2", (4, 4)),
        ("4.4 5.5 6.1", (5, 5)),
    ],
)
async def test_classic_server_speaking_several_versions(
    stub_server: StubServers,
    make_driver: MakeDriver,
    speaks: str,
    expected: tuple[int, int],
) -> None:
    server = stub_server.start(f"!: BOLT {speaks}\n" + BODY)
    driver = make_driver(server)
    assert (await _query(driver))[:2] == (1, expected)
    await driver.close()
    await server.async_done()


@pytest.mark.parametrize(
    ("speaks", "expected", "choice"),
    [
        ("6.0", (6, 0), "00 00 00 06 00"),
        ("5.0-5.8 6.0", (6, 0), "00 00 00 06 00"),
        ("5.0-5.8", (5, 8), "00 00 08 05 00"),
        ("5.0-5.4", (5, 4), "00 00 04 05 00"),
        ("5.2", (5, 2), "00 00 02 05 00"),
        ("4.4", (4, 4), "00 00 04 04 00"),
        ("4.2-4.4 5.4", (5, 4), "00 00 04 05 00"),
        ("4.4 5.0-5.8 6.0 7.0", (6, 0), "00 00 00 06 00"),
    ],
)
async def test_manifest_negotiation(
    stub_server: StubServers,
    make_driver: MakeDriver,
    speaks: str,
    expected: tuple[int, int],
    choice: str,
) -> None:
    server = stub_server.start(f"!: BOLT {speaks}\n!: MANIFEST\n" + BODY)
    driver = make_driver(server)
    value, protocol, agent = await _query(driver)
    assert (value, protocol) == (1, expected)
    assert agent == f"Neo4j/{expected[0]}.{expected[1]}.0"
    await driver.close()
    await server.async_done()
    # the chosen version and no capabilities (a zero varint)
    assert server.manifest_choices == [bytes.fromhex(choice)]


async def test_manifest_capabilities_are_not_echoed(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    server = stub_server.start(
        "!: BOLT 5.0-5.8\n!: MANIFEST\n!: CAPABILITIES 3\n" + BODY
    )
    driver = make_driver(server)
    assert (await _query(driver))[:2] == (1, (5, 8))
    await driver.close()
    await server.async_done()
    assert server.manifest_choices == [bytes.fromhex("00 00 08 05 00")]


async def test_manifest_without_common_version_answers_zero(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    # the client must tell the server that it found nothing (choice
    # 00 00 00 00, capabilities 0) before it gives up
    server = stub_server.start("!: BOLT 7.0\n!: MANIFEST\n")
    driver = make_driver(server)
    with pytest.raises(UnsupportedServerProduct):
        await _query(driver)
    await driver.close()
    await server.async_done()
    assert server.manifest_choices == [bytes(5)]


@pytest.mark.parametrize("speaks", ["7.0", "6.1 7.0", "6.0"])
async def test_classic_rejection_raises_unsupported_server_product(
    stub_server: StubServers, make_driver: MakeDriver, speaks: str
) -> None:
    # no body: the stub answers 00 00 00 00 and the script expects it;
    # a classic-only 6.0 server is not reachable (6.0 needs the manifest)
    server = stub_server.start(f"!: BOLT {speaks}\n")
    driver = make_driver(server)
    with pytest.raises(UnsupportedServerProduct) as info:
        await _query(driver)
    assert isinstance(info.value, UnsupportedServerProduct)
    await driver.close()
    await server.async_done()
    assert server.connection_count == 1


async def test_rejection_in_verify_connectivity(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    server = stub_server.start("!: BOLT 7.0\n")
    driver = make_driver(server)
    with pytest.raises(UnsupportedServerProduct):
        await driver.verify_connectivity()
    await driver.close()
    await server.async_done()


async def test_http_answer_raises_service_unavailable(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    server = stub_server.start("!: BOLT 5.4\n!: HANDSHAKE 48 54 54 50\n")
    driver = make_driver(server)
    with pytest.raises(ServiceUnavailable) as info:
        await _query(driver)
    assert "looks like HTTP" in str(info.value)
    await driver.close()
    await server.async_done()


async def test_unoffered_version_raises_unsupported_server_product(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    server = stub_server.start("!: BOLT 5.4\n!: HANDSHAKE 00 00 09 09\n")
    driver = make_driver(server)
    with pytest.raises(UnsupportedServerProduct):
        await _query(driver)
    await driver.close()
    await server.async_done()


async def test_short_answer_raises_service_unavailable(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    server = stub_server.start("!: BOLT 5.4\n!: HANDSHAKE 00 00\nS: <EXIT>\n")
    driver = make_driver(server)
    with pytest.raises(ServiceUnavailable):
        await _query(driver)
    await driver.close()
    await server.async_done()
