"""Benchmarks: the same workloads on this driver and the official one.

See ``benchmarks/README.md``.  The package holds a replay Bolt server
(:mod:`benchmarks.replay_server`), the workloads
(:mod:`benchmarks.workloads`) and the runner (:mod:`benchmarks.run`).
"""
