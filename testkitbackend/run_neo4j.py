"""Run testkit's real-server suites against an embedded Neo4j.

::

    python -m testkitbackend.run_neo4j --testkit-dir DIR
        [--testkit-python PY] [--backend-python PY] [--sync|--async]
        [--scheme bolt|neo4j] [--json OUT.jsonl] [NAMES...]

Starts one embedded Neo4j Community server
(:class:`tests.servers.neo4j.Neo4jServer`, Bolt on a free port of
``127.0.0.1``), tells testkit where it is through its ``TEST_NEO4J_*``
variables (host, port, user, password, edition ``community``, the
release as ``YEAR.MONTH`` as testkit's own matrix writes versions, not
a cluster, the URI scheme), then starts the backend and runs the
suites below ``tests.neo4j`` (``NAMES`` narrow them, e.g.
``test_summary`` or ``datatypes.test_temporal_types``).  The other
options and the summary are those of :mod:`testkitbackend.run_stub`.
The server is stopped when the run ends.  If the backend's Python has
the ``tzdata`` package, the driver reads its time zones from it (see
:func:`tz_env`).
"""

from __future__ import annotations

import argparse
import subprocess
import sys

from testkitbackend.run_stub import ROOT, add_common_arguments, run_suites


if str(ROOT) not in sys.path:  # tests.servers lives in the repository
    sys.path.insert(0, str(ROOT))

from tests.servers.neo4j import NEO4J_VERSION, Neo4jServer


def testkit_version(release: str) -> str:
    """``2026.08.1`` -> ``2026.08``: testkit compares major.minor only.

    Its agent check takes the first two dot-separated parts of the
    server agent (``Neo4j/2026.08``) and expects ``Neo4j/`` + version.
    """
    return ".".join(release.split(".")[:2])


def neo4j_env(server: Neo4jServer, scheme: str) -> dict[str, str]:
    """The ``TEST_NEO4J_*`` variables describing ``server`` to testkit."""
    user, password = server.auth
    return {
        "TEST_NEO4J_HOST": server.host,
        "TEST_NEO4J_PORT": str(server.bolt_port),
        "TEST_NEO4J_USER": user,
        "TEST_NEO4J_PASS": password,
        "TEST_NEO4J_SCHEME": scheme,
        "TEST_NEO4J_EDITION": "community",
        "TEST_NEO4J_VERSION": testkit_version(server.version),
        "TEST_NEO4J_CLUSTER": "false",
    }


def tz_env(backend_python: str) -> dict[str, str]:
    """Point the driver's :mod:`zoneinfo` at the ``tzdata`` package.

    testkit computes the expected values with pytz, which bundles a
    recent IANA release; the driver reads the system's zone files,
    which may be an older (or differently built) release.  When the
    backend's Python has ``tzdata``, an empty ``PYTHONTZPATH`` makes
    ``zoneinfo`` use it, so both sides use the same database.
    """
    found = subprocess.run(
        [backend_python, "-c", "import tzdata; print(tzdata.IANA_VERSION)"],
        capture_output=True,
        text=True,
        check=False,
    )
    if found.returncode != 0:
        print("tzdata not installed: the driver uses the system zones")
        return {}
    print(f"driver time zones: tzdata package {found.stdout.strip()}")
    return {"PYTHONTZPATH": ""}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m testkitbackend.run_neo4j")
    add_common_arguments(parser)
    parser.add_argument(
        "--scheme",
        choices=("bolt", "neo4j"),
        default="bolt",
        help="URI scheme the suites use (neo4j: with routing)",
    )
    args = parser.parse_args(argv)
    if not args.testkit_dir:
        parser.error("give --testkit-dir or set TESTKIT_DIR")
    with Neo4jServer() as server:
        print(
            f"Neo4j {NEO4J_VERSION} listening on {server.uri} "
            f"(started in {server.startup_seconds:.1f} s)",
            flush=True,
        )
        env = neo4j_env(server, args.scheme)
        env.update(tz_env(args.backend_python))
        return run_suites(args, "tests.neo4j", env)


if __name__ == "__main__":
    sys.exit(main())
