"""What a teacher team's pooled rubric results read from work (trellis.collaboration calls
these through `trellis.work.queries`): the rubrics a teacher may share, a shared rubric and
its copies in the team's classes, and per criterion and level how many students were last
scored there by their teacher. Counts only: no student is named or returned."""

from dataclasses import dataclass, field

from django.db.models import Q

from ..models import CriterionScore, ReviewKind, Revision, Rubric
from ..permissions import rubrics_managed_by


def shareable_rubrics(user) -> list[Rubric]:
    """The published rubrics of the classes the user teaches (one query): a rubric is shared
    with a team once it has a version, so every copy can name where it came from."""
    return list(
        rubrics_managed_by(user)
        .filter(versions__isnull=False)
        .distinct()
        .select_related("classroom")
        .order_by("title", "id")
    )


def get_shareable_rubric_for(user, rubric_id) -> Rubric | None:
    """One of `shareable_rubrics`, or None (the caller says what was wrong)."""
    try:
        pk = int(rubric_id)
    except (TypeError, ValueError):
        return None
    return rubrics_managed_by(user).filter(pk=pk, versions__isnull=False).distinct().first()


def rubrics_by_ids(ids) -> dict[int, Rubric]:
    """Rubrics by id with their class (one query), for a team's list of shared rubrics; the
    caller decides who may see them."""
    return {r.pk: r for r in Rubric.objects.filter(pk__in=list(ids)).select_related("classroom")}


@dataclass
class RubricCounts:
    """A shared rubric's criteria and levels (titles, in order), and per class and criterion
    how many students stand at each level (by level title)."""

    criteria: list[str]
    levels: list[str]
    # class id -> criterion title -> level title -> students
    classes: dict[int, dict[str, dict[str, int]]] = field(default_factory=dict)
    rubric_of_class: dict[int, int] = field(default_factory=dict)  # class id -> rubric id
    unmatched: int = 0  # scores on a criterion or level the shared rubric does not have


def _key(text: str) -> str:
    return " ".join(text.split()).lower()


def pooled_rubric_counts(rubric: Rubric, classroom_ids) -> RubricCounts:
    """The rubric and its copies (made from any of its versions) in `classroom_ids`, and for
    each class the level each student was last given by a teacher, per criterion (a rescored
    mark counts as its newest score). Copies are matched to the shared rubric by criterion
    and level titles. Four queries whatever the number of classes and students."""
    criteria = list(rubric.criteria.filter(is_active=True).order_by("position", "id"))
    levels = list(rubric.levels.filter(is_active=True).order_by("position", "id"))
    out = RubricCounts([c.title for c in criteria], [lv.title for lv in levels])
    criterion_by_key = {_key(c.title): c.title for c in criteria}
    level_by_key = {_key(lv.title): lv.title for lv in levels}
    family = (
        Rubric.objects.filter(Q(pk=rubric.pk) | Q(copied_from__rubric=rubric))
        .filter(classroom_id__in=list(classroom_ids))
        .order_by("pk")
        .values_list("pk", "classroom_id")
    )
    for rubric_id, class_id in family:
        out.rubric_of_class.setdefault(class_id, rubric_id)  # the oldest per class
    rubric_ids = list(out.rubric_of_class.values())
    last: dict[tuple[int, str, int], str] = {}
    scores = (
        CriterionScore.objects.filter(
            review__kind=ReviewKind.TEACHER,
            review__revision__submission__assignment__rubric_id__in=rubric_ids,
            replaced_by__isnull=True,
        )
        .order_by("created_at", "id")
        .values_list(
            "review__revision__submission__assignment__classroom_id",
            "review__revision__submission__student_id",
            "criterion__title",
            "level__title",
        )
    )
    for class_id, student_id, criterion, level in scores:
        c, lv = criterion_by_key.get(_key(criterion)), level_by_key.get(_key(level))
        if c is None or lv is None:
            out.unmatched += 1
            continue
        last[(class_id, c, student_id)] = lv
    for class_id in out.rubric_of_class:
        out.classes[class_id] = {c: dict.fromkeys(out.levels, 0) for c in out.criteria}
    for (class_id, c, _student), lv in last.items():
        if class_id in out.classes:
            out.classes[class_id][c][lv] += 1
    return out


def revision_counts(classroom_ids, start, end) -> list[int]:
    """Across classes: for each student who handed work in between ``start`` and ``end``
    (dates, both included), how many revisions they made then (a teacher team's inquiry
    measure: "revisions per student"). Numbers only, no student. One query."""
    per_student: dict[tuple[int, int], int] = {}
    for class_id, student_id in Revision.objects.filter(
        submission__assignment__classroom_id__in=list(classroom_ids),
        created_at__date__gte=start,
        created_at__date__lte=end,
    ).values_list("submission__assignment__classroom_id", "submission__student_id"):
        per_student[(class_id, student_id)] = per_student.get((class_id, student_id), 0) + 1
    return sorted(per_student.values())
