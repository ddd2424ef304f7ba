"""Query, unit_of_work and EagerResult."""

from __future__ import annotations

import asyncio
import inspect
import typing as t

from neo4j import (
    EagerResult,
    Query,
    unit_of_work,
)


def test_query_defaults() -> None:
    query = Query("RETURN 1")
    assert query.text == "RETURN 1"
    assert query.metadata is None
    assert query.timeout is None
    assert str(query) == "RETURN 1"


def test_query_with_settings() -> None:
    query = Query("RETURN 1", {"app": "x"}, 1.5)
    assert query.metadata == {"app": "x"}
    assert query.timeout == 1.5
    query = Query("RETURN 2", metadata={"a": 1}, timeout=0)
    assert (query.metadata, query.timeout) == ({"a": 1}, 0)


def test_unit_of_work_attributes() -> None:
    @unit_of_work(metadata={"foo": "bar"}, timeout=3.0)
    def work(tx: t.Any, x: int, *, y: int = 0) -> tuple[t.Any, int, int]:
        """Docstring."""
        return tx, x, y

    assert work.metadata == {"foo": "bar"}  # type: ignore[attr-defined]
    assert work.timeout == 3.0  # type: ignore[attr-defined]
    assert work("tx", 1, y=2) == ("tx", 1, 2)
    assert work.__name__ == "work"
    assert work.__doc__ == "Docstring."


def test_unit_of_work_defaults() -> None:
    @unit_of_work()
    def work(tx: t.Any) -> int:
        return 1

    assert work.metadata is None  # type: ignore[attr-defined]
    assert work.timeout is None  # type: ignore[attr-defined]
    assert work(None) == 1


def test_unit_of_work_async() -> None:
    @unit_of_work(timeout=1)
    async def work(tx: t.Any) -> str:
        return f"done {tx}"

    assert inspect.iscoroutinefunction(work)
    assert work.timeout == 1  # type: ignore[attr-defined]
    assert asyncio.run(work("tx")) == "done tx"


def test_eager_result() -> None:
    summary_stub: t.Any = "summary"
    result = EagerResult([1, 2], summary_stub, ["n"])
    records, summary, keys = result
    assert (records, keys) == ([1, 2], ["n"])
    assert summary is summary_stub
    assert result.records is records
    assert result.summary is summary_stub
    assert result.keys == ["n"]
    assert result[1] is summary_stub
    assert EagerResult._fields == ("records", "summary", "keys")
    assert isinstance(result, tuple)
