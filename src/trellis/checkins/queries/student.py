"""The student's side: taking a run, revealed answers and their own history and calibration."""

from dataclasses import dataclass

from django.utils import timezone

from trellis.accounts.models import User
from trellis.rosters.models import Classroom

from ..models import CONFIDENCE_LABELS, Answer, QuestionVersion, Run
from ..permissions import runs_answerable_by
from ._common import SURE, _item_versions
from .run_results import QuestionResult, results

# Below this many rated answers a student's "when you feel sure…" figure is not shown.
MIN_FOR_CALIBRATION = 5


# ---------------------------------------------------------------- the student's side


@dataclass
class TakeItem:
    position: int
    version: QuestionVersion
    answer: Answer | None
    revealed: bool
    answered_version: QuestionVersion | None = None


@dataclass
class TakePage:
    run: Run
    is_open: bool
    items: list[TakeItem]
    current: TakeItem | None  # the question to answer now (None: waiting or all done)
    waiting: bool  # live run not started yet
    done: bool

    @property
    def state(self) -> str:
        """What the page shows; polling reloads the page when it changes."""
        return (
            f"{self.run.position}-{len(self.run.revealed)}-{int(self.is_open)}-"
            f"{self.run.closes_at and self.run.closes_at.timestamp()}"
        )


def take_page(user: User, run: Run, question_id=None) -> TakePage:
    """A student's view of a run: the question to answer and their own answers (3 queries)."""
    now = timezone.now()
    is_open = run.is_open_at(now)
    pairs = _item_versions(run.checkin)
    mine = {
        a.question_id: a
        for a in Answer.objects.filter(run=run, student=user).select_related("version")
    }
    revealed = set(run.revealed)
    items = [
        TakeItem(
            position=pos,
            version=v,
            answer=mine.get(item.question_id),
            revealed=item.question_id in revealed,
            answered_version=mine[item.question_id].version if item.question_id in mine else None,
        )
        for pos, (item, v) in enumerate(pairs, 1)
    ]
    waiting = False
    if run.mode == "live" and is_open:
        if run.position is None:
            waiting, open_items = True, []
        else:
            open_items = items[: run.position + 1]
    else:
        open_items = items
    current = None
    if question_id is not None:
        current = next(
            (i for i in open_items if str(i.version.question_id) == str(question_id)), None
        )
    if current is None and run.mode == "live" and is_open and not waiting:
        current = open_items[-1]
    if current is None:
        # The first question not yet answered, or not yet rated.
        current = next(
            (i for i in open_items if i.answer is None or i.answer.confidence is None), None
        )
    done = bool(items) and all(i.answer is not None and i.answer.confidence for i in items)
    return TakePage(run, is_open, items, current, waiting, done)


def revealed_distribution(run: Run) -> dict[int, QuestionResult]:
    """Class-wide counts for revealed questions only: aggregate, no names."""
    if not run.revealed:
        return {}
    res = results(run, names=False)
    return {q.question_id: q for q in res.questions if q.question_id in set(run.revealed)}


@dataclass
class HistoryRow:
    run: Run
    n_answered: int
    n_right: int
    n_known: int
    mean_confidence: float | None


@dataclass
class Calibration:
    n_sure: int
    sure_right: int
    n_unsure: int
    unsure_right: int

    @property
    def enough(self) -> bool:
        return self.n_sure + self.n_unsure >= MIN_FOR_CALIBRATION

    @property
    def sure_rate(self) -> int | None:
        return round(100 * self.sure_right / self.n_sure) if self.n_sure else None

    @property
    def unsure_rate(self) -> int | None:
        return round(100 * self.unsure_right / self.n_unsure) if self.n_unsure else None


@dataclass
class MyHistory:
    rows: list[HistoryRow]
    calibration: Calibration
    answers: list[Answer]


def my_history(user: User, classroom: Classroom | None = None) -> MyHistory:
    """A student's own answers and their confidence against their results over time (1 query)."""
    qs = Answer.objects.filter(student=user, run__in=runs_answerable_by(user))
    if classroom is not None:
        qs = qs.filter(run__classroom=classroom)
    answers = list(
        qs.select_related("run__checkin", "run__classroom", "version").order_by(
            "submitted_at", "id"
        )
    )
    rows: dict[int, HistoryRow] = {}
    cal = Calibration(0, 0, 0, 0)
    for a in answers:
        row = rows.get(a.run_id)
        if row is None:
            row = rows[a.run_id] = HistoryRow(a.run, 0, 0, 0, None)
            row._ratings = []
        row.n_answered += 1
        if a.correct is not None:
            row.n_known += 1
            row.n_right += int(a.correct)
        if a.confidence is not None:
            row._ratings.append(a.confidence)
            if a.correct is not None:
                if a.confidence >= SURE:
                    cal.n_sure += 1
                    cal.sure_right += int(a.correct)
                else:
                    cal.n_unsure += 1
                    cal.unsure_right += int(a.correct)
    for row in rows.values():
        row.mean_confidence = sum(row._ratings) / len(row._ratings) if row._ratings else None
    return MyHistory(
        rows=sorted(rows.values(), key=lambda r: r.run.started_at, reverse=True),
        calibration=cal,
        answers=answers,
    )


def confidence_label(value) -> str:
    return CONFIDENCE_LABELS.get(value, "")
