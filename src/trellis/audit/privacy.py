"""What the audit log holds about a person (see trellis.privacy.declarations).

Entries stay (they are the school's record of what was done), with the stand-in in place of
the person: as actor, in the references ("user:12") and in summaries that named them.
"""

from trellis.privacy.declarations import Declaration, Erase, register


def _rewrite_references(person, stand_in):
    from django.db.models import Q

    from .labels import ref
    from .models import AuditEntry

    old, new = ref(person), ref(stand_in)
    names = {n for n in (person.username, person.name, person.get_full_name(), person.email) if n}
    rows = []
    entries = AuditEntry._base_manager.filter(
        Q(actor=person) | Q(actor_ref=old) | Q(targets__contains=f" {old} ")
    )
    for e in entries:
        e.actor_ref = new if e.actor_ref == old else e.actor_ref
        e.targets = e.targets.replace(f" {old} ", f" {new} ")
        for n in sorted(names, key=len, reverse=True):
            e.summary = e.summary.replace(n, stand_in.name)
        rows.append(e)
    AuditEntry._base_manager.bulk_update(rows, ["actor_ref", "targets", "summary"])


register(
    Declaration(
        "audit.AuditEntry",
        "What you did as an administrator, teacher or system user, from the audit log.",
        {"actor": Erase.KEEP_AGGREGATE},
        erase_with=_rewrite_references,
        indirect=("actor_ref", "targets", "summary"),
    ),
)
