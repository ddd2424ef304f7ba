"""Records of the wrong length and SUCCESS metadata of the wrong type
(async twin).

``tests/stub/sync/test_malformed_metadata.py`` is generated from this
file.  Each case breaks the protocol in one well-formed message; the
driver must raise a typed error (a :class:`BoltProtocolError` that is
also the built-in type the official 6.4.1 driver lets through, where it
raises at all) and give the connection up: the next query runs on a
second connection (``RECOVERY``), which the stub's connection count
proves.
"""

from __future__ import annotations

import typing as t

import pytest

from neo4j._async.driver import AsyncDriver
from neo4j._bolt.errors import MetadataError, RecordLengthError
from neo4j._exceptions import BoltProtocolError
from tests.stub.server import StubServers


MakeDriver = t.Callable[..., AsyncDriver]

HEADER = """\
!: BOLT 5.4
!: AUTO HELLO
!: AUTO LOGON
!: AUTO GOODBYE
!: AUTO RESET
"""

QUERY = 'C: RUN "Q" {} {"db": "neo4j"}\nC: PULL {"n": 1000}\n'

#: the script of the fresh connection the next query must open
RECOVERY = (
    HEADER + 'C: RUN "RETURN 1 AS x" {} {"db": "neo4j"}\n'
    'C: PULL {"n": 1000}\n'
    'S: SUCCESS {"fields": ["x"]}\n'
    "   RECORD [1]\n"
    '   SUCCESS {"type": "r"}\n'
)


async def _fresh_connection_works(driver: AsyncDriver) -> None:
    async with driver.session(database="neo4j") as session:
        result = await session.run("RETURN 1 AS x")
        assert (await result.single(strict=True))["x"] == 1


async def _check_recovery(driver: AsyncDriver, server: t.Any) -> None:
    await _fresh_connection_works(driver)
    await driver.close()
    await server.async_done()
    assert server.connection_count == 2


# -- records of the wrong length ------------------------------------------


def _length_text(keys: str, values: str) -> str:
    # the official 6.4.1 wording, word for word
    return (
        f"keys and values have different length (keys={keys}, "
        f"values={values}); this is either a bug in the driver or a "
        "protocol violation by the server"
    )


@pytest.mark.parametrize(
    ("fields", "record", "text"),
    [
        ('["x", "y"]', "[1]", _length_text("['x', 'y']", "[1]")),
        ('["x"]', "[1, 2]", _length_text("['x']", "[1, 2]")),
        ("[]", "[7]", _length_text("[]", "[7]")),
    ],
)
async def test_record_of_wrong_length(
    stub_server: StubServers,
    make_driver: MakeDriver,
    fields: str,
    record: str,
    text: str,
) -> None:
    server = stub_server.start(
        HEADER + QUERY + f'S: SUCCESS {{"fields": {fields}}}\n'
        f"   RECORD {record}\n"
        '   SUCCESS {"type": "r"}\n',
        RECOVERY,
    )
    driver = make_driver(server)
    async with driver.session(database="neo4j") as session:
        result = await session.run("Q")
        # the official 6.4.1 raises a plain ValueError with this text
        # (and keeps the connection)
        with pytest.raises(RecordLengthError) as info:
            [record async for record in result]
    assert isinstance(info.value, ValueError)
    assert isinstance(info.value, BoltProtocolError)
    assert str(info.value) == text
    await _check_recovery(driver, server)


async def test_record_of_wrong_length_in_a_later_batch(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    # the second batch's record factory is the checked one too
    server = stub_server.start(
        HEADER + 'C: RUN "Q" {} {"db": "neo4j"}\n'
        'C: PULL {"n": 1}\n'
        'S: SUCCESS {"fields": ["x"]}\n'
        "   RECORD [1]\n"
        '   SUCCESS {"has_more": true}\n'
        'C: PULL {"n": 1}\n'
        "S: RECORD [2, 3]\n"
        '   SUCCESS {"type": "r"}\n',
        RECOVERY,
    )
    driver = make_driver(server)
    seen = []
    async with driver.session(database="neo4j", fetch_size=1) as session:
        result = await session.run("Q")
        with pytest.raises(RecordLengthError, match="values=\\[2, 3\\]"):
            async for record in result:
                seen.append(record["x"])
    assert seen == [1]
    await _check_recovery(driver, server)


async def test_record_of_wrong_length_in_a_transaction(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    server = stub_server.start(
        HEADER + 'C: BEGIN {"db": "neo4j"}\n'
        "S: SUCCESS {}\n"
        'C: RUN "Q" {} {}\n'
        'C: PULL {"n": 1000}\n'
        'S: SUCCESS {"fields": ["x", "y"], "qid": 0}\n'
        "   RECORD [1]\n"
        '   SUCCESS {"type": "r"}\n',
        RECOVERY,
    )
    driver = make_driver(server)
    async with driver.session(database="neo4j") as session:
        tx = await session.begin_transaction()
        result = await tx.run("Q")
        with pytest.raises(RecordLengthError):
            await result.consume()
        await tx.close()
    await _check_recovery(driver, server)


# -- SUCCESS metadata of the wrong type --------------------------------------

#: (RUN SUCCESS entries, final PULL SUCCESS entries, text in the error)
METADATA_CASES: t.Final = [
    ('"fields": 5', "", "Invalid 'fields' in the SUCCESS of RUN"),
    ('"fields": ["x", 1]', "", "expected a list of strings"),
    ('"fields": "x"', "", "got 'x'"),
    ('"fields": ["x"], "qid": "a"', "", "Invalid 'qid'"),
    ('"fields": ["x"], "qid": true', "", "Invalid 'qid'"),
    ('"fields": ["x"], "t_first": "a"', "", "Invalid 't_first'"),
    ('"fields": ["x"], "db": 5', "", "Invalid 'db' in the SUCCESS of RUN"),
    ('"fields": ["x"]', '"has_more": "yes"', "Invalid 'has_more'"),
    ('"fields": ["x"]', '"t_last": 1.5', "Invalid 't_last'"),
    ('"fields": ["x"]', '"bookmark": 5', "Invalid 'bookmark'"),
    (
        '"fields": ["x"]',
        '"db": ["neo4j"]',
        "Invalid 'db' in the SUCCESS of PULL",
    ),
    ('"fields": ["x"]', '"stats": [1]', "Invalid 'stats'"),
    (
        '"fields": ["x"]',
        '"stats": {"nodes-created": "1"}',
        "a map of integers",
    ),
    ('"fields": ["x"]', '"notifications": 5', "Invalid 'notifications'"),
    ('"fields": ["x"]', '"notifications": [5]', "a list of maps"),
    ('"fields": ["x"]', '"statuses": {}', "Invalid 'statuses'"),
    ('"fields": ["x"]', '"statuses": ["00000"]', "Invalid 'statuses'"),
    ('"fields": ["x"]', '"plan": []', "Invalid 'plan'"),
    ('"fields": ["x"]', '"profile": 1', "Invalid 'profile'"),
]

#: the official class (exactly BoltProtocolError) and wording
QUERY_TYPE_CASES = [
    ('"type": 5', "Unexpected query type 5 received"),
    ('"type": "zz"', "Unexpected query type 'zz'"),
]


@pytest.mark.parametrize(("run", "summary", "text"), METADATA_CASES)
async def test_malformed_success_metadata(
    stub_server: StubServers,
    make_driver: MakeDriver,
    run: str,
    summary: str,
    text: str,
) -> None:
    server = stub_server.start(
        HEADER + QUERY + f"S: SUCCESS {{{run}}}\n   SUCCESS {{{summary}}}\n",
        RECOVERY,
    )
    driver = make_driver(server)
    async with driver.session(database="neo4j") as session:
        with pytest.raises(MetadataError) as info:
            result = await session.run("Q")
            await result.consume()
    # also what the official driver raises for most of these (where it
    # raises anything): TypeError
    assert isinstance(info.value, TypeError)
    assert isinstance(info.value, BoltProtocolError)
    assert text in str(info.value)
    await _check_recovery(driver, server)


@pytest.mark.parametrize(("summary", "text"), QUERY_TYPE_CASES)
async def test_unknown_query_type(
    stub_server: StubServers,
    make_driver: MakeDriver,
    summary: str,
    text: str,
) -> None:
    server = stub_server.start(
        HEADER + QUERY + f'S: SUCCESS {{"fields": ["x"]}}\n'
        f"   SUCCESS {{{summary}}}\n",
        RECOVERY,
    )
    driver = make_driver(server)
    async with driver.session(database="neo4j") as session:
        with pytest.raises(BoltProtocolError) as info:
            result = await session.run("Q")
            await result.consume()
    assert type(info.value) is BoltProtocolError
    assert text in str(info.value)
    await _check_recovery(driver, server)


async def test_null_entries_count_as_absent(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    server = stub_server.start(
        HEADER + QUERY + 'S: SUCCESS {"fields": ["x"], "t_first": null}\n'
        "   RECORD [1]\n"
        '   SUCCESS {"type": "r", "bookmark": null, "db": null}\n'
    )
    driver = make_driver(server)
    async with driver.session(database="neo4j") as session:
        result = await session.run("Q")
        assert [record["x"] async for record in result] == [1]
        summary = await result.consume()
        assert summary.result_available_after is None
    await driver.close()
    await server.async_done()
    assert server.connection_count == 1


async def test_malformed_begin_metadata(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    server = stub_server.start(
        HEADER + 'C: BEGIN {"db": "neo4j"}\nS: SUCCESS {"db": 5}\n',
        RECOVERY,
    )
    driver = make_driver(server)
    async with driver.session(database="neo4j") as session:
        with pytest.raises(
            MetadataError, match="'db' in the SUCCESS of BEGIN"
        ):
            tx = await session.begin_transaction()
            await tx.run("Q")
    await _check_recovery(driver, server)


async def test_malformed_commit_metadata(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    server = stub_server.start(
        HEADER + 'C: BEGIN {"db": "neo4j"}\n'
        "S: SUCCESS {}\n"
        "C: COMMIT\n"
        'S: SUCCESS {"bookmark": ["bm"]}\n',
        RECOVERY,
    )
    driver = make_driver(server)
    async with driver.session(database="neo4j") as session:
        tx = await session.begin_transaction()
        # the official driver raises TypeError from its bookmark handling
        with pytest.raises(TypeError, match="'bookmark' in the SUCCESS"):
            await tx.commit()
    await _check_recovery(driver, server)


async def test_malformed_metadata_of_a_second_result_in_a_transaction(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    server = stub_server.start(
        HEADER + 'C: BEGIN {"db": "neo4j"}\n'
        "S: SUCCESS {}\n"
        'C: RUN "A" {} {}\n'
        'C: PULL {"n": 1000}\n'
        'S: SUCCESS {"fields": ["x"], "qid": 0}\n'
        "   RECORD [1]\n"
        '   SUCCESS {"type": "r"}\n'
        'C: RUN "B" {} {}\n'
        'C: PULL {"n": 1000}\n'
        'S: SUCCESS {"fields": ["x"], "qid": "1"}\n',
        RECOVERY,
    )
    driver = make_driver(server)
    async with driver.session(database="neo4j") as session:
        tx = await session.begin_transaction()
        first = await tx.run("A")
        assert [record["x"] async for record in first] == [1]
        with pytest.raises(MetadataError, match="'qid'"):
            await tx.run("B")
        await tx.close()
    await _check_recovery(driver, server)
