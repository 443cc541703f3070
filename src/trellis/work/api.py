"""/api/v1: assignments, revisions with feedback, rubrics and their versions, the queue.

People in review payloads are labels, never ids: with anonymous peer review the label is
"Peer reviewer 1" or "Classmate A", exactly as on the pages.
"""

from datetime import datetime

from ninja import Router, Schema, Status

from trellis.common.errors import NotFound
from trellis.rosters import queries as roster_queries

from .actions import feedback as feedback_actions
from .actions import rubrics as rubric_actions
from .actions import submissions as submission_actions
from .permissions import can_manage_class_of
from .queries import calibration as calibration_queries
from .queries import rubrics as rubric_queries
from .queries import work as queries

router = Router(tags=["work"])


class AssignmentOut(Schema):
    id: int
    class_id: int
    title: str
    instructions: str
    rubric_id: int
    task_id: int | None
    accepted_kinds: list[str]
    self_assessment_required: bool
    due_at: datetime | None
    summative_policy: str
    peer_anonymous: bool
    peer_review_closes_at: datetime | None
    target_ids: list[int]


class ScoreOut(Schema):
    criterion: str
    level: str
    scaled: float
    changed_from: list[str]


class ReplyOut(Schema):
    who: str
    body: str


class ItemOut(Schema):
    id: int
    criterion: str
    level: str
    quote: str
    body: str
    response: str
    addressed_in: list[int]
    replies: list[ReplyOut]


class ReviewOut(Schema):
    kind: str
    who: str
    rubric_version: int
    note: str
    scores: list[ScoreOut]
    items: list[ItemOut]


class RevisionOut(Schema):
    id: int
    number: int
    kind: str
    author: str
    text: str
    link: str
    file_name: str
    created_at: datetime
    reviews: list[ReviewOut]


class FeedbackIn(Schema):
    criterion_id: int
    body: str
    level_id: int | None = None
    quote: str = ""
    send_anyway: bool = False


class ResponseIn(Schema):
    response: str


class VersionOut(Schema):
    number: int
    content_hash: str
    created_at: datetime


class RubricOut(Schema):
    id: int
    class_id: int
    title: str
    codesign_open: bool
    content: dict
    versions: list[VersionOut]


class VoteOut(Schema):
    proposal_id: int
    votes: int


class QueueOut(Schema):
    submission_id: int
    student: str
    assignment: str
    latest_revision_id: int
    revision: int
    submitted_at: datetime | None


class GapOut(Schema):
    label: str
    criterion: str
    self_scaled: float
    teacher_scaled: float
    gap: float


class StudentGapOut(Schema):
    student: str
    pairs: int
    mean_gap: float | None


class CalibrationOut(Schema):
    points: list[GapOut]
    students: list[StudentGapOut]


def _assignment_out(a) -> AssignmentOut:
    return AssignmentOut(
        id=a.pk,
        class_id=a.classroom_id,
        title=a.title,
        instructions=a.instructions,
        rubric_id=a.rubric_id,
        task_id=a.task_id,
        accepted_kinds=a.accepted_kinds,
        self_assessment_required=a.self_assessment_required,
        due_at=a.due_at,
        summative_policy=a.summative_policy,
        peer_anonymous=a.peer_anonymous,
        peer_review_closes_at=a.peer_review_closes_at,
        target_ids=[t.pk for t in a.targets.all()],
    )


def _review_out(rv) -> ReviewOut:
    return ReviewOut(
        kind=rv.review.kind,
        who=rv.who,
        rubric_version=rv.review.rubric_version.number,
        note=rv.review.note,
        scores=[
            ScoreOut(
                criterion=s.criterion_title,
                level=s.level_title,
                scaled=s.scaled,
                changed_from=[o.level_title for o in s.replaced],
            )
            for s in rv.scores
        ],
        items=[
            ItemOut(
                id=iv.item.pk,
                criterion=iv.criterion_title,
                level=iv.level_title,
                quote=iv.item.quote,
                body=iv.item.body,
                response=iv.item.response,
                addressed_in=iv.addressed_in,
                replies=[ReplyOut(who=who, body=r.body) for who, r in iv.replies],
            )
            for iv in rv.items
        ],
    )


@router.get("/classes/{class_id}/assignments", response=list[AssignmentOut])
def list_assignments(request, class_id: int):
    classroom = roster_queries.get_class_for(request.auth, class_id)
    return [
        _assignment_out(a)
        for a in classroom.work_assignments.prefetch_related("targets").order_by("-created_at")
    ]


@router.get("/assignments/{assignment_id}", response=AssignmentOut)
def get_assignment(request, assignment_id: int):
    return _assignment_out(queries.get_assignment_for(request.auth, assignment_id))


class AssignmentPatch(Schema):
    title: str | None = None
    instructions: str | None = None
    accepts_text: bool | None = None
    accepts_file: bool | None = None
    accepts_link: bool | None = None
    self_assessment_required: bool | None = None
    due_at: datetime | None = None
    summative_policy: str | None = None
    peer_anonymous: bool | None = None
    peer_review_closes_at: datetime | None = None


@router.patch("/assignments/{assignment_id}", response=AssignmentOut)
def update_assignment(request, assignment_id: int, payload: AssignmentPatch):
    """Change what the pages' edit form changes; the same rules (dates, kinds) apply."""
    assignment = queries.get_managed_assignment_for(request.auth, assignment_id)
    changes = payload.dict(exclude_unset=True)
    return _assignment_out(
        submission_actions.update_assignment(request.auth, assignment, **changes)
    )


@router.delete("/assignments/{assignment_id}", response={204: None})
def delete_assignment(request, assignment_id: int):
    """Refused (409, with the reason) once anyone has handed work in."""
    assignment = queries.get_managed_assignment_for(request.auth, assignment_id)
    submission_actions.delete_assignment(request.auth, assignment)
    return Status(204, None)


@router.get("/revisions/{revision_id}", response=RevisionOut)
def get_revision(request, revision_id: int):
    revision = queries.get_revision_for(request.auth, revision_id)
    page = queries.revision_page(request.auth, revision)
    return RevisionOut(
        id=revision.pk,
        number=revision.number,
        kind=revision.kind,
        author=page.author_label,
        text=revision.text,
        link=revision.link,
        file_name=page.file_name,
        created_at=revision.created_at,
        reviews=[_review_out(rv) for rv in page.reviews],
    )


@router.post("/revisions/{revision_id}/feedback", response={201: ItemOut})
def give_feedback(request, revision_id: int, payload: FeedbackIn):
    revision = queries.get_revision_for(request.auth, revision_id)
    item = feedback_actions.give_feedback(request.auth, revision, **payload.dict())
    return Status(
        201,
        ItemOut(
            id=item.pk,
            criterion=item.criterion.title,
            level=item.level.title if item.level else "",
            quote=item.quote,
            body=item.body,
            response=item.response,
            addressed_in=[],
            replies=[],
        ),
    )


@router.post("/feedback/{item_id}/response", response=ItemOut)
def respond(request, item_id: int, payload: ResponseIn):
    item = queries.get_feedback_for(request.auth, item_id)
    item = feedback_actions.respond_to_feedback(request.auth, item, response=payload.response)
    return ItemOut(
        id=item.pk,
        criterion=item.criterion.title,
        level=item.level.title if item.level else "",
        quote=item.quote,
        body=item.body,
        response=item.response,
        addressed_in=[],
        replies=[],
    )


@router.get("/rubrics/{rubric_id}", response=RubricOut)
def get_rubric(request, rubric_id: int):
    rubric = rubric_queries.get_rubric_for(request.auth, rubric_id)
    page = rubric_queries.rubric_page(request.auth, rubric)
    return RubricOut(
        id=rubric.pk,
        class_id=rubric.classroom_id,
        title=rubric.title,
        codesign_open=rubric.codesign_open,
        content=page.content,
        versions=[
            VersionOut(number=v.number, content_hash=v.content_hash, created_at=v.created_at)
            for v in page.versions
        ],
    )


@router.post("/proposals/{proposal_id}/vote", response={201: VoteOut})
def vote(request, proposal_id: int):
    proposal = rubric_queries.get_proposal_for(request.auth, proposal_id)
    rubric_actions.vote(request.auth, proposal)
    return Status(201, VoteOut(proposal_id=proposal.pk, votes=proposal.votes.count()))


@router.get("/classes/{class_id}/feedback-queue", response=list[QueueOut])
def feedback_queue(request, class_id: int):
    classroom = roster_queries.get_managed_class_for(request.auth, class_id)
    return [
        QueueOut(
            submission_id=s.pk,
            student=s.student.name,
            assignment=s.assignment.title,
            latest_revision_id=s.latest_revision_id,
            revision=s.latest_number,
            submitted_at=s.last_submitted_at,
        )
        for s in queries.feedback_queue(classroom)
    ]


@router.get("/classes/{class_id}/calibration", response=CalibrationOut)
def calibration(request, class_id: int):
    user = request.auth
    classroom = roster_queries.get_class_for(user, class_id)
    if can_manage_class_of(user, classroom.pk):
        data = calibration_queries.for_class(classroom)
        return CalibrationOut(
            points=[],
            students=[
                StudentGapOut(student=r.student.name, pairs=r.pairs, mean_gap=r.mean_gap)
                for r in data.rows
            ],
        )
    if not user.is_student:
        raise NotFound("class")
    mine = calibration_queries.for_student(classroom, user)
    return CalibrationOut(
        points=[
            GapOut(
                label=p.label,
                criterion=p.criterion,
                self_scaled=p.self_scaled,
                teacher_scaled=p.teacher_scaled,
                gap=p.gap,
            )
            for p in mine.points
        ],
        students=[],
    )
