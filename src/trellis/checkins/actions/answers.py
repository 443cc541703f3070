"""Students' answers and confidence, and the teacher's marks on short text answers; each
writes its evidence in the same transaction.
"""

import uuid
from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext

from trellis.accounts.models import User
from trellis.common.db import write_transaction
from trellis.common.errors import NotFound, UserError
from trellis.evidence import actions as evidence
from trellis.evidence.verbs import Verb

from .. import grading
from ..models import (
    CONFIDENCE_LABELS,
    MARK_SCORES,
    Answer,
    Mark,
    Question,
    QuestionKind,
    QuestionVersion,
    Run,
    RunMode,
)
from ..permissions import runs_answerable_by
from ._common import _require_run
from .bank import OBJECT_TYPE, SHORT_ANSWER_MAX

# ---------------------------------------------------------------- answers and confidence


@dataclass
class Submitted:
    answer: Answer
    created: bool
    notice: str = ""


def _evidence_context(run: Run, answer: Answer, **more) -> dict:
    ext = {
        "run": run.pk,
        "checkin": run.checkin_id,
        "version": answer.version.number,
        "answer": answer.pk,
        "formative": True,
    }
    if answer.is_late:
        ext["late"] = True
    ext.update(more)
    return {"extensions": ext}


def _answered_event(run: Run, answer: Answer, *, marked_by: User | None = None) -> dict:
    """The `answered` evidence of an answer, as keyword arguments of `evidence.record`."""
    result = {"success": bool(answer.correct)}
    if not answer.correct and answer.score:
        result["score"] = {"scaled": round(answer.score, 4)}
    more = {"marked_by": marked_by.pk} if marked_by else {}
    return dict(
        actor=answer.student,
        subject=answer.student,
        verb=Verb.ANSWERED,
        object_type=OBJECT_TYPE,
        object_id=answer.question_id,
        classroom=run.classroom,
        target_id=run.target_for(answer.version.target_id),
        result=result,
        context=_evidence_context(run, answer, **more),
        occurred_at=answer.submitted_at,
    )


def _record_answered(run: Run, answer: Answer, *, marked_by: User | None = None):
    return evidence.record(**_answered_event(run, answer, marked_by=marked_by))


def _parse_response(version: QuestionVersion, response) -> tuple[dict, str, grading.Verdict]:
    """(stored response, normalised text, verdict) or a UserError naming what to fix."""
    response = response if isinstance(response, dict) else {"text": response}
    if version.is_choice:
        keys = response.get("keys")
        if isinstance(keys, str):
            keys = [keys]
        keys = [str(k).strip().upper() for k in (keys or []) if str(k).strip()]
        if not keys:
            raise UserError(
                gettext("Choose an answer before sending.")
                if version.kind == QuestionKind.SINGLE
                else gettext("Tick at least one option before sending."),
                field="response",
            )
        valid = {o["key"] for o in version.options}
        if any(k not in valid for k in keys):
            raise UserError(gettext("Choose one of the options shown."), field="response")
        keys = sorted(set(keys))
        if version.kind == QuestionKind.SINGLE and len(keys) > 1:
            raise UserError(gettext("Choose only one option."), field="response")
        verdict = grading.check_choice(
            version.correct_keys, keys, multiple=version.kind == QuestionKind.MULTIPLE
        )
        return {"keys": keys}, "", verdict
    text = str(response.get("text") or "").strip()
    if not text:
        raise UserError(
            gettext(
                "Type your answer before sending. If you are not sure, write your best "
                "guess: this check-in never counts toward a grade."
            ),
            field="response",
        )
    if version.kind == QuestionKind.NUMBER:
        try:
            value = grading.parse_number(text)
        except grading.NumberFormatError as e:
            detail = str(e) if "fraction" in str(e) else f"“{text[:40]}” is not a number we read."
            raise UserError(
                gettext("%(detail)s Write %(NUMBER_FORMATS)s.")
                % {"detail": detail, "NUMBER_FORMATS": grading.NUMBER_FORMATS},
                field="response",
            ) from None
        verdict = grading.check_number(version.number_answer, version.tolerance, value)
        return {"text": text, "value": str(value)}, "", verdict
    if len(text) > SHORT_ANSWER_MAX:
        raise UserError(
            gettext("Keep your answer under %(SHORT_ANSWER_MAX)s characters (it has %(count)s).")
            % {"SHORT_ANSWER_MAX": SHORT_ANSWER_MAX, "count": len(text)},
            field="response",
        )
    return {"text": text}, grading.normalise_text(text), grading.Verdict(None, None)


def _late_notice(run: Run) -> str:
    closed = run.closed_time()
    when = date_format(timezone.localtime(closed), "H:i") if closed else ""
    return gettext(
        "This check-in closed at %(when)s. Your answer is saved and marked late; "
        "your teacher will still see it."
    ) % {"when": when}


def submit_answer(
    user: User,
    run: Run,
    question_id,
    response,
    *,
    version_id=None,
    idempotency_key: str = "",
    now: datetime | None = None,
) -> Submitted:
    """Store a student's answer once, check it, and record `answered` evidence.

    Everything is read and checked first; the one write transaction then holds only the
    answer and its evidence, so a class answering at once queues for as short a time as
    possible.

    A repeat with the same idempotency key (a double click) returns the first answer. An
    answer after closing is kept and marked late. `version_id` is the version the student was
    shown; an edit made while they were answering does not change what they answered.
    """
    now = now or timezone.now()
    try:
        run = runs_answerable_by(user).select_related("checkin", "classroom").get(pk=run.pk)
    except Run.DoesNotExist:
        raise NotFound("check-in") from None
    key = (idempotency_key or "").strip()[:64] or uuid.uuid4().hex
    again = (
        Answer.objects.filter(student=user, idempotency_key=key).select_related("version").first()
    )
    if again is not None:
        return Submitted(again, created=False)
    items = list(run.checkin.items.order_by("position", "id").values_list("question_id", flat=True))
    try:
        qid = int(question_id)
        index = items.index(qid)
    except (TypeError, ValueError):
        raise NotFound("question") from None
    late = not run.is_open_at(now)
    if run.mode == RunMode.LIVE and not late and (run.position is None or index > run.position):
        raise UserError(
            gettext("Your teacher has not opened this question yet. Wait for it to appear."),
            field="response",
        )
    existing = Answer.objects.filter(run=run, student=user, question_id=qid).first()
    if existing is not None:
        return Submitted(
            existing,
            created=False,
            notice=gettext(
                "You had already answered this question; your first answer is the one kept."
            ),
        )
    question = Question.objects.get(pk=qid)
    versions = QuestionVersion.objects.filter(question=question)
    version = None
    if version_id not in (None, ""):
        version = versions.filter(pk=version_id).first() if str(version_id).isdigit() else None
    version = version or versions.get(number=question.current_number)
    stored, normalised, verdict = _parse_response(version, response)
    try:
        with write_transaction():
            answer = Answer.objects.create(
                run=run,
                student=user,
                question=question,
                version=version,
                response=stored,
                normalised=normalised,
                correct=verdict.correct,
                score=verdict.score,
                is_late=late,
                idempotency_key=key,
                submitted_at=now,
            )
            if answer.correct is not None:
                answer.answered_event = _record_answered(run, answer)
                answer.save(update_fields=["answered_event"])
    except IntegrityError:
        # Two requests (a double click) raced past the checks above; the first one stands.
        first = (
            Answer.objects.filter(student=user, idempotency_key=key).first()
            or Answer.objects.filter(run=run, student=user, question_id=qid).first()
        )
        if first is None:
            raise
        return Submitted(first, created=False)
    return Submitted(answer, created=True, notice=_late_notice(run) if late else "")


def rate_confidence(
    user: User, run: Run, question_id, value, *, now: datetime | None = None
) -> Answer:
    """The 1–4 rating that follows an answer; recorded once as `rated-confidence` evidence.

    The first rating stands (it was given before any answer was revealed); a repeat returns
    the answer unchanged."""
    now = now or timezone.now()
    try:
        rating = int(value)
    except (TypeError, ValueError):
        rating = 0
    if rating not in CONFIDENCE_LABELS:
        raise UserError(
            gettext(
                "Choose how sure you are, from 1 (“I'm guessing”) to 4 (“I could teach this”)."
            ),
            field="confidence",
        )
    answer = (
        Answer.objects.filter(run__in=runs_answerable_by(user), run_id=run.pk, student=user)
        .filter(question_id=question_id if str(question_id).isdigit() else None)
        .select_related("run__classroom", "run__checkin", "version", "student")
        .first()
    )
    if answer is None:
        raise UserError(
            gettext("Answer the question first, then say how sure you are."), field="confidence"
        )
    if answer.confidence is not None:
        return answer
    with write_transaction():
        # A conditional update: of two racing ratings (a double click), one wins.
        won = Answer.objects.filter(pk=answer.pk, confidence__isnull=True).update(
            confidence=rating, confidence_at=now
        )
        if won:
            answer.confidence, answer.confidence_at = rating, now
            evidence.record(
                actor=user,
                verb=Verb.RATED_CONFIDENCE,
                object_type=OBJECT_TYPE,
                object_id=answer.question_id,
                classroom=answer.run.classroom,
                target_id=answer.run.target_for(answer.version.target_id),
                result={"score": {"raw": rating, "min": 1, "max": 4}},
                context=_evidence_context(answer.run, answer),
                occurred_at=now,
            )
    if not won:
        answer.refresh_from_db(fields=["confidence", "confidence_at"])
    return answer


# ---------------------------------------------------------------- marking short text


@transaction.atomic
def mark_answers(
    user: User, run: Run, question_id, mark: str, *, normalised: str | None = None, answer_ids=()
) -> int:
    """Mark short-text answers right / partly / not yet: one group of identical answers
    (after normalising) or the answers named. Re-marking voids the old evidence and records
    the new. Returns how many answers changed."""
    run = _require_run(user, run)
    if mark not in Mark.values:
        raise UserError(gettext("Mark the answer right, partly or not yet."), field="mark")
    qs = Answer.objects.filter(
        run=run, question_id=question_id, version__kind=QuestionKind.SHORT
    ).select_related("version", "student", "answered_event")
    if normalised is not None:
        qs = qs.filter(normalised=normalised)
    else:
        qs = qs.filter(pk__in=[int(a) for a in answer_ids if str(a).isdigit()])
    answers = list(qs.select_for_update(of=("self",)))
    if not answers:
        raise NotFound("answer")
    changed = [a for a in answers if a.mark != mark]
    if not changed:
        return 0
    # One void, one insert of evidence and one update for the whole group, not per answer.
    why = f"Re-marked {Mark(mark).label.lower()}"
    evidence.void_many(
        user, [(a.answered_event, why) for a in changed if a.answered_event is not None]
    )
    for answer in changed:
        answer.mark = mark
        answer.correct = mark == Mark.RIGHT
        answer.score = MARK_SCORES[Mark(mark)]
        answer.marked_by = user
    events = evidence.record_many(
        [_answered_event(run, answer, marked_by=user) for answer in changed]
    )
    for answer, event in zip(changed, events, strict=True):
        answer.answered_event = event
    Answer.objects.bulk_update(changed, ["mark", "correct", "score", "marked_by", "answered_event"])
    return len(changed)
