"""A host name that DNS cannot resolve, as with the official driver 6.4.1
(async twin).

The official driver resolves lazily: the candidates of the address (the
custom resolver's output, else the address itself) are looked up one by
one while connecting, and the first failed lookup ends the attempt with
``ServiceUnavailable: Failed to DNS resolve address <candidate>: <error>``
caused by the :class:`socket.gaierror` -- also for ``neo4j://``, where it
is not hidden behind "Unable to retrieve routing information".
"""

from __future__ import annotations

import socket
import typing as t

import pytest

from neo4j._async.driver import AsyncGraphDatabase
from neo4j._async_compat.network import AsyncNetworkUtil
from neo4j.exceptions import ServiceUnavailable

from .fake_bolt import (
    SUCCESS,
    FakeBoltServer,
    FakeConnection,
    Reply,
    default_handler,
)


AUTH = ("neo4j", "pass")
BAD_HOST = "nonexistent-host.invalid"
GAI_TEXT = "[Errno -2] Name or service not known"
MESSAGE = f"Failed to DNS resolve address {BAD_HOST}:7687: {GAI_TEXT}"


@pytest.fixture(autouse=True)
def unknown_host(monkeypatch: pytest.MonkeyPatch) -> None:
    """``BAD_HOST`` fails to resolve the same way everywhere (CI may
    have no DNS at all, which fails differently)."""
    real = AsyncNetworkUtil.getaddrinfo

    async def getaddrinfo(host: str, port: int) -> t.Any:
        if host == BAD_HOST:
            raise socket.gaierror(
                socket.EAI_NONAME, "Name or service not known"
            )
        return await real(host, port)

    monkeypatch.setattr(
        AsyncNetworkUtil, "getaddrinfo", staticmethod(getaddrinfo)
    )


class _Router:
    """Default replies, plus a routing table naming this server."""

    def __init__(self) -> None:
        self.port = 0

    def __call__(
        self, conn: FakeConnection, name: str, fields: list[t.Any]
    ) -> list[Reply]:
        if name == "ROUTE":
            here = [f"127.0.0.1:{self.port}"]
            servers = [
                {"addresses": here, "role": role}
                for role in ("ROUTE", "WRITE", "READ")
            ]
            rt = {"ttl": 300, "db": "neo4j", "servers": servers}
            return [(SUCCESS, {"rt": rt})]
        return default_handler(conn, name, fields)


@pytest.fixture
def router() -> t.Iterator[FakeBoltServer]:
    handler = _Router()
    with FakeBoltServer(handler) as srv:
        handler.port = srv.port
        yield srv


def _refused() -> tuple[str, int]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return ("127.0.0.1", int(sock.getsockname()[1]))


async def _verify(uri: str, **config: t.Any) -> None:
    async with AsyncGraphDatabase.driver(
        uri, auth=AUTH, connection_acquisition_timeout=5, **config
    ) as driver:
        await driver.verify_connectivity()


def _check_dns_error(error: ServiceUnavailable) -> None:
    assert type(error) is ServiceUnavailable
    assert str(error) == MESSAGE
    cause = error.__cause__
    assert type(cause) is socket.gaierror
    assert str(cause) == GAI_TEXT


@pytest.mark.parametrize("scheme", ["bolt", "neo4j"])
async def test_unresolvable_host(scheme: str) -> None:
    with pytest.raises(ServiceUnavailable) as info:
        await _verify(f"{scheme}://{BAD_HOST}:7687")
    _check_dns_error(info.value)


@pytest.mark.parametrize("scheme", ["bolt", "neo4j"])
@pytest.mark.parametrize("bad_first", [True, False])
async def test_unresolvable_resolver_candidate_ends_the_attempt(
    scheme: str, bad_first: bool
) -> None:
    # the candidate before it (if any) is refused; the DNS error is the
    # one reported, and it names the candidate, not the configured host
    bad = (BAD_HOST, 7687)
    refused = _refused()
    candidates = [bad, refused] if bad_first else [refused, bad]
    with pytest.raises(ServiceUnavailable) as info:
        await _verify(
            f"{scheme}://configured:7687", resolver=lambda _: candidates
        )
    _check_dns_error(info.value)


async def test_unresolvable_candidate_after_a_reachable_one_is_harmless(
    router: FakeBoltServer,
) -> None:
    candidates = [("127.0.0.1", router.port), (BAD_HOST, 7687)]
    await _verify("bolt://configured:7687", resolver=lambda _: candidates)
    await _verify("neo4j://configured:7687", resolver=lambda _: candidates)
    assert len(router.connections) >= 2
