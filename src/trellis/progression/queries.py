"""Reads for the release board, the run and projector pages, and a student's own view.

Every read is scoped to the user and makes a fixed number of queries: the board loads the
whole class's evidence in one query and computes every cell in Python with trellis.grr.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict, defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import QuerySet
from django.utils import timezone

from trellis.accounts.models import User
from trellis.common.access import get_visible
from trellis.curriculum.models import LearningTarget, Task, TaskStep
from trellis.evidence.models import EvidenceEvent
from trellis.evidence.verbs import Verb
from trellis.grr import (
    Evidence,
    Group,
    PauseSignal,
    Phase,
    Recommendation,
    RecommendationKind,
    label,
    pause_signal,
    suggest_groups,
)
from trellis.rosters.models import Classroom, Enrollment, EnrollmentRole
from trellis.rosters.permissions import classes_managed_by, classes_visible_to

from . import engine
from .grouping import IdeaGroup, group_suggestions
from .models import (
    GuidedEntry,
    HelpRequest,
    PhaseMove,
    RunMode,
    StudentPhase,
    SuccessCheckAnswer,
    Suggestion,
    TaskRun,
)
from .permissions import student_classes_of

PHASE_ICONS = {
    Phase.MODELING: "◉",
    Phase.CO_CONSTRUCTION: "◎",
    Phase.GUIDED: "◐",
    Phase.INDEPENDENT: "●",
    Phase.COMPLETE: "✔",
}
PHASE_SHORT = {
    Phase.MODELING: "Modeling",
    Phase.CO_CONSTRUCTION: "Co-construction",
    Phase.GUIDED: "Guided",
    Phase.INDEPENDENT: "Independent",
    Phase.COMPLETE: "Complete",
}
REC_ICONS = {
    RecommendationKind.ADVANCE: "↗",
    RecommendationKind.HOLD: "=",
    RecommendationKind.STEP_BACK: "↩",
}
WHAT_NEXT = {
    Phase.MODELING: "Watch and listen while your teacher shows each step and thinks aloud. "
    "Press “I'm lost” as soon as a step loses you.",
    Phase.CO_CONSTRUCTION: "Your teacher does the task again and you direct: say what comes "
    "next at each step.",
    Phase.GUIDED: "You try each step yourself with your teacher alongside: say what you will do, "
    "do it, then reflect.",
    Phase.INDEPENDENT: "You do the task on your own. If you get stuck, press “I need help” and "
    "your teacher will work with you again.",
    Phase.COMPLETE: "You have finished this task.",
}


PHASE_VIEWS = {
    p: {"value": int(p), "label": label(p), "short": PHASE_SHORT[p], "icon": PHASE_ICONS[p]}
    for p in Phase
}


def phase_view(phase) -> dict:
    """What a page shows of a phase: its number, label, short name and icon (shared, read-only)."""
    return PHASE_VIEWS[Phase(phase)]


# --------------------------------------------------------------------------- fetching


def active_tasks_for_class(user: User, classroom: Classroom) -> list[Task]:
    """The class's running tasks (started and not ended, not archived), oldest start first,
    with their targets and run; empty if the user may not see the class. Two queries.

    Public: other apps (check-ins) call this to offer "which task is this about?"."""
    return list(
        Task.objects.filter(
            classroom_id=classroom.pk,
            classroom__in=classes_visible_to(user),
            is_active=True,
            run__isnull=False,
            run__ended_at__isnull=True,
        )
        .select_related("run")
        .prefetch_related("targets")
        .order_by("run__started_at", "id")
    )


def active_task_qs(classroom: Classroom) -> QuerySet[Task]:
    return Task.objects.filter(classroom=classroom).select_related("classroom")


def get_run_class_for(user: User, class_id) -> Classroom:
    return get_visible(classes_managed_by(user), class_id, "class")


def get_learner_class_for(user: User, class_id) -> Classroom:
    return get_visible(student_classes_of(user), class_id, "class")


def _task_qs(classroom: Classroom) -> QuerySet[Task]:
    return Task.objects.filter(classroom=classroom).select_related("classroom", "plan")


def get_run_task_for(user: User, class_id, task_id) -> Task:
    classroom = get_run_class_for(user, class_id)
    return get_visible(_task_qs(classroom), task_id, "task")


def get_learner_task_for(user: User, class_id, task_id) -> Task:
    classroom = get_learner_class_for(user, class_id)
    return get_visible(_task_qs(classroom).filter(is_active=True), task_id, "task")


def _students(classroom: Classroom) -> list[User]:
    return [
        e.user
        for e in Enrollment.objects.filter(
            classroom=classroom, role=EnrollmentRole.STUDENT, is_active=True
        )
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "user_id")
    ]


def _target_ids(task: Task) -> list[int]:
    # Uses the prefetched targets (ordered by position), so no query per task.
    return [t.pk for t in sorted(task.targets.all(), key=lambda t: (t.position, t.pk))]


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


def board_state(user: User, classroom: Classroom, *, now: datetime | None = None) -> BoardState:
    """Five queries whatever the number of students or tasks."""
    now = now or timezone.now()
    tasks = active_tasks_for_class(user, classroom)
    students = _students(classroom)
    phases = {
        (task_id, student_id): (phase, version)
        for task_id, student_id, phase, version in StudentPhase.objects.filter(
            task_id__in=[t.pk for t in tasks]
        ).values_list("task_id", "student_id", "phase", "version")
    }
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
    return BoardState(classroom, tasks, students, phases, targets, now, f"{classroom.pk}:{digest}")


def _cached_recommendations(state: BoardState):
    with _readiness_lock:
        cached = _readiness_cache.get(state.key)
        if cached is not None:
            _readiness_cache.move_to_end(state.key)
            return cached
    evidence = engine.ClassEvidence.of(engine.load_rows(state.classroom, state.targets))
    recs = {}
    for task in state.tasks:
        targets = _target_ids(task)
        for student in state.students:
            phase = Phase(state.phases.get((task.pk, student.pk), (0, 0))[0])
            items = evidence.for_task(student.pk, task.pk, targets)
            recs[(task.pk, student.pk)] = engine.recommendation_for(phase, items, state.now)
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
        phase, evidence.for_task(student.pk, task.pk, target_ids), timezone.now()
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


# --------------------------------------------------------------------------- running a task


@dataclass
class Live:
    """What the projector and the students' devices show now, and the teacher's signals."""

    task: Task
    run: TaskRun | None
    steps: list[TaskStep]
    step: TaskStep | None
    lost: int = 0
    class_size: int = 0
    pause: PauseSignal | None = None
    ideas: list[IdeaGroup] = field(default_factory=list)
    picked: Suggestion | None = None

    @property
    def index(self) -> int:
        return self.run.current_step if self.run else 0

    @property
    def is_first(self) -> bool:
        return self.index <= 0

    @property
    def is_last(self) -> bool:
        return self.index >= len(self.steps) - 1

    @property
    def co_construction(self) -> bool:
        return bool(self.run and self.run.mode == RunMode.CO_CONSTRUCTION)


def _run_and_steps(task: Task) -> tuple[TaskRun | None, list[TaskStep], TaskStep | None]:
    run = TaskRun.objects.filter(task=task, ended_at__isnull=True).first()
    steps = list(task.steps.order_by("position", "id"))
    step = steps[min(run.current_step, len(steps) - 1)] if run and steps else None
    return run, steps, step


def live_for_teacher(task: Task, *, now: datetime | None = None) -> Live:
    """Projector state plus the live "I'm lost" count, the engine's pause signal and, in
    co-construction, the suggestions for the step on show, grouped. Five queries."""
    now = now or timezone.now()
    run, steps, step = _run_and_steps(task)
    live = Live(task, run, steps, step)
    if run is None or step is None:
        return live
    students = list(
        Enrollment.objects.filter(
            classroom_id=task.classroom_id, role=EnrollmentRole.STUDENT, is_active=True
        ).values_list("user_id", flat=True)
    )
    lost_events = EvidenceEvent.objects.filter(
        classroom_id=task.classroom_id,
        verb=Verb.SIGNALLED_LOST,
        object_type="task-step",
        object_id=str(step.pk),
        occurred_at__gte=run.step_changed_at,
        subject_id__in=students,
    ).values_list("subject_id", "occurred_at")
    per_student: dict[int, list[Evidence]] = {sid: [] for sid in students}
    for sid, at in lost_events:
        per_student[sid].append(
            Evidence.confidence(str(task.pk), engine.THRESHOLDS.lost_rating, at)
        )
    live.class_size = len(students)
    live.pause = pause_signal(
        Phase.MODELING, per_student, class_size=len(students), thresholds=engine.THRESHOLDS, now=now
    )
    live.lost = live.pause.lost
    if run.mode == RunMode.CO_CONSTRUCTION:
        suggestions = list(
            Suggestion.objects.filter(task=task, step=step).select_related("student")
        )
        live.ideas = group_suggestions(suggestions)
        live.picked = next((s for s in suggestions if s.picked), None)
    return live


@dataclass
class RunPage:
    task: Task
    live: Live
    counts: list[dict]
    guided: list[dict]
    open_help: list[HelpRequest]
    to_mark: list[SuccessCheckAnswer]
    versions: dict[int, int]
    students_in: dict[int, list[int]]


def run_page(task: Task) -> RunPage:
    """The teacher's page for running one task: phase counts, the guided-practice table (each
    student's latest plan and reflection, one-tap observations), help requests, and
    success-check answers to mark. A fixed number of queries."""
    live = live_for_teacher(task)
    students = _students(task.classroom)
    phases = {sp.student_id: sp for sp in StudentPhase.objects.filter(task=task)}
    students_in: dict[int, list[int]] = defaultdict(list)
    versions: dict[int, int] = {}
    for s in students:
        sp = phases.get(s.pk)
        students_in[sp.phase if sp else 0].append(s.pk)
        versions[s.pk] = sp.version if sp else 0
    counts = [
        {"phase": phase_view(p), "count": len(students_in[int(p)]), "ids": students_in[int(p)]}
        for p in Phase
    ]
    entries: dict[int, GuidedEntry] = {}
    for e in (
        GuidedEntry.objects.filter(task=task).select_related("step").order_by("planned_at", "id")
    ):
        entries[e.student_id] = e  # the latest step's entry wins
    observed: dict[int, str] = {}
    for sid, response in (
        EvidenceEvent.objects.filter(
            classroom_id=task.classroom_id,
            verb=Verb.OBSERVED,
            object_type="task",
            object_id=str(task.pk),
        )
        .order_by("occurred_at", "id")
        .values_list("subject_id", "result__response")
    ):
        observed[sid] = response
    guided = [
        {"student": s, "entry": entries.get(s.pk), "last_observation": observed.get(s.pk)}
        for s in students
        if s.pk in students_in[int(Phase.GUIDED)]
    ]
    open_help = list(
        HelpRequest.objects.filter(task=task, resolved_at__isnull=True).select_related("student")
    )
    to_mark = list(
        SuccessCheckAnswer.objects.filter(task=task, verdict="").select_related("student")
    )
    return RunPage(task, live, counts, guided, open_help, to_mark, versions, students_in)


# --------------------------------------------------------------------------- students


@dataclass
class StudentTask:
    task: Task
    phase: dict
    live: Live
    targets: list[LearningTarget]
    entries: dict[int, GuidedEntry]
    help_requests: list[HelpRequest]
    answers: list[SuccessCheckAnswer]
    my_suggestions: list[Suggestion]
    lost_on_step: bool
    what_next: str

    @property
    def seen(self) -> str:
        run = self.live.run
        changed = run.step_changed_at.timestamp() if run else 0
        return f"{self.live.index}-{changed:.6f}-{int(self.lost_on_step)}"


def student_task(user: User, task: Task) -> StudentTask:
    """A student's own page for one task: the targets, their phase, and the work of that
    phase. Only the student's own rows are read."""
    sp = StudentPhase.objects.filter(task=task, student=user).first()
    phase = Phase(sp.phase) if sp else Phase.MODELING
    run, steps, step = _run_and_steps(task)
    live = Live(task, run, steps, step)
    targets = sorted(task.targets.all(), key=lambda t: (t.position, t.pk))
    entries = {e.step_id: e for e in GuidedEntry.objects.filter(task=task, student=user)}
    helps = list(HelpRequest.objects.filter(task=task, student=user))
    answers = list(SuccessCheckAnswer.objects.filter(task=task, student=user))
    mine = list(Suggestion.objects.filter(task=task, student=user, step=step)) if step else []
    lost = bool(
        run
        and step
        and EvidenceEvent.objects.filter(
            subject=user,
            verb=Verb.SIGNALLED_LOST,
            object_type="task-step",
            object_id=str(step.pk),
            occurred_at__gte=run.step_changed_at,
        ).exists()
    )
    return StudentTask(
        task,
        phase_view(phase),
        live,
        targets,
        entries,
        helps,
        answers,
        mine,
        lost,
        WHAT_NEXT[phase],
    )


@dataclass
class StudentLive:
    """Just what a student's polled live region shows: their phase, the step on show, and
    whether they said it lost them. Four queries."""

    phase: dict
    live: Live
    lost_on_step: bool

    @property
    def state(self) -> str:
        return f"{self.phase['value']}-{self.live.run.mode if self.live.run else 'none'}"

    @property
    def seen(self) -> str:
        """Names what the live region shows, so an unchanged poll can answer 204."""
        run = self.live.run
        changed = run.step_changed_at.timestamp() if run else 0
        return f"{self.live.index}-{changed:.6f}-{int(self.lost_on_step)}"


def student_live(user: User, task: Task) -> StudentLive:
    phase = (
        StudentPhase.objects.filter(task=task, student=user).values_list("phase", flat=True).first()
    )
    run, steps, step = _run_and_steps(task)
    lost = bool(
        run
        and step
        and EvidenceEvent.objects.filter(
            subject=user,
            verb=Verb.SIGNALLED_LOST,
            object_type="task-step",
            object_id=str(step.pk),
            occurred_at__gte=run.step_changed_at,
        ).exists()
    )
    return StudentLive(phase_view(phase or 0), Live(task, run, steps, step), lost)


@dataclass
class MyTask:
    task: Task
    phase: dict
    what_next: str
    help_requests: list[HelpRequest]


@dataclass
class MyLearning:
    classroom: Classroom
    targets: list[LearningTarget]
    tasks: list[MyTask]
    help_requests: list[HelpRequest]


def my_learning(user: User, classroom: Classroom) -> MyLearning:
    """ "My learning": a student's current targets, their phase in each running task with what
    comes next, and their help requests with their state. Five queries."""
    tasks = active_tasks_for_class(user, classroom)
    phases = {
        sp.task_id: sp.phase
        for sp in StudentPhase.objects.filter(task__in=[t.pk for t in tasks], student=user)
    }
    helps = list(
        HelpRequest.objects.filter(task__classroom=classroom, student=user).select_related("task")
    )
    targets = list(
        LearningTarget.objects.filter(classroom=classroom, is_active=True).order_by(
            "position", "id"
        )
    )
    my_tasks = []
    for t in tasks:
        phase = Phase(phases.get(t.pk, Phase.MODELING))
        my_tasks.append(
            MyTask(t, phase_view(phase), WHAT_NEXT[phase], [h for h in helps if h.task_id == t.pk])
        )
    return MyLearning(classroom, targets, my_tasks, helps)
