"""A bounded fuzzing budget on every CI run (see :mod:`tests.fuzz`; the
long campaign is ``nox -s fuzz``): every mutated input either decodes or
raises the target's typed error, and none hangs."""

from __future__ import annotations

import random

import pytest

from tests.fuzz import TARGETS, mutate, run_campaign


@pytest.mark.parametrize("target", sorted(TARGETS))
def test_fuzz_budget(target: str) -> None:
    campaign = run_campaign(target, 4000, seed=20261207)
    assert campaign.inputs == 4000
    findings = [
        f"{type(exc).__name__}: {exc} (input {data[:48].hex()})"
        for data, exc in campaign.findings
    ]
    assert not findings
    # the mutations must reach both outcomes, or the target tests nothing
    assert campaign.decoded > 0
    assert campaign.typed_errors > 0


def test_duration_with_string_components_is_refused_not_repeated() -> None:
    # found by the fuzzer: a string in a Duration structure made the
    # hydration repeat it a billion times (memory and time blow-up)
    from neo4j._codec.hydration import HydrationHandlerV4
    from neo4j._codec.packstream import pack_struct, unpack

    data = bytearray()
    pack_struct(data, b"E", (1, 2, "xxxx", 4))
    value = unpack(data, HydrationHandlerV4().new_hydration_scope()
                   .hydration_hooks)  # fmt: skip
    assert isinstance(value.error, TypeError)
    assert "components must be integers" in str(value.error)


def test_mutations_are_deterministic() -> None:
    seed = b"\x91\x01"
    first = [mutate(seed, random.Random(5)) for _ in range(3)]
    again = [mutate(seed, random.Random(5)) for _ in range(3)]
    assert first == again


@pytest.mark.parametrize(
    ("tag", "fields"),
    [
        (b"I", ([[1]], 0, 0)),  # DateTime with a list as seconds
        (b"i", (1, "x", "Europe/Berlin")),
        (b"d", ("1", 0)),
        (b"D", ([1],)),
        (b"T", (1, [3600])),
        (b"I", (1, 0, [0])),  # a list as the offset
    ],
)
def test_temporal_structures_with_non_integers_are_refused(
    tag: bytes, fields: tuple[object, ...]
) -> None:
    # found by the fuzzer: a nested list as DateTime seconds was
    # repeated by the arithmetic until gigabytes were allocated
    from neo4j._codec.hydration import HydrationHandlerV4
    from neo4j._codec.packstream import pack_struct, unpack

    data = bytearray()
    pack_struct(data, tag, fields)
    hooks = HydrationHandlerV4().new_hydration_scope().hydration_hooks
    value = unpack(data, hooks)
    assert isinstance(value.error, TypeError)
    assert "must be" in str(value.error)
