# This file is generated from tests/integration/async_/conftest.py by bin/make-unasync; do not edit.
# make-unasync digest: 75e3485816ea15eae867542bb7df058e05897b41559f7a2d991757a0f00fb01c
"""Fixtures and helpers for the driver integration tests (ArcadeDB).

Every test uses the public API only, the way an application would, so
the same files also run against the official driver for comparison.
Tests share one ArcadeDB server (``arcadedb``); each test writes nodes
with a label of its own (``label`` fixture) so tests never see each
other's data.  Always pass ``database="test"`` (see SERVERS.md).
"""

from __future__ import annotations

import typing as t
import uuid

import pytest

from neo4j import Driver, GraphDatabase


@pytest.fixture
def driver(bolt_uri: str, auth: tuple[str, str]) -> t.Iterator[Driver]:
    """A driver on the shared plain server, closed after the test."""
    with GraphDatabase.driver(bolt_uri, auth=auth) as drv:
        yield drv


@pytest.fixture
def label() -> str:
    """A node label no other test uses."""
    return f"T{uuid.uuid4().hex[:16]}"
