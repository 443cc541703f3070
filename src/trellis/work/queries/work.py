"""Reads for assignments, hand-ins, revisions and feedback, with names hidden where asked."""

from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext

from trellis.common.access import get_visible
from trellis.common.errors import NotFound

from .. import diffing, markup
from ..models import (
    Assignment,
    CriterionScore,
    FeedbackItem,
    FeedbackReply,
    FeedbackResponse,
    PeerAssignment,
    Review,
    ReviewKind,
    Revision,
    RevisionFile,
    RevisionKind,
    Submission,
    SummativeMark,
)
from ..permissions import (
    assignments_managed_by,
    assignments_visible_to,
    can_manage_class_of,
    feedback_visible_to,
    revisions_visible_to,
    submissions_visible_to,
)
from ..rubric_content import criterion as find_criterion
from ..rubric_content import level as find_level
from .overview import (  # noqa: F401 - re-exported: the views and API read them from here
    OverviewRow,
    _annotated_submissions,
    assignment_overview,
    feedback_queue,
    reviewer_usage,
    timeliness,
)


def get_assignment_for(user, assignment_id) -> Assignment:
    return get_visible(
        assignments_visible_to(user).select_related("classroom", "rubric"),
        assignment_id,
        "assignment",
    )


def get_managed_assignment_for(user, assignment_id) -> Assignment:
    return get_visible(
        assignments_managed_by(user).select_related("classroom", "rubric"),
        assignment_id,
        "assignment",
    )


def get_revision_for(user, revision_id) -> Revision:
    return get_visible(
        revisions_visible_to(user).select_related(
            "submission__assignment__classroom",
            "submission__assignment__rubric",
            "submission__student",
        ),
        revision_id,
        "revision",
    )


def get_submission_for(user, submission_id) -> Submission:
    return get_visible(
        submissions_visible_to(user).select_related("assignment__classroom", "student"),
        submission_id,
        "submission",
    )


def get_feedback_for(user, item_id) -> FeedbackItem:
    return get_visible(
        feedback_visible_to(user).select_related("review__revision__submission__assignment"),
        item_id,
        "feedback",
    )


# ---------------------------------------------------------------- names


def classmate_label(i: int) -> str:
    return gettext("Classmate %(letter)s") % {"letter": chr(ord("A") + i % 26)}


class Namer:
    """What a viewer may call each person around one assignment.

    Staff see names. With anonymous peer review a student sees "You", "Classmate A" for work
    they review, "Peer reviewer 1" for those who review theirs, and teachers by name.
    """

    def __init__(self, viewer, assignment: Assignment, pairs: list[PeerAssignment], staff: bool):
        self.viewer = viewer
        self.hide = assignment.peer_anonymous and not staff
        self.staff = staff
        self.alias = {}
        authors = [p.author_id for p in pairs if p.reviewer_id == viewer.pk]
        reviewers = [p.reviewer_id for p in pairs if p.author_id == viewer.pk]
        for i, uid in enumerate(authors):
            self.alias.setdefault(uid, classmate_label(i))
        for i, uid in enumerate(reviewers):
            self.alias.setdefault(uid, gettext("Peer reviewer %(number)s") % {"number": i + 1})

    def __call__(self, user) -> str:
        if user is None:
            return gettext("someone")
        if user.pk == self.viewer.pk:
            return gettext("You")
        if not self.hide or not user.is_student:
            return user.name
        return self.alias.get(user.pk, gettext("A classmate"))


def namer_for(user, assignment) -> Namer:
    staff = can_manage_class_of(user, assignment.classroom_id)
    pairs = list(
        PeerAssignment.objects.filter(assignment=assignment)
        .filter(Q(reviewer=user) | Q(author=user))
        .order_by("id")
    )
    return Namer(user, assignment, pairs, staff)


# ---------------------------------------------------------------- class overview


@dataclass
class PeerTask:
    pair: PeerAssignment
    author_label: str
    revision_id: int | None
    given: int


@dataclass
class ClassWork:
    assignments: list[Assignment]
    peer_tasks: list[tuple[Assignment, list[PeerTask]]] = field(default_factory=list)


def class_work(user, classroom) -> ClassWork:
    staff = can_manage_class_of(user, classroom.pk)
    qs = classroom.work_assignments.select_related("rubric").order_by("-created_at", "-id")
    if staff:
        latest_teacher = Review.objects.filter(
            revision__submission=OuterRef("pk"),
            revision__number=OuterRef("latest_number"),
            kind=ReviewKind.TEACHER,
        )
        waiting = Submission.objects.filter(assignment=OuterRef("pk"), latest_number__gt=0).exclude(
            Exists(latest_teacher)
        )
        qs = qs.annotate(
            handed_in=Count("submissions", filter=Q(submissions__latest_number__gt=0)),
            waiting=Subquery(waiting.values("assignment").annotate(n=Count("pk")).values("n")[:1]),
        )
        return ClassWork(assignments=list(qs))
    mine = Submission.objects.filter(assignment=OuterRef("pk"), student=user)
    qs = qs.annotate(
        my_latest=Subquery(mine.values("latest_number")[:1]),
        my_submitted_at=Subquery(mine.values("last_submitted_at")[:1]),
        my_unanswered=Subquery(
            FeedbackItem.objects.filter(
                review__revision__submission__assignment=OuterRef("pk"),
                review__revision__submission__student=user,
                response="",
            )
            .exclude(review__reviewer=user)
            .values("review__revision__submission__assignment")
            .annotate(n=Count("pk"))
            .values("n")[:1]
        ),
    )
    assignments = list(qs)
    pairs = list(
        PeerAssignment.objects.filter(assignment__classroom=classroom, reviewer=user)
        .select_related("assignment", "author")
        .annotate(
            latest_revision=Subquery(
                Revision.objects.filter(
                    submission__assignment=OuterRef("assignment"),
                    submission__student=OuterRef("author"),
                )
                .order_by("-number")
                .values("pk")[:1]
            ),
            given=Subquery(
                FeedbackItem.objects.filter(
                    review__reviewer=user,
                    review__revision__submission__assignment=OuterRef("assignment"),
                    review__revision__submission__student=OuterRef("author"),
                )
                .values("review__reviewer")
                .annotate(n=Count("pk"))
                .values("n")[:1]
            ),
        )
        .order_by("assignment_id", "id")
    )
    by_assignment: dict[int, tuple[Assignment, list[PeerTask]]] = {}
    counters: dict[int, int] = {}
    for p in pairs:
        a = p.assignment
        entry = by_assignment.setdefault(a.pk, (a, []))
        i = counters.get(a.pk, 0)
        counters[a.pk] = i + 1
        label = classmate_label(i) if a.peer_anonymous else p.author.name
        entry[1].append(PeerTask(p, label, p.latest_revision, p.given))
    return ClassWork(assignments=assignments, peer_tasks=list(by_assignment.values()))


# ---------------------------------------------------------------- teacher's views


# ---------------------------------------------------------------- revision and work pages


@dataclass
class ItemView:
    item: FeedbackItem
    criterion_title: str
    level_title: str
    replies: list[tuple[str, FeedbackReply]]
    addressed_in: list[int]


@dataclass
class ScoreView:
    criterion_title: str
    level_title: str
    scaled: float
    replaced: list[CriterionScore]
    criterion_id: int | None = None
    level_id: int | None = None


@dataclass
class ReviewView:
    review: Review
    who: str
    items: list[ItemView]
    scores: list[ScoreView]


def _reviews_qs():
    return Review.objects.select_related("reviewer", "rubric_version").prefetch_related(
        Prefetch(
            "items",
            queryset=FeedbackItem.objects.prefetch_related(
                Prefetch("replies", queryset=FeedbackReply.objects.select_related("author")),
                Prefetch("addressed_in", queryset=Revision.objects.only("id", "number")),
            ),
        ),
        Prefetch("scores", queryset=CriterionScore.objects.order_by("created_at", "id")),
    )


def _review_view(review: Review, name) -> ReviewView:
    content = review.rubric_version.content
    items = []
    for item in review.items.all():
        crit = find_criterion(content, item.criterion_id) or {"title": "(removed criterion)"}
        lv = find_level(content, item.level_id)
        items.append(
            ItemView(
                item=item,
                criterion_title=crit["title"],
                level_title=lv["title"] if lv else "",
                replies=[(name(r.author), r) for r in item.replies.all()],
                addressed_in=sorted(r.number for r in item.addressed_in.all()),
            )
        )
    all_scores = list(review.scores.all())
    replaced_ids = {s.replaces_id for s in all_scores if s.replaces_id}
    by_id = {s.pk: s for s in all_scores}
    scores = []
    for s in all_scores:
        if s.pk in replaced_ids:
            continue
        chain = []
        prev = by_id.get(s.replaces_id)
        while prev is not None:
            chain.append(prev)
            prev = by_id.get(prev.replaces_id)
        crit = find_criterion(content, s.criterion_id) or {"title": "(removed criterion)"}
        lv = find_level(content, s.level_id) or {"title": "?"}
        newer = s
        for old in chain:
            old_level = find_level(content, old.level_id)
            old.level_title = old_level["title"] if old_level else "?"
            old.change_reason = newer.reason  # why the score moved away from this one
            newer = old
        scores.append(
            ScoreView(crit["title"], lv["title"], s.scaled, chain, s.criterion_id, s.level_id)
        )
    return ReviewView(review=review, who=name(review.reviewer), items=items, scores=scores)


def _visible_reviews(user, revision, staff: bool):
    qs = _reviews_qs().filter(revision=revision)
    if not staff and revision.submission.student_id != user.pk:
        qs = qs.filter(reviewer=user)  # a peer sees only what they wrote
    order = {ReviewKind.SELF: 0, ReviewKind.PEER: 1, ReviewKind.TEACHER: 2}
    return sorted(qs, key=lambda r: (order[r.kind], r.pk))


@dataclass
class RevisionPage:
    revision: Revision
    assignment: Assignment
    author_label: str
    role: str  # "teacher" | "author" | "peer"
    html: str
    previous: Revision | None
    changes: list
    change_summary: str
    reviews: list[ReviewView]
    criteria: list[dict]
    levels: list[dict]
    version_number: int
    window_closed: bool
    numbers: list[int]
    latest_mark: SummativeMark | None = None
    files: list = field(default_factory=list)
    viewer_id: int | None = None

    @property
    def is_author(self) -> bool:
        return self.role == "author"

    @property
    def my_scores(self) -> dict[int, int]:
        """criterion id -> level id of the reader's own current teacher scores."""
        for rv in self.reviews:
            if rv.review.kind == ReviewKind.TEACHER and rv.review.reviewer_id == self.viewer_id:
                return {sv.criterion_id: sv.level_id for sv in rv.scores}
        return {}

    @property
    def grid(self) -> list[dict]:
        """The rubric as rows of cells, each knowing whether the reader chose it."""
        mine = self.my_scores
        rows = []
        for c in self.criteria:
            words = {d["level_id"]: d["text"] for d in c["descriptors"]}
            cells = [
                {
                    "level": lv,
                    "text": words.get(lv["id"], ""),
                    "chosen": mine.get(c["id"]) == lv["id"],
                }
                for lv in self.levels
            ]
            rows.append({"criterion": c, "cells": cells, "scored": c["id"] in mine})
        return rows

    @property
    def file_name(self) -> str:
        """The uploaded file's name as this reader may see it ("" when hidden)."""
        return "" if hides_file_name(self.role, self.assignment) else self.revision.original_name


def hides_file_name(role: str, assignment: Assignment) -> bool:
    """The one anonymity rule for files: a peer reviewing anonymously never sees the author's
    file name (it often carries their name); the author and the teacher always do."""
    return role == "peer" and assignment.peer_anonymous


def reader_role(user, revision: Revision, *, staff: bool | None = None) -> str:
    """ "teacher", "author" or "peer": how ``user`` reads this revision."""
    submission = revision.submission
    if staff is None:
        staff = can_manage_class_of(user, submission.assignment.classroom_id)
    return "teacher" if staff else ("author" if submission.student_id == user.pk else "peer")


def revision_file(revision: Revision, file_id) -> RevisionFile:
    """One of the revision's files (the revision was already checked for the reader)."""
    try:
        found = revision.files.filter(pk=int(file_id)).first()
    except (TypeError, ValueError):
        found = None
    if found is None:
        raise NotFound("file")
    return found


def file_name_for(user, revision: Revision) -> str:
    """The revision's file name for ``user``, or "" when the anonymity rule hides it."""
    role = reader_role(user, revision)
    return "" if hides_file_name(role, revision.submission.assignment) else revision.original_name


def revision_page(user, revision: Revision) -> RevisionPage:
    submission = revision.submission
    assignment = submission.assignment
    staff = can_manage_class_of(user, assignment.classroom_id)
    name = namer_for(user, assignment)
    role = reader_role(user, revision, staff=staff)
    previous = submission.revisions.filter(number__lt=revision.number).order_by("-number").first()
    changes = []
    if previous and previous.kind == revision.kind == RevisionKind.TEXT:
        changes = diffing.compare(previous.text, revision.text)
    reviews = [_review_view(r, name) for r in _visible_reviews(user, revision, staff)]
    mine = next(
        (rv.review for rv in reviews if rv.review.reviewer_id == user.pk and role != "author"),
        None,
    )
    version = (
        mine.rubric_version if mine else assignment.rubric.versions.order_by("-number").first()
    )
    closes = assignment.peer_review_closes_at
    numbers = list(submission.revisions.order_by("number").values_list("number", flat=True))
    return RevisionPage(
        revision=revision,
        assignment=assignment,
        author_label=name(submission.student),
        role=role,
        html=markup.render(revision.text) if revision.text else "",
        previous=previous,
        changes=changes,
        change_summary=diffing.summary(changes) if previous else "",
        reviews=reviews,
        criteria=version.content["criteria"],
        levels=version.content["levels"],
        version_number=version.number,
        window_closed=bool(closes and timezone.now() > closes),
        numbers=numbers,
        latest_mark=submission.marks.order_by("-created_at", "-id").first() if staff else None,
        files=_files_for(revision, hides_file_name(role, assignment)),
        viewer_id=user.pk,
    )


def _files_for(revision: Revision, hide: bool) -> list:
    if not revision.stored_name:
        return []  # no file handed in: no query
    files = list(revision.files.all())
    for f in files:
        f.shown_name = "" if hide else f.original_name
    return files


@dataclass
class RevisionBlock:
    revision: Revision
    html: str
    reviews: list[ReviewView]


@dataclass
class MyWork:
    assignment: Assignment
    submission: Submission | None
    revisions: list[RevisionBlock]
    open_items: list[ItemView]
    criteria: list[dict]
    levels: list[dict]
    version_number: int
    best: list[tuple[str, str]]
    mark: SummativeMark | None
    timing: str = ""


def my_work(user, assignment: Assignment) -> MyWork:
    """A student's page for one assignment: every revision with its feedback. Fixed queries."""
    name = namer_for(user, assignment)
    version = assignment.rubric.versions.order_by("-number").first()
    submission = (
        Submission.objects.filter(assignment=assignment, student=user)
        .prefetch_related(
            Prefetch("revisions", queryset=Revision.objects.order_by("-number")),
            Prefetch(
                "revisions__reviews",
                queryset=_reviews_qs(),
            ),
            Prefetch("marks", queryset=SummativeMark.objects.order_by("-created_at", "-id")),
        )
        .first()
    )
    blocks, open_items = [], []
    best: dict[int, tuple[float, str]] = {}
    mark = None
    if submission:
        for revision in submission.revisions.all():
            order = {ReviewKind.SELF: 0, ReviewKind.PEER: 1, ReviewKind.TEACHER: 2}
            reviews = sorted(revision.reviews.all(), key=lambda r: (order[r.kind], r.pk))
            views = [_review_view(r, name) for r in reviews]
            blocks.append(
                RevisionBlock(
                    revision=revision,
                    html=markup.render(revision.text) if revision.text else "",
                    reviews=views,
                )
            )
            for rv in views:
                if rv.review.reviewer_id != user.pk:
                    open_items.extend(
                        iv for iv in rv.items if iv.item.response != FeedbackResponse.USED
                    )
                if rv.review.kind == ReviewKind.TEACHER:
                    for sv, s in zip(rv.scores, _current(rv.review), strict=True):
                        prev = best.get(s.criterion_id)
                        if prev is None or s.scaled > prev[0]:
                            best[s.criterion_id] = (s.scaled, sv.level_title)
        marks = list(submission.marks.all())
        mark = marks[0] if marks else None
    titles = {c["id"]: c["title"] for c in version.content["criteria"]}
    return MyWork(
        assignment=assignment,
        submission=submission,
        revisions=blocks,
        open_items=open_items,
        criteria=version.content["criteria"],
        levels=version.content["levels"],
        version_number=version.number,
        best=[(titles.get(cid, "(earlier criterion)"), lv) for cid, (_, lv) in best.items()],
        mark=mark,
        timing=timeliness(assignment.due_at, blocks[-1].revision.created_at if blocks else None),
    )


def _current(review: Review) -> list[CriterionScore]:
    scores = list(review.scores.all())
    replaced = {s.replaces_id for s in scores if s.replaces_id}
    return [s for s in scores if s.pk not in replaced]
