"""URI parsing, routing context and access mode checks."""

from __future__ import annotations

import warnings

import pytest

from neo4j._api import (
    DRIVER_BOLT,
    DRIVER_HTTP,
    DRIVER_NEO4J,
    SECURITY_TYPE_NOT_SECURE,
    SECURITY_TYPE_SECURE,
    SECURITY_TYPE_SELF_SIGNED_CERTIFICATE,
    check_access_mode,
    parse_neo4j_uri,
    parse_routing_context,
    routing_context_with_address,
)
from neo4j.addressing import Address
from neo4j.exceptions import ConfigurationError
from neo4j.warnings import PreviewWarning


@pytest.mark.parametrize(
    ("uri", "driver_type", "security_type", "netloc"),
    [
        (
            "bolt://localhost",
            DRIVER_BOLT,
            SECURITY_TYPE_NOT_SECURE,
            "localhost",
        ),
        ("bolt://h:7687/", DRIVER_BOLT, SECURITY_TYPE_NOT_SECURE, "h:7687"),
        ("bolt+s://h", DRIVER_BOLT, SECURITY_TYPE_SECURE, "h"),
        (
            "bolt+ssc://h",
            DRIVER_BOLT,
            SECURITY_TYPE_SELF_SIGNED_CERTIFICATE,
            "h",
        ),
        ("neo4j://h?policy=eu", DRIVER_NEO4J, SECURITY_TYPE_NOT_SECURE, "h"),
        ("neo4j+s://h", DRIVER_NEO4J, SECURITY_TYPE_SECURE, "h"),
        (
            "neo4j+ssc://h:1",
            DRIVER_NEO4J,
            SECURITY_TYPE_SELF_SIGNED_CERTIFICATE,
            "h:1",
        ),
        (
            "bolt://[::1]:7687",
            DRIVER_BOLT,
            SECURITY_TYPE_NOT_SECURE,
            "[::1]:7687",
        ),
        ("BOLT://h", DRIVER_BOLT, SECURITY_TYPE_NOT_SECURE, "h"),
        ("bolt://h?", DRIVER_BOLT, SECURITY_TYPE_NOT_SECURE, "h"),
        # routing contexts are validated when the driver is built
        ("neo4j://h?a=1&a=2", DRIVER_NEO4J, SECURITY_TYPE_NOT_SECURE, "h"),
        ("neo4j://h?a=", DRIVER_NEO4J, SECURITY_TYPE_NOT_SECURE, "h"),
    ],
)
def test_parse_uri(
    uri: str, driver_type: str, security_type: str, netloc: str
) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = parse_neo4j_uri(uri)
    assert result[0] == driver_type
    assert result[1] == security_type
    assert result[2].netloc == netloc


@pytest.mark.parametrize(
    ("uri", "security_type"),
    [
        ("http://h", SECURITY_TYPE_NOT_SECURE),
        ("https://h", SECURITY_TYPE_SECURE),
    ],
)
def test_parse_http_uri_is_preview(uri: str, security_type: str) -> None:
    with pytest.warns(PreviewWarning, match="Query API/HTTP support"):
        result = parse_neo4j_uri(uri)
    assert result[:2] == (DRIVER_HTTP, security_type)


SUPPORTED = (
    "['bolt', 'bolt+ssc', 'bolt+s', 'neo4j', 'neo4j+ssc', 'neo4j+s', "
    "'http', 'https']"
)


@pytest.mark.parametrize(
    ("uri", "message"),
    [
        (
            "bolt+routing://h",
            "Uri scheme 'bolt+routing' has been renamed. Use 'neo4j'",
        ),
        (
            "foo://h",
            (
                "URI scheme 'foo' is not supported. "
                f"Supported URI schemes are "
                f"{SUPPORTED}. Examples: bolt://host[:port] or "
                "neo4j://host[:port][?routing_context]"
            ),
        ),
        (
            "h:7687",
            (
                f"URI scheme 'h' is not supported. Supported URI schemes are "
                f"{SUPPORTED}. Examples: bolt://host[:port] or "
                "neo4j://host[:port][?routing_context]"
            ),
        ),
        (
            "bolt://u:p@h",
            (
                "URI userinfo is not supported by direct drivers "
                '("bolt[+s[sc]]:'
                "//\" scheme). Given URI: 'bolt://u:p@h'."
            ),
        ),
        (
            "bolt://u@h",
            (
                "URI userinfo is not supported by direct drivers "
                '("bolt[+s[sc]]:'
                "//\" scheme). Given URI: 'bolt://u@h'."
            ),
        ),
        (
            "neo4j://:p@h",
            (
                "URI userinfo is not supported by routing drivers "
                "(\"neo4j[+s[sc]]://\" scheme). Given URI: 'neo4j://:p@h'."
            ),
        ),
        (
            "bolt://h?x=1",
            (
                "Routing context (providing URI query parameters) is not "
                'supported by direct drivers ("bolt[+s[sc]]://" scheme). '
                "Given URI: 'bolt://h?x=1'."
            ),
        ),
        (
            "bolt+s://h?a=1&a=2",
            (
                "Duplicated query parameters with key 'a', value '['1', '2']' "
                "found in query string 'a=1&a=2'"
            ),
        ),
    ],
)
def test_parse_uri_errors(uri: str, message: str) -> None:
    with pytest.raises(ConfigurationError) as info:
        parse_neo4j_uri(uri)
    assert str(info.value) == message


@pytest.mark.parametrize(
    ("uri", "message"),
    [
        (
            "http://h#f",
            (
                "URI fragment is not supported by Query API/HTTP drivers "
                '("http'
                "[s]://\" scheme). Given URI: 'http://h#f'."
            ),
        ),
        (
            "https://u@h",
            (
                "URI userinfo is not supported by Query API/HTTP drivers "
                '("http'
                "[s]://\" scheme). Given URI: 'https://u@h'."
            ),
        ),
        (
            "http://h?x=1",
            (
                "Routing context (providing URI query parameters) is not "
                'supported by Query API/HTTP drivers ("http[s]://" scheme). '
                "Given URI: 'http://h?x=1'."
            ),
        ),
    ],
)
def test_parse_http_uri_errors(uri: str, message: str) -> None:
    with (
        pytest.warns(PreviewWarning),
        pytest.raises(ConfigurationError) as info,
    ):
        parse_neo4j_uri(uri)
    assert str(info.value) == message


@pytest.mark.parametrize(
    ("uri", "message"),
    [
        (
            "neo4j://h/path",
            (
                "Creating routing drivers with "
                '("neo4j[+s[sc]]://" scheme) with '
                "URI path is deprecated. The path will be ignored. This will "
                "raise an error in a future release. Given URI: "
                "'neo4j://h/path'"
            ),
        ),
        (
            "bolt://h/p",
            (
                'Creating direct drivers with ("bolt[+s[sc]]://" scheme) with '
                "URI path is deprecated. The path will be ignored. This will "
                "raise an error in a future release. Given URI: 'bolt://h/p'"
            ),
        ),
        (
            "neo4j://h#frag",
            (
                "Creating routing drivers with "
                '("neo4j[+s[sc]]://" scheme) with '
                "URI fragment is deprecated. The fragments will be ignored. "
                "This will raise an error in a future release. Given URI: "
                "'neo4j://h#frag'"
            ),
        ),
    ],
)
def test_parse_uri_deprecations(uri: str, message: str) -> None:
    with pytest.warns(DeprecationWarning) as record:
        parse_neo4j_uri(uri)
    assert [str(w.message) for w in record] == [message]


def test_http_path_is_allowed() -> None:
    with pytest.warns(PreviewWarning):
        assert parse_neo4j_uri("http://h/db")[2].path == "/db"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("a=1&b=2", {"a": "1", "b": "2"}),
        ("policy=europe", {"policy": "europe"}),
        ("x=%20", {"x": " "}),
        ("a=1&&b=2", {"a": "1", "b": "2"}),
        ("", {}),
        (None, {}),
    ],
)
def test_parse_routing_context(
    query: str | None, expected: dict[str, str]
) -> None:
    assert parse_routing_context(query) == expected


@pytest.mark.parametrize(
    ("query", "message"),
    [
        (
            "a=1&a=2",
            (
                "Duplicated query parameters with key 'a', value '['1', '2']' "
                "found in query string 'a=1&a=2'"
            ),
        ),
        (
            "a=1&a=1",
            (
                "Duplicated query parameters with key 'a', value '['1', '1']' "
                "found in query string 'a=1&a=1'"
            ),
        ),
        ("a=", "Invalid parameters:'a=' in query string 'a='."),
        ("a", "Invalid parameters:'a=' in query string 'a'."),
        ("a=1&b", "Invalid parameters:'b=' in query string 'a=1&b'."),
        # a repeated key is reported before its blank value
        (
            "a=&a=1",
            (
                "Duplicated query parameters with key 'a', value '['', '1']' "
                "found in query string 'a=&a=1'"
            ),
        ),
        # keys are checked in the order they first appear
        (
            "b=&a=1&a=2",
            "Invalid parameters:'b=' in query string 'b=&a=1&a=2'.",
        ),
    ],
)
def test_parse_routing_context_errors(query: str, message: str) -> None:
    with pytest.raises(ConfigurationError) as info:
        parse_routing_context(query)
    assert str(info.value) == message


def test_routing_context_with_address() -> None:
    context = {"policy": "eu"}
    result = routing_context_with_address(
        Address(("::1", 7687, 0, 0)), context
    )
    assert result == {"policy": "eu", "address": "[::1]:7687"}
    assert context == {"policy": "eu"}
    assert routing_context_with_address(Address(("h", 1)), None) == {
        "address": "h:1"
    }
    with pytest.raises(ConfigurationError) as info:
        routing_context_with_address("h:1", {"address": "x"})
    assert str(info.value) == (
        "The key 'address' is reserved for routing context."
    )


@pytest.mark.parametrize("mode", ["READ", "WRITE"])
def test_check_access_mode(mode: str) -> None:
    assert check_access_mode(mode) == mode


@pytest.mark.parametrize("mode", ["r", "read", None, ""])
def test_check_access_mode_invalid(mode: str | None) -> None:
    with pytest.raises(ValueError) as info:
        check_access_mode(mode)
    assert str(info.value) == (
        f"Unsupported access mode {mode}, must be one of 'READ' or 'WRITE'."
    )
