"""The teacher's view of a running task: the projector's live state and the run page."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from django.utils import timezone

from trellis.curriculum.models import Task, TaskStep
from trellis.evidence import queries as evidence_queries
from trellis.evidence.verbs import Verb
from trellis.grr import Evidence, PauseSignal, Phase, pause_signal
from trellis.rosters import queries as roster_queries

from .. import engine
from ..grouping import IdeaGroup, group_suggestions
from ..models import (
    GuidedEntry,
    HelpRequest,
    RunMode,
    StudentPhase,
    SuccessCheckAnswer,
    Suggestion,
    TaskRun,
)
from . import reasons
from ._common import _run_and_steps, _students
from .display import observation_words, phase_view

# --------------------------------------------------------------------------- running a task


def _person_name(display: str, first: str, last: str, username: str) -> str:
    # The same rule as User.name, from values (no model instance needed).
    return display or f"{first} {last}".strip() or username


@dataclass
class Live:
    """What the projector and the students' devices show now, and the teacher's signals."""

    task: Task
    run: TaskRun | None
    steps: list[TaskStep]
    step: TaskStep | None
    lost: int = 0
    class_size: int = 0
    # Who said this step lost them (for the teacher's run page only, never the projector).
    lost_names: list[str] = field(default_factory=list)
    pause: PauseSignal | None = None
    ideas: list[IdeaGroup] = field(default_factory=list)
    picked: Suggestion | None = None

    @property
    def pause_reason(self) -> str:
        """The pause signal's reason in the reader's language."""
        return reasons.say(self.pause.explanation) if self.pause else ""

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


def live_for_teacher(task: Task, *, now: datetime | None = None) -> Live:
    """Projector state plus the live "I'm lost" count, the engine's pause signal and, in
    co-construction, the suggestions for the step on show, grouped. Five queries."""
    now = now or timezone.now()
    run, steps, step = _run_and_steps(task)
    live = Live(task, run, steps, step)
    if run is None or step is None:
        return live
    # The pause is about the students being shown the steps: those in modeling or
    # co-construction for this task (a small group stepped back counts as the whole room).
    watching = {
        sid: _person_name(display, first, last, username)
        for sid, display, first, last, username in StudentPhase.objects.filter(
            task=task,
            phase__lte=Phase.CO_CONSTRUCTION,
            student_id__in=roster_queries.student_enrollments(
                classroom_id=task.classroom_id
            ).values("user_id"),
        ).values_list(
            "student_id",
            "student__display_name",
            "student__first_name",
            "student__last_name",
            "student__username",
        )
    }
    # A lost report belongs to its step and counts for the whole pause window, even when the
    # teacher moves on and comes back to the step (a voided one does not count).
    lost_events = evidence_queries.counting_events(
        classroom_id=task.classroom_id,
        verb=Verb.SIGNALLED_LOST,
        object_type="task-step",
        object_id=str(step.pk),
        occurred_at__gte=now - engine.THRESHOLDS.pause_window,
        occurred_at__lte=now,
        subject_id__in=list(watching),
    ).values_list("subject_id", "occurred_at")
    per_student: dict[int, list[Evidence]] = {sid: [] for sid in watching}
    for sid, at in lost_events:
        per_student[sid].append(
            Evidence.confidence(str(task.pk), engine.THRESHOLDS.lost_rating, at)
        )
    live.class_size = len(watching)
    live.pause = pause_signal(
        Phase.MODELING, per_student, class_size=len(watching), thresholds=engine.THRESHOLDS, now=now
    )
    live.lost_names = sorted(watching[sid] for sid, ev in per_student.items() if ev)
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
    guided = _guided(task, [s for s in students if s.pk in students_in[int(Phase.GUIDED)]])
    open_help = list(
        HelpRequest.objects.filter(task=task, resolved_at__isnull=True).select_related("student")
    )
    to_mark = list(
        SuccessCheckAnswer.objects.filter(task=task, verdict="").select_related("student")
    )
    return RunPage(task, live, counts, guided, open_help, to_mark, versions, students_in)


def _guided(task: Task, students) -> list[dict]:
    """Each guided-practice student's latest plan and reflection and the teacher's last
    observation. Two queries."""
    entries: dict[int, GuidedEntry] = {}
    for e in (
        GuidedEntry.objects.filter(task=task)
        .select_related("step")
        .order_by("attempt", "planned_at", "id")
    ):
        entries[e.student_id] = e  # the latest step's entry wins
    observed: dict[int, dict] = {}
    for sid, response, note, at in evidence_queries.counting_events(
        classroom_id=task.classroom_id,
        verb=Verb.OBSERVED,
        object_type="task",
        object_id=str(task.pk),
    ).values_list("subject_id", "result__response", "context__extensions__note", "occurred_at"):
        observed[sid] = {"seen": observation_words(response), "note": note or "", "at": at}
    return [
        {"student": s, "entry": entries.get(s.pk), "last_observation": observed.get(s.pk)}
        for s in students
    ]


def guided_list(task: Task) -> list[dict]:
    """The run page's guided-practice list on its own (its live poll and the answer to a
    one-tap observation): four queries whatever the size of the class."""
    students = _students(task.classroom)
    in_guided = set(
        StudentPhase.objects.filter(task=task, phase=int(Phase.GUIDED)).values_list(
            "student_id", flat=True
        )
    )
    return _guided(task, [s for s in students if s.pk in in_guided])
