"""How well the recommendations work in a class: every release the engine recommended and the
teacher made, what happened next, predicted against observed success, and a preview of the
class's thresholds.

Domain nouns: a *followed release* is a move to independent practice that the engine had
recommended when the teacher made it (``PhaseMove.recommendation == "advance"``). *What
happened next* is read from the same task and student after the move: the next-day success
checks the teacher marked (success in independent practice), help requests and step backs.
The *predicted* success is the estimated mastery the recommendation rested on at the moment
of release (``PhaseMove.recommendation_mastery``). Every figure drawn from fewer than
``small_numbers.THRESHOLD`` students is hidden.

Four queries for the outcomes whatever the size of the class or its history; the preview
reads the board's state and the class's evidence (a fixed number more).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from trellis.accounts.models import User
from trellis.common.small_numbers import Figure, protect_group
from trellis.grr import MoveKind, Phase, Thresholds
from trellis.rosters.models import Classroom

from .. import engine, fitting
from ..models import ClassThresholds, HelpRequest, PhaseMove, SuccessCheckAnswer
from ._common import _target_ids

#: The predicted-mastery bins of the reliability table (lower edges, each up to the next).
BINS = (0.0, 0.8, 0.9, 0.95, 0.98)


@dataclass(frozen=True)
class ReliabilityRow:
    label: str
    students: Figure
    predicted: Figure  # mean predicted mastery at release
    observed: Figure  # share of success checks marked right afterwards


@dataclass(frozen=True)
class Outcomes:
    classroom: Classroom
    releases: Figure
    students: Figure
    success: Figure  # share of released students whose success checks were right
    help: Figure  # share who asked for help afterwards
    step_back: Figure  # share stepped back afterwards
    reliability: list[ReliabilityRow]
    thresholds: Thresholds
    saved: ClassThresholds | None


def _share(n: int, of: int) -> str:
    return f"{n / of:.0%} ({n} of {of})" if of else "—"


def outcomes(user: User, classroom: Classroom) -> Outcomes:
    """The class's followed releases and what came of them (four queries)."""
    moves = list(
        PhaseMove.objects.filter(
            task__classroom=classroom,
            kind=MoveKind.ADVANCE.value,
            to_phase=int(Phase.INDEPENDENT),
            recommendation="advance",
        ).values_list("task_id", "student_id", "created_at", "recommendation_mastery")
    )
    released: dict[tuple[int, int], tuple] = {}
    for task_id, student_id, at, mastery in moves:
        released.setdefault((task_id, student_id), (at, mastery))
    tasks = {t for t, _ in released}
    checks = defaultdict(list)
    for task_id, student_id, at, verdict in (
        SuccessCheckAnswer.objects.filter(task_id__in=tasks)
        .exclude(verdict="")
        .values_list("task_id", "student_id", "created_at", "verdict")
    ):
        checks[(task_id, student_id)].append((at, verdict))
    helps = defaultdict(list)
    for task_id, student_id, at in HelpRequest.objects.filter(task_id__in=tasks).values_list(
        "task_id", "student_id", "created_at"
    ):
        helps[(task_id, student_id)].append(at)
    backs = defaultdict(list)
    for task_id, student_id, at in PhaseMove.objects.filter(
        task_id__in=tasks,
        from_phase=int(Phase.INDEPENDENT),
        to_phase__lt=int(Phase.INDEPENDENT),
    ).values_list("task_id", "student_id", "created_at"):
        backs[(task_id, student_id)].append(at)

    students: set[int] = set()
    succeeded: set[int] = set()
    checked: set[int] = set()
    helped: set[int] = set()
    stepped: set[int] = set()
    bins: dict[int, list[tuple[int, float, bool]]] = defaultdict(list)
    # The first followed release of each student on each task (moves are in time order).
    for key, (at, predicted) in released.items():
        student = key[1]
        students.add(student)
        verdicts = [v for t, v in checks[key] if t >= at]
        if verdicts:
            checked.add(student)
            right = verdicts.count("right") * 2 >= len(verdicts)
            if right:
                succeeded.add(student)
            if predicted is not None:
                index = max(i for i, edge in enumerate(BINS) if predicted >= edge)
                bins[index].append((student, predicted, right))
        if any(t >= at for t in helps[key]):
            helped.add(student)
        if any(t >= at for t in backs[key]):
            stepped.add(student)

    n = len(students)
    summary = protect_group(
        {
            "releases": len(released),
            "students": n,
            "help": _share(len(helped), n),
            "step_back": _share(len(stepped), n),
        },
        n,
    )
    # Drawn from the students whose success checks were marked: their own group.
    success = protect_group({"success": _share(len(succeeded), len(checked))}, len(checked))
    if summary["students"].hidden:
        success = {"success": Figure(None, True)}
    rows = []
    for i, lower in enumerate(BINS):
        upper = BINS[i + 1] if i + 1 < len(BINS) else 1.0
        items = bins.get(i, [])
        who = {s for s, _, _ in items}
        figures = protect_group(
            {
                "students": len(who),
                "predicted": f"{sum(p for _, p, _ in items) / len(items):.2f}" if items else "—",
                "observed": f"{sum(r for _, _, r in items) / len(items):.2f}" if items else "—",
            },
            len(who),
        )
        rows.append(ReliabilityRow(f"{lower:.2f}–{upper:.2f}", **figures))
    saved = ClassThresholds.objects.filter(classroom_id=classroom.pk).first()
    return Outcomes(
        classroom,
        summary["releases"],
        summary["students"],
        success["success"],
        summary["help"],
        summary["step_back"],
        rows,
        _thresholds_of(saved),
        saved,
    )


def _thresholds_of(saved: ClassThresholds | None) -> Thresholds:
    if saved is None:
        return engine.THRESHOLDS
    return engine.tuned({name: getattr(saved, name) for name in engine.TUNABLE})


@dataclass(frozen=True)
class Preview:
    changed: Figure  # students whose recommendation on some running task would change
    students: int
    released_now: Figure
    released_then: Figure


def preview(user: User, classroom: Classroom, proposed: Thresholds) -> Preview:
    """How many students' recommendations on the running tasks change with ``proposed``
    (the board's state, the class's evidence, its fitted numbers and thresholds)."""
    from .boards import board_state

    state = board_state(user, classroom)
    evidence = engine.ClassEvidence.of(engine.load_rows(classroom, state.targets))
    params = fitting.params_for(classroom, state.targets)
    current = engine.thresholds_for(classroom)
    changed, now_ready, then_ready = set(), set(), set()
    for task in state.tasks:
        targets = _target_ids(task)
        for student in state.students:
            phase = Phase(state.phases.get((task.pk, student.pk), (0, 0))[0])
            items = evidence.for_task(student.pk, task.pk, targets)
            entered = state.entered.get((task.pk, student.pk))
            before = engine.recommendation_for(phase, items, state.now, params, current, entered)
            after = engine.recommendation_for(phase, items, state.now, params, proposed, entered)
            if (before.kind, before.to) != (after.kind, after.to):
                changed.add(student.pk)
            if before.kind.value == "advance":
                now_ready.add(student.pk)
            if after.kind.value == "advance":
                then_ready.add(student.pk)
    n = len(state.students)
    figures = protect_group(
        {"changed": len(changed), "now": len(now_ready), "then": len(then_ready)}, n
    )
    return Preview(figures["changed"], n, figures["now"], figures["then"])


__all__ = ["BINS", "Outcomes", "Preview", "ReliabilityRow", "outcomes", "preview"]
