"""/api/v1: check-ins, their questions, runs, answers with confidence, and results."""

from datetime import datetime
from typing import Literal

from ninja import Router, Schema, Status

from trellis.rosters import queries as roster_queries

from . import actions, queries
from .actions import QuestionInput
from .models import QuestionVersion

router = Router(tags=["checkins"])


class CheckInOut(Schema):
    id: int
    title: str
    is_shared: bool
    owner: str
    n_items: int | None = None


class CheckInIn(Schema):
    title: str
    is_shared: bool = False


class OptionIn(Schema):
    text: str
    correct: bool = False
    misconception: str = ""


class QuestionIn(Schema):
    kind: Literal["single", "multiple", "short", "number"]
    prompt: str
    target_id: int | None = None
    options: list[OptionIn] = []
    number_answer: str | None = None
    tolerance: str | None = None
    model_answer: str = ""
    explanation: str = ""


class OptionOut(Schema):
    key: str
    text: str
    correct: bool | None = None
    misconception: str | None = None


class QuestionOut(Schema):
    id: int
    version_id: int
    version: int
    kind: str
    prompt: str
    target_id: int | None
    options: list[OptionOut]


class CheckInDetailOut(CheckInOut):
    questions: list[QuestionOut]


class RunIn(Schema):
    class_id: int
    mode: Literal["live", "exit"]
    closes_at: datetime | None = None


class RunOut(Schema):
    id: int
    checkin_id: int
    class_id: int
    mode: str
    is_open: bool
    position: int | None
    closes_at: datetime | None
    revealed: list[int]


class AnswerIn(Schema):
    question_id: int
    keys: list[str] | None = None
    text: str | None = None
    version_id: int | None = None
    idempotency_key: str | None = None


class AnswerOut(Schema):
    id: int
    question_id: int
    version: int
    response: dict
    correct: bool | None
    confidence: int | None
    is_late: bool
    notice: str = ""


class ConfidenceIn(Schema):
    value: int


class CheckinGroupOut(Schema):
    name: str
    student_ids: list[int]


class OptionResultOut(Schema):
    key: str
    text: str
    correct: bool
    misconception: str
    count: int


class QuestionResultOut(Schema):
    question_id: int
    position: int
    version: int
    n_answers: int
    n_right: int
    n_unmarked: int
    n_late: int
    options: list[OptionResultOut]
    answers_by_version: dict[str, int]
    misconceptions: list[dict]
    groups: list[CheckinGroupOut]


class TargetResultOut(Schema):
    target_id: int
    statement: str
    n_students: int
    n_met: int


class ResultsOut(Schema):
    run: RunOut
    n_students: int
    n_answering: int
    questions: list[QuestionResultOut]
    targets: list[TargetResultOut]


def _checkin_out(c, schema=CheckInOut, **extra):
    return schema(
        id=c.pk,
        title=c.title,
        is_shared=c.is_shared,
        owner=c.owner.name,
        n_items=getattr(c, "n_items", None),
        **extra,
    )


def _question_out(v: QuestionVersion, *, with_key: bool) -> QuestionOut:
    return QuestionOut(
        id=v.question_id,
        version_id=v.pk,
        version=v.number,
        kind=v.kind,
        prompt=v.prompt,
        target_id=v.target_id,
        options=[
            OptionOut(
                key=o["key"],
                text=o["text"],
                correct=o["correct"] if with_key else None,
                misconception=o.get("misconception", "") if with_key else None,
            )
            for o in v.options
        ],
    )


def _run_out(run) -> RunOut:
    from django.utils import timezone

    return RunOut(
        id=run.pk,
        checkin_id=run.checkin_id,
        class_id=run.classroom_id,
        mode=run.mode,
        is_open=run.is_open_at(timezone.now()),
        position=run.position,
        closes_at=run.closes_at,
        revealed=run.revealed,
    )


def _answer_out(a, notice="") -> AnswerOut:
    return AnswerOut(
        id=a.pk,
        question_id=a.question_id,
        version=a.version.number,
        response=a.response,
        correct=a.correct,
        confidence=a.confidence,
        is_late=a.is_late,
        notice=notice,
    )


@router.get("/checkins", response=list[CheckInOut])
def list_checkins(request):
    page = queries.checkins_page(request.auth)
    return [_checkin_out(c) for c in page.mine + page.shared]


@router.post("/checkins", response={201: CheckInOut})
def create_checkin(request, payload: CheckInIn):
    checkin = actions.create_checkin(request.auth, **payload.dict())
    return Status(201, _checkin_out(checkin))


@router.get("/checkins/{checkin_id}", response=CheckInDetailOut)
def get_checkin(request, checkin_id: int):
    checkin = queries.get_checkin_for(request.auth, checkin_id)
    detail = queries.checkin_detail(request.auth, checkin)
    return _checkin_out(
        checkin,
        CheckInDetailOut,
        questions=[_question_out(v, with_key=True) for _, v in detail.items],
    )


@router.post("/checkins/{checkin_id}/questions", response={201: QuestionOut})
def add_new_question(request, checkin_id: int, payload: QuestionIn):
    checkin = queries.get_own_checkin_for(request.auth, checkin_id)
    question = actions.create_question(
        request.auth, QuestionInput(**payload.dict()), checkin=checkin
    )
    return Status(201, _question_out(queries.current_version(question), with_key=True))


@router.put("/checkin-questions/{question_id}", response=QuestionOut)
def edit_question(request, question_id: int, payload: QuestionIn):
    question = queries.get_own_question_for(request.auth, question_id)
    version = actions.edit_question(request.auth, question, QuestionInput(**payload.dict()))
    return _question_out(version, with_key=True)


@router.post("/checkins/{checkin_id}/runs", response={201: RunOut})
def start_run(request, checkin_id: int, payload: RunIn):
    checkin = queries.get_checkin_for(request.auth, checkin_id)
    classroom = roster_queries.get_managed_class_for(request.auth, payload.class_id)
    run = actions.start_run(
        request.auth, checkin, classroom, mode=payload.mode, closes_at=payload.closes_at
    )
    return Status(201, _run_out(run))


def _run_for(user, run_id):
    """Teachers of the class and its students may read a run; anyone else gets 404."""
    if user.is_student:
        return queries.get_answerable_run_for(user, run_id), False
    return queries.get_managed_run_for(user, run_id), True


@router.get("/checkin-runs/{run_id}", response=RunOut)
def get_run(request, run_id: int):
    run, _ = _run_for(request.auth, run_id)
    return _run_out(run)


@router.get("/checkin-runs/{run_id}/results", response=ResultsOut)
def get_results(request, run_id: int):
    run = queries.get_managed_run_for(request.auth, run_id)
    res = queries.results(run)
    questions = []
    for q in res.questions:
        current = q.by_version[0]
        questions.append(
            QuestionResultOut(
                question_id=q.question_id,
                position=q.position,
                version=q.version.number,
                n_answers=q.n_answers,
                n_right=q.n_right,
                n_unmarked=q.n_unmarked,
                n_late=q.n_late,
                options=[
                    OptionResultOut(
                        key=o.key,
                        text=o.text,
                        correct=o.correct,
                        misconception=o.misconception,
                        count=o.count,
                    )
                    for o in current.options
                ],
                answers_by_version={str(vr.version.number): vr.n for vr in q.by_version},
                misconceptions=[
                    {"text": m.text, "key": m.key, "count": m.count, "version": m.version}
                    for m in q.misconceptions
                ],
                groups=[
                    CheckinGroupOut(name=name, student_ids=[p.id for p in people])
                    for name, people in q.groups.items()
                ],
            )
        )
    return ResultsOut(
        run=_run_out(run),
        n_students=res.n_students,
        n_answering=res.n_answering,
        questions=questions,
        targets=[
            TargetResultOut(
                target_id=t.target.pk,
                statement=t.target.statement,
                n_students=t.n_students,
                n_met=t.n_met,
            )
            for t in res.targets
        ],
    )


@router.post("/checkin-runs/{run_id}/answers", response={200: AnswerOut, 201: AnswerOut})
def submit_answer(request, run_id: int, payload: AnswerIn):
    run = queries.get_answerable_run_for(request.auth, run_id)
    response = {"keys": payload.keys} if payload.keys is not None else {"text": payload.text}
    submitted = actions.submit_answer(
        request.auth,
        run,
        payload.question_id,
        response,
        version_id=payload.version_id,
        idempotency_key=payload.idempotency_key or "",
    )
    return Status(
        201 if submitted.created else 200, _answer_out(submitted.answer, submitted.notice)
    )


@router.post("/checkin-runs/{run_id}/answers/{question_id}/confidence", response=AnswerOut)
def rate_confidence(request, run_id: int, question_id: int, payload: ConfidenceIn):
    run = queries.get_answerable_run_for(request.auth, run_id)
    return _answer_out(actions.rate_confidence(request.auth, run, question_id, payload.value))


@router.get("/checkin-runs/{run_id}/my-answers", response=list[AnswerOut])
def my_answers(request, run_id: int):
    run = queries.get_answerable_run_for(request.auth, run_id)
    page = queries.take_page(request.auth, run)
    return [_answer_out(i.answer) for i in page.items if i.answer]
