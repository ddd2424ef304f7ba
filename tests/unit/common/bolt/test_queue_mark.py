"""All-or-nothing queueing in the sans-IO core: a batch whose last
request cannot be encoded is dropped whole, leaving no bytes, no
pending response and no state behind."""

from __future__ import annotations

import pytest

from neo4j._bolt import Bolt5x4
from neo4j._codec.packstream import pack


def _core() -> Bolt5x4:
    return Bolt5x4(auth={}, user_agent="test", routing_context=None)


def test_drop_queued_forgets_the_batch() -> None:
    core = _core()
    core.pull(n=1)  # queued before the mark: kept
    before = bytes(core._out)
    mark = core.queue_mark()
    core.telemetry(2)  # (queues nothing unless the server enabled it)
    core.begin(db="a")
    core.run("RETURN 1", {"x": 1})
    assert core.in_transaction
    core.drop_queued(mark)
    assert bytes(core._out) == before
    assert core.pending_count == 1
    assert not core.in_transaction
    assert core.last_database is None


def test_failed_run_leaves_nothing_behind() -> None:
    core = _core()
    mark = core.queue_mark()
    core.begin()
    with pytest.raises(ValueError, match="not supported"):
        core.run("RETURN $x", {"x": object()}, db="other")
    # the failed RUN itself wrote nothing and changed nothing
    assert core.pending_count == 1
    assert core.last_database is None
    core.drop_queued(mark)
    assert not core.has_outgoing
    assert core.pending_count == 0


def test_no_drop_after_the_bytes_were_handed_over() -> None:
    core = _core()
    mark = core.queue_mark()
    core.run("RETURN 1")
    core.take_outgoing()
    with pytest.raises(RuntimeError):
        core.drop_queued(mark)


def test_metadata_is_checked_before_timeout() -> None:
    core = _core()
    with pytest.raises(TypeError, match="Metadata"):
        core.begin(metadata=5, timeout="x")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="Timeout"):
        core.begin(metadata={"a": 1}, timeout="x")  # type: ignore[arg-type]


def test_error_path_skips_containers_that_encode() -> None:
    out = bytearray()
    with pytest.raises(ValueError) as caught:
        pack(out, {"ok": ["a", "b"], "bad": [1, {"x": object()}]})
    message = str(caught.value)
    assert "['bad'][1]['x']" in message
    assert "['ok']" not in message
