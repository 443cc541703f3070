"""Database helpers every app may use."""

import threading
from contextlib import contextmanager

from django.db import connection, transaction

# SQLite has one writer at a time. Its own busy wait polls with growing sleeps, and under a
# burst (a class of 40 answering at once on one threaded server) waiters can starve past the
# timeout into "database is locked". Threads of this process therefore queue here, in order,
# before they begin a write transaction; the transaction itself holds only the writes.
# PostgreSQL needs none of this and gets a plain transaction.
_SQLITE_WRITES = threading.Lock()


@contextmanager
def write_transaction():
    """A transaction for a burst-prone write (answers, signals): queued fairly on SQLite."""
    if connection.vendor == "sqlite" and not connection.in_atomic_block:
        with _SQLITE_WRITES, transaction.atomic():
            yield
    else:
        with transaction.atomic():
            yield
