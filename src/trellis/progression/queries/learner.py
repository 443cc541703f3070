"""A student's own view: the task page, the live poll and the learning page."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils import timezone

from trellis.accounts.models import User
from trellis.curriculum.models import LearningTarget, Task
from trellis.evidence import queries as evidence_queries
from trellis.evidence.verbs import Verb
from trellis.grr import Phase
from trellis.rosters.models import Classroom

from .. import engine
from ..models import (
    GuidedEntry,
    HelpRequest,
    PhaseMove,
    StudentPhase,
    SuccessCheckAnswer,
    Suggestion,
)
from ._common import _run_and_steps, guided_attempt
from .display import WHAT_NEXT, observation_words, phase_view
from .fetching import active_tasks_for_class
from .live import Live

# --------------------------------------------------------------------------- students


def next_step_to_plan(steps, entries) -> int | None:
    """Guided practice goes one step at a time: the step a student may plan next is the first
    one not yet planned, once every earlier step is reflected on. None when there is none."""
    for step in steps:
        entry = entries.get(step.pk)
        if entry is None:
            return step.pk
        if entry.reflected_at is None:
            return None
    return None


def poll_state(phase: dict, live) -> str:
    """What a student's live region is showing, as the poll compares it: phase and run mode."""
    return f"{phase['value']}-{live.run.mode if live.run else 'none'}"


def _lost_on_step(user: User, run, step) -> bool:
    """Whether the student said "I'm lost" on the step on show within the pause window (a report
    belongs to its step, so it survives going to the next step and back; a voided one does
    not count)."""
    return evidence_queries.counting_events(
        subject=user,
        verb=Verb.SIGNALLED_LOST,
        object_type="task-step",
        object_id=str(step.pk),
        occurred_at__gte=timezone.now() - engine.THRESHOLDS.pause_window,
    ).exists()


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
    # Earlier guided-practice attempts (attempt number → its entries), shown as history.
    history: dict[int, list[GuidedEntry]] = field(default_factory=dict)
    attempt: int = 1
    feedback: list[dict] = field(default_factory=list)

    @property
    def state(self) -> str:
        return poll_state(self.phase, self.live)

    @property
    def next_to_plan(self) -> int | None:
        return next_step_to_plan(self.live.steps, self.entries)

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
    attempt = guided_attempt(task, user.pk) if phase >= Phase.GUIDED else 1
    entries: dict[int, GuidedEntry] = {}
    history: dict[int, list[GuidedEntry]] = {}
    for e in (
        GuidedEntry.objects.filter(task=task, student=user)
        .select_related("step")
        .order_by("attempt", "step__position", "step_id")
    ):
        if e.attempt == attempt:
            entries[e.step_id] = e
        else:
            history.setdefault(e.attempt, []).append(e)
    helps = list(HelpRequest.objects.filter(task=task, student=user))
    answers = list(SuccessCheckAnswer.objects.filter(task=task, student=user))
    mine = list(Suggestion.objects.filter(task=task, student=user, step=step)) if step else []
    lost = bool(run and step and _lost_on_step(user, run, step))
    feedback = [
        {"seen": observation_words(seen), "note": note or "", "at": at}
        for seen, note, at in evidence_queries.counting_events(
            subject=user,
            classroom_id=task.classroom_id,
            verb=Verb.OBSERVED,
            object_type="task",
            object_id=str(task.pk),
        )
        .order_by("-occurred_at", "-id")
        .values_list("result__response", "context__extensions__note", "occurred_at")[:10]
    ]
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
        history,
        attempt,
        feedback,
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
        return poll_state(self.phase, self.live)

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
    lost = bool(run and step and _lost_on_step(user, run, step))
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


@dataclass
class MoveView:
    at: object
    task_id: int
    task_title: str
    from_words: str
    to_words: str
    forward: bool
    from_phase: int
    to_phase: int


def my_moves(student: User, classroom: Classroom) -> list[MoveView]:
    """A student's phase moves in a class, oldest first, in words (one query). For their own
    timeline "what I said then, what happened next" (trellis.reflection)."""
    rows = PhaseMove.objects.filter(task__classroom=classroom, student=student).select_related(
        "task"
    )
    return [
        MoveView(
            m.created_at,
            m.task_id,
            m.task.title,
            phase_view(Phase(m.from_phase))["label"],
            phase_view(Phase(m.to_phase))["label"],
            m.to_phase > m.from_phase,
            m.from_phase,
            m.to_phase,
        )
        for m in rows
    ]
