"""/api/v1: the user's teacher teams and a team's pooled check-in results (numbers only,
small figures hidden as in the pages)."""

from ninja import Router, Schema

from trellis.checkins import queries as checkin_queries

from . import queries
from .views._common import require_staff, require_teacher

router = Router(tags=["collaboration"])


class MemberOut(Schema):
    id: int
    name: str


class TeacherTeamOut(Schema):
    id: int
    name: str
    kind: str
    facilitator_id: int | None
    members: list[MemberOut]


class PooledCellOut(Schema):
    hidden: bool
    answered: int | None
    right: int | None


class RowOut(Schema):
    position: int
    prompt: str
    classes: list[PooledCellOut]
    team: PooledCellOut
    version_note: str


class PooledClassOut(Schema):
    id: int
    name: str
    hidden: bool
    students: int | None


class PooledOut(Schema):
    checkin_id: int
    classes: list[PooledClassOut]
    rows: list[RowOut]
    team_students: int | None


def _cell(c) -> PooledCellOut:
    if c.hidden:
        return PooledCellOut(hidden=True, answered=None, right=None)
    return PooledCellOut(hidden=False, answered=c.answered, right=c.right)


@router.get("/teams", response=list[TeacherTeamOut], url_name="collaboration_teams")
def list_teams(request):
    require_staff(request.auth)
    page = queries.teams_page(request.auth)
    return [
        TeacherTeamOut(
            id=t.pk,
            name=t.name,
            kind=t.kind,
            facilitator_id=t.facilitator_id,
            members=[MemberOut(id=m.teacher_id, name=m.teacher.name) for m in t.members.all()],
        )
        for t in page.mine + page.others
    ]


@router.get(
    "/teams/{team_id}/pooled/{checkin_id}", response=PooledOut, url_name="collaboration_pooled"
)
def pooled(request, team_id: int, checkin_id: int):
    require_teacher(request.auth)
    team = queries.get_member_team_for(request.auth, team_id)
    checkin = checkin_queries.get_checkin_for(request.auth, checkin_id)
    r = queries.pooled_results(team, checkin, request.auth)
    return PooledOut(
        checkin_id=checkin.pk,
        classes=[
            PooledClassOut(id=c.id, name=c.name, hidden=c.hidden, students=c.students.value)
            for c in r.classes
        ],
        rows=[
            RowOut(
                position=row.position,
                prompt=row.prompt,
                classes=[_cell(c) for c in row.cells],
                team=_cell(row.team),
                version_note=row.version_note,
            )
            for row in r.rows
        ],
        team_students=r.team_students.value,
    )
