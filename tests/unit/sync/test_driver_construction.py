# This file is generated from tests/unit/async_/test_driver_construction.py by bin/make-unasync; do not edit.
# make-unasync digest: 359768d18fc9cac3f30ea5ece5f4fe7fae7f4aa20e536d15164d028b6a341a6d
"""The driver entry points: what ``driver()`` makes of the URI and the
options (auth, client certificates, TLS implied by the scheme),
``bookmark_manager()``, the argument checks of ``execute_query`` and the
connectivity and authentication probes."""

from __future__ import annotations

import re
import ssl
import typing as t
import warnings

import pytest

from neo4j._addressing import Address
from neo4j._api import RoutingControl, TrustAll, TrustSystemCAs
from neo4j._sync.auth_management import (
    AuthManagers,
    ClientCertificateProviders,
)
from neo4j._sync.driver import (
    BoltDriver,
    Driver,
    GraphDatabase,
    Neo4jDriver,
)
from neo4j._auth_management import (
    AuthManager,
    ClientCertificateProvider,
    ClientCertificate,
)
from neo4j.api import Bookmarks
from neo4j.exceptions import ClientError, ConfigurationError
from neo4j.warnings import PreviewWarning

from .fake_bolt import (
    FakeBoltServer,
    FakeConnection,
    Reply,
    default_handler,
    failure,
)


AUTH = ("neo4j", "pass")


def _closing(driver: Driver) -> t.Any:
    config = driver._pool.pool_config  # type: ignore[attr-defined]
    driver.close()
    return config


# -- URI and options ----------------------------------------------------


@pytest.mark.parametrize(
    ("uri", "kind"),
    [
        ("bolt://example.com", BoltDriver),
        ("bolt+s://example.com", BoltDriver),
        ("neo4j://example.com", Neo4jDriver),
        ("neo4j+ssc://example.com", Neo4jDriver),
    ],
)
def test_scheme_picks_the_driver_and_the_default_port(
    uri: str, kind: type[Driver]
) -> None:
    driver = GraphDatabase.driver(uri)
    assert type(driver) is kind
    if isinstance(driver, BoltDriver):
        assert driver.address == Address(("example.com", 7687))
    else:
        assert isinstance(driver, Neo4jDriver)
        assert driver.initial_addresses == [Address(("example.com", 7687))]
    driver.close()


def test_routing_context_comes_from_the_uri_query() -> None:
    driver = GraphDatabase.driver("neo4j://example.com:9999?policy=eu")
    settings = driver._pool.settings  # type: ignore[attr-defined]
    assert settings.routing_context == {
        "policy": "eu",
        "address": "example.com:9999",
    }
    assert settings.routing is True
    driver.close()
    driver = GraphDatabase.driver("bolt://example.com")
    settings = driver._pool.settings  # type: ignore[attr-defined]
    assert settings.routing_context is None
    assert settings.routing is False
    driver.close()


def test_routing_context_may_not_name_the_address() -> None:
    with pytest.raises(ConfigurationError, match="address"):
        GraphDatabase.driver("neo4j://example.com?address=x")


def test_query_api_schemes_give_the_http_driver() -> None:
    # the Query API driver (a preview): tests/stub/*/test_query_api.py
    from neo4j._sync.driver import HttpDriver

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PreviewWarning)
        driver = GraphDatabase.driver("http://example.com")
    assert isinstance(driver, HttpDriver)
    driver.close()


def test_plain_auth_becomes_a_static_manager() -> None:
    driver = GraphDatabase.driver("bolt://localhost", auth=AUTH)
    manager = (_closing(driver)).auth
    assert isinstance(manager, AuthManager)
    assert manager.get_auth() == AUTH


def test_no_auth_is_a_static_manager_too() -> None:
    manager = (_closing(GraphDatabase.driver("bolt://h"))).auth
    assert isinstance(manager, AuthManager)
    assert manager.get_auth() is None


def test_an_auth_manager_is_used_as_given() -> None:
    manager = AuthManagers.static(AUTH)
    driver = GraphDatabase.driver("bolt://localhost", auth=manager)
    assert (_closing(driver)).auth is manager


def test_a_client_certificate_becomes_a_provider() -> None:
    cert = ClientCertificate("cert.pem")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PreviewWarning)
        driver = GraphDatabase.driver(
            "bolt://localhost", client_certificate=cert
        )
    provider = (_closing(driver)).client_certificate
    assert isinstance(provider, ClientCertificateProvider)
    assert provider.get_certificate() is cert


def test_a_certificate_provider_is_used_as_given() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PreviewWarning)
        provider = ClientCertificateProviders.static(
            ClientCertificate("cert.pem")
        )
        driver = GraphDatabase.driver(
            "bolt://localhost", client_certificate=provider
        )
    assert (_closing(driver)).client_certificate is provider


@pytest.mark.parametrize("value", [None, "system", TrustAll])
def test_trusted_certificates_must_be_a_trust_store(
    value: t.Any,
) -> None:
    with pytest.raises(ConfigurationError, match="trusted_certificates"):
        GraphDatabase.driver("bolt://localhost", trusted_certificates=value)


@pytest.mark.parametrize("scheme", ["bolt+s", "neo4j+s", "bolt+ssc"])
@pytest.mark.parametrize(
    "option",
    [
        {"encrypted": False},
        {"encrypted": True},
        {"trusted_certificates": TrustAll()},
        {"ssl_context": ssl.create_default_context()},
    ],
)
def test_secure_schemes_refuse_tls_options(
    scheme: str, option: dict[str, t.Any]
) -> None:
    with pytest.raises(ConfigurationError, match=next(iter(option))):
        GraphDatabase.driver(f"{scheme}://localhost", **option)


@pytest.mark.parametrize(
    ("scheme", "encrypted", "trust"),
    [
        ("bolt", False, TrustSystemCAs),
        ("neo4j+s", True, TrustSystemCAs),
        ("bolt+ssc", True, TrustAll),
        ("neo4j+ssc", True, TrustAll),
    ],
)
def test_secure_schemes_imply_tls(
    scheme: str, encrypted: bool, trust: type
) -> None:
    driver = GraphDatabase.driver(f"{scheme}://localhost")
    assert driver.encrypted is encrypted
    config = _closing(driver)
    assert type(config.trusted_certificates) is trust


def test_plain_schemes_take_tls_options() -> None:
    driver = GraphDatabase.driver(
        "neo4j://localhost", encrypted=True, trusted_certificates=TrustAll()
    )
    assert driver.encrypted is True
    assert type((_closing(driver)).trusted_certificates) is TrustAll


def test_deprecated_option_name_warns_at_the_callers_line() -> None:
    with pytest.warns(DeprecationWarning, match="categories") as rec:
        driver = GraphDatabase.driver(
            "bolt://localhost", notifications_disabled_categories=["HINT"]
        )
    assert rec[0].filename == __file__
    with pytest.warns(DeprecationWarning, match="categories") as rec:
        session = driver.session(notifications_disabled_categories=["HINT"])
    assert rec[0].filename == __file__
    assert session._config.notifications_disabled_classifications == ["HINT"]
    session.close()
    config = _closing(driver)
    assert config.notifications_disabled_classifications == ["HINT"]


# -- bookmark_manager() ---------------------------------------------------


def test_bookmark_manager_starts_with_the_given_bookmarks() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        manager = GraphDatabase.bookmark_manager(
            Bookmarks.from_raw_values(["a", "b"])
        )
    assert set(manager.get_bookmarks()) == {"a", "b"}


def test_bookmark_manager_with_raw_strings_is_deprecated() -> None:
    with pytest.warns(DeprecationWarning, match="initial_bookmarks") as rec:
        manager = GraphDatabase.bookmark_manager(["a", "b"])
    assert rec[0].filename == __file__
    assert set(manager.get_bookmarks()) == {"a", "b"}


def test_bookmark_manager_callbacks() -> None:
    seen: list[t.Any] = []
    manager = GraphDatabase.bookmark_manager(
        bookmarks_supplier=lambda: Bookmarks.from_raw_values(["extra"]),
        bookmarks_consumer=seen.append,
    )
    assert set(manager.get_bookmarks()) == {"extra"}
    manager.update_bookmarks((), ("bm:1",))
    assert len(seen) == 1
    assert seen[0].raw_values == frozenset({"bm:1"})


def test_every_driver_has_its_own_query_bookmark_manager() -> None:
    one = GraphDatabase.driver("bolt://localhost")
    two = GraphDatabase.driver("bolt://localhost")
    assert one.execute_query_bookmark_manager is not None
    assert (
        one.execute_query_bookmark_manager
        is one.execute_query_bookmark_manager
    )
    assert (
        one.execute_query_bookmark_manager
        is not two.execute_query_bookmark_manager
    )
    one.close()
    two.close()


# -- execute_query() argument checks --------------------------------------


@pytest.mark.parametrize("name", ["x_", "_", "database_x_"])
def test_execute_query_refuses_single_underscore_parameters(
    name: str,
) -> None:
    driver = GraphDatabase.driver("bolt://localhost")
    with pytest.raises(ValueError, match=re.escape(repr(name))):
        driver.execute_query("RETURN 1", **{name: 1})
    driver.close()


def test_execute_query_parameters_and_routing_forms() -> None:
    runs: list[list[t.Any]] = []
    begins: list[dict[str, t.Any]] = []

    def handler(
        conn: FakeConnection, name: str, fields: list[t.Any]
    ) -> list[Reply]:
        if name == "RUN":
            runs.append(fields)
        if name == "BEGIN":
            begins.append(fields[0])
        return default_handler(conn, name, fields)

    with FakeBoltServer(handler) as server:
        with GraphDatabase.driver(server.uri, auth=AUTH) as driver:
            driver.execute_query(
                "1",
                {"a": 1, "x__": 0},
                routing_=RoutingControl.READ,
                x__=2,
                b=3,
            )
            driver.execute_query("1", routing_="w")
            driver.execute_query("1", routing_=RoutingControl.WRITE)
    assert runs[0][1] == {"a": 1, "x__": 2, "b": 3}
    assert [b.get("mode", "w") for b in begins] == ["r", "w", "w"]


def test_execute_query_without_bookmark_manager() -> None:
    begins: list[dict[str, t.Any]] = []

    def handler(
        conn: FakeConnection, name: str, fields: list[t.Any]
    ) -> list[Reply]:
        if name == "BEGIN":
            begins.append(fields[0])
        return default_handler(conn, name, fields)

    with FakeBoltServer(handler) as server:
        with GraphDatabase.driver(server.uri, auth=AUTH) as driver:
            driver.execute_query("1")
            driver.execute_query("1", bookmark_manager_=None)
            driver.execute_query("1")
            manager = driver.execute_query_bookmark_manager
            assert manager.get_bookmarks() == {"bm:3"}
    assert "bookmarks" not in begins[0]
    # no manager: the driver's bookmarks are neither used nor updated
    assert "bookmarks" not in begins[1]
    assert begins[2]["bookmarks"] == ["bm:1"]


# -- probes -----------------------------------------------------------------


@pytest.mark.parametrize(
    "method",
    ["verify_connectivity", "get_server_info", "verify_authentication"],
)
def test_probe_keywords_are_a_preview(method: str) -> None:
    with FakeBoltServer() as server:
        with GraphDatabase.driver(server.uri, auth=AUTH) as driver:
            probe = getattr(driver, method)
            with warnings.catch_warnings():
                warnings.simplefilter("error")
                probe()
            with pytest.warns(PreviewWarning, match=method) as rec:
                probe(database="neo4j")
            assert rec[0].filename == __file__


def test_verify_authentication_uses_the_system_database(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen: list[dict[str, t.Any]] = []
    with FakeBoltServer() as server:
        with GraphDatabase.driver(server.uri, auth=AUTH) as driver:
            original = driver._session

            def recording(config: t.Mapping[str, t.Any]) -> t.Any:
                seen.append(dict(config))
                return original(config)

            monkeypatch.setattr(driver, "_session", recording)
            assert driver.verify_authentication(("u", "p")) is True
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", PreviewWarning)
                driver.verify_authentication(database="other")
                driver.verify_authentication(database=None)
    assert seen[0] == {"database": "system", "auth": ("u", "p")}
    assert seen[1] == {"database": "other", "auth": None}
    assert seen[2] == {"database": None, "auth": None}


def _logon_fails_with(code: str) -> t.Any:
    def handler(
        conn: FakeConnection, name: str, fields: list[t.Any]
    ) -> list[Reply]:
        if name == "LOGON" and fields[0].get("principal") == "other":
            return [failure(code, "no")]
        return default_handler(conn, name, fields)

    return handler


@pytest.mark.parametrize(
    "code",
    [
        "Neo.ClientError.Security.Unauthorized",
        "Neo.ClientError.Security.CredentialsExpired",
        "Neo.ClientError.Security.TokenExpired",
        "Neo.ClientError.Security.Forbidden",
    ],
)
def test_verify_authentication_false_on_rejected_credentials(
    code: str,
) -> None:
    with FakeBoltServer(_logon_fails_with(code)) as server:
        with GraphDatabase.driver(server.uri, auth=AUTH) as driver:
            assert driver.verify_authentication(AUTH) is True
            assert driver.verify_authentication(("other", "x")) is False


def test_verify_authentication_raises_other_errors() -> None:
    code = "Neo.ClientError.Statement.SyntaxError"
    with FakeBoltServer(_logon_fails_with(code)) as server:
        with GraphDatabase.driver(server.uri, auth=AUTH) as driver:
            with pytest.raises(ClientError, match="no"):
                driver.verify_authentication(("other", "x"))
