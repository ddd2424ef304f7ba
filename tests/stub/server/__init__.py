"""Our own scripted Bolt stub server (the driver's independent test peer).

Usage in a test (see ``tests/stub/README.md`` for the script format)::

    def test_x(stub_server):
        server = stub_server.start('''
            !: BOLT 5.4
            !: AUTO HELLO
            C: RUN "RETURN 1 AS n" {} {}
            ...
        ''')
        ...  # drive the driver against server.uri()
        server.done()

Nothing here imports the ``neo4j`` package: the stub has its own
PackStream codec so that it cannot share a bug with the driver.
"""

from __future__ import annotations

from ._factory import StubServers, close_or_fail
from ._handshake import decode_varint, encode_varint
from ._packstream import (
    PackError,
    Struct,
    UnpackError,
    pack,
    pack_message,
    unpack_message,
)
from ._player import Player
from ._script import Script, ScriptError, parse_script
from ._server import ScriptSource, StubServer
from ._values import ScriptValueError, match, parse_values, render


__all__ = [
    "PackError",
    "Player",
    "Script",
    "ScriptError",
    "ScriptSource",
    "ScriptValueError",
    "Struct",
    "StubServer",
    "StubServers",
    "UnpackError",
    "close_or_fail",
    "decode_varint",
    "encode_varint",
    "match",
    "pack",
    "pack_message",
    "parse_script",
    "parse_values",
    "render",
    "unpack_message",
]
