"""The driverless round-trip floor client against the replay server."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from benchmarks.floor import RawClient, measure
from benchmarks.replay_server import ReplayServer


@pytest.fixture
def replay_port() -> Iterator[int]:
    server = ReplayServer()
    port = server.start_in_thread()
    yield port
    server.stop_thread()


def test_raw_round_trip_reads_the_record(replay_port: int) -> None:
    client = RawClient(replay_port)
    try:
        client.return_one()
        client.return_one()  # the connection is clean for the next one
    finally:
        client.close()


def test_measure_reports_rates(replay_port: int) -> None:
    result = measure(replay_port, 50)
    assert set(result) == {"ops_per_s", "wall_us", "cpu_us"}
    assert result["ops_per_s"] > 0
    assert result["wall_us"] == pytest.approx(1e6 / result["ops_per_s"])


def test_unknown_query_is_an_error(replay_port: int) -> None:
    client = RawClient(replay_port)
    try:
        client._request = client._request.replace(b"RETURN 1", b"RETURN 2")
        with pytest.raises(RuntimeError, match="expected SUCCESS"):
            client.return_one()
    finally:
        client.close()
