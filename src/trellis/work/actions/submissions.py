"""Writes about assignments, hand-ins and revisions, self-assessment, and summative marks."""

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from trellis.common.errors import NotFound, UserError, refuse_stale
from trellis.common.text import clean_text
from trellis.curriculum.models import LearningTarget, Task
from trellis.evidence.actions import record
from trellis.evidence.verbs import Verb
from trellis.rosters.permissions import classes_managed_by

from .. import uploads
from ..models import (
    Assignment,
    CriterionScore,
    FeedbackItem,
    Review,
    ReviewKind,
    Revision,
    RevisionFile,
    RevisionKind,
    Rubric,
    Submission,
    SummativeMark,
    SummativePolicy,
)
from ..permissions import assignments_managed_by, assignments_visible_to
from ..rubric_content import scaled_for
from .assignment_dates import _check_dates
from .rubrics import latest_version

TEXT_MAX = 50_000
NOTE_MAX = 1000
FILES_MAX = 5


def _require_managed(user, assignment) -> Assignment:
    try:
        return assignments_managed_by(user).select_for_update().get(pk=assignment.pk)
    except Assignment.DoesNotExist:
        raise NotFound("assignment") from None


@transaction.atomic
def set_revisit_required(user, assignment: Assignment, required: bool) -> Assignment:
    """A teacher asks (or stops asking) for a "then and now" revisit with each hand-in."""
    if not classes_managed_by(user).filter(pk=assignment.classroom_id).exists():
        raise NotFound("assignment")
    with transaction.atomic():
        Assignment.objects.filter(pk=assignment.pk).update(revisit_required=bool(required))
    assignment.revisit_required = bool(required)
    return assignment


def create_assignment(
    user,
    classroom,
    *,
    title,
    rubric_id,
    instructions="",
    target_ids=(),
    accepts_text=True,
    accepts_file=False,
    accepts_link=False,
    self_assessment_required=True,
    due_at: datetime | None = None,
    summative_policy=SummativePolicy.HIGHEST,
    peer_anonymous=True,
    peer_review_closes_at: datetime | None = None,
    task_id=None,
) -> Assignment:
    if not classes_managed_by(user).filter(pk=classroom.pk).exists():
        raise NotFound("class")
    title = clean_text(
        title,
        limit=200,
        field="title",
        what=_("The title"),
        empty=_("Give the assignment a title students will recognise."),
    )
    rubric = Rubric.objects.filter(pk=rubric_id or 0, classroom=classroom).first()
    if rubric is None:
        raise UserError(_("Choose the rubric this work will be judged with."), field="rubric")
    if latest_version(rubric) is None:
        raise UserError(
            _(
                "“%(title)s” is still a draft. Publish it first, so feedback has a "
                "fixed version to point at."
            )
            % {"title": rubric.title},
            field="rubric",
        )
    if not (accepts_text or accepts_file or accepts_link):
        raise UserError(
            _("Choose at least one way to hand in: text, a file or a link."),
            field="accepts_text",
        )
    if summative_policy not in SummativePolicy.values:
        raise UserError(_("Choose how the final mark is decided."), field="summative_policy")
    _check_dates(due_at, peer_review_closes_at)
    task = None
    if task_id not in (None, ""):
        task = Task.objects.filter(pk=int(task_id), classroom=classroom).first()
        if task is None:
            raise UserError(_("Choose one of this class's tasks, or none."), field="task")
    target_ids = [int(t) for t in target_ids or []]
    targets = list(LearningTarget.objects.filter(pk__in=target_ids, classroom=classroom))
    if len(targets) != len(set(target_ids)):
        raise UserError(_("Choose targets from this class only."), field="targets")
    if not targets and task is not None:
        targets = list(task.targets.all())
    if not targets:
        # The rubric's criteria name targets; use those when the teacher picked none.
        targets = list(
            LearningTarget.objects.filter(
                rubric_criteria__rubric=rubric, rubric_criteria__is_active=True
            ).distinct()
        )
    assignment = Assignment.objects.create(
        classroom=classroom,
        task=task,
        title=title,
        instructions=(instructions or "").strip()[:TEXT_MAX],
        rubric=rubric,
        accepts_text=bool(accepts_text),
        accepts_file=bool(accepts_file),
        accepts_link=bool(accepts_link),
        self_assessment_required=bool(self_assessment_required),
        due_at=due_at,
        summative_policy=summative_policy,
        peer_anonymous=bool(peer_anonymous),
        peer_review_closes_at=peer_review_closes_at,
        created_by=user,
    )
    assignment.targets.set(targets)
    return assignment


EDITABLE = (
    "title",
    "instructions",
    "accepts_text",
    "accepts_file",
    "accepts_link",
    "self_assessment_required",
    "due_at",
    "summative_policy",
    "peer_anonymous",
    "peer_review_closes_at",
)


@transaction.atomic
def update_assignment(user, assignment, *, version: int | None = None, **changes) -> Assignment:
    """Change an assignment's wording, hand-in kinds, dates and policy. Hand-ins stay.
    ``version`` is the one the edit form opened; an older one raises ``StaleEdit`` with the
    newer wording (None, from scripts and the API's partial updates: no check)."""
    assignment = _require_managed(user, assignment)  # locked: two teachers may save at once
    refuse_stale(
        version,
        assignment.version,
        _("this assignment"),
        lambda: [(_("Title"), assignment.title), (_("Instructions"), assignment.instructions)],
    )
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise UserError(
            _("These cannot be changed here: %(join)s.") % {"join": ", ".join(sorted(unknown))}
        )
    new = {f: changes.get(f, getattr(assignment, f)) for f in EDITABLE}
    new["title"] = clean_text(
        new["title"],
        limit=200,
        field="title",
        what=_("The title"),
        empty=_("Give the assignment a title students will recognise."),
    )
    new["instructions"] = (new["instructions"] or "").strip()[:TEXT_MAX]
    if not (new["accepts_text"] or new["accepts_file"] or new["accepts_link"]):
        raise UserError(
            _("Choose at least one way to hand in: text, a file or a link."),
            field="accepts_text",
        )
    if new["summative_policy"] not in SummativePolicy.values:
        raise UserError(_("Choose how the final mark is decided."), field="summative_policy")
    _check_dates(
        new["due_at"],
        new["peer_review_closes_at"],
        unchanged_due=assignment.due_at,
        unchanged_closes=assignment.peer_review_closes_at,
    )
    for f, v in new.items():
        setattr(assignment, f, bool(v) if f.startswith(("accepts_", "self_", "peer_anon")) else v)
    assignment.version += 1
    assignment.save(update_fields=[*EDITABLE, "version", "updated_at"])
    return assignment


@transaction.atomic
def delete_assignment(user, assignment) -> None:
    """Delete an assignment nobody has handed anything in for; student work is never lost."""
    assignment = _require_managed(user, assignment)
    handed_in = Submission.objects.filter(assignment=assignment, latest_number__gt=0).count()
    if handed_in:
        raise UserError(
            _(
                "“%(title)s” cannot be deleted: %(handed_in)s student%(value)s handed "
                "work in, and their work and feedback would be lost. Change its title "
                "or dates instead."
            )
            % {
                "title": assignment.title,
                "handed_in": handed_in,
                "value": "" if handed_in == 1 else "s",
            },
            status=409,
        )
    assignment.delete()


def _clean_link(link: str) -> str:
    link = (link or "").strip()
    if not link:
        raise UserError(_("Paste the link to your work."), field="link")
    try:
        URLValidator(schemes=["http", "https"])(link)
    except ValidationError:
        raise UserError(
            _(
                "Links must start with http:// or https://, for example "
                "https://docs.example.com/my-essay."
            ),
            field="link",
        ) from None
    return link


def _self_scores(assignment, version, levels: dict, note: str) -> list[tuple[dict, int, float]]:
    """Validated (criterion, level_id, scaled) for the self-assessment."""
    content = version.content
    level_ids = {lv["id"] for lv in content["levels"]}
    chosen = []
    missing = []
    for crit in content["criteria"]:
        raw = levels.get(crit["id"]) or levels.get(str(crit["id"]))
        if raw in (None, ""):
            missing.append(crit)
            continue
        try:
            level_id = int(raw)
        except (TypeError, ValueError):
            level_id = None
        if level_id not in level_ids:
            raise UserError(
                _("Choose one of the rubric's levels for “%(crit)s”.") % {"crit": crit["title"]},
                field=f"self-{crit['id']}",
            )
        chosen.append((crit, level_id, scaled_for(content, level_id)))
    if assignment.self_assessment_required and missing:
        error = UserError(
            _("Before you hand in, rate your work on every criterion. Missing: %(missing)s.")
            % {"missing": ", ".join(f"“{m['title']}”" for m in missing)},
            field=f"self-{missing[0]['id']}",
        )
        error.missing_fields = [f"self-{m['id']}" for m in missing]
        raise error
    if len(note) > NOTE_MAX:
        raise UserError(
            _("Keep your self-assessment note under %(NOTE_MAX)s characters.")
            % {"NOTE_MAX": NOTE_MAX},
            field="self_note",
        )
    if assignment.self_assessment_required and not note:
        raise UserError(
            _("Write a short note about your work: what you are proud of, what you would improve."),
            field="self_note",
        )
    return chosen


@transaction.atomic
def submit_revision(
    user,
    assignment,
    *,
    kind: str,
    text: str = "",
    link: str = "",
    upload=None,
    files=(),
    note: str = "",
    self_levels: dict | None = None,
    self_note: str = "",
    addresses=(),
    idempotency_key: str = "",
) -> Revision:
    """Hand in work. Every hand-in is a new revision; none replaces an earlier one.

    ``idempotency_key`` (the hand-in form's one-time key, up to 64 characters): when a
    revision of this submission already has it, that revision is returned and nothing new is
    stored, so a double submit makes one revision."""
    assignment = assignments_visible_to(user).filter(pk=assignment.pk).first()
    if assignment is None or not user.is_student:
        raise NotFound("assignment")
    if kind not in assignment.accepted_kinds:
        accepted = ", ".join(assignment.accepted_kinds)
        raise UserError(
            _("This assignment takes: %(accepted)s. Choose one of those.") % {"accepted": accepted},
            field="kind",
        )
    version = latest_version(assignment.rubric)
    self_note = (self_note or "").strip()
    chosen = _self_scores(assignment, version, self_levels or {}, self_note)
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise UserError(
            _("Keep the note under %(NOTE_MAX)s characters.") % {"NOTE_MAX": NOTE_MAX},
            field="note",
        )

    fields = {"kind": kind, "note": note}
    files = [f for f in [upload, *(files or ())] if f is not None]
    text = (text or "").replace("\r\n", "\n").strip()
    if kind == RevisionKind.TEXT and not text:
        raise UserError(_("Write or paste your work in the box."), field="text")
    if text and "text" in assignment.accepted_kinds:
        # Text travels with any files or link handed in at the same time: nothing is dropped.
        if len(text) > TEXT_MAX:
            raise UserError(
                _(
                    "The text can be at most %(limit)s characters; it has %(count)s. Hand in a "
                    "file instead."
                )
                % {
                    "limit": number_format(TEXT_MAX, force_grouping=True),
                    "count": number_format(len(text), force_grouping=True),
                },
                field="text",
            )
        fields["text"] = text
    if kind == RevisionKind.LINK or (link and "link" in assignment.accepted_kinds):
        fields["link"] = _clean_link(link)
    if kind == RevisionKind.FILE and not files:
        raise UserError(
            _("Choose a file to hand in: %(limits_text)s") % {"limits_text": uploads.limits_text()},
            field="file",
        )
    if files and "file" not in assignment.accepted_kinds:
        raise UserError(
            _("This assignment does not take files. Paste your work as text instead."),
            field="file",
        )
    if len(files) > FILES_MAX:
        raise UserError(
            _("Hand in at most %(FILES_MAX)s files at once; you chose %(count)s.")
            % {"FILES_MAX": FILES_MAX, "count": len(files)},
            field="file",
        )

    submission, _created = Submission.objects.get_or_create(assignment=assignment, student=user)
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    key = (idempotency_key or "").strip()[:64]
    if key:
        # Under the submission's lock: a second submit with the key waits for the first.
        done = submission.revisions.filter(idempotency_key=key).first()
        if done is not None:
            return done
        fields["idempotency_key"] = key
    item_ids = {int(i) for i in addresses or []}
    items = list(
        FeedbackItem.objects.filter(pk__in=item_ids, review__revision__submission=submission)
        .exclude(review__reviewer=user)
        .select_related("criterion")
    )
    if len(items) != len(item_ids):
        raise UserError(
            _("Tick only feedback on your own earlier revisions of this work."),
            field="addresses",
        )

    stored = []
    try:
        for f in files:
            stored.append(uploads.store(f, folder=str(assignment.classroom_id)))
        if stored:
            first = stored[0]
            fields.update(
                stored_name=first.stored_name,
                original_name=first.original_name,
                content_type=first.content_type,
                size=first.size,
            )
        revision = _write_revision(
            user, assignment, submission, version, fields, (chosen, self_note), items
        )
        RevisionFile.objects.bulk_create(
            RevisionFile(
                revision=revision,
                position=i,
                stored_name=f.stored_name,
                original_name=f.original_name,
                content_type=f.content_type,
                size=f.size,
            )
            for i, f in enumerate(stored)
        )
        return revision
    except BaseException:
        # Nothing may stay on disk for a hand-in that was not recorded.
        for f in stored:
            uploads.discard(f)
        raise


def _write_revision(user, assignment, submission, version, fields, self_part, items) -> Revision:
    chosen, self_note = self_part
    now = timezone.now()
    number = submission.latest_number + 1
    revision = Revision.objects.create(submission=submission, number=number, **fields)
    if items:
        revision.addresses.set(items)
    submission.latest_number = number
    submission.last_submitted_at = now
    submission.save(update_fields=["latest_number", "last_submitted_at", "updated_at"])

    classroom = assignment.classroom
    extensions = {"assignment": assignment.pk, "revision": revision.pk, "number": number}
    verb = Verb.SUBMITTED if number == 1 else Verb.REVISED
    targets = list(assignment.targets.values_list("pk", flat=True)) or [None]
    for target_id in targets:
        record(
            actor=user,
            verb=verb,
            object_type="work-revision",
            object_id=revision.pk,
            classroom=classroom,
            target_id=target_id,
            context={"extensions": extensions},
        )
    if chosen:
        review = Review.objects.create(
            revision=revision,
            reviewer=user,
            kind=ReviewKind.SELF,
            rubric_version=version,
            note=self_note,
        )
        for crit, level_id, scaled in chosen:
            score = CriterionScore.objects.create(
                review=review, criterion_id=crit["id"], level_id=level_id, scaled=scaled
            )
            record(
                actor=user,
                verb=Verb.SELF_ASSESSED,
                object_type="work-self-score",
                object_id=score.pk,
                classroom=classroom,
                target_id=crit["target_id"],
                result={"score": {"scaled": scaled}},
                context={"extensions": {**extensions, "criterion": crit["id"]}},
            )
    from .feedback import mark_used

    for item in items:
        mark_used(user, item, classroom=classroom, revision=revision)
    return revision


def _teacher_overall(submission) -> list[tuple[Revision, float]]:
    """(revision, mean of the teacher's current criterion scores) for each assessed revision."""
    out = []
    for revision in submission.revisions.order_by("number"):
        scores = list(
            CriterionScore.objects.filter(
                review__revision=revision,
                review__kind=ReviewKind.TEACHER,
                replaced_by__isnull=True,
            ).values_list("scaled", flat=True)
        )
        if scores:
            out.append((revision, round(sum(scores) / len(scores), 4)))
    return out


@dataclass
class MarkPreview:
    scaled: float | None  # None under the judgement policy: the teacher enters it
    policy: str
    warnings: list[str]
    previous: SummativeMark | None


def preview_summative(user, submission) -> MarkPreview:
    """What "Record final mark" would record, and what the teacher should know first."""
    assignment = assignments_managed_by(user).filter(pk=submission.assignment_id).first()
    if assignment is None:
        raise NotFound("submission")
    policy = assignment.summative_policy
    assessed = _teacher_overall(submission)
    warnings = []
    latest = submission.latest_number
    if not assessed or assessed[-1][0].number != latest:
        warnings.append(
            _(
                "Revision %(number)s, the latest, has no scores from you yet; the mark below "
                "leaves it out."
            )
            % {"number": latest}
        )
    scaled = None
    if policy == SummativePolicy.MOST_RECENT and assessed:
        scaled = assessed[-1][1]
    elif policy == SummativePolicy.HIGHEST and assessed:
        scaled = max(s for _n, s in assessed)
    previous = submission.marks.order_by("-created_at", "-id").first()
    return MarkPreview(scaled, policy, warnings, previous)


@transaction.atomic
def mark_summative(user, submission, *, percent=None, note="", reason="") -> SummativeMark:
    """The final mark, made on purpose and separately from the formative feedback.

    A later mark replaces the earlier one only with a reason; both stay as the history.
    """
    assignment = _require_managed(user, submission.assignment)
    submission = Submission.objects.select_for_update().get(pk=submission.pk, assignment=assignment)
    note = (note or "").strip()[:NOTE_MAX]
    reason = (reason or "").strip()[:NOTE_MAX]
    previous = submission.marks.order_by("-created_at", "-id").first()
    if previous is not None and not reason:
        raise UserError(
            _(
                "A final mark of %(value)s%% is already recorded. Say why you are "
                "changing it; the student sees your reason."
            )
            % {"value": round(previous.scaled * 100)},
            field="reason",
        )
    policy = assignment.summative_policy
    if policy == SummativePolicy.JUDGEMENT:
        try:
            scaled = float(percent) / 100
        except (TypeError, ValueError):
            raise UserError(
                _("Enter the final mark as a percentage, 0 to 100."), field="percent"
            ) from None
        if not 0 <= scaled <= 1:
            raise UserError(_("Enter the final mark as a percentage, 0 to 100."), field="percent")
        if not note:
            raise UserError(
                _("Say briefly what your judgement rests on; the student sees it."),
                field="note",
            )
    else:
        assessed = _teacher_overall(submission)
        if not assessed:
            raise UserError(
                _("Score at least one revision against the rubric before the final mark."),
                field="percent",
            )
        if policy == SummativePolicy.MOST_RECENT:
            scaled = assessed[-1][1]
        else:
            scaled = max(s for _n, s in assessed)
    return SummativeMark.objects.create(
        submission=submission,
        policy=policy,
        scaled=round(scaled, 4),
        note=note,
        reason=reason,
        marked_by=user,
    )
