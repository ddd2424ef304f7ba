"""Self-tests of the stub server's pure parts: values, scripts, player.

No sockets here; see ``test_stub_server.py`` for the wire.
"""

from __future__ import annotations

import math
import typing as t

import pytest

from tests.stub.server import (
    PackError,
    Player,
    ScriptError,
    ScriptValueError,
    Struct,
    UnpackError,
    decode_varint,
    encode_varint,
    match,
    pack,
    pack_message,
    parse_script,
    parse_values,
    render,
    unpack_message,
)
from tests.stub.server._handshake import choose_classic, manifest_offer
from tests.stub.server._script import Action, Expect, Version
from tests.stub.server._values import concrete


def _one(text: str) -> t.Any:
    fields = parse_values(text)
    assert len(fields.items) == 1
    return fields.items[0]


def _value(text: str) -> t.Any:
    return concrete(_one(text))


# ---------------------------------------------------------------- values
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1", 1),
        ("-17", -17),
        ("1.0", 1.0),
        ("2e3", 2000.0),
        ('"a\\"b"', 'a"b'),
        ('"*"', "*"),
        ("true", True),
        ("false", False),
        ("null", None),
        ("Infinity", math.inf),
        ("-Infinity", -math.inf),
        ('b"00 ff 10"', b"\x00\xff\x10"),
        ("[1, [2], {}]", [1, [2], {}]),
        ('{"a": 1, "b": [true]}', {"a": 1, "b": [True]}),
        ('Node(1, ["L"], {}, "1")', Struct(0x4E, [1, ["L"], {}, "1"])),
        ("#7A(1, 2)", Struct(0x7A, [1, 2])),
        ("Date(19000)", Struct(0x44, [19000])),
        (
            'DateTimeZoneId(1, 2, "Europe/Paris")',
            Struct(0x69, [1, 2, "Europe/Paris"]),
        ),
        ("Point2D(7203, 1.0, 2.0)", Struct(0x58, [7203, 1.0, 2.0])),
    ],
)
def test_parse_concrete_values(text: str, expected: t.Any) -> None:
    value = _value(text)
    assert value == expected
    assert type(value) is type(expected)


def test_parse_nan() -> None:
    value = _value("NaN")
    assert isinstance(value, float)
    assert math.isnan(value)


def test_parse_several_fields() -> None:
    fields = parse_values('"RETURN 1" {} {"db": "x"}')
    assert concrete(fields) == ["RETURN 1", {}, {"db": "x"}]
    assert parse_values("").items == []


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[1, 2", "expected ']'"),
        ('{"a" 1}', "expected ':'"),
        ("{a: 1}", "expected a quoted map key"),
        ("Nodes(1)", "unknown name 'Nodes'"),
        ('b"0g"', "bad hex in byte string"),
        ('{"a": 1, "a": 2}', "duplicate map key 'a'"),
        ("... 1", "'...' must be the last field"),
        ("[..., 1]", "expected ']'"),
        ("@", "unexpected character '@'"),
    ],
)
def test_parse_errors(text: str, message: str) -> None:
    with pytest.raises(ScriptValueError, match=message):
        parse_values(text)


@pytest.mark.parametrize(
    "text", ["*", "[1, ...]", '{"a": 1, ...}', '{"a"?: 1}', "Node(*)"]
)
def test_patterns_are_not_concrete(text: str) -> None:
    with pytest.raises(ScriptValueError):
        concrete(_one(text))


@pytest.mark.parametrize(
    ("pattern", "value"),
    [
        ("*", None),
        ("*", {"x": [1]}),
        ('{"a": *}', {"a": 3}),
        ('{"a": 1, ...}', {"a": 1, "b": 2, "c": 3}),
        ('{"a"?: 1}', {}),
        ('{"a"?: 1}', {"a": 1}),
        ("[1, ...]", [1]),
        ("[1, ...]", [1, 2, 3]),
        ("Node(*, *, *, *)", Struct(0x4E, [1, [], {}, "1"])),
        ("Node(1, ...)", Struct(0x4E, [1, [], {}, "1"])),
        ("NaN", math.nan),
        ('b"01"', b"\x01"),
    ],
)
def test_match_accepts(pattern: str, value: t.Any) -> None:
    assert match(_one(pattern), value) is None


@pytest.mark.parametrize(
    ("pattern", "value", "problem"),
    [
        ("1", 1.0, "value: expected 1, got 1.0"),
        ("1", True, "value: expected 1, got true"),
        ("1.0", 1, "value: expected 1.0, got 1"),
        ("false", 0, "value: expected false, got 0"),
        ('"*"', "x", 'value: expected "*", got "x"'),
        ('{"a": 1}', {}, 'value: missing key "a"'),
        ('{"a": 1}', {"a": 1, "b": 2}, 'value: unexpected key(s) "b"'),
        ('{"a"?: 1}', {"a": 2}, 'value["a"]: expected 1, got 2'),
        (
            '{"a": {"b": [1, 2]}}',
            {"a": {"b": [1, 3]}},
            'value["a"]["b"][1]: expected 2, got 3',
        ),
        ("[1, 2]", [1], "value: expected 2 item(s), got 1: [1]"),
        ("[1, ...]", [], "value: expected 1 or more item(s), got 0: []"),
        ("{}", [], "value: expected a map, got []"),
        (
            "Node(1)",
            Struct(0x52, [1]),
            "value: expected Node(...), got Relationship(1)",
        ),
    ],
)
def test_match_rejects_with_diff(
    pattern: str, value: t.Any, problem: str
) -> None:
    assert match(_one(pattern), value) == problem


def test_render_round_trips() -> None:
    text = (
        '[null, true, 1, -2.5, "x", b"00 01", {"k": [1]}, '
        'Node(1, ["L"], {}, "1"), #7A(NaN, Infinity)]'
    )
    assert render(_value(text)) == text
    assert render(_one('{"a": *, "b"?: 1, ...}')) == '{"a": *, "b"?: 1, ...}'


# ------------------------------------------------------------ packstream
@pytest.mark.parametrize(
    ("value", "encoded"),
    [
        (None, "C0"),
        (True, "C3"),
        (False, "C2"),
        (1, "01"),
        (-16, "F0"),
        (-17, "C8 EF"),
        (128, "C9 00 80"),
        (-32769, "CA FF FF 7F FF"),
        (2**31, "CB 00 00 00 00 80 00 00 00"),
        (1.5, "C1 3F F8 00 00 00 00 00 00"),
        ("a", "81 61"),
        ("x" * 16, "D0 10" + " 78" * 16),
        (b"\x01", "CC 01 01"),
        ([1, "a"], "92 01 81 61"),
        ({"a": 1}, "A1 81 61 01"),
        (Struct(0x4E, [1]), "B1 4E 01"),
    ],
)
def test_pack_exact_bytes(value: t.Any, encoded: str) -> None:
    out = bytearray()
    pack(out, value)
    assert out == bytes.fromhex(encoded)
    tag, fields = unpack_message(bytes.fromhex("B1 00") + out)
    assert (tag, fields) == (0, [value])


def test_pack_errors() -> None:
    with pytest.raises(PackError, match="int64"):
        pack(bytearray(), 2**63)
    with pytest.raises(PackError, match="map key is not a string"):
        pack(bytearray(), {1: 2})
    with pytest.raises(PackError, match="cannot pack object"):
        pack(bytearray(), object())


def test_pack_message_chunks_large_messages() -> None:
    data = pack_message(0x71, [["x" * 70000]])
    first = int.from_bytes(data[:2], "big")
    assert first == 0xFFFF
    second = int.from_bytes(data[2 + first : 4 + first], "big")
    assert 2 + first + 2 + second + 2 == len(data)
    assert data.endswith(b"\x00\x00")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("B1 70", "truncated"),
        ("B0 70 01", "trailing"),
        ("01", "not a structure"),
        ("B1 70 C7", "unknown marker 0xC7"),
        ("B1 70 A1 01 01", "map key is not a string"),
    ],
)
def test_unpack_errors(data: str, message: str) -> None:
    with pytest.raises(UnpackError, match=message):
        unpack_message(bytes.fromhex(data))


# ------------------------------------------------------------- handshake
@pytest.mark.parametrize("value", [0, 1, 127, 128, 300, 2**35])
def test_varint_round_trip(value: int) -> None:
    encoded = encode_varint(value)
    assert decode_varint(encoded + b"\xff") == (value, len(encoded))


def test_varint_bytes() -> None:
    assert encode_varint(300) == b"\xac\x02"
    assert decode_varint(b"\x80") is None


def test_choose_classic_first_matching_slot_highest_version() -> None:
    versions = [Version(5, 4), Version(5, 2), Version(4, 4)]
    # slot 1: 5.8 down to 5.0; slot 2: 4.4
    proposal = bytes.fromhex("00080805 00000404 00000000 00000000")
    assert choose_classic(proposal, versions) == (5, 4)
    proposal = bytes.fromhex("00000404 00080805 00000000 00000000")
    assert choose_classic(proposal, versions) == (4, 4)
    proposal = bytes.fromhex("00020305 00000000 00000000 00000000")
    assert choose_classic(proposal, versions) == (5, 2)
    proposal = bytes.fromhex("00000006 00000003 00000000 00000000")
    assert choose_classic(proposal, versions) is None


def test_manifest_offer_bytes() -> None:
    versions = [Version(5, 8, 8), Version(4, 4)]
    assert manifest_offer(versions, 0) == bytes.fromhex(
        "000001FF 02 00080805 00000404 00"
    )


# --------------------------------------------------------------- scripts
def _player(body: str) -> Player:
    return Player(parse_script("!: BOLT 5.4\n" + body))


def _feed(player: Player, line: str) -> bool:
    name, _, rest = line.partition(" ")
    tags = {"HELLO": 1, "RESET": 0x0F, "RUN": 0x10, "PULL": 0x3F, "GOODBYE": 2}
    return player.feed(tags[name], concrete(parse_values(rest)))


def test_script_header() -> None:
    script = parse_script(
        "# a comment\n"
        "!: BOLT 5.0-5.8 4.4\n"
        "!: MANIFEST\n"
        "!: CAPABILITIES 3\n"
        "!: AUTO RESET\n"
        "!: AUTO GOODBYE <NONE>\n"
        '!: AUTO HELLO SUCCESS {"server": "x"}\n'
        "!: ALLOW CONCURRENT\n"
        "!: HANDSHAKE DELAY 0.25\n"
    )
    assert script.versions == [Version(5, 8, 8), Version(4, 4)]
    assert script.manifest
    assert script.capabilities == 3
    assert script.concurrent
    assert script.handshake_delay == 0.25
    assert script.auto[0x0F] is None
    assert script.auto[0x02] == []
    hello = script.auto[0x01]
    assert hello is not None
    assert hello[0].fields == [{"server": "x"}]
    assert script.body == []


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("C: RESET", "missing '!: BOLT <version>'"),
        ("!: BOLT 5", "bad Bolt version '5'"),
        ("!: BOLT 5.4-4.4", "bad version range"),
        ("!: BOLT 5.4\n!: FOO", "line 2: unknown header line"),
        ("!: BOLT 5.4\nC: RESET\n!: AUTO RESET", "must come first"),
        ("!: BOLT 5.4\nC: FROB", "line 2: unknown client message 'FROB'"),
        ("!: BOLT 5.4\nC: RESET\nS: FROB", "unknown server message"),
        ('!: BOLT 5.4\nC: RESET\nS: SUCCESS {"a": *}', "'\\*' is not"),
        ("!: BOLT 5.4\nC: RESET\nS: <SLEEP x>", "bad duration"),
        ("!: BOLT 5.4\nC: RESET\nS: <BOOM>", "bad server action"),
        ("!: BOLT 5.4\n?{\nC: RESET", "line 2: block is never closed"),
        ("!: BOLT 5.4\n}", "'}' without a block"),
        (
            "!: BOLT 5.4\n?{\nC: HELLO\n}|{\nC: RESET\n}",
            "line 4: '}|{' outside",
        ),
        ("!: BOLT 5.4\n?{\nS: SUCCESS {}\n}", "must start with a client"),
        (
            "!: BOLT 5.4\nC: RESET\n?C: RESET\n}",
            "'}' without a block",
        ),
        (
            "!: BOLT 5.4\nC: RESET\n*{\nC: RESET\n}\nS: SUCCESS {}",
            "line 6: a server line cannot follow an optional",
        ),
        ("!: BOLT 5.4\nC: RESET\nS: <EXIT>\nC: RESET", "unreachable"),
        ("!: BOLT 5.4\nC: RUN [1,\n", "unclosed bracket"),
        ("!: BOLT 5.4\nC: RUN {a}", "line 2: expected a quoted map key"),
        ("!: BOLT 5.4\nRESET", "line 2: cannot parse 'RESET'"),
    ],
)
def test_script_errors(text: str, message: str) -> None:
    with pytest.raises(ScriptError, match=message):
        parse_script(text)


def test_script_continuations() -> None:
    script = parse_script(
        "!: BOLT 5.4\n"
        "C: RUN {\n"
        '    "a": 1,\n'
        '    "b": "}"\n'
        "  }\n"
        "S: SUCCESS {}\n"
        "   RECORD [1]\n"
    )
    expect, first, second = script.body
    assert isinstance(expect, Expect)
    assert isinstance(first, Action) and isinstance(second, Action)
    assert render(concrete(expect.fields)) == '[{"a": 1, "b": "}"}]'
    assert first.line == 6 and second.line == 7
    assert second.fields == [[1]]


def test_player_sequence_and_actions() -> None:
    player = _player("C: HELLO\nS: SUCCESS {}\nS: <SLEEP 0.5>\nC: RESET\n")
    assert player.take_actions() == []
    assert not _feed(player, "RESET")
    assert _feed(player, "HELLO")
    assert [a.kind for a in player.take_actions()] == ["message", "sleep"]
    assert not player.can_end
    assert _feed(player, "RESET")
    assert player.finished and player.can_end


def test_player_optional_line_carries_its_replies() -> None:
    player = _player("?C: HELLO\nS: SUCCESS {}\nC: RESET\n")
    assert [e.name for e in player.expected()] == ["HELLO", "RESET"]
    assert _feed(player, "HELLO")
    assert len(player.take_actions()) == 1
    assert _feed(player, "RESET")
    player = _player("?C: HELLO\nS: SUCCESS {}\nC: RESET\n")
    assert _feed(player, "RESET")
    assert player.take_actions() == []
    assert player.finished


def test_player_repeat_star_and_plus() -> None:
    player = _player("*C: HELLO\nC: RESET\n")
    assert _feed(player, "RESET")
    player = _player("*C: HELLO\nC: RESET\n")
    for _ in range(3):
        assert _feed(player, "HELLO")
    assert _feed(player, "RESET")
    player = _player("+C: HELLO\nC: RESET\n")
    assert not _feed(player, "RESET")
    assert _feed(player, "HELLO")
    assert _feed(player, "HELLO")
    assert _feed(player, "RESET")


def test_player_repeated_block() -> None:
    player = _player(
        'C: RUN "q"\n+{\nC: PULL {"n": 2}\nS: RECORD [1]\n}\nC: RESET\n'
    )
    assert _feed(player, 'RUN "q"')
    for _ in range(2):
        assert _feed(player, 'PULL {"n": 2}')
        assert [a.fields for a in player.take_actions()] == [[[1]]]
    assert _feed(player, "RESET")
    assert player.finished


def test_player_alternatives() -> None:
    body = (
        "|{\nC: HELLO\nS: SUCCESS {}\n}|{\nC: RESET\nS: FAILURE {}\n}\n"
        "S: <NOOP>\nC: GOODBYE\n"
    )
    player = _player(body)
    assert [e.line for e in player.expected()] == [3, 6]
    assert _feed(player, "RESET")
    assert [a.tag for a in player.take_actions()] == [0x7F, 0]
    assert _feed(player, "GOODBYE")
    player = _player(body)
    assert _feed(player, "HELLO")
    assert [a.tag for a in player.take_actions()] == [0x70, 0]


def test_player_can_end_with_optional_tail() -> None:
    player = _player("C: HELLO\n?C: GOODBYE\n")
    assert (player.can_end, player.finished) == (False, False)
    assert _feed(player, "HELLO")
    assert (player.can_end, player.finished) == (True, False)


def test_player_explain() -> None:
    player = _player('C: RUN "RETURN 1" {} {"db": "x"}\n?C: GOODBYE\n')
    text = player.explain(0x10, ["RETURN 1", {}, {"db": "y"}])
    assert text == (
        '  received: C: RUN "RETURN 1" {} {"db": "y"}\n'
        "  expected:\n"
        '    line 2: C: RUN "RETURN 1" {} {"db": "x"}\n'
        '      difference: fields[2]["db"]: expected "x", got "y"'
    )
    assert _feed(player, 'RUN "RETURN 1" {} {"db": "x"}')
    assert player.explain(0x0F, []) == (
        "  received: C: RESET\n"
        "  expected:\n"
        "    line 3: ?C: GOODBYE\n"
        "      difference: message is RESET, not GOODBYE\n"
        "  (the script could also end here)"
    )
    assert _feed(player, "GOODBYE")
    assert player.explain(0x0F, []) == (
        "  received: C: RESET\n  expected: nothing (the script is finished)"
    )
