from __future__ import annotations

import logging

import pytest

from neo4j._bolt.errors import (
    BoltProtocolError,
    HandshakeNotBoltError,
    HandshakeVersionError,
)
from neo4j._bolt.handshake import (
    SUPPORTED_VERSIONS,
    Handshake,
    encode_varint,
    offer_slots,
)
from neo4j._exceptions import BoltHandshakeError


def h(text: str) -> bytes:
    return bytes.fromhex(text)


DEFAULT_REQUEST = h(
    "6060B017"  # magic
    "000001FF"  # manifest v1 (the only way to 6.0)
    "00080805"  # 5.8 .. 5.0
    "00020404"  # 4.4 .. 4.2
    "00000003"  # 3.0
)

ALL_NAMES = (
    "('3.0', '4.2', '4.3', '4.4', '5.0', '5.1', '5.2', '5.3', '5.4', "
    "'5.5', '5.6', '5.7', '5.8', '6.0', '6.1')"
)


def test_default_request_bytes() -> None:
    hs = Handshake()
    assert hs.request == DEFAULT_REQUEST
    assert hs.take_outgoing() == DEFAULT_REQUEST
    assert hs.take_outgoing() == b""
    assert not hs.done
    assert hs.version is None
    assert hs.bytes_needed == 4


def test_offer_without_manifest() -> None:
    assert offer_slots(SUPPORTED_VERSIONS, manifest=False) == h(
        "00080805 00020404 00000003 00000000"
    )


def test_offer_capped_at_5_4_like_arcadedb() -> None:
    versions = [v for v in SUPPORTED_VERSIONS if v <= (5, 4)]
    hs = Handshake(versions)
    assert hs.request == h("6060B017 000001FF 00040405 00020404 00000003")


def test_offer_drops_oldest_ranges_that_do_not_fit() -> None:
    versions = [(6, 0), (5, 8), (5, 6), (5, 4), (4, 4)]
    assert offer_slots(versions) == h("000001FF 00000805 00000605 00000405")
    assert offer_slots(versions, manifest=False) == h(
        "00000805 00000605 00000405 00000404"
    )


def test_offer_never_puts_6_0_in_a_classic_slot() -> None:
    assert offer_slots([(6, 0)]) == h("000001FF 00000000 00000000 00000000")
    assert offer_slots([(6, 0), (4, 4)], manifest=False) == h(
        "00000404 00000000 00000000 00000000"
    )


def test_offer_single_version() -> None:
    assert offer_slots([(5, 2)], manifest=False) == h(
        "00000205 00000000 00000000 00000000"
    )


def test_no_versions_rejected() -> None:
    with pytest.raises(ValueError, match="at least one"):
        Handshake([])


@pytest.mark.parametrize(
    ("answer", "version"),
    [
        ("00000404", (4, 4)),
        ("00000005", (5, 0)),
        ("00000405", (5, 4)),
        ("00000805", (5, 8)),
        ("00000006", (6, 0)),
    ],
)
def test_classic_answer(answer: str, version: tuple[int, int]) -> None:
    hs = Handshake()
    hs.take_outgoing()
    hs.feed(h(answer))
    assert hs.done
    assert hs.version == version
    assert hs.take_outgoing() == b""
    assert hs.leftover == b""
    assert hs.bytes_needed == 0


def test_classic_answer_one_byte_at_a_time() -> None:
    hs = Handshake()
    for i, byte in enumerate(h("00000705")):
        assert not hs.done
        assert hs.bytes_needed == 4 - i
        hs.feed(bytes([byte]))
    assert hs.version == (5, 7)


def test_classic_answer_with_trailing_bytes_kept() -> None:
    hs = Handshake()
    hs.feed(h("00000805 0000"))
    assert hs.version == (5, 8)
    assert hs.leftover == h("0000")
    hs.feed(b"\x01")
    assert hs.leftover == h("000001")


def test_zero_answer_is_version_error() -> None:
    hs = Handshake()
    with pytest.raises(HandshakeVersionError) as exc_info:
        hs.feed(h("00000000"))
    error = exc_info.value
    assert isinstance(error, BoltHandshakeError)
    assert str(error) == (
        "The neo4j server does not support communication with this "
        f"driver. This driver has support for Bolt protocols {ALL_NAMES}."
    )
    assert error.response_data == h("00000000")
    assert error.request_data == DEFAULT_REQUEST
    assert not hs.done


def test_answer_not_offered_is_version_error() -> None:
    hs = Handshake([(5, 4), (5, 3)])
    with pytest.raises(HandshakeVersionError, match=r"\('5.3', '5.4'\)"):
        hs.feed(h("00000805"))


def test_http_answer() -> None:
    hs = Handshake(address=("localhost", 7474))
    with pytest.raises(HandshakeNotBoltError) as exc_info:
        hs.feed(b"HTTP/1.1 400 Bad Request\r\n")
    assert exc_info.value.address == ("localhost", 7474)
    assert "looks like HTTP" in str(exc_info.value)


def test_http_answer_in_pieces() -> None:
    hs = Handshake()
    hs.feed(b"HT")
    with pytest.raises(HandshakeNotBoltError):
        hs.feed(b"TP")


def test_manifest_unknown_version_is_protocol_error() -> None:
    hs = Handshake()
    with pytest.raises(
        BoltProtocolError,
        match="Unsupported Bolt handshake manifest version 2 ",
    ):
        hs.feed(h("000002FF"))


def test_manifest_not_offered_is_protocol_error() -> None:
    hs = Handshake(manifest=False)
    with pytest.raises(BoltProtocolError, match="not offered"):
        hs.feed(h("000001FF 01 00000805 00"))


# (server answer, client confirmation) from testkit's
# test_parameterized_handshake_manifest, plus newer/older-server cases.
MANIFEST_CASES = [
    (
        "000001FF 03 00070705 00040404 00000003 00",
        "00000705 00",
        (5, 7),
    ),
    (
        "000001FF 03 00000003 00070705 00040404 00",
        "00000705 00",
        (5, 7),
    ),
    (
        "000001FF 02 000707F2 00070705 00",
        "00000705 00",
        (5, 7),
    ),
    # newer server: 4.4 .. 4.0 and 5.255 .. 5.0
    ("000001FF 02 00040404 00FFFF05 00", "00000805 00", (5, 8)),
    # older server: 5.7 .. 5.0
    ("000001FF 02 00040404 00070705 00", "00000705 00", (5, 7)),
    # Bolt 6 server
    ("000001FF 02 00000006 00080805 00", "00000006 00", (6, 0)),
    # only 4.4 in common
    ("000001FF 01 00030404 00", "00000404 00", (4, 4)),
]


@pytest.mark.parametrize(("answer", "confirm", "version"), MANIFEST_CASES)
def test_manifest_negotiation(
    answer: str, confirm: str, version: tuple[int, int]
) -> None:
    hs = Handshake()
    assert hs.take_outgoing() == DEFAULT_REQUEST
    hs.feed(h(answer))
    assert hs.done
    assert hs.version == version
    assert hs.take_outgoing() == h(confirm)
    assert hs.take_outgoing() == b""


@pytest.mark.parametrize(("answer", "confirm", "version"), MANIFEST_CASES)
def test_manifest_negotiation_one_byte_at_a_time(
    answer: str, confirm: str, version: tuple[int, int]
) -> None:
    hs = Handshake()
    hs.take_outgoing()
    data = h(answer)
    for i in range(len(data)):
        assert not hs.done
        assert hs.take_outgoing() == b""
        hs.feed(data[i : i + 1])
    assert hs.done
    assert hs.version == version
    assert hs.take_outgoing() == h(confirm)


def test_manifest_multibyte_count_without_common_version() -> None:
    # 130 offers (varint 82 01): 2.0 and 4.1..4.0, nothing we speak
    answer = h("000001FF 8201") + h("00000002") * 129 + h("00010104 00")
    hs = Handshake()
    with pytest.raises(HandshakeVersionError):
        hs.feed(answer)
    assert not hs.done


def test_manifest_capabilities_recorded() -> None:
    hs = Handshake()
    hs.feed(h("000001FF 8201") + h("00040404") * 130 + h("8101"))
    assert hs.done
    assert hs.version == (4, 4)
    assert hs.capabilities == 129
    assert len(hs.server_offers) == 130
    assert hs.server_offers[0] == (4, 4, 4)


def test_manifest_no_common_version() -> None:
    hs = Handshake()
    hs.take_outgoing()
    with pytest.raises(HandshakeVersionError) as exc_info:
        hs.feed(h("000001FF 02 00000002 00010104 00"))
    assert exc_info.value.response_data == h(
        "000001FF 02 00000002 00010104 00"
    )
    # a polite "nothing fits" the shell may send before closing
    assert hs.take_outgoing() == h("00000000 00")


def test_manifest_respects_configured_versions() -> None:
    hs = Handshake([v for v in SUPPORTED_VERSIONS if v <= (5, 4)])
    hs.feed(h("000001FF 02 00000006 00080805 00"))
    assert hs.version == (5, 4)
    assert hs.take_outgoing()[-5:] == h("00000405 00")


def test_manifest_malformed_varint() -> None:
    hs = Handshake()
    with pytest.raises(BoltProtocolError, match="varint"):
        hs.feed(h("000001FF") + b"\xff" * 11)


def test_encode_varint() -> None:
    assert encode_varint(0) == b"\x00"
    assert encode_varint(127) == b"\x7f"
    assert encode_varint(128) == b"\x80\x01"
    assert encode_varint(300) == b"\xac\x02"
    with pytest.raises(ValueError):
        encode_varint(-1)


def test_logs(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.DEBUG, logger="neo4j.io"):
        hs = Handshake(local_port=0x1234)
        hs.feed(h("000001FF 01 00080805 00"))
    lines = [r.getMessage() for r in caplog.records]
    assert lines == [
        "[#1234]  C: <MAGIC> 0x6060B017",
        "[#1234]  C: <HANDSHAKE> 0x000001FF 0x00080805 0x00020404 0x00000003",
        "[#1234]  S: <HANDSHAKE> 0x000001FF [1] 0x00080805 0x00",
        "[#1234]  C: <HANDSHAKE> 0x00000805 0x00",
    ]
