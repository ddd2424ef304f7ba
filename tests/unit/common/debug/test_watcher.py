"""neo4j.debug: Watcher and watch()."""

from __future__ import annotations

import asyncio
import io
import logging
import re
import threading
import typing as t

import pytest

from neo4j.debug import (
    Watcher,
    watch,
)


NAME = "neo4j.test_watcher"

TIME = r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}"


@pytest.fixture
def logger() -> t.Iterator[logging.Logger]:
    log = logging.getLogger(NAME)
    old_level, old_propagate = log.level, log.propagate
    log.setLevel(logging.NOTSET)
    log.propagate = False
    try:
        yield log
    finally:
        log.setLevel(old_level)
        log.propagate = old_propagate
        for handler in list(log.handlers):
            log.removeHandler(handler)


def test_default_format(logger: logging.Logger) -> None:
    out = io.StringIO()
    with Watcher(NAME, default_out=out):
        logger.debug("hello %s", "world")
    thread = threading.get_ident()
    assert re.fullmatch(
        rf"\[DEBUG   \] \[Thread {thread}\] \[Task None           \] "
        rf"{TIME}  hello world\n",
        out.getvalue(),
    )


def test_task_id_inside_asyncio(logger: logging.Logger) -> None:
    out = io.StringIO()
    task_ids: list[int] = []

    async def main() -> None:
        task = asyncio.current_task()
        assert task is not None
        task_ids.append(id(task))
        logger.info("in task")

    with Watcher(NAME, default_out=out, thread_info=False):
        asyncio.run(main())
    assert re.fullmatch(
        rf"\[INFO    \] \[Task {task_ids[0]:<15}\] {TIME}  in task\n",
        out.getvalue(),
    )


def test_without_thread_and_task(logger: logging.Logger) -> None:
    out = io.StringIO()
    with Watcher(NAME, default_out=out, thread_info=False, task_info=False):
        logger.warning("plain")
    assert re.fullmatch(rf"\[WARNING \] {TIME}  plain\n", out.getvalue())


@pytest.mark.parametrize(
    ("level", "colour"),
    [
        (logging.CRITICAL, "\x1b[31;1m"),
        (logging.ERROR, "\x1b[33;1m"),
        (logging.WARNING, "\x1b[33m"),
        (logging.INFO, "\x1b[37m"),
        (logging.DEBUG, "\x1b[36m"),
    ],
)
def test_colour(logger: logging.Logger, level: int, colour: str) -> None:
    out = io.StringIO()
    with Watcher(
        NAME, default_out=out, colour=True, thread_info=False, task_info=False
    ):
        logger.log(level, "x")
    # the level name is replaced by the colour
    assert re.fullmatch(
        rf"{re.escape(colour)}{TIME}  x\x1b\[0m\n", out.getvalue()
    )


def test_colour_leaves_custom_levels_plain(logger: logging.Logger) -> None:
    out = io.StringIO()
    with Watcher(
        NAME, default_out=out, colour=True, thread_info=False, task_info=False
    ):
        logger.log(25, "custom")
    assert re.fullmatch(rf"{TIME}  custom\n", out.getvalue())


def test_level_filters_and_lowers_logger(logger: logging.Logger) -> None:
    logger.setLevel(logging.ERROR)
    out = io.StringIO()
    watcher = Watcher(NAME, default_out=out, default_level=logging.INFO)
    watcher.watch()
    try:
        assert logger.level == logging.INFO
        logger.debug("hidden")
        logger.info("shown")
    finally:
        watcher.stop()
    assert "hidden" not in out.getvalue()
    assert "shown" in out.getvalue()
    # our level change is undone
    assert logger.level == logging.ERROR


def test_stop_detaches(logger: logging.Logger) -> None:
    out = io.StringIO()
    handlers = list(logger.handlers)
    watcher = watch(NAME, out=out)
    assert len(logger.handlers) == len(handlers) + 1
    logger.info("one")
    watcher.stop()
    logger.info("two")
    watcher.stop()  # stopping twice is harmless
    assert "one" in out.getvalue()
    assert "two" not in out.getvalue()
    assert logger.handlers == handlers


def test_watch_again_replaces_stream_and_level(
    logger: logging.Logger,
) -> None:
    first, second = io.StringIO(), io.StringIO()
    handlers = list(logger.handlers)
    watcher = Watcher(NAME, default_out=first)
    watcher.watch()
    watcher.watch(level=logging.WARNING, out=second)
    assert len(logger.handlers) == len(handlers) + 1
    try:
        logger.info("info")
        logger.warning("warn")
    finally:
        watcher.stop()
    assert first.getvalue() == ""
    assert "info" not in second.getvalue()
    assert "warn" in second.getvalue()
    assert logger.handlers == handlers


def test_watch_function_returns_started_watcher(
    logger: logging.Logger,
) -> None:
    out = io.StringIO()
    watcher = watch(NAME, level=logging.INFO, out=out, task_info=False)
    try:
        assert isinstance(watcher, Watcher)
        logger.debug("no")
        logger.info("yes")
    finally:
        watcher.stop()
    thread = threading.get_ident()
    assert re.fullmatch(
        rf"\[INFO    \] \[Thread {thread}\] {TIME}  yes\n", out.getvalue()
    )


def test_several_loggers(logger: logging.Logger) -> None:
    other = logging.getLogger(NAME + "_other")
    other.propagate = False
    out = io.StringIO()
    handlers = list(other.handlers)
    try:
        with Watcher(NAME, NAME + "_other", default_out=out, task_info=False):
            logger.info("a")
            other.info("b")
    finally:
        other.propagate = True
        other.setLevel(logging.NOTSET)
    lines = out.getvalue().splitlines()
    assert [line.rsplit("  ", 1)[1] for line in lines] == ["a", "b"]
    assert other.handlers == handlers


def test_context_manager_returns_watcher() -> None:
    with Watcher(NAME, default_out=io.StringIO()) as watcher:
        assert isinstance(watcher, Watcher)
    assert isinstance(watcher.formatter, logging.Formatter)


def test_watch_function_passes_its_options_on(
    logger: logging.Logger,
) -> None:
    out = io.StringIO()
    watcher = watch(
        NAME,
        level=logging.WARNING,
        out=out,
        colour=True,
        thread_info=False,
        task_info=False,
    )
    try:
        # watching again without arguments keeps watch()'s level and stream
        watcher.watch()
        logger.info("hidden")
        logger.warning("shown")
    finally:
        watcher.stop()
    assert re.fullmatch(rf"\x1b\[33m{TIME}  shown\x1b\[0m\n", out.getvalue())
