# This file is generated from tests/stub/async_/test_hello_logon.py by bin/make-unasync; do not edit.
# make-unasync digest: 25517794c8d2d85ff70dd54ed8fe564dccf1102db0896991b775aa572ea57efa
"""What HELLO and LOGON carry on each protocol version (async twin).

``tests/stub/sync/test_hello_logon.py`` is generated from this file.  The
HELLO patterns are exact maps (no ``...``): a field the driver must not
send fails the script as surely as a missing one.  Expectations follow
the official driver 6.4.1:

* ``user_agent`` always; ``patch_bolt: ["utc"]`` on 4.4 only;
* ``bolt_agent`` (product, platform, language, language_details) from 5.3;
* ``routing`` (the URI's query plus ``address``) only for ``neo4j://``;
* notification filters from 5.2 (``notifications_disabled_categories``
  before 5.5, ``notifications_disabled_classifications`` from 5.5), a
  :class:`~neo4j.exceptions.ConfigurationError` before 5.2;
* the auth token in HELLO before 5.1, in LOGON from 5.1.
"""

from __future__ import annotations

import json
import re
import typing as t

import pytest

import neo4j
from neo4j import (
    NotificationDisabledClassification,
    NotificationMinimumSeverity,
)
from neo4j._sync.driver import Driver
from neo4j.exceptions import ConfigurationError
from tests.stub.server import StubServer, StubServers


MakeDriver = t.Callable[..., Driver]

VERSIONS = ["4.4", *(f"5.{minor}" for minor in range(9)), "6.0"]

BOLT_AGENT = (
    '"bolt_agent": {"product": *, "platform": *, "language": *, '
    '"language_details": *}'
)

BASIC = '"scheme": "basic", "principal": "neo4j", "credentials": "pass"'

QUERY = """\
C: RUN "RETURN 1 AS x" {} {"db": "neo4j"}
C: PULL {"n": 1000}
S: SUCCESS {"fields": ["x"]}
   RECORD [1]
   SUCCESS {"type": "r", "db": "neo4j"}
"""


def _num(version: str) -> tuple[int, int]:
    major, minor = version.split(".")
    return int(major), int(minor)


def _header(version: str) -> str:
    # 6.0 is only reachable through the manifest handshake
    manifest = "!: MANIFEST\n" if version == "6.0" else ""
    return f"!: BOLT {version}\n{manifest}!: AUTO RESET\n!: AUTO GOODBYE\n"


def _greeting(
    version: str,
    extra: t.Sequence[str] = (),
    auth: str = BASIC,
) -> str:
    """HELLO (exact) and, from 5.1, LOGON (exact) with their replies."""
    num = _num(version)
    fields = ['"user_agent": *', *extra]
    if num == (4, 4):
        fields.append('"patch_bolt": ["utc"]')
    if num >= (5, 3):
        fields.append(BOLT_AGENT)
    if num < (5, 1) and auth:
        fields.append(auth)
    script = (
        f"C: HELLO {{{', '.join(fields)}}}\n"
        f'S: SUCCESS {{"server": "Neo4j/{version}.0", '
        '"connection_id": "bolt-1"}\n'
    )
    if num >= (5, 1):
        script += f"C: LOGON {{{auth}}}\nS: SUCCESS {{}}\n"
    return script


def _query(driver: Driver) -> int:
    with driver.session(database="neo4j") as session:
        result = session.run("RETURN 1 AS x")
        record = result.single(strict=True)
    value = record["x"]
    assert isinstance(value, int)
    return value


def _hello_fields(server: StubServer) -> dict[str, t.Any]:
    """The HELLO map the client sent on the first connection."""
    for line in server.transcripts()[0]:
        if line.startswith("C: HELLO "):
            fields = json.loads(line[len("C: HELLO ") :])
            assert isinstance(fields, dict)
            return fields
    raise AssertionError("no HELLO in the transcript")


@pytest.mark.parametrize("version", VERSIONS)
def test_hello_and_logon_per_version(
    stub_server: StubServers, make_driver: MakeDriver, version: str
) -> None:
    server = stub_server.start(_header(version) + _greeting(version) + QUERY)
    driver = make_driver(server)
    assert _query(driver) == 1
    driver.close()
    server.done()
    hello = _hello_fields(server)
    user_agent = hello["user_agent"]
    assert re.fullmatch(r"neo4j-python/\S+ Python/\S+ \(\S+\)", user_agent)
    if _num(version) >= (5, 3):
        agent = hello["bolt_agent"]
        assert agent["product"].startswith("neo4j-python/")
        assert agent["product"] == user_agent.split(" ")[0]
        assert agent["language"].startswith("Python/")
        assert all(isinstance(value, str) for value in agent.values())


@pytest.mark.parametrize("version", ["4.4", "5.0", "5.2", "5.8"])
def test_custom_user_agent(
    stub_server: StubServers, make_driver: MakeDriver, version: str
) -> None:
    server = stub_server.start(
        _header(version)
        + _greeting(version).replace('"user_agent": *', '"user_agent": "a/1"')
        + QUERY
    )
    driver = make_driver(server, user_agent="a/1")
    assert _query(driver) == 1
    driver.close()
    server.done()
    if _num(version) >= (5, 3):
        # the bolt agent still names the driver, not the application
        product = _hello_fields(server)["bolt_agent"]["product"]
        assert product.startswith("neo4j-python/")


ROUTE = """\
C: ROUTE {"address": "${address}"${context}} [] {"db": "neo4j"}
S: SUCCESS {"rt": {"ttl": 1000, "db": "neo4j", "servers": [
     {"role": "ROUTE", "addresses": ["${address}"]},
     {"role": "READ", "addresses": ["${address}"]},
     {"role": "WRITE", "addresses": ["${address}"]}]}}
"""


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize(
    ("query", "context"),
    [
        ("", ""),
        ("?region=eu&policy=fast", ', "region": "eu", "policy": "fast"'),
    ],
    ids=["address", "query"],
)
def test_routing_context_for_neo4j_scheme(
    stub_server: StubServers,
    make_driver: MakeDriver,
    version: str,
    query: str,
    context: str,
) -> None:
    routing = f'"routing": {{"address": "${{address}}"{context}}}'
    server = stub_server.start(
        _header(version)
        + _greeting(version, [routing])
        + ROUTE
        + QUERY.replace('"neo4j"}', '"neo4j", "mode": "r"}', 1),
        context=context,
    )
    driver = neo4j.GraphDatabase.driver(
        server.uri("neo4j") + query, auth=("neo4j", "pass")
    )
    try:
        with driver.session(
            database="neo4j", default_access_mode=neo4j.READ_ACCESS
        ) as session:
            result = session.run("RETURN 1 AS x")
            assert (result.single(strict=True))["x"] == 1
    finally:
        driver.close()
    server.done()
    hello = _hello_fields(server)
    assert hello["routing"]["address"] == server.address


@pytest.mark.parametrize("version", ["4.4", "5.0", "5.1"])
def test_notification_filters_unsupported_before_5_2(
    stub_server: StubServers, make_driver: MakeDriver, version: str
) -> None:
    # the driver refuses after the handshake, before HELLO
    server = stub_server.start(f"!: BOLT {version}\n")
    driver = make_driver(server, notifications_min_severity="WARNING")
    with pytest.raises(ConfigurationError) as info:
        _query(driver)
    assert str(info.value) == (
        "Notification filtering is not supported for the Bolt Protocol "
        f"{version}. Server Agent 'None'"
    )
    driver.close()
    server.done()


def _disabled_key(version: str) -> str:
    if _num(version) >= (5, 5):
        return "notifications_disabled_classifications"
    return "notifications_disabled_categories"


@pytest.mark.parametrize("version", ["5.2", "5.4", "5.5", "5.8", "6.0"])
def test_notification_filters_in_hello(
    stub_server: StubServers, make_driver: MakeDriver, version: str
) -> None:
    key = _disabled_key(version)
    filters = [
        '"notifications_minimum_severity": "WARNING"',
        f'"{key}": ["HINT", "GENERIC"]',
    ]
    server = stub_server.start(
        _header(version) + _greeting(version, filters) + QUERY
    )
    driver = make_driver(
        server,
        notifications_min_severity=NotificationMinimumSeverity.WARNING,
        notifications_disabled_classifications=[
            NotificationDisabledClassification.HINT,
            "GENERIC",
        ],
    )
    assert _query(driver) == 1
    driver.close()
    server.done()


@pytest.mark.parametrize("version", ["5.2", "5.5"])
@pytest.mark.parametrize(
    ("config", "fields"),
    [
        (
            {"notifications_min_severity": "OFF"},
            ['"notifications_minimum_severity": "OFF"'],
        ),
        (
            {"notifications_min_severity": "INFORMATION"},
            ['"notifications_minimum_severity": "INFORMATION"'],
        ),
        ({"notifications_disabled_classifications": []}, ['"{key}": []']),
    ],
    ids=["off", "information", "empty"],
)
def test_notification_filter_variants_in_hello(
    stub_server: StubServers,
    make_driver: MakeDriver,
    version: str,
    config: dict[str, t.Any],
    fields: list[str],
) -> None:
    key = _disabled_key(version)
    fields = [field.replace("{key}", key) for field in fields]
    server = stub_server.start(
        _header(version) + _greeting(version, fields) + QUERY
    )
    driver = make_driver(server, **config)
    assert _query(driver) == 1
    driver.close()
    server.done()


def test_deprecated_disabled_categories_config(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    # the old config name still works (with a warning) and goes out under
    # the wire name of the negotiated version
    server = stub_server.start(
        _header("5.5")
        + _greeting(
            "5.5",
            ['"notifications_disabled_classifications": ["HINT"]'],
        )
        + QUERY
    )
    with pytest.warns(DeprecationWarning, match="disabled_categories"):
        driver = make_driver(
            server, notifications_disabled_categories=["HINT"]
        )
    assert _query(driver) == 1
    driver.close()
    server.done()


@pytest.mark.parametrize("version", ["4.4", "5.0", "5.1", "5.4", "6.0"])
@pytest.mark.parametrize(
    ("auth", "token"),
    [
        (("neo4j", "pass"), BASIC),
        (
            neo4j.basic_auth("u", "p", "realm1"),
            (
                '"scheme": "basic", "principal": "u", "credentials": "p", '
                '"realm": "realm1"'
            ),
        ),
        (neo4j.bearer_auth("tok"), '"scheme": "bearer", "credentials": "tok"'),
        (
            neo4j.kerberos_auth("ticket"),
            '"scheme": "kerberos", "principal": "", "credentials": "ticket"',
        ),
        (
            neo4j.custom_auth("p", "c", "r", "my-scheme", n=1),
            (
                '"scheme": "my-scheme", "principal": "p", "credentials": "c", '
                '"realm": "r", "parameters": {"n": 1}'
            ),
        ),
        (None, ""),
    ],
    ids=["basic", "basic-realm", "bearer", "kerberos", "custom", "none"],
)
def test_auth_token_placement(
    stub_server: StubServers,
    make_driver: MakeDriver,
    version: str,
    auth: t.Any,
    token: str,
) -> None:
    server = stub_server.start(
        _header(version) + _greeting(version, auth=token) + QUERY
    )
    driver = make_driver(server, auth=auth)
    assert _query(driver) == 1
    driver.close()
    server.done()
    hello = _hello_fields(server)
    if _num(version) >= (5, 1):
        assert not {"scheme", "principal", "credentials"} & set(hello)


def test_slow_greeting_is_bounded_by_the_acquisition_timeout(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    # a keep-alive chunk in the middle of a slow HELLO answer must not
    # restart the clock: the whole opening fits in the acquisition timeout
    server = stub_server.start(
        "!: BOLT 5.4\n!: AUTO LOGON\n!: AUTO GOODBYE\n!: AUTO RESET\n"
        "C: HELLO {...}\n"
        "S: <SLEEP 1.0>\n"
        "   <NOOP>\n"
        "   <SLEEP 1.0>\n"
        "   <EXIT>\n"
    )
    driver = make_driver(
        server,
        connection_acquisition_timeout=1.5,
        connection_timeout=30.0,
    )
    with driver.session(database="neo4j") as session:
        with pytest.raises(neo4j.exceptions.DriverError) as info:
            session.run("RETURN 1")
    # the official driver's type for a connection lost while greeting;
    # timed out at 1.5 s, before the server hangs up at 2 s
    assert type(info.value) is neo4j.exceptions.SessionExpired
    assert isinstance(info.value.__cause__, TimeoutError)
    driver.close()
    server.done()  # RUN never went out
