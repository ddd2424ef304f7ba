# This file is generated from tests/unit/async_/test_driver_private_access.py by bin/make-unasync; do not edit.
# make-unasync digest: ca36d6e11d9f9fbe9caeacdc304621d088f5766e889d5cb76785009b35c84f08
"""
Private driver attributes that packages depending on ``neo4j`` use:
neo4j-graphrag overrides ``driver._pool.pool_config.user_agent`` and
applications check ``driver._closed`` before reusing a driver.
"""

from __future__ import annotations

from unittest.mock import MagicMock

import pytest

from neo4j._sync.driver import Driver, GraphDatabase
from neo4j.exceptions import DriverError


URIS = ["bolt://example.com", "neo4j://example.com"]


@pytest.mark.parametrize("uri", URIS)
def test_user_agent_override_path(uri: str) -> None:
    # neo4j_graphrag/utils/driver_config.py: override_user_agent
    driver = GraphDatabase.driver(uri, auth=("neo4j", "pass"))
    pool = driver._pool
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


def test_spec_mocks_of_the_driver_have_the_private_attributes() -> None:
    # neo4j-graphrag's own tests pass ``MagicMock(spec=neo4j.Driver)``
    # where the library then sets ``driver._pool.pool_config.user_agent``:
    # a spec mock has only the names the class has
    mock = MagicMock(spec=Driver)
    mock._pool.pool_config.user_agent = "neo4j-graphrag-python/v1.22.0"
    assert mock._pool.pool_config.user_agent.startswith("neo4j-graphrag")
    assert "_closed" in dir(Driver)
