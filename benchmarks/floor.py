"""The round-trip floor: ``RETURN 1`` with no driver at all.

A client made of two system calls per query (one ``sendall`` of
pre-encoded RUN + PULL, blocking reads until the closing SUCCESS) talks
to the same replay server the benchmarks use.  Its rate is the ceiling
any driver can reach on that server and machine: the time left is the
server's and the kernel's.  Dividing it by a driver's rate from the same
run shows how much of a round trip is the driver's own::

    python -m benchmarks.floor --queries 20000

It prints queries per second, wall and CPU microseconds per query.
"""

from __future__ import annotations

import argparse
import json
import socket
import sys
import time
import typing as t
from pathlib import Path


if __package__ in (None, ""):  # run as a script: make `benchmarks` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._packstream import message
from benchmarks.run import ReplayProcess


__all__ = ["RawClient", "main", "measure"]

_HELLO = 0x01
_RUN = 0x10
_PULL = 0x3F
_LOGON = 0x6A
_SUCCESS = 0x70
_FAILURE = 0x7F
_PREAMBLE = b"\x60\x60\xb0\x17"
#: Bolt 5.4 proposed, three empty slots.
_PROPOSALS = b"\x00\x00\x04\x05" + bytes(12)


class RawClient:
    """A Bolt 5.4 client of one blocking socket and canned requests.

    :param port: the replay server's port on 127.0.0.1
    """

    def __init__(self, port: int) -> None:
        sock = socket.create_connection(("127.0.0.1", port), timeout=30)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self._sock = sock
        self._pending = bytearray()
        sock.sendall(_PREAMBLE + _PROPOSALS)
        if self._read_exactly(4) != b"\x00\x00\x04\x05":
            raise RuntimeError("the server did not agree on Bolt 5.4")
        sock.sendall(
            message(_HELLO, {"user_agent": "floor/1.0"})
            + message(
                _LOGON,
                {
                    "scheme": "basic",
                    "principal": "neo4j",
                    "credentials": "password",
                },
            )
        )
        for _ in range(2):
            self._expect_success()
        self._request = message(
            _RUN, "RETURN 1", {}, {"db": "neo4j"}
        ) + message(_PULL, {"n": 1000})

    def _read_exactly(self, size: int) -> bytes:
        while len(self._pending) < size:
            chunk = self._sock.recv(65536)
            if not chunk:
                raise ConnectionError("the server closed the connection")
            self._pending += chunk
        data = bytes(self._pending[:size])
        del self._pending[:size]
        return data

    def _read_message(self) -> bytes:
        """One dechunked message."""
        parts: list[bytes] = []
        while True:
            size = int.from_bytes(self._read_exactly(2), "big")
            if size == 0:
                if parts:
                    return b"".join(parts)
                continue  # a no-op chunk
            parts.append(self._read_exactly(size))

    def _expect_success(self) -> None:
        body = self._read_message()
        if body[1] != _SUCCESS:
            raise RuntimeError(f"expected SUCCESS, got {body!r}")

    def return_one(self) -> None:
        """One ``RETURN 1`` round trip: RUN+PULL out, three messages in."""
        self._sock.sendall(self._request)
        self._expect_success()  # RUN
        record = self._read_message()
        if record[1] != 0x71 or record[3] != 1:
            raise RuntimeError(f"expected the record [1], got {record!r}")
        self._expect_success()  # PULL

    def close(self) -> None:
        """Close the socket."""
        self._sock.close()


def measure(port: int, queries: int) -> dict[str, float]:
    """Time ``queries`` raw round trips after a warm-up.

    :returns: ``ops_per_s``, ``wall_us`` and ``cpu_us`` per query
    """
    client = RawClient(port)
    try:
        for _ in range(min(queries, 500)):
            client.return_one()
        wall = time.perf_counter()
        cpu = time.process_time()
        for _ in range(queries):
            client.return_one()
        wall = time.perf_counter() - wall
        cpu = time.process_time() - cpu
    finally:
        client.close()
    return {
        "ops_per_s": queries / wall,
        "wall_us": wall / queries * 1e6,
        "cpu_us": cpu / queries * 1e6,
    }


def main(argv: t.Sequence[str] | None = None) -> None:
    """Command line entry point (see ``--help``).

    :param argv: arguments, ``sys.argv[1:]`` when omitted
    """
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--queries", type=int, default=20_000)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    with ReplayProcess(["RETURN 1"]) as server:
        result = measure(server.port, args.queries)
    if args.json:
        print(json.dumps(result))
    else:
        print(
            f"raw RETURN 1: {result['ops_per_s']:,.0f} queries/s, "
            f"wall {result['wall_us']:.1f} us, cpu {result['cpu_us']:.1f} us"
        )


if __name__ == "__main__":
    main()
