"""Networks of schools: what one school's staff read about the others, as aggregates only.

A network page lists its member schools (by school name) with counts of what their teams do
(teams, inquiries open and finished, practices in the library) and the practices every member
school keeps, each with the evidence of the inquiries that tested it across the network:
how many worked, had no clear effect or did not work, and how many students the before and
after figures rest on (hidden under 10). No teacher, team, class or student is named."""

from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet

from trellis.accounts.models import User
from trellis.common.access import get_visible
from trellis.common.small_numbers import Figure, is_small

from .. import permissions as perms
from ..models import Inquiry, NetworkSchool, Outcome, Practice, SchoolNetwork, TeacherTeam
from .inquiry import frozen_measures


def schools_sharing_a_network(school_id) -> QuerySet:
    """Ids of the schools that share a network of schools with this one (itself included when
    it belongs to one), as a subquery: each member joined through its own leader, so these are
    the schools that agreed to work with each other. Other apps may link across them (e.g. a
    student's collection shared with a class of another school of the network)."""
    return perms.schools_sharing_a_network(school_id)


@dataclass
class NetworkRow:
    network: SchoolNetwork
    schools: list[str]


def networks_page(user: User) -> list[NetworkRow]:
    """The networks of the user's school, with their schools' names. Two queries."""
    networks = list(perms.networks_of(user).order_by("name", "id"))
    names: dict[int, list[str]] = {n.pk: [] for n in networks}
    for network_id, school in (
        NetworkSchool.objects.filter(network__in=networks)
        .order_by("school__name")
        .values_list("network_id", "school__name")
    ):
        names[network_id].append(school)
    return [NetworkRow(n, names[n.pk]) for n in networks]


def get_network_for(user: User, network_id) -> SchoolNetwork:
    return get_visible(perms.networks_of(user), network_id, "network")


@dataclass
class SchoolCounts:
    name: str
    is_mine: bool
    teams: int = 0
    open_inquiries: int = 0
    finished_inquiries: int = 0
    practices: int = 0


@dataclass
class NetworkPractice:
    practice: Practice
    school: str
    is_mine: bool
    evidence: dict[str, int] = field(default_factory=dict)  # outcome label -> inquiries
    # Students behind the follow-up figures of those inquiries (hidden under 10).
    students: Figure = field(default_factory=lambda: Figure(0))


@dataclass
class NetworkPage:
    network: SchoolNetwork
    schools: list[SchoolCounts]
    practices: list[NetworkPractice]


def network_page(user: User, network: SchoolNetwork, search: str = "") -> NetworkPage:
    """Counts per member school and the network's practice library. Six queries whatever
    the number of schools, teams, inquiries and practices."""
    members = list(
        NetworkSchool.objects.filter(network=network)
        .select_related("school")
        .order_by("school__name", "id")
    )
    school_ids = [m.school_id for m in members]
    counts = {
        m.school_id: SchoolCounts(m.school.name, m.school_id == user.school_id) for m in members
    }
    for school_id, n in (
        TeacherTeam.objects.filter(school_id__in=school_ids)
        .values_list("school_id")
        .annotate(n=Count("id"))
        .values_list("school_id", "n")
    ):
        counts[school_id].teams = n
    inquiries = list(
        Inquiry.objects.filter(team__school_id__in=school_ids).values_list(
            "team__school_id", "finished_at", "practice_id", "outcome", "result"
        )
    )
    labels = dict(Outcome.choices)
    evidence: dict[int, dict[str, int]] = {}
    students: dict[int, int] = {}
    for school_id, finished_at, practice_id, outcome, result in inquiries:
        if finished_at is None:
            counts[school_id].open_inquiries += 1
            continue
        counts[school_id].finished_inquiries += 1
        if practice_id is None:
            continue
        tally = evidence.setdefault(practice_id, {})
        tally[labels[outcome]] = tally.get(labels[outcome], 0) + 1
        after = frozen_measures(result)[1]
        if after is not None:
            students[practice_id] = students.get(practice_id, 0) + after.students
    for school_id, n in (
        Practice.objects.filter(school_id__in=school_ids)
        .values_list("school_id")
        .annotate(n=Count("id"))
        .values_list("school_id", "n")
    ):
        counts[school_id].practices = n
    practices = Practice.objects.filter(school_id__in=school_ids).select_related("school")
    search = (search or "").strip()[:100]
    if search:
        practices = practices.filter(
            Q(title__icontains=search)
            | Q(subject__icontains=search)
            | Q(targets_text__icontains=search)
            | Q(description__icontains=search)
        )
    rows = []
    for p in practices.order_by("title", "id"):
        n = students.get(p.pk, 0)
        rows.append(
            NetworkPractice(
                p,
                p.school.name,
                p.school_id == user.school_id,
                evidence.get(p.pk, {}),
                Figure(None, True) if is_small(n) and n else Figure(n),
            )
        )
    return NetworkPage(network, [counts[s] for s in school_ids], rows)
