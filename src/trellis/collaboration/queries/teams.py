"""Reads about teams and their shared space."""

from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q
from django.utils.translation import gettext, ngettext

from trellis.accounts.models import Role, User
from trellis.checkins.permissions import checkins_visible_to
from trellis.common.access import get_visible
from trellis.curriculum.permissions import tasks_shared_with
from trellis.rosters import queries as roster_queries
from trellis.rosters.permissions import classes_managed_by
from trellis.work import queries as work_queries

from .. import permissions as perms
from ..models import Decision, Inquiry, ModerationRound, Observation, TeacherTeam, TeamMember


def team_teacher_ids(team: TeacherTeam):
    """The team's teachers' ids, as a subquery: of a network team, those whose school still
    shares a network of schools with the team's (a school that left takes its classes out)."""
    return (
        TeamMember.objects.filter(team=team)
        .filter(
            Q(teacher__school_id=team.school_id)
            | Q(teacher__school_id__in=perms.schools_sharing_a_network(team.school_id))
        )
        .values("teacher_id")
    )


def team_classes(team: TeacherTeam):
    """The active classes the team's members teach, with student counts (a network team's
    members teach in several schools: their classes come with their school)."""
    return (
        roster_queries.classes_taught_by(team_teacher_ids(team))
        .select_related("school")
        .order_by("school_id", "course", "section", "id")
    )


def class_labels(classes, team: TeacherTeam, viewer: User | None = None) -> dict[int, str]:
    """How a pooled page names each class: a class of the reader's school (without a reader,
    the team's school) by its name, a class of another school (a network team's) only as
    "<school>, class n", so no class, teacher or student of another school is named."""
    home = viewer.school_id if viewer is not None else team.school_id
    labels, seen = {}, {}
    for c in classes:
        if c.school_id == home:
            labels[c.pk] = c.name
            continue
        seen[c.school_id] = seen.get(c.school_id, 0) + 1
        labels[c.pk] = gettext("%(school)s, class %(n)d") % {
            "school": c.school.name,
            "n": seen[c.school_id],
        }
    return labels


def teams_of(user: User) -> list[TeacherTeam]:
    """The teams the user belongs to, by name (one query; none for non-teachers)."""
    return list(perms.teams_of(user).order_by("name", "id"))


def team_ids_of(user: User):
    """The ids of the teams the user belongs to, as a subquery."""
    return perms.teams_of(user).values("pk")


def membership(team_id, teacher_id):
    """Membership rows of one teacher in one team; the arguments may be ``OuterRef``s, so
    another app can ask "is this row's author still in this row's team" inside its query."""
    return TeamMember.objects.filter(team_id=team_id, teacher_id=teacher_id)


def get_team_for(user: User, team_id) -> TeacherTeam:
    return get_visible(perms.teams_visible_to(user).select_related("facilitator"), team_id, "team")


def get_member_team_for(user: User, team_id) -> TeacherTeam:
    return get_visible(perms.teams_of(user).select_related("facilitator"), team_id, "team")


def _members_prefetch():
    return Prefetch(
        "members", queryset=TeamMember.objects.select_related("teacher").order_by("position", "id")
    )


@dataclass
class TeamsPage:
    mine: list[TeacherTeam]
    others: list[TeacherTeam]  # leaders: every team of the school
    teachers: list[User]  # who may be chosen as members


def teams_page(user: User) -> TeamsPage:
    """The user's teams with their members (two queries), and the school's teachers (one)."""
    teams = list(
        perms.teams_visible_to(user)
        .select_related("facilitator")
        .prefetch_related(_members_prefetch())
        .annotate(n_inquiries=Count("inquiries", distinct=True))
    )
    teachers = list(
        User.objects.filter(school_id=user.school_id, role=Role.TEACHER, is_active=True).order_by(
            "last_name", "first_name", "id"
        )
    )
    for t in teams:
        _as_seen_by(t, list(t.members.all()), user, member=not perms.is_leader(user))
    if perms.is_leader(user):
        return TeamsPage(mine=[], others=teams, teachers=teachers)
    return TeamsPage(mine=teams, others=[], teachers=teachers)


def _as_seen_by(team: TeacherTeam, members: list[TeamMember], user: User, *, member: bool):
    """What a reader sees of a team's people: members read each other's names; anyone else
    (a leader) reads the names of their own school's teachers and a count of the others, and
    the facilitator's name only when they are of the reader's school."""
    mine = [m for m in members if member or m.teacher.school_id == user.school_id]
    team.shown_members = mine
    n = len(members) - len(mine)
    team.elsewhere_note = (
        ngettext(
            "and %(n)d teacher of another school in the network",
            "and %(n)d teachers of other schools in the network",
            n,
        )
        % {"n": n}
        if n
        else ""
    )
    f = team.facilitator
    if f is None:
        team.facilitator_name = gettext("none")
    elif member or f.school_id == user.school_id:
        team.facilitator_name = f.name
    else:
        team.facilitator_name = gettext("a teacher of another school")
    team.join_note = (
        gettext(
            "Teachers of the other schools in your school's networks join this team with the "
            "code %(code)s (Teacher teams, “Join a network team”)."
        )
        % {"code": team.join_code}
        if member and team.join_code
        else ""
    )


@dataclass
class TeamRubricRow:
    id: int
    rubric_id: int
    title: str
    author: str
    author_id: int | None
    class_name: str


def team_rubrics(team: TeacherTeam) -> list[TeamRubricRow]:
    """The team's common rubrics, credited to who shared them (two queries)."""
    shared = list(team.rubrics.select_related("shared_by").order_by("id"))
    rubrics = work_queries.rubrics_by_ids(t.rubric_id for t in shared)
    return [
        TeamRubricRow(
            t.pk,
            t.rubric_id,
            rubrics[t.rubric_id].title,
            t.shared_by.name if t.shared_by else "a former member",
            t.shared_by_id,
            rubrics[t.rubric_id].classroom.name,
        )
        for t in shared
        if t.rubric_id in rubrics
    ]


@dataclass
class SharedItem:
    """Something a member shared, credited to its author."""

    kind: str  # "check-in" or "task"
    id: int
    title: str
    author: str
    author_id: int
    detail: str = ""


@dataclass
class TeamPage:
    team: TeacherTeam
    members: list[TeamMember]
    is_member: bool
    can_manage: bool
    shared: list[SharedItem] = field(default_factory=list)
    my_classes: list = field(default_factory=list)
    inquiries: list[Inquiry] = field(default_factory=list)
    rounds: list[ModerationRound] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    observations: list[Observation] = field(default_factory=list)
    n_observations: int = 0
    teachers: list[User] = field(default_factory=list)
    rubrics: list = field(default_factory=list)  # the team's common rubrics (TeamRubricRow)
    my_rubrics: list = field(default_factory=list)  # what the user may share


def team_page(user: User, team: TeacherTeam) -> TeamPage:
    """A team's page. Members: the shared space (check-ins, tasks), inquiries, rounds,
    decisions and shared observations. Leaders: members, inquiries, decisions and how many
    observations happened (never their notes). A fixed number of queries."""
    members = list(team.members.select_related("teacher").order_by("position", "id"))
    is_member = any(m.teacher_id == user.pk for m in members)
    _as_seen_by(team, members, user, member=is_member)
    page = TeamPage(
        team=team,
        members=team.shown_members,
        is_member=is_member,
        can_manage=is_member or (perms.is_leader(user) and team.school_id == user.school_id),
    )
    ids = [m.teacher_id for m in members]  # every member, of any school
    page.inquiries = list(
        team.inquiries.select_related("practice", "measure").order_by("-starts_on", "-id")
    )
    page.decisions = list(team.decisions.order_by("review_on", "id"))
    if page.can_manage:
        page.teachers = list(
            User.objects.filter(school_id=user.school_id, role=Role.TEACHER, is_active=True)
            .exclude(pk__in=ids)
            .order_by("last_name", "first_name", "id")
        )
    if not is_member:
        page.n_observations = team.observations.count()
        return page
    checkins = (
        checkins_visible_to(user)
        .filter(is_shared=True, owner_id__in=ids)
        .select_related("owner")
        .annotate(n_items=Count("items", distinct=True))
        .order_by("title", "id")
    )
    tasks = (
        tasks_shared_with(user)
        .filter(created_by_id__in=ids)
        .select_related("created_by", "classroom")
        .order_by("title", "id")
    )
    page.shared = [
        SharedItem("check-in", c.pk, c.title, c.owner.name, c.owner_id, f"{c.n_items} questions")
        for c in checkins
    ] + [
        SharedItem("task", t.pk, t.title, t.created_by.name, t.created_by_id, t.classroom.name)
        for t in tasks
    ]
    page.my_classes = list(classes_managed_by(user).filter(is_active=True).order_by("course", "id"))
    page.rounds = list(team.rounds.annotate(n_pieces=Count("pieces", distinct=True)))
    page.observations = list(
        Observation.objects.filter(team=team)
        .filter(Q(shared_with_team=True) | Q(observed=user) | Q(observer=user))
        .select_related("observed", "observer")
    )
    page.n_observations = len(page.observations)
    page.rubrics = team_rubrics(team)
    shared_ids = {r.rubric_id for r in page.rubrics}
    page.my_rubrics = [r for r in work_queries.shareable_rubrics(user) if r.pk not in shared_ids]
    return page
