# This file is generated from testkitbackend/_async/__init__.py by bin/make-unasync; do not edit.
# make-unasync digest: f4fa482474a9b30bf4834a8fdd7c159ca6bb56bd101c25e43d8a55f1ee28206c
"""Request handlers (``_sync`` is canonical, ``_sync`` generated)."""
