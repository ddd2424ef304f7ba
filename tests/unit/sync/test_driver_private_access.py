# This file is generated from tests/unit/async_/test_driver_private_access.py by bin/make-unasync; do not edit.
# make-unasync digest: b285267a4740a6eddd5c5c121988ce6d53b50ff9f552c7c23aca6f7a220ee932
"""
Private driver attributes that packages depending on ``neo4j`` use:
neo4j-graphrag overrides ``driver._pool.pool_config.user_agent`` and
applications check ``driver._closed`` before reusing a driver.
"""

from __future__ import annotations

import pytest

from neo4j._sync.driver import Driver, GraphDatabase
from neo4j.exceptions import DriverError


URIS = ["bolt://example.com", "neo4j://example.com"]


@pytest.mark.parametrize("uri", URIS)
def test_user_agent_override_path(uri: str) -> None:
    # neo4j_graphrag/utils/driver_config.py: override_user_agent
    driver = GraphDatabase.driver(uri, auth=("neo4j", "pass"))
    pool = driver._pool  # type: ignore[attr-defined]
    # as in the official driver: None means "the default user agent"
    assert pool.pool_config.user_agent is None
    pool.pool_config.user_agent = "neo4j-graphrag-python/v1.22.0"
    assert pool.pool_config.user_agent == "neo4j-graphrag-python/v1.22.0"
    driver.close()


@pytest.mark.parametrize("uri", URIS)
def test_closed_flag(uri: str) -> None:
    driver: Driver = GraphDatabase.driver(uri)
    assert driver._closed is False
    driver.close()
    assert driver._closed is True
    with pytest.raises(DriverError):
        driver.session()
