"""A frozen clock for the driver, moved only by testkit (``FakeTime*``).

The clock functions of the :mod:`time` module are replaced where the
driver looks them up: module globals bound to the ``time`` module are
pointed at a copy whose clocks are fake, globals bound to the clock
functions themselves (``from time import monotonic``) are replaced, and
so are default argument values holding them (``clock=time.monotonic``).
The global :mod:`time` module is left alone, so the event loop and the
backend keep real time.
"""

from __future__ import annotations

import sys
import time
import types
import typing as t


_CLOCKS = ("monotonic", "monotonic_ns", "perf_counter", "time", "time_ns")


class FakeClock:
    """Frozen time for the modules under ``prefixes``.

    :param prefixes: package names whose modules are patched
    """

    def __init__(self, prefixes: tuple[str, ...] = ("neo4j",)) -> None:
        self._prefixes = prefixes
        self._offset = 0.0
        self._undo: list[t.Callable[[], None]] = []
        start_mono = time.monotonic()
        start_wall = time.time()
        start_perf = time.perf_counter()
        fakes: dict[str, t.Callable[[], t.Any]] = {
            "monotonic": lambda: start_mono + self._offset,
            "monotonic_ns": lambda: int((start_mono + self._offset) * 1e9),
            "perf_counter": lambda: start_perf + self._offset,
            "time": lambda: start_wall + self._offset,
            "time_ns": lambda: int((start_wall + self._offset) * 1e9),
        }
        self._by_original: dict[int, t.Callable[[], t.Any]] = {
            id(getattr(time, name)): fake for name, fake in fakes.items()
        }
        proxy = types.ModuleType("time", time.__doc__)
        proxy.__dict__.update(
            {k: v for k, v in vars(time).items() if not k.startswith("__")}
        )
        proxy.__dict__.update(fakes)
        self._proxy = proxy

    @property
    def installed(self) -> bool:
        return bool(self._undo)

    def tick(self, seconds: float) -> None:
        """Move the clock forward."""
        self._offset += seconds

    def install(self) -> None:
        """Freeze the clocks of every loaded module under the prefixes."""
        for name, module in list(sys.modules.items()):
            if module is None or not self._wanted(name):
                continue
            self._patch_namespace(module)

    def uninstall(self) -> None:
        """Give the modules their real clocks back."""
        while self._undo:
            self._undo.pop()()

    def _wanted(self, name: str) -> bool:
        return any(
            name == prefix or name.startswith(prefix + ".")
            for prefix in self._prefixes
        )

    def _replacement(self, value: t.Any) -> t.Any:
        if value is time:
            return self._proxy
        if callable(value):
            return self._by_original.get(id(value))
        return None

    def _patch_namespace(self, module: types.ModuleType) -> None:
        for attr, value in list(vars(module).items()):
            new = self._replacement(value)
            if new is not None:
                self._set(module, attr, value, new)
            elif isinstance(value, types.FunctionType):
                self._patch_defaults(value)
            elif isinstance(value, type) and value.__module__ == (
                module.__name__
            ):
                for member in vars(value).values():
                    func = getattr(member, "__func__", member)
                    if isinstance(func, types.FunctionType):
                        self._patch_defaults(func)

    def _set(self, owner: t.Any, attr: str, old: t.Any, new: t.Any) -> None:
        setattr(owner, attr, new)
        self._undo.append(lambda: setattr(owner, attr, old))

    def _patch_defaults(self, func: types.FunctionType) -> None:
        defaults = func.__defaults__
        if defaults and any(self._replacement(d) for d in defaults):
            new = tuple(self._replacement(d) or d for d in defaults)
            self._set(func, "__defaults__", defaults, new)
        kwdefaults = func.__kwdefaults__
        if kwdefaults and any(
            self._replacement(d) for d in kwdefaults.values()
        ):
            new_kw = {
                k: self._replacement(d) or d for k, d in kwdefaults.items()
            }
            self._set(func, "__kwdefaults__", kwdefaults, new_kw)
