"""Request handlers (``_async`` is canonical, ``_sync`` generated)."""
