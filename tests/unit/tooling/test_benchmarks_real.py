"""The pure logic of the benchmarks' real-server mode.

Driver CPU per operation and its share of the wall time, merging the
one-repetition reports of the rounds, the turn order, the results file,
the command line, the queries each target gets, and the command that
starts a workload process.  The workloads themselves run against real
servers only from ``python -m benchmarks.run --server ...``.
"""

from __future__ import annotations

import json
import subprocess
import typing as t
from pathlib import Path

import pytest

from benchmarks import run
from benchmarks._venvs import Interpreter
from benchmarks.run import (
    RealServer,
    cpu_per_op,
    driver_share,
    merge_reports,
    output_path,
    peak_rss_mib,
    render_cpu_table,
    render_memory_table,
    rotation,
    run_one,
)
from benchmarks.workloads import (
    INTS_CYPHER,
    WORKLOADS,
    Target,
    own_label,
    peak_rss_kib,
)


REPORT = {"ops": 1000, "times": [2.0, 1.0, 4.0], "cpu": [0.5, 0.25, 0.75]}


def test_cpu_per_op_is_median_cpu_over_ops() -> None:
    assert cpu_per_op(REPORT) == 0.5 / 1000


def test_driver_share_is_median_cpu_over_median_wall() -> None:
    assert driver_share(REPORT) == 0.25


@pytest.mark.parametrize(
    "report",
    [
        None,
        {},
        {"error": "boom"},
        {"ops": 10, "times": [1.0]},  # an old report: no CPU times
        {"ops": 10, "times": [1.0], "cpu": []},
    ],
)
def test_cpu_figures_missing(report: dict[str, t.Any] | None) -> None:
    assert cpu_per_op(report) is None
    assert driver_share(report) is None


def test_cpu_figures_of_degenerate_reports() -> None:
    no_ops = {"ops": 0, "times": [1.0], "cpu": [1.0]}
    assert cpu_per_op(no_ops) is None
    assert driver_share(no_ops) == 1.0
    assert driver_share({"ops": 1, "times": [0.0], "cpu": [0.0]}) is None


def test_merge_reports_concatenates_repetitions() -> None:
    first = {"workload": "w", "ops": 5, "times": [1.0], "cpu": [0.5]}
    second = {"workload": "w", "ops": 5, "times": [2.0], "cpu": [0.25]}
    merged = merge_reports([first, second])
    assert merged == {
        "workload": "w",
        "ops": 5,
        "times": [1.0, 2.0],
        "cpu": [0.5, 0.25],
        "peak_rss_kib": None,
    }
    assert first["times"] == [1.0]  # inputs are not modified


def test_peak_memory_is_the_highest_process_and_tabled() -> None:
    reports = [
        {"ops": 5, "times": [1.0], "cpu": [0.5], "peak_rss_kib": 2048},
        {"ops": 5, "times": [1.0], "cpu": [0.5], "peak_rss_kib": 3072},
    ]
    merged = merge_reports(reports)
    assert merged["peak_rss_kib"] == 3072
    assert peak_rss_mib(merged) == 3.0
    assert peak_rss_mib({"ops": 5}) is None
    table = render_memory_table(
        {"ints_sync": {"ours": merged, "official": {"error": "x"}}},
        ["ours", "official"],
    )
    cells = [c.strip() for c in table.splitlines()[-1].split("|")[1:-1]]
    assert cells == ["ints_sync", "3", "-"]


def test_workload_reports_its_peak_memory() -> None:
    assert (peak_rss_kib() or 0) > 1024  # an interpreter takes > 1 MiB


def test_merge_reports_keeps_the_first_error() -> None:
    good = {"ops": 5, "times": [1.0], "cpu": [0.5]}
    merged = merge_reports([good, {"error": "one"}, {"error": "two"}])
    assert merged == {"error": "one", "times": [1.0]}
    assert merge_reports([]) == {"error": "no repetition ran"}


def test_rotation_gives_each_driver_the_first_turn() -> None:
    drivers = ["ours", "official", "official-rust"]
    assert [rotation(drivers, turn) for turn in range(4)] == [
        ["ours", "official", "official-rust"],
        ["official", "official-rust", "ours"],
        ["official-rust", "ours", "official"],
        ["ours", "official", "official-rust"],
    ]
    assert rotation([], 3) == []


@pytest.mark.parametrize(
    ("server", "quick", "name"),
    [
        ("replay", False, "results.json"),
        ("replay", True, "results-quick.json"),
        ("neo4j", False, "results-neo4j.json"),
        ("arcadedb", True, "results-arcadedb-quick.json"),
    ],
)
def test_output_path(server: str, quick: bool, name: str) -> None:
    path = output_path(server, quick)
    assert path == Path(run.__file__).resolve().parent / name


def test_command_line_server_choice() -> None:
    args = run._parse([])
    assert (args.server, args.server_warmup) == ("replay", True)
    args = run._parse(["--server", "neo4j", "--no-server-warmup"])
    assert (args.server, args.server_warmup) == ("neo4j", False)
    assert run._parse(["--server", "arcadedb"]).server == "arcadedb"


def test_command_line_rejects_unknown_server(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as caught:
        run._parse(["--server", "memgraph"])
    assert caught.value.code == 2
    assert "invalid choice: 'memgraph'" in capsys.readouterr().err


def test_real_server_rejects_other_kinds() -> None:
    with pytest.raises(ValueError, match="not a real server: 'replay'"):
        RealServer("replay")
    assert RealServer("neo4j").database == "neo4j"
    assert RealServer("arcadedb").database == "bench"


def test_render_cpu_table() -> None:
    results = {
        "ints_sync": {
            "ours": {"ops": 1000, "times": [0.5], "cpu": [0.002]},
            "official": {"ops": 1000, "times": [1.0], "cpu": [0.02]},
        },
        "return1_sync": {
            "ours": {"ops": 10, "times": [1.0], "cpu": [0.5]},
            "official": {"error": "boom"},
        },
    }
    lines = render_cpu_table(results, ["ours", "official"]).splitlines()
    assert [cell.strip() for cell in lines[0].split("|")[1:-1]] == [
        "workload",
        "unit",
        "ours cpu us/op",
        "ours share",
        "official cpu us/op",
        "official share",
        "cpu official/ours",
    ]
    cells = [[c.strip() for c in line.split("|")[1:-1]] for line in lines]
    assert cells[2] == [
        "ints_sync",
        "rows",
        "2.00",
        "0%",
        "20",
        "2%",
        "10.00x",
    ]
    assert cells[3] == [
        "return1_sync",
        "queries",
        "50,000",
        "50%",
        "-",
        "-",
        "-",
    ]


def test_render_cpu_table_without_ours_has_no_ratio() -> None:
    results = {"ints_sync": {"official": REPORT}}
    head = render_cpu_table(results, ["official"]).splitlines()[0]
    assert "/ours" not in head


def test_real_sizes() -> None:
    sizes = {
        name: w.full_size("neo4j")
        for name, w in WORKLOADS.items()
        if "neo4j" in w.servers
    }
    assert sizes == {
        "ints_sync": 200_000,
        "ints_async": 200_000,
        "wide_sync": 20_000,
        "graph_sync": 10_000,
        "unwind_sync": 10_000,
        "return1_sync": 1_000,
        "return1_async": 1_000,
        "execute_query_sync": 500,
        "tasks_async": 50,
    }
    assert WORKLOADS["ints_sync"].full_size("arcadedb") == 200_000
    assert WORKLOADS["ints_sync"].full_size("replay") == 1_000_000


def test_replay_target_sends_the_preloaded_queries() -> None:
    target = Target()
    assert not target.real
    assert target.ints(7) == (WORKLOADS["ints_sync"].query(7), {})
    assert target.wide(7) == (WORKLOADS["wide_sync"].query(7), {})
    assert target.graph(7) == (WORKLOADS["graph_sync"].query(7), {})
    assert target.unwind().startswith("UNWIND $rows ")


def test_real_target_sends_cypher_with_its_own_label() -> None:
    target = Target("neo4j", "neo4j", "Bench_1_ab")
    assert target.real
    assert target.ints(7) == (INTS_CYPHER, {"n": 7})
    assert target.ints(7)[0] == "UNWIND range(0, $n - 1) AS n RETURN n"
    query, params = target.wide(7)
    assert params == {"n": 7}
    assert query.startswith("UNWIND range(0, $n - 1) AS i\nRETURN i AS id,")
    assert target.graph(7) == (
        "MATCH (n:Bench_1_ab)-[r:KNOWS]->(m) RETURN n, r, m LIMIT $n",
        {"n": 7},
    )
    assert target.unwind() == (
        "UNWIND $rows AS row CREATE (n:Bench_1_ab) SET n = row"
    )
    assert target.delete() == "MATCH (n:Bench_1_ab) DETACH DELETE n"


def test_wide_cypher_names_the_replay_columns() -> None:
    from benchmarks._datasets import WIDE_KEYS

    query = Target("arcadedb").wide(1)[0]
    aliases = [
        part.split(" AS ")[-1].strip()
        for part in query.split("RETURN", 1)[1].replace("\n", " ").split(",")
        if " AS " in part
    ]
    assert aliases == list(WIDE_KEYS)


def test_own_label_is_a_fresh_plain_identifier() -> None:
    labels = {own_label() for _ in range(20)}
    assert len(labels) == 20
    for label in labels:
        assert label.startswith("Bench_")
        assert label.replace("_", "").isalnum()


def test_run_one_passes_server_credentials_and_database(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen: list[list[str]] = []
    report = {"workload": "ints_sync", "ops": 3, "times": [1.0]}

    def fake_run(
        command: list[str], **kwargs: t.Any
    ) -> subprocess.CompletedProcess[str]:
        seen.append(command)
        return subprocess.CompletedProcess(
            command, 0, stdout="noise\n" + json.dumps(report), stderr=""
        )

    monkeypatch.setattr(run.subprocess, "run", fake_run)
    interpreter = Interpreter("ours", "/bin/python-x", {})
    got = run_one(
        interpreter,
        "ints_sync",
        "bolt://127.0.0.1:1",
        3,
        1,
        60,
        server="arcadedb",
        auth=("root", "secret-pw"),
        database="bench",
    )
    assert got == report
    assert seen[0][0] == "/bin/python-x"
    assert seen[0][2:] == [
        "--uri",
        "bolt://127.0.0.1:1",
        "--workload",
        "ints_sync",
        "--size",
        "3",
        "--repeat",
        "1",
        "--server",
        "arcadedb",
        "--user",
        "root",
        "--password",
        "secret-pw",
        "--database",
        "bench",
    ]
    run_one(interpreter, "ints_sync", "bolt://h:2", 3, 1, 60)
    assert seen[1][-2:] == ["--server", "replay"]


class FakeServer:
    """Stands in for :class:`RealServer` (no JVM in unit tests)."""

    kind = "arcadedb"
    uri = "bolt://127.0.0.1:9"
    auth = ("root", "secret-pw")
    database = "bench"

    def __init__(self, kind: str) -> None:
        assert kind == "arcadedb"

    def __enter__(self) -> FakeServer:
        return self

    def __exit__(self, *exc_info: object) -> None:
        pass


def _fake_runs(
    monkeypatch: pytest.MonkeyPatch,
) -> list[tuple[str, str, int, int]]:
    """Replace ``run_one``: record each call, answer a fixed report."""
    calls: list[tuple[str, str, int, int]] = []

    def fake_run_one(
        interpreter: Interpreter,
        workload: str,
        uri: str,
        size: int,
        repeat: int,
        timeout: float,
        **target: t.Any,
    ) -> dict[str, t.Any]:
        assert (uri, target) == (
            FakeServer.uri,
            {
                "server": "arcadedb",
                "auth": FakeServer.auth,
                "database": "bench",
            },
        )
        calls.append((interpreter.driver, workload, size, repeat))
        turn = len(calls)
        return {
            "workload": workload,
            "ops": size,
            "times": [float(turn)],
            "cpu": [turn / 10],
            "server": {"agent": "Fake/1", "protocol": "5.4"},
        }

    monkeypatch.setattr(run, "run_one", fake_run_one)
    monkeypatch.setattr(run, "RealServer", FakeServer)
    monkeypatch.setattr(
        run, "resolve", lambda d: Interpreter(d, f"/bin/{d}", {})
    )
    return calls


def test_real_server_rounds_rotate_after_a_warmup(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    calls = _fake_runs(monkeypatch)
    output = tmp_path / "out.json"
    status = run.main(
        [
            "--server",
            "arcadedb",
            "--drivers",
            "ours,official",
            "--only",
            "ints_sync",
            "--repeat",
            "3",
            "--output",
            str(output),
        ]
    )
    assert status == 0
    size = 200_000
    assert calls == [
        ("ours", "ints_sync", size, 1),  # the server warm-up
        ("ours", "ints_sync", size, 1),
        ("official", "ints_sync", size, 1),
        ("official", "ints_sync", size, 1),
        ("ours", "ints_sync", size, 1),
        ("ours", "ints_sync", size, 1),
        ("official", "ints_sync", size, 1),
    ]
    document = json.loads(output.read_text())
    assert document["server"] == "arcadedb"
    assert document["server_agent"] == ["Fake/1"]
    assert document["bolt"] == {"ours": "5.4", "official": "5.4"}
    assert document["sizes"] == {"ints_sync": size}
    ours = document["results"]["ints_sync"]["ours"]
    official = document["results"]["ints_sync"]["official"]
    assert (ours["times"], ours["cpu"]) == ([2.0, 5.0, 6.0], [0.2, 0.5, 0.6])
    assert official["times"] == [3.0, 4.0, 7.0]
    assert "cpu_table" in document


def test_real_server_quick_without_warmup(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    calls = _fake_runs(monkeypatch)
    status = run.main(
        [
            "--server",
            "arcadedb",
            "--quick",
            "--no-server-warmup",
            "--drivers",
            "official",
            "--only",
            "return1_async",
            "--repeat",
            "2",
            "--output",
            str(tmp_path / "out.json"),
        ]
    )
    assert status == 0
    assert calls == [
        ("official", "return1_async", 100, 1),
        ("official", "return1_async", 100, 1),
    ]
