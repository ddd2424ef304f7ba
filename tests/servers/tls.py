"""TLS material for test servers, made with the JRE's ``keytool``.

A private test CA signs a server certificate for ``CN=localhost`` with the
subject alternative names ``DNS:localhost`` and ``IP:127.0.0.1``. The
server gets PKCS12 key and trust stores; clients get PEM files:
:attr:`TlsMaterial.ca_pem` (what ``TrustCustomCAs`` or
``ssl.SSLContext.load_verify_locations`` should trust) and
:attr:`TlsMaterial.cert_pem` (the server certificate itself).
"""

from __future__ import annotations

import atexit
import shutil
import ssl
import subprocess
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

from ._paths import keytool_executable


__all__ = [
    "TlsMaterial",
    "create_tls_material",
    "session_tls_material",
]

STORE_PASSWORD = "arcadedb-test-tls"
CA_ALIAS = "test-ca"
SERVER_ALIAS = "server"
SERVER_SAN = "SAN=dns:localhost,ip:127.0.0.1"
# keytool is a short-lived JVM: skip the optimising JIT (halves its time).
KEYTOOL_JVM_OPTIONS = ("-J-XX:TieredStopAtLevel=1", "-J-XX:+UseSerialGC")


@dataclass(frozen=True)
class TlsMaterial:
    """Paths of the generated key material.

    :param directory: folder holding every file below
    :param keystore: PKCS12 store with the server key and its chain
    :param truststore: PKCS12 store trusting the test CA
    :param password: password of both stores (and of the keys)
    :param ca_pem: PEM certificate of the test CA
    :param cert_pem: PEM certificate of the server (signed by the CA)
    """

    directory: Path
    keystore: Path
    truststore: Path
    password: str
    ca_pem: Path
    cert_pem: Path

    def server_settings(self) -> dict[str, str]:
        """Return the ArcadeDB ``arcadedb.ssl.*`` settings for the stores."""
        return {
            "arcadedb.ssl.keyStore": str(self.keystore),
            "arcadedb.ssl.keyStorePassword": self.password,
            "arcadedb.ssl.trustStore": str(self.truststore),
            "arcadedb.ssl.trustStorePassword": self.password,
        }

    def client_context(self) -> ssl.SSLContext:
        """Return a client context trusting only the test CA.

        Hostname checking stays on: connect with ``localhost`` or
        ``127.0.0.1`` as the server name.
        """
        context = ssl.create_default_context(cafile=str(self.ca_pem))
        context.verify_flags |= ssl.VERIFY_X509_STRICT
        return context


def _keytool(*args: str, stdin: bytes | None = None) -> bytes:
    command = [str(keytool_executable()), *KEYTOOL_JVM_OPTIONS, *args]
    proc = subprocess.run(
        command, input=stdin, capture_output=True, check=False, timeout=120
    )
    if proc.returncode != 0:
        raise RuntimeError(
            f"keytool failed ({proc.returncode}): {' '.join(args[:2])}\n"
            + proc.stdout.decode(errors="replace")
            + proc.stderr.decode(errors="replace")
        )
    return proc.stdout


def create_tls_material(
    directory: Path, password: str = STORE_PASSWORD
) -> TlsMaterial:
    """Generate a test CA, a server key pair and the stores into *directory*.

    :param directory: an existing, empty folder
    :param password: password for the stores and keys (>= 6 characters)
    :returns: the paths of what was written
    :raises RuntimeError: if a ``keytool`` call fails
    """
    ca_store = directory / "ca.p12"
    keystore = directory / "keystore.p12"
    truststore = directory / "truststore.p12"
    ca_pem = directory / "ca.pem"
    cert_pem = directory / "server.pem"
    common = ["-storetype", "PKCS12", "-storepass", password]

    def keypair(store: Path, alias: str, dname: str, *ext: str) -> None:
        _keytool(
            "-genkeypair",
            "-alias", alias,
            "-keyalg", "EC",
            "-groupname", "secp256r1",
            "-validity", "3650",
            "-dname", dname,
            "-keystore", str(store),
            "-keypass", password,
            *common,
            *ext,
        )  # fmt: skip

    keypair(
        ca_store,
        CA_ALIAS,
        "CN=ArcadeDB Test CA",
        "-ext", "BasicConstraints:critical=ca:true",
        "-ext", "KeyUsage:critical=keyCertSign,cRLSign",
    )  # fmt: skip
    ca_pem.write_bytes(
        _keytool(
            "-exportcert", "-rfc", "-alias", CA_ALIAS,
            "-keystore", str(ca_store), *common,
        )
    )  # fmt: skip
    keypair(keystore, SERVER_ALIAS, "CN=localhost")
    request = _keytool(
        "-certreq", "-alias", SERVER_ALIAS, "-keystore", str(keystore),
        *common,
    )  # fmt: skip
    signed = _keytool(
        "-gencert", "-rfc", "-alias", CA_ALIAS,
        "-keystore", str(ca_store), *common,
        "-validity", "3650",
        "-ext", SERVER_SAN,
        "-ext", "KeyUsage:critical=digitalSignature,keyAgreement",
        "-ext", "ExtendedKeyUsage=serverAuth",
        stdin=request,
    )  # fmt: skip
    cert_pem.write_bytes(signed)
    for store, alias, pem in (
        (keystore, CA_ALIAS, ca_pem),
        (keystore, SERVER_ALIAS, cert_pem),
        (truststore, CA_ALIAS, ca_pem),
    ):
        _keytool(
            "-importcert", "-noprompt", "-alias", alias,
            "-file", str(pem), "-keystore", str(store), *common,
        )  # fmt: skip
    ca_store.unlink()  # the CA key is not needed any more
    return TlsMaterial(
        directory=directory,
        keystore=keystore,
        truststore=truststore,
        password=password,
        ca_pem=ca_pem,
        cert_pem=cert_pem,
    )


_session_lock = threading.Lock()
_session: list[TlsMaterial] = []


def session_tls_material() -> TlsMaterial:
    """Return TLS material shared by the whole process.

    It is generated on first use in a temporary folder that is removed
    when the interpreter exits.
    """
    with _session_lock:
        if not _session:
            directory = Path(tempfile.mkdtemp(prefix="arcadedb-tls-"))
            atexit.register(shutil.rmtree, directory, True)
            _session.append(create_tls_material(directory))
        return _session[0]
