from __future__ import annotations

import typing as t

import pytest

from neo4j._bolt.messages import redact_auth, tx_timeout_as_ms
from neo4j._bolt.protocol import PROTOCOL_CLASSES
from neo4j._meta import BOLT_AGENT_DICT
from neo4j.exceptions import ConfigurationError
from tests.unit.common.bolt._helpers import make, sent, success


V5 = [(5, m) for m in range(9)]
ALL = [(4, 4), *V5, (6, 0)]

AUTH = {"scheme": "basic", "principal": "neo4j", "credentials": "pass"}


def h(text: str) -> bytes:
    return bytes.fromhex(text)


def s(text: str) -> str:
    """hex of a tiny string (< 16 bytes) incl. marker"""
    raw = text.encode()
    return f"{0x80 + len(raw):02X}" + raw.hex()


# -- exact bytes --------------------------------------------------------------


def test_hello_4_4_exact_bytes() -> None:
    conn = PROTOCOL_CLASSES[(4, 4)](user_agent="ua", auth={"scheme": "none"})
    conn.hello()
    body = (
        "B101 A3"
        + s("user_agent") + s("ua")
        + s("patch_bolt") + "91" + s("utc")
        + s("scheme") + s("none")
    )  # fmt: skip
    n = len(h(body))
    assert conn.take_outgoing() == h(f"{n:04X}" + body + "0000")


def test_hello_5_1_exact_bytes_then_logon() -> None:
    conn = PROTOCOL_CLASSES[(5, 1)](user_agent="ua", auth=AUTH)
    conn.hello()
    hello = "B101 A1" + s("user_agent") + s("ua")
    logon = (
        "B16A A3"
        + s("scheme") + s("basic")
        + s("principal") + s("neo4j")
        + s("credentials") + s("pass")
    )  # fmt: skip
    assert conn.take_outgoing() == h(
        f"{len(h(hello)):04X}" + hello + "0000"
        + f"{len(h(logon)):04X}" + logon + "0000"
    )  # fmt: skip
    assert conn.pending_count == 2


@pytest.mark.parametrize("version", ALL)
def test_simple_messages_exact_bytes(version: tuple[int, int]) -> None:
    conn = make(version)
    conn.begin(mode="r")
    conn.run("RETURN 1")
    conn.pull()
    conn.pull(n=1000, qid=7)
    conn.discard(n=-1)
    conn.commit()
    conn.rollback()
    conn.reset()
    conn.goodbye()
    assert conn.take_outgoing() == h(
        "000A B111 A1" + s("mode") + s("r") + "0000"
        "000D B310" + s("RETURN 1") + "A0 A0 0000"
        "0006 B13F A1" + s("n") + "FF 0000"
        "000D B13F A2" + s("n") + "C903E8" + s("qid") + "07 0000"
        "0006 B12F A1" + s("n") + "FF 0000"
        "0002 B012 0000"
        "0002 B013 0000"
        "0002 B00F 0000"
        "0002 B002 0000"
    )


@pytest.mark.parametrize("version", ALL)
def test_route_exact_bytes(version: tuple[int, int]) -> None:
    conn = make(version, routing_context={"address": "a:1"})
    conn.route("neo4j", None, ["bm"])
    body = (
        "B366 A1" + s("address") + s("a:1")
        + "91" + s("bm")
        + "A1" + s("db") + s("neo4j")
    )  # fmt: skip
    assert conn.take_outgoing() == h(f"{len(h(body)):04X}" + body + "0000")
    conn.route(imp_user="bob")
    assert sent(conn) == [
        (0x66, [{"address": "a:1"}, [], {"imp_user": "bob"}])
    ]


def test_telemetry_exact_bytes() -> None:
    conn = make((5, 4), ready=False)
    conn.hello()
    conn.take_outgoing()
    conn.feed(success({"hints": {"telemetry.enabled": True}}) + success())
    assert conn.telemetry_enabled
    response = conn.telemetry(2)
    assert response is not None
    assert conn.take_outgoing() == h("0003 B154 02 0000")


def test_logoff_logon_exact_bytes() -> None:
    conn = make((5, 1), auth=AUTH)
    conn.reauth({"scheme": "bearer", "credentials": "tok"})
    body = "B16A A2" + s("scheme") + s("bearer") + s("credentials") + s("tok")
    assert conn.take_outgoing() == h(
        "0002 B06B 0000" + f"{len(h(body)):04X}" + body + "0000"
    )
    assert conn.auth == {"scheme": "bearer", "credentials": "tok"}


# -- HELLO per version --------------------------------------------------------


def _hello(version: tuple[int, int], **kwargs: t.Any) -> list[t.Any]:
    kwargs.setdefault("user_agent", "ua/1")
    conn = PROTOCOL_CLASSES[version](auth=AUTH, **kwargs)
    conn.hello()
    return sent(conn)


def test_hello_4_4() -> None:
    assert _hello((4, 4), routing_context={"region": "eu"}) == [
        (
            0x01,
            [
                {
                    "user_agent": "ua/1",
                    "routing": {"region": "eu"},
                    "patch_bolt": ["utc"],
                    **AUTH,
                }
            ],
        )
    ]


def test_hello_5_0() -> None:
    assert _hello((5, 0)) == [(0x01, [{"user_agent": "ua/1", **AUTH}])]


def test_hello_5_1_and_5_2() -> None:
    expected = [(0x01, [{"user_agent": "ua/1"}]), (0x6A, [AUTH])]
    assert _hello((5, 1)) == expected
    assert _hello((5, 2)) == expected


def test_hello_5_2_filters() -> None:
    assert _hello(
        (5, 2),
        notifications_min_severity="WARNING",
        notifications_disabled_classifications=["HINT", "GENERIC"],
    )[0] == (
        0x01,
        [
            {
                "user_agent": "ua/1",
                "notifications_minimum_severity": "WARNING",
                "notifications_disabled_categories": ["HINT", "GENERIC"],
            }
        ],
    )


@pytest.mark.parametrize("version", [(5, 3), (5, 4)])
def test_hello_bolt_agent(version: tuple[int, int]) -> None:
    assert _hello(version)[0] == (
        0x01,
        [{"user_agent": "ua/1", "bolt_agent": BOLT_AGENT_DICT}],
    )


@pytest.mark.parametrize("version", [(5, 5), (5, 6), (5, 7), (5, 8), (6, 0)])
def test_hello_classification_filter_name(version: tuple[int, int]) -> None:
    assert _hello(
        version,
        notifications_min_severity="OFF",
        notifications_disabled_classifications=[],
        routing_context={},
    )[0] == (
        0x01,
        [
            {
                "user_agent": "ua/1",
                "routing": {},
                "notifications_minimum_severity": "OFF",
                "notifications_disabled_classifications": [],
                "bolt_agent": BOLT_AGENT_DICT,
            }
        ],
    )


def test_default_user_agent() -> None:
    from neo4j._meta import USER_AGENT

    conn = PROTOCOL_CLASSES[(5, 0)]()
    conn.hello()
    assert sent(conn)[0][1][0]["user_agent"] == USER_AGENT


def test_enum_filters_sent_as_plain_strings() -> None:
    import enum

    class Sev(str, enum.Enum):
        WARNING = "WARNING"

    class Cls(str, enum.Enum):
        HINT = "HINT"

    conn = make((5, 6), ready=True)
    conn.run(
        "X",
        notifications_min_severity=Sev.WARNING,
        notifications_disabled_classifications=[Cls.HINT],
    )
    ((_tag, fields),) = sent(conn)
    extra = fields[2]
    assert extra == {
        "notifications_minimum_severity": "WARNING",
        "notifications_disabled_classifications": ["HINT"],
    }
    assert type(extra["notifications_minimum_severity"]) is str


@pytest.mark.parametrize("version", [(4, 4), (5, 0), (5, 1)])
def test_filters_unsupported(version: tuple[int, int]) -> None:
    name = "{}.{}".format(*version)
    conn = PROTOCOL_CLASSES[version](notifications_min_severity="OFF")
    with pytest.raises(ConfigurationError) as exc_info:
        conn.hello()
    assert str(exc_info.value) == (
        "Notification filtering is not supported for the Bolt Protocol "
        f"{name}. Server Agent 'None'"
    )
    assert conn.take_outgoing() == b""
    conn = make(version)
    for method in (conn.run, conn.begin):
        with pytest.raises(ConfigurationError) as exc_info:
            if method is conn.run:
                conn.run("X", notifications_disabled_classifications=[])
            else:
                conn.begin(notifications_min_severity="WARNING")
        assert str(exc_info.value) == (
            "Notification filtering is not supported for the Bolt "
            f"Protocol {name}. Server Agent 'Neo4j/5.26.0'"
        )
    assert conn.take_outgoing() == b""
    assert conn.pending_count == 0


@pytest.mark.parametrize("version", [(4, 4), (5, 0)])
def test_re_auth_unsupported(version: tuple[int, int]) -> None:
    conn = make(version)
    name = "{}.{}".format(*version)
    for call in (conn.logoff, lambda: conn.logon(AUTH)):
        with pytest.raises(ConfigurationError) as exc_info:
            call()
        assert str(exc_info.value) == (
            f"User switching is not supported for Bolt Protocol {name}. "
            "Server Agent 'Neo4j/5.26.0'"
        )
    assert conn.take_outgoing() == b""


# -- RUN / BEGIN extras -------------------------------------------------------


@pytest.mark.parametrize("version", ALL)
def test_run_extras(version: tuple[int, int]) -> None:
    conn = make(version)
    conn.run(
        "RETURN $x",
        {"x": 1},
        mode="r",
        bookmarks=iter(["bm1", "bm2"]),
        metadata={"app": "t"},
        timeout=1.5,
        db="movies",
        imp_user="bob",
    )
    assert sent(conn) == [
        (
            0x10,
            [
                "RETURN $x",
                {"x": 1},
                {
                    "mode": "r",
                    "db": "movies",
                    "imp_user": "bob",
                    "bookmarks": ["bm1", "bm2"],
                    "tx_metadata": {"app": "t"},
                    "tx_timeout": 1500,
                },
            ],
        )
    ]
    assert conn.last_database == "movies"


@pytest.mark.parametrize("version", ALL)
def test_begin_extras(version: tuple[int, int]) -> None:
    conn = make(version)
    conn.begin(mode="READ", bookmarks=["bm"], timeout=0, db="x")
    assert sent(conn) == [
        (
            0x11,
            [{"mode": "r", "db": "x", "bookmarks": ["bm"], "tx_timeout": 0}],
        )
    ]
    conn.begin(mode="w", bookmarks=[], metadata={}, db="")
    assert sent(conn) == [(0x11, [{}])]


def test_run_in_tx_keeps_last_database() -> None:
    conn = make((5, 0))
    conn.begin(db="a")
    conn.run("X", db="b")
    assert conn.last_database == "a"
    conn.commit()
    conn.run("X", db="c")
    assert conn.last_database == "c"


@pytest.mark.parametrize(
    ("version", "key"),
    [
        ((5, 2), "notifications_disabled_categories"),
        ((5, 4), "notifications_disabled_categories"),
        ((5, 5), "notifications_disabled_classifications"),
        ((5, 6), "notifications_disabled_classifications"),
        ((6, 0), "notifications_disabled_classifications"),
    ],
)
def test_filters_in_run_and_begin(version: tuple[int, int], key: str) -> None:
    conn = make(version)
    conn.begin(
        notifications_min_severity="INFORMATION",
        notifications_disabled_classifications=("HINT",),
    )
    conn.run("X", notifications_min_severity="OFF")
    assert sent(conn) == [
        (
            0x11,
            [{"notifications_minimum_severity": "INFORMATION", key: ["HINT"]}],
        ),
        (0x10, ["X", {}, {"notifications_minimum_severity": "OFF"}]),
    ]


def test_bookmarks_not_iterable() -> None:
    conn = make((5, 0))
    with pytest.raises(TypeError, match=r"^Bookmarks must be provided as"):
        conn.run("X", bookmarks=1)  # type: ignore[arg-type]
    conn = make((4, 4))
    with pytest.raises(TypeError, match=r"^Bookmarks must be provided within"):
        conn.begin(bookmarks=1)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"^Metadata must be coercible"):
        conn.begin(metadata=[1])  # type: ignore[arg-type]
    assert conn.take_outgoing() == b""
    assert conn.pending_count == 0


def test_unencodable_parameter_leaves_nothing_queued() -> None:
    conn = make((5, 0))
    conn.pull()
    before = bytes(conn._out)
    with pytest.raises(TypeError, match="parameters"):
        conn.run("X", {"x": object()})
    assert bytes(conn._out) == before
    assert conn.pending_count == 1


def test_pull_qid_omitted_for_latest() -> None:
    conn = make((5, 0))
    conn.begin()
    conn.run("X")
    conn.take_outgoing()
    conn.feed(success() + success({"fields": [], "qid": 3}))
    assert conn.most_recent_qid == 3
    conn.pull(n=10, qid=3)
    conn.discard(qid=2)
    assert sent(conn) == [(0x3F, [{"n": 10}]), (0x2F, [{"n": -1, "qid": 2}])]


def test_stream_messages_from_the_frame_cache_match_fresh_ones() -> None:
    # PULL/DISCARD are framed once per (message, n, qid sent) and reused:
    # the second round must be byte for byte what the first sent, also
    # once the latest qid makes the qid go unsent
    rounds = []
    for _ in range(2):
        conn = make((5, 0))
        conn.begin()
        conn.run("X")
        conn.take_outgoing()
        conn.feed(success() + success({"fields": [], "qid": 4}))
        conn.pull(n=7, qid=4)
        conn.pull(n=7, qid=2)
        conn.discard(n=7, qid=2)
        conn.pull(n=True, qid=2)  # not an int: encoded as given
        rounds.append(bytes(conn.take_outgoing()))
    assert rounds[0] == rounds[1]
    again = make((5, 0))
    again._out += rounds[0]
    assert sent(again) == [
        (0x3F, [{"n": 7}]),
        (0x3F, [{"n": 7, "qid": 2}]),
        (0x2F, [{"n": 7, "qid": 2}]),
        (0x3F, [{"n": True, "qid": 2}]),
    ]
    legacy = make((3, 0))
    legacy.pull(n=7)
    legacy.pull(n=9)
    assert sent(legacy) == [(0x3F, []), (0x3F, [])]


# -- tx_timeout ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("seconds", "ms"),
    [
        (0, 0),
        (0.0, 0),
        (1e-9, 1),
        (0.0004, 1),
        (0.0005, 1),
        (0.0015, 2),
        (0.0025, 2),  # half to even
        (0.0035, 4),
        (1, 1000),
        (1.2345, 1234),
        (3600, 3_600_000),
    ],
)
def test_tx_timeout_as_ms(seconds: float, ms: int) -> None:
    assert tx_timeout_as_ms(seconds) == ms


def test_tx_timeout_invalid() -> None:
    with pytest.raises(ValueError, match=r"^Timeout must be a positive"):
        tx_timeout_as_ms(-0.001)
    with pytest.raises(ValueError, match=r"^Timeout must be a positive"):
        tx_timeout_as_ms(float("nan"))
    with pytest.raises(TypeError, match=r"^Timeout must be specified"):
        tx_timeout_as_ms(None)
    with pytest.raises(ValueError, match=r"^Timeout must be specified"):
        tx_timeout_as_ms("abc")
    conn = make((5, 0))
    with pytest.raises(ValueError):
        conn.run("X", timeout=-1)
    assert conn.pending_count == 0


# -- redaction ----------------------------------------------------------------


def test_redact_auth() -> None:
    shown = redact_auth(
        {
            "user_agent": "ua",
            "scheme": "basic",
            "principal": "neo4j",
            "credentials": "secret",
            "parameters": {"token": "secret2"},
        }
    )
    assert shown == {
        "user_agent": "ua",
        "scheme": "basic",
        "principal": "neo4j",
        "credentials": "*******",
        "parameters": {"token": "*******"},
    }
    assert "secret" not in repr(shown)


def test_reprs_hide_credentials() -> None:
    conn = make((5, 1), auth=AUTH)
    assert "pass" not in repr(conn)
    assert repr(conn) == "<Bolt5x1 #0ABC Bolt 5.1 READY>"
