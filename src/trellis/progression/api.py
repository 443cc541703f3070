"""/api/v1: the release board as data, a student's own phases, and moves."""

from django.utils.translation import gettext
from ninja import Router, Schema

from trellis.common.access import get_visible
from trellis.common.errors import UserError

from . import actions, queries
from .engine import phase_from_name, phase_name
from .queries._common import _target_ids

router = Router(tags=["progression"])


class CellOut(Schema):
    task_id: int
    student_id: int
    phase: str
    version: int
    mastery: float | None
    confidence: float | None
    recommendation: str
    recommended_phase: str
    reason: str
    help_requested: bool


class TaskOut(Schema):
    id: int
    title: str
    target_ids: list[int]


class GroupOut(Schema):
    task_id: int
    label: str
    kind: str
    to: str
    student_ids: list[int]


class BoardOut(Schema):
    tasks: list[TaskOut]
    cells: list[CellOut]
    groups: list[GroupOut]


class MyPhaseOut(Schema):
    task_id: int
    title: str
    phase: str


class MoveIn(Schema):
    student_ids: list[int]
    kind: str
    to_phase: str | None = None
    note: str = ""
    override: bool = False
    # Required: {student_id: version} as last read from the board, for every student moved
    # (a stale one answers 409 and nobody moves; a missing one 400).
    seen_versions: dict[int, int]


class PhaseOut(Schema):
    student_id: int
    phase: str
    version: int


@router.get("/classes/{class_id}/board", response=BoardOut)
def get_board(request, class_id: int):
    """Every student's phase, readiness and recommendation on the class's running tasks."""
    classroom = queries.get_run_class_for(request.auth, class_id)
    b = queries.board(request.auth, classroom)
    cells = [
        CellOut(
            task_id=c.task.pk,
            student_id=c.student.pk,
            phase=phase_name(c.phase["value"]),
            version=c.version,
            mastery=c.mastery,
            confidence=c.confidence,
            recommendation=c.rec.kind.value,
            recommended_phase=phase_name(c.rec.to),
            reason=c.rec.reason,
            help_requested=c.open_help is not None,
        )
        for row in b.rows
        for c in row.cells
    ]
    groups = [
        GroupOut(
            task_id=g.task.pk,
            label=g.label,
            kind=g.kind,
            to=phase_name(g.to),
            student_ids=[s.pk for s in g.students],
        )
        for task_groups in b.groups.values()
        for g in task_groups
    ]
    tasks = [TaskOut(id=t.pk, title=t.title, target_ids=_target_ids(t)) for t in b.tasks]
    return BoardOut(tasks=tasks, cells=cells, groups=groups)


@router.get("/classes/{class_id}/my-phases", response=list[MyPhaseOut])
def my_phases(request, class_id: int):
    """A student's own phase in each running task of their class."""
    classroom = queries.get_learner_class_for(request.auth, class_id)
    page = queries.my_learning(request.auth, classroom)
    return [
        MyPhaseOut(task_id=m.task.pk, title=m.task.title, phase=phase_name(m.phase["value"]))
        for m in page.tasks
    ]


@router.post("/classes/{class_id}/tasks/{task_id}/moves", response=list[PhaseOut])
def move(request, class_id: int, task_id: int, payload: MoveIn):
    """Release, hold, step back or complete students (same rules as the board)."""
    classroom = queries.get_run_class_for(request.auth, class_id)
    task = get_visible(queries.active_task_qs(classroom), task_id, "task")
    to_phase = None
    if payload.to_phase:
        try:
            to_phase = phase_from_name(payload.to_phase)
        except KeyError:
            raise UserError(
                gettext("to_phase is one of modeling, co_construction, guided, independent."),
                field="to_phase",
            ) from None
    moved = actions.move_students(
        request.auth,
        task,
        payload.student_ids,
        payload.kind,
        to_phase=to_phase,
        note=payload.note,
        seen_versions=payload.seen_versions,
        override=payload.override,
    )
    return [
        PhaseOut(student_id=sp.student_id, phase=phase_name(sp.phase), version=sp.version)
        for sp in moved
    ]
