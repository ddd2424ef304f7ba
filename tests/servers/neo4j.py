"""Launch an embedded Neo4j Community server as a subprocess for tests.

Neo4j is not installed as a server package: its embeddable jars
(``org.neo4j:neo4j`` and the Bolt connector ``org.neo4j:neo4j-bolt``) come
from Maven Central into the local Maven repository (``~/.m2``), and a
launcher of our own (``neo4j_embedded/Neo4jTestLauncher.java``, a few
lines over the public ``DatabaseManagementServiceBuilder``) is compiled
once with the JDK's ``javac``.  Both are cached between runs in
:func:`cache_root` (default ``~/.cache/neo4j-fast-driver-tests``), keyed
by the pom, the launcher source and the JDK; the first run on a fresh
machine downloads about 175 MB.

Each server gets a fresh temporary home folder and listens for Bolt on a
free port of ``127.0.0.1`` (retried with another port if binding fails),
authentication on, user ``neo4j`` with :data:`DEFAULT_PASSWORD`.  It
counts as started once a real query (``RETURN 1`` on database ``neo4j``)
succeeds over Bolt, checked with the driver-independent :mod:`._probe`.
Stop is SIGTERM (the launcher's shutdown hook closes the databases), then
SIGKILL after a timeout.

Example::

    with Neo4jServer() as server:
        driver = GraphDatabase.driver(server.uri, auth=server.auth)

Environment variables: ``NEO4J_TEST_JAVA_HOME`` picks the JDK (default:
the first JDK of version 21 or 25 found in ``$JAVA_HOME`` or
``/usr/lib/jvm``), ``NEO4J_TEST_CACHE`` the cache folder,
``NEO4J_KEEP_FILES=1`` keeps the home folder after stop.

TLS: with ``tls=`` (:class:`tests.servers.tls.TlsMaterial`) Bolt requires
TLS.  Neo4j reads PEM files only, so the launcher writes the server key
and certificate from the PKCS12 key store into the SSL policy folder
``<home>/certificates/bolt`` before the server starts.
"""

from __future__ import annotations

import atexit
import contextlib
import fcntl
import hashlib
import os
import re
import shutil
import ssl
import subprocess
import sys
import tempfile
import threading
import time
import typing as t
import weakref
from dataclasses import dataclass
from pathlib import Path

from . import _probe
from ._tools import run_tool
from .arcadedb import ServerStartError, _die_with_parent, free_port
from .tls import TlsMaterial


__all__ = [
    "DEFAULT_PASSWORD",
    "NEO4J_VERSION",
    "Neo4jNotAvailableError",
    "Neo4jRuntime",
    "Neo4jServer",
    "Neo4jTlsServer",
    "ServerStartError",
    "cache_root",
    "find_jdk",
    "prepare_runtime",
]

NEO4J_VERSION = "2026.08.1"
# Java versions the chosen Neo4j release supports, preferred first.
SUPPORTED_JAVA = (21, 25)
HOST = "127.0.0.1"
USER = "neo4j"
DEFAULT_PASSWORD = "neo4j-test-password"
DEFAULT_DATABASE = "neo4j"
RESOURCES = Path(__file__).resolve().with_name("neo4j_embedded")
POM = RESOURCES / "pom.xml"
LAUNCHER_SOURCE = RESOURCES / "Neo4jTestLauncher.java"
LAUNCHER_CLASS = "Neo4jTestLauncher"
STARTED_MARK = "neo4j-test-launcher: started"
BIND_MARKS = ("BindException", "Address already in use")
JVM_OPTIONS = (
    "-Xms256m",
    "-Xmx768m",
    "-XX:+UseSerialGC",
    "-XX:TieredStopAtLevel=1",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.lang=ALL-UNNAMED",
    "--enable-native-access=ALL-UNNAMED",
)
# Java 23 and newer warn when sun.misc.Unsafe is used (jctools, netty).
JVM_OPTIONS_23 = ("--sun-misc-unsafe-memory-access=allow",)
SETTINGS = {
    "dbms.security.auth_enabled": "true",
    # Wrong-password tests must not lock the user for the next test.
    "dbms.security.auth_max_failed_attempts": "0",
    "server.memory.pagecache.size": "64m",
    "dbms.usage_report.enabled": "false",
    "db.tx_log.preallocate": "false",
    # Transaction timeouts are enforced within 0.1 s (default 2 s).
    "db.transaction.monitor.check.interval": "100ms",
    # Stop in well under a second instead of 10 s of Bolt grace periods.
    "internal.server.bolt.connection_shutdown_wait_time": "100ms",
    "internal.dbms.bolt.netty_server_shutdown_quiet_period": "0",
    "internal.dbms.bolt.netty_server_shutdown_timeout": "1",
}
START_ATTEMPTS = 5
LOG_TAIL_LINES = 40
POLL_INTERVAL = 0.05
TMP_PREFIX = "neo4j-test-"
OWNER_FILE = "owner.pid"
STALE_AFTER = 60.0
MAVEN_TIMEOUT = 900.0
# File names the launcher writes into the Bolt SSL policy folder.
TLS_KEY_FILE = "private.key"
TLS_CERT_FILE = "public.crt"


class Neo4jNotAvailableError(RuntimeError):
    """No suitable JDK, no Maven, or the jars could not be fetched."""


# ------------------------------------------------------------ runtime cache


def cache_root() -> Path:
    """Return the folder caching the class path and compiled launcher."""
    override = os.environ.get("NEO4J_TEST_CACHE")
    if override:
        return Path(override)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "neo4j-fast-driver-tests"


def _java_major(home: Path) -> int | None:
    try:
        release = (home / "release").read_text()
    except OSError:
        return None
    match = re.search(r'^JAVA_VERSION="(\d+)', release, re.MULTILINE)
    return int(match.group(1)) if match else None


def find_jdk() -> tuple[Path, int]:
    """Return ``(java home, major version)`` of a JDK Neo4j supports.

    :raises Neo4jNotAvailableError: if none is found
    """
    override = os.environ.get("NEO4J_TEST_JAVA_HOME")
    if override:
        candidates = [Path(override)]
    else:
        candidates = []
        if os.environ.get("JAVA_HOME"):
            candidates.append(Path(os.environ["JAVA_HOME"]))
        jvm = Path("/usr/lib/jvm")
        if jvm.is_dir():
            candidates.extend(sorted(jvm.iterdir()))
    found: dict[int, Path] = {}
    seen: list[str] = []
    for home in candidates:
        major = _java_major(home)
        seen.append(f"{home} ({major})")
        if major is None or not (home / "bin" / "javac").exists():
            continue
        found.setdefault(major, home.resolve())
    for major in SUPPORTED_JAVA:
        if major in found:
            return found[major], major
    raise Neo4jNotAvailableError(
        f"Neo4j {NEO4J_VERSION} needs a JDK of version "
        f"{' or '.join(map(str, SUPPORTED_JAVA))} (set NEO4J_TEST_JAVA_HOME);"
        f" found: {', '.join(seen) or 'none'}"
    )


@dataclass(frozen=True)
class Neo4jRuntime:
    """What is needed to launch the server.

    :param java_home: the JDK used to compile and run the launcher
    :param java_major: its major version
    :param class_path: the launcher's classes, then every Neo4j jar
    :param folder: the cache folder holding both
    """

    java_home: Path
    java_major: int
    class_path: str
    folder: Path

    @property
    def java(self) -> Path:
        """The ``java`` executable."""
        return self.java_home / "bin" / "java"


_runtime_lock = threading.Lock()
_runtime: Neo4jRuntime | None = None


def prepare_runtime() -> Neo4jRuntime:
    """Fetch the jars (first time only) and compile the launcher.

    Safe to call from several processes at once (a file lock guards the
    cache).

    :raises Neo4jNotAvailableError: if a step fails
    """
    global _runtime
    with _runtime_lock:
        if _runtime is None:
            _runtime = _prepare_runtime()
        return _runtime


def _prepare_runtime() -> Neo4jRuntime:
    java_home, major = find_jdk()
    digest = hashlib.sha256()
    digest.update(POM.read_bytes())
    digest.update(LAUNCHER_SOURCE.read_bytes())
    digest.update(str(java_home).encode())
    folder = cache_root() / f"{NEO4J_VERSION}-{digest.hexdigest()[:12]}"
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        jars = _class_path(folder / "classpath.txt")
        classes = _compile_launcher(folder / "classes", java_home, jars)
    return Neo4jRuntime(
        java_home=java_home,
        java_major=major,
        class_path=f"{classes}{os.pathsep}{jars}",
        folder=folder,
    )


def _run_tool(argv: list[str], what: str, timeout: float) -> None:
    run_tool(argv, what, timeout, Neo4jNotAvailableError, LOG_TAIL_LINES)


def _class_path(target: Path) -> str:
    if target.exists():
        class_path = target.read_text().strip()
        if class_path and all(
            Path(jar).exists() for jar in class_path.split(os.pathsep)
        ):
            return class_path
    mvn = shutil.which("mvn")
    if mvn is None:
        raise Neo4jNotAvailableError(
            "Maven (`mvn`) is needed to fetch Neo4j from Maven Central"
        )
    partial = target.with_suffix(".part")
    _run_tool(
        [
            mvn,
            "-B",
            "-q",
            "--no-transfer-progress",
            "-f",
            str(POM),
            "dependency:build-classpath",
            f"-Dmdep.outputFile={partial}",
        ],
        f"fetching Neo4j {NEO4J_VERSION} with Maven",
        MAVEN_TIMEOUT,
    )
    partial.replace(target)
    return target.read_text().strip()


def _compile_launcher(classes: Path, java_home: Path, jars: str) -> Path:
    if (classes / f"{LAUNCHER_CLASS}.class").exists():
        return classes
    partial = Path(tempfile.mkdtemp(prefix="classes-", dir=classes.parent))
    _run_tool(
        [
            str(java_home / "bin" / "javac"),
            "--release",
            "21",
            "-nowarn",
            "-d",
            str(partial),
            "-cp",
            jars,
            str(LAUNCHER_SOURCE),
        ],
        "compiling the Neo4j launcher",
        300.0,
    )
    shutil.rmtree(classes, ignore_errors=True)
    partial.replace(classes)
    return classes


# ------------------------------------------------------------------ server


def _sweep_stale_dirs() -> None:
    """Remove home folders left by test processes that died."""
    now = time.time()
    for folder in Path(tempfile.gettempdir()).glob(TMP_PREFIX + "*"):
        try:
            owner = int((folder / OWNER_FILE).read_text())
            if now - folder.stat().st_mtime < STALE_AFTER:
                continue
            os.kill(owner, 0)
        except ProcessLookupError:
            shutil.rmtree(folder, ignore_errors=True)
        except (OSError, ValueError):
            continue


_live: weakref.WeakSet[Neo4jServer] = weakref.WeakSet()


@atexit.register
def _stop_leftovers() -> None:
    for server in list(_live):
        with contextlib.suppress(Exception):
            server.stop()


class _BindError(ServerStartError):
    """The Bolt port was taken: retry with another one."""


class Neo4jServer:
    """One embedded Neo4j Community process with Bolt enabled.

    :param password: password of user ``neo4j`` (at least 8 characters)
    :param settings: extra Neo4j settings (``name: value``), e.g.
        ``{"db.transaction.timeout": "2s"}``
    :param startup_timeout: seconds to wait for readiness per attempt
        (not counting the first download)
    :param stop_timeout: seconds to wait after SIGTERM before SIGKILL
    :param keep_files: keep the home folder after :meth:`stop` (also
        enabled by ``NEO4J_KEEP_FILES=1``)
    :param tls: key material; when given, Bolt requires TLS
    """

    def __init__(
        self,
        password: str = DEFAULT_PASSWORD,
        *,
        settings: t.Mapping[str, str] | None = None,
        startup_timeout: float = 120.0,
        stop_timeout: float = 20.0,
        keep_files: bool | None = None,
        tls: TlsMaterial | None = None,
    ) -> None:
        if len(password) < 8:
            raise ValueError("Neo4j needs a password of >= 8 characters")
        self.password = password
        self.settings = dict(settings or {})
        self.startup_timeout = startup_timeout
        self.stop_timeout = stop_timeout
        if keep_files is None:
            keep_files = os.environ.get("NEO4J_KEEP_FILES") == "1"
        self.keep_files = keep_files
        self.tls = tls
        self._ssl_context: ssl.SSLContext | None = None
        self.bolt_port = 0
        #: the HTTP connector, serving the Query API (HTTP driver tests)
        self.http_port = 0
        self.startup_seconds = 0.0
        self.prepare_seconds = 0.0
        self.runtime: Neo4jRuntime | None = None
        self._process: subprocess.Popen[bytes] | None = None
        self._tmp: Path | None = None
        self._lock = threading.RLock()
        self._generation = 0

    # -- public properties -------------------------------------------------

    @property
    def host(self) -> str:
        """The address Bolt binds (``127.0.0.1``)."""
        return HOST

    @property
    def uri(self) -> str:
        """``bolt://127.0.0.1:<bolt_port>``."""
        return f"bolt://{HOST}:{self.bolt_port}"

    @property
    def http_uri(self) -> str:
        """``http://127.0.0.1:<http_port>`` (the Query API)."""
        return f"http://{HOST}:{self.http_port}"

    @property
    def routing_uri(self) -> str:
        """``neo4j://127.0.0.1:<bolt_port>``."""
        return f"neo4j://{HOST}:{self.bolt_port}"

    @property
    def auth(self) -> tuple[str, str]:
        """``("neo4j", password)``."""
        return USER, self.password

    @property
    def database(self) -> str:
        """The default (and only) user database, ``neo4j``."""
        return DEFAULT_DATABASE

    @property
    def version(self) -> str:
        """The Neo4j release, e.g. ``2026.08.1``."""
        return NEO4J_VERSION

    @property
    def home(self) -> Path:
        """The server's home folder (data, logs, config)."""
        return self._require_tmp() / "home"

    @property
    def log_path(self) -> Path:
        """File collecting stdout and stderr of the current process."""
        return self._require_tmp() / f"server-{self._generation}.log"

    @property
    def debug_log_path(self) -> Path:
        """Neo4j's own ``debug.log``."""
        return self.home / "logs" / "debug.log"

    @property
    def pid(self) -> int | None:
        """Process id of the running JVM, if any."""
        return None if self._process is None else self._process.pid

    @property
    def running(self) -> bool:
        """Whether the JVM process is alive."""
        return self._process is not None and self._process.poll() is None

    def log_tail(self, lines: int = LOG_TAIL_LINES) -> str:
        """Return the last *lines* lines of the launcher's output."""
        return _tail(self.log_path if self._tmp else None, lines)

    # -- lifecycle ---------------------------------------------------------

    def __enter__(self) -> Neo4jServer:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def start(self) -> None:
        """Prepare the runtime, create a home folder, start and wait.

        :raises Neo4jNotAvailableError: if no JDK, Maven or jars
        :raises ServerStartError: if the server does not become ready
        """
        with self._lock:
            if self._process is not None:
                raise RuntimeError("server already started")
            began = time.monotonic()
            self.runtime = prepare_runtime()
            self.prepare_seconds = time.monotonic() - began
            _sweep_stale_dirs()
            self._tmp = Path(tempfile.mkdtemp(prefix=TMP_PREFIX))
            (self._tmp / OWNER_FILE).write_text(str(os.getpid()))
            _live.add(self)
            last: _BindError | None = None
            try:
                for _attempt in range(START_ATTEMPTS):
                    shutil.rmtree(self.home, ignore_errors=True)
                    self.home.mkdir()
                    self.bolt_port = free_port()
                    self.http_port = free_port()
                    try:
                        self._launch_and_wait()
                        return
                    except _BindError as exc:
                        last = exc
                raise ServerStartError(
                    f"no free port after {START_ATTEMPTS} attempts"
                ) from last
            except BaseException:
                self.stop()
                raise

    def stop(self) -> None:
        """Stop the server (SIGTERM, SIGKILL after a timeout), clean up.

        Safe to call more than once.
        """
        with self._lock:
            self._terminate()
            self._process = None
            tmp, self._tmp = self._tmp, None
            _live.discard(self)
            if tmp is not None and not self.keep_files:
                shutil.rmtree(tmp, ignore_errors=True)

    def probe(
        self,
        query: str = "RETURN 1",
        *,
        database: str | None = None,
        timeout: float = 5.0,
    ) -> list[list[t.Any]]:
        """Run *query* with the driver-independent probe client.

        :returns: the records as lists of values
        :raises tests.servers._probe.ServerFailure: on a server failure
        """
        return _probe.query_once(
            HOST,
            self.bolt_port,
            self.auth,
            query,
            database=database or DEFAULT_DATABASE,
            timeout=timeout,
            ssl_context=self._probe_ssl_context(),
            server_hostname="localhost" if self.tls else None,
        )

    def command(self) -> list[str]:
        """Return the command line that launches the JVM."""
        runtime = self.runtime or prepare_runtime()
        options = list(JVM_OPTIONS)
        if runtime.java_major >= 23:
            options.extend(JVM_OPTIONS_23)
        return [
            str(runtime.java),
            *options,
            "-cp",
            runtime.class_path,
            LAUNCHER_CLASS,
            str(self.home),
            str(self._config_path()),
        ]

    # -- internals ---------------------------------------------------------

    def _probe_ssl_context(self) -> ssl.SSLContext | None:
        if self.tls is None:
            return None
        if self._ssl_context is None:
            self._ssl_context = self.tls.client_context()
        return self._ssl_context

    def _require_tmp(self) -> Path:
        if self._tmp is None:
            raise RuntimeError("server not started")
        return self._tmp

    def _tls_folder(self) -> Path:
        return self.home / "certificates" / "bolt"

    def _config_path(self) -> Path:
        return self._require_tmp() / "neo4j-test.conf"

    def _write_config(self) -> None:
        address = f"{HOST}:{self.bolt_port}"
        settings = {
            **SETTINGS,
            "server.default_listen_address": HOST,
            "server.bolt.enabled": "true",
            "server.bolt.listen_address": address,
            "server.bolt.advertised_address": address,
            # the Query API of the HTTP driver (a bind clash shows the
            # same BindException as Bolt's and is retried alike)
            "server.http.enabled": "true",
            "server.http.listen_address": f"{HOST}:{self.http_port}",
        }
        if self.tls is not None:
            policy = "dbms.ssl.policy.bolt"
            settings.update(
                {
                    "server.bolt.tls_level": "REQUIRED",
                    f"{policy}.enabled": "true",
                    f"{policy}.base_directory": str(self._tls_folder()),
                    f"{policy}.private_key": TLS_KEY_FILE,
                    f"{policy}.public_certificate": TLS_CERT_FILE,
                    f"{policy}.client_auth": "NONE",
                }
            )
        settings.update(self.settings)
        text = "".join(f"{key}={value}\n" for key, value in settings.items())
        self._config_path().write_text(text)

    def _launch_and_wait(self) -> None:
        self._write_config()
        command = self.command()
        self._generation += 1
        in_main = threading.current_thread() is threading.main_thread()
        env = dict(os.environ, NEO4J_TEST_PASSWORD=self.password)
        if self.tls is not None:
            env.update(
                NEO4J_TEST_TLS_KEYSTORE=str(self.tls.keystore),
                NEO4J_TEST_TLS_STORE_PASSWORD=self.tls.password,
                NEO4J_TEST_TLS_DIR=str(self._tls_folder()),
            )
        with open(self.log_path, "wb") as log:
            began = time.monotonic()
            self._process = subprocess.Popen(
                command,
                cwd=self.home,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                preexec_fn=(
                    _die_with_parent
                    if in_main and sys.platform == "linux"
                    else None
                ),
            )
        try:
            self._wait_ready(began)
        except BaseException:
            self._terminate()
            raise
        self.startup_seconds = time.monotonic() - began

    def _wait_ready(self, began: float) -> None:
        deadline = began + self.startup_timeout
        proc = self._process
        assert proc is not None
        last_error: BaseException | None = None
        started = False
        while True:
            code = proc.poll()
            if code is not None:
                log = self.log_tail(400)
                error = (
                    _BindError
                    if any(mark in log for mark in BIND_MARKS)
                    else ServerStartError
                )
                raise error(
                    self._failure(f"the server exited with code {code}")
                )
            if not started:
                # Probing before the launcher has set the password would
                # only collect authentication failures.
                started = STARTED_MARK in self.log_tail(400)
            if started:
                try:
                    self.probe(timeout=5.0)
                    return
                except (OSError, _probe.ProbeError) as exc:
                    last_error = exc
            if time.monotonic() > deadline:
                raise ServerStartError(
                    self._failure(
                        f"not ready after {self.startup_timeout:.0f} s "
                        f"(last probe error: {last_error!r})"
                    )
                )
            time.sleep(POLL_INTERVAL)

    def _failure(self, what: str) -> str:
        debug = _tail(
            self.debug_log_path if self._tmp else None, LOG_TAIL_LINES // 2
        )
        return (
            f"Neo4j {NEO4J_VERSION} {what}; bolt port {self.bolt_port}, "
            f"log {self.log_path}; last lines:\n{self.log_tail()}\n"
            f"last lines of debug.log:\n{debug}"
        )

    def _terminate(self) -> None:
        proc = self._process
        if proc is None or proc.poll() is not None:
            return
        proc.terminate()
        try:
            proc.wait(self.stop_timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _tail(path: Path | None, lines: int) -> str:
    if path is None:
        return ""
    try:
        text = path.read_text(errors="replace")
    except OSError:
        return ""
    return "\n".join(text.splitlines()[-lines:])


@dataclass(frozen=True)
class Neo4jTlsServer:
    """A Neo4j requiring TLS on Bolt, with what clients need to trust it.

    :param server: the running server
    :param tls: the generated key material (CA and server certificate)
    """

    server: Neo4jServer
    tls: TlsMaterial

    @property
    def ca_pem(self) -> Path:
        """PEM file of the CA that signed the server certificate."""
        return self.tls.ca_pem

    @property
    def port(self) -> int:
        """The Bolt port."""
        return self.server.bolt_port

    @property
    def auth(self) -> tuple[str, str]:
        """``("neo4j", password)``."""
        return self.server.auth
