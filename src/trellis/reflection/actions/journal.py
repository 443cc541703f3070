"""Reflections, the class's prompts, and "then and now" revisits."""

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext

from trellis.checkins import queries as checkin_queries
from trellis.common.errors import Conflict, NotFound, UserError
from trellis.common.ids import as_id
from trellis.common.text import clean_text
from trellis.curriculum.models import LearningTarget, Task
from trellis.rosters import queries as roster_queries
from trellis.rosters.permissions import classes_managed_by, classes_visible_to
from trellis.work import actions as work_actions
from trellis.work.permissions import (
    assignments_managed_by,
    assignments_visible_to,
    revisions_visible_to,
)

from .. import audio as audio_files
from ..models import (
    DEFAULT_PROMPTS,
    NOTE_MAX,
    REFLECTION_MAX,
    TRANSCRIPT_MAX,
    ClassPrompt,
    Moment,
    PieceKind,
    Reflection,
    Revisit,
)
from ..permissions import own_reflections
from .notices import notify


def prompt_for(classroom, moment: str) -> str:
    row = ClassPrompt.objects.filter(classroom=classroom, moment=moment).first()
    return row.text if row else DEFAULT_PROMPTS.get(moment, DEFAULT_PROMPTS[Moment.FREE])


def set_class_prompt(user, classroom, moment: str, text: str) -> ClassPrompt | None:
    """A teacher rewords a prompt for their class; an empty text goes back to ours."""
    if not classes_managed_by(user).filter(pk=classroom.pk).exists():
        raise NotFound("class")
    if moment not in Moment.values or moment == Moment.LESSON:
        raise UserError(gettext("Choose one of the moments in the list."), field="moment")
    text = clean_text(text, limit=500, field="text", what=gettext("The prompt"), required=False)
    with transaction.atomic():
        if not text:
            ClassPrompt.objects.filter(classroom=classroom, moment=moment).delete()
            return None
        row, _ = ClassPrompt.objects.update_or_create(
            classroom=classroom, moment=moment, defaults={"text": text, "edited_by": user}
        )
    return row


def _class_item(model, classroom, raw, field, what):
    if raw in (None, ""):
        return None
    item = model.objects.filter(pk=as_id(raw) or 0, classroom=classroom).first()
    if item is None:
        raise UserError(
            gettext("Choose %(what)s from this class, or none.") % {"what": what}, field=field
        )
    return item


def write_reflection(
    user,
    classroom,
    *,
    moment: str,
    body: str = "",
    target_id=None,
    task_id=None,
    revision_id=None,
    audio=None,
    transcript: str = "",
    shown_to_class: bool = False,
) -> Reflection:
    """A student's reflection, or a teacher's own on a lesson (shown to the class if chosen).
    Text, a recording, or both; the prompt's wording is kept with it."""
    if not classes_visible_to(user).filter(pk=classroom.pk).exists() or not (
        user.is_student or user.is_teacher
    ):
        raise NotFound("class")
    if user.is_teacher:
        if not classes_managed_by(user).filter(pk=classroom.pk).exists():
            raise NotFound("class")
        moment = Moment.LESSON
    elif moment not in Moment.values or moment == Moment.LESSON:
        raise UserError(gettext("Choose when you are reflecting."), field="moment")
    body = clean_text(
        body, limit=REFLECTION_MAX, field="body", what=gettext("Your reflection"), required=False
    )
    transcript = clean_text(
        transcript,
        limit=TRANSCRIPT_MAX,
        field="transcript",
        what=gettext("The transcript"),
        required=False,
    )
    if not body and audio is None:
        raise UserError(
            gettext("Write a few words or record your voice before saving."), field="body"
        )
    target = _class_item(LearningTarget, classroom, target_id, "target", "a target")
    task = _class_item(Task, classroom, task_id, "task", "a task")
    revision = None
    if revision_id not in (None, ""):
        revision = (
            revisions_visible_to(user)
            .filter(
                pk=as_id(revision_id) or 0,
                submission__student=user,
                submission__assignment__classroom=classroom,
            )
            .first()
        )
        if revision is None:
            raise UserError(
                gettext("Choose one of your own hand-ins in this class."), field="revision"
            )
    stored = ("", "", None)
    if audio is not None:
        stored = audio_files.store(audio)
    try:
        with transaction.atomic():
            reflection = Reflection.objects.create(
                author=user,
                classroom=classroom,
                moment=moment,
                prompt=prompt_for(classroom, moment),
                target=target,
                task=task,
                revision=revision,
                body=body,
                audio_name=stored[0],
                audio_type=stored[1],
                audio_size=stored[2],
                transcript=transcript,
                shown_to_class=bool(shown_to_class) and user.is_teacher,
            )
    except BaseException:
        audio_files.discard(stored[0])
        raise
    return reflection


def update_transcript(user, reflection_id, transcript: str, version) -> Reflection:
    """The author fills in (or corrects) what their recording says. A stale save is refused."""
    reflection = own_reflections(user).filter(pk=as_id(reflection_id) or 0).first()
    if reflection is None:
        raise NotFound("reflection")
    transcript = clean_text(
        transcript,
        limit=TRANSCRIPT_MAX,
        field="transcript",
        what=gettext("The transcript"),
        required=False,
    )
    with transaction.atomic():
        changed = Reflection.objects.filter(pk=reflection.pk, version=as_id(version) or 0).update(
            transcript=transcript, version=reflection.version + 1
        )
        if not changed:
            raise Conflict(
                gettext(
                    "This transcript was changed somewhere else since you opened it. Reload the "
                    "page to see that version, then add your words again (they are still in the "
                    "box)."
                ),
                field="transcript",
            )
    reflection.transcript, reflection.version = transcript, reflection.version + 1
    return reflection


def piece_of(user, classroom, kind: str, raw_id):
    """(label, text, when, target id) of one of the student's own pieces, or a UserError."""
    pk = as_id(raw_id) or 0
    if kind == PieceKind.REFLECTION:
        r = own_reflections(user).filter(pk=pk, classroom=classroom).first()
        if r:
            return (
                gettext("Reflection, %(moment)s") % {"moment": str(r.get_moment_display()).lower()},
                r.body or r.transcript,
                r.created_at,
                r.target_id,
            )
    elif kind == PieceKind.REVISION:
        r = (
            revisions_visible_to(user)
            .filter(pk=pk, submission__student=user, submission__assignment__classroom=classroom)
            .select_related("submission__assignment")
            .prefetch_related("submission__assignment__targets")
            .first()
        )
        if r:
            targets = list(r.submission.assignment.targets.all())
            text = r.text or r.link or r.original_name
            return (
                gettext("%(title)s, version %(number)s")
                % {"title": r.submission.assignment.title, "number": r.number},
                text,
                r.created_at,
                targets[0].pk if targets else None,
            )
    elif kind == PieceKind.CHECKIN:
        for a in checkin_queries.my_history(user, classroom).answers:
            if a.pk == pk:
                return (
                    gettext("Check-in: %(title)s") % {"title": a.run.checkin.title},
                    a.normalised or str(a.response),
                    a.submitted_at,
                    None,
                )
    raise UserError(gettext("Choose one of your own pieces from this class."), field=f"{kind}_id")


def make_revisit(
    user, classroom, *, then_kind, then_id, now_kind, now_id, note, assignment_id=None
) -> Revisit:
    """ "Then and now": an old piece beside a newer one, with the student's note on what
    changed. Completes a hand-in whose assignment asks for a revisit."""
    if not user.is_student or not roster_queries.is_active_student(user, classroom):
        raise NotFound("class")
    note = clean_text(note, limit=NOTE_MAX, field="note", what=gettext("Your note on what changed"))
    if then_kind not in PieceKind.values or now_kind not in PieceKind.values:
        raise UserError(gettext("Choose an old piece and a new one."), field="then_kind")
    then = piece_of(user, classroom, then_kind, then_id)
    now = piece_of(user, classroom, now_kind, now_id)
    if (then_kind, str(then_id)) == (now_kind, str(now_id)):
        raise UserError(
            gettext("Choose two different pieces: one from then, one from now."), field="now_id"
        )
    if then[2] > now[2]:
        then, now = now, then
        then_kind, now_kind, then_id, now_id = now_kind, then_kind, now_id, then_id
    assignment = None
    if assignment_id not in (None, ""):
        assignment = (
            assignments_visible_to(user).filter(pk=as_id(assignment_id) or 0, classroom=classroom)
        ).first()
        if assignment is None:
            raise UserError(
                gettext("Choose an assignment from this class, or none."), field="assignment"
            )
    with transaction.atomic():
        revisit = Revisit.objects.create(
            student=user,
            classroom=classroom,
            target_id=now[3] or then[3],
            assignment=assignment,
            then_kind=then_kind,
            then_id=as_id(then_id),
            now_kind=now_kind,
            now_id=as_id(now_id),
            then_text=then[1] or "",
            now_text=now[1] or "",
            then_label=then[0][:200],
            now_label=now[0][:200],
            then_at=then[2],
            note=note,
        )
        notify(
            roster_queries.teachers_of(classroom),
            "revisit",
            f"{user.name} revisited “{then[0]}” beside “{now[0]}”.",
            reverse("reflection:revisit", args=[revisit.pk]),
            about=user,
        )
    return revisit


def require_revisit(user, assignment_id, required: bool):
    assignment = assignments_managed_by(user).filter(pk=as_id(assignment_id) or 0).first()
    if assignment is None:
        raise NotFound("assignment")
    return work_actions.set_revisit_required(user, assignment, required)
