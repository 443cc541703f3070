"""Teacher teams: creating them, members, the rotating facilitator, copying what is shared."""

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext

from trellis.accounts.models import Role, User
from trellis.checkins import actions as checkin_actions
from trellis.checkins import queries as checkin_queries
from trellis.common.errors import NotFound, UserError
from trellis.curriculum import actions as curriculum_actions
from trellis.curriculum.models import Task
from trellis.rosters import queries as roster_queries

from .. import permissions as perms
from ..models import NAME_MAX, TeacherTeam, TeamKind, TeamMember
from ._common import locked_team, new_code, text


def _teachers(user: User, ids) -> list[User]:
    wanted = {int(i) for i in ids if str(i).isdigit()}
    found = list(
        User.objects.filter(
            pk__in=wanted, role=Role.TEACHER, school_id=user.school_id, is_active=True
        ).order_by("last_name", "first_name", "id")
    )
    if len(found) != len(wanted):
        raise UserError(
            gettext(
                "One of the chosen people is not a teacher of your school. Choose from the list."
            ),
            field="members",
        )
    return found


@transaction.atomic
def create_team(
    user: User, *, name: str, kind: str = TeamKind.SUBJECT, member_ids=()
) -> TeacherTeam:
    """A leader or a teacher makes a team; a teacher is always a member of the team they make
    and its first facilitator."""
    if not perms.can_create_team(user):
        raise UserError(gettext("Only teachers and leaders make teacher teams."), status=403)
    name = text(name, field="name", what=gettext("The team's name"), limit=NAME_MAX)
    if kind not in TeamKind.values:
        raise UserError(gettext("Choose what kind of team this is."), field="kind")
    members = _teachers(user, member_ids)
    if perms.is_teacher(user) and user not in members:
        members.insert(0, user)
    if not members:
        raise UserError(gettext("Choose at least one teacher for the team."), field="members")
    team = TeacherTeam.objects.create(
        school_id=user.school_id,
        name=name,
        kind=kind,
        created_by=user,
        facilitator=members[0],
        join_code=new_code() if kind == TeamKind.NETWORK else "",
    )
    TeamMember.objects.bulk_create(
        TeamMember(team=team, teacher=t, position=i) for i, t in enumerate(members)
    )
    return team


@transaction.atomic
def add_member(user: User, team: TeacherTeam, teacher_id) -> TeamMember:
    team = locked_team(user, team)
    found = _teachers(user, [teacher_id])
    if not found:
        raise UserError(gettext("Choose a teacher of your school to add."), field="members")
    teacher = found[0]
    if team.members.filter(teacher=teacher).exists():
        raise UserError(
            gettext("%(name)s is already in %(name2)s.")
            % {"name": teacher.name, "name2": team.name},
            field="members",
        )
    last = team.members.order_by("-position").values_list("position", flat=True).first()
    member = TeamMember.objects.create(team=team, teacher=teacher, position=(last or 0) + 1)
    if team.facilitator_id is None:
        team.facilitator = teacher
        team.save(update_fields=["facilitator", "updated_at"])
    return member


@transaction.atomic
def join_team(user: User, *, code: str) -> TeacherTeam:
    """A teacher joins a network team with its code, by themselves: a team of their own school,
    or of a school that shares a network of schools with theirs."""
    if not perms.is_teacher(user):
        raise UserError(gettext("Only teachers join teacher teams."), status=403)
    cleaned = "".join(ch for ch in str(code or "").upper() if ch.isalnum())
    if not cleaned:
        raise UserError(gettext("Type the team's code."), field="code")
    team = (
        TeacherTeam.objects.select_for_update()
        .filter(join_code=cleaned, kind=TeamKind.NETWORK)
        .filter(
            Q(school_id=user.school_id)
            | Q(school_id__in=perms.schools_sharing_a_network(user.school_id))
        )
        .first()
    )
    if team is None:
        raise UserError(
            gettext(
                "No network team has that code in your school's networks. Check the code with "
                "the colleague who gave it; a team of a school outside your school's networks "
                "cannot be joined."
            ),
            field="code",
        )
    if team.members.filter(teacher=user).exists():
        raise UserError(gettext("You are already in %(team)s.") % {"team": team.name}, field="code")
    last = team.members.order_by("-position").values_list("position", flat=True).first()
    TeamMember.objects.create(team=team, teacher=user, position=(last or 0) + 1)
    return team


@transaction.atomic
def remove_member(user: User, team: TeacherTeam, teacher_id) -> None:
    team = locked_team(user, team)
    member = team.members.filter(teacher_id=teacher_id).select_related("teacher").first()
    if member is None:
        raise NotFound("member")
    if (
        member.teacher.school_id != user.school_id
        and not team.members.filter(teacher=user).exists()
    ):
        # A leader manages their own school's teachers in a network team, never another
        # school's (whom they see only as a count).
        raise NotFound("member")
    if team.members.count() == 1:
        raise UserError(gettext("A team keeps at least one teacher. Add another before leaving."))
    member.delete()
    if team.facilitator_id == member.teacher_id:
        _rotate(team)


def _rotate(team: TeacherTeam) -> User | None:
    members = list(team.members.order_by("position", "id"))
    ids = [m.teacher_id for m in members]
    if not ids:
        team.facilitator = None
    elif team.facilitator_id in ids:
        team.facilitator_id = ids[(ids.index(team.facilitator_id) + 1) % len(ids)]
    else:
        team.facilitator_id = ids[0]
    team.save(update_fields=["facilitator", "updated_at"])
    return team.facilitator


@transaction.atomic
def rotate_facilitator(user: User, team: TeacherTeam) -> User | None:
    """Pass the facilitator role to the next member in turn (shared leadership)."""
    return _rotate(locked_team(user, team))


def copy_checkin(user: User, checkin_id) -> object:
    """Copy a teammate's shared check-in into one's own check-ins (credited: it keeps
    ``copied_from``, and the copy's page names the author)."""
    checkin = checkin_queries.get_checkin_for(user, checkin_id)
    return checkin_actions.copy_checkin(user, checkin)


def copy_task(user: User, task_id, class_id) -> Task:
    """Copy a teammate's shared task (steps, release plan, targets) into a class one teaches."""
    classroom = roster_queries.get_managed_class_for(user, class_id)
    task = Task(pk=int(task_id)) if str(task_id).isdigit() else Task(pk=0)
    return curriculum_actions.copy_shared_task(user, task, classroom)
