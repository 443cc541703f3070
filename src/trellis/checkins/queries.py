"""Reads for check-in pages and the API, scoped to the user, in a fixed number of queries."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, F, Q
from django.utils import timezone

from trellis.accounts.models import User
from trellis.common.access import get_visible
from trellis.curriculum.models import LearningTarget
from trellis.curriculum.permissions import targets_managed_by
from trellis.rosters.models import Classroom, EnrollmentRole
from trellis.rosters.permissions import classes_managed_by

from .models import (
    CONFIDENCE_LABELS,
    Answer,
    CheckIn,
    CheckInItem,
    Mark,
    Question,
    QuestionKind,
    QuestionVersion,
    Run,
)
from .permissions import (
    checkins_managed_by,
    checkins_visible_to,
    questions_managed_by,
    questions_visible_to,
    runs_answerable_by,
    runs_managed_by,
)

# Below this many rated answers a student's "when you feel sure…" figure is not shown.
MIN_FOR_CALIBRATION = 5
# A student met a target in a run when their answers on it score this much on average.
MET_THRESHOLD = 0.8
SURE = 3  # confidence 3–4 is "sure", 1–2 "unsure"


# ---------------------------------------------------------------- fetch and authorize


def get_checkin_for(user: User, checkin_id) -> CheckIn:
    return get_visible(checkins_visible_to(user).select_related("owner"), checkin_id, "check-in")


def get_own_checkin_for(user: User, checkin_id) -> CheckIn:
    return get_visible(checkins_managed_by(user), checkin_id, "check-in")


def get_question_for(user: User, question_id) -> Question:
    return get_visible(questions_visible_to(user), question_id, "question")


def get_own_question_for(user: User, question_id) -> Question:
    return get_visible(questions_managed_by(user), question_id, "question")


def get_managed_run_for(user: User, run_id) -> Run:
    return get_visible(
        runs_managed_by(user).select_related("checkin", "classroom"), run_id, "check-in run"
    )


def get_answerable_run_for(user: User, run_id) -> Run:
    return get_visible(
        runs_answerable_by(user).select_related("checkin", "classroom"), run_id, "check-in"
    )


def current_version(question: Question) -> QuestionVersion:
    return question.versions.select_related("target").get(number=question.current_number)


# ---------------------------------------------------------------- bank and check-ins


def bank(user: User) -> list[QuestionVersion]:
    """The user's questions, each as its newest version: one query."""
    return list(
        QuestionVersion.objects.filter(
            question__in=questions_managed_by(user), number=F("question__current_number")
        )
        .select_related("question", "target")
        .annotate(n_answers=Count("question__answers", distinct=True))
        .order_by("-question__updated_at", "-question_id")
    )


def targets_for_author(user: User) -> list[LearningTarget]:
    return list(
        targets_managed_by(user)
        .filter(is_active=True)
        .select_related("classroom")
        .order_by("classroom__course", "classroom__section", "position", "id")
    )


@dataclass
class CheckInsPage:
    mine: list[CheckIn]
    shared: list[CheckIn]


def checkins_page(user: User) -> CheckInsPage:
    rows = list(
        checkins_visible_to(user)
        .select_related("owner")
        .annotate(
            n_items=Count("items", distinct=True),
            n_runs=Count("runs", distinct=True),
        )
        .order_by("-updated_at", "-id")
    )
    if user.is_school_admin:
        return CheckInsPage(mine=rows, shared=[])  # the school's, in one list
    return CheckInsPage(
        mine=[c for c in rows if c.owner_id == user.pk],
        shared=[c for c in rows if c.owner_id != user.pk],
    )


@dataclass
class CheckInDetail:
    checkin: CheckIn
    items: list[tuple[CheckInItem, QuestionVersion]]
    can_edit: bool
    addable: list[QuestionVersion] = field(default_factory=list)
    classes: list[Classroom] = field(default_factory=list)
    runs: list[Run] = field(default_factory=list)


def _item_versions(checkin: CheckIn) -> list[tuple[CheckInItem, QuestionVersion]]:
    items = list(checkin.items.select_related("question").order_by("position", "id"))
    versions = {
        v.question_id: v
        for v in QuestionVersion.objects.filter(
            question__items__checkin=checkin, number=F("question__current_number")
        ).select_related("target")
    }
    return [(item, versions[item.question_id]) for item in items]


def checkin_detail(user: User, checkin: CheckIn) -> CheckInDetail:
    can_edit = (
        checkin.owner_id == user.pk and checkins_managed_by(user).filter(pk=checkin.pk).exists()
    )
    items = _item_versions(checkin)
    detail = CheckInDetail(checkin=checkin, items=items, can_edit=can_edit)
    if can_edit:
        used = {item.question_id for item, _ in items}
        detail.addable = [v for v in bank(user) if v.question_id not in used]
    detail.classes = list(classes_managed_by(user).filter(is_active=True).order_by("course"))
    detail.runs = list(
        runs_managed_by(user)
        .filter(checkin=checkin)
        .select_related("classroom")
        .annotate(n_students=Count("answers__student", distinct=True))
    )
    return detail


# ---------------------------------------------------------------- a class's check-ins


@dataclass
class ClassRunRow:
    run: Run
    is_open: bool
    n_questions: int
    n_mine: int = 0  # students: how many they answered
    n_students: int = 0  # teachers: how many students answered


def class_runs(user: User, classroom: Classroom, *, as_teacher: bool) -> list[ClassRunRow]:
    """Runs of one class, newest first: one query."""
    now = timezone.now()
    qs = Run.objects.filter(classroom=classroom).select_related("checkin")
    qs = qs.annotate(n_questions=Count("checkin__items", distinct=True))
    if as_teacher:
        qs = qs.annotate(n_students=Count("answers__student", distinct=True))
    else:
        qs = qs.annotate(n_mine=Count("answers", filter=Q(answers__student=user), distinct=True))
    rows = []
    for run in qs.order_by("-started_at", "-id"):
        rows.append(
            ClassRunRow(
                run=run,
                is_open=run.is_open_at(now),
                n_questions=run.n_questions,
                n_mine=getattr(run, "n_mine", 0),
                n_students=getattr(run, "n_students", 0),
            )
        )
    return rows


# ---------------------------------------------------------------- results


@dataclass
class Person:
    id: int
    name: str


@dataclass
class OptionRow:
    key: str
    text: str
    correct: bool
    misconception: str
    count: int
    share: float
    students: list[Person] = field(default_factory=list)


@dataclass
class ValueRow:
    text: str
    count: int
    correct: bool | None
    mark: str = ""


@dataclass
class VersionResult:
    version: QuestionVersion
    n: int
    options: list[OptionRow]
    values: list[ValueRow]  # number and short text: the answers given, most common first


@dataclass
class Misconception:
    text: str
    key: str
    count: int
    version: int


@dataclass
class QuestionResult:
    position: int
    question_id: int
    version: QuestionVersion  # the newest
    target: LearningTarget | None
    n_answers: int
    n_right: int
    n_unmarked: int
    n_late: int
    n_confidence: int
    by_version: list[VersionResult]
    misconceptions: list[Misconception]
    groups: dict[str, list[Person]]  # right, not_yet, unsure_right, sure_wrong, unmarked

    @property
    def share_right(self) -> float | None:
        known = self.n_answers - self.n_unmarked
        return self.n_right / known if known else None


@dataclass
class TargetResult:
    target: LearningTarget
    n_students: int
    n_met: int

    @property
    def share(self) -> float | None:
        return self.n_met / self.n_students if self.n_students else None


@dataclass
class Results:
    run: Run
    is_open: bool
    n_students: int  # in the class
    n_answering: int  # who answered at least one question
    questions: list[QuestionResult]
    targets: list[TargetResult]

    def question(self, question_id) -> QuestionResult | None:
        return next((q for q in self.questions if q.question_id == int(question_id)), None)


GROUP_LABELS = {
    "right": "Right",
    "not_yet": "Not yet",
    "unsure_right": "Right but unsure (confidence 1–2)",
    "sure_wrong": "Sure but not yet right (confidence 3–4)",
    "unmarked": "Waiting for your mark",
}


def _value_text(answer: Answer) -> str:
    if "keys" in answer.response:
        return ", ".join(answer.response["keys"])
    if answer.version.kind == QuestionKind.NUMBER:
        value = answer.response.get("value")
        # 7/2, 3,5 and 3.50 are one answer: group them by their value.
        return f"{Decimal(value).normalize():f}" if value else answer.response.get("text", "")
    return answer.response.get("text", "")


def results(run: Run, *, names: bool = True) -> Results:
    """Everything the results page shows, in six queries whatever the class size.

    With names=False (what students may see once an answer is revealed) only counts are
    filled in: no student appears in any group or option.
    """
    now = timezone.now()
    items = list(run.checkin.items.order_by("position", "id").values_list("question_id", flat=True))
    versions = {
        v.pk: v
        for v in QuestionVersion.objects.filter(question_id__in=items).select_related("question")
    }
    newest = {v.question_id: v for v in versions.values() if v.number == v.question.current_number}
    answers = list(
        Answer.objects.filter(run=run)
        .select_related("student")
        .only(
            "id",
            "student_id",
            "student__first_name",
            "student__last_name",
            "student__display_name",
            "student__username",
            "question_id",
            "version_id",
            "response",
            "normalised",
            "correct",
            "score",
            "mark",
            "confidence",
            "is_late",
        )
        .order_by("student__last_name", "student__first_name", "id")
    )
    for a in answers:
        a.version = versions[a.version_id]
    target_ids = {run.target_for(v.target_id) for v in versions.values() if v.target_id}
    targets = {t.pk: t for t in LearningTarget.objects.filter(pk__in=target_ids)}
    n_students = run.classroom.enrollments.filter(
        role=EnrollmentRole.STUDENT, is_active=True
    ).count()

    by_question: dict[int, list[Answer]] = defaultdict(list)
    for a in answers:
        by_question[a.question_id].append(a)

    def person(a: Answer) -> Person:
        return Person(a.student_id, a.student.name)

    questions = []
    for position, qid in enumerate(items, 1):
        qa = by_question.get(qid, [])
        version = newest[qid]
        groups: dict[str, list[Person]] = {k: [] for k in GROUP_LABELS}
        for a in qa:
            if a.correct is None:
                groups["unmarked"].append(person(a))
                continue
            groups["right" if a.correct else "not_yet"].append(person(a))
            if a.confidence is not None:
                if a.correct and a.confidence < SURE:
                    groups["unsure_right"].append(person(a))
                elif not a.correct and a.confidence >= SURE:
                    groups["sure_wrong"].append(person(a))
        by_version = []
        misconceptions: Counter = Counter()
        for vid in sorted(
            {a.version_id for a in qa} | {version.pk}, key=lambda v: -versions[v].number
        ):
            v = versions[vid]
            va = [a for a in qa if a.version_id == vid]
            if not va and vid != version.pk:
                continue
            options = []
            if v.is_choice:
                for o in v.options:
                    picked = [a for a in va if o["key"] in a.response.get("keys", [])]
                    options.append(
                        OptionRow(
                            key=o["key"],
                            text=o["text"],
                            correct=o["correct"],
                            misconception=o.get("misconception", ""),
                            count=len(picked),
                            share=len(picked) / len(va) if va else 0.0,
                            students=[person(a) for a in picked] if names else [],
                        )
                    )
                    if picked and not o["correct"] and o.get("misconception"):
                        misconceptions[(o["misconception"], o["key"], v.number)] += len(picked)
            values = []
            if not v.is_choice:
                seen: dict[str, ValueRow] = {}
                for a in va:
                    key = a.normalised if v.kind == QuestionKind.SHORT else _value_text(a)
                    row = seen.get(key)
                    if row is None:
                        row = seen[key] = ValueRow(_value_text(a), 0, a.correct, a.mark)
                    row.count += 1
                values = sorted(seen.values(), key=lambda r: (-r.count, r.text))
            by_version.append(VersionResult(v, len(va), options, values))
        questions.append(
            QuestionResult(
                position=position,
                question_id=qid,
                version=version,
                target=targets.get(run.target_for(version.target_id)),
                n_answers=len(qa),
                n_right=sum(1 for a in qa if a.correct),
                n_unmarked=sum(1 for a in qa if a.correct is None),
                n_late=sum(1 for a in qa if a.is_late),
                n_confidence=sum(1 for a in qa if a.confidence is not None),
                by_version=by_version,
                misconceptions=[
                    Misconception(text, key, count, number)
                    for (text, key, number), count in misconceptions.most_common()
                ],
                groups=groups if names else {k: [] for k in GROUP_LABELS},
            )
        )

    scores: dict[tuple[int, int], list[float]] = defaultdict(list)
    for a in answers:
        t = run.target_for(a.version.target_id)
        if t in targets and a.score is not None:
            scores[(t, a.student_id)].append(a.score)
    target_rows = []
    for t in sorted(targets.values(), key=lambda t: (t.position, t.pk)):
        per_student = [s for (tid, _), s in scores.items() if tid == t.pk]
        target_rows.append(
            TargetResult(
                target=t,
                n_students=len(per_student),
                n_met=sum(1 for s in per_student if sum(s) / len(s) >= MET_THRESHOLD),
            )
        )
    return Results(
        run=run,
        is_open=run.is_open_at(now),
        n_students=n_students,
        n_answering=len({a.student_id for a in answers}),
        questions=questions,
        targets=target_rows,
    )


# ---------------------------------------------------------------- marking short text


@dataclass
class MarkGroup:
    normalised: str
    texts: list[str]  # the spellings students used
    count: int
    mark: str  # the common mark, or "" if unmarked or mixed
    mixed: bool
    version_numbers: list[int]
    answer_ids: list[int]


@dataclass
class MarkingPage:
    run: Run
    question: QuestionResult
    version: QuestionVersion
    short_questions: list[tuple[int, int, str]]  # (position, question id, prompt)
    groups: list[MarkGroup]


def marking_page(run: Run, question_id=None) -> MarkingPage | None:
    """Short-text answers of one question grouped by their normalised text: four queries."""
    items = _item_versions(run.checkin)
    shorts = [
        (pos, item.question_id, v.prompt)
        for pos, (item, v) in enumerate(items, 1)
        if v.kind == QuestionKind.SHORT
    ]
    if not shorts:
        return None
    ids = [q for _, q, _ in shorts]
    qid = (
        int(question_id) if str(question_id or "").isdigit() and int(question_id) in ids else ids[0]
    )
    version = next(v for item, v in items if item.question_id == qid)
    answers = list(
        Answer.objects.filter(run=run, question_id=qid)
        .select_related("version")
        .only("id", "normalised", "response", "mark", "version__number", "version__kind")
        .order_by("normalised", "id")
    )
    grouped: dict[str, list[Answer]] = defaultdict(list)
    for a in answers:
        grouped[a.normalised].append(a)
    groups = []
    for norm, members in grouped.items():
        marks = {a.mark for a in members}
        texts = sorted({a.response.get("text", "") for a in members})
        groups.append(
            MarkGroup(
                normalised=norm,
                texts=texts[:5],
                count=len(members),
                mark=marks.pop() if len(marks) == 1 else "",
                mixed=len({a.mark for a in members}) > 1,
                version_numbers=sorted({a.version.number for a in members}),
                answer_ids=[a.pk for a in members],
            )
        )
    # Unmarked first, then the biggest groups: the quickest way through the pile.
    groups.sort(key=lambda g: (g.mark != "", -g.count, g.normalised))
    position = next(pos for pos, q, _ in shorts if q == qid)
    summary = QuestionResult(
        position=position,
        question_id=qid,
        version=version,
        target=None,
        n_answers=len(answers),
        n_right=sum(1 for a in answers if a.mark == Mark.RIGHT),
        n_unmarked=sum(1 for a in answers if not a.mark),
        n_late=0,
        n_confidence=0,
        by_version=[],
        misconceptions=[],
        groups={},
    )
    return MarkingPage(run, summary, version, shorts, groups)


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
