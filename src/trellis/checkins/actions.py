"""Every write about check-ins: the bank, check-ins, runs, answers, confidence and marks.

Each action validates, checks permission, runs in one transaction and records its evidence
(`answered`, `rated-confidence`) in the same transaction, so an answer and its evidence are
written together or not at all.
"""

import uuid
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.formats import date_format

from trellis.accounts.models import User
from trellis.common.db import write_transaction
from trellis.common.errors import Conflict, NotFound, UserError
from trellis.curriculum.models import LearningTarget
from trellis.curriculum.permissions import targets_managed_by
from trellis.evidence import actions as evidence
from trellis.evidence.verbs import Verb
from trellis.rosters.models import Classroom
from trellis.rosters.permissions import classes_managed_by

from . import grading
from .models import (
    CONFIDENCE_LABELS,
    MARK_SCORES,
    Answer,
    CheckIn,
    CheckInItem,
    Mark,
    Question,
    QuestionKind,
    QuestionVersion,
    Run,
    RunMode,
)
from .permissions import (
    can_author,
    checkins_managed_by,
    checkins_visible_to,
    questions_managed_by,
    questions_visible_to,
    runs_answerable_by,
    runs_managed_by,
)

PROMPT_MAX = 2000
OPTION_MAX = 300
MAX_OPTIONS = 8
TITLE_MAX = 200
SHORT_ANSWER_MAX = 2000
OBJECT_TYPE = "checkin-question"
OPTION_KEYS = "ABCDEFGH"


# ---------------------------------------------------------------- the question bank


@dataclass
class QuestionInput:
    """What a teacher writes for one version of a question (validated by `_clean_question`)."""

    kind: str
    prompt: str
    target_id: int | None = None
    # For choice questions: [{"text", "correct", "misconception"}]; keys are given in order.
    options: list | None = None
    number_answer: str | Decimal | None = None
    tolerance: str | Decimal | None = None
    model_answer: str = ""
    explanation: str = ""


def _decimal(value, field: str, what: str) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, Decimal):
        return value
    try:
        return grading.parse_number(str(value))
    except (grading.NumberFormatError, InvalidOperation):
        raise UserError(
            f"{what} must be a number: {grading.NUMBER_FORMATS}.", field=field
        ) from None


def _clean_question(user: User, data: QuestionInput, *, current_target_id=None) -> dict:
    kind = (data.kind or "").strip()
    if kind not in QuestionKind.values:
        raise UserError(
            "Choose the kind of question: single choice, multiple choice, short text or number.",
            field="kind",
        )
    prompt = (data.prompt or "").strip()
    if not prompt:
        raise UserError("Write the question students will read.", field="prompt")
    if len(prompt) > PROMPT_MAX:
        raise UserError(
            f"A question can be at most {PROMPT_MAX} characters; this one has {len(prompt)}.",
            field="prompt",
        )
    target = None
    if data.target_id not in (None, ""):
        try:
            target_pk = int(data.target_id)
        except (TypeError, ValueError):
            target_pk = None
        # A copied question may keep a colleague's target it was written for.
        allowed = targets_managed_by(user).filter(pk=target_pk)
        if target_pk is not None and target_pk == current_target_id:
            allowed = LearningTarget.objects.filter(pk=target_pk)
        target = allowed.first()
        if target is None:
            raise UserError("Choose one of the targets of your classes.", field="target")
    fields = {
        "kind": kind,
        "prompt": prompt,
        "target": target,
        "options": [],
        "number_answer": None,
        "tolerance": Decimal(0),
        "model_answer": (data.model_answer or "").strip()[:PROMPT_MAX],
        "explanation": (data.explanation or "").strip()[:PROMPT_MAX],
    }
    if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        options = []
        for raw in data.options or []:
            text = (raw.get("text") or "").strip()
            misconception = (raw.get("misconception") or "").strip()
            if not text:
                if misconception:
                    raise UserError(
                        f"Option {OPTION_KEYS[len(options)]} has a misconception note but no "
                        "text. Write the option, or clear the note.",
                        field="options",
                    )
                continue
            if len(text) > OPTION_MAX or len(misconception) > OPTION_MAX:
                raise UserError(
                    f"Keep each option and its note under {OPTION_MAX} characters.",
                    field="options",
                )
            if len(options) == MAX_OPTIONS:
                raise UserError(f"A question can have at most {MAX_OPTIONS} options.")
            options.append(
                {
                    "key": OPTION_KEYS[len(options)],
                    "text": text,
                    "correct": bool(raw.get("correct")),
                    "misconception": "" if raw.get("correct") else misconception,
                }
            )
        if len(options) < 2:
            raise UserError("Give at least two options to choose from.", field="options")
        n_right = sum(o["correct"] for o in options)
        if n_right == 0:
            raise UserError("Tick the right option (at least one).", field="options")
        if kind == QuestionKind.SINGLE and n_right > 1:
            raise UserError(
                "A single-choice question has one right option. Tick only one, or make it a "
                "multiple-choice question.",
                field="options",
            )
        fields["options"] = options
    elif kind == QuestionKind.NUMBER:
        answer = _decimal(data.number_answer, "number_answer", "The answer")
        if answer is None:
            raise UserError("Give the right answer as a number.", field="number_answer")
        tolerance = _decimal(data.tolerance, "tolerance", "The tolerance") or Decimal(0)
        if tolerance < 0:
            raise UserError(
                "The tolerance is how far from the answer still counts as right; it cannot be "
                "negative.",
                field="tolerance",
            )
        fields["number_answer"] = answer
        fields["tolerance"] = tolerance
    return fields


def _same_version(version: QuestionVersion, fields: dict) -> bool:
    return all(
        (getattr(version, k) if k != "target" else version.target) == v
        or (k in ("number_answer", "tolerance") and _num_eq(getattr(version, k), v))
        for k, v in fields.items()
    )


def _num_eq(a, b) -> bool:
    if a is None or b is None:
        return a is b
    return Decimal(a) == Decimal(b)


@transaction.atomic
def create_question(user: User, data: QuestionInput, *, checkin: CheckIn | None = None) -> Question:
    """Write a new question into the user's bank (and add it to `checkin` when given)."""
    if not can_author(user):
        raise UserError("Only teachers keep a question bank.", status=403)
    fields = _clean_question(user, data)
    question = Question.objects.create(owner=user, current_number=1)
    QuestionVersion.objects.create(question=question, number=1, created_by=user, **fields)
    if checkin is not None:
        add_question(user, checkin, question)
    return question


@transaction.atomic
def edit_question(user: User, question: Question, data: QuestionInput) -> QuestionVersion:
    """An edit makes version n + 1; answers keep pointing at the version they answered."""
    try:
        question = questions_managed_by(user).select_for_update().get(pk=question.pk)
    except Question.DoesNotExist:
        raise NotFound("question") from None
    current = question.versions.get(number=question.current_number)
    fields = _clean_question(user, data, current_target_id=current.target_id)
    if _same_version(current, fields):
        return current
    question.current_number += 1
    question.save(update_fields=["current_number", "updated_at"])
    return QuestionVersion.objects.create(
        question=question, number=question.current_number, created_by=user, **fields
    )


def _copy_into_bank(user: User, question: Question) -> Question:
    # The newest version from the database: the caller's object may be stale.
    source = question.versions.order_by("-number").first()
    copy = Question.objects.create(owner=user, copied_from=question, current_number=1)
    QuestionVersion.objects.create(
        question=copy,
        number=1,
        created_by=user,
        kind=source.kind,
        prompt=source.prompt,
        target_id=source.target_id,
        options=source.options,
        number_answer=source.number_answer,
        tolerance=source.tolerance,
        model_answer=source.model_answer,
        explanation=source.explanation,
    )
    return copy


@transaction.atomic
def copy_question(user: User, question: Question) -> Question:
    """A copy is a new question in the user's bank with its own history, starting at v1."""
    if not can_author(user):
        raise UserError("Only teachers keep a question bank.", status=403)
    if not questions_visible_to(user).filter(pk=question.pk).exists():
        raise NotFound("question")
    return _copy_into_bank(user, question)


# ---------------------------------------------------------------- check-ins


def _clean_title(title: str) -> str:
    title = (title or "").strip()
    if not title:
        raise UserError(
            "Give the check-in a title students will recognise, e.g. “Two-step equations”.",
            field="title",
        )
    if len(title) > TITLE_MAX:
        raise UserError(f"A title can be at most {TITLE_MAX} characters.", field="title")
    return title


def _require_own_checkin(user: User, checkin: CheckIn) -> CheckIn:
    try:
        return checkins_managed_by(user).select_for_update().get(pk=checkin.pk)
    except CheckIn.DoesNotExist:
        raise NotFound("check-in") from None


@transaction.atomic
def create_checkin(user: User, *, title: str, is_shared: bool = False) -> CheckIn:
    if not can_author(user):
        raise UserError("Only teachers write check-ins.", status=403)
    return CheckIn.objects.create(
        owner=user, school_id=user.school_id, title=_clean_title(title), is_shared=bool(is_shared)
    )


@transaction.atomic
def update_checkin(user: User, checkin: CheckIn, *, title: str, is_shared: bool) -> CheckIn:
    checkin = _require_own_checkin(user, checkin)
    checkin.title = _clean_title(title)
    checkin.is_shared = bool(is_shared)
    checkin.save(update_fields=["title", "is_shared", "updated_at"])
    return checkin


@transaction.atomic
def add_question(user: User, checkin: CheckIn, question: Question) -> CheckInItem:
    """Reuse a question of the user's bank in a check-in (a colleague's must be copied first)."""
    checkin = _require_own_checkin(user, checkin)
    if not questions_managed_by(user).filter(pk=question.pk).exists():
        raise NotFound("question")
    if checkin.items.filter(question=question).exists():
        raise Conflict("That question is already in this check-in.", field="question")
    position = (checkin.items.aggregate(m=Max("position"))["m"] or 0) + 1
    item = CheckInItem.objects.create(checkin=checkin, question=question, position=position)
    checkin.save(update_fields=["updated_at"])
    return item


@transaction.atomic
def remove_item(user: User, checkin: CheckIn, item_id) -> None:
    checkin = _require_own_checkin(user, checkin)
    item = checkin.items.filter(pk=item_id).first()
    if item is None:
        raise NotFound("question in this check-in")
    if Answer.objects.filter(run__checkin=checkin, question_id=item.question_id).exists():
        raise UserError(
            "Students have answered this question in a run of this check-in, so it stays "
            "(their answers and results point at it). Copy the check-in to make a version "
            "without it.",
            field="question",
        )
    item.delete()


@transaction.atomic
def move_item(user: User, checkin: CheckIn, item_id, direction: str) -> None:
    """Swap a question with its neighbour (keyboard-friendly reordering: up / down)."""
    checkin = _require_own_checkin(user, checkin)
    items = list(checkin.items.order_by("position", "id"))
    index = next((i for i, it in enumerate(items) if str(it.pk) == str(item_id)), None)
    if index is None:
        raise NotFound("question in this check-in")
    other = index - 1 if direction == "up" else index + 1
    if other < 0 or other >= len(items):
        return
    items[index], items[other] = items[other], items[index]
    for pos, item in enumerate(items, 1):
        if item.position != pos:
            item.position = pos
            item.save(update_fields=["position"])


@transaction.atomic
def copy_checkin(user: User, checkin: CheckIn) -> CheckIn:
    """A copy is a new check-in (its own identity); a colleague's questions are copied into
    the user's bank, the user's own are reused."""
    if not can_author(user):
        raise UserError("Only teachers write check-ins.", status=403)
    if not checkins_visible_to(user).filter(pk=checkin.pk).exists():
        raise NotFound("check-in")
    copy = CheckIn.objects.create(
        owner=user,
        school_id=user.school_id,
        title=f"{checkin.title} (copy)"[:TITLE_MAX],
        copied_from=checkin,
    )
    for item in checkin.items.select_related("question").order_by("position", "id"):
        question = item.question
        if question.owner_id != user.pk:
            question = _copy_into_bank(user, question)
        CheckInItem.objects.create(checkin=copy, question=question, position=item.position)
    return copy


# ---------------------------------------------------------------- runs


def _target_map(checkin: CheckIn, classroom: Classroom) -> dict:
    """Map each question's target to this class's target with the same code or statement."""
    target_ids = {
        v.target_id
        for v in QuestionVersion.objects.filter(question__items__checkin=checkin).only("target_id")
        if v.target_id
    }
    if not target_ids:
        return {}
    class_targets = list(LearningTarget.objects.filter(classroom=classroom, is_active=True))
    by_code = {t.code.strip().lower(): t.pk for t in class_targets if t.code.strip()}
    by_statement = {t.statement.strip().lower(): t.pk for t in class_targets}
    mapping = {}
    for t in LearningTarget.objects.filter(pk__in=target_ids):
        if t.classroom_id == classroom.pk:
            continue
        match = by_code.get(t.code.strip().lower()) if t.code.strip() else None
        match = match or by_statement.get(t.statement.strip().lower())
        if match:
            mapping[str(t.pk)] = match
    return mapping


@transaction.atomic
def start_run(
    user: User,
    checkin: CheckIn,
    classroom: Classroom,
    *,
    mode: str,
    closes_at: datetime | None = None,
    now: datetime | None = None,
) -> Run:
    """Run a check-in (one's own or a colleague's shared one) in a class one manages."""
    now = now or timezone.now()
    if not checkins_visible_to(user).filter(pk=checkin.pk).exists():
        raise NotFound("check-in")
    if not classes_managed_by(user).filter(pk=classroom.pk).exists():
        raise NotFound("class")
    if not checkin.items.exists():
        raise UserError("Add at least one question before running this check-in.")
    if mode not in RunMode.values:
        raise UserError("Choose live or exit ticket.", field="mode")
    if mode == RunMode.EXIT:
        if closes_at is None:
            raise UserError(
                "Say until when the exit ticket stays open, e.g. the end of the lesson.",
                field="closes_at",
            )
        if closes_at <= now:
            raise UserError(
                "The closing time has already passed. Choose a time later than now.",
                field="closes_at",
            )
    else:
        closes_at = None
    return Run.objects.create(
        checkin=checkin,
        classroom=classroom,
        started_by=user,
        mode=mode,
        started_at=now,
        closes_at=closes_at,
        target_map=_target_map(checkin, classroom),
    )


def _require_run(user: User, run: Run) -> Run:
    try:
        return runs_managed_by(user).select_for_update().get(pk=run.pk)
    except Run.DoesNotExist:
        raise NotFound("run") from None


@transaction.atomic
def go_to_question(user: User, run: Run, position: int, now: datetime | None = None) -> Run:
    """Live runs: show question `position` (0-based) to the class."""
    run = _require_run(user, run)
    if run.mode != RunMode.LIVE:
        raise UserError("Only a live check-in is paced question by question.")
    if not run.is_open_at(now or timezone.now()):
        raise UserError("This check-in is closed. Start a new run to ask it again.")
    count = run.checkin.items.count()
    position = max(0, min(int(position), count - 1))
    run.position = position
    run.save(update_fields=["position", "updated_at"])
    return run


@transaction.atomic
def reveal(user: User, run: Run, question_ids) -> Run:
    """Let students see the right answer and the class distribution (in aggregate)."""
    run = _require_run(user, run)
    in_checkin = set(run.checkin.items.values_list("question_id", flat=True))
    wanted = {int(q) for q in question_ids} & in_checkin
    if not wanted:
        raise NotFound("question in this check-in")
    run.revealed = sorted(set(run.revealed) | wanted)
    run.save(update_fields=["revealed", "updated_at"])
    return run


@transaction.atomic
def close_run(user: User, run: Run, now: datetime | None = None) -> Run:
    run = _require_run(user, run)
    if run.closed_at is None:
        run.closed_at = now or timezone.now()
        run.save(update_fields=["closed_at", "updated_at"])
    return run


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


def _record_answered(run: Run, answer: Answer, *, marked_by: User | None = None):
    result = {"success": bool(answer.correct)}
    if not answer.correct and answer.score:
        result["score"] = {"scaled": round(answer.score, 4)}
    more = {"marked_by": marked_by.pk} if marked_by else {}
    return evidence.record(
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
                "Choose an answer before sending."
                if version.kind == QuestionKind.SINGLE
                else "Tick at least one option before sending.",
                field="response",
            )
        valid = {o["key"] for o in version.options}
        if any(k not in valid for k in keys):
            raise UserError("Choose one of the options shown.", field="response")
        keys = sorted(set(keys))
        if version.kind == QuestionKind.SINGLE and len(keys) > 1:
            raise UserError("Choose only one option.", field="response")
        verdict = grading.check_choice(
            version.correct_keys, keys, multiple=version.kind == QuestionKind.MULTIPLE
        )
        return {"keys": keys}, "", verdict
    text = str(response.get("text") or "").strip()
    if not text:
        raise UserError(
            "Type your answer before sending. If you are not sure, write your best guess: "
            "this check-in never counts toward a grade.",
            field="response",
        )
    if version.kind == QuestionKind.NUMBER:
        try:
            value = grading.parse_number(text)
        except grading.NumberFormatError as e:
            detail = str(e) if "fraction" in str(e) else f"“{text[:40]}” is not a number we read."
            raise UserError(f"{detail} Write {grading.NUMBER_FORMATS}.", field="response") from None
        verdict = grading.check_number(version.number_answer, version.tolerance, value)
        return {"text": text, "value": str(value)}, "", verdict
    if len(text) > SHORT_ANSWER_MAX:
        raise UserError(
            f"Keep your answer under {SHORT_ANSWER_MAX} characters (it has {len(text)}).",
            field="response",
        )
    return {"text": text}, grading.normalise_text(text), grading.Verdict(None, None)


def _late_notice(run: Run) -> str:
    closed = run.closed_time()
    when = date_format(timezone.localtime(closed), "H:i") if closed else ""
    return (
        f"This check-in closed at {when}. Your answer is saved and marked late; "
        "your teacher will still see it."
    )


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
            "Your teacher has not opened this question yet. Wait for it to appear.",
            field="response",
        )
    existing = Answer.objects.filter(run=run, student=user, question_id=qid).first()
    if existing is not None:
        return Submitted(
            existing,
            created=False,
            notice="You had already answered this question; your first answer is the one kept.",
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
            "Choose how sure you are, from 1 (“I'm guessing”) to 4 (“I could teach this”).",
            field="confidence",
        )
    answer = (
        Answer.objects.filter(run__in=runs_answerable_by(user), run_id=run.pk, student=user)
        .filter(question_id=question_id if str(question_id).isdigit() else None)
        .select_related("run__classroom", "run__checkin", "version", "student")
        .first()
    )
    if answer is None:
        raise UserError("Answer the question first, then say how sure you are.", field="confidence")
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
        raise UserError("Mark the answer right, partly or not yet.", field="mark")
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
    changed = 0
    for answer in answers:
        if answer.mark == mark:
            continue
        if answer.answered_event is not None:
            evidence.void(user, answer.answered_event, f"Re-marked {Mark(mark).label.lower()}")
        answer.mark = mark
        answer.correct = mark == Mark.RIGHT
        answer.score = MARK_SCORES[Mark(mark)]
        answer.marked_by = user
        answer.answered_event = _record_answered(run, answer, marked_by=user)
        answer.save(update_fields=["mark", "correct", "score", "marked_by", "answered_event"])
        changed += 1
    return changed
