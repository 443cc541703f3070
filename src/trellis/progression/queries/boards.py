"""The release board: its state, the readiness cache, the board itself and one cell's detail.

The board loads the class's evidence in one indexed query and computes every cell in Python
with trellis.grr; the result is kept in the shared cache (trellis.common.cache) under the
class's state, so every server process reuses it until the class's evidence changes.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext

from trellis.accounts.models import User
from trellis.common import cache
from trellis.common.access import get_visible
from trellis.common.errors import NotFound
from trellis.curriculum.models import Task
from trellis.grr import (
    Group,
    MoveKind,
    Phase,
    Recommendation,
    RecommendationKind,
    apply_stall,
    stall_changes_at,
    stall_check,
    suggest_groups,
)
from trellis.rosters import queries as roster_queries
from trellis.rosters.models import Classroom

from .. import engine, fitting
from ..models import HelpRequest, PhaseMove, StudentPhase
from . import reasons
from ._common import _students, _target_ids
from .display import REC_ICONS, REC_WORDS, confidence_words, mastery_words, phase_view
from .fetching import active_tasks_for_class

# --------------------------------------------------------------------------- the board


def width_step(share: float | None) -> int:
    """A share (0-1) as a width in 5 % steps (0-20) for the style sheet's ``w5-N`` classes: the
    Content-Security-Policy allows no inline style. A non-zero share is at least one step."""
    if share is None or share <= 0:
        return 0
    return max(1, min(20, round(share * 20)))


class _Advice:
    """What a board cell and a cell's details say about ``self.rec``, in the reader's
    language."""

    rec: Recommendation

    @property
    def mastery_words(self) -> str:
        return mastery_words(self.rec.readiness.mastery)

    @property
    def confidence_words(self) -> str:
        return confidence_words(self.rec.readiness.confidence)

    @property
    def decision(self) -> str:
        """The advice in the reader's language ("ready for independent practice")."""
        return reasons.decision(self.rec)

    @property
    def reason(self) -> str:
        """Why, in the reader's language."""
        return reasons.say(self.rec.explanation) or self.rec.reason


@dataclass
class Cell(_Advice):
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
    def rec_word(self) -> str:
        return str(REC_WORDS[self.rec.kind])

    @property
    def stalled(self) -> bool:
        return reasons.stalled(self.rec)


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
        """The group's decision and size, in the reader's language."""
        return reasons.group_label(self.group)

    @property
    def decision(self) -> str:
        return reasons.say_fact(self.group.decision_fact)

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

    @property
    def completes(self) -> bool:
        """Advancing past independent practice is completing the task: the board posts it as
        the "complete" move, which takes no phase."""
        return self.group.kind == RecommendationKind.ADVANCE and self.group.to == Phase.COMPLETE

    @property
    def move_kind(self) -> str:
        return MoveKind.COMPLETE.value if self.completes else self.kind

    @property
    def to_phase(self) -> int | None:
        return None if self.completes else self.to


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
    # Names the class's state (evidence mark, phases and versions, roster, tasks) and the
    # help-request ageing step: equal states render equal grids, so the page reuses the HTML.
    state: str = ""

    @property
    def group_list(self) -> list[tuple[Task, list[GroupView]]]:
        return [(t, self.groups.get(t.pk, [])) for t in self.tasks]

    @property
    def summaries(self) -> list[TaskSummary]:
        """Per task, above the grid: the phase counts, who needs the teacher now, the groups."""
        out = []
        for i, task in enumerate(self.tasks):
            counts = dict.fromkeys(Phase, 0)
            needs = []
            for row in self.rows:
                cell = row.cells[i]
                counts[Phase(cell.phase["value"])] += 1
                why = [
                    w
                    for w, on in (
                        (gettext("asked for help"), cell.open_help is not None),
                        (gettext("stalled"), cell.stalled),
                        (gettext("step back"), cell.rec.kind == RecommendationKind.STEP_BACK),
                    )
                    if on
                ]
                if why:
                    needs.append((row.student, ", ".join(why)))
            total = len(self.rows) or 1
            bar = [(phase_view(p), n, width_step(n / total)) for p, n in counts.items() if n]
            out.append(TaskSummary(task, bar, needs, self.groups.get(task.pk, [])))
        return out


@dataclass
class TaskSummary:
    task: Task
    # (phase view, how many, share in %) for the phases that have students.
    bar: list[tuple[dict, int, int]]  # (phase, students, width in 5 % steps: 1–20)
    # (student, why in words) for help requests, stalled students and step-back advice.
    needs: list[tuple[User, str]]
    groups: list[GroupView]


# Recomputed readiness is reused while nothing it depends on has changed: the class's evidence
# (its high-water mark), every student's phase, the roster and the task set. Help requests age
# against the clock; that is handled apart: an entry says until when it stays true
# (`engine.fresh_until`) and is recomputed after. The entry lives in the shared cache (every
# process and machine reuses it); dropping it, or `trellis rebuild-readiness`, changes nothing
# a teacher sees. The timeout only bounds memory: keys name states, so entries never go stale.
READINESS_TIMEOUT = 6 * 3600


def clear_readiness_cache() -> None:
    cache.clear()


@dataclass
class BoardState:
    """What the board is computed from, and a key naming it: the class's evidence mark, every
    phase and version, the roster, the running tasks and their targets. Equal keys give equal
    boards (at equal ageing of help requests: see `Readiness.shown`)."""

    classroom: Classroom
    tasks: list[Task]
    students: list[User]
    phases: dict[tuple[int, int], tuple[int, int]]
    targets: set[int]
    now: datetime
    key: str
    # When each student entered their phase (the stall rule's clock starts there).
    entered: dict[tuple[int, int], datetime] = field(default_factory=dict)


@dataclass
class Readiness:
    """Every cell's recommendation for one board state, and until when it holds."""

    recs: dict[tuple[int, int], Recommendation]
    skipped: int
    fresh_until: datetime | None

    def fresh(self, now: datetime) -> bool:
        return self.fresh_until is None or now < self.fresh_until

    def shown(self, state: BoardState) -> str:
        """The key of what the board shows: the state and the help-request ageing step."""
        step = int(self.fresh_until.timestamp()) if self.fresh_until else 0
        return f"{state.key}.{step}"


def board_state(user: User, classroom: Classroom, *, now: datetime | None = None) -> BoardState:
    """Five queries whatever the number of students, tasks or evidence events."""
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
    mark = engine.high_water(classroom, targets)
    digest = hashlib.sha256(
        repr(
            (
                [(t.pk, t.title, _target_ids(t), _run_started(t)) for t in tasks],
                [(s.pk, s.name) for s in students],
                sorted(phases.items()),
            )
        ).encode()
    ).hexdigest()[:32]
    return BoardState(
        classroom, tasks, students, phases, targets, now, f"{classroom.pk}.{mark}.{digest}", entered
    )


def _active_since(task: Task, entered: datetime | None) -> datetime | None:
    """When the stall clock starts: the later of the run's start and the phase entry."""
    run = getattr(task, "run", None)
    if run is None or run.ended_at is not None:
        return None
    return max(run.started_at, entered) if entered else run.started_at


def _run_started(task: Task) -> datetime | None:
    run = getattr(task, "run", None)
    return run.started_at if run is not None and run.ended_at is None else None


def readiness(state: BoardState) -> Readiness:
    """The state's recommendations: from the shared cache, or computed (one query) and kept."""
    # "v2": entries hold the reasons as facts (Recommendation.explanation); entries cached by
    # an earlier release lack them and are not read.
    key = f"readiness:v2:{state.key}"
    cached = cache.get(key)
    if cached is not None and cached.fresh(state.now):
        return cached
    evidence = engine.ClassEvidence.of(engine.load_rows(state.classroom, state.targets))
    params = fitting.params_for(state.classroom, state.targets)
    thresholds = engine.thresholds_for(state.classroom)
    recs, stall_edges = {}, []
    for task in state.tasks:
        targets = _target_ids(task)
        for student in state.students:
            phase = Phase(state.phases.get((task.pk, student.pk), (0, 0))[0])
            items = evidence.for_task(student.pk, task.pk, targets)
            entered = state.entered.get((task.pk, student.pk))
            since = _active_since(task, entered)
            rec = engine.recommendation_for(phase, items, state.now, params, thresholds, entered)
            stall_args = dict(active_since=since, now=state.now, thresholds=engine.THRESHOLDS)
            recs[(task.pk, student.pk)] = apply_stall(rec, stall_check(phase, items, **stall_args))
            edge = stall_changes_at(phase, items, **stall_args)
            if edge is not None:
                stall_edges.append(edge)
    fresh_until = engine.fresh_until(evidence.help_times, state.now)
    # The stall rule runs on the clock: the board is fresh until the next stall changes too.
    fresh_until = min([t for t in (fresh_until, *stall_edges) if t is not None], default=None)
    value = Readiness(recs, evidence.skipped, fresh_until)
    cache.set(key, value, READINESS_TIMEOUT)
    return value


def board(
    user: User,
    classroom: Classroom,
    *,
    now: datetime | None = None,
    state: BoardState | None = None,
    ready: Readiness | None = None,
) -> Board:
    """The release board: students down, running tasks across, every cell with its phase,
    readiness and recommendation, plus suggested groups per task. Six queries whatever the
    number of students or tasks (five for the state, one for open help requests); the
    evidence query runs only when no process has computed this state yet."""
    state = state or board_state(user, classroom, now=now)
    tasks, students, phases = state.tasks, state.students, state.phases
    ready = ready or readiness(state)
    recs_cached, skipped = ready.recs, ready.skipped
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
    return Board(
        classroom, tasks, students, rows, groups, open_help, state.now, skipped, ready.shown(state)
    )


@dataclass
class CellDetail(_Advice):
    task: Task
    student: User
    phase: dict
    version: int
    rec: Recommendation
    moves: list[PhaseMove]
    help_requests: list[HelpRequest]

    @property
    def calibration_words(self) -> str:
        return reasons.calibration_words(self.rec.readiness.calibration)


def cell_detail(user: User, classroom: Classroom, task_id, student_id) -> CellDetail:
    """One student on one task: recommendation, its evidence summary, and the move log. Reads
    that student's evidence only (an index range), whatever the size of the class."""
    task = get_visible(
        Task.objects.filter(classroom=classroom).prefetch_related("targets"), task_id, "task"
    )
    # A withdrawn student's cell is gone from the board, so it is not found either.
    student = roster_queries.enrolled_student(classroom, student_id)
    if student is None:
        raise NotFound("student")
    sp = StudentPhase.objects.filter(task=task, student=student).first()
    phase = Phase(sp.phase) if sp else Phase.MODELING
    target_ids = _target_ids(task)
    evidence = engine.ClassEvidence.of(
        engine.load_rows(classroom, target_ids, student_id=student.pk)
    )
    rec = engine.recommendation_for(
        phase,
        evidence.for_task(student.pk, task.pk, target_ids),
        timezone.now(),
        fitting.params_for(classroom, target_ids),
        engine.thresholds_for(classroom),
        sp.updated_at if sp else None,
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
