"""Writes about feedback: comments (with the coach), scores, answers and replies."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from trellis.common.errors import NotFound, UserError
from trellis.evidence import queries as evidence_queries
from trellis.evidence.actions import record, record_many, void_many
from trellis.evidence.verbs import Verb
from trellis.reflection import actions as reflection_actions

from .. import coach
from ..models import (
    CriterionScore,
    FeedbackItem,
    FeedbackReply,
    FeedbackResponse,
    Review,
    ReviewKind,
    Revision,
)
from ..permissions import can_manage_class_of, feedback_visible_to, revisions_visible_to
from ..rubric_content import criterion as find_criterion
from ..rubric_content import level as find_level
from ..rubric_content import scaled_for
from .rubrics import latest_version

BODY_MAX = 2000
QUOTE_MAX = 1000


class CoachHold(UserError):
    """The coach has questions about a comment. Nothing was sent; the writer may send anyway."""

    def __init__(self, advice: coach.Advice):
        super().__init__(
            gettext("Before you send: %(questions)s") % {"questions": " ".join(advice.prompts)},
            field="body",
            status=400,
        )
        self.advice = advice


def _revision_for(user, revision) -> Revision:
    revision = (
        revisions_visible_to(user)
        .select_related("submission__assignment__rubric", "submission__assignment__classroom")
        .filter(pk=revision.pk)
        .first()
    )
    if revision is None:
        raise NotFound("revision")
    return revision


def _role(user, revision) -> str:
    assignment = revision.submission.assignment
    if can_manage_class_of(user, assignment.classroom_id):
        return ReviewKind.TEACHER
    if revision.submission.student_id == user.pk:
        return ReviewKind.SELF
    return ReviewKind.PEER  # visible to a student only through a peer assignment


def _check_window(assignment) -> None:
    closes = assignment.peer_review_closes_at
    if closes and timezone.now() > closes:
        when = timezone.localtime(closes).strftime("%A %d %B, %H:%M")
        raise UserError(
            gettext(
                "Peer review for “%(title)s” closed on %(when)s, so this comment was "
                "not sent. Your text is still in the box: copy it, or ask your teacher "
                "to reopen it."
            )
            % {"title": assignment.title, "when": when},
            field="body",
        )


def _review(user, revision, kind) -> Review:
    review = Review.objects.filter(revision=revision, reviewer=user, kind=kind).first()
    if review is None:
        version = latest_version(revision.submission.assignment.rubric)
        review = Review.objects.create(
            revision=revision, reviewer=user, kind=kind, rubric_version=version
        )
    return review


def _criterion_text(crit: dict) -> str:
    return " ".join([crit["title"], crit.get("description", ""), crit.get("target", "")])


@transaction.atomic
def give_feedback(
    user, revision, *, criterion_id, body, level_id=None, quote="", send_anyway=False
) -> FeedbackItem:
    revision = _revision_for(user, revision)
    assignment = revision.submission.assignment
    kind = _role(user, revision)
    if kind == ReviewKind.PEER:
        _check_window(assignment)
    existing = Review.objects.filter(revision=revision, reviewer=user, kind=kind).first()
    version = existing.rubric_version if existing else latest_version(assignment.rubric)
    content = version.content
    try:
        crit = find_criterion(content, int(criterion_id))
    except (TypeError, ValueError):
        crit = None
    if crit is None:
        raise UserError(gettext("Choose the criterion your comment is about."), field="criterion")
    level = None
    if level_id not in (None, ""):
        try:
            level = find_level(content, int(level_id))
        except (TypeError, ValueError):
            level = None
        if level is None:
            raise UserError(gettext("Choose one of the rubric's levels, or none."), field="level")
    body = (body or "").strip()
    if not body:
        raise UserError(gettext("Write your comment."), field="body")
    if len(body) > BODY_MAX:
        raise UserError(
            gettext("Keep a comment under %(BODY_MAX)s characters; split it by criterion.")
            % {"BODY_MAX": BODY_MAX},
            field="body",
        )
    quote = " ".join((quote or "").split())
    if quote:
        if len(quote) > QUOTE_MAX:
            raise UserError(
                gettext("Quote at most %(QUOTE_MAX)s characters.") % {"QUOTE_MAX": QUOTE_MAX},
                field="quote",
            )
        if quote.lower() not in " ".join(revision.text.split()).lower():
            raise UserError(
                gettext(
                    "That passage is not in revision %(number)s. Copy the words exactly "
                    "from the work, or leave the quote empty."
                )
                % {"number": revision.number},
                field="quote",
            )
    advice = coach.check(body, criterion_text=_criterion_text(crit), quote=quote)
    if advice.needs_work and not send_anyway:
        raise CoachHold(advice)
    review = existing or _review(user, revision, kind)
    item = FeedbackItem.objects.create(
        review=review,
        criterion_id=crit["id"],
        level_id=level["id"] if level else None,
        quote=quote,
        body=body,
        coach_flags=advice.flags,
    )
    record(
        actor=user,
        verb=Verb.GAVE_FEEDBACK,
        object_type="work-feedback",
        object_id=item.pk,
        classroom=assignment.classroom,
        target_id=crit["target_id"],
        context={
            "extensions": {
                "assignment": assignment.pk,
                "revision": revision.pk,
                "kind": kind,
                "criterion": crit["id"],
            }
        },
    )
    _feedback_arrived(revision, assignment, kind)
    return item


def _feedback_arrived(revision, assignment, kind) -> None:
    """The bell of the work's author (trellis.reflection): one unread notice per piece of work
    and kind of reviewer, however many comments. A peer is never named (reviews may be
    anonymous), nor the teacher: the notice outlives neither's account."""
    if kind == ReviewKind.SELF:
        return
    who = "A classmate" if kind == ReviewKind.PEER else "Your teacher"
    reflection_actions.notify_once(
        revision.submission.student_id,
        f"feedback-{kind}",
        f"{who} gave you feedback on {assignment.title}, version {revision.number}.",
        reverse("work:revision", args=[revision.pk]),
    )


def _counting_many(object_type: str, object_ids, verb: Verb) -> dict:
    """The oldest counting event of each object (by its id as text), in one query."""
    ids = [str(i) for i in object_ids]
    if not ids:
        return {}
    found: dict = {}
    for e in evidence_queries.counting_events(
        object_type=object_type, object_id__in=ids, verb=verb
    ):
        found.setdefault(e.object_id, e)
    return found


def _counting(object_type: str, object_id, verb: Verb):
    return evidence_queries.counting_event(
        object_type=object_type, object_id=str(object_id), verb=verb
    )


@transaction.atomic
def score_revision(user, revision, *, levels: dict, reasons: dict | None = None) -> list:
    """The teacher's level per criterion. A changed score needs a reason and keeps the old one."""
    revision = _revision_for(user, revision)
    assignment = revision.submission.assignment
    if not can_manage_class_of(user, assignment.classroom_id):
        raise NotFound("revision")
    reasons = reasons or {}
    review = _review(user, revision, ReviewKind.TEACHER)
    content = review.rubric_version.content
    current = {
        s.criterion_id: s
        for s in CriterionScore.objects.filter(review=review, replaced_by__isnull=True)
    }
    self_scores = {
        s.criterion_id: s
        for s in CriterionScore.objects.filter(
            review__revision=revision, review__kind=ReviewKind.SELF, replaced_by__isnull=True
        )
    }
    # Check every criterion first, then write: one insert of scores, one of corrections and
    # one of evidence for the whole rubric, not a round of queries per criterion.
    planned = []
    for crit in content["criteria"]:
        raw = levels.get(crit["id"], levels.get(str(crit["id"])))
        if raw in (None, ""):
            continue
        try:
            level_id = int(raw)
            scaled = scaled_for(content, level_id)
        except (TypeError, ValueError, KeyError):
            raise UserError(
                gettext("Choose one of the rubric's levels for “%(crit)s”.")
                % {"crit": crit["title"]},
                field=f"score-{crit['id']}",
            ) from None
        old = current.get(crit["id"])
        if old and old.level_id == level_id:
            continue
        reason = (reasons.get(crit["id"]) or reasons.get(str(crit["id"])) or "").strip()
        if old and not reason:
            raise UserError(
                gettext(
                    "“%(crit)s” was already scored on revision %(number)s. Say why you are "
                    "changing it; the student sees the old score and your reason."
                )
                % {"crit": crit["title"], "number": revision.number},
                field=f"reason-{crit['id']}",
            )
        planned.append((crit, level_id, scaled, old, reason))
    if not planned:
        return []
    written = CriterionScore.objects.bulk_create(
        CriterionScore(
            review=review,
            criterion_id=crit["id"],
            level_id=level_id,
            scaled=scaled,
            replaces=old,
            reason=reason[:1000],
        )
        for crit, level_id, scaled, old, reason in planned
    )
    previous = _counting_many(
        "work-score", [old.pk for _, _, _, old, _ in planned if old], Verb.SCORED
    )
    mine_ids = [self_scores[c["id"]].pk for c, *_ in planned if c["id"] in self_scores]
    earlier = _counting_many("work-self-score", mine_ids, Verb.SELF_ASSESSED)
    corrections, events = [], []
    for (crit, _, scaled, old, reason), score in zip(planned, written, strict=True):
        context = {
            "extensions": {
                "assignment": assignment.pk,
                "revision": revision.pk,
                "criterion": crit["id"],
                "rubric_version": review.rubric_version.number,
            }
        }
        if old and str(old.pk) in previous:
            corrections.append((previous[str(old.pk)], f"Score changed: {reason}"))
        events.append(
            dict(
                actor=user,
                subject=revision.submission.student,
                verb=Verb.SCORED,
                object_type="work-score",
                object_id=score.pk,
                classroom=assignment.classroom,
                target_id=crit["target_id"],
                result={"score": {"scaled": scaled}},
                context=context,
            )
        )
        mine = self_scores.get(crit["id"])
        if mine:
            # The self-assessment's evidence is re-stated with the teacher's score beside it,
            # so the gap can be read from one event; the earlier statement is voided.
            before = earlier.get(str(mine.pk))
            if before:
                corrections.append((before, "Restated with the teacher's score now known."))
            events.append(
                dict(
                    actor=revision.submission.student,
                    verb=Verb.SELF_ASSESSED,
                    object_type="work-self-score",
                    object_id=mine.pk,
                    classroom=assignment.classroom,
                    target_id=crit["target_id"],
                    result={
                        "score": {"scaled": mine.scaled},
                        "extensions": {"teacher_scaled": scaled},
                    },
                    context=context,
                    occurred_at=before.occurred_at if before else None,
                )
            )
    void_many(user, corrections)
    record_many(events)
    return written


def _item_for(user, item) -> FeedbackItem:
    found = (
        feedback_visible_to(user)
        .select_related("review__revision__submission__assignment__classroom", "criterion__target")
        .filter(pk=item.pk)
        .first()
    )
    if found is None:
        raise NotFound("feedback")
    return found


def mark_used(user, item, *, classroom, revision=None) -> None:
    """Record that the author used an item (once per item in the evidence log)."""
    if item.response != FeedbackResponse.USED:
        item.response = FeedbackResponse.USED
        item.responded_at = timezone.now()
        item.save(update_fields=["response", "responded_at", "updated_at"])
    if _counting("work-feedback", item.pk, Verb.USED_FEEDBACK) is None:
        extensions = {"feedback": item.pk}
        if revision is not None:
            extensions["revision"] = revision.pk
        record(
            actor=user,
            verb=Verb.USED_FEEDBACK,
            object_type="work-feedback",
            object_id=item.pk,
            classroom=classroom,
            target_id=item.criterion.target_id,
            context={"extensions": extensions},
        )


@transaction.atomic
def respond_to_feedback(user, item, *, response) -> FeedbackItem:
    item = _item_for(user, item)
    if item.review.revision.submission.student_id != user.pk:
        raise UserError(gettext("Only the author of the work answers its feedback."), status=403)
    if response not in (r for r in FeedbackResponse.values if r):
        raise UserError(
            gettext("Choose: I'll use this, I used this, or I have a question."), field="response"
        )
    if response == FeedbackResponse.USED:
        mark_used(user, item, classroom=item.review.revision.submission.assignment.classroom)
        return item
    item.response = response
    item.responded_at = timezone.now()
    item.save(update_fields=["response", "responded_at", "updated_at"])
    return item


@transaction.atomic
def reply_to_feedback(user, item, *, body) -> FeedbackReply:
    item = _item_for(user, item)
    body = (body or "").strip()
    if not body:
        raise UserError(gettext("Write your reply."), field="body")
    if len(body) > BODY_MAX:
        raise UserError(
            gettext("Keep a reply under %(BODY_MAX)s characters.") % {"BODY_MAX": BODY_MAX},
            field="body",
        )
    return FeedbackReply.objects.create(item=item, author=user, body=body)


@transaction.atomic
def rate_feedback(user, item, *, rating) -> FeedbackItem:
    """The work's author rates a classmate's comment: 1 not helpful, 2 helpful, 3 very."""
    item = _item_for(user, item)
    if item.review.revision.submission.student_id != user.pk:
        raise UserError(gettext("Only the author of the work rates its feedback."), status=403)
    if item.review.kind != ReviewKind.PEER:
        raise UserError(gettext("Ratings are for classmates' comments only."), field="rating")
    try:
        rating = int(rating)
    except (TypeError, ValueError):
        rating = 0
    if rating not in (1, 2, 3):
        raise UserError(
            gettext("Choose how helpful it was: not really, helpful, or very helpful."),
            field="rating",
        )
    item.helpfulness = rating
    item.save(update_fields=["helpfulness", "updated_at"])
    return item
