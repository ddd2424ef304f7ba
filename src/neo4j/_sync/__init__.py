# This file is generated from src/neo4j/_async/__init__.py by bin/make-unasync; do not edit.
# make-unasync digest: 88dd505e084a16b7202d56d12e7f35419a2165bf2016be45ed950f7ffbeb6148
"""The asyncio driver (canonical source of the generated ``_sync`` twin)."""
