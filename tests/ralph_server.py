"""Runs Ralph's LRS API in Ralph's own interpreter (`.venv-ralph/bin/python tests/ralph_server.py
HOST PORT`), configured by the RALPH_* environment tests/lrs_ralph.py sets.

Why not `ralph runserver`: it starts uvicorn with its reloader (a second process that outlives
a terminated parent), and Ralph's file-system LRS backend writes its statements file in
"create" mode, so every POST after the first fails with "already exists". Here uvicorn runs in
this one process and the backend writes in "append" mode, a mode the same backend supports;
everything the LRS does with a statement (validation, the duplicate and conflict checks,
queries) is Ralph's own code.
"""

import sys

from ralph.backends.data.base import BaseOperationType
from ralph.backends.lrs.fs import FSLRSBackend

FSLRSBackend.default_operation_type = BaseOperationType.APPEND

import uvicorn  # noqa: E402
from ralph.api import app  # noqa: E402

if __name__ == "__main__":
    uvicorn.run(app, host=sys.argv[1], port=int(sys.argv[2]), log_level="info")
