"""Start a backend, run testkit's stub suites against it, summarize.

::

    python -m testkitbackend.run_stub --testkit-dir DIR
        [--testkit-python PY] [--backend-python PY] [--sync|--async]
        [--json OUT.jsonl] [NAMES...]

The backend runs under ``--backend-python`` (default: this Python; use
the official driver's interpreter for a baseline) from the repository
root; testkit runs under ``--testkit-python`` (a Python with testkit's
``requirements.txt`` installed).  The summary lists pass/fail/error/skip
counts per stub suite (``tests.stub.<suite>``) and every failure.
Stub servers use the fixed ports 9000-9060, so only one run at a time
per network namespace (on Linux, ``unshare -n`` with ``ip link set lo
up`` gives each run its own).  Two routing tests need two
non-loopback IPv4 addresses in the namespace (they move a router from
one to the other); a veth pair with an address on each end gives them
(``ip link add v0 type veth peer name v1; ip addr add 10.200.0.1/24 dev
v0; ip addr add 10.200.0.2/24 dev v1; ip link set v0 up; ip link set v1
up``).
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import typing as t
from pathlib import Path


ROOT = Path(__file__).resolve().parent.parent


def _wait_listening(
    host: str, port: int, proc: subprocess.Popen[bytes]
) -> None:
    for _ in range(300):
        if proc.poll() is not None:
            raise SystemExit(f"backend exited with {proc.returncode}")
        try:
            with socket.create_connection((host, port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.1)
    raise SystemExit("backend did not start listening")


def summarize(lines: list[dict[str, str]]) -> str:
    """Per-suite counts and the list of failed tests."""
    per_suite: dict[str, collections.Counter[str]] = collections.defaultdict(
        collections.Counter
    )
    for line in lines:
        parts = line["test"].split(".")
        suite = parts[2] if len(parts) > 2 else line["test"]
        per_suite[suite][line["outcome"]] += 1
    rows = [f"{'suite':28} {'pass':>5} {'fail':>5} {'error':>5} {'skip':>5}"]
    total: collections.Counter[str] = collections.Counter()
    for suite in sorted(per_suite):
        c = per_suite[suite]
        total.update(c)
        rows.append(
            f"{suite:28} {c['pass']:5} {c['fail']:5} {c['error']:5} "
            f"{c['skip']:5}"
        )
    rows.append(
        f"{'TOTAL':28} {total['pass']:5} {total['fail']:5} "
        f"{total['error']:5} {total['skip']:5}"
    )
    return "\n".join(rows)


def add_common_arguments(parser: argparse.ArgumentParser) -> None:
    """The options ``run_stub`` and ``run_neo4j`` share."""
    parser.add_argument(
        "--testkit-dir", default=os.environ.get("TESTKIT_DIR"), required=False
    )
    parser.add_argument("--testkit-python", default=sys.executable)
    parser.add_argument("--backend-python", default=sys.executable)
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--async", dest="mode", action="store_const",
                      const="async")  # fmt: skip
    mode.add_argument("--sync", dest="mode", action="store_const",
                      const="sync")  # fmt: skip
    parser.add_argument("--port", type=int, default=9876)
    parser.add_argument("--json", help="keep the per-test results here")
    parser.add_argument("names", nargs="*")


def run_suites(
    args: argparse.Namespace,
    package: str,
    extra_env: t.Mapping[str, str] | None = None,
) -> int:
    """Start the backend, run testkit's tests below ``package``, report.

    :param args: parsed by a parser given :func:`add_common_arguments`
    :param package: ``tests.stub`` or ``tests.neo4j``; names in
        ``args.names`` not starting with ``tests.`` are taken below it
    :param extra_env: more variables for testkit and the backend
    :returns: the exit code (1 if any test failed or errored)
    """
    testkit_dir = str(Path(args.testkit_dir).resolve())
    mode_name = args.mode or "async"
    host = "127.0.0.1"
    env = dict(os.environ)
    env.update(
        TEST_DRIVER_NAME="python",
        TEST_BACKEND_HOST=host,
        TEST_BACKEND_PORT=str(args.port),
        TEST_STUB_HOST=host,
    )
    env.update(extra_env or {})
    # testkit writes rewritten stub scripts to tempfile.gettempdir() under
    # their plain names: a private TMPDIR keeps parallel runs apart
    env["TMPDIR"] = tempfile.mkdtemp(prefix="testkit-")
    out = args.json or os.path.join(env["TMPDIR"], "results.jsonl")
    backend = subprocess.Popen(
        [
            args.backend_python,
            "-m",
            "testkitbackend",
            f"--{mode_name}",
            "--port",
            str(args.port),
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        _wait_listening(host, args.port, backend)
        names = [
            n if n.startswith("tests.") else f"{package}.{n}"
            for n in args.names
        ] or [package]
        subprocess.run(
            [
                args.testkit_python,
                str(ROOT / "testkitbackend" / "_stub_runner.py"),
                testkit_dir,
                out,
                *names,
            ],
            env=env,
            check=False,
        )
    finally:
        backend.terminate()
        backend.wait(10)
    with open(out, encoding="utf-8") as f:
        lines = [json.loads(line) for line in f if line.strip()]
    print(summarize(lines))
    bad = [x for x in lines if x["outcome"] in ("fail", "error")]
    for line in bad:
        print(f"{line['outcome'].upper()}: {line['test']}")
    return 1 if bad else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m testkitbackend.run_stub")
    add_common_arguments(parser)
    args = parser.parse_args(argv)
    if not args.testkit_dir:
        parser.error("give --testkit-dir or set TESTKIT_DIR")
    return run_suites(args, "tests.stub")


if __name__ == "__main__":
    sys.exit(main())
