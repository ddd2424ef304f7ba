# This file is generated from tests/unit/async_/test_driver_tls_settings.py by bin/make-unasync; do not edit.
# make-unasync digest: ddad6dcc743b92e126cae7b6ed821a249daff50c26aafbacc740e45f882ea841
"""How the driver's TLS options reach the pool: a given ``ssl_context`` is
used as it is, with or without ``encrypted``."""

from __future__ import annotations

import ssl
import typing as t

from neo4j._sync.driver import GraphDatabase


# -- B1: a given ssl_context is used even without encrypted=True --------


def test_ssl_context_used_without_encrypted() -> None:
    context = ssl.create_default_context()
    driver = GraphDatabase.driver("bolt://localhost:7687", ssl_context=context)
    try:
        assert driver.encrypted is False
        pool: t.Any = driver._pool
        assert pool._get_ssl_context() is context
    finally:
        driver.close()


def test_ssl_context_used_by_routing_driver() -> None:
    context = ssl.create_default_context()
    driver = GraphDatabase.driver(
        "neo4j://localhost:7687", ssl_context=context, encrypted=False
    )
    try:
        pool: t.Any = driver._pool
        assert pool._get_ssl_context() is context
    finally:
        driver.close()


def test_no_tls_without_ssl_context_or_encrypted() -> None:
    driver = GraphDatabase.driver("bolt://localhost:7687")
    try:
        pool: t.Any = driver._pool
        assert pool._get_ssl_context() is None
    finally:
        driver.close()
