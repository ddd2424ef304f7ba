# This file is generated from tests/unit/async_/test_client_certificates.py by bin/make-unasync; do not edit.
# make-unasync digest: 5bc03c811fd8db67716c9df045dd785715c635bbdbfe4f88358e2f0e4656d4cd
"""Mutual TLS (async twin): the driver presents its ``client_certificate``
to a server that requires one, a rotating provider changes the
certificate of new connections, and certificate files that cannot be
loaded raise :class:`~neo4j.exceptions.CertificateConfigurationError`
before anything is connected.

The server is the fake Bolt server behind
:class:`tests.servers.mtls.MutualTlsFront`, which accepts only clients
with a certificate of the test CA and records each one's common name.
"""

from __future__ import annotations

import ssl
import typing as t
from pathlib import Path

import pytest

from neo4j import TrustCustomCAs
from neo4j._sync.auth_management import ClientCertificateProviders
from neo4j._sync.driver import Driver, GraphDatabase
from neo4j._auth_management import ClientCertificate
from neo4j.exceptions import (
    CertificateConfigurationError,
    ConfigurationError,
    ServiceUnavailable,
)
from tests.servers.mtls import (
    KEY_PASSWORD,
    MtlsMaterial,
    MutualTlsFront,
    OpenSslMissingError,
    create_mtls_material,
)

from .fake_bolt import FakeBoltServer


AUTH = ("neo4j", "pass")


@pytest.fixture(scope="module")
def material(tmp_path_factory: pytest.TempPathFactory) -> MtlsMaterial:
    try:
        return create_mtls_material(tmp_path_factory.mktemp("mtls"))
    except OpenSslMissingError:
        pytest.skip("needs the openssl command line tool")


@pytest.fixture
def server() -> t.Iterator[FakeBoltServer]:
    with FakeBoltServer() as srv:
        yield srv


@pytest.fixture
def front(
    material: MtlsMaterial, server: FakeBoltServer
) -> t.Iterator[MutualTlsFront]:
    with MutualTlsFront(material, server.port) as tls:
        yield tls


def _cert_a(material: MtlsMaterial) -> ClientCertificate:
    return ClientCertificate(
        str(material.client_a_pem), str(material.client_a_key)
    )


def _cert_b(material: MtlsMaterial) -> ClientCertificate:
    return ClientCertificate(
        str(material.client_b_pem), str(material.client_b_key), KEY_PASSWORD
    )


def _driver(
    front: MutualTlsFront, material: MtlsMaterial, **config: t.Any
) -> Driver:
    # by host name: the server certificate names localhost
    config.setdefault(
        "trusted_certificates", TrustCustomCAs(str(material.ca_pem))
    )
    return GraphDatabase.driver(
        f"bolt://localhost:{front.port}", auth=AUTH, encrypted=True, **config
    )


def _open_transactions(driver: Driver, count: int) -> None:
    """Hold ``count`` transactions at once (so ``count`` connections)."""
    sessions = [driver.session() for _ in range(count)]
    transactions = [s.begin_transaction() for s in sessions]
    for tx in transactions:
        tx.commit()
    for session in sessions:
        session.close()


# -- the server's side --------------------------------------------------


def test_the_server_refuses_a_driver_without_certificate(
    front: MutualTlsFront, material: MtlsMaterial, server: FakeBoltServer
) -> None:
    # what makes the tests below meaningful: no certificate, no Bolt
    with _driver(front, material) as driver:
        with pytest.raises(ServiceUnavailable):
            driver.verify_connectivity()
    front.wait_for_handshakes(1)
    assert front.clients == []
    assert len(front.refused) == 1
    assert server.requests() == []


def test_a_certificate_of_another_ca_is_refused(
    front: MutualTlsFront, material: MtlsMaterial, server: FakeBoltServer
) -> None:
    cert = ClientCertificate(
        str(material.intruder_pem), str(material.intruder_key)
    )
    with _driver(front, material, client_certificate=cert) as driver:
        with pytest.raises(ServiceUnavailable):
            driver.verify_connectivity()
    front.wait_for_handshakes(1)
    assert front.clients == []
    assert isinstance(front.refused[0], ssl.SSLCertVerificationError)
    assert server.requests() == []


# -- client_certificate -------------------------------------------------


def test_client_certificate_is_presented(
    front: MutualTlsFront, material: MtlsMaterial, server: FakeBoltServer
) -> None:
    with _driver(
        front, material, client_certificate=_cert_a(material)
    ) as driver:
        records, _, _ = driver.execute_query("2")
        assert [r[0] for r in records] == [0, 1]
        # a second connection presents it too
        _open_transactions(driver, 2)
    assert front.clients == ["client-a", "client-a"]
    assert front.refused == []
    assert len(server.connections) == 2


def test_client_key_with_password(
    front: MutualTlsFront, material: MtlsMaterial
) -> None:
    with _driver(
        front, material, client_certificate=_cert_b(material)
    ) as driver:
        driver.verify_connectivity()
    assert front.clients == ["client-b"]


def test_rotating_provider_changes_the_certificate_of_new_connections(
    front: MutualTlsFront, material: MtlsMaterial
) -> None:
    provider = ClientCertificateProviders.rotating(_cert_a(material))
    with _driver(front, material, client_certificate=provider) as driver:
        driver.verify_connectivity()
        assert front.clients == ["client-a"]
        provider.update_certificate(_cert_b(material))
        # three connections at once: the pooled one is reused, the two
        # new ones present the new certificate (the second one also,
        # although the provider no longer reports it as new)
        _open_transactions(driver, 3)
        assert front.clients == ["client-a", "client-b", "client-b"]
        provider.update_certificate(_cert_a(material))
        before = len(front.clients)
        _open_transactions(driver, 4)
        assert set(front.clients[before:]) == {"client-a"}
        assert len(front.clients) > before
    assert front.refused == []


# -- CertificateConfigurationError -------------------------------------


def _bad_files(
    material: MtlsMaterial, tmp_path: Path
) -> dict[str, tuple[dict[str, t.Any], type[BaseException]]]:
    garbage = tmp_path / "garbage.pem"
    garbage.write_text("not a certificate\n")
    missing = str(tmp_path / "missing.pem")
    a_pem = str(material.client_a_pem)
    return {
        "missing CA file": (
            {"trusted_certificates": TrustCustomCAs(missing)},
            FileNotFoundError,
        ),
        "garbage CA file": (
            {"trusted_certificates": TrustCustomCAs(str(garbage))},
            ssl.SSLError,
        ),
        "missing client certificate": (
            {"client_certificate": ClientCertificate(missing)},
            FileNotFoundError,
        ),
        "garbage client certificate": (
            {"client_certificate": ClientCertificate(str(garbage))},
            ssl.SSLError,
        ),
        "wrong key password": (
            {
                "client_certificate": ClientCertificate(
                    str(material.client_b_pem),
                    str(material.client_b_key),
                    "wrong",
                )
            },
            ssl.SSLError,
        ),
        "key of another certificate": (
            {
                "client_certificate": ClientCertificate(
                    a_pem, str(material.intruder_key)
                )
            },
            ssl.SSLError,
        ),
        "certificate without its key": (
            {"client_certificate": ClientCertificate(a_pem)},
            ssl.SSLError,
        ),
        "missing key file": (
            {"client_certificate": ClientCertificate(a_pem, missing)},
            FileNotFoundError,
        ),
    }


BAD_FILES = [
    "missing CA file",
    "garbage CA file",
    "missing client certificate",
    "garbage client certificate",
    "wrong key password",
    "key of another certificate",
    "certificate without its key",
    "missing key file",
]


@pytest.mark.parametrize("case", BAD_FILES)
def test_unloadable_certificate_files(
    front: MutualTlsFront,
    material: MtlsMaterial,
    tmp_path: Path,
    case: str,
) -> None:
    config, cause_type = _bad_files(material, tmp_path)[case]
    config.setdefault("client_certificate", _cert_a(material))
    with _driver(front, material, **config) as driver:
        with pytest.raises(CertificateConfigurationError) as info:
            driver.verify_connectivity()
    error = info.value
    assert isinstance(error, ConfigurationError)
    assert str(error).startswith("Failed to load certificates: ")
    assert isinstance(error.__cause__, cause_type)
    assert str(error) == f"Failed to load certificates: {error.__cause__}"
    # raised before connecting
    assert front.connections == 0


def test_unloadable_ca_file_fails_every_acquisition(
    front: MutualTlsFront, material: MtlsMaterial, tmp_path: Path
) -> None:
    missing = TrustCustomCAs(str(tmp_path / "missing.pem"))
    with _driver(
        front,
        material,
        trusted_certificates=missing,
        client_certificate=_cert_a(material),
    ) as driver:
        for _ in range(2):
            with pytest.raises(CertificateConfigurationError):
                driver.verify_connectivity()
        with driver.session() as session:
            with pytest.raises(CertificateConfigurationError):
                session.run("1")
    assert front.connections == 0


@pytest.mark.parametrize(
    "case", ["garbage client certificate", "wrong key password"]
)
def test_unloadable_client_certificate_never_degrades_to_none(
    front: MutualTlsFront,
    material: MtlsMaterial,
    tmp_path: Path,
    case: str,
) -> None:
    # a static certificate is handed out by its provider only once; if
    # it cannot be loaded, later acquisitions must fail the same way and
    # never connect without a client certificate
    config, _ = _bad_files(material, tmp_path)[case]
    with _driver(front, material, **config) as driver:
        for _ in range(3):
            with pytest.raises(CertificateConfigurationError):
                driver.verify_connectivity()
    assert front.connections == 0
