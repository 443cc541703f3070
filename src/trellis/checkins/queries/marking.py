"""The marking page for short text answers: identical answers grouped to mark at once."""

from collections import defaultdict
from dataclasses import dataclass

from ..models import Answer, Mark, QuestionKind, QuestionVersion, Run
from ._common import _item_versions
from .run_results import QuestionResult

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
