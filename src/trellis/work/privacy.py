"""What work holds about a person (see trellis.privacy.declarations).

Her own submissions go, with their files. What classmates depend on stays with a stand-in:
reviews and feedback she gave, her proposals (classmates voted and commented on them), her
votes and comments, and the rubric versions that record who proposed a criterion.
"""

from django.db import transaction

from trellis.privacy.declarations import Declaration, Erase, register


def _revision_files(revisions):
    for r in revisions:
        if r.stored_name:
            yield r.stored_name, f"revision-{r.pk}-{r.original_name or r.stored_name}"


def _more_files(files):
    for f in files:
        if f.position:  # the first file is exported with its revision
            yield f.stored_name, f"revision-{f.revision_id}-{f.position}-{f.original_name}"


def _rubric_content(person, stand_in):
    """Rubric versions name proposers by id inside their content; the stand-in takes over."""
    from .models import RubricVersion, content_hash

    def swap(node):
        if isinstance(node, dict):
            out = {}
            for k, v in node.items():
                if k == "proposed_by_id" and v == person.pk:
                    v = stand_in.pk
                elif k == "from_student_ids" and isinstance(v, list):
                    v = sorted(stand_in.pk if x == person.pk else x for x in v)
                out[k] = swap(v)
            return out
        if isinstance(node, list):
            return [swap(v) for v in node]
        return node

    rows = []
    school_versions = RubricVersion._base_manager.filter(
        rubric__classroom__school_id=person.school_id
    )
    for v in school_versions.iterator():
        new = swap(v.content)
        if new != v.content:
            v.content, v.content_hash = new, content_hash(new)
            rows.append(v)
    RubricVersion._base_manager.bulk_update(rows, ["content", "content_hash"])


def _delete_files(person, stand_in):
    from .models import Revision, RevisionFile

    names = [
        n
        for n in Revision._base_manager.filter(submission__student=person).values_list(
            "stored_name", flat=True
        )
        if n
    ] + list(
        RevisionFile.objects.filter(revision__submission__student=person).values_list(
            "stored_name", flat=True
        )
    )

    def remove():
        from django.core.files.storage import default_storage

        for n in names:
            if default_storage.exists(n):
                default_storage.delete(n)

    transaction.on_commit(remove)


def _rubric_versions_from(person, stand_in):
    _rubric_content(person, stand_in)
    _delete_files(person, stand_in)


register(
    Declaration("work.Rubric", "Rubrics you made.", {"created_by": Erase.DEIDENTIFY}),
    Declaration(
        "work.RubricCriterion",
        "Rubric criteria that came from your proposals.",
        {"proposed_by": Erase.DEIDENTIFY},
    ),
    Declaration(
        "work.Descriptor",
        "Rubric wording that came from your proposals.",
        {"proposed_by": Erase.DEIDENTIFY},
    ),
    Declaration("work.Exemplar", "Exemplars you added.", {"added_by": Erase.DEIDENTIFY}),
    Declaration(
        "work.RubricVersion",
        "Rubric versions you saved, or that name you as a proposer.",
        {"created_by": Erase.DEIDENTIFY},
        erase_with=_rubric_versions_from,
        indirect=("content.criteria[].proposed_by_id", "content.criteria[].from_student_ids"),
    ),
    Declaration(
        "work.Proposal",
        "Your proposals for a rubric (classmates voted and commented, so they stay, unnamed).",
        {"author": Erase.DEIDENTIFY, "decided_by": Erase.DEIDENTIFY},
    ),
    Declaration(
        "work.ProposalVote", "Your votes on rubric proposals.", {"voter": Erase.KEEP_AGGREGATE}
    ),
    Declaration(
        "work.ProposalComment",
        "Your comments on rubric proposals.",
        {"author": Erase.DEIDENTIFY},
    ),
    Declaration("work.Assignment", "Assignments you set.", {"created_by": Erase.DEIDENTIFY}),
    Declaration(
        "work.Submission", "Your work on each assignment.", {"student": Erase.DELETE}, order=10
    ),
    Declaration(
        "work.Revision",
        "Each version of your work you handed in (the files are in files/).",
        {"submission__student": Erase.DELETE},
        files=_revision_files,
    ),
    Declaration(
        "work.RevisionFile",
        "The files handed in with each revision (the files are in files/).",
        {"revision__submission__student": Erase.DELETE},
        files=_more_files,
    ),
    Declaration(
        "work.Review",
        "Reviews you wrote: self-assessments, of classmates' work, or as a teacher.",
        {"reviewer": Erase.KEEP_AGGREGATE},
    ),
    Declaration(
        "work.FeedbackItem",
        "Feedback given on your work.",
        {"review__revision__submission__student": Erase.DELETE},
    ),
    Declaration(
        "work.FeedbackReply",
        "Your replies to feedback.",
        {"author": Erase.DEIDENTIFY},
    ),
    Declaration(
        "work.PeerAssignment",
        "Who was asked to review whose work, where you are one of them.",
        {"reviewer": Erase.KEEP_AGGREGATE, "author": Erase.DELETE},
    ),
    Declaration(
        "work.SummativeMark", "Marks you gave as a teacher.", {"marked_by": Erase.DEIDENTIFY}
    ),
    Declaration(
        "work.BankComment",
        "Comments you keep in your comment bank for marking.",
        {"owner": Erase.DELETE},
    ),
)
