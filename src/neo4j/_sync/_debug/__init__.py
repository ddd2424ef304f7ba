# This file is generated from src/neo4j/_async/_debug/__init__.py by bin/make-unasync; do not edit.
# make-unasync digest: 9bbd4e63fe824e516e3637b50ab4219d797508be89b916f0282be91005fe0d47
"""Debug-mode checks of how the application uses the driver."""
