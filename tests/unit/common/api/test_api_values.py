"""Auth tokens, Bookmarks, ServerInfo, bookmark manager ABCs, constants."""

from __future__ import annotations

import typing as t

import pytest

import neo4j
from neo4j import api
from neo4j._api import (
    TrustAll,
    TrustCustomCAs,
    TrustStore,
    TrustSystemCAs,
)
from neo4j.addressing import Address
from neo4j.api import (
    AsyncBookmarkManager,
    Auth,
    AuthToken,
    BookmarkManager,
    Bookmarks,
    ServerInfo,
    basic_auth,
    bearer_auth,
    custom_auth,
    kerberos_auth,
)


@pytest.mark.parametrize(
    ("token", "expected"),
    [
        (
            Auth("basic", "u", "p"),
            {"scheme": "basic", "principal": "u", "credentials": "p"},
        ),
        (
            Auth("basic", "", "", "", x=1),
            {"scheme": "basic", "principal": "", "parameters": {"x": 1}},
        ),
        (Auth(None, None, None), {"scheme": None}),
        (
            basic_auth("u", "p"),
            {"scheme": "basic", "principal": "u", "credentials": "p"},
        ),
        (
            basic_auth("u", "p", "r"),
            {
                "scheme": "basic",
                "principal": "u",
                "credentials": "p",
                "realm": "r",
            },
        ),
        (
            kerberos_auth("t"),
            {"scheme": "kerberos", "principal": "", "credentials": "t"},
        ),
        (bearer_auth("t"), {"scheme": "bearer", "credentials": "t"}),
        (
            custom_auth("p", "c", "r", "s", k=2),
            {
                "scheme": "s",
                "principal": "p",
                "credentials": "c",
                "realm": "r",
                "parameters": {"k": 2},
            },
        ),
        (custom_auth(None, None, None, None), {"scheme": None}),
    ],
)
def test_auth_fields(token: Auth, expected: dict[str, t.Any]) -> None:
    assert vars(token) == expected
    as_dict = token._to_dict()
    assert as_dict == expected
    as_dict["user_agent"] = "x"
    assert "user_agent" not in vars(token)


def test_auth_equality() -> None:
    assert AuthToken is Auth
    assert Auth("basic", "u", "p") == basic_auth("u", "p")
    assert Auth("basic", "u", "p") != basic_auth("u", "q")
    assert Auth("basic", "u", "p") != ("basic", "u", "p")
    assert Auth("basic", "u", "", realm="") == Auth("basic", "u", None)
    with pytest.raises(TypeError):
        hash(Auth("basic", "u", "p"))


def test_auth_repr_hides_credentials() -> None:
    assert "secret" not in repr(basic_auth("user", "secret"))


def test_bookmarks_empty() -> None:
    empty = Bookmarks()
    assert not empty
    assert empty.raw_values == frozenset()
    assert list(empty) == []
    assert repr(empty) == "<Bookmarks values={}>"


def test_bookmarks_from_raw_values() -> None:
    bookmarks = Bookmarks.from_raw_values(["b", "a", "a"])
    assert bookmarks
    assert bookmarks.raw_values == frozenset({"a", "b"})
    assert isinstance(bookmarks.raw_values, frozenset)
    assert sorted(bookmarks) == ["a", "b"]
    assert repr(bookmarks) == "<Bookmarks values={'a', 'b'}>"
    single = Bookmarks.from_raw_values("abc")
    assert single.raw_values == frozenset({"abc"})
    assert not Bookmarks.from_raw_values([])


def test_bookmarks_from_raw_values_errors() -> None:
    with pytest.raises(TypeError) as type_error:
        Bookmarks.from_raw_values([1])  # type: ignore[list-item]
    assert str(type_error.value) == (
        "Raw bookmark values must be str. Found <class 'int'>"
    )
    with pytest.raises(ValueError) as value_error:
        Bookmarks.from_raw_values(["\u00e9"])
    assert str(value_error.value) == "The value \u00e9 is not ASCII"


def test_bookmarks_add() -> None:
    one = Bookmarks.from_raw_values(["a"])
    two = Bookmarks.from_raw_values(["b", "a"])
    both = one + two
    assert both.raw_values == frozenset({"a", "b"})
    assert one.raw_values == frozenset({"a"})
    assert (one + Bookmarks()) is one
    empty_plus = Bookmarks() + one
    assert empty_plus is not one
    assert empty_plus.raw_values == one.raw_values
    with pytest.raises(TypeError):
        one + 1  # type: ignore[operator]
    with pytest.raises(TypeError):
        1 + one  # type: ignore[operator]


def test_bookmarks_immutable() -> None:
    bookmarks = Bookmarks.from_raw_values(["a"])
    with pytest.raises(AttributeError):
        bookmarks.raw_values = frozenset()  # type: ignore[misc]


def test_server_info() -> None:
    address = Address(("h", 1))
    info = ServerInfo(address, (5, 4))
    assert info.address is address
    assert info.protocol_version == (5, 4)
    assert info.agent == "None"
    info.update({"server": "Neo4j/5.26.0", "connection_id": "bolt-1"})
    assert info.agent == "Neo4j/5.26.0"
    assert not hasattr(info, "connection_id")
    info.update({"server": "Neo4j/2026.01"})
    assert info.agent == "Neo4j/2026.01"


def test_bookmark_manager_abcs() -> None:
    class Incomplete(BookmarkManager):
        pass

    with pytest.raises(TypeError):
        Incomplete()  # type: ignore[abstract]

    class Sync(BookmarkManager):
        def update_bookmarks(
            self,
            previous_bookmarks: t.Collection[str],
            new_bookmarks: t.Collection[str],
        ) -> None:
            pass

        def get_bookmarks(self) -> t.Collection[str]:
            return ["x"]

    class Async(AsyncBookmarkManager):
        async def update_bookmarks(
            self,
            previous_bookmarks: t.Collection[str],
            new_bookmarks: t.Collection[str],
        ) -> None:
            pass

        async def get_bookmarks(self) -> t.Collection[str]:
            return ["x"]

    assert Sync().get_bookmarks() == ["x"]
    assert isinstance(Async(), AsyncBookmarkManager)
    expected = frozenset({"update_bookmarks", "get_bookmarks"})
    assert BookmarkManager.__abstractmethods__ == expected
    assert AsyncBookmarkManager.__abstractmethods__ == expected


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("READ_ACCESS", "READ"),
        ("WRITE_ACCESS", "WRITE"),
        ("SYSTEM_DATABASE", "system"),
        ("DEFAULT_DATABASE", None),
        ("URI_SCHEME_BOLT", "bolt"),
        ("URI_SCHEME_BOLT_SECURE", "bolt+s"),
        ("URI_SCHEME_BOLT_SELF_SIGNED_CERTIFICATE", "bolt+ssc"),
        ("URI_SCHEME_NEO4J", "neo4j"),
        ("URI_SCHEME_NEO4J_SECURE", "neo4j+s"),
        ("URI_SCHEME_NEO4J_SELF_SIGNED_CERTIFICATE", "neo4j+ssc"),
        ("URI_SCHEME_HTTP", "http"),
        ("URI_SCHEME_HTTPS", "https"),
        ("URI_SCHEME_BOLT_ROUTING", "bolt+routing"),
    ],
)
def test_constants(name: str, value: str | None) -> None:
    assert getattr(api, name) == value
    assert name in api.__all__


@pytest.mark.parametrize(
    "name", ["TRUST_ALL_CERTIFICATES", "TRUST_SYSTEM_CA_SIGNED_CERTIFICATES"]
)
def test_removed_trust_constants_warn(name: str) -> None:
    with pytest.warns(DeprecationWarning, match=name):
        value = getattr(api, name)
    assert value == name
    assert name not in dir(api)


def test_unknown_api_attribute() -> None:
    with pytest.raises(AttributeError):
        _ = api.NoSuchThing


def test_trust_stores() -> None:
    for cls in (TrustAll, TrustSystemCAs, TrustCustomCAs):
        assert issubclass(cls, TrustStore)
        assert getattr(neo4j, cls.__name__) is cls
    assert TrustCustomCAs("a.pem", "b.pem").certs == ("a.pem", "b.pem")
    assert TrustCustomCAs().certs == ()


@pytest.mark.parametrize(
    "name", ["TrustAll", "TrustSystemCAs", "TrustCustomCAs", "TrustStore"]
)
def test_trust_stores_are_not_in_api_module(name: str) -> None:
    # as in the official driver: only neo4j and neo4j._api have them
    with pytest.raises(AttributeError):
        getattr(api, name)
    assert hasattr(neo4j, name) == (name != "TrustStore")
