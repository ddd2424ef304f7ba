"""Launch ArcadeDB (with its Bolt plugin) as a subprocess for tests.

The server runs on the JRE bundled with ``arcadedb-embedded``, in a fresh
temporary root folder, listening for HTTP and Bolt on ``127.0.0.1`` only,
on free ports picked at start. It counts as started once a real query
(``RETURN 1`` on the default database) succeeds over Bolt, checked with
the driver-independent :mod:`._probe`.

Example::

    with ArcadeDBServer() as server:
        driver = GraphDatabase.driver(server.uri, auth=server.auth)
"""

from __future__ import annotations

import atexit
import contextlib
import os
import shutil
import signal
import socket
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
from ._paths import jars_dir, java_executable
from .tls import TlsMaterial


__all__ = [
    "DEFAULT_DATABASES",
    "DEFAULT_PASSWORD",
    "ArcadeDBServer",
    "ServerStartError",
    "TlsServer",
    "free_port",
]

HOST = "127.0.0.1"
DEFAULT_PASSWORD = "arcadedb-test-password"
DEFAULT_DATABASES = ("test", "other")
USER = "root"
MAIN_CLASS = "com.arcadedb.server.ArcadeDBServer"
JVM_OPTIONS = (
    "-Xmx512m",
    "-XX:TieredStopAtLevel=1",
    "-XX:+UseSerialGC",
    "--add-modules=jdk.incubator.vector",
    "--enable-native-access=ALL-UNNAMED",
)
FATAL_MARK = 'Exception in thread "main"'
BIND_MARKS = (
    "Unable to listen",
    "BindException",
    "Address already in use",
    "busy, trying the next",
)
START_ATTEMPTS = 5
LOG_TAIL_LINES = 40
POLL_INTERVAL = 0.05

TlsMode = t.Literal["REQUIRED", "OPTIONAL"]


class ServerStartError(RuntimeError):
    """The server did not become ready; the message has the log tail."""


class _BindError(ServerStartError):
    """A port was taken: retry with other ports (when allowed)."""


def free_port() -> int:
    """Return a TCP port on ``127.0.0.1`` that is free right now.

    Another process may grab it before the server binds it: callers
    must retry on bind failures.
    """
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


def _die_with_parent() -> None:  # pragma: no cover - runs in the child
    # Linux only: ask the kernel to SIGKILL the JVM if the test process
    # (precisely: the thread that forked it) dies without cleaning up.
    import ctypes

    pr_set_pdeathsig = 1
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(pr_set_pdeathsig, signal.SIGKILL)


TMP_PREFIX = "arcadedb-test-"
OWNER_FILE = "owner.pid"
STALE_AFTER = 60.0


def _sweep_stale_dirs() -> None:
    """Remove folders left by test processes that died (e.g. SIGKILL).

    A folder is removed only when its owner process no longer exists;
    folders of live processes (other test runs) are left alone.
    """
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


_live: weakref.WeakSet[ArcadeDBServer] = weakref.WeakSet()


@atexit.register
def _stop_leftovers() -> None:
    for server in list(_live):
        with contextlib.suppress(Exception):
            server.stop()


class ArcadeDBServer:
    """One ArcadeDB server process with the Bolt plugin enabled.

    :param databases: databases created at start (all owned by ``root``)
    :param default_database: the Bolt default database (must be one of
        *databases*)
    :param password: password of user ``root`` (at least 8 characters)
    :param tls: key material; when given, Bolt requires (or offers) TLS
    :param tls_mode: ``"REQUIRED"`` or ``"OPTIONAL"`` (only with *tls*)
    :param settings: extra ``-D`` settings for the server
    :param startup_timeout: seconds to wait for readiness per attempt
    :param stop_timeout: seconds to wait after SIGTERM before SIGKILL
    :param keep_files: keep the temporary folder after :meth:`stop`
        (also enabled by the environment variable
        ``ARCADEDB_KEEP_FILES=1``)
    """

    def __init__(
        self,
        databases: t.Sequence[str] = DEFAULT_DATABASES,
        default_database: str = "test",
        password: str = DEFAULT_PASSWORD,
        *,
        tls: TlsMaterial | None = None,
        tls_mode: TlsMode = "REQUIRED",
        settings: t.Mapping[str, str] | None = None,
        startup_timeout: float = 60.0,
        stop_timeout: float = 10.0,
        keep_files: bool | None = None,
    ) -> None:
        if len(password) < 8:
            raise ValueError("ArcadeDB needs a root password of >= 8 chars")
        if not databases or default_database not in databases:
            raise ValueError(
                f"default database {default_database!r} must be one of "
                f"{list(databases)!r}"
            )
        for name in databases:
            if not name or any(c in name for c in "[];, "):
                raise ValueError(f"bad database name {name!r}")
        self.databases = tuple(databases)
        self.default_database = default_database
        self.password = password
        self.tls = tls
        self.tls_mode: TlsMode = tls_mode
        self.settings = dict(settings or {})
        self.startup_timeout = startup_timeout
        self.stop_timeout = stop_timeout
        if keep_files is None:
            keep_files = os.environ.get("ARCADEDB_KEEP_FILES") == "1"
        self.keep_files = keep_files
        self.bolt_port = 0
        self.http_port = 0
        self.startup_seconds = 0.0
        self._process: subprocess.Popen[bytes] | None = None
        self._tmp: Path | None = None
        self._lock = threading.RLock()
        self._generation = 0
        self._ssl_context: ssl.SSLContext | None = None

    # -- public properties -------------------------------------------------

    @property
    def host(self) -> str:
        """The address every listener binds (``127.0.0.1``)."""
        return HOST

    @property
    def uri(self) -> str:
        """``bolt://127.0.0.1:<bolt_port>``."""
        return f"bolt://{HOST}:{self.bolt_port}"

    @property
    def routing_uri(self) -> str:
        """``neo4j://127.0.0.1:<bolt_port>`` (ROUTE lists only itself)."""
        return f"neo4j://{HOST}:{self.bolt_port}"

    @property
    def auth(self) -> tuple[str, str]:
        """``("root", password)``."""
        return USER, self.password

    @property
    def root_path(self) -> Path:
        """The server root folder (databases, config, logs)."""
        return self._require_tmp() / "root"

    @property
    def log_path(self) -> Path:
        """File collecting stdout and stderr of the current process."""
        return self._require_tmp() / f"server-{self._generation}.log"

    @property
    def pid(self) -> int | None:
        """Process id of the running JVM, if any."""
        return None if self._process is None else self._process.pid

    @property
    def running(self) -> bool:
        """Whether the JVM process is alive."""
        return self._process is not None and self._process.poll() is None

    def rss_bytes(self) -> int:
        """Return the resident set size of the JVM (Linux ``/proc``).

        :raises RuntimeError: if the server is not running
        """
        pid = self.pid
        if pid is None or not self.running:
            raise RuntimeError("server is not running")
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
        raise RuntimeError("VmRSS not found")  # pragma: no cover

    def log_tail(self, lines: int = LOG_TAIL_LINES) -> str:
        """Return the last *lines* lines of the current log."""
        if self._tmp is None:
            return ""
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])

    # -- lifecycle ---------------------------------------------------------

    def __enter__(self) -> ArcadeDBServer:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def start(self) -> None:
        """Create a fresh root folder, pick free ports, start and wait.

        Bind failures are retried with new ports a few times.

        :raises ServerStartError: if the server does not become ready
        :raises ArcadeDBNotInstalledError: if ``arcadedb-embedded`` is
            missing
        """
        with self._lock:
            if self._process is not None:
                raise RuntimeError("server already started")
            _sweep_stale_dirs()
            self._tmp = Path(tempfile.mkdtemp(prefix=TMP_PREFIX))
            (self._tmp / OWNER_FILE).write_text(str(os.getpid()))
            self.root_path.mkdir()
            _live.add(self)
            last: _BindError | None = None
            try:
                for _attempt in range(START_ATTEMPTS):
                    self.bolt_port = free_port()
                    self.http_port = free_port()
                    while self.http_port == self.bolt_port:
                        self.http_port = free_port()
                    try:
                        self._launch_and_wait()
                        return
                    except _BindError as exc:
                        last = exc
                        self._reset_root()
                raise ServerStartError(
                    f"no free ports after {START_ATTEMPTS} attempts"
                ) from last
            except BaseException:
                self.stop()
                raise

    def restart(self) -> None:
        """Stop gracefully and start again on the same ports and data.

        :raises ServerStartError: if it does not come back (for example
            because another process took one of the ports meanwhile)
        """
        with self._lock:
            self._require_tmp()
            self._terminate()
            self._launch_and_wait()

    def kill(self) -> None:
        """SIGKILL the JVM (connections drop at once); files are kept.

        Call :meth:`restart` to bring it back or :meth:`stop` to clean up.
        """
        with self._lock:
            proc = self._process
            if proc is not None and proc.poll() is None:
                proc.kill()
                proc.wait()

    def stop(self) -> None:
        """Stop the server (SIGTERM, SIGKILL after a timeout) and clean up.

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

        :param database: defaults to :attr:`default_database`
        :returns: the records as lists of values
        :raises tests.servers._probe.ServerFailure: on a server failure
        """
        return _probe.query_once(
            HOST,
            self.bolt_port,
            self.auth,
            query,
            database=database or self.default_database,
            timeout=timeout,
            ssl_context=self._probe_ssl_context(),
            server_hostname="localhost",
        )

    # -- internals ---------------------------------------------------------

    def _require_tmp(self) -> Path:
        if self._tmp is None:
            raise RuntimeError("server not started")
        return self._tmp

    def _reset_root(self) -> None:
        shutil.rmtree(self.root_path, ignore_errors=True)
        self.root_path.mkdir()

    def _probe_ssl_context(self) -> ssl.SSLContext | None:
        if self.tls is None:
            return None
        if self._ssl_context is None:
            self._ssl_context = self.tls.client_context()
        return self._ssl_context

    def command(self) -> list[str]:
        """Return the full command line used to launch the JVM."""
        databases = ";".join(f"{name}[{USER}]" for name in self.databases)
        settings = {
            "arcadedb.server.rootPath": str(self.root_path),
            "arcadedb.server.rootPassword": self.password,
            "arcadedb.server.httpIncomingHost": HOST,
            "arcadedb.server.httpIncomingPort": str(self.http_port),
            "arcadedb.server.plugins": (
                "Bolt:com.arcadedb.bolt.BoltProtocolPlugin"
            ),
            "arcadedb.bolt.host": HOST,
            "arcadedb.bolt.port": str(self.bolt_port),
            "arcadedb.server.defaultDatabases": databases,
            "arcadedb.bolt.defaultDatabase": self.default_database,
        }
        if self.tls is not None:
            settings["arcadedb.bolt.ssl"] = self.tls_mode
            settings.update(self.tls.server_settings())
        settings.update(self.settings)
        return [
            str(java_executable()),
            *JVM_OPTIONS,
            "-cp",
            f"{jars_dir()}/*",
            *(f"-D{key}={value}" for key, value in settings.items()),
            MAIN_CLASS,
        ]

    def _launch_and_wait(self) -> None:
        command = self.command()
        self._generation += 1
        in_main = threading.current_thread() is threading.main_thread()
        with open(self.log_path, "wb") as log:
            began = time.monotonic()
            self._process = subprocess.Popen(
                command,
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
        try:
            self._wait_ready(began)
        except BaseException:
            self._terminate()
            raise
        self.startup_seconds = time.monotonic() - began

    def _wait_ready(self, began: float) -> None:
        deadline = began + self.startup_timeout
        last_error: BaseException | None = None
        proc = self._process
        assert proc is not None
        while True:
            log = self.log_tail(400)
            if FATAL_MARK in log:
                error = (
                    _BindError
                    if any(mark in log for mark in BIND_MARKS)
                    else ServerStartError
                )
                raise error(self._failure("the server failed to start"))
            code = proc.poll()
            if code is not None:
                raise ServerStartError(
                    self._failure(f"the server exited with code {code}")
                )
            try:
                self.probe(timeout=2.0)
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
        return (
            f"ArcadeDB {what}; bolt port {self.bolt_port}, http port "
            f"{self.http_port}, log {self.log_path}; last lines:\n"
            f"{self.log_tail()}"
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


@dataclass(frozen=True)
class TlsServer:
    """A server requiring TLS on Bolt, with what clients need to trust it.

    :param server: the running server
    :param tls: all generated key material
    """

    server: ArcadeDBServer
    tls: TlsMaterial

    @property
    def ca_pem(self) -> Path:
        """PEM file of the CA that signed the server certificate."""
        return self.tls.ca_pem

    @property
    def uri(self) -> str:
        """``bolt://127.0.0.1:<port>``: pass ``encrypted=True`` and
        ``trusted_certificates=TrustCustomCAs(str(ca_pem))``."""
        return self.server.uri

    @property
    def secure_uri(self) -> str:
        """``bolt+s://localhost:<port>``.

        ``+s`` schemes trust only the system store: point the
        ``SSL_CERT_FILE`` environment variable at :attr:`ca_pem` first.
        """
        return f"bolt+s://localhost:{self.server.bolt_port}"

    @property
    def auth(self) -> tuple[str, str]:
        """``("root", password)``."""
        return self.server.auth
