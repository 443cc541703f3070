"""Sharing beyond one class: a team's common rubric (share it, copy it alone to a class) and
the network of schools (create one, join one with its code, leave it)."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext

from trellis.accounts.models import User
from trellis.common.errors import NotFound, UserError
from trellis.work import actions as work_actions
from trellis.work import queries as work_queries

from .. import permissions as perms
from ..models import NAME_MAX, NetworkSchool, Practice, SchoolNetwork, TeacherTeam, TeamRubric
from ._common import member_team, new_code, require_teacher, text


@transaction.atomic
def share_rubric(user: User, team: TeacherTeam, rubric_id) -> TeamRubric:
    """A member shares one of their published rubrics as the team's common rubric."""
    require_teacher(user)
    member_team(user, team)
    rubric = work_queries.get_shareable_rubric_for(user, rubric_id)
    if rubric is None:
        raise UserError(
            gettext(
                "Choose one of your published rubrics: a rubric is shared once it has a version."
            ),
            field="rubric",
        )
    shared, _ = TeamRubric.objects.get_or_create(
        team=team, rubric_id=rubric.pk, defaults={"shared_by": user}
    )
    return shared


def copy_team_rubric(user: User, team: TeacherTeam, team_rubric_id, class_id):
    """Copy the team's common rubric alone (criteria, levels, wording: no task, assignment or
    exemplar) into a class the member teaches, as a draft there."""
    require_teacher(user)
    member_team(user, team)
    shared = team.rubrics.filter(pk=int(team_rubric_id)).first()
    if shared is None:
        raise NotFound("rubric")
    return work_actions.copy_team_rubric(user, shared.rubric_id, class_id)


# ---------------------------------------------------------------- networks of schools


def _code() -> str:
    return new_code()


def _require_leader(user: User) -> None:
    if not perms.is_leader(user):
        raise UserError(gettext("Only a school leader joins or creates a network."), status=403)


@transaction.atomic
def create_network(user: User, *, name: str) -> SchoolNetwork:
    """A leader creates a network; their school is its first member."""
    _require_leader(user)
    name = text(name, field="name", what=gettext("the network's name"), limit=NAME_MAX)
    for _ in range(5):
        try:
            with transaction.atomic():
                network = SchoolNetwork.objects.create(
                    name=name, join_code=_code(), created_by=user
                )
            break
        except IntegrityError:  # a code already taken: draw again
            continue
    else:
        raise UserError(gettext("Could not make a join code just now. Try again."))
    NetworkSchool.objects.create(network=network, school_id=user.school_id, joined_by=user)
    return network


@transaction.atomic
def join_network(user: User, *, code: str) -> SchoolNetwork:
    """A leader joins their own school to a network with the code another leader gave."""
    _require_leader(user)
    cleaned = "".join(ch for ch in str(code or "").upper() if ch.isalnum())
    if not cleaned:
        raise UserError(
            gettext("Type the network's join code (10 letters and digits)."), field="code"
        )
    network = SchoolNetwork.objects.filter(join_code=cleaned).first()
    if network is None:
        raise UserError(
            gettext(
                "No network has the code %(cleaned)s. Check it with the leader who gave it to you."
            )
            % {"cleaned": cleaned},
            field="code",
        )
    NetworkSchool.objects.get_or_create(
        network=network, school_id=user.school_id, defaults={"joined_by": user}
    )
    return network


@transaction.atomic
def leave_network(user: User, network: SchoolNetwork) -> None:
    """A leader takes their school out of a network: its practices stop being shared there."""
    _require_leader(user)
    deleted, _ = NetworkSchool.objects.filter(network=network, school_id=user.school_id).delete()
    if not deleted:
        raise NotFound("network")


@transaction.atomic
def adopt_practice(user: User, network: SchoolNetwork, practice_id):
    """Copy a practice another school of the network keeps into the user's school library
    (title, description, research, subject, targets), credited to that school by name."""
    if not (perms.is_teacher(user) or perms.is_leader(user)):
        raise NotFound("network")
    if not perms.networks_of(user).filter(pk=network.pk).exists():
        raise NotFound("network")
    member_schools = NetworkSchool.objects.filter(network=network).values("school_id")
    source = (
        Practice.objects.filter(pk=int(practice_id), school_id__in=member_schools)
        .select_related("school")
        .first()
    )
    if source is None:
        raise NotFound("practice")
    if source.school_id == user.school_id:
        raise UserError(gettext("This practice is already in your school's library."), status=409)
    # Written into the adopted copy, in the language of the teacher adopting it.
    credit = gettext("Adopted from %(school)s through the network %(network)s.") % {
        "school": source.school.name,
        "network": network.name,
    }
    return Practice.objects.create(
        school_id=user.school_id,
        title=source.title,
        description=f"{source.description}\n\n{credit}",
        citation=source.citation,
        subject=source.subject,
        targets_text=source.targets_text,
        created_by=user,
    )
