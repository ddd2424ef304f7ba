"""Canned results served by the replay server, encoded once.

A :class:`Result` holds every RECORD message of one query already
chunked, back to back in one ``bytes`` object, plus the offset where
each record starts.  Serving ``PULL n`` is then one slice.

Which result a query gets is decided by :class:`Registry` from the query
text:

* ``RETURN 1``: one row, one column ``1``, value ``1``;
* ``BENCH ints N``: ``N`` rows of one integer column ``n`` = row index;
* ``BENCH wide N``: ``N`` rows of 20 mixed columns (see :data:`WIDE_KEYS`);
* ``BENCH graph N``: ``N`` rows ``n, r, m`` of node, relationship, node
  (Bolt 5 structures with element ids);
* ``BENCH uuids N``: ``N`` rows of one UUID column ``u`` =
  :func:`uuid_value` of the row index (PackStream 2, marker ``E0``:
  serve it to Bolt 6.1 clients only);
* ``UNWIND $name ...``: a write with no rows whose counters report one
  node created per element of the list parameter ``name``.
"""

from __future__ import annotations

import re
import typing as t
import uuid
from array import array

from benchmarks._packstream import Struct, chunk, encode_into, message


__all__ = [
    "BOOKMARK",
    "WIDE_KEYS",
    "Registry",
    "Result",
    "graph_row",
    "int_row",
    "uuid_row",
    "uuid_value",
    "wide_row",
]


BOOKMARK = "FB:replay:1"
RECORD = 0x71
SUCCESS = 0x70

WIDE_KEYS = (
    "id",
    "big",
    "neg",
    "small",
    "quarter",
    "third",
    "large_float",
    "name",
    "text",
    "tag",
    "even",
    "odd",
    "nothing",
    "ints",
    "strs",
    "props",
    "date",
    "datetime",
    "duration",
    "point",
)
GRAPH_KEYS = ("n", "r", "m")

_BENCH = re.compile(r"BENCH\s+(ints|wide|graph|uuids)\s+(\d+)\s*")
_UNWIND = re.compile(r"UNWIND\s+\$(\w+)")


def int_row(i: int) -> list[t.Any]:
    """Row ``i`` of ``BENCH ints``."""
    return [i]


# an odd 128-bit constant: i -> i * _SPREAD mod 2**128 is one-to-one and
# spreads the bits of consecutive indexes over the whole UUID
_SPREAD = 0x9E3779B97F4A7C15F39CC0605CEDC835
_MASK128 = (1 << 128) - 1


def uuid_value(i: int) -> uuid.UUID:
    """The ``i``-th UUID of the UUID workloads (distinct per ``i``).

    :param i: the index
    :returns: a UUID whose 16 bytes all depend on ``i``
    """
    return uuid.UUID(int=(i * _SPREAD) & _MASK128)


def uuid_row(i: int) -> list[t.Any]:
    """Row ``i`` of ``BENCH uuids``."""
    return [uuid_value(i)]


def wide_row(i: int) -> list[t.Any]:
    """Row ``i`` of ``BENCH wide``: 20 values of mixed types.

    Columns (see :data:`WIDE_KEYS`): 4 integers, 3 floats, 3 strings,
    2 booleans, a null, a list of ints, a list of strings, a map, a Date
    (``D``), a UTC DateTime with offset (``I``), a Duration (``E``) and a
    WGS-84 2D Point (``X``).
    """
    return [
        i,
        (1 << 40) + i * 1_000_003,
        -i,
        i % 100,
        i * 0.25,
        i / 3,
        -1.5e10 + i,
        f"name-{i}",
        f"lorem ipsum dolor sit amet, row {i}",
        "x",
        i % 2 == 0,
        i % 2 == 1,
        None,
        [i, i + 1, i + 2],
        ["a", "bc", str(i)],
        {"k": i, "v": "value"},
        Struct(b"D", 19_000 + i % 1_000),
        Struct(b"I", 1_700_000_000 + i, 123_456_789, 3_600),
        Struct(b"E", 1, 2, i, 500),
        Struct(b"X", 4326, 12.5 + i % 10, 55.75),
    ]


def graph_row(i: int) -> list[t.Any]:
    """Row ``i`` of ``BENCH graph``: node, relationship, node."""
    a, b = 2 * i, 2 * i + 1
    eid_a, eid_b = f"4:replay:{a}", f"4:replay:{b}"
    return [
        Struct(b"N", a, ["Person"], {"name": f"p{a}", "age": i % 90}, eid_a),
        Struct(
            b"R",
            i,
            a,
            b,
            "KNOWS",
            {"since": 2000 + i % 25},
            f"5:replay:{i}",
            eid_a,
            eid_b,
        ),
        Struct(
            b"N",
            b,
            ["Person", "Employee"],
            {"name": f"p{b}", "age": i % 70, "score": i * 0.5},
            eid_b,
        ),
    ]


_ROWS: dict[str, tuple[tuple[str, ...], t.Callable[[int], list[t.Any]]]] = {
    "ints": (("n",), int_row),
    "wide": (WIDE_KEYS, wide_row),
    "graph": (GRAPH_KEYS, graph_row),
    "uuids": (("u",), uuid_row),
}


class Result:
    """One query's canned answer.

    :param fields: the column names
    :param rows: the row values (encoded at once, not kept)
    :param kind: the query type reported in the summary (``"r"``/``"w"``)
    :param stats: counters for the summary (write queries)
    """

    __slots__ = (
        "_run_success",
        "_summary",
        "fields",
        "kind",
        "offsets",
        "records",
        "stats",
    )

    def __init__(
        self,
        fields: t.Sequence[str],
        rows: t.Iterable[list[t.Any]],
        kind: str = "r",
        stats: dict[str, int] | None = None,
    ) -> None:
        self.fields = list(fields)
        self.kind = kind
        self.stats = stats
        out = bytearray()
        body = bytearray()
        offsets = array("q", [0])
        for row in rows:
            body.clear()
            body += b"\xb1\x71"
            encode_into(body, row)
            chunk(body, out)
            offsets.append(len(out))
        self.records = bytes(out)
        self.offsets = offsets
        self._run_success: dict[int | None, bytes] = {}
        self._summary: dict[bool, bytes] = {}

    @property
    def rows(self) -> int:
        """The number of records."""
        return len(self.offsets) - 1

    def run_success(self, qid: int | None) -> bytes:
        """The SUCCESS answering RUN (with ``qid`` inside a transaction).

        :param qid: the query id, ``None`` in auto-commit
        :returns: the framed message
        """
        cached = self._run_success.get(qid)
        if cached is None:
            meta: dict[str, t.Any] = {"fields": self.fields, "t_first": 0}
            if qid is not None:
                meta["qid"] = qid
            cached = self._run_success[qid] = message(SUCCESS, meta)
        return cached

    def summary(self, in_tx: bool) -> bytes:
        """The SUCCESS closing the stream (PULL/DISCARD reached the end).

        :param in_tx: inside an explicit transaction (no bookmark then)
        :returns: the framed message
        """
        cached = self._summary.get(in_tx)
        if cached is None:
            meta: dict[str, t.Any] = {}
            if not in_tx:
                meta["bookmark"] = BOOKMARK
            if self.stats:
                meta["stats"] = self.stats
            meta.update(type=self.kind, t_last=0, db="neo4j")
            cached = self._summary[in_tx] = message(SUCCESS, meta)
        return cached

    def span(self, start: int, count: int) -> tuple[bytes, int]:
        """Records ``start`` .. ``start + count`` (``-1``: all the rest).

        :param start: index of the first record
        :param count: how many records at most, ``-1`` for all
        :returns: ``(the framed records, the index after the last one)``
        """
        end = self.rows if count < 0 else min(self.rows, start + count)
        offsets = self.offsets
        return self.records[offsets[start] : offsets[end]], end


class Registry:
    """Maps query text to canned :class:`Result` objects, cached."""

    def __init__(self) -> None:
        self._cache: dict[str, Result] = {}
        self._writes: dict[int, Result] = {}

    def preload(self, queries: t.Iterable[str]) -> None:
        """Encode the results of ``queries`` now rather than on first use.

        :param queries: query texts known to :meth:`lookup`
        :raises KeyError: for a query the registry does not know
        """
        for query in queries:
            if self.lookup(query) is None:
                raise KeyError(f"unknown benchmark query: {query!r}")

    def lookup(self, query: str) -> Result | None:
        """The result of a read query, or ``None`` if unknown.

        :param query: the query text
        :returns: the canned result
        """
        result = self._cache.get(query)
        if result is not None:
            return result
        text = query.strip()
        if text == "RETURN 1":
            result = Result(("1",), [[1]])
        else:
            match = _BENCH.fullmatch(text)
            if match is None:
                return None
            keys, make = _ROWS[match.group(1)]
            size = int(match.group(2))
            result = Result(keys, (make(i) for i in range(size)))
        self._cache[query] = result
        return result

    @staticmethod
    def unwind_parameter(query: str) -> str | None:
        """The list parameter name of an ``UNWIND $name`` write, if any.

        :param query: the query text
        :returns: the parameter name or ``None``
        """
        match = _UNWIND.match(query.lstrip())
        return match.group(1) if match else None

    def write_result(self, created: int) -> Result:
        """The (empty) result of a write creating ``created`` nodes.

        :param created: number of nodes the summary reports
        :returns: the canned result
        """
        result = self._writes.get(created)
        if result is None:
            stats = {"nodes-created": created, "labels-added": created}
            result = Result((), (), kind="w", stats=stats)
            self._writes[created] = result
        return result
