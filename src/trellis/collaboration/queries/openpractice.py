"""Reads for observations, the decision log and the staff trust pulse."""

from dataclasses import dataclass, field

from django.db.models import Count, Q

from trellis.accounts.models import Role, User
from trellis.common.access import get_visible
from trellis.common.small_numbers import ANONYMOUS_MINIMUM

from .. import permissions as perms
from ..models import Decision, Observation, TrustAnswer, TrustParticipation, TrustPulse


@dataclass
class ObservationsPage:
    hosted: list[Observation]  # I opened my lesson
    observing: list[Observation]  # I was invited
    shared: list[Observation]  # teammates shared theirs
    teams: list
    colleagues: list[User]


def observations_page(user: User) -> ObservationsPage:
    """Three queries: the observations, the user's teams, the colleagues to invite."""
    rows = list(perms.observations_visible_to(user).select_related("observed", "observer", "team"))
    colleagues = list(
        User.objects.filter(school_id=user.school_id, role=Role.TEACHER, is_active=True)
        .exclude(pk=user.pk)
        .order_by("last_name", "first_name", "id")
    )
    return ObservationsPage(
        hosted=[o for o in rows if o.observed_id == user.pk],
        observing=[o for o in rows if o.observer_id == user.pk],
        shared=[o for o in rows if o.observed_id != user.pk and o.observer_id != user.pk],
        teams=list(perms.teams_of(user).order_by("name")),
        colleagues=colleagues,
    )


def get_observation_for(user: User, observation_id) -> Observation:
    qs = perms.observations_visible_to(user).select_related("observed", "observer", "team")
    return get_visible(qs, observation_id, "observation")


def get_decision_for(user: User, decision_id) -> Decision:
    qs = Decision.objects.filter(team__in=perms.teams_visible_to(user)).select_related(
        "team", "inquiry"
    )
    return get_visible(qs, decision_id, "decision")


# ---------------------------------------------------------------- the staff trust pulse


@dataclass
class StatementResult:
    text: str
    mean: float | None


@dataclass
class TrustResult:
    pulse: TrustPulse
    answered: int
    shown: bool  # at least ANONYMOUS_MINIMUM answered
    statements: list[StatementResult] = field(default_factory=list)
    answered_by_me: bool = False

    @property
    def overall(self) -> float | None:
        """The mean of the statements' means (1–5), or None when not shown."""
        means = [s.mean for s in self.statements if s.mean is not None]
        return round(sum(means) / len(means), 1) if self.shown and means else None

    @property
    def width(self) -> int:
        """The overall mean as a bar width in 5 % steps of the scale 0–5 (`w5-N` classes)."""
        return 0 if self.overall is None else max(1, min(20, round(self.overall * 4)))


def trust_results(pulses: list[TrustPulse], user: User | None = None) -> list[TrustResult]:
    """Each pulse's means per statement, shown only when at least 5 teachers answered (the
    trend: one row per pulse, oldest first). Two queries, three with `user`."""
    ids = [p.pk for p in pulses]
    answers: dict[int, list[list[int]]] = {i: [] for i in ids}
    for pulse_id, ratings in TrustAnswer.objects.filter(pulse_id__in=ids).values_list(
        "pulse_id", "ratings"
    ):
        answers[pulse_id].append(ratings)
    counts = dict(
        TrustParticipation.objects.filter(pulse_id__in=ids)
        .values_list("pulse_id")
        .annotate(n=Count("id"))
        .values_list("pulse_id", "n")
    )
    mine = set()
    if user is not None:
        mine = set(
            TrustParticipation.objects.filter(pulse_id__in=ids, teacher=user).values_list(
                "pulse_id", flat=True
            )
        )
    out = []
    for p in pulses:
        n = counts.get(p.pk, 0)
        shown = n >= ANONYMOUS_MINIMUM
        statements = []
        for i, text in enumerate(p.statements):
            values = [r[i] for r in answers[p.pk] if i < len(r)]
            mean = round(sum(values) / len(values), 1) if shown and values else None
            statements.append(StatementResult(text, mean))
        out.append(TrustResult(p, n, shown, statements, p.pk in mine))
    return out


def trust_page(user: User) -> list[TrustResult]:
    pulses = list(perms.trust_pulses_for(user).order_by("opens_on", "id"))
    return trust_results(pulses, user)


def get_trust_pulse_for(user: User, pulse_id) -> TrustPulse:
    return get_visible(perms.trust_pulses_for(user), pulse_id, "pulse")


def observation_counts(teams) -> dict[int, int]:
    """Observations per team (what leaders see of them): one query."""
    return dict(
        Observation.objects.filter(team__in=teams)
        .values_list("team_id")
        .annotate(n=Count("id"))
        .values_list("team_id", "n")
    )


def decisions_due(user: User, today) -> list[Decision]:
    return list(
        Decision.objects.filter(
            Q(team__in=perms.teams_visible_to(user)), reviewed_at__isnull=True, review_on__lte=today
        )
        .select_related("team")
        .order_by("review_on", "id")
    )
