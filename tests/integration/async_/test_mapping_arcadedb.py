"""Records of real queries onto user classes (ArcadeDB).

The functions of :mod:`neo4j.mapping` are fed live results: records as
they arrive from the server (``async_as_objects``), ``execute_query``
with the mapping transformer, and parameters built by ``to_parameters``
that the server stores and sends back.
"""

from __future__ import annotations

import dataclasses
import datetime
import sys
import textwrap
import types
import typing as t
from pathlib import Path

import pydantic
import pytest

from neo4j import AsyncDriver, Driver, GraphDatabase, mapping
from neo4j.mapping import (
    ElementId,
    EndElementId,
    Labels,
    MappingError,
    RelationshipType,
    StartElementId,
    async_as_objects,
    async_objects_transformer,
    to_parameters,
)
from neo4j.time import Duration


pytestmark = pytest.mark.servers("arcadedb")

UTC = datetime.timezone.utc


@dataclasses.dataclass
class Address:
    city: str
    zip: str | None = None


@dataclasses.dataclass
class Person:
    id: t.Annotated[str, ElementId]
    labels: t.Annotated[frozenset[str], Labels]
    name: str
    age: int
    born: datetime.date
    seen: datetime.datetime
    tags: list[str] = dataclasses.field(default_factory=list)
    score: float = 0.0


@dataclasses.dataclass
class Knows:
    type: t.Annotated[str, RelationshipType]
    start: t.Annotated[str, StartElementId]
    end: t.Annotated[str, EndElementId]
    since: int


class Row(pydantic.BaseModel):
    name: str
    age: int
    tags: list[str] = []


CREATE_PEOPLE = (
    "UNWIND range(1, $n) AS i "
    "CREATE (p:{label} {{name: 'p' + toString(i), age: i, "
    "born: date('2000-01-01'), "
    "seen: datetime('2024-05-06T07:08:09.123456789Z'), "
    "tags: ['t' + toString(i)], score: i}}) "
    "RETURN p ORDER BY p.age"
)


async def test_nodes_of_a_live_result(
    driver: AsyncDriver, db: str, label: str
) -> None:
    async with driver.session(database=db, fetch_size=50) as session:
        result = await session.run(CREATE_PEOPLE.format(label=label), n=120)
        people = await async_as_objects(result, Person)

    assert len(people) == 120
    first = people[0]
    assert first.labels == frozenset({label})
    assert isinstance(first.id, str)
    assert len({person.id for person in people}) == 120
    assert (first.name, first.age, first.tags) == ("p1", 1, ["t1"])
    assert first.born == datetime.date(2000, 1, 1)
    assert type(first.born) is datetime.date
    assert first.seen == datetime.datetime(
        2024, 5, 6, 7, 8, 9, 123456, tzinfo=UTC
    )
    assert type(first.seen) is datetime.datetime
    # an integer property for a float field
    assert people[-1].score == 120.0
    assert type(people[-1].score) is float


async def test_execute_query_with_the_mapping_transformer(
    driver: AsyncDriver, db: str, label: str
) -> None:
    await driver.execute_query(
        CREATE_PEOPLE.format(label=label), n=3, database_=db
    )

    rows = await driver.execute_query(
        f"MATCH (p:{label}) RETURN p.name AS name, p.age AS age, "
        "p.tags AS tags ORDER BY age",
        database_=db,
        result_transformer_=async_objects_transformer(Row),
    )

    assert rows == [
        Row(name="p1", age=1, tags=["t1"]),
        Row(name="p2", age=2, tags=["t2"]),
        Row(name="p3", age=3, tags=["t3"]),
    ]


async def test_eager_result_and_single_records(
    driver: AsyncDriver, db: str, label: str
) -> None:
    eager = await driver.execute_query(
        CREATE_PEOPLE.format(label=label), n=2, database_=db
    )

    # EagerResult and records: no async twin needed
    people = mapping.as_objects(eager, Person)
    one = mapping.as_object(eager.records[1], Person)

    assert [person.name for person in people] == ["p1", "p2"]
    assert one == people[1]


async def test_relationship_parts(
    driver: AsyncDriver, db: str, label: str
) -> None:
    eager = await driver.execute_query(
        f"CREATE (a:{label})-[r:KNOWS {{since: 1999}}]->(b:{label}) "
        "RETURN r, a, b",
        database_=db,
    )
    record = eager.records[0]

    knows = mapping.as_object(record["r"], Knows)

    assert knows == Knows(
        "KNOWS", record["a"].element_id, record["b"].element_id, 1999
    )


@dataclasses.dataclass
class Trip:
    name: str
    stops: list[Address]
    length: datetime.timedelta
    start: datetime.datetime


async def test_parameters_round_trip(
    driver: AsyncDriver, db: str, label: str
) -> None:
    trip = Trip(
        name="coast",
        stops=[Address("Malmö", "211"), Address("Lund")],
        length=datetime.timedelta(hours=5, microseconds=7),
        start=datetime.datetime(2024, 1, 2, 3, 4, 5, 6000, tzinfo=UTC),
    )
    parameters = to_parameters(trip)

    # nested maps cannot be node properties: a map value comes back
    echoed = await driver.execute_query(
        "RETURN $trip AS trip", trip=parameters, database_=db
    )

    assert mapping.as_objects(echoed, Trip) == [trip]
    assert isinstance(echoed.records[0]["trip"]["length"], Duration)


async def test_mismatch_of_real_data_raises_a_mapping_error(
    driver: AsyncDriver, db: str, label: str
) -> None:
    await driver.execute_query(
        f"CREATE (:{label} {{name: 'x', age: 'old'}})", database_=db
    )

    with pytest.raises(MappingError) as caught:
        await driver.execute_query(
            f"MATCH (p:{label}) RETURN p",
            database_=db,
            result_transformer_=async_objects_transformer(Row),
        )

    error = caught.value
    assert error.target is Row
    assert (error.field, error.key, error.path) == ("age", "p", "p.age")
    assert (error.expected, error.actual) == ("int", "str")


async def test_missing_column_raises_before_any_object(
    driver: AsyncDriver, db: str
) -> None:
    async with driver.session(database=db) as session:
        result = await session.run("RETURN 'a' AS name, 1 AS years")
        with pytest.raises(MappingError) as caught:
            await async_as_objects(result, Row)

    assert (caught.value.field, caught.value.actual) == ("age", "missing")


# -- the examples of docs/mapping.rst ----------------------------------------

DOCS = Path(__file__).resolve().parents[3] / "docs" / "mapping.rst"


def documentation_examples() -> list[str]:
    """The ``.. code-block:: python`` blocks of the mapping page."""
    blocks: list[str] = []
    lines = DOCS.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines):
        if line.strip() != ".. code-block:: python":
            continue
        body = []
        for following in lines[number + 1 :]:
            if following and not following.startswith("    "):
                break
            body.append(following[4:])
        blocks.append(textwrap.dedent("\n".join(body)))
    return blocks


class OnDatabase:
    """A driver whose ``execute_query`` uses the test database."""

    def __init__(self, driver: Driver, db: str) -> None:
        self._driver = driver
        self._db = db

    def execute_query(self, *args: t.Any, **kwargs: t.Any) -> t.Any:
        kwargs.setdefault("database_", self._db)
        return self._driver.execute_query(*args, **kwargs)


def test_documentation_examples_run(
    bolt_uri: str,
    auth: tuple[str, str],
    db: str,
    label: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    blocks = documentation_examples()
    assert len(blocks) >= 3
    # a module of its own, as a user's script would be
    module = types.ModuleType("mapping_docs")
    monkeypatch.setitem(sys.modules, module.__name__, module)
    namespace = module.__dict__
    with GraphDatabase.driver(bolt_uri, auth=auth) as driver:
        namespace["driver"] = OnDatabase(driver, db)
        for block in blocks:
            # labels of this test only: the database is shared
            code = block.replace(":Person", f":{label}")
            code = code.replace(":Company", f":{label}C")
            exec(compile(code, str(DOCS), "exec"), namespace)
    assert namespace["people"][0].name == "Ann"
    assert namespace["knows"].since == 1999
