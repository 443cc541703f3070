"""A run's results: per question, per option, per target, with misconceptions and groups."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext_lazy

from trellis.curriculum.models import LearningTarget
from trellis.rosters import queries as roster_queries

from ..models import Answer, QuestionKind, QuestionVersion, Run
from ._common import SURE

# A student met a target in a run when their answers on it score this much on average.
MET_THRESHOLD = 0.8


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
    "right": gettext_lazy("Right"),
    "not_yet": gettext_lazy("Not yet"),
    "unsure_right": gettext_lazy("Right but unsure (confidence 1–2)"),
    "sure_wrong": gettext_lazy("Sure but not yet right (confidence 3–4)"),
    "unmarked": gettext_lazy("Waiting for your mark"),
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
    n_students = roster_queries.active_student_count(run.classroom)

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
