"""Launch a three-node ArcadeDB Raft cluster for the routing tests.

Each node is an ArcadeDB server (the ``arcadedb-embedded`` JRE and jars,
as in :mod:`.arcadedb`) with the Bolt plugin and ArcadeDB's Raft
high-availability module on its class path.  The nodes find each other
through ``arcadedb.ha.serverList``, which names every peer with its Raft,
HTTP and Bolt ports, so a Bolt ``ROUTE`` answers with the leader as
writer and the followers as readers.

The HA module needs two things that ``arcadedb-embedded`` lacks:

- Apache Ratis: fetched by Maven from Maven Central (the pom in
  ``cluster_embedded/``); the class path is cached.
- ``com.arcadedb:arcadedb-ha-raft`` at the engine's version: the
  environment variable ``ARCADEDB_HA_JAR`` names the jar; without it,
  Maven is asked for the artifact.  When neither works,
  :class:`ClusterNotAvailableError` says so.

The cluster counts as started once every node answers ``RETURN 1`` on
the database over Bolt and all nodes name the same writer in ``ROUTE``
(checked with the driver-independent :mod:`._probe`).

Example::

    with ArcadeDBCluster() as cluster:
        driver = GraphDatabase.driver(cluster.routing_uri, auth=cluster.auth)
"""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import typing as t
import weakref
from pathlib import Path

from . import _probe
from ._paths import jars_dir, java_executable
from ._tools import run_tool
from .arcadedb import (
    DEFAULT_PASSWORD,
    FATAL_MARK,
    HOST,
    JVM_OPTIONS,
    OWNER_FILE,
    TMP_PREFIX,
    USER,
    ServerStartError,
    _sweep_stale_dirs,
    free_port,
)


__all__ = [
    "ArcadeDBCluster",
    "ClusterNode",
    "ClusterNotAvailableError",
    "ha_class_path",
]

RESOURCES = Path(__file__).resolve().with_name("cluster_embedded")
POM = RESOURCES / "pom.xml"
HA_JAR_ENV = "ARCADEDB_HA_JAR"
CACHE_ENV = "ARCADEDB_CLUSTER_CACHE"
MAIN_CLASS = "com.arcadedb.server.ArcadeDBServer"
HA_ARTIFACT = "com.arcadedb:arcadedb-ha-raft"
MAVEN_TIMEOUT = 900.0
MSG_ROUTE = 0x66
START_ATTEMPTS = 3
LOG_TAIL_LINES = 40
POLL_INTERVAL = 0.2
# Logged by every node once the cluster agreed on the initial state of
# a database (first start only); writes before that make nodes diverge.
BOOTSTRAP_MARK = "Database '{database}' bootstrapped locally"
BIND_MARKS = (
    "BindException",
    "Address already in use",
    "Failed to bind",
)
# Raft timings: short elections so a killed leader is replaced within a
# few seconds, yet long enough not to flap on a loaded 2-core machine.
HA_SETTINGS = {
    "arcadedb.ha.electionTimeoutMin": "1500",
    "arcadedb.ha.electionTimeoutMax": "3000",
}


class ClusterNotAvailableError(RuntimeError):
    """The HA module or its dependencies cannot be found or fetched."""


# ------------------------------------------------------------ class path


def _engine_version() -> str:
    for jar in jars_dir().glob("arcadedb-engine-*.jar"):
        return jar.name[len("arcadedb-engine-") : -len(".jar")]
    raise ClusterNotAvailableError(f"no arcadedb-engine jar in {jars_dir()}")


def _cache_dir() -> Path:
    override = os.environ.get(CACHE_ENV)
    if override:
        base = Path(override)
    else:
        home = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
        base = Path(home) / "neo4j-fast-driver-tests"
    digest = hashlib.sha256(POM.read_bytes()).hexdigest()[:12]
    folder = base / f"arcadedb-ha-{_engine_version()}-{digest}"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _maven(args: list[str], what: str) -> None:
    mvn = shutil.which("mvn")
    if mvn is None:
        raise ClusterNotAvailableError(
            "Maven (`mvn`) is needed to fetch the ArcadeDB HA dependencies"
        )
    run_tool(
        [mvn, "-B", "-q", "--no-transfer-progress", *args],
        what,
        MAVEN_TIMEOUT,
        ClusterNotAvailableError,
        LOG_TAIL_LINES,
    )


def _ratis_class_path(cache: Path) -> list[str]:
    target = cache / "ratis.classpath"
    if target.exists():
        jars = target.read_text().strip().split(os.pathsep)
        if jars and all(Path(jar).is_file() for jar in jars):
            return jars
    partial = target.with_suffix(".part")
    _maven(
        [
            "-f",
            str(POM),
            "dependency:build-classpath",
            f"-Dmdep.outputFile={partial}",
        ],
        "fetching Apache Ratis with Maven",
    )
    partial.replace(target)
    return target.read_text().strip().split(os.pathsep)


def _ha_jar(cache: Path) -> str:
    override = os.environ.get(HA_JAR_ENV)
    if override:
        if not Path(override).is_file():
            raise ClusterNotAvailableError(
                f"${HA_JAR_ENV} names {override}, which does not exist"
            )
        return override
    version = _engine_version()
    jar = cache / f"arcadedb-ha-raft-{version}.jar"
    if jar.is_file():
        return str(jar)
    try:
        _maven(
            [
                "-f",
                str(POM),
                "dependency:copy",
                f"-Dartifact={HA_ARTIFACT}:{version}",
                f"-DoutputDirectory={cache}",
            ],
            f"fetching {HA_ARTIFACT}:{version} with Maven",
        )
    except ClusterNotAvailableError as exc:
        raise ClusterNotAvailableError(
            f"ArcadeDB's HA module {HA_ARTIFACT}:{version} (the version "
            "of the arcadedb-embedded engine) could not be fetched; set "
            f"${HA_JAR_ENV} to a jar of it.\n{exc}"
        ) from exc
    return str(jar)


_class_path_lock = threading.Lock()


def ha_class_path() -> list[str]:
    """Return the jars to add to ArcadeDB's class path for Raft HA.

    :raises ClusterNotAvailableError: if the HA module or Ratis cannot
        be found or fetched
    """
    with _class_path_lock:
        cache = _cache_dir()
        return [_ha_jar(cache), *_ratis_class_path(cache)]


# ------------------------------------------------------------ processes


def _die_with_parent() -> None:  # pragma: no cover - runs in the child
    import ctypes

    pr_set_pdeathsig = 1
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(pr_set_pdeathsig, signal.SIGKILL)


def _tail(path: Path, lines: int) -> str:
    try:
        text = path.read_text(errors="replace")
    except OSError:
        return ""
    return "\n".join(text.splitlines()[-lines:])


class ClusterNode:
    """One node of an :class:`ArcadeDBCluster` (one JVM process).

    :param cluster: the cluster it belongs to
    :param index: its position in the server list (``node<index>``)
    """

    def __init__(self, cluster: ArcadeDBCluster, index: int) -> None:
        self.cluster = cluster
        self.index = index
        self.name = f"node{index}"
        self.bolt_port = 0
        self.http_port = 0
        self.raft_port = 0
        self._process: subprocess.Popen[bytes] | None = None
        self._generation = 0

    def __repr__(self) -> str:
        return f"<ClusterNode {self.name} {self.address}>"

    @property
    def address(self) -> str:
        """``127.0.0.1:<bolt_port>``, as ``ROUTE`` lists it."""
        return f"{HOST}:{self.bolt_port}"

    @property
    def uri(self) -> str:
        """``bolt://127.0.0.1:<bolt_port>`` (this node only)."""
        return f"bolt://{self.address}"

    @property
    def root_path(self) -> Path:
        """The node's server root folder."""
        return self.cluster.work_dir / self.name

    @property
    def log_path(self) -> Path:
        """File collecting stdout and stderr of the current process."""
        return self.cluster.work_dir / f"{self.name}-{self._generation}.log"

    @property
    def pid(self) -> int | None:
        """Process id of the JVM, if started."""
        return None if self._process is None else self._process.pid

    @property
    def running(self) -> bool:
        """Whether the JVM process is alive."""
        return self._process is not None and self._process.poll() is None

    def log_tail(self, lines: int = LOG_TAIL_LINES) -> str:
        """Return the last *lines* lines of the current log."""
        return _tail(self.log_path, lines)

    def pick_ports(self) -> None:
        """Choose free ports for Bolt, HTTP and Raft."""
        taken = {n.bolt_port for n in self.cluster.nodes}
        taken |= {n.http_port for n in self.cluster.nodes}
        taken |= {n.raft_port for n in self.cluster.nodes}
        ports: list[int] = []
        while len(ports) < 3:
            port = free_port()
            if port not in taken and port not in ports:
                ports.append(port)
        self.bolt_port, self.http_port, self.raft_port = ports

    def command(self) -> list[str]:
        """Return the command line launching this node."""
        cluster = self.cluster
        settings = {
            "arcadedb.server.name": self.name,
            "arcadedb.server.rootPath": str(self.root_path),
            "arcadedb.server.rootPassword": cluster.password,
            "arcadedb.server.httpIncomingHost": HOST,
            "arcadedb.server.httpIncomingPort": str(self.http_port),
            "arcadedb.server.plugins": (
                "Bolt:com.arcadedb.bolt.BoltProtocolPlugin"
            ),
            "arcadedb.bolt.host": HOST,
            "arcadedb.bolt.port": str(self.bolt_port),
            "arcadedb.server.defaultDatabases": f"{cluster.database}[{USER}]",
            "arcadedb.bolt.defaultDatabase": cluster.database,
            "arcadedb.ha.enabled": "true",
            "arcadedb.ha.clusterName": cluster.name,
            "arcadedb.ha.serverList": cluster.server_list(),
            "arcadedb.ha.raftPort": str(self.raft_port),
            **HA_SETTINGS,
            **cluster.settings,
        }
        class_path = os.pathsep.join([f"{jars_dir()}/*", *cluster.class_path])
        return [
            str(java_executable()),
            *cluster.jvm_options,
            "-cp",
            class_path,
            *(f"-D{key}={value}" for key, value in settings.items()),
            MAIN_CLASS,
        ]

    def launch(self) -> None:
        """Start the JVM (without waiting for readiness).

        :raises RuntimeError: if it is already running
        """
        if self.running:
            raise RuntimeError(f"{self.name} is already running")
        self.root_path.mkdir(parents=True, exist_ok=True)
        self._generation += 1
        in_main = threading.current_thread() is threading.main_thread()
        with open(self.log_path, "wb") as log:
            self._process = subprocess.Popen(
                self.command(),
                cwd=self.root_path,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                preexec_fn=(
                    _die_with_parent
                    if in_main and sys.platform == "linux"
                    else None
                ),
            )

    def check_alive(self) -> None:
        """Raise :class:`ServerStartError` if the JVM died or failed.

        A port clash raises :class:`_BindError` (retried with new ports).
        """
        log = self.log_tail(400)
        code = None if self._process is None else self._process.poll()
        if FATAL_MARK in log or code is not None:
            bind = any(mark in log for mark in BIND_MARKS)
            error = _BindError if bind else ServerStartError
            what = "failed" if code is None else f"exited with code {code}"
            raise error(
                f"ArcadeDB cluster {self.name} {what}; log "
                f"{self.log_path}; last lines:\n{self.log_tail()}"
            )

    def bootstrapped(self) -> bool:
        """Whether the node joined the cluster's initial database state.

        Only the first start logs it; a restarted node replays the log.
        """
        if self._generation > 1:
            return True
        mark = BOOTSTRAP_MARK.format(database=self.cluster.database)
        try:
            return mark in self.log_path.read_text(errors="replace")
        except OSError:
            return False

    def probe(
        self, query: str = "RETURN 1", *, timeout: float = 5.0
    ) -> list[list[t.Any]]:
        """Run *query* on this node's database with the probe client."""
        return _probe.query_once(
            HOST,
            self.bolt_port,
            self.cluster.auth,
            query,
            database=self.cluster.database,
            timeout=timeout,
        )

    def route(self, timeout: float = 5.0) -> dict[str, list[str]]:
        """Ask this node for its routing table.

        :returns: role (``WRITE``, ``READ``, ``ROUTE``) -> addresses
        """
        with _probe.BoltProbe(HOST, self.bolt_port, timeout=timeout) as bolt:
            bolt.login(*self.cluster.auth)
            bolt.send(MSG_ROUTE, [{}, [], {"db": self.cluster.database}])
            meta = bolt.expect_success()
        table: dict[str, list[str]] = {}
        for server in meta["rt"]["servers"]:
            table[server["role"]] = list(server["addresses"])
        return table

    def kill(self) -> None:
        """SIGKILL the JVM; its files stay for :meth:`restart`."""
        proc = self._process
        if proc is not None and proc.poll() is None:
            proc.kill()
            proc.wait()

    def terminate(self) -> None:
        """Stop the JVM (SIGTERM, SIGKILL after the stop timeout)."""
        proc = self._process
        if proc is None or proc.poll() is not None:
            return
        proc.terminate()
        try:
            proc.wait(self.cluster.stop_timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()

    def restart(self) -> None:
        """Start the node again on the same ports and data; wait until
        it serves queries and agrees with the cluster on the writer.

        :raises ServerStartError: if it does not come back in time
        """
        self.terminate()
        self.launch()
        self.cluster.wait_ready(nodes=[self])


class _BindError(ServerStartError):
    """A port was taken: retry with other ports."""


_live: weakref.WeakSet[ArcadeDBCluster] = weakref.WeakSet()


@atexit.register
def _stop_leftovers() -> None:
    for cluster in list(_live):
        with contextlib.suppress(Exception):
            cluster.stop()


class ArcadeDBCluster:
    """Three (or *size*) ArcadeDB servers forming one Raft cluster.

    :param size: number of nodes
    :param database: the database created at start (owned by ``root``)
    :param password: password of user ``root`` (at least 8 characters)
    :param settings: extra ``-D`` settings for every node
    :param startup_timeout: seconds to wait for readiness per attempt
    :param stop_timeout: seconds to wait after SIGTERM before SIGKILL
    :param keep_files: keep the folder after :meth:`stop` (also
        ``ARCADEDB_KEEP_FILES=1``)
    """

    def __init__(
        self,
        size: int = 3,
        database: str = "test",
        password: str = DEFAULT_PASSWORD,
        *,
        settings: t.Mapping[str, str] | None = None,
        startup_timeout: float = 90.0,
        stop_timeout: float = 10.0,
        keep_files: bool | None = None,
    ) -> None:
        if size < 1:
            raise ValueError("a cluster needs at least one node")
        if len(password) < 8:
            raise ValueError("ArcadeDB needs a root password of >= 8 chars")
        self.name = "drivertests"
        self.database = database
        self.password = password
        self.settings = dict(settings or {})
        self.startup_timeout = startup_timeout
        self.stop_timeout = stop_timeout
        if keep_files is None:
            keep_files = os.environ.get("ARCADEDB_KEEP_FILES") == "1"
        self.keep_files = keep_files
        self.jvm_options: tuple[str, ...] = tuple(
            "-Xmx384m" if option.startswith("-Xmx") else option
            for option in JVM_OPTIONS
        )
        self.nodes = [ClusterNode(self, i) for i in range(size)]
        self.class_path: list[str] = []
        self.startup_seconds = 0.0
        self._tmp: Path | None = None
        self._lock = threading.RLock()

    def __enter__(self) -> ArcadeDBCluster:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    # -- public properties -------------------------------------------------

    @property
    def auth(self) -> tuple[str, str]:
        """``("root", password)``."""
        return USER, self.password

    @property
    def routing_uri(self) -> str:
        """``neo4j://`` URI of the first node (any node routes)."""
        return f"neo4j://{self.nodes[0].address}"

    @property
    def work_dir(self) -> Path:
        """The temporary folder holding every node's root and logs."""
        if self._tmp is None:
            raise RuntimeError("cluster not started")
        return self._tmp

    def server_list(self) -> str:
        """Return ``arcadedb.ha.serverList``: every peer and its ports."""
        return ",".join(
            f"{n.name}@{HOST}:{{raft:{n.raft_port},http:{n.http_port},"
            f"bolt:{n.bolt_port}}}"
            for n in self.nodes
        )

    def node_at(self, address: str) -> ClusterNode:
        """Return the node whose Bolt address is *address*."""
        for node in self.nodes:
            if node.address == str(address):
                return node
        raise KeyError(address)

    def leader(self, timeout: float = 5.0) -> ClusterNode:
        """Return the node that the running nodes name as writer."""
        for node in self.nodes:
            if not node.running:
                continue
            with contextlib.suppress(OSError, _probe.ProbeError, KeyError):
                writers = node.route(timeout=timeout).get("WRITE", [])
                if writers:
                    return self.node_at(writers[0])
        raise RuntimeError("no running node names a writer")

    def followers(self) -> list[ClusterNode]:
        """Return the nodes other than the current leader."""
        leader = self.leader()
        return [node for node in self.nodes if node is not leader]

    # -- life cycle --------------------------------------------------------

    def start(self) -> None:
        """Fetch the HA class path, start every node, wait for a leader.

        :raises ClusterNotAvailableError: if the HA module is missing
        :raises ServerStartError: if the cluster does not become ready
        """
        with self._lock:
            if self._tmp is not None:
                raise RuntimeError("cluster already started")
            self.class_path = ha_class_path()
            _sweep_stale_dirs()
            began = time.monotonic()
            _live.add(self)
            last: _BindError | None = None
            try:
                for _attempt in range(START_ATTEMPTS):
                    # same prefix and owner file as single servers, so
                    # the folders of dead test runs are swept the same way
                    self._tmp = Path(
                        tempfile.mkdtemp(prefix=TMP_PREFIX + "cluster-")
                    )
                    (self._tmp / OWNER_FILE).write_text(str(os.getpid()))
                    for node in self.nodes:
                        node.bolt_port = node.http_port = 0
                        node.raft_port = 0
                    for node in self.nodes:
                        node.pick_ports()
                    for node in self.nodes:
                        node.launch()
                    try:
                        self.wait_ready(self.nodes)
                    except _BindError as exc:
                        last = exc
                        self._stop_processes()
                        shutil.rmtree(self._tmp, ignore_errors=True)
                        continue
                    self.startup_seconds = time.monotonic() - began
                    return
                raise ServerStartError(
                    f"no free ports after {START_ATTEMPTS} attempts"
                ) from last
            except BaseException:
                self.stop()
                raise

    def wait_ready(self, nodes: t.Sequence[ClusterNode] | None = None) -> None:
        """Wait until *nodes* (default: all running ones) serve queries
        and every running node names the same writer, itself running.

        :raises ServerStartError: on a crash or after the start timeout
        """
        if nodes is None:
            nodes = [node for node in self.nodes if node.running]
        waiting = list(nodes)
        deadline = time.monotonic() + self.startup_timeout
        last_error: BaseException | str | None = None
        while True:
            for node in waiting:
                node.check_alive()
            try:
                for node in waiting:
                    node.probe(timeout=2.0)
                    if not node.bootstrapped():
                        raise _NotAgreed(f"{node.name} not bootstrapped")
                self._check_agreement()
                return
            except (OSError, _probe.ProbeError, KeyError) as exc:
                last_error = exc
            except _NotAgreed as exc:
                last_error = str(exc)
            if time.monotonic() > deadline:
                tails = "\n".join(
                    f"--- {node.name} ({node.log_path}):\n{node.log_tail()}"
                    for node in self.nodes
                )
                raise ServerStartError(
                    f"ArcadeDB cluster not ready after "
                    f"{self.startup_timeout:.0f} s (last error: "
                    f"{last_error!r})\n{tails}"
                )
            time.sleep(POLL_INTERVAL)

    def _check_agreement(self) -> None:
        running = [node for node in self.nodes if node.running]
        expected = {node.address for node in running}
        writers = set()
        for node in running:
            table = node.route(timeout=2.0)
            write = table.get("WRITE", [])
            if len(write) != 1:
                raise _NotAgreed(f"{node.name} names writers {write}")
            writers.add(write[0])
            listed = set(write) | set(table.get("READ", []))
            if not expected <= listed:
                raise _NotAgreed(f"{node.name} lists only {sorted(listed)}")
        if len(writers) != 1:
            raise _NotAgreed(f"nodes disagree on the writer: {writers}")
        writer = writers.pop()
        if writer not in expected:
            raise _NotAgreed(f"writer {writer} is not running")

    def stop(self) -> None:
        """Stop every node and remove the files (unless kept).

        Safe to call more than once.
        """
        with self._lock:
            self._stop_processes()
            tmp, self._tmp = self._tmp, None
            _live.discard(self)
            if tmp is not None and not self.keep_files:
                shutil.rmtree(tmp, ignore_errors=True)

    def _stop_processes(self) -> None:
        # SIGTERM every node first so that they shut down in parallel.
        for node in self.nodes:
            proc = node._process
            if proc is not None and proc.poll() is None:
                proc.terminate()
        for node in self.nodes:
            node.terminate()


class _NotAgreed(Exception):
    """The nodes do not (yet) agree on one running writer."""
