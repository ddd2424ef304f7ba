"""
Quick log output for debugging the driver.

The driver logs on the ``neo4j`` logger hierarchy (``neo4j.io``,
``neo4j.pool``, ``neo4j.session``, ``neo4j.auth_management``,
``neo4j.notifications``...) but, being a library, installs no handler.
:func:`watch` attaches one that writes to a stream::

    from neo4j.debug import watch

    watch("neo4j")  # DEBUG output of the whole driver on stderr

.. note::
    The log format and messages are meant for humans and may change at any
    time; they are not part of the API.
"""

from __future__ import annotations as _

import asyncio as _asyncio
import contextlib as _contextlib
import logging as _logging
import sys as _sys
import typing as _t


__all__ = [
    "Watcher",
    "watch",
]


# ANSI escape sequences per log level (missing levels are not coloured)
_COLOURS: _t.Final[dict[int, str]] = {
    _logging.CRITICAL: "\x1b[31;1m",  # bold red
    _logging.ERROR: "\x1b[33;1m",  # bold yellow
    _logging.WARNING: "\x1b[33m",  # yellow
    _logging.INFO: "\x1b[37m",  # white
    _logging.DEBUG: "\x1b[36m",  # cyan
}
_RESET: _t.Final = "\x1b[0m"


class _TintedFormatter(_logging.Formatter):
    """Shows the level of each line by its colour instead of its name."""

    def format(self, record: _logging.LogRecord) -> str:
        text = super().format(record)
        colour = _COLOURS.get(record.levelno)
        if colour is None:
            return text
        return f"{colour}{text}{_RESET}"


def _tag_task(record: _logging.LogRecord) -> bool:
    """
    Handler filter (a plain callable) that never drops a record.

    It only adds the ``task`` attribute the format refers to: the id of
    the asyncio task logging, or None outside of a task.
    """
    task: object = None
    with _contextlib.suppress(RuntimeError):  # no event loop running
        task = _asyncio.current_task()
    record.task = id(task) if task is not None else None
    return True


# Parts of a line, in order: (option that switches it on, format);
# the level name is shown unless colour stands for it.
_LINE_PARTS: _t.Final = (
    ("plain", "[%(levelname)-8s] "),
    ("thread_info", "[Thread %(thread)d] "),
    ("task_info", "[Task %(task)-15s] "),
    ("always", "%(asctime)s  %(message)s"),
)


def _line_format(**switches: bool) -> str:
    """Join the line parts whose switch is on."""
    switches["always"] = True
    return "".join(part for name, part in _LINE_PARTS if switches[name])


class Watcher:
    """
    Sends the records of some loggers to a stream while watching.

    Use it as a context manager or call :meth:`watch` and :meth:`stop`::

        from neo4j.debug import Watcher

        with Watcher("neo4j"):
            ...  # driver debug output goes to stderr in here

    Each line tells the level, the thread, the asyncio task (if any), the
    time and the message.

    .. note::
        Watchers are not thread-safe; the handler they install receives
        records from all threads.

    :param logger_names: the loggers to watch (``None`` is the root
        logger)
    :param default_level: the minimum level shown, unless :meth:`watch`
        is given another one
    :param default_out: the stream written to, unless :meth:`watch` is
        given another one
    :param colour: mark levels with ANSI colours instead of names
    :param thread_info: include the id of the logging thread
    :param task_info: include the id of the logging asyncio task
    """

    def __init__(
        self,
        *logger_names: str | None,
        default_level: int = _logging.DEBUG,
        default_out: _t.TextIO = _sys.stderr,
        colour: bool = False,
        thread_info: bool = True,
        task_info: bool = True,
    ) -> None:
        self._watched = tuple(map(_logging.getLogger, logger_names))
        # what watch() falls back to when called without arguments
        self._fallback = (default_level, default_out)
        self._tags_tasks = task_info
        self._handler: _logging.Handler | None = None
        # loggers whose level we lowered: logger -> (old level, new level)
        self._lowered: dict[_logging.Logger, tuple[int, int]] = {}
        line = _line_format(
            plain=not colour, thread_info=thread_info, task_info=task_info
        )
        #: The :class:`logging.Formatter` of the lines written.
        self.formatter: _logging.Formatter = (
            _TintedFormatter(line) if colour else _logging.Formatter(line)
        )

    def __enter__(self) -> Watcher:
        """Start watching (see :meth:`watch`)."""
        self.watch()
        return self

    def __exit__(self, *exc_info: object) -> None:
        """Stop watching (see :meth:`stop`)."""
        self.stop()

    def watch(
        self, level: int | None = None, out: _t.TextIO | None = None
    ) -> None:
        """
        Start writing the watched loggers' records to a stream.

        Calling it again replaces the previous level and stream.  Loggers
        whose effective level is above ``level`` are lowered to it until
        :meth:`stop`.

        :param level: minimum level shown; :data:`None` uses
            ``default_level``
        :param out: the stream; :data:`None` uses ``default_out``
        """
        self.stop()
        fallback_level, fallback_out = self._fallback
        threshold = fallback_level if level is None else level
        handler = _logging.StreamHandler(fallback_out if out is None else out)
        handler.setLevel(threshold)
        handler.setFormatter(self.formatter)
        if self._tags_tasks:
            handler.addFilter(_tag_task)
        self._handler = handler
        for logger in self._watched:
            logger.addHandler(handler)
            self._lower(logger, threshold)

    def _lower(self, logger: _logging.Logger, threshold: int) -> None:
        """Let ``logger`` pass records from ``threshold`` up (until stop)."""
        if logger.getEffectiveLevel() <= threshold:
            return
        self._lowered[logger] = (logger.level, threshold)
        logger.setLevel(threshold)

    def stop(self) -> None:
        """Stop writing; undo the level changes made by :meth:`watch`."""
        handler, self._handler = self._handler, None
        if handler is None:
            return
        for logger in self._watched:
            logger.removeHandler(handler)
        lowered, self._lowered = self._lowered, {}
        for logger, (old_level, new_level) in lowered.items():
            # leave levels alone that someone else changed meanwhile
            if logger.level == new_level:
                logger.setLevel(old_level)


def watch(
    *logger_names: str | None,
    level: int = _logging.DEBUG,
    out: _t.TextIO = _sys.stderr,
    colour: bool = False,
    thread_info: bool = True,
    task_info: bool = True,
) -> Watcher:
    """
    Create a :class:`Watcher` and start it.

    Example::

        from neo4j.debug import watch

        watch("neo4j")

    :param logger_names: the loggers to watch
    :param level: the minimum level shown (``default_level`` of
        :class:`Watcher`)
    :param out: the stream written to (``default_out`` of
        :class:`Watcher`)
    :param colour: see :class:`Watcher`
    :param thread_info: see :class:`Watcher`
    :param task_info: see :class:`Watcher`

    :returns: the started watcher; call :meth:`Watcher.stop` to end it
    """
    # entering the context starts watching and hands back the watcher
    return Watcher(
        *logger_names,
        colour=colour,
        thread_info=thread_info,
        task_info=task_info,
        default_out=out,
        default_level=level,
    ).__enter__()
