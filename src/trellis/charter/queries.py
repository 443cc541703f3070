"""Reads for the charter pages and the API, scoped to the user, in a fixed number of queries.

Other apps point at the charter through ``commitments_for_class`` and ``charter_item_url``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch
from django.urls import reverse
from django.utils import timezone

from trellis.accounts.models import User
from trellis.common.access import get_visible
from trellis.rosters import queries as roster_queries
from trellis.rosters.models import Classroom, Team, TeamMembership

from .indicators import SignPanel, culture_panels
from .models import (
    COMMITMENT_SECTIONS,
    BoardEntry,
    Charter,
    CharterItem,
    CharterVersion,
    Contribution,
    Endorsement,
    Kickoff,
    KickoffPrompt,
    Nudge,
    Pulse,
    PulseParticipation,
    PulseRating,
    PulseResponse,
    Section,
    SummaryItem,
    in_section_order,
)
from .permissions import (
    boards_visible_to,
    charter_classes_managed_by,
    charter_classes_visible_to,
    indicator_classes_for,
    pulse_results_visible_to,
    pulses_visible_to,
)

# Lookups ---------------------------------------------------------------------------------


def get_class_for(user: User, class_id) -> Classroom:
    return get_visible(charter_classes_visible_to(user), class_id, "class")


def get_managed_class_for(user: User, class_id) -> Classroom:
    return get_visible(charter_classes_managed_by(user), class_id, "class")


def get_pulse_for(user: User, classroom: Classroom, pulse_id) -> Pulse:
    return get_visible(
        pulses_visible_to(user).filter(classroom=classroom).select_related("version"),
        pulse_id,
        "pulse",
    )


def get_pulse_results_for(user: User, classroom: Classroom, pulse_id) -> Pulse:
    return get_visible(
        pulse_results_visible_to(user).filter(classroom=classroom).select_related("version"),
        pulse_id,
        "pulse",
    )


def kickoff_for(classroom: Classroom) -> Kickoff | None:
    return (
        Kickoff.objects.filter(classroom=classroom)
        .prefetch_related(Prefetch("prompts", queryset=KickoffPrompt.objects.order_by("position")))
        .first()
    )


def my_team(classroom: Classroom, user: User) -> Team | None:
    return roster_queries.team_of(classroom, user)


def student_count(classroom: Classroom) -> int:
    return roster_queries.active_student_count(classroom)


# Team boards -----------------------------------------------------------------------------


@dataclass
class PromptColumn:
    prompt: KickoffPrompt
    entries: list[BoardEntry]


@dataclass
class Board:
    team: Team
    members: list[User]
    columns: list[PromptColumn]
    nudge: Nudge | None
    contributions: list[Contribution] = field(default_factory=list)

    @property
    def entry_count(self) -> int:
        return sum(len(c.entries) for c in self.columns)


def _members_prefetch():
    return Prefetch(
        "memberships",
        queryset=TeamMembership.objects.select_related("student").order_by(
            "student__last_name", "student__first_name"
        ),
    )


def _boards(kickoff: Kickoff, teams: list[Team], with_contributions: bool = False) -> list[Board]:
    prompts = list(kickoff.prompts.order_by("position", "id"))
    team_ids = [t.pk for t in teams]
    entries = defaultdict(list)
    for e in (
        BoardEntry.objects.filter(kickoff=kickoff, team_id__in=team_ids)
        .select_related("author")
        .order_by("created_at", "id")
    ):
        entries[(e.team_id, e.prompt_id)].append(e)
    nudges = {}
    for n in Nudge.objects.filter(kickoff=kickoff, team_id__in=team_ids).order_by(
        "-created_at", "-id"
    ):
        nudges.setdefault(n.team_id, n)
    contributions = defaultdict(list)
    if with_contributions:
        for c in Contribution.objects.filter(kickoff=kickoff, team_id__in=team_ids).order_by(
            "created_at", "id"
        ):
            contributions[c.team_id].append(c)
    return [
        Board(
            team=t,
            members=[m.student for m in t.memberships.all()],
            columns=[PromptColumn(p, entries[(t.pk, p.pk)]) for p in prompts],
            nudge=nudges.get(t.pk),
            contributions=contributions[t.pk],
        )
        for t in teams
    ]


@dataclass
class BoardsOverview:
    kickoff: Kickoff
    boards: list[Board]
    unassigned: int


def boards_overview(classroom: Classroom, kickoff: Kickoff) -> BoardsOverview:
    """Every team's board for the teacher: six queries whatever the class size."""
    teams = list(classroom.teams.prefetch_related(_members_prefetch()))
    placed = sum(len(t.memberships.all()) for t in teams)
    return BoardsOverview(
        kickoff=kickoff,
        boards=_boards(kickoff, teams),
        unassigned=max(0, student_count(classroom) - placed),
    )


def get_board_for(user: User, classroom: Classroom, team_id) -> Board:
    """One team's board: 404 for anyone but its members and those who manage the class."""
    team = get_visible(
        boards_visible_to(user).filter(classroom=classroom).prefetch_related(_members_prefetch()),
        team_id,
        "team board",
    )
    kickoff = Kickoff.objects.filter(classroom=classroom).first()
    if kickoff is None:
        from trellis.common.errors import NotFound

        raise NotFound("team board")
    return _boards(kickoff, [team], with_contributions=True)[0]


# Class summary ---------------------------------------------------------------------------


@dataclass
class SummarySection:
    section: Section
    items: list[SummaryItem]


def summary(kickoff: Kickoff) -> list[SummarySection]:
    """The four questions with their grouped ideas and who sent them: two queries."""
    items = list(
        SummaryItem.objects.filter(kickoff=kickoff)
        .order_by("section", "position", "id")
        .prefetch_related(
            Prefetch(
                "contributions",
                queryset=Contribution.objects.select_related("team").order_by("created_at", "id"),
            )
        )
    )
    by_section = defaultdict(list)
    for i in items:
        by_section[i.section].append(i)
    return [SummarySection(s, by_section[s.value]) for s in Section]


# The charter ----------------------------------------------------------------------------


@dataclass
class VersionView:
    version: CharterVersion
    sections: list[tuple[Section, list[CharterItem]]]

    @property
    def items(self) -> list[CharterItem]:
        return [i for _, items in self.sections for i in items]

    def section(self, key: str) -> list[CharterItem]:
        return next(items for s, items in self.sections if s.value == key)


def _version_view(version: CharterVersion | None) -> VersionView | None:
    if version is None:
        return None
    grouped = defaultdict(list)
    for item in version.items.all():
        grouped[item.section].append(item)
    return VersionView(
        version,
        [(s, sorted(grouped[s.value], key=lambda i: (i.position, i.pk))) for s in Section],
    )


@dataclass
class Change:
    kind: str  # "added", "removed", "reworded", "moved"
    item: CharterItem
    before: CharterItem | None = None


def diff(old: CharterVersion | None, new: CharterVersion) -> list[Change]:
    """What changed between two versions, item by item (matched on their stable keys)."""
    before = {i.key: i for i in (old.items.all() if old else [])}
    after = {i.key: i for i in new.items.all()}
    changes = []
    for key, item in after.items():
        prev = before.get(key)
        if prev is None:
            changes.append(Change("added", item))
        elif prev.text != item.text:
            changes.append(Change("reworded", item, prev))
        elif prev.section != item.section:
            changes.append(Change("moved", item, prev))
    changes += [Change("removed", item) for key, item in before.items() if key not in after]
    return changes


@dataclass
class CharterPage:
    charter: Charter | None
    published: VersionView | None
    draft: VersionView | None
    versions: list[CharterVersion]
    my_endorsement: Endorsement | None
    endorsement_count: int
    students: int
    changes: list[Change]
    kickoff: Kickoff | None
    suggestions: list[Endorsement]


def charter_page(user: User, classroom: Classroom, *, manage: bool) -> CharterPage:
    charter = Charter.objects.filter(classroom=classroom).first()
    versions = (
        list(
            charter.versions.order_by("-number").prefetch_related(
                Prefetch("items", queryset=CharterItem.objects.order_by("section", "position"))
            )
        )
        if charter
        else []
    )
    published_versions = [v for v in versions if v.is_published]
    published = published_versions[0] if published_versions else None
    previous = published_versions[1] if len(published_versions) > 1 else None
    draft = next((v for v in versions if not v.is_published), None) if manage else None
    mine = None
    count = 0
    suggestions: list[Endorsement] = []
    if published:
        endorsements = Endorsement.objects.filter(version=published)
        count = endorsements.count()
        if user.is_student:
            mine = endorsements.filter(student=user).first()
        if manage:
            suggestions = list(
                endorsements.exclude(would_change="").select_related("student").order_by("id")
            )
    return CharterPage(
        charter=charter,
        published=_version_view(published),
        draft=_version_view(draft),
        versions=published_versions,
        my_endorsement=mine,
        endorsement_count=count,
        students=student_count(classroom),
        changes=diff(previous, published) if published and previous else [],
        kickoff=Kickoff.objects.filter(classroom=classroom).first(),
        suggestions=suggestions,
    )


def get_version_for(user: User, classroom: Classroom, number) -> tuple[VersionView, list[Change]]:
    """A published version and what changed since the one before it."""
    qs = CharterVersion.objects.filter(
        charter__classroom=classroom,
        charter__classroom__in=charter_classes_visible_to(user),
        published_at__isnull=False,
    ).prefetch_related("items")
    try:
        version = qs.get(number=int(number))
    except (CharterVersion.DoesNotExist, TypeError, ValueError):
        from trellis.common.errors import NotFound

        raise NotFound("charter version") from None
    previous = qs.filter(number__lt=version.number).order_by("-number").first()
    return _version_view(version), diff(previous, version)


def published_version(classroom: Classroom) -> VersionView | None:
    version = (
        CharterVersion.objects.filter(charter__classroom=classroom, published_at__isnull=False)
        .order_by("-number")
        .prefetch_related("items")
        .first()
    )
    return _version_view(version)


def endorsement_count(version: CharterVersion) -> int:
    """How many students endorsed this version (one query), for the poster."""
    return Endorsement.objects.filter(version=version).count()


# For other apps ---------------------------------------------------------------------------


@dataclass(frozen=True)
class CharterItemRef:
    """A stable pointer to one charter item, for other parts of Trellis to cite."""

    key: str
    section: str
    section_label: str
    text: str
    url: str


def charter_item_url(classroom: Classroom | int, key: str) -> str:
    class_id = classroom if isinstance(classroom, int) else classroom.pk
    return reverse("charter:item", args=[class_id, key])


def commitments_for_class(
    classroom: Classroom, *, include_all: bool = False
) -> list[CharterItemRef]:
    """The commitments of a class's current charter ("The teacher will…", "Students will…").

    With include_all, every item of the charter. Empty when nothing is published yet. The
    caller is responsible for having checked that its user may see the class.
    """
    view = published_version(classroom)
    if view is None:
        return []
    return [
        CharterItemRef(
            key=i.key,
            section=i.section,
            section_label=str(Section(i.section).label),
            text=i.text,
            url=charter_item_url(classroom, i.key),
        )
        for i in view.items
        if include_all or i.section in COMMITMENT_SECTIONS
    ]


# Pulses ---------------------------------------------------------------------------------


@dataclass
class PulseRow:
    pulse: Pulse
    status: str
    responses: int
    answered: bool = False


def pulses_page(user: User, classroom: Classroom, *, manage: bool) -> list[PulseRow]:
    today = timezone.localdate()
    pulses = list(
        pulses_visible_to(user)
        .filter(classroom=classroom)
        .annotate(n=Count("responses"))
        .order_by("-opens_on", "-id")
    )
    answered: set[int] = set()
    if user.is_student:
        answered = set(
            PulseParticipation.objects.filter(student=user, pulse__in=pulses).values_list(
                "pulse_id", flat=True
            )
        )
    rows = [PulseRow(p, p.status(today), p.n, p.pk in answered) for p in pulses]
    if not manage:
        rows = [r for r in rows if r.status == "open" or r.pulse.shared_at]
    return rows


@dataclass
class MyPulseAnswer:
    answered: bool
    # The answer itself, for a named pulse only: an anonymous one cannot be found again.
    response: PulseResponse | None = None


def my_pulse_answer(user: User, pulse: Pulse) -> MyPulseAnswer:
    if not pulse.anonymous:
        response = (
            PulseResponse.objects.filter(pulse=pulse, respondent=user)
            .prefetch_related("ratings")
            .first()
        )
        return MyPulseAnswer(response is not None, response)
    return MyPulseAnswer(PulseParticipation.objects.filter(pulse=pulse, student=user).exists())


def pulse_commitments(pulse: Pulse) -> list[CharterItem]:
    return in_section_order(pulse.version.items.filter(section__in=COMMITMENT_SECTIONS))


# Pulse results and trends live in pulse_results.py; callers read them here.
from .pulse_results import Comment as Comment  # noqa: E402
from .pulse_results import CommentGroup as CommentGroup  # noqa: E402
from .pulse_results import CommitmentResult as CommitmentResult  # noqa: E402
from .pulse_results import PulseResults as PulseResults  # noqa: E402
from .pulse_results import Trend as Trend  # noqa: E402
from .pulse_results import TrendPoint as TrendPoint  # noqa: E402
from .pulse_results import pulse_results as pulse_results  # noqa: E402
from .pulse_results import results_over_time as results_over_time  # noqa: E402
from .pulse_results import trends as trends  # noqa: E402

# Culture indicators ----------------------------------------------------------------------


def culture_panel_for(user: User, classroom: Classroom) -> list[SignPanel] | None:
    if not indicator_classes_for(user).filter(pk=classroom.pk).exists():
        return None
    return culture_panels([classroom])[classroom.pk]


# A class pulse answer "agrees" when its ratings average at least this (on 1–5).
AGREES_FROM = 4


def pulse_agreement(classroom_ids, start, end) -> tuple[int, int]:
    """Across classes: (answers that agree with the charter, answers) for the class pulses that
    opened between ``start`` and ``end`` (dates, both included). An answer agrees when its
    ratings average ``AGREES_FROM`` or more. Counts only (a teacher team's inquiry measure):
    anonymous answers stay unlinked. One query."""
    totals: dict[int, list[int]] = {}
    for response_id, score in PulseRating.objects.filter(
        response__pulse__classroom_id__in=list(classroom_ids),
        response__pulse__opens_on__gte=start,
        response__pulse__opens_on__lte=end,
    ).values_list("response_id", "score"):
        totals.setdefault(response_id, []).append(score)
    agree = sum(1 for scores in totals.values() if sum(scores) >= AGREES_FROM * len(scores))
    return agree, len(totals)
