"""Who may see and change what teachers share. Each rule gives the queryset and the yes/no.

- A teacher sees the teams they belong to, and everything in them (shared check-ins and
  tasks, inquiries, moderation rounds, decisions); other teams exist for them only by name.
- A leader (or admin) sees every team of the school and creates teams, but reads classes only
  as suppressed aggregates and observations only as counts.
- A teacher with a delegated *data lead* role reads the leader's pages too.
- An observation's notes belong to the observed teacher: the observer writes them, the
  observed teacher reads them, replies and decides whether the team sees them.
- Other schools see nothing, except through a network of schools their leader joined: then
  its teachers and leaders read the other schools' practices and counts, never a name of a
  teacher, a class or a student, and no figure drawn from fewer than 10 students.
- A *network team* (kind "network") belongs to one school, and teachers of the other schools
  of that school's networks join it with its code, each by themselves. They are members while
  their school and the team's still share a network. Members read each other's classes only in
  pooled aggregates, a class of another school only as "a class of <school>"; a leader reads
  the team page of their own school's teams only, and of another school's members only how many
  there are.
"""

from django.db.models import Exists, OuterRef, Q, QuerySet

from trellis.accounts.models import Role, User

from .models import (
    DelegatedRole,
    DelegatedRoleKind,
    Inquiry,
    ModerationRound,
    NetworkSchool,
    Observation,
    SchoolNetwork,
    TeacherTeam,
    TeamKind,
    TeamMember,
    TrustPulse,
)


def _active(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active and user.school_id)


def is_leader(user: User) -> bool:
    return _active(user) and user.role in (Role.LEADER, Role.ADMIN)


def is_teacher(user: User) -> bool:
    return _active(user) and user.role == Role.TEACHER


def can_read_school(user: User) -> bool:
    """Leaders, admins and teachers the leader made data lead: the leader's pages."""
    if is_leader(user):
        return True
    return (
        is_teacher(user)
        and DelegatedRole.objects.filter(
            teacher=user, role=DelegatedRoleKind.DATA_LEAD, school_id=user.school_id
        ).exists()
    )


def schools_sharing_a_network(school_id) -> QuerySet:
    """Ids of the schools in a network of schools with this one (itself included), a subquery."""
    return NetworkSchool.objects.filter(
        network__in=NetworkSchool.objects.filter(school_id=school_id).values("network")
    ).values("school_id")


def teams_of(user: User) -> QuerySet[TeacherTeam]:
    """Teams the user belongs to: of their school, and network teams of a school that still
    shares a network of schools with theirs."""
    if not is_teacher(user):
        return TeacherTeam.objects.none()
    return TeacherTeam.objects.filter(
        Exists(TeamMember.objects.filter(team=OuterRef("pk"), teacher=user)),
        Q(school_id=user.school_id)
        | Q(kind=TeamKind.NETWORK, school_id__in=schools_sharing_a_network(user.school_id)),
    )


def teams_visible_to(user: User) -> QuerySet[TeacherTeam]:
    """Teams whose page the user may open: their own; a leader's school's."""
    if is_leader(user):
        return TeacherTeam.objects.filter(school_id=user.school_id)
    return teams_of(user)


def teammate_ids(user: User) -> QuerySet:
    """Ids of the teachers who share a team with the user (the user included): a subquery.

    This is what "shared with my team" means in every app (check-ins, tasks)."""
    return TeamMember.objects.filter(team__in=teams_of(user)).values("teacher_id")


def can_create_team(user: User) -> bool:
    return is_teacher(user) or is_leader(user)


def can_manage_team(user: User, team: TeacherTeam) -> bool:
    """Members change their own team; leaders change any team of their school."""
    if is_leader(user):
        return team.school_id == user.school_id
    return teams_of(user).filter(pk=team.pk).exists()


def inquiries_visible_to(user: User) -> QuerySet[Inquiry]:
    return Inquiry.objects.filter(team__in=teams_visible_to(user))


def rounds_visible_to(user: User) -> QuerySet[ModerationRound]:
    """Moderation rounds: members only (the pieces are students' work, even anonymised)."""
    return ModerationRound.objects.filter(team__in=teams_of(user))


def observations_visible_to(user: User) -> QuerySet[Observation]:
    """The observed teacher's and the observer's own; shared ones to the team's members."""
    if not is_teacher(user):
        return Observation.objects.none()
    return Observation.objects.filter(
        Q(observed=user) | Q(observer=user) | Q(shared_with_team=True, team__in=teams_of(user)),
        school_id=user.school_id,
    )


def can_read_notes(user: User, observation: Observation) -> bool:
    return (
        observation.observed_id == user.pk
        or observation.observer_id == user.pk
        or (observation.shared_with_team and teams_of(user).filter(pk=observation.team_id).exists())
    )


def trust_pulses_for(user: User) -> QuerySet[TrustPulse]:
    """Teachers answer their school's pulses; leaders (and data leads) read the results."""
    if not (is_teacher(user) or is_leader(user)):
        return TrustPulse.objects.none()
    return TrustPulse.objects.filter(school_id=user.school_id)


def networks_of(user: User) -> QuerySet[SchoolNetwork]:
    """The networks the user's school belongs to: their teachers and leaders read them (as
    aggregates); only leaders join, create or leave."""
    if not (is_teacher(user) or is_leader(user)):
        return SchoolNetwork.objects.none()
    return SchoolNetwork.objects.filter(
        Exists(NetworkSchool.objects.filter(network=OuterRef("pk"), school_id=user.school_id))
    )
