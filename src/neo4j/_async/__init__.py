"""The asyncio driver (canonical source of the generated ``_sync`` twin)."""
