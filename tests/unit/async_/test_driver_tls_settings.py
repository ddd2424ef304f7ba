"""How the driver's TLS options reach the pool: a given ``ssl_context`` is
used as it is, with or without ``encrypted``."""

from __future__ import annotations

import ssl
import typing as t

from neo4j._async.driver import AsyncGraphDatabase


# -- B1: a given ssl_context is used even without encrypted=True --------


async def test_ssl_context_used_without_encrypted() -> None:
    context = ssl.create_default_context()
    driver = AsyncGraphDatabase.driver(
        "bolt://localhost:7687", ssl_context=context
    )
    try:
        assert driver.encrypted is False
        pool: t.Any = driver._pool
        assert await pool._get_ssl_context() is context
    finally:
        await driver.close()


async def test_ssl_context_used_by_routing_driver() -> None:
    context = ssl.create_default_context()
    driver = AsyncGraphDatabase.driver(
        "neo4j://localhost:7687", ssl_context=context, encrypted=False
    )
    try:
        pool: t.Any = driver._pool
        assert await pool._get_ssl_context() is context
    finally:
        await driver.close()


async def test_no_tls_without_ssl_context_or_encrypted() -> None:
    driver = AsyncGraphDatabase.driver("bolt://localhost:7687")
    try:
        pool: t.Any = driver._pool
        assert await pool._get_ssl_context() is None
    finally:
        await driver.close()
