"""Benchmark: PackStream decoding of RECORD streams (and parameter encoding).

Every decode shape is one buffer of chunked Bolt RECORD messages; both
drivers decode the very same bytes (dechunk + decode + hydrate + build
one record per row), as a stream: records are handed to a consumer and
dropped, as when iterating a result (ours decodes 64 KiB windows, like
socket reads; the official driver's ``Inbox`` pops one message at a
time and its records are dropped every 1,000):

* ``tiny``: 1M records ``B1 71 91 <tiny int>`` (``RETURN 1``-like);
* ``ints``: 1M records of one int column holding the row index (so the
  values span tiny, INT_16 and INT_32 encodings, as ``UNWIND range()``
  results do);
* ``wide``: 100k records of 20 mixed columns (ints of every width,
  floats, short and longer strings, booleans, null, small list, small
  map);
* ``graph``: 10k records ``node, relationship, node`` with Bolt 5
  structures (element ids), hydrated into graph objects.

``unwind`` is the encoding direction: the parameters of a 50k-row
``UNWIND $rows`` (a list of small maps) packed into one buffer.

Ours: :func:`neo4j._codec.packstream.unpack_chunked` with the record
factory of :mod:`neo4j._data`, and :func:`~neo4j._codec.packstream.pack`.
Official: its pure-Python ``Inbox``/``Unpacker`` fed from an in-memory
socket with its Bolt 5 hydration scope and ``Record._new`` per row, and
its ``Packer``; run in its own interpreter (see ``_official_venv.py``).

Usage: ``python benchmarks/packstream_decode.py [--shape S ...]
[--scale F] [--repeat K] [--skip-official] [--cpu-time]``.
``OFFICIAL_PYTHON`` selects an interpreter that has the official driver;
``--cpu-time`` measures process CPU time instead of wall time (steadier
on a busy machine).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import typing as t
from pathlib import Path


ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

DECODE_SHAPES: dict[str, int] = {
    "tiny": 1_000_000,
    "ints": 1_000_000,
    "wide": 100_000,
    "graph": 10_000,
}
ENCODE_SHAPES: dict[str, int] = {"unwind": 50_000}
#: bytes handed to the decoder at a time, like one socket read
RECV_WINDOW = 65_536
KEYS: dict[str, list[str]] = {
    "tiny": ["n"],
    "ints": ["n"],
    "wide": [f"c{i}" for i in range(20)],
    "graph": ["a", "r", "b"],
}


# --- data ----------------------------------------------------------------


def _wide_row(i: int) -> list[t.Any]:
    return [
        i & 0x7F,
        -(i % 16),
        i * 1000,
        i * 100_003,
        2**40 + i,
        i * 0.5,
        3.25,
        f"name{i % 1000}",
        "x",
        "a somewhat longer string value",
        True,
        False,
        None,
        [1, 2, i & 0x3F],
        {"a": i & 0x7F, "b": "bee"},
        i % 3 == 0,
        "",
        -1.0e300,
        [],
        {"k": [1.5, 2.5]},
    ]


def _graph_row(i: int) -> list[t.Any]:
    from neo4j._codec.packstream import Structure

    a, b = 2 * i, 2 * i + 1
    ea, eb = f"4:db:{a}", f"4:db:{b}"
    return [
        Structure(b"N", a, ["Person"], {"name": f"p{a}", "age": 33}, ea),
        Structure(
            b"R", i, a, b, "KNOWS", {"since": 2001}, f"5:db:{i}", ea, eb
        ),
        Structure(
            b"N",
            b,
            ["Person", "Admin"],
            {"name": f"p{b}", "age": 44},
            eb,
        ),
    ]


def build_stream(shape: str, rows: int) -> bytes:
    """Return ``rows`` chunked RECORD messages of the given shape.

    :param shape: one of :data:`DECODE_SHAPES`
    :param rows: number of messages
    :returns: the stream bytes
    """
    if shape == "tiny":
        return b"".join(
            b"\x00\x04\xb1\x71\x91" + bytes((i & 0x7F,)) + b"\x00\x00"
            for i in range(rows)
        )
    from neo4j._codec.packstream import pack_struct

    if shape == "ints":
        out = bytearray()
        msg = bytearray()
        for i in range(rows):
            del msg[:]
            pack_struct(msg, b"q", [[i]])
            out += len(msg).to_bytes(2, "big") + msg + b"\x00\x00"
        return bytes(out)
    make = _wide_row if shape == "wide" else _graph_row
    out = bytearray()
    msg = bytearray()
    for i in range(rows):
        del msg[:]
        pack_struct(msg, b"\x71", [make(i)])
        for p in range(0, len(msg), 0xFFFF):
            chunk = msg[p : p + 0xFFFF]
            out += len(chunk).to_bytes(2, "big") + chunk
        out += b"\x00\x00"
    return bytes(out)


def unwind_rows(rows: int) -> list[dict[str, t.Any]]:
    """Parameters of an ``UNWIND $rows`` batch (list of small maps).

    :param rows: number of maps
    :returns: the list
    """
    return [
        {
            "id": i,
            "name": f"user{i}",
            "score": i * 0.25,
            "active": i % 2 == 0,
            "tags": ["a", "b"],
        }
        for i in range(rows)
    ]


# --- ours ----------------------------------------------------------------


def bench_ours(
    shape: str, rows: int, repeat: int, path: str, cpu: bool = False
) -> float:
    """Best rows/s of ``repeat`` runs with this package."""
    clock = time.process_time if cpu else time.perf_counter
    from neo4j._codec.hydration import HydrationHandlerV2
    from neo4j._codec.packstream import pack, unpack_chunked
    from neo4j._data import record_factory

    best = 0.0
    if shape == "unwind":
        params = {"rows": unwind_rows(rows)}
        hooks = HydrationHandlerV2().new_hydration_scope().dehydration_hooks
        for _ in range(repeat):
            buf = bytearray()
            start = clock()
            pack(buf, params, hooks)
            elapsed = clock() - start
            best = max(best, rows / elapsed)
        with open(path, "wb") as f:
            f.write(buf)
        return best
    data = Path(path).read_bytes()
    keys = tuple(KEYS[shape])
    size = len(data)
    for _ in range(repeat):
        scope = HydrationHandlerV2().new_hydration_scope()
        factory = record_factory(keys)
        start = clock()
        # Stream like the driver does: one receive window at a time,
        # records handed to the consumer and then dropped (a result keeps
        # at most fetch_size records in memory).
        count = 0
        last: t.Any = None
        pos = 0
        while pos < size:
            window = min(pos + RECV_WINDOW, size)
            batch, other, new_pos = unpack_chunked(
                data, pos, window, scope.hydration_hooks, factory
            )
            assert other is None
            if new_pos == pos:  # message larger than the window
                batch, other, new_pos = unpack_chunked(
                    data, pos, size, scope.hydration_hooks, factory
                )
            pos = new_pos
            if batch:
                count += len(batch)
                last = batch[-1]
        elapsed = clock() - start
        assert count == rows and pos == size and last is not None
        best = max(best, rows / elapsed)
    return best


# --- official ------------------------------------------------------------


OFFICIAL_SCRIPT = r"""
import io, json, sys, time
from neo4j._sync.io._bolt._common import Inbox
from neo4j._codec.packstream.v1 import Packer, Unpacker
from neo4j._codec.hydration.bolt.v2.hydration_handler import (
    HydrationHandler,
)
from neo4j._data import Record

shape, rows, repeat, path = sys.argv[1:5]
clock = time.process_time if sys.argv[6] == "cpu" else time.perf_counter
rows, repeat = int(rows), int(repeat)
keys = json.loads(sys.argv[5])

class MemorySocket:
    def __init__(self, data):
        self._view = memoryview(data)
        self._pos = 0
    def getsockname(self):
        return ("127.0.0.1", 0)
    def recv_into(self, target, n):
        chunk = self._view[self._pos:self._pos + n]
        target[:len(chunk)] = chunk
        self._pos += len(chunk)
        return len(chunk)

best = 0.0
if shape == "unwind":
    params = {"rows": [
        {"id": i, "name": f"user{i}", "score": i * 0.25,
         "active": i % 2 == 0, "tags": ["a", "b"]}
        for i in range(rows)
    ]}
    expected = open(path, "rb").read()
    hooks = HydrationHandler().new_hydration_scope().dehydration_hooks
    for _ in range(repeat):
        out = io.BytesIO()
        packer = Packer(out)
        start = clock()
        packer.pack(params, hooks)
        elapsed = clock() - start
        assert out.getvalue() == expected, "different encoding"
        best = max(best, rows / elapsed)
else:
    data = open(path, "rb").read()
    for _ in range(repeat):
        hooks = HydrationHandler().new_hydration_scope().hydration_hooks
        inbox = Inbox(MemorySocket(data), on_error=None,
                      unpacker_cls=Unpacker)
        records = []
        append = records.append
        count = 0
        start = clock()
        for _ in range(rows):
            tag, fields = inbox.pop(hooks)
            append(Record._new(keys, fields[0]))
            if len(records) == 1000:  # the consumer drops what it read
                count += 1000
                records.clear()
        count += len(records)
        elapsed = clock() - start
        assert count == rows
        best = max(best, rows / elapsed)
print(json.dumps({"rows_per_s": best}))
"""


def bench_official(
    python: str,
    shape: str,
    rows: int,
    repeat: int,
    path: str,
    cpu: bool = False,
) -> float:
    """Best rows/s of the official driver (run in its interpreter)."""
    keys = json.dumps(KEYS.get(shape, []))
    clock = "cpu" if cpu else "wall"
    args = [shape, str(rows), str(repeat), path, keys, clock]
    out = subprocess.run(
        [python, "-c", OFFICIAL_SCRIPT, *args],
        capture_output=True,
        text=True,
        check=True,
        cwd="/",  # keep our src/ off its path
    )
    result: dict[str, t.Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return float(result["rows_per_s"])


# --- main ----------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print a table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    every = [*DECODE_SHAPES, *ENCODE_SHAPES]
    parser.add_argument("--shape", action="append", choices=every)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--skip-official", action="store_true")
    parser.add_argument("--cpu-time", action="store_true")
    args = parser.parse_args(argv)

    python = None
    if not args.skip_official:
        from benchmarks._official_venv import official_python

        python = official_python()
    print(f"{'shape':<8}{'rows':>10}{'ours rows/s':>15}", end="")
    print(f"{'official rows/s':>18}{'ratio':>8}" if python else "")
    sizes = {**DECODE_SHAPES, **ENCODE_SHAPES}
    for shape in args.shape or every:
        rows = max(1, int(sizes[shape] * args.scale))
        fd, path = tempfile.mkstemp(suffix=f".{shape}.bin")
        os.close(fd)
        try:
            if shape in DECODE_SHAPES:
                Path(path).write_bytes(build_stream(shape, rows))
            ours = bench_ours(shape, rows, args.repeat, path, args.cpu_time)
            line = f"{shape:<8}{rows:>10,}{ours:>15,.0f}"
            if python:
                theirs = bench_official(
                    python, shape, rows, args.repeat, path, args.cpu_time
                )
                line += f"{theirs:>18,.0f}{ours / theirs:>7.1f}x"
            print(line, flush=True)
        finally:
            os.unlink(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
