"""The one write of the audit log: add an entry. Call it inside the transaction of the change
it records, so that the change and its entry are written together or not at all."""

from collections.abc import Iterable

from trellis.accounts.models import School, User
from trellis.common.errors import NotFound

from .labels import ref
from .models import AuditEntry

MAX_SUMMARY = 300


def record(
    actor: User | str | None,
    action: str,
    *,
    school: School | int | None,
    targets: Iterable = (),
    summary: str = "",
) -> AuditEntry:
    """Record that `actor` did `action` to `targets` (model instances or references such as
    "user:12") in `school`.

    `actor` is the person who acted, or a short name for the system (e.g. "import-roster" for
    the nightly sync), or None for the system with no more detail.
    """
    if isinstance(actor, User):
        actor_user, actor_ref = actor, ref(actor)
    else:
        actor_user, actor_ref = None, f"system:{actor or 'trellis'}"
    if not action or len(action) > 64:
        raise ValueError("An audit action is a short name such as “people.deactivate”.")
    refs = list(dict.fromkeys(ref(t) for t in targets))  # unique, in order
    summary = " ".join((summary or "").split())
    if len(summary) > MAX_SUMMARY:
        summary = summary[: MAX_SUMMARY - 1] + "…"
    school_id = school.pk if isinstance(school, School) else school
    return AuditEntry.objects.create(
        school_id=school_id,
        actor=actor_user,
        actor_ref=actor_ref,
        action=action,
        targets=f" {' '.join(refs)} " if refs else "",
        summary=summary,
    )


def export_log(user: User, filters):
    """The entries an admin exports (audit.queries.Filters), after recording the export
    itself: the log says who did what to whom, so taking a copy of it is an act to keep."""
    from .permissions import can_see_audit
    from .queries import export_rows_for

    if not can_see_audit(user):
        raise NotFound("page")
    described = ", ".join(
        f"{what} {value}"
        for what, value in (("action", filters.action), ("person", filters.person))
        if value
    )
    record(
        user,
        "audit.export",
        school=user.school_id,
        summary=f"Exported the audit log as CSV ({described or 'every entry'})",
    )
    return export_rows_for(user, filters)
