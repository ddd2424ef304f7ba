"""Address resolution for the pool: resolved addresses pass through
untouched, others go through the custom resolver."""

from __future__ import annotations

from neo4j._addressing import Address, ResolvedAddress
from neo4j._async.io import resolve_address


# -- S5: a resolved address is passed through, never re-resolved ---------


async def test_resolve_address_keeps_a_resolved_address() -> None:
    calls: list[Address] = []

    def resolver(address: Address) -> list[tuple[str, int]]:
        # ignores its input: would send every connection to one host
        calls.append(address)
        return [("127.0.0.1", 1)]

    target = ResolvedAddress(("127.0.0.2", 7687), host_name="router-2")
    resolved = await resolve_address(target, resolver)
    assert resolved == [target]
    assert resolved[0] is target
    assert resolved[0]._resolved_from == "router-2"
    assert calls == []
    # an unresolved address still goes through the resolver
    resolved = await resolve_address(Address(("router-2", 7687)), resolver)
    assert resolved == [("127.0.0.1", 1)]
    assert calls == [("router-2", 7687)]
