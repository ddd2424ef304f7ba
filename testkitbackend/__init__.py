"""Server side of the testkit protocol for this driver.

Testkit, the cross-driver conformance suite, connects to this backend
over TCP and sends it JSON requests ("create a driver", "run this
query", "give me the next record"...).  The backend performs them with
the driver's public API and answers with JSON responses.

The request handlers are written once, async, in
:mod:`testkitbackend._async`; :mod:`testkitbackend._sync` is generated
from them by ``bin/make-unasync``.  Everything else in this package
(framing, value conversion, error mapping, configuration, fake time and
the TCP servers) does no driver I/O and is shared by both twins.

Run it with ``python -m testkitbackend [--sync|--async]``.
"""
