"""Reads for rubric pages: the grid, its versions, and the class's proposals."""

from dataclasses import dataclass, field

from django.db.models import Count, Exists, Max, OuterRef, Prefetch, Q

from trellis.accounts.models import User
from trellis.common.access import get_visible
from trellis.curriculum.models import LearningTarget

from ..models import (
    Proposal,
    ProposalComment,
    ProposalStatus,
    ProposalVote,
    Review,
    Rubric,
    RubricVersion,
    content_hash,
)
from ..permissions import (
    can_manage_class_of,
    is_student_of,
    may_comment_on_proposal,
    rubrics_managed_by,
    rubrics_visible_to,
)
from ..rubric_content import snapshot


def get_rubric_for(user, rubric_id) -> Rubric:
    return get_visible(rubrics_visible_to(user).select_related("classroom"), rubric_id, "rubric")


def get_managed_rubric_for(user, rubric_id) -> Rubric:
    return get_visible(rubrics_managed_by(user).select_related("classroom"), rubric_id, "rubric")


def copy_destinations(user, rubric) -> list:
    """The other active classes the user manages, where a copy of ``rubric`` may go."""
    from trellis.rosters.permissions import classes_managed_by

    return list(
        classes_managed_by(user)
        .filter(is_active=True)
        .exclude(pk=rubric.classroom_id)
        .order_by("course", "section", "id")
    )


def get_proposal_for(user, proposal_id) -> Proposal:
    return get_visible(
        Proposal.objects.filter(rubric__in=rubrics_visible_to(user)).select_related("rubric"),
        proposal_id,
        "proposal",
    )


def rubrics_of(classroom):
    return classroom.rubrics.annotate(
        version_number=Max("versions__number"),
        open_proposals=Count(
            "proposals", filter=Q(proposals__status=ProposalStatus.OPEN), distinct=True
        ),
    ).order_by("title", "id")


@dataclass
class Cell:
    level: dict
    text: str
    from_student: str  # the student's name when the wording came from them, else ""


@dataclass
class Row:
    criterion: dict
    cells: list[Cell]
    contributors: list[str]


def grid(content: dict, names: dict[int, str]) -> list[Row]:
    rows = []
    for crit in content["criteria"]:
        by_level = {d["level_id"]: d for d in crit["descriptors"]}
        cells = []
        for lv in content["levels"]:
            d = by_level.get(lv["id"])
            cells.append(
                Cell(
                    level=lv,
                    text=d["text"] if d else "",
                    from_student=names.get(d["proposed_by_id"], "") if d else "",
                )
            )
        people = set(crit.get("from_student_ids", []))
        if crit.get("proposed_by_id"):
            people.add(crit["proposed_by_id"])
        rows.append(
            Row(
                criterion=crit,
                cells=cells,
                contributors=sorted(names.get(p, "a student") for p in people),
            )
        )
    return rows


def _people_in(content: dict) -> set[int]:
    ids = set()
    for crit in content["criteria"]:
        ids.update(crit.get("from_student_ids", []))
        if crit.get("proposed_by_id"):
            ids.add(crit["proposed_by_id"])
        ids.update(d["proposed_by_id"] for d in crit["descriptors"] if d["proposed_by_id"])
    return ids


@dataclass
class RubricPage:
    rubric: Rubric
    content: dict
    base_hash: str
    rows: list[Row]
    versions: list[RubricVersion]
    latest: RubricVersion | None
    used: bool
    manages: bool
    is_student: bool
    proposals: list[Proposal]
    targets: list[LearningTarget]
    exemplars: list[dict] = field(default_factory=list)

    @property
    def next_number(self) -> int:
        return (self.latest.number + 1) if self.latest else 1


def rubric_page(user, rubric: Rubric) -> RubricPage:
    """The working copy as a grid, versions, proposals with votes and comments."""
    content = snapshot(rubric)
    versions = list(rubric.versions.only("id", "number", "created_at", "content_hash"))
    latest = versions[-1] if versions else None
    used = latest is not None and Review.objects.filter(rubric_version=latest).exists()
    proposals = list(
        rubric.proposals.select_related("author", "criterion", "level", "target", "decided_by")
        .annotate(
            vote_count=Count("votes", distinct=True),
            voted_by_me=Exists(ProposalVote.objects.filter(proposal=OuterRef("pk"), voter=user)),
        )
        .prefetch_related(
            Prefetch("comments", queryset=ProposalComment.objects.select_related("author"))
        )
    )
    manages = can_manage_class_of(user, rubric.classroom_id)
    student = is_student_of(user, rubric.classroom_id)
    for p in proposals:
        p.may_comment = may_comment_on_proposal(p, rubric, manages=manages, is_student=student)
    ids = _people_in(content)
    names = {u.pk: u.name for u in User.objects.filter(pk__in=ids)} if ids else {}
    levels = {lv["id"]: lv for lv in content["levels"]}
    crits = {c["id"]: c for c in content["criteria"]}
    exemplars = [
        {**e, "level": levels.get(e["level_id"]), "criterion": crits.get(e["criterion_id"])}
        for e in content["exemplars"]
    ]
    return RubricPage(
        rubric=rubric,
        content=content,
        base_hash=content_hash(content),
        rows=grid(content, names),
        versions=versions,
        latest=latest,
        used=used,
        manages=manages,
        is_student=student,
        proposals=proposals,
        targets=list(
            LearningTarget.objects.filter(classroom_id=rubric.classroom_id, is_active=True)
        ),
        exemplars=exemplars,
    )


def version_view(rubric: Rubric, number) -> tuple[RubricVersion, list[Row]]:
    version = get_visible(rubric.versions.all(), _version_pk(rubric, number), "version")
    ids = _people_in(version.content)
    names = {u.pk: u.name for u in User.objects.filter(pk__in=ids)} if ids else {}
    return version, grid(version.content, names)


def _version_pk(rubric, number):
    try:
        return rubric.versions.filter(number=int(number)).values_list("pk", flat=True).first() or 0
    except (TypeError, ValueError):
        return 0
