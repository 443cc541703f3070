"""What the roster import (trellis.rosters.oneroster) writes here, in bulk: guardians linked
to students by OneRoster `agentSourcedIds`, links the roster no longer lists ended, and the
under-13 band from a birth date in demographics.csv. Called inside the import's transaction;
a fixed number of queries per batch, whatever the number of pairs."""

from django.utils import timezone
from django.utils.translation import gettext

from trellis.accounts.models import Role, User
from trellis.common.errors import UserError

from ..models import Collection, GuardianLink, StudentAge, effective_audience

ROSTER = "roster"


def link_guardians(pairs, source: str = ROSTER) -> int:
    """Link each (guardian id, student id) pair, re-opening a link that had ended; returns how
    many links were made or re-opened. A pair that does not join a guardian to a student is
    refused as a whole (the importer checks roles first, so this is a programming error)."""
    pairs = set(pairs)
    if not pairs:
        return 0
    ids = {g for g, _ in pairs} | {s for _, s in pairs}
    roles = dict(User.objects.filter(pk__in=ids).values_list("pk", "role"))
    if any(roles.get(g) != Role.GUARDIAN or roles.get(s) != Role.STUDENT for g, s in pairs):
        raise UserError(gettext("A link joins a guardian to a student."), field="guardian")
    existing = {
        (link.guardian_id, link.student_id): link
        for link in GuardianLink.objects.filter(
            guardian_id__in={g for g, _ in pairs}, student_id__in={s for _, s in pairs}
        )
    }
    new = [
        GuardianLink(guardian_id=g, student_id=s, source=source)
        for g, s in sorted(pairs)
        if (g, s) not in existing
    ]
    reopen = [existing[p].pk for p in pairs if p in existing and existing[p].ended_at]
    GuardianLink.objects.bulk_create(new)
    if reopen:
        GuardianLink.objects.filter(pk__in=reopen).update(
            ended_at=None, source=source, updated_at=timezone.now()
        )
    return len(new) + len(reopen)


def end_roster_links(pairs) -> int:
    """End the roster's links for these (guardian id, student id) pairs (the roster no longer
    lists them); links made with a family code are the school's, not the roster's, and stay."""
    pairs = set(pairs)
    if not pairs:
        return 0
    links = GuardianLink.objects.filter(
        guardian_id__in={g for g, _ in pairs},
        student_id__in={s for _, s in pairs},
        source=ROSTER,
        ended_at__isnull=True,
    ).values_list("pk", "guardian_id", "student_id")
    ids = [pk for pk, g, s in links if (g, s) in pairs]
    return GuardianLink.objects.filter(pk__in=ids).update(
        ended_at=timezone.now(), updated_at=timezone.now()
    )


def record_roster_ages(bands: dict[int, bool]) -> int:
    """Record the under-13 band of each student id from the roster; an age the school's admin
    set by hand is kept. Each changed student's collections are re-checked at once. Returns
    how many students' bands were recorded or changed."""
    if not bands:
        return 0
    held = {a.student_id: a for a in StudentAge.objects.filter(student_id__in=list(bands.keys()))}
    now = timezone.now()
    new, changed = [], []
    for student_id, under in bands.items():
        row = held.get(student_id)
        if row is None:
            new.append(StudentAge(student_id=student_id, under_13=under, source=ROSTER))
        elif row.source == ROSTER and row.under_13 != under:
            row.under_13, row.updated_at = under, now
            changed.append(row)
    StudentAge.objects.bulk_create(new)
    StudentAge.objects.bulk_update(changed, ["under_13", "updated_at"])
    moved = {r.student_id: r.under_13 for r in [*new, *changed]}
    if moved:
        rows = list(Collection.objects.filter(student_id__in=list(moved)))
        for c in rows:
            c.effective_audience = effective_audience(
                c.audience, c.approved_audience, c.consented_audience, moved[c.student_id]
            )
        Collection.objects.bulk_update(rows, ["effective_audience"])
    return len(moved)
