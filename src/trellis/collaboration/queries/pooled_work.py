"""Pooled results of a team's common task and common rubric, with small numbers hidden.

- A **common task** is a task a member shared with the team and the copies teammates made of
  it in their classes: how many students stand in each release-board phase, per class and
  for the team (phases read through `trellis.progression.queries`).
- A **common rubric** is a rubric a member shared as the team's rubric and its copies: per
  criterion, how many students their teacher last placed at each level, per class and for the
  team (read through `trellis.work.queries`).

Both are two-way tables (classes × phases or levels) suppressed by
`small_numbers.protect_table`: no entry under 10 students is shown, and none can be worked
back by subtracting shown entries from a row's or a column's total."""

from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext_lazy

from trellis.common.access import get_visible
from trellis.curriculum.models import Task
from trellis.curriculum.permissions import tasks_shared_with
from trellis.grr import Phase
from trellis.progression import queries as progression_queries
from trellis.work import queries as work_queries

from ..models import TeacherTeam, TeamRubric
from .pooled import Distribution, distribution
from .teams import team_classes, team_teacher_ids

# The release board's four phases; a student whose task is complete was released, so counts
# with independent practice (a fifth, mostly empty column would only hide more figures).
PHASE_COLUMNS = [
    (Phase.MODELING, gettext_lazy("Modeling")),
    (Phase.CO_CONSTRUCTION, gettext_lazy("Co-construction")),
    (Phase.GUIDED, gettext_lazy("Guided practice")),
    (Phase.INDEPENDENT, gettext_lazy("Independent practice or complete")),
]


def _four(counts: dict) -> dict:
    out = {p: counts.get(p, 0) for p, _ in PHASE_COLUMNS}
    out[Phase.INDEPENDENT] += counts.get(Phase.COMPLETE, 0)
    return out


@dataclass
class PooledPhases:
    task: Task
    distribution: Distribution
    n_classes: int  # classes of the team with the task or a copy of it


def get_common_task_for(user, team: TeacherTeam, task_id) -> Task:
    """A task a member of `team` shared with the team (the user is a member): else 404."""
    return get_visible(
        tasks_shared_with(user).filter(created_by__in=team_teacher_ids(team)), task_id, "task"
    )


def pooled_phases(team: TeacherTeam, task: Task) -> PooledPhases:
    """Per class of the team that has the task (or a teammate's copy of it): how many
    students are in each phase. Five queries, whatever the number of classes and students."""
    classes = list(team_classes(team))
    names = {c.pk: c.name for c in classes}
    family = list(
        Task.objects.filter(Q(pk=task.pk) | Q(copied_from=task), is_active=True)
        .filter(classroom_id__in=list(names))
        .order_by("pk")
    )
    per_class: dict[int, Task] = {}
    for t in family:
        per_class.setdefault(t.classroom_id, t)  # the oldest copy in a class
    counts = progression_queries.phase_counts(per_class.values())
    order = [c.pk for c in classes if c.pk in per_class]
    rows = [(cid, names[cid], _four(counts[per_class[cid].pk])) for cid in order]
    return PooledPhases(task, distribution(PHASE_COLUMNS, rows), len(order))


# ---------------------------------------------------------------- common rubrics


def get_team_rubric_for(team: TeacherTeam, team_rubric_id) -> TeamRubric:
    return get_visible(team.rubrics.all(), team_rubric_id, "rubric")


@dataclass
class CriterionResult:
    title: str
    distribution: Distribution


@dataclass
class PooledRubric:
    title: str
    levels: list[str]
    criteria: list[CriterionResult] = field(default_factory=list)
    n_classes: int = 0
    unmatched: int = 0


def pooled_rubric(team: TeacherTeam, shared: TeamRubric) -> PooledRubric:
    """Per criterion: each class's (and the team's) students at each level. Seven queries,
    whatever the number of classes, criteria and students."""
    classes = list(team_classes(team))
    names = {c.pk: c.name for c in classes}
    rubric = work_queries.rubrics_by_ids([shared.rubric_id])[shared.rubric_id]
    counts = work_queries.pooled_rubric_counts(rubric, list(names))
    order = [c.pk for c in classes if c.pk in counts.classes]
    columns = [(lv, lv) for lv in counts.levels]
    out = PooledRubric(rubric.title, counts.levels, n_classes=len(order))
    out.unmatched = counts.unmatched
    for criterion in counts.criteria:
        rows = [(cid, names[cid], counts.classes[cid][criterion]) for cid in order]
        out.criteria.append(CriterionResult(criterion, distribution(columns, rows)))
    return out
