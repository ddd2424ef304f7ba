"""Mutual TLS for driver tests: certificates and a TLS front for a server.

:func:`create_mtls_material` makes, with the ``openssl`` command line
tool, a private CA that signs a server certificate (``CN=localhost``,
``DNS:localhost``, ``IP:127.0.0.1``) and two client certificates
(``CN=client-a`` and ``CN=client-b``, the key of the second one
encrypted with :data:`KEY_PASSWORD`), plus a client certificate signed
by a second, untrusted CA (``CN=intruder``).

:class:`MutualTlsFront` listens on ``127.0.0.1``, accepts TLS only from
clients that present a certificate of the CA and forwards the plain
bytes to a plain TCP server (a fake or stub Bolt server). It records the
common name of each client certificate it accepted and each handshake it
refused, so that tests see which certificate the driver presented.

Nothing here imports the ``neo4j`` package.
"""

from __future__ import annotations

import contextlib
import select
import shutil
import socket
import ssl
import subprocess
import threading
import typing as t
from dataclasses import dataclass
from pathlib import Path


__all__ = [
    "KEY_PASSWORD",
    "MtlsMaterial",
    "MutualTlsFront",
    "OpenSslMissingError",
    "create_mtls_material",
]

#: password of the encrypted key of ``client-b``
KEY_PASSWORD = "client-b-secret"

_CURVE = ("-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1")


class OpenSslMissingError(RuntimeError):
    """The ``openssl`` command line tool is not installed."""


@dataclass(frozen=True)
class MtlsMaterial:
    """Paths of the generated PEM files.

    :param directory: folder holding every file below
    :param ca_pem: certificate of the CA (trusted by both sides)
    :param server_pem: server certificate
    :param server_key: server key (not encrypted)
    :param client_a_pem: certificate ``CN=client-a``
    :param client_a_key: its key (not encrypted)
    :param client_b_pem: certificate ``CN=client-b``
    :param client_b_key: its key, encrypted with :data:`KEY_PASSWORD`
    :param intruder_pem: certificate ``CN=intruder`` of an untrusted CA
    :param intruder_key: its key (not encrypted)
    """

    directory: Path
    ca_pem: Path
    server_pem: Path
    server_key: Path
    client_a_pem: Path
    client_a_key: Path
    client_b_pem: Path
    client_b_key: Path
    intruder_pem: Path
    intruder_key: Path

    def server_context(self) -> ssl.SSLContext:
        """Return a server context that requires a client certificate
        signed by the CA."""
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(self.server_pem, self.server_key)
        context.load_verify_locations(self.ca_pem)
        context.verify_mode = ssl.CERT_REQUIRED
        return context


def _openssl(*args: str) -> None:
    executable = shutil.which("openssl")
    if executable is None:
        raise OpenSslMissingError("the openssl tool is not installed")
    proc = subprocess.run(
        [executable, *args], capture_output=True, check=False, timeout=60
    )
    if proc.returncode != 0:
        raise RuntimeError(
            f"openssl {args[0]} failed ({proc.returncode}):\n"
            + proc.stderr.decode(errors="replace")
        )


def _make_ca(directory: Path, name: str) -> tuple[Path, Path]:
    cert, key = directory / f"{name}.pem", directory / f"{name}.key"
    _openssl(
        "req", "-x509", *_CURVE, "-nodes",
        "-keyout", str(key), "-out", str(cert),
        "-days", "3650", "-subj", f"/CN=mTLS test {name}",
        "-addext", "basicConstraints=critical,CA:TRUE",
        "-addext", "keyUsage=critical,keyCertSign,cRLSign",
    )  # fmt: skip
    return cert, key


def _make_leaf(
    directory: Path,
    name: str,
    ca: tuple[Path, Path],
    extensions: list[str],
) -> tuple[Path, Path]:
    cert, key = directory / f"{name}.pem", directory / f"{name}.key"
    request = directory / f"{name}.csr"
    ext_file = directory / f"{name}.ext"
    ext_file.write_text(
        "\n".join(
            [
                "basicConstraints=critical,CA:FALSE",
                "keyUsage=critical,digitalSignature",
                "subjectKeyIdentifier=hash",
                "authorityKeyIdentifier=keyid",
                *extensions,
            ]
        )
        + "\n"
    )
    _openssl(
        "req", "-new", *_CURVE, "-nodes",
        "-keyout", str(key), "-out", str(request), "-subj", f"/CN={name}",
    )  # fmt: skip
    _openssl(
        "x509", "-req", "-in", str(request),
        "-CA", str(ca[0]), "-CAkey", str(ca[1]), "-CAcreateserial",
        "-days", "3650", "-extfile", str(ext_file), "-out", str(cert),
    )  # fmt: skip
    return cert, key


def create_mtls_material(directory: Path) -> MtlsMaterial:
    """Generate the CAs, keys and certificates into *directory*.

    :param directory: an existing, empty folder
    :raises OpenSslMissingError: ``openssl`` is not installed
    :raises RuntimeError: an ``openssl`` call failed
    """
    ca = _make_ca(directory, "ca")
    other_ca = _make_ca(directory, "other-ca")
    server = _make_leaf(
        directory,
        "localhost",
        ca,
        [
            "subjectAltName=DNS:localhost,IP:127.0.0.1",
            "extendedKeyUsage=serverAuth",
        ],
    )
    client = ["extendedKeyUsage=clientAuth"]
    client_a = _make_leaf(directory, "client-a", ca, client)
    client_b = _make_leaf(directory, "client-b", ca, client)
    intruder = _make_leaf(directory, "intruder", other_ca, client)
    encrypted_b = directory / "client-b.encrypted.key"
    _openssl(
        "pkey", "-in", str(client_b[1]), "-aes256",
        "-passout", f"pass:{KEY_PASSWORD}", "-out", str(encrypted_b),
    )  # fmt: skip
    client_b[1].unlink()
    return MtlsMaterial(
        directory=directory,
        ca_pem=ca[0],
        server_pem=server[0],
        server_key=server[1],
        client_a_pem=client_a[0],
        client_a_key=client_a[1],
        client_b_pem=client_b[0],
        client_b_key=encrypted_b,
        intruder_pem=intruder[0],
        intruder_key=intruder[1],
    )


def _common_name(cert: dict[str, t.Any]) -> str | None:
    for rdn in cert.get("subject", ()):
        for key, value in rdn:
            if key == "commonName":
                return str(value)
    return None


class MutualTlsFront:
    """A TLS listener that requires client certificates and forwards the
    decrypted bytes to ``upstream``.

    :param material: the certificates (see :func:`create_mtls_material`)
    :param upstream_port: port of the plain server on ``127.0.0.1``
    """

    def __init__(self, material: MtlsMaterial, upstream_port: int) -> None:
        self._context = material.server_context()
        self._upstream_port = upstream_port
        #: common names of the accepted client certificates, in order
        self.clients: list[str | None] = []
        #: the errors of the handshakes that were refused, in order
        self.refused: list[BaseException] = []
        self._lock = threading.Lock()
        self._changed = threading.Condition(self._lock)
        self._stop = threading.Event()
        self._sockets: list[socket.socket] = []
        self._threads: list[threading.Thread] = []
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.05)
        self.port: int = self._listener.getsockname()[1]
        accept = threading.Thread(target=self._accept_loop, daemon=True)
        accept.start()
        self._threads.append(accept)

    @property
    def connections(self) -> int:
        """How many TCP connections were accepted."""
        with self._lock:
            return len(self.clients) + len(self.refused)

    def wait_for_handshakes(self, count: int, timeout: float = 10) -> None:
        """Wait until ``count`` handshakes ended (accepted or refused).

        A client may see its handshake fail before this side has
        recorded why: wait before looking at :attr:`refused`.

        :raises AssertionError: not within ``timeout`` seconds
        """
        with self._changed:
            done = self._changed.wait_for(
                lambda: len(self.clients) + len(self.refused) >= count,
                timeout,
            )
        if not done:
            raise AssertionError(f"fewer than {count} TLS handshakes")

    def __enter__(self) -> MutualTlsFront:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop listening and drop every connection."""
        self._stop.set()
        self._listener.close()
        with self._lock:
            sockets = list(self._sockets)
        for sock in sockets:
            with contextlib.suppress(OSError):
                sock.close()
        for thread in self._threads:
            thread.join(5)

    def _accept_loop(self) -> None:
        while not self._stop.is_set():
            try:
                raw, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:  # closed
                return
            thread = threading.Thread(
                target=self._serve, args=(raw,), daemon=True
            )
            with self._lock:
                self._sockets.append(raw)
                self._threads.append(thread)
            thread.start()

    def _serve(self, raw: socket.socket) -> None:
        raw.settimeout(10)
        try:
            tls = self._context.wrap_socket(raw, server_side=True)
        except (OSError, ssl.SSLError) as exc:
            with self._changed:
                self.refused.append(exc)
                self._changed.notify_all()
            raw.close()
            return
        with self._changed:
            self._sockets.append(tls)
            self.clients.append(_common_name(tls.getpeercert() or {}))
            self._changed.notify_all()
        try:
            upstream = socket.create_connection(
                ("127.0.0.1", self._upstream_port), timeout=10
            )
        except OSError:
            tls.close()
            return
        with self._lock:
            self._sockets.append(upstream)
        try:
            self._pump(tls, upstream)
        except OSError:
            pass
        finally:
            for sock in (tls, upstream):
                with contextlib.suppress(OSError):
                    sock.close()

    def _pump(self, tls: ssl.SSLSocket, upstream: socket.socket) -> None:
        # one thread per connection: an SSL socket must not be read and
        # written by two threads at once
        while not self._stop.is_set():
            readable: list[socket.socket]
            if tls.pending():
                readable = [tls]
            else:
                readable, _, _ = select.select([tls, upstream], [], [], 0.1)
            for sock in readable:
                data = sock.recv(65536)
                if not data:
                    return
                (upstream if sock is tls else tls).sendall(data)
