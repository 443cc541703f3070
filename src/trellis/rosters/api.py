"""/api/v1: schools, classes, enrollments and teams."""

from django.http import HttpResponse
from ninja import Router, Schema, Status

from trellis.accounts import queries as account_queries
from trellis.common.errors import NotFound
from trellis.common.small_numbers import HIDDEN

from . import actions, queries
from .listing import ClassFilter, page_of
from .permissions import can_manage_class

API_PER_PAGE = 100

router = Router(tags=["rosters"])


class SchoolOut(Schema):
    id: int
    name: str
    slug: str


class ClassOut(Schema):
    id: int
    school_id: int
    course: str
    section: str
    term: str
    grade_levels: str
    name: str
    # Null when not counted here, or hidden by the small-numbers rule (then `suppressed` says
    # why): leaders and students get no count of a class of fewer than 10 students.
    student_count: int | None = None
    team_count: int | None = None
    suppressed: str | None = None


class ClassDetailOut(ClassOut):
    join_code: str | None = None


class ClassIn(Schema):
    course: str
    section: str = ""
    term: str = ""
    grade_levels: str = ""


class JoinIn(Schema):
    code: str


class PersonOut(Schema):
    id: int
    name: str


class EnrollmentOut(Schema):
    id: int
    role: str
    user: PersonOut


class TeamOut(Schema):
    id: int
    name: str
    members: list[PersonOut]


class TeamMoveIn(Schema):
    student_id: int
    team_id: int


class MoveOut(Schema):
    team: TeamOut
    warnings: list[str]


class FormTeamsOut(Schema):
    teams: list[TeamOut]
    warnings: list[str]


def _person(u) -> PersonOut:
    return PersonOut(id=u.pk, name=u.name)


def _team(t) -> TeamOut:
    return TeamOut(id=t.pk, name=t.name, members=[_person(m.student) for m in t.memberships.all()])


def _class_out(c, schema=ClassOut):
    data = {f: getattr(c, f, None) for f in schema.model_fields}
    return schema(**data)


@router.get("/schools", response=list[SchoolOut])
def list_schools(request):
    return list(account_queries.schools_for(request.auth))


@router.get("/schools/{school_id}", response=SchoolOut)
def get_school(request, school_id: int):
    school = account_queries.get_school_for(request.auth, school_id)
    if school is None:
        raise NotFound("school")
    return school


@router.get("/classes", response=list[ClassOut])
def list_classes(request, response: HttpResponse):
    """One page of the visible classes (`page`, `per_page` ≤ 200, default 100), filtered by
    `grade`, `subject`, `teacher`; the total is in X-Total-Count, the next page in Link."""
    user = request.auth
    qs = queries.class_aggregates_for(user) if user.is_leader else queries.classes_for(user)
    flt = ClassFilter.from_params(request.GET, per_page=API_PER_PAGE)
    page = page_of(qs, flt)
    response["X-Total-Count"] = str(page.paginator.count)
    if page.has_next():
        query = flt.query(page=page.next_page_number(), per_page=flt.per_page)
        response["Link"] = f'<{request.path}?{query}>; rel="next"'
    if user.is_leader or user.is_student:
        return [_protected_class_out(c) for c in queries.with_protected_counts(page.object_list)]
    return [_class_out(c) for c in page.object_list]


def _protected_class_out(c) -> ClassOut:
    out = _class_out(c)
    out.student_count = c.counts["students"].value
    out.team_count = c.counts["teams"].value
    out.suppressed = HIDDEN if c.counts["students"].hidden else None
    return out


@router.post("/classes", response={201: ClassDetailOut})
def create_class(request, payload: ClassIn):
    classroom = actions.create_class(request.auth, **payload.dict())
    return Status(201, _class_out(classroom, ClassDetailOut))


@router.post("/classes/join", response=ClassOut)
def join_class(request, payload: JoinIn):
    return _class_out(actions.join_class_with_code(request.auth, payload.code))


@router.get("/classes/{class_id}", response=ClassDetailOut)
def get_class(request, class_id: int):
    classroom = queries.get_class_for(request.auth, class_id)
    out = _class_out(classroom, ClassDetailOut)
    if not can_manage_class(request.auth, classroom):
        out.join_code = None
    return out


@router.post("/classes/{class_id}/join-code/rotate", response=ClassDetailOut)
def rotate_join_code(request, class_id: int):
    classroom = queries.get_managed_class_for(request.auth, class_id)
    return _class_out(actions.rotate_join_code(request.auth, classroom), ClassDetailOut)


@router.get("/classes/{class_id}/enrollments", response=list[EnrollmentOut])
def list_enrollments(request, class_id: int):
    classroom = queries.get_class_for(request.auth, class_id)
    return [
        EnrollmentOut(id=e.pk, role=e.role, user=_person(e.user))
        for e in queries.enrollments_for(request.auth, classroom)
    ]


@router.get("/classes/{class_id}/teams", response=list[TeamOut])
def list_teams(request, class_id: int):
    user = request.auth
    classroom = queries.get_class_for(user, class_id)
    if can_manage_class(user, classroom):
        return [_team(t) for t in queries.teams_page(classroom).teams]
    team = queries.my_team(classroom, user)
    return [_team(team)] if team else []


@router.post("/classes/{class_id}/teams/form", response=FormTeamsOut)
def form_teams(request, class_id: int):
    classroom = queries.get_managed_class_for(request.auth, class_id)
    plan = actions.form_teams(request.auth, classroom)
    return FormTeamsOut(
        teams=[_team(t) for t in queries.teams_page(classroom).teams], warnings=plan.warnings
    )


@router.post("/classes/{class_id}/teams/move", response=MoveOut)
def move_student(request, class_id: int, payload: TeamMoveIn):
    classroom = queries.get_managed_class_for(request.auth, class_id)
    team, warnings = actions.move_student(
        request.auth, classroom, payload.student_id, payload.team_id
    )
    team = next(t for t in queries.teams_page(classroom).teams if t.pk == team.pk)
    return MoveOut(team=_team(team), warnings=warnings)
