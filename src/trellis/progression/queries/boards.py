"""The release board: its state, the readiness cache, the board itself and one cell's detail.

The board loads the whole class's evidence in one query and computes every cell in Python
with trellis.grr.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict, defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from django.utils import timezone

from trellis.accounts.models import User
from trellis.common.access import get_visible
from trellis.curriculum.models import Task
from trellis.grr import Group, Phase, Recommendation, apply_stall, stall_check, suggest_groups
from trellis.rosters.models import Classroom, Enrollment, EnrollmentRole

from .. import engine, fitting
from ..models import HelpRequest, PhaseMove, StudentPhase
from ._common import _students, _target_ids
from .display import REC_ICONS, phase_view
from .fetching import active_tasks_for_class

# --------------------------------------------------------------------------- the board


@dataclass
class Cell:
    task: Task
    student: User
    phase: dict
    version: int
    rec: Recommendation
    open_help: HelpRequest | None = None

    @property
    def mastery(self) -> float | None:
        return self.rec.readiness.mastery

    @property
    def confidence(self) -> float | None:
        return self.rec.readiness.confidence

    @property
    def rec_icon(self) -> str:
        return REC_ICONS[self.rec.kind]

    @property
    def stalled(self) -> bool:
        # trellis.grr.apply_stall writes its reason first ("stalled: …").
        return self.rec.reason.startswith("stalled")


@dataclass
class BoardRow:
    student: User
    cells: list[Cell]


@dataclass
class GroupView:
    task: Task
    group: Group
    students: list[User]
    versions: dict[int, int]

    @property
    def label(self) -> str:
        return self.group.label

    @property
    def names(self) -> str:
        return ", ".join(s.name for s in self.students)

    @property
    def members(self) -> list[tuple[User, int]]:
        return [(s, self.versions.get(s.pk, 0)) for s in self.students]

    @property
    def kind(self) -> str:
        return self.group.kind.value

    @property
    def to(self) -> int:
        return int(self.group.to)


@dataclass
class Board:
    classroom: Classroom
    tasks: list[Task]
    students: list[User]
    rows: list[BoardRow]
    groups: dict[int, list[GroupView]]
    open_help: list[HelpRequest]
    now: datetime
    skipped_evidence: int = 0
    # Names the class's state (evidence, phases and versions, roster, tasks, minute): equal
    # states render equal cells, so the page may reuse their HTML.
    state: str = ""

    @property
    def group_list(self) -> list[tuple[Task, list[GroupView]]]:
        return [(t, self.groups.get(t.pk, [])) for t in self.tasks]


# Recomputed readiness is reused while nothing it depends on has changed: the class's
# evidence (largest id and count), every student's phase, the roster and the task set, and
# the minute (help requests age out against the clock). It is only a cache, kept in each
# server process (no pickling: reading it back costs nothing); dropping it, or
# `trellis rebuild-readiness`, changes nothing a teacher sees.
READINESS_CACHE_CLASSES = 128
_readiness_cache: OrderedDict[str, tuple] = OrderedDict()
_readiness_lock = threading.Lock()


def clear_readiness_cache() -> None:
    with _readiness_lock:
        _readiness_cache.clear()


@dataclass
class BoardState:
    """What the board is computed from, and a key naming it: the class's evidence (largest id
    and count), every phase and version, the roster, the running tasks and their targets, and
    the minute (help requests age out against the clock). Equal keys give equal boards."""

    classroom: Classroom
    tasks: list[Task]
    students: list[User]
    phases: dict[tuple[int, int], tuple[int, int]]
    targets: set[int]
    now: datetime
    key: str
    # When each student entered their phase (the stall rule's clock starts there).
    entered: dict[tuple[int, int], datetime] = field(default_factory=dict)


def board_state(user: User, classroom: Classroom, *, now: datetime | None = None) -> BoardState:
    """Five queries whatever the number of students or tasks."""
    # In the active (school's) time zone: the reasons name days as the school lives them.
    now = timezone.localtime(now or timezone.now())
    tasks = active_tasks_for_class(user, classroom)
    students = _students(classroom)
    phases, entered = {}, {}
    for task_id, student_id, phase, version, updated_at in StudentPhase.objects.filter(
        task_id__in=[t.pk for t in tasks]
    ).values_list("task_id", "student_id", "phase", "version", "updated_at"):
        phases[(task_id, student_id)] = (phase, version)
        entered[(task_id, student_id)] = updated_at
    targets = {tid for t in tasks for tid in _target_ids(t)}
    water = engine.high_water(classroom, targets)
    digest = hashlib.sha256(
        repr(
            (
                water,
                now.replace(second=0, microsecond=0).isoformat(),
                [(t.pk, t.title, _target_ids(t)) for t in tasks],
                [(s.pk, s.name) for s in students],
                sorted(phases.items()),
            )
        ).encode()
    ).hexdigest()
    return BoardState(
        classroom, tasks, students, phases, targets, now, f"{classroom.pk}:{digest}", entered
    )


def _active_since(task: Task, entered: datetime | None) -> datetime | None:
    """When the stall clock starts: the later of the run's start and the phase entry."""
    run = getattr(task, "run", None)
    if run is None or run.ended_at is not None:
        return None
    return max(run.started_at, entered) if entered else run.started_at


def _cached_recommendations(state: BoardState):
    with _readiness_lock:
        cached = _readiness_cache.get(state.key)
        if cached is not None:
            _readiness_cache.move_to_end(state.key)
            return cached
    evidence = engine.ClassEvidence.of(engine.load_rows(state.classroom, state.targets))
    params = fitting.params_for(state.classroom, state.targets)
    recs = {}
    for task in state.tasks:
        targets = _target_ids(task)
        for student in state.students:
            phase = Phase(state.phases.get((task.pk, student.pk), (0, 0))[0])
            items = evidence.for_task(student.pk, task.pk, targets)
            rec = engine.recommendation_for(phase, items, state.now, params)
            recs[(task.pk, student.pk)] = apply_stall(
                rec,
                stall_check(
                    phase,
                    items,
                    active_since=_active_since(task, state.entered.get((task.pk, student.pk))),
                    now=state.now,
                    thresholds=engine.THRESHOLDS,
                ),
            )
    value = (recs, evidence.skipped)
    prefix = f"{state.classroom.pk}:"
    with _readiness_lock:
        # One entry per class: an older state of the same class is never needed again.
        for old in [k for k in _readiness_cache if k.startswith(prefix)]:
            del _readiness_cache[old]
        _readiness_cache[state.key] = value
        while len(_readiness_cache) > READINESS_CACHE_CLASSES:
            _readiness_cache.popitem(last=False)
    return value


def board(
    user: User,
    classroom: Classroom,
    *,
    now: datetime | None = None,
    state: BoardState | None = None,
) -> Board:
    """The release board: students down, running tasks across, every cell with its phase,
    readiness and recommendation, plus suggested groups per task. Six queries whatever the
    number of students or tasks (five for the state, one for open help requests); the
    evidence query runs only when the state has changed."""
    state = state or board_state(user, classroom, now=now)
    tasks, students, phases = state.tasks, state.students, state.phases
    recs_cached, skipped = _cached_recommendations(state)
    open_help = list(
        HelpRequest.objects.filter(task_id__in=[t.pk for t in tasks], resolved_at__isnull=True)
        .select_related("student", "task")
        .order_by("created_at")
    )
    help_by = {(h.task_id, h.student_id): h for h in open_help}
    rows = []
    recs: dict[int, dict[int, Recommendation]] = defaultdict(dict)
    versions: dict[int, dict[int, int]] = defaultdict(dict)
    for student in students:
        cells = []
        for task in tasks:
            phase, version = phases.get((task.pk, student.pk), (0, 0))
            rec = recs_cached[(task.pk, student.pk)]
            recs[task.pk][student.pk] = rec
            versions[task.pk][student.pk] = version
            cells.append(
                Cell(
                    task,
                    student,
                    phase_view(phase),
                    version,
                    rec,
                    help_by.get((task.pk, student.pk)),
                )
            )
        rows.append(BoardRow(student, cells))
    by_id = {s.pk: s for s in students}
    groups = {
        task.pk: [
            GroupView(task, g, [by_id[s] for s in g.students], versions[task.pk])
            for g in suggest_groups(recs[task.pk])
        ]
        for task in tasks
    }
    return Board(classroom, tasks, students, rows, groups, open_help, state.now, skipped, state.key)


@dataclass
class CellDetail:
    task: Task
    student: User
    phase: dict
    version: int
    rec: Recommendation
    moves: list[PhaseMove]
    help_requests: list[HelpRequest]


def cell_detail(user: User, classroom: Classroom, task_id, student_id) -> CellDetail:
    """One student on one task: recommendation, its evidence summary, and the move log."""
    task = get_visible(
        Task.objects.filter(classroom=classroom).prefetch_related("targets"), task_id, "task"
    )
    enrollment = (
        Enrollment.objects.filter(
            classroom=classroom, role=EnrollmentRole.STUDENT, user_id=_int(student_id)
        )
        .select_related("user")
        .first()
    )
    if enrollment is None:
        from trellis.common.errors import NotFound

        raise NotFound("student")
    student = enrollment.user
    sp = StudentPhase.objects.filter(task=task, student=student).first()
    phase = Phase(sp.phase) if sp else Phase.MODELING
    target_ids = _target_ids(task)
    evidence = engine.ClassEvidence.of(engine.load_rows(classroom, target_ids))
    rec = engine.recommendation_for(
        phase,
        evidence.for_task(student.pk, task.pk, target_ids),
        timezone.now(),
        fitting.params_for(classroom, target_ids),
    )
    moves = list(
        PhaseMove.objects.filter(task=task, student=student)
        .select_related("actor")
        .order_by("-created_at", "-id")[:20]
    )
    helps = list(
        HelpRequest.objects.filter(task=task, student=student).select_related("resolved_by")
    )
    return CellDetail(task, student, phase_view(phase), sp.version if sp else 0, rec, moves, helps)


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
