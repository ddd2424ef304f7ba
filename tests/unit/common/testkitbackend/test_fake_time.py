from __future__ import annotations

import sys
import time
import types

from testkitbackend._fake_time import FakeClock


def _module(name: str, source: str) -> types.ModuleType:
    module = types.ModuleType(name)
    exec(source, module.__dict__)
    sys.modules[name] = module
    return module


def test_fake_clock_patches_globals_imports_and_defaults() -> None:
    mod = _module(
        "fakeclockpkg.mod",
        "import time\n"
        "from time import monotonic\n"
        "def now(clock=time.monotonic):\n"
        "    return clock()\n"
        "class C:\n"
        "    def at(self, *, clock=time.time):\n"
        "        return clock()\n",
    )
    try:
        clock = FakeClock(prefixes=("fakeclockpkg",))
        clock.install()
        assert clock.installed
        frozen = (mod.time.monotonic(), mod.monotonic(), mod.now())
        wall = mod.C().at()
        assert frozen[0] == frozen[1] == frozen[2]
        clock.tick(2.5)
        assert mod.time.monotonic() == frozen[0] + 2.5
        assert mod.monotonic() == frozen[0] + 2.5
        assert mod.now() == frozen[0] + 2.5
        assert mod.C().at() == wall + 2.5
        # the real time module is untouched
        assert time.monotonic is not mod.time.monotonic
        clock.uninstall()
        assert not clock.installed
        assert mod.time is time
        assert mod.monotonic is time.monotonic
        assert mod.now.__defaults__ == (time.monotonic,)
        assert mod.C.at.__kwdefaults__ == {"clock": time.time}
    finally:
        del sys.modules["fakeclockpkg.mod"]


def test_fake_clock_leaves_other_modules_alone() -> None:
    mod = _module("otherpkg_fc", "import time\n")
    try:
        clock = FakeClock(prefixes=("fakeclockpkg",))
        clock.install()
        assert mod.time is time
        clock.uninstall()
    finally:
        del sys.modules["otherpkg_fc"]
