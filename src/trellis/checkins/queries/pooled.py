"""Counts of a common check-in across several classes, with no student in them: what a teacher
team pools (trellis.collaboration suppresses small figures before anyone sees them)."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from ..models import Answer, CheckIn, QuestionVersion


@dataclass
class PooledQuestion:
    question_id: int
    position: int
    prompt: str  # the newest wording
    number: int  # the newest version number


@dataclass
class ClassCounts:
    """One class's answers to the check-in (every run of it in that class)."""

    classroom_id: int
    students: set = field(default_factory=set)  # ids, never shown: only their number
    answered: Counter = field(default_factory=Counter)  # question id -> answers
    right: Counter = field(default_factory=Counter)  # question id -> right answers
    versions: dict = field(default_factory=lambda: defaultdict(set))  # question id -> numbers
    misconceptions: dict = field(default_factory=lambda: defaultdict(Counter))
    # Student id -> [answers, right answers]: for "students who met the check-in" figures.
    per_student: dict = field(default_factory=lambda: defaultdict(lambda: [0, 0]))

    def students_met(self, threshold: float) -> int:
        return sum(1 for a, r in self.per_student.values() if a and r / a >= threshold)


@dataclass
class PooledCounts:
    checkin: CheckIn
    questions: list[PooledQuestion]
    classes: dict[int, ClassCounts]


def pooled_counts(checkin: CheckIn, classroom_ids, *, started_before=None, started_from=None):
    """Per class and question: answers, right answers, versions used and misconceptions picked.

    Three queries whatever the number of classes and students. `started_before` /
    `started_from` keep only runs started before / from a date (an inquiry's baseline and
    follow-up)."""
    items = list(checkin.items.order_by("position", "id").values_list("question_id", flat=True))
    versions = {
        v.pk: v
        for v in QuestionVersion.objects.filter(question_id__in=items).select_related("question")
    }
    newest = {v.question_id: v for v in versions.values() if v.number == v.question.current_number}
    questions = [
        PooledQuestion(qid, i, newest[qid].prompt, newest[qid].number)
        for i, qid in enumerate(items, 1)
        if qid in newest
    ]
    answers = Answer.objects.filter(
        run__checkin=checkin, run__classroom_id__in=list(classroom_ids), question_id__in=items
    )
    if started_before is not None:
        answers = answers.filter(run__started_at__date__lt=started_before)
    if started_from is not None:
        answers = answers.filter(run__started_at__date__gte=started_from)
    classes: dict[int, ClassCounts] = {}
    rows = answers.values_list(
        "run__classroom_id", "student_id", "question_id", "version_id", "correct", "response"
    )
    for class_id, student_id, qid, vid, correct, response in rows:
        c = classes.get(class_id) or classes.setdefault(class_id, ClassCounts(class_id))
        c.students.add(student_id)
        c.answered[qid] += 1
        c.right[qid] += 1 if correct else 0
        tally = c.per_student[student_id]
        tally[0] += 1
        tally[1] += 1 if correct else 0
        v = versions[vid]
        c.versions[qid].add(v.number)
        if v.is_choice:
            for o in v.options:
                picked = o["key"] in (response or {}).get("keys", [])
                if picked and not o.get("correct") and o.get("misconception"):
                    c.misconceptions[qid][o["misconception"]] += 1
    return PooledCounts(checkin, questions, classes)
