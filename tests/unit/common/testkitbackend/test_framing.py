from __future__ import annotations

import json

import pytest

from testkitbackend._framing import (
    ProtocolError,
    Request,
    RequestAssembler,
    encode_response,
    parse_request,
)


def test_assembler_returns_request_text_at_end_marker() -> None:
    assembler = RequestAssembler()
    assert assembler.feed("#request begin\n") is None
    assert assembler.feed('{"name": "GetFeatures",\n') is None
    assert assembler.feed(' "data": {}}\n') is None
    assert assembler.feed("#request end\n") == (
        '{"name": "GetFeatures",\n "data": {}}'
    )


def test_assembler_ignores_lines_outside_requests() -> None:
    assembler = RequestAssembler()
    assert assembler.feed("some log line\n") is None
    assert assembler.feed("#request begin\r\n") is None
    assert assembler.feed("{}\r\n") is None
    assert assembler.feed("#request end\r\n") == "{}"


def test_assembler_can_be_reused() -> None:
    assembler = RequestAssembler()
    for text in ("1", "2"):
        assembler.feed("#request begin")
        assembler.feed(text)
        assert assembler.feed("#request end") == text


def test_assembler_rejects_nested_begin() -> None:
    assembler = RequestAssembler()
    assembler.feed("#request begin")
    with pytest.raises(ProtocolError, match="inside a request"):
        assembler.feed("#request begin")


def test_assembler_rejects_stray_end() -> None:
    with pytest.raises(ProtocolError, match="outside a request"):
        RequestAssembler().feed("#request end")


def test_parse_request() -> None:
    name, data = parse_request(
        '{"name": "NewSession", "data": {"driverId": 3, "x": {"y": 1}}}'
    )
    assert name == "NewSession"
    assert isinstance(data, Request)
    assert isinstance(data["x"], Request)
    assert data == {"driverId": 3, "x": {"y": 1}}


def test_parse_request_without_data() -> None:
    name, data = parse_request('{"name": "GetFeatures"}')
    assert (name, data) == ("GetFeatures", {})
    assert isinstance(data, Request)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{", "not valid JSON"),
        ("[1]", "not a JSON object"),
        ('{"data": {}}', "no string 'name'"),
        ('{"name": 1}', "no string 'name'"),
        ('{"name": "X", "data": [1]}', "X: 'data' is not a JSON object"),
    ],
)
def test_parse_request_rejects(text: str, message: str) -> None:
    with pytest.raises(ProtocolError, match=message):
        parse_request(text)


def test_encode_response_exact_bytes() -> None:
    assert encode_response("Driver", {"id": 1}) == (
        b"#response begin\n"
        b'{"name": "Driver", "data": {"id": 1}}\n'
        b"#response end\n"
    )


def test_encode_response_keeps_unicode_on_one_line() -> None:
    raw = encode_response("X", {"s": "h\u00e9\nllo"})
    lines = raw.split(b"\n")
    assert len(lines) == 4 and lines[3] == b""
    assert json.loads(lines[1]) == {"name": "X", "data": {"s": "h\u00e9\nllo"}}
    assert "\u00e9".encode() in lines[1]


def test_request_tracks_reads() -> None:
    _, data = parse_request(
        '{"name": "R", "data": {"a": 1, "b": {"c": 2, "d": 3}, "e": 4}}'
    )
    assert data.unread_keys() == ["a", "b", "e"]
    data["a"]
    data.get("b")["c"]
    assert "e" in data  # membership does not count as reading
    assert data.unread_keys() == ["b.d", "e"]
    data.mark_read("e")
    data.mark_read("b", recursive=True)
    assert data.unread_keys() == []


def test_request_mark_read_if_only_for_that_value() -> None:
    _, data = parse_request('{"name": "R", "data": {"a": null, "b": 5}}')
    data.mark_read_if("a", None)
    data.mark_read_if("b", None)
    data.mark_read_if("absent", None)
    assert data.unread_keys() == ["b"]


def test_request_mark_read_recursive_through_lists() -> None:
    _, data = parse_request(
        '{"name": "R", "data": {"l": [{"x": 1}, {"y": [{"z": 2}]}]}}'
    )
    data["l"]
    assert data.unread_keys() == []  # list items are not tracked paths
    data.mark_read(recursive=True)
    assert data["l"][1]["y"][0].unread_keys() == []
