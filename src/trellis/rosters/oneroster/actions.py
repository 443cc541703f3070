"""Imports started from a page: permission first, then the import (one transaction inside)."""

from trellis.accounts.models import School, User
from trellis.common.errors import NotFound

from . import spec
from .importer import Options, import_set
from .permissions import can_import_roster, can_import_simple
from .report import Problem, Report
from .simple import import_simple_csv


def import_roster_upload(user: User, upload, *, dry_run: bool = False) -> Report:
    """A school admin's OneRoster .zip, for their own school only."""
    if not can_import_roster(user):
        raise NotFound("page")
    if upload.size > spec.MAX_UPLOAD_BYTES:
        report = Report(dry_run=dry_run)
        report.problems.append(
            Problem(
                f"The file is {upload.size / (1024 * 1024):.0f} MB; uploads may be at most "
                f"{spec.MAX_UPLOAD_BYTES // (1024 * 1024)} MB. Leave out files Trellis does "
                "not use (results, lineItems...), or ask your operator to run "
                "`trellis import-roster` on the server.",
                file=upload.name,
            )
        )
        return report
    school = School.objects.get(pk=user.school_id)
    return import_set(upload, Options(for_school=school, dry_run=dry_run))


def import_simple_upload(user: User, upload, *, dry_run: bool = False) -> Report:
    """A teacher's (or admin's) class list: name, email, role, class."""
    if not can_import_simple(user):
        raise NotFound("page")
    return import_simple_csv(user, upload, dry_run=dry_run)
