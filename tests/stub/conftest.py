"""Fixtures for tests against the stub Bolt server."""

from __future__ import annotations

import typing as t

import pytest

from tests.stub.server import StubServers, close_or_fail


@pytest.fixture
def stub_server() -> t.Iterator[StubServers]:
    """A factory: ``stub_server.start(script, ...)`` starts a server.

    All servers are stopped after the test; failures that no ``done()``
    call reported make the test error at teardown.
    """
    servers = StubServers()
    yield servers
    close_or_fail(servers, pytest.fail)
