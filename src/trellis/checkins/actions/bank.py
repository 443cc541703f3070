"""The question bank: creating, editing (a new version each time) and copying questions."""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext

from trellis.accounts.models import User
from trellis.common.errors import NotFound, UserError
from trellis.curriculum.models import LearningTarget
from trellis.curriculum.permissions import targets_managed_by

from .. import grading
from ..models import CheckIn, Question, QuestionKind, QuestionVersion
from ..permissions import can_author, questions_managed_by, questions_visible_to
from ._common import _copy_into_bank
from .checkins import add_question

PROMPT_MAX = 2000
OPTION_MAX = 300
MAX_OPTIONS = 8
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
            gettext("%(what)s must be a number: %(NUMBER_FORMATS)s.")
            % {"what": what, "NUMBER_FORMATS": grading.NUMBER_FORMATS},
            field=field,
        ) from None


def _clean_question(user: User, data: QuestionInput, *, current_target_id=None) -> dict:
    kind = (data.kind or "").strip()
    if kind not in QuestionKind.values:
        raise UserError(
            gettext(
                "Choose the kind of question: single choice, multiple choice, short text or number."
            ),
            field="kind",
        )
    prompt = (data.prompt or "").strip()
    if not prompt:
        raise UserError(gettext("Write the question students will read."), field="prompt")
    if len(prompt) > PROMPT_MAX:
        raise UserError(
            gettext("A question can be at most %(PROMPT_MAX)s characters; this one has %(count)s.")
            % {"PROMPT_MAX": PROMPT_MAX, "count": len(prompt)},
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
            raise UserError(gettext("Choose one of the targets of your classes."), field="target")
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
                        gettext(
                            "Option %(OPTION_KEYS)s has a misconception note but no text. Write "
                            "the option, or clear the note."
                        )
                        % {"OPTION_KEYS": OPTION_KEYS[len(options)]},
                        field="options",
                    )
                continue
            if len(text) > OPTION_MAX or len(misconception) > OPTION_MAX:
                raise UserError(
                    gettext("Keep each option and its note under %(OPTION_MAX)s characters.")
                    % {"OPTION_MAX": OPTION_MAX},
                    field="options",
                )
            if len(options) == MAX_OPTIONS:
                raise UserError(
                    gettext("A question can have at most %(MAX_OPTIONS)s options.")
                    % {"MAX_OPTIONS": MAX_OPTIONS}
                )
            options.append(
                {
                    "key": OPTION_KEYS[len(options)],
                    "text": text,
                    "correct": bool(raw.get("correct")),
                    "misconception": "" if raw.get("correct") else misconception,
                }
            )
        if len(options) < 2:
            raise UserError(gettext("Give at least two options to choose from."), field="options")
        n_right = sum(o["correct"] for o in options)
        if n_right == 0:
            raise UserError(gettext("Tick the right option (at least one)."), field="options")
        if kind == QuestionKind.SINGLE and n_right > 1:
            raise UserError(
                gettext(
                    "A single-choice question has one right option. Tick only one, or make "
                    "it a multiple-choice question."
                ),
                field="options",
            )
        fields["options"] = options
    elif kind == QuestionKind.NUMBER:
        answer = _decimal(data.number_answer, "number_answer", "The answer")
        if answer is None:
            raise UserError(gettext("Give the right answer as a number."), field="number_answer")
        tolerance = _decimal(data.tolerance, "tolerance", "The tolerance") or Decimal(0)
        if tolerance < 0:
            raise UserError(
                gettext(
                    "The tolerance is how far from the answer still counts as right; it "
                    "cannot be negative."
                ),
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
        raise UserError(gettext("Only teachers keep a question bank."), status=403)
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


@transaction.atomic
def copy_question(user: User, question: Question) -> Question:
    """A copy is a new question in the user's bank with its own history, starting at v1."""
    if not can_author(user):
        raise UserError(gettext("Only teachers keep a question bank."), status=403)
    if not questions_visible_to(user).filter(pk=question.pk).exists():
        raise NotFound("question")
    return _copy_into_bank(user, question)
