# This file is generated from tests/stub/async_/test_types_v6.py by bin/make-unasync; do not edit.
# make-unasync digest: c530d32c59366e4449acdbfc4e18736e3f99b8d30c6f577d3799fab2afea544f
"""Bolt 6.0 value types: Vector and UnsupportedType (async twin).

``tests/stub/sync/test_types_v6.py`` is generated from this file.  A
``V`` structure carries a vector (element type marker, big-endian data);
a ``?`` structure stands for a type the driver cannot know.  Vectors are
sent as parameters on 6.0 only: on 5.x the driver refuses them before
anything goes out.
"""

from __future__ import annotations

import typing as t

import pytest

from neo4j._sync.driver import Driver
from neo4j.exceptions import BrokenRecordError, ConfigurationError
from neo4j.types import UnsupportedType
from neo4j.vector import Vector, VectorDType
from tests.stub.server import StubServers


MakeDriver = t.Callable[..., Driver]


def _header(version: str) -> str:
    manifest = "!: MANIFEST\n" if version.startswith("6") else ""
    return (
        f"!: BOLT {version}\n{manifest}"
        "!: AUTO HELLO\n!: AUTO LOGON\n!: AUTO GOODBYE\n!: AUTO RESET\n"
    )


def _returning(values: str, query: str = "Q", params: str = "{}") -> str:
    return (
        f'C: RUN "{query}" {params} {{"db": "neo4j"}}\n'
        'C: PULL {"n": 1000}\n'
        'S: SUCCESS {"fields": ["x"]}\n'
        f"   RECORD [{values}]\n"
        '   SUCCESS {"type": "r"}\n'
    )


VECTORS = [
    # (marker, data, dtype, values)
    ("c8", "01 fe 7f 80", VectorDType.I8, [1, -2, 127, -128]),
    ("c9", "00 01 ff fe 7f ff", VectorDType.I16, [1, -2, 32767]),
    ("ca", "00 00 00 01 80 00 00 00", VectorDType.I32, [1, -(2**31)]),
    (
        "cb",
        "ff ff ff ff ff ff ff ff 7f ff ff ff ff ff ff ff",
        VectorDType.I64,
        [-1, 2**63 - 1],
    ),
    ("c6", "3f c0 00 00 c0 20 00 00", VectorDType.F32, [1.5, -2.5]),
    ("c1", "3f f8 00 00 00 00 00 00", VectorDType.F64, [1.5]),
    ("c1", "", VectorDType.F64, []),
]


@pytest.mark.parametrize(("marker", "data", "dtype", "values"), VECTORS)
def test_vector_in_record(
    stub_server: StubServers,
    make_driver: MakeDriver,
    marker: str,
    data: str,
    dtype: VectorDType,
    values: list[t.Any],
) -> None:
    server = stub_server.start(
        _header("6.0") + _returning(f'Vector(b"{marker}", b"{data}")')
    )
    driver = make_driver(server)
    with driver.session(database="neo4j") as session:
        record = (session.run("Q")).single(strict=True)
    vector = record["x"]
    assert type(vector) is Vector
    assert vector.dtype is dtype
    assert len(vector) == len(values)
    assert vector.to_native() == values
    assert vector.raw() == bytes.fromhex(data)
    driver.close()
    server.done()


def test_vectors_nested_in_collections_and_entities(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    server = stub_server.start(
        _header("6.0")
        + _returning(
            '[Vector(b"c8", b"01"), {"v": Vector(b"c9", b"00 02")}], '
            'Node(1, ["Doc"], {"emb": Vector(b"c6", b"3f 80 00 00")}, "e:1")'
        ).replace('["x"]', '["x", "n"]')
    )
    driver = make_driver(server)
    with driver.session(database="neo4j") as session:
        record = (session.run("Q")).single(strict=True)
    listed, mapped = record["x"][0], record["x"][1]["v"]
    assert (listed.dtype, listed.to_native()) == (VectorDType.I8, [1])
    assert (mapped.dtype, mapped.to_native()) == (VectorDType.I16, [2])
    embedding = record["n"]["emb"]
    assert type(embedding) is Vector
    assert (embedding.dtype, embedding.to_native()) == (VectorDType.F32, [1])
    driver.close()
    server.done()


@pytest.mark.parametrize(("marker", "data", "dtype", "values"), VECTORS)
def test_vector_parameter_on_6_0(
    stub_server: StubServers,
    make_driver: MakeDriver,
    marker: str,
    data: str,
    dtype: VectorDType,
    values: list[t.Any],
) -> None:
    server = stub_server.start(
        _header("6.0")
        + _returning(
            "1",
            query="RETURN $v",
            params=f'{{"v": Vector(b"{marker}", b"{data}")}}',
        )
    )
    driver = make_driver(server)
    with driver.session(database="neo4j") as session:
        result = session.run("RETURN $v", v=Vector(values, dtype))
        assert (result.single(strict=True))["x"] == 1
    driver.close()
    server.done()


def test_nested_vector_parameter_on_6_0(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    server = stub_server.start(
        _header("6.0")
        + _returning(
            "1",
            query="RETURN $p",
            params='{"p": {"list": [Vector(b"ca", b"00 00 00 05")]}}',
        )
    )
    driver = make_driver(server)
    with driver.session(database="neo4j") as session:
        result = session.run("RETURN $p", p={"list": [Vector([5], "i32")]})
        result.consume()
    driver.close()
    server.done()


@pytest.mark.parametrize("version", ["4.4", "5.4", "5.8"])
def test_vector_parameter_before_6_0_is_refused_before_sending(
    stub_server: StubServers, make_driver: MakeDriver, version: str
) -> None:
    # the refused query never reaches the server; the connection stays
    # usable for the next one
    server = stub_server.start(
        _header(version)
        + _returning("1", query="RETURN 1 AS x").replace(
            ' {"db": "neo4j"}', ' {"db": "neo4j", ...}'
        )
    )
    driver = make_driver(server)
    with driver.session(database="neo4j") as session:
        with pytest.raises(ConfigurationError) as info:
            session.run("RETURN $v", v=Vector([1, 2], "i8"))
        result = session.run("RETURN 1 AS x")
        assert (result.single(strict=True))["x"] == 1
    assert str(info.value) == (
        "Vector types require at least Bolt Protocol 6.0."
    )
    driver.close()
    server.done()
    assert server.connection_count == 1
    assert not any("RETURN $v" in line for line in server.transcripts()[0])


def test_unknown_vector_marker_breaks_the_value_only(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    server = stub_server.start(
        _header("6.0")
        + _returning('Vector(b"c0", b"00 01"), 7').replace(
            '["x"]', '["x", "y"]'
        )
        + _returning('Vector(b"c8", b"03")')
    )
    driver = make_driver(server)
    with driver.session(database="neo4j") as session:
        record = (session.run("Q")).single(strict=True)
        # the undecodable value breaks the record, not the connection
        assert record["y"] == 7
        with pytest.raises(BrokenRecordError):
            record["x"]
        record = (session.run("Q")).single(strict=True)
        assert record["x"].to_native() == [3]
    driver.close()
    server.done()
    assert server.connection_count == 1


def test_unsupported_type_in_record(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    server = stub_server.start(
        _header("6.0")
        + _returning(
            'Unsupported("GeoShape", 7, 1, {"message": "needs Bolt 7.1"}), '
            'Unsupported("Other", 6, 2, {})'
        ).replace('["x"]', '["x", "y"]')
    )
    driver = make_driver(server)
    with driver.session(database="neo4j") as session:
        record = (session.run("Q")).single(strict=True)
    value = record["x"]
    assert type(value) is UnsupportedType
    assert value.name == "GeoShape"
    assert value.minimum_protocol_version == (7, 1)
    assert value.message == "needs Bolt 7.1"
    assert str(value) == "UnsupportedType<GeoShape>"
    assert repr(value) == (
        "<UnsupportedType name='GeoShape' minimum_protocol_version=(7, 1) "
        "message='needs Bolt 7.1'>"
    )
    other = record["y"]
    assert type(other) is UnsupportedType
    assert (other.name, other.minimum_protocol_version, other.message) == (
        "Other",
        (6, 2),
        None,
    )
    assert repr(other) == (
        "<UnsupportedType name='Other' minimum_protocol_version=(6, 2)>"
    )
    driver.close()
    server.done()


def test_unsupported_type_cannot_be_sent_back(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    server = stub_server.start(
        _header("6.0")
        + _returning('Unsupported("GeoShape", 7, 1, {})')
        + _returning("1", query="RETURN 1 AS x")
    )
    driver = make_driver(server)
    with driver.session(database="neo4j") as session:
        record = (session.run("Q")).single(strict=True)
        # the official driver raises ValueError (packing failed)
        with pytest.raises(ValueError, match="are not supported"):
            session.run("RETURN $u", u=record["x"])
        result = session.run("RETURN 1 AS x")
        assert (result.single(strict=True))["x"] == 1
    driver.close()
    server.done()
    assert server.connection_count == 1
