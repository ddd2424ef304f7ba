"""Fixtures giving the routing tests a real three-node ArcadeDB cluster.

- ``arcadedb_cluster``: session scoped :class:`ArcadeDBCluster` (Raft HA,
  leader = Bolt writer, followers = readers), started on first use.
- ``cluster``: the same cluster for one test, healed afterwards: nodes a
  test killed are restarted and the fixture waits until every node names
  the same running writer again, so tests may kill any node.
- ``label``: a node label no other test uses.

The HA module must be available (see :mod:`tests.servers.arcadedb_cluster`
and CONTRIBUTING.md).  It is not published on Maven Central for the
engine version we use, so these tests are an opt-in suite: they are
collected only when ``ARCADEDB_HA_JAR`` names a locally built
``arcadedb-ha-raft`` jar (or ``ARCADEDB_CLUSTER=1`` asks Maven for it).
When collected and the module cannot be loaded, the fixtures raise
:class:`ClusterNotAvailableError`: tests error, they are never skipped.
"""

from __future__ import annotations

import os
import typing as t
import uuid

import pytest

from tests.servers import package_dir
from tests.servers.arcadedb_cluster import ArcadeDBCluster


if not (
    os.environ.get("ARCADEDB_HA_JAR") or os.environ.get("ARCADEDB_CLUSTER")
):
    collect_ignore_glob = ["async_/*", "sync/*"]


@pytest.fixture(scope="session")
def arcadedb_cluster() -> t.Iterator[ArcadeDBCluster]:
    """Shared three-node Raft cluster (started on first use)."""
    package_dir()  # raises a clear error when the package is missing
    with ArcadeDBCluster() as cluster:
        yield cluster


@pytest.fixture
def cluster(
    arcadedb_cluster: ArcadeDBCluster,
) -> t.Iterator[ArcadeDBCluster]:
    """The shared cluster; nodes killed by the test come back after it."""
    yield arcadedb_cluster
    for node in arcadedb_cluster.nodes:
        if not node.running:
            node.launch()
    arcadedb_cluster.wait_ready(arcadedb_cluster.nodes)


@pytest.fixture
def label() -> str:
    """A node label no other test uses."""
    return f"C{uuid.uuid4().hex[:16]}"
