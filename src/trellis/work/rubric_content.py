"""A rubric version's content: building the snapshot and reading scores out of it.

Levels are listed lowest first. A level's score, normalised 0..1, is its points over the
highest points in the version; when the rubric has no points, it is its place in the order
(lowest 0, highest 1). The score is fixed when given, so later edits never move it.
"""

from .models import Descriptor, Exemplar, Proposal, ProposalKind, ProposalStatus, Rubric


def snapshot(rubric: Rubric) -> dict:
    levels = list(rubric.levels.filter(is_active=True).order_by("position", "id"))
    criteria = list(
        rubric.criteria.filter(is_active=True).select_related("target").order_by("position", "id")
    )
    descriptors = {}
    for d in Descriptor.objects.filter(criterion__in=criteria, level__in=levels):
        descriptors[(d.criterion_id, d.level_id)] = d
    contributors = {}
    # Credit goes where the contribution landed: a criterion proposal credits the criterion;
    # wording for one level is credited on that level's descriptor (its proposed_by), never
    # on the whole criterion.
    for p in Proposal.objects.filter(
        rubric=rubric,
        kind=ProposalKind.CRITERION,
        status__in=[ProposalStatus.ACCEPTED, ProposalStatus.MERGED],
        result_criterion__isnull=False,
    ):
        contributors.setdefault(p.result_criterion_id, set()).add(p.author_id)
    exemplars = list(
        Exemplar.objects.filter(rubric=rubric, level__in=levels).order_by("level__position", "id")
    )
    return {
        "title": rubric.title,
        "description": rubric.description,
        "levels": [{"id": lv.pk, "title": lv.title, "points": lv.points} for lv in levels],
        "criteria": [
            {
                "id": c.pk,
                "title": c.title,
                "description": c.description,
                "target_id": c.target_id,
                "target": c.target.statement if c.target else "",
                "proposed_by_id": c.proposed_by_id,
                "from_student_ids": sorted(contributors.get(c.pk, set())),
                "descriptors": [
                    {
                        "level_id": lv.pk,
                        "text": descriptors[(c.pk, lv.pk)].text,
                        "proposed_by_id": descriptors[(c.pk, lv.pk)].proposed_by_id,
                    }
                    for lv in levels
                    if (c.pk, lv.pk) in descriptors
                ],
            }
            for c in criteria
        ],
        "exemplars": [
            {
                "id": e.pk,
                "level_id": e.level_id,
                "criterion_id": e.criterion_id,
                "title": e.title,
                "body": e.body,
            }
            for e in exemplars
            if e.criterion_id is None or any(c.pk == e.criterion_id for c in criteria)
        ],
    }


def scaled_for(content: dict, level_id: int) -> float:
    levels = content["levels"]
    ids = [lv["id"] for lv in levels]
    if level_id not in ids:
        raise KeyError(level_id)
    points = [lv["points"] for lv in levels]
    if any(p is not None for p in points):
        top = max(p or 0 for p in points)
        mine = levels[ids.index(level_id)]["points"] or 0
        return round(mine / top, 4) if top else 0.0
    if len(levels) == 1:
        return 1.0
    return round(ids.index(level_id) / (len(levels) - 1), 4)


def criterion(content: dict, criterion_id: int) -> dict | None:
    return next((c for c in content["criteria"] if c["id"] == criterion_id), None)


def level(content: dict, level_id: int | None) -> dict | None:
    return next((lv for lv in content["levels"] if lv["id"] == level_id), None)


def descriptor_text(crit: dict, level_id: int) -> str:
    return next((d["text"] for d in crit["descriptors"] if d["level_id"] == level_id), "")
