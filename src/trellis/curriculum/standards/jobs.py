"""A large CASE package imports in the background (the same action, one transaction).

The page keeps the uploaded package in default storage under a generated name and queues the
job with that name; the job imports it and removes the file. A retry reads the same file, and
importing twice changes nothing the second time.
"""

import uuid

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from trellis.common.jobs import enqueue, job

from .actions import import_case_package
from .case import CaseInvalid

# Packages above this size import as a job rather than in the request.
INLINE_BYTES = 2 * 1024 * 1024


@job(max_attempts=2, retry_delay=30)
def import_case_job(progress, user_id: int, classroom_id: int, stored: str):
    progress.start(total=1, message="Importing the standards package")
    user = get_user_model().objects.get(pk=user_id)
    with default_storage.open(stored, "rb") as fh:
        raw = fh.read()
    try:
        report = import_case_package(user, classroom_id, raw)
    except CaseInvalid as exc:
        default_storage.delete(stored)
        return {"ok": False, "problems": exc.problems}
    default_storage.delete(stored)
    progress.advance(item="imported")
    return {"ok": True, **report.__dict__}


def queue_import(user, classroom_id: int, raw: bytes):
    stored = default_storage.save(f"case-imports/{uuid.uuid4().hex}.json", ContentFile(raw))
    return enqueue(import_case_job, user.pk, int(classroom_id), stored)
