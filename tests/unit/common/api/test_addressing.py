"""Address parsing, classes and formatting."""

from __future__ import annotations

import pickle
import socket
import typing as t

import pytest

from neo4j._addressing import (
    DEFAULT_PORT,
    ResolvedAddress,
    ResolvedIPv4Address,
    ResolvedIPv6Address,
)
from neo4j.addressing import (
    Address,
    IPv4Address,
    IPv6Address,
)


@pytest.mark.parametrize(
    ("text", "expected", "cls", "as_str"),
    [
        ("localhost:7687", ("localhost", 7687), IPv4Address, "localhost:7687"),
        ("localhost", ("localhost", 0), IPv4Address, "localhost:0"),
        ("127.0.0.1:1", ("127.0.0.1", 1), IPv4Address, "127.0.0.1:1"),
        (":7687", ("localhost", 7687), IPv4Address, "localhost:7687"),
        ("", ("localhost", 0), IPv4Address, "localhost:0"),
        ("h:", ("h", 0), IPv4Address, "h:0"),
        ("h:0", ("h", 0), IPv4Address, "h:0"),
        ("host:abc", ("host", "abc"), IPv4Address, "host:abc"),
        ("a:b:c", ("a", "b:c"), IPv4Address, "a:b:c"),
        ("::1", ("localhost", ":1"), IPv4Address, "localhost::1"),
        ("[::1]:7687", ("::1", 7687, 0, 0), IPv6Address, "[::1]:7687"),
        ("[::1]", ("::1", 0, 0, 0), IPv6Address, "[::1]:0"),
        ("[::1]:", ("::1", 0, 0, 0), IPv6Address, "[::1]:0"),
        ("[]", ("localhost", 0, 0, 0), IPv6Address, "[localhost]:0"),
        (
            "[fe80::1%eth0]:99",
            ("fe80::1%eth0", 99, 0, 0),
            IPv6Address,
            "[fe80::1%eth0]:99",
        ),
        ("[::1]x", ("::1", "x", 0, 0), IPv6Address, "[::1]:x"),
    ],
)
def test_parse(
    text: str, expected: tuple[t.Any, ...], cls: type[Address], as_str: str
) -> None:
    address = Address.parse(text)
    assert address == expected
    assert type(address) is cls
    assert str(address) == as_str
    assert repr(address) == f"{cls.__name__}({expected!r})"
    assert address.host == expected[0]
    assert address.port == expected[1]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("h", ("h", 7687)),
        ("", ("dh", 7687)),
        (":1", ("dh", 1)),
        ("h:0", ("h", 7687)),
        ("[::1]", ("::1", 7687, 0, 0)),
        ("[]:5", ("dh", 5, 0, 0)),
    ],
)
def test_parse_defaults(text: str, expected: tuple[t.Any, ...]) -> None:
    address = Address.parse(text, default_host="dh", default_port=DEFAULT_PORT)
    assert address == expected


def test_default_port() -> None:
    assert DEFAULT_PORT == 7687


@pytest.mark.parametrize("value", [None, 1, b"x"])
def test_parse_type_error(value: t.Any) -> None:
    with pytest.raises(TypeError, match=r"^Address.parse requires a string"):
        Address.parse(value)
    with pytest.raises(TypeError, match=type(value).__name__):
        Address.parse(value)


def test_parse_list() -> None:
    assert Address.parse_list("a:1 [::1]:2", "b", default_port=9) == [
        ("a", 1),
        ("::1", 2, 0, 0),
        ("b", 9),
    ]
    assert Address.parse_list() == []
    assert Address.parse_list("  ") == []
    with pytest.raises(TypeError, match=r"parse_list requires a string"):
        Address.parse_list("a", 1)  # type: ignore[arg-type]


@pytest.mark.parametrize("parts", [(1,), (1, 2, 3), ("a", 1, 2, 3, 4), ()])
def test_wrong_part_count(parts: tuple[t.Any, ...]) -> None:
    with pytest.raises(ValueError, match=r"two parts .* four parts"):
        Address(parts)


def test_family_specific_classes_check_length() -> None:
    assert type(IPv4Address(("h", 1))) is IPv4Address
    assert type(IPv6Address(("h", 1, 0, 0))) is IPv6Address
    with pytest.raises(ValueError):
        IPv4Address(("h", 1, 0, 0))
    with pytest.raises(ValueError):
        IPv6Address(("h", 1))


def test_address_basics() -> None:
    address = Address(["h", 1])
    assert type(address) is IPv4Address
    assert Address(address) is address
    assert IPv4Address(address) is address
    assert tuple(address) == ("h", 1)
    assert hash(address) == hash(("h", 1))
    assert isinstance(address, tuple)
    assert address.family == socket.AF_INET
    assert Address(("::1", 1, 0, 0)).family == socket.AF_INET6
    assert Address.family is None
    assert address._resolved_from == "h"
    assert address._original is address
    assert (address.host, address.port) == ("h", 1)
    assert repr(address) == "IPv4Address(('h', 1))"
    ipv6 = Address(("::1", "http", 1, 2))
    assert (ipv6.host, ipv6.port) == ("::1", "http")
    assert repr(ipv6) == "IPv6Address(('::1', 'http', 1, 2))"
    assert str(ipv6) == "[::1]:http"


@pytest.mark.parametrize(
    ("port", "expected"),
    [(7687, 7687), ("7687", 7687), ("http", 80), (12.0, 12)],
)
def test_port_number(port: t.Any, expected: int) -> None:
    assert Address(("h", port)).port_number == expected


@pytest.mark.parametrize(
    ("port", "error"),
    [([], TypeError), (None, TypeError), ("banana-protocol", ValueError)],
)
def test_port_number_errors(port: t.Any, error: type[Exception]) -> None:
    with pytest.raises(error, match=r"^Unknown port value "):
        _ = Address(("h", port)).port_number


def test_from_socket() -> None:
    class FakeSocket:
        def getpeername(self) -> tuple[str, int]:
            return ("1.1.1.1", 5)

    assert Address.from_socket(FakeSocket()) == ("1.1.1.1", 5)


def test_pickle() -> None:
    for address in (Address(("h", 1)), Address(("::1", 2, 0, 0))):
        copy = pickle.loads(pickle.dumps(address))
        assert copy == address
        assert type(copy) is type(address)


def test_resolved_address() -> None:
    resolved = ResolvedAddress(("1.2.3.4", 7687), host_name="example.com")
    assert type(resolved) is ResolvedIPv4Address
    assert isinstance(resolved, IPv4Address)
    assert repr(resolved) == "ResolvedIPv4Address(('1.2.3.4', 7687))"
    assert str(resolved) == "1.2.3.4:7687"
    assert resolved.host == "1.2.3.4"
    assert resolved._resolved_from == "example.com"
    unresolved = resolved._original
    assert type(unresolved) is IPv4Address
    assert unresolved == ("example.com", 7687)
    copy = pickle.loads(pickle.dumps(resolved))
    assert copy == resolved
    assert copy._resolved_from == "example.com"

    resolved6 = ResolvedAddress(("::1", 7687, 0, 0), host_name="example.com")
    assert type(resolved6) is ResolvedIPv6Address
    assert str(resolved6) == "[::1]:7687"
    assert resolved6._original == ("example.com", 7687, 0, 0)


def test_resolved_address_does_not_mutate_input() -> None:
    first = ResolvedAddress(("1.2.3.4", 1), host_name="a")
    second = ResolvedAddress(first, host_name="b")
    assert first._resolved_from == "a"
    assert second._resolved_from == "b"
