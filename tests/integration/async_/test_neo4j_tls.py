"""TLS against an embedded Neo4j that requires it (``neo4j_tls``).

The certificate is the one the ArcadeDB TLS tests use: signed by a
private test CA for ``localhost`` / ``127.0.0.1``.  The launcher hands
it to Neo4j's Bolt SSL policy (``server.bolt.tls_level=REQUIRED``).
``+s`` schemes trust only the system store, which Python's ``ssl``
reads from ``SSL_CERT_FILE``.  Every outcome was checked against the
official driver 6.4.1 on the same server (the texts of the connection
errors differ; the exception classes are the same).
"""

from __future__ import annotations

import ssl
import typing as t

import pytest

from neo4j import AsyncDriver, AsyncGraphDatabase, TrustCustomCAs
from neo4j.exceptions import ConfigurationError, ServiceUnavailable
from tests.servers.neo4j import Neo4jTlsServer


DB = "neo4j"


async def answer(driver: AsyncDriver) -> int:
    records, summary, _ = await driver.execute_query(
        "RETURN 42 AS x", database_=DB
    )
    assert summary.server.agent.startswith("Neo4j/")
    return int(records[0]["x"])


def caused_by_certificate(error: BaseException) -> bool:
    """Whether a certificate check failure is in the exception chain."""
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, ssl.SSLCertVerificationError):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


@pytest.fixture
def system_cas_are(
    monkeypatch: pytest.MonkeyPatch,
) -> t.Callable[[str | None], None]:
    """Point ``SSL_CERT_FILE`` at a PEM file (or nowhere)."""

    def set_file(path: str | None) -> None:
        if path is None:
            monkeypatch.delenv("SSL_CERT_FILE", raising=False)
        else:
            monkeypatch.setenv("SSL_CERT_FILE", path)

    return set_file


@pytest.mark.parametrize("host", ["localhost", "127.0.0.1"])
async def test_encrypted_with_the_custom_ca(
    neo4j_tls: Neo4jTlsServer, host: str
) -> None:
    async with AsyncGraphDatabase.driver(
        f"bolt://{host}:{neo4j_tls.port}",
        auth=neo4j_tls.auth,
        encrypted=True,
        trusted_certificates=TrustCustomCAs(str(neo4j_tls.ca_pem)),
    ) as driver:
        assert driver.encrypted is True
        await driver.verify_connectivity()
        assert await answer(driver) == 42


@pytest.mark.parametrize("scheme", ["bolt+s", "neo4j+s"])
async def test_secure_scheme_with_the_ca_in_the_system_store(
    neo4j_tls: Neo4jTlsServer,
    system_cas_are: t.Callable[[str | None], None],
    scheme: str,
) -> None:
    system_cas_are(str(neo4j_tls.ca_pem))
    async with AsyncGraphDatabase.driver(
        f"{scheme}://localhost:{neo4j_tls.port}", auth=neo4j_tls.auth
    ) as driver:
        assert driver.encrypted is True
        assert await answer(driver) == 42


async def test_secure_scheme_without_the_ca_fails(
    neo4j_tls: Neo4jTlsServer,
    system_cas_are: t.Callable[[str | None], None],
) -> None:
    system_cas_are(str(neo4j_tls.tls.cert_pem))  # not a CA: no trust
    async with AsyncGraphDatabase.driver(
        f"bolt+s://localhost:{neo4j_tls.port}", auth=neo4j_tls.auth
    ) as driver:
        with pytest.raises(ServiceUnavailable) as info:
            await driver.verify_connectivity()
    assert caused_by_certificate(info.value)


async def test_secure_scheme_refuses_trusted_certificates(
    neo4j_tls: Neo4jTlsServer,
) -> None:
    # the scheme decides about TLS already (as in the official driver)
    with pytest.raises(ConfigurationError):
        AsyncGraphDatabase.driver(
            f"bolt+s://localhost:{neo4j_tls.port}",
            auth=neo4j_tls.auth,
            trusted_certificates=TrustCustomCAs(str(neo4j_tls.ca_pem)),
        )


@pytest.mark.parametrize("scheme", ["bolt+ssc", "neo4j+ssc"])
async def test_self_signed_scheme_trusts_the_certificate(
    neo4j_tls: Neo4jTlsServer,
    system_cas_are: t.Callable[[str | None], None],
    scheme: str,
) -> None:
    system_cas_are(None)
    async with AsyncGraphDatabase.driver(
        f"{scheme}://127.0.0.1:{neo4j_tls.port}", auth=neo4j_tls.auth
    ) as driver:
        assert driver.encrypted is True
        assert await answer(driver) == 42


async def test_wrong_custom_ca_fails(neo4j_tls: Neo4jTlsServer) -> None:
    async with AsyncGraphDatabase.driver(
        f"bolt://localhost:{neo4j_tls.port}",
        auth=neo4j_tls.auth,
        encrypted=True,
        # the server certificate itself is no CA
        trusted_certificates=TrustCustomCAs(str(neo4j_tls.tls.cert_pem)),
    ) as driver:
        with pytest.raises(ServiceUnavailable) as info:
            await driver.verify_connectivity()
    assert caused_by_certificate(info.value)


@pytest.mark.parametrize("scheme", ["bolt", "neo4j"])
async def test_plain_connection_is_refused(
    neo4j_tls: Neo4jTlsServer, scheme: str
) -> None:
    async with AsyncGraphDatabase.driver(
        f"{scheme}://127.0.0.1:{neo4j_tls.port}",
        auth=neo4j_tls.auth,
        connection_timeout=10,
    ) as driver:
        assert driver.encrypted is False
        with pytest.raises(ServiceUnavailable) as info:
            await driver.verify_connectivity()
    assert not caused_by_certificate(info.value)
    # the server is fine for a TLS client afterwards
    async with AsyncGraphDatabase.driver(
        f"bolt+ssc://127.0.0.1:{neo4j_tls.port}", auth=neo4j_tls.auth
    ) as driver:
        assert await answer(driver) == 42
