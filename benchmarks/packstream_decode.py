"""Benchmark: decode chunked RECORD messages into records.

Builds one buffer holding N Bolt RECORD messages, each a single chunk
``00 04 B1 71 91 <tiny int> 00 00`` (one integer field), then measures
dechunking + decoding + building one record per row:

* ours: :func:`neo4j._codec.packstream.unpack_chunked` with the
  per-result record factory of :mod:`neo4j._data`;
* official: its pure-Python ``Inbox``/``Unpacker`` fed from an in-memory
  socket, with its hydration scope and ``Record._new`` per row, run in
  its own interpreter (see ``_official_venv.py``).

Usage: ``python benchmarks/packstream_decode.py [--rows N] [--repeat K]``
(``OFFICIAL_PYTHON`` selects an existing interpreter with the official
driver; ``--skip-official`` measures only this package).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
import typing as t
from pathlib import Path


ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))


def build_buffer(rows: int) -> bytes:
    """Return ``rows`` chunked single-int RECORD messages.

    :param rows: number of messages
    :returns: the stream bytes
    """
    return b"".join(
        b"\x00\x04\xb1\x71\x91" + bytes((i & 0x7F,)) + b"\x00\x00"
        for i in range(rows)
    )


def bench_ours(rows: int, repeat: int) -> float:
    """Best rows/s of ``repeat`` runs with this package."""
    from neo4j._codec.hydration import HydrationHandlerV3
    from neo4j._codec.packstream import unpack_chunked
    from neo4j._data import record_factory

    data = build_buffer(rows)
    best = 0.0
    for _ in range(repeat):
        hooks = HydrationHandlerV3().new_hydration_scope().hydration_hooks
        factory = record_factory(("n",))
        start = time.perf_counter()
        records, other, pos = unpack_chunked(
            data, 0, len(data), hooks, factory
        )
        elapsed = time.perf_counter() - start
        assert len(records) == rows and other is None and pos == len(data)
        assert records[-1]["n"] == (rows - 1) & 0x7F
        best = max(best, rows / elapsed)
    return best


OFFICIAL_SCRIPT = r"""
import json, sys, time
from neo4j._sync.io._bolt._common import Inbox
from neo4j._codec.packstream.v1 import Unpacker
from neo4j._codec.hydration.bolt.v3.hydration_handler import (
    HydrationHandler,
)
from neo4j._data import Record

rows, repeat = int(sys.argv[1]), int(sys.argv[2])
data = b"".join(
    b"\x00\x04\xb1\x71\x91" + bytes((i & 0x7F,)) + b"\x00\x00"
    for i in range(rows)
)

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
keys = ["n"]
for _ in range(repeat):
    scope = HydrationHandler().new_hydration_scope()
    hooks = scope.hydration_hooks
    inbox = Inbox(MemorySocket(data), on_error=None, unpacker_cls=Unpacker)
    records = []
    append = records.append
    start = time.perf_counter()
    for _ in range(rows):
        tag, fields = inbox.pop(hooks)
        append(Record._new(keys, fields[0]))
    elapsed = time.perf_counter() - start
    assert len(records) == rows and records[-1]["n"] == (rows - 1) & 0x7F
    best = max(best, rows / elapsed)
print(json.dumps({"rows_per_s": best}))
"""


def bench_official(python: str, rows: int, repeat: int) -> float:
    """Best rows/s of the official driver (run in its interpreter)."""
    out = subprocess.run(
        [python, "-c", OFFICIAL_SCRIPT, str(rows), str(repeat)],
        capture_output=True,
        text=True,
        check=True,
        cwd="/",  # keep our src/ off its path
    )
    result: dict[str, t.Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return float(result["rows_per_s"])


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print a small report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--skip-official", action="store_true")
    args = parser.parse_args(argv)

    ours = bench_ours(args.rows, args.repeat)
    print(f"ours:     {ours:>12,.0f} rows/s")
    if args.skip_official:
        return 0
    from _official_venv import official_python

    theirs = bench_official(official_python(), args.rows, args.repeat)
    print(f"official: {theirs:>12,.0f} rows/s")
    print(f"ratio:    {ours / theirs:>12.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
