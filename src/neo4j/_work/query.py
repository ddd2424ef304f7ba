"""
Query wrapper and transaction function decorator.

:class:`Query` carries transaction metadata and timeout for auto-commit
queries (``Session.run``) and ``Driver.execute_query``;
:func:`unit_of_work` attaches the same settings to a transaction function
(``Session.execute_read``/``execute_write``), where the session reads them
from the function's ``metadata`` and ``timeout`` attributes.
"""

from __future__ import annotations

import functools
import inspect
import typing as t


__all__ = [
    "Query",
    "unit_of_work",
]


if t.TYPE_CHECKING:
    # typing.LiteralString needs Python 3.11
    from typing_extensions import LiteralString


_T = t.TypeVar("_T")


class Query:
    """
    A query text together with transaction settings.

    :param text: the Cypher query
    :param metadata: transaction metadata; shown by ``SHOW TRANSACTIONS``
        and written to the server's query log
    :param timeout: transaction timeout in seconds.  The server aborts
        the transaction when it runs longer.  ``0`` means no timeout,
        :data:`None` the server's default; negative values are invalid.
    """

    text: LiteralString
    metadata: dict[str, t.Any] | None
    timeout: float | None

    def __init__(
        self,
        text: LiteralString,
        metadata: dict[str, t.Any] | None = None,
        timeout: float | None = None,
    ) -> None:
        self.text = text
        self.metadata = metadata
        self.timeout = timeout

    def __str__(self) -> LiteralString:
        # str() of a LiteralString stays a LiteralString
        return str(self.text)  # type: ignore[return-value,unused-ignore]


def unit_of_work(
    metadata: dict[str, t.Any] | None = None,
    timeout: float | None = None,
) -> t.Callable[[_T], _T]:
    """
    Attach transaction settings to a transaction function.

    Example::

        @unit_of_work(timeout=10, metadata={"app": "reports"})
        def count_people(tx):
            return tx.run("MATCH (p:Person) RETURN count(p)").single()[0]

        count = session.execute_read(count_people)

    :param metadata: transaction metadata, see :class:`Query`
    :param timeout: transaction timeout in seconds, see :class:`Query`
    :returns: a decorator; the decorated function gets ``metadata`` and
        ``timeout`` attributes
    """

    def decorate(func: _T) -> _T:
        target = t.cast(t.Callable[..., t.Any], func)
        wrapper: t.Any
        if inspect.iscoroutinefunction(target):

            @functools.wraps(target)
            async def wrapper(*args: t.Any, **kwargs: t.Any) -> t.Any:
                return await target(*args, **kwargs)

        else:

            @functools.wraps(target)
            def wrapper(*args: t.Any, **kwargs: t.Any) -> t.Any:
                return target(*args, **kwargs)

        wrapper.metadata = metadata
        wrapper.timeout = timeout
        return t.cast(_T, wrapper)

    return decorate
