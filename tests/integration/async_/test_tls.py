"""TLS against an ArcadeDB server that requires it.

The server certificate is signed by a private test CA (``ca_pem``) for
``localhost`` / ``127.0.0.1``. ``+s`` schemes trust only the system
store, which Python's ``ssl`` reads from ``SSL_CERT_FILE``: the tests
point it at the test CA and restore it afterwards.
"""

from __future__ import annotations

import os
import ssl
import typing as t

import pytest

from neo4j import (
    AsyncDriver,
    AsyncGraphDatabase,
    TrustAll,
    TrustCustomCAs,
    TrustSystemCAs,
)
from neo4j.exceptions import ConfigurationError, ServiceUnavailable
from tests.integration.async_._util import DB
from tests.servers import TlsServer


async def answer(driver: AsyncDriver) -> int:
    async with driver.session(database=DB) as session:
        result = await session.run("RETURN 42 AS x")
        record = await result.single(strict=True)
        return int(record["x"])


@pytest.fixture
def system_cas_are(
    monkeypatch: pytest.MonkeyPatch,
) -> t.Callable[[str | None], None]:
    """Point ``SSL_CERT_FILE`` at a PEM file (or somewhere empty)."""

    def set_file(path: str | None) -> None:
        if path is None:
            monkeypatch.delenv("SSL_CERT_FILE", raising=False)
        else:
            monkeypatch.setenv("SSL_CERT_FILE", path)

    return set_file


def ssc_uri(server: TlsServer) -> str:
    return f"bolt+ssc://localhost:{server.server.bolt_port}"


async def test_bolt_ssc_trusts_any_certificate(
    arcadedb_tls: TlsServer, system_cas_are: t.Callable[[str | None], None]
) -> None:
    system_cas_are(os.devnull)  # the CA is not trusted anywhere
    async with AsyncGraphDatabase.driver(
        ssc_uri(arcadedb_tls), auth=arcadedb_tls.auth
    ) as driver:
        assert driver.encrypted is True
        assert await answer(driver) == 42
        info = await driver.get_server_info()
        assert info.protocol_version == (5, 4)


async def test_bolt_ssc_by_ip_address(arcadedb_tls: TlsServer) -> None:
    uri = f"bolt+ssc://127.0.0.1:{arcadedb_tls.server.bolt_port}"
    async with AsyncGraphDatabase.driver(
        uri, auth=arcadedb_tls.auth
    ) as driver:
        assert await answer(driver) == 42


async def test_bolt_s_with_ca_in_system_store(
    arcadedb_tls: TlsServer, system_cas_are: t.Callable[[str | None], None]
) -> None:
    system_cas_are(str(arcadedb_tls.ca_pem))
    async with AsyncGraphDatabase.driver(
        arcadedb_tls.secure_uri, auth=arcadedb_tls.auth
    ) as driver:
        assert driver.encrypted is True
        assert await answer(driver) == 42
        await driver.verify_connectivity()


async def test_bolt_s_without_the_ca_fails(
    arcadedb_tls: TlsServer, system_cas_are: t.Callable[[str | None], None]
) -> None:
    system_cas_are(os.devnull)
    async with AsyncGraphDatabase.driver(
        arcadedb_tls.secure_uri,
        auth=arcadedb_tls.auth,
        connection_acquisition_timeout=10,
    ) as driver:
        with pytest.raises(ServiceUnavailable) as info:
            await answer(driver)
        assert _has_cert_error(info.value)
        with pytest.raises(ServiceUnavailable):
            await driver.verify_connectivity()


async def test_encrypted_with_custom_ca(arcadedb_tls: TlsServer) -> None:
    uri = f"bolt://localhost:{arcadedb_tls.server.bolt_port}"
    async with AsyncGraphDatabase.driver(
        uri,
        auth=arcadedb_tls.auth,
        encrypted=True,
        trusted_certificates=TrustCustomCAs(str(arcadedb_tls.ca_pem)),
    ) as driver:
        assert driver.encrypted is True
        assert await answer(driver) == 42


async def test_encrypted_with_custom_ca_by_ip(
    arcadedb_tls: TlsServer,
) -> None:
    async with AsyncGraphDatabase.driver(
        arcadedb_tls.uri,  # bolt://127.0.0.1:<port> (IP in the SAN)
        auth=arcadedb_tls.auth,
        encrypted=True,
        trusted_certificates=TrustCustomCAs(str(arcadedb_tls.ca_pem)),
    ) as driver:
        assert await answer(driver) == 42


async def test_encrypted_with_wrong_custom_ca_fails(
    arcadedb_tls: TlsServer,
) -> None:
    # the server's own certificate is no CA: verification must fail
    uri = f"bolt://localhost:{arcadedb_tls.server.bolt_port}"
    async with AsyncGraphDatabase.driver(
        uri,
        auth=arcadedb_tls.auth,
        encrypted=True,
        trusted_certificates=TrustCustomCAs(str(arcadedb_tls.tls.cert_pem)),
        connection_acquisition_timeout=10,
    ) as driver:
        with pytest.raises(ServiceUnavailable) as info:
            await answer(driver)
        assert _has_cert_error(info.value)


async def test_encrypted_trust_system_cas(
    arcadedb_tls: TlsServer, system_cas_are: t.Callable[[str | None], None]
) -> None:
    uri = f"bolt://localhost:{arcadedb_tls.server.bolt_port}"
    system_cas_are(str(arcadedb_tls.ca_pem))
    async with AsyncGraphDatabase.driver(
        uri,
        auth=arcadedb_tls.auth,
        encrypted=True,
        trusted_certificates=TrustSystemCAs(),
    ) as driver:
        assert await answer(driver) == 42


async def test_encrypted_trust_all(arcadedb_tls: TlsServer) -> None:
    async with AsyncGraphDatabase.driver(
        arcadedb_tls.uri,
        auth=arcadedb_tls.auth,
        encrypted=True,
        trusted_certificates=TrustAll(),
    ) as driver:
        assert await answer(driver) == 42


async def test_user_ssl_context(arcadedb_tls: TlsServer) -> None:
    context = ssl.create_default_context(cafile=str(arcadedb_tls.ca_pem))
    uri = f"bolt://localhost:{arcadedb_tls.server.bolt_port}"
    async with AsyncGraphDatabase.driver(
        uri, auth=arcadedb_tls.auth, ssl_context=context
    ) as driver:
        # the server accepts TLS only: success proves the context is used
        assert await answer(driver) == 42


async def test_plaintext_against_tls_server_fails(
    arcadedb_tls: TlsServer,
) -> None:
    async with AsyncGraphDatabase.driver(
        arcadedb_tls.uri,
        auth=arcadedb_tls.auth,
        connection_acquisition_timeout=10,
        connection_timeout=5,
    ) as driver:
        assert driver.encrypted is False
        with pytest.raises(ServiceUnavailable):
            await answer(driver)


async def test_tls_options_with_secure_scheme_are_refused(
    arcadedb_tls: TlsServer,
) -> None:
    with pytest.raises(ConfigurationError):
        AsyncGraphDatabase.driver(
            ssc_uri(arcadedb_tls),
            auth=arcadedb_tls.auth,
            encrypted=True,
        )
    with pytest.raises(ConfigurationError):
        AsyncGraphDatabase.driver(
            arcadedb_tls.secure_uri,
            auth=arcadedb_tls.auth,
            trusted_certificates=TrustAll(),
        )


async def test_big_message_over_tls(arcadedb_tls: TlsServer) -> None:
    value = "é" * (3 * 1024 * 1024)
    async with (
        AsyncGraphDatabase.driver(
            ssc_uri(arcadedb_tls), auth=arcadedb_tls.auth
        ) as driver,
        driver.session(database=DB) as session,
    ):
        result = await session.run("RETURN $v AS v", v=value)
        assert (await result.single(strict=True))["v"] == value


def _has_cert_error(error: BaseException) -> bool:
    """Whether a certificate verification error is in the cause chain."""
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, ssl.SSLCertVerificationError):
            return True
        if "CERTIFICATE_VERIFY_FAILED" in str(seen):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


async def test_sslkeylogfile_receives_the_session_secrets(
    arcadedb_tls: TlsServer,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: t.Any,
) -> None:
    # like browsers and curl: SSLKEYLOGFILE names a file that receives
    # the TLS secrets, so tools such as Wireshark can decrypt the traffic
    keylog = tmp_path / "keys.log"
    monkeypatch.setenv("SSLKEYLOGFILE", str(keylog))
    async with AsyncGraphDatabase.driver(
        ssc_uri(arcadedb_tls), auth=arcadedb_tls.auth
    ) as driver:
        assert await answer(driver) == 42
    lines = keylog.read_text().splitlines()
    secrets = [line for line in lines if line and not line.startswith("#")]
    assert secrets
    assert all(
        line.split()[0].startswith(("CLIENT_", "SERVER_", "EXPORTER_"))
        for line in secrets
    )


async def test_no_key_log_without_sslkeylogfile(
    arcadedb_tls: TlsServer,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: t.Any,
) -> None:
    monkeypatch.delenv("SSLKEYLOGFILE", raising=False)
    monkeypatch.chdir(tmp_path)
    async with AsyncGraphDatabase.driver(
        ssc_uri(arcadedb_tls), auth=arcadedb_tls.auth
    ) as driver:
        assert await answer(driver) == 42
    assert list(tmp_path.iterdir()) == []
