"""Imports started from a page or the nightly command, and linking a school to its record
in the information system. Permission first; each import that writes (or is refused) is kept
as a RosterRun and recorded in the audit log. Dry runs write nothing, not even those."""

from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_noop

from trellis.accounts.models import School, User
from trellis.audit import actions as audit
from trellis.common.errors import NotFound, UserError
from trellis.rosters.models import RosterRun

from . import spec
from .importer import Options, import_set
from .permissions import can_import_roster, can_import_simple
from .report import Problem, Report
from .simple import import_simple_csv

KEPT_PROBLEMS = 200  # a run keeps its first problems; the command prints them all


def import_roster_upload(user: User, upload, *, dry_run: bool = False) -> Report:
    """A school admin's OneRoster .zip, for their own school only."""
    if not can_import_roster(user):
        raise NotFound("page")
    if upload.size > spec.MAX_UPLOAD_BYTES:
        report = Report(dry_run=dry_run)
        report.problems.append(
            Problem(
                gettext_noop(
                    "The file is %(size)s MB; uploads may be at most %(limit)s MB. Leave out "
                    "files Trellis does not use (results, lineItems...), or ask your operator "
                    "to run `trellis import-roster` on the server."
                ),
                file=upload.name,
                params={
                    "size": round(upload.size / (1024 * 1024)),
                    "limit": spec.MAX_UPLOAD_BYTES // (1024 * 1024),
                },
            )
        )
        return report
    school = School.objects.get(pk=user.school_id)
    started = timezone.now()
    report = import_set(upload, Options(for_school=school, dry_run=dry_run))
    if not dry_run:
        keep_run(
            report,
            school=school,
            actor=user,
            trigger=RosterRun.Trigger.UPLOAD,
            source=upload.name,
            started_at=started,
        )
    return report


def sync_roster(
    source, *, school: str | None = None, dry_run: bool = False, progress=None, trigger=None
) -> tuple[Report, RosterRun | None]:
    """The nightly sync (``trellis import-roster`` from cron): import the set at `source` (a
    folder, a .zip, or a drop folder holding the newest .zip) and keep its report."""
    started = timezone.now()
    report = import_set(source, Options(school=school, dry_run=dry_run, progress=progress))
    if dry_run:
        return report, None
    wanted = school or (report.schools[0] if len(report.schools) == 1 else None)
    target = School.objects.filter(sourced_id=wanted).first() if wanted else None
    run = keep_run(
        report,
        school=target,
        actor=None,
        trigger=trigger or RosterRun.Trigger.COMMAND,
        source=str(source),
        started_at=started,
    )
    return report, run


def _changes(report: Report) -> dict:
    # Kept in English (kinds and reasons as keys): the page translates them when shown.
    return {
        "kinds": [{k: v for k, v in row.items() if k != "label"} for row in report.rows()],
        "files": report.file_totals(),
        "ignored": [
            [list(reason) if isinstance(reason, tuple) else reason, n]
            for reason, n in sorted(report.ignored.items(), key=lambda item: str(item[0]))
        ],
        "ignored_files": report.ignored_files,
        "missing": dict(report.missing),
    }


@transaction.atomic
def keep_run(report: Report, *, school, actor, trigger, source, started_at) -> RosterRun:
    """Problems and notes are kept as their English source and values (Problem.stored), and
    shown in the reader's language; the summary and the audit entry are kept in English."""
    with translation.override("en"):
        summary = report.summary()
    run = RosterRun.objects.create(
        school=school,
        started_by=actor,
        trigger=trigger,
        source=str(source)[:500],
        started_at=started_at,
        finished_at=timezone.now(),
        ok=report.ok,
        summary=summary[:300],
        changes=_changes(report),
        problem_count=len(report.problems),
        problems=[p.stored() for p in report.problems[:KEPT_PROBLEMS]],
        notes=[n.stored() for n in report.notes]
        + [{**w.stored(), "warning": True} for w in report.warnings],
    )
    if school is not None:
        action = "roster.import" if report.ok else "roster.import_refused"
        if trigger == RosterRun.Trigger.COMMAND or trigger == RosterRun.Trigger.TASK:
            action = "roster.sync"
        audit.record(
            actor if actor is not None else "import-roster",
            action,
            school=school,
            targets=[f"rosterrun:{run.pk}"],
            summary=summary,
        )
    return run


def link_school(admin: User, sourced_id: str, name: str, confirmed: bool) -> School:
    """Link the admin's school, made by hand in Trellis, to the information system's school
    `sourced_id` (called "`name`" there), once the admin confirmed they are the same school.
    The next import then updates it, its name included."""
    if not can_import_roster(admin):
        raise NotFound("page")
    sourced_id = (sourced_id or "").strip()
    if not confirmed:
        raise UserError(
            gettext(
                "Tick the box to confirm that your school is “%(name)s” in the "
                "information system; nothing was linked."
            )
            % {"name": name},
            field="confirm",
        )
    if not sourced_id or len(sourced_id) > spec.MAX_SOURCED_ID:
        raise UserError(
            gettext("The school's sourcedId is missing: import the set again."), field="confirm"
        )
    with transaction.atomic():
        school = School.objects.select_for_update().get(pk=admin.school_id)
        if school.sourced_id:
            raise UserError(
                gettext(
                    "%(name)s is already linked to the information system's school "
                    "%(sourced_id)s; it cannot be linked to another."
                )
                % {"name": school.name, "sourced_id": school.sourced_id},
                field="confirm",
            )
        if School.objects.filter(sourced_id=sourced_id).exists():
            raise UserError(
                gettext(
                    "The information system's school %(sourced_id)s is already linked to "
                    "another Trellis school; one record cannot belong to two schools. Ask "
                    "your Trellis operator."
                )
                % {"sourced_id": sourced_id},
                field="confirm",
            )
        school.sourced_id = sourced_id
        try:
            with transaction.atomic():
                school.save(update_fields=["sourced_id", "updated_at"])
        except IntegrityError:
            raise UserError(
                gettext(
                    "The information system's school %(sourced_id)s was just linked to "
                    "another Trellis school. Ask your Trellis operator."
                )
                % {"sourced_id": sourced_id},
                field="confirm",
            ) from None
        audit.record(
            admin,
            "roster.link_school",
            school=school,
            targets=[school],
            summary=f"Linked {school.name} to the information system's school “{name}” "
            f"({sourced_id})",
        )
    return school


def import_simple_upload(user: User, upload, *, dry_run: bool = False) -> Report:
    """A teacher's (or admin's) class list: name, email, role, class."""
    if not can_import_simple(user):
        raise NotFound("page")
    return import_simple_csv(user, upload, dry_run=dry_run)
