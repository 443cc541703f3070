"""Synthetic classes run through release policies: how often, how soon and how rightly each
policy releases students to independent practice.

The students come from :mod:`trellis.grr.synthetic_class` (their own BKT params, confidence
bias, help propensity, and for one in ten a stall: items at the start during which practice
cannot teach them). A *policy* reads each answer (and, for the engine, the ratings and help
requests) and says after every item whether to release, to *re-teach* (the teacher takes the
student aside: :data:`RETEACH_ITEMS` items of the clock pass without a check-in answer; a stall
ends there, and the re-teach is one chance to learn at the student's own rate) or to wait.
Items are the clock: release within :data:`RELEASE_BY` items counts re-teach time too. After
release the student does :data:`INDEPENDENT_ITEMS` items alone and *fails independent practice*
with fewer than :data:`PASS_INDEPENDENT` right.

Per policy: share released (within the items allowed, and within :data:`RELEASE_BY` items),
*precision* (share of released students truly mastered at release), *delay* (items answered
while truly mastered before release, for students released when mastered), share never
released, share of released students who then fail independent practice, and share of
students re-taught.

The engine's policy is :func:`trellis.grr.recommend` itself with the stall rule
(:func:`trellis.grr.apply_stall`), as the board shows them, with rating profiles learned from a
separate synthetic school history (:func:`school_profiles`), so that each student's ratings
count as evidence as far as their own earlier ratings next to their answers show them to be
informative. The simulated teacher does what the board names: when it says "capable but unsure"
they take the confidence step (:data:`trellis.grr.recommend.CONFIDENCE_STEP`), after which that
student's ratings are no longer biased low; when it says step back (mastery under
``step_back_mastery`` after ``min_observations`` answers, or the stall rule's "I'm lost"
reports) they re-teach the student, at most once: :data:`RETEACH_ITEMS` items of the clock,
which end a stall and give one chance to learn, at the student's own learning rate (half of
what two practice items would give; the row "engine, a re-teach only ends a stall" takes even
that away). Baselines are release rules only: nobody re-teaches their students, so their
stalled students stay stalled. The *oracle* releases on the first item a student answers while
mastered, so its row shows what the population allows."""

from __future__ import annotations

import enum
import itertools
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime, timedelta

import numpy as np

from trellis.grr.bkt import BKTParams
from trellis.grr.evidence import Evidence
from trellis.grr.phases import Phase
from trellis.grr.ratings import RatingProfiles, Step, fit_profiles
from trellis.grr.readiness import Calibration
from trellis.grr.recommend import RecommendationKind, recommend
from trellis.grr.stall import apply_stall, stall_check
from trellis.grr.synthetic_class import (
    INDEPENDENT_ITEMS,
    POPULATION,
    Path,
    SyntheticStudent,
    make_class,
)
from trellis.grr.thresholds import Thresholds

__all__ = [
    "POPULATION",
    "Decision",
    "EnginePolicy",
    "FixedPacing",
    "MOfN",
    "Oracle",
    "Policy",
    "PolicyResult",
    "SyntheticStudent",
    "compare_policies",
    "format_table",
    "make_class",
    "run_policy",
    "school_profiles",
    "tune",
]

PASS_INDEPENDENT = 3
RELEASE_BY = 25
#: Items of the clock a re-teach takes (a short small-group re-teach: two check-in items' time).
RETEACH_ITEMS = 2
#: Check-in items a class answers per lesson day (help requests are judged on this clock).
ITEMS_PER_DAY = 5
TARGET = "skill"
_START = datetime(2025, 9, 1, 9, 0)


class Decision(enum.Enum):
    WAIT = "wait"
    RELEASE = "release"
    RETEACH = "reteach"


class Policy:
    """Decides after each answered item ``k`` (at ``clock`` items, re-teaching included)
    whether to release, re-teach or wait; ``name`` labels the table row."""

    name: str
    #: Whether this policy's re-teach is also a chance to learn (False: it only ends a stall).
    reteach_teaches: bool = True

    def start(self) -> None:  # a new student
        pass

    def decide(self, student: SyntheticStudent, path: Path, k: int, clock: int) -> Decision:
        raise NotImplementedError


@dataclass
class FixedPacing(Policy):
    """Release after ``n`` items, whatever the answers."""

    n: int = 10

    @property
    def name(self) -> str:
        return f"fixed pacing ({self.n} items)"

    def decide(self, student, path, k, clock):
        return Decision.RELEASE if k + 1 >= self.n else Decision.WAIT


@dataclass
class MOfN(Policy):
    """Release once ``m`` of the last ``n`` answers are right (3 of 3: three in a row)."""

    m: int = 3
    n: int = 3

    @property
    def name(self) -> str:
        return f"{self.m} right in a row" if self.m == self.n else f"{self.m} of the last {self.n}"

    def decide(self, student, path, k, clock):
        ok = k + 1 >= self.n and int(path.right[k + 1 - self.n : k + 1].sum()) >= self.m
        return Decision.RELEASE if ok else Decision.WAIT


@dataclass
class Oracle(Policy):
    """Sees the hidden state: releases on the first item answered while mastered. With
    ``reteach_stalls`` it also re-teaches a stalled student right after their first item."""

    reteach_stalls: bool = False

    @property
    def name(self) -> str:
        if self.reteach_stalls:
            return "oracle, stalls re-taught after the first item"
        return "oracle (released on the first item answered while mastered)"

    def decide(self, student, path, k, clock):
        if path.mastered[k]:
            return Decision.RELEASE
        if self.reteach_stalls and k == 0 and student.stall > 1:
            return Decision.RETEACH
        return Decision.WAIT


def _moment(clock: int) -> datetime:
    return _START + timedelta(days=clock // ITEMS_PER_DAY, minutes=(clock % ITEMS_PER_DAY) * 10)


@dataclass
class EnginePolicy(Policy):
    """The engine's :func:`recommend` in guided practice with the stall rule, as the board
    shows it, with the population's params (as a pooled fit of the school's history gives
    them). The simulated teacher takes the named confidence step for a capable-but-unsure
    student when ``teacher_takes_step``, and re-teaches a student the board says to step
    back (at most ``reteaches`` times) when ``teacher_follows_step_back``."""

    thresholds: Thresholds = field(default_factory=Thresholds)
    params: BKTParams = POPULATION
    teacher_takes_step: bool = True
    teacher_follows_step_back: bool = True
    reteaches: int = 1
    reteach_teaches: bool = True
    label: str = "engine"
    #: Rating profiles learned from the school's history: ratings then count as evidence,
    #: read through each student's own calibration.
    profiles: RatingProfiles | None = None

    def __post_init__(self) -> None:
        self._params = {TARGET: replace(self.params, is_default=False)}
        self.start()

    @property
    def name(self) -> str:
        return self.label

    def start(self) -> None:
        self.evidence: list[Evidence] = []
        self.bias: float | None = None
        self.retaught = 0
        self.back_since: datetime | None = None  # back in guided practice after a re-teach

    def _recommend(self, at: datetime):
        # Back in guided practice after a re-teach, the board judges a step back on the work
        # done since (``phase_since``), as it does for a student the teacher moved.
        rec = recommend(
            Phase.GUIDED,
            self.evidence,
            self._params,
            self.thresholds,
            at,
            self.profiles,
            phase_since=self.back_since,
        )
        day = _START + timedelta(days=(at - _START).days)
        since = max(day, self.back_since) if self.back_since else day
        # The board looks after the student's latest rating (a second after the answer).
        now = self.evidence[-1].timestamp
        stall = stall_check(
            Phase.GUIDED, self.evidence, active_since=since, now=now, thresholds=self.thresholds
        )
        return apply_stall(rec, stall)

    def decide(self, student, path, k, clock):
        at = _moment(clock)
        if path.asks_help[k]:
            self.evidence.append(Evidence.help_request(TARGET, at))
        self.evidence.append(Evidence.answer(TARGET, bool(path.right[k]), at))
        rating = student.rating(k, self.bias, path)
        self.evidence.append(Evidence.confidence(TARGET, rating, at + timedelta(seconds=1)))
        rec = self._recommend(at)
        if rec.kind is RecommendationKind.ADVANCE:
            return Decision.RELEASE
        if rec.kind is RecommendationKind.STEP_BACK:
            if self.teacher_follows_step_back and self.retaught < self.reteaches:
                self.retaught += 1
                self.back_since = _moment(clock + RETEACH_ITEMS + 1)
                return Decision.RETEACH
            return Decision.WAIT
        unsure = rec.readiness.calibration is Calibration.CAPABLE_BUT_UNSURE
        if unsure and self.teacher_takes_step and self.bias is None:
            # The teacher takes the named step (goes through the student's recent right
            # answers with them) and asks for a fresh rating; from now on the student's
            # ratings are no longer biased low.
            self.bias = max(student.confidence_bias, 0.0)
            rating = student.rating(k, self.bias, path)
            self.evidence.append(Evidence.confidence(TARGET, rating, at + timedelta(seconds=2)))
            rec = self._recommend(at)
            return Decision.RELEASE if rec.kind is RecommendationKind.ADVANCE else Decision.WAIT
        return Decision.WAIT


@dataclass(frozen=True, slots=True)
class PolicyResult:
    policy: str
    students: int
    released: float  # share released within the items allowed
    released_by: float  # share released within RELEASE_BY items of the clock
    precision: float  # share of released truly mastered at release
    delay: float  # mean items answered while mastered before release
    never_released: float
    failed_independent: float  # share of released who then fail independent practice
    retaught: float = 0.0  # share of students re-taught at least once

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


def run_policy(
    policy: Policy, classes: Sequence[Sequence[SyntheticStudent]], max_items: int
) -> PolicyResult:
    """Every student through ``policy`` for at most ``max_items`` items of the clock."""
    students = [s for c in classes for s in c]
    done: list[tuple[Path, int, int]] = []  # (path, answered item, clock) at release
    retaught = 0
    for student in students:
        policy.start()
        path = student.natural
        k = clock = 0
        taught_at: list[int] = []
        while clock < max_items:
            decision = policy.decide(student, path, k, clock)
            if decision is Decision.RELEASE:
                done.append((path, k, clock))
                break
            if decision is Decision.RETEACH:
                if not taught_at:  # the first re-teach ends a stall; later ones change nothing
                    path = student.path(retaught_after=k, teaches=policy.reteach_teaches)
                taught_at.append(k)
                clock += RETEACH_ITEMS
            k += 1
            clock += 1
        retaught += bool(taught_at)
    n = len(students)
    mastered = [bool(p.mastered[k + 1]) for p, k, _ in done]
    # Items answered after the first one answered while mastered, up to the release.
    delays = [
        max(int(p.mastered[: k + 1].sum()) - 1, 0)
        for (p, k, _), m in zip(done, mastered, strict=True)
        if m
    ]
    fails = [
        int(p.right[k + 1 : k + 1 + INDEPENDENT_ITEMS].sum()) < PASS_INDEPENDENT for p, k, _ in done
    ]
    return PolicyResult(
        policy=policy.name,
        students=n,
        released=len(done) / n,
        released_by=sum(clock < RELEASE_BY for _, _, clock in done) / n,
        precision=float(np.mean(mastered)) if done else float("nan"),
        delay=float(np.mean(delays)) if delays else float("nan"),
        never_released=1 - len(done) / n,
        failed_independent=float(np.mean(fails)) if done else float("nan"),
        retaught=retaught / n,
    )


#: The thresholds before the simulation chose the current defaults, kept for comparison.
PREVIOUS_THRESHOLDS = Thresholds(advance_mastery=0.85, confidence_window=5, help_cleared_after=None)


def baselines() -> list[Policy]:
    return [FixedPacing(10), MOfN(3, 3), MOfN(4, 5)]


def oracles() -> list[Policy]:
    return [Oracle(), Oracle(reteach_stalls=True)]


def compare_policies(
    *,
    n_classes: int = 40,
    class_size: int = 25,
    max_items: int = 40,
    seed: int = 0,
    policies: Sequence[Policy] | None = None,
) -> list[PolicyResult]:
    """The baselines, the oracles and the engine (default thresholds) on the same synthetic
    classes: with answers alone, and with ratings read as evidence through rating profiles
    learned from a separate synthetic school history (:func:`school_profiles`); the last two
    rows differ only in whether the simulated teacher follows the board's step backs."""
    rng = np.random.default_rng(seed)
    classes = [make_class(rng, class_size, max_items) for _ in range(n_classes)]
    if policies is None:
        profiles = school_profiles(seed)
        previous = EnginePolicy(PREVIOUS_THRESHOLDS, label="engine, previous thresholds")
        answers = EnginePolicy(label="engine, answers only")
        ignores = EnginePolicy(
            profiles=profiles,
            teacher_follows_step_back=False,
            label="engine, teacher ignores step backs",
        )
        only_stall = EnginePolicy(
            profiles=profiles, reteach_teaches=False, label="engine, a re-teach only ends a stall"
        )
        policies = [
            *baselines(),
            *oracles(),
            previous,
            answers,
            ignores,
            only_stall,
            EnginePolicy(profiles=profiles),
        ]
    chosen = list(policies)
    return [run_policy(p, classes, max_items) for p in chosen]


def format_table(results: Sequence[PolicyResult]) -> str:
    head = (
        "| policy | released | released within "
        f"{RELEASE_BY} items | precision | mean delay (items) | never released | "
        "fail independent practice | re-taught |"
    )
    lines = [head, "| --- | --- | --- | --- | --- | --- | --- | --- |"]
    for r in results:
        lines.append(
            f"| {r.policy} | {r.released:.1%} | {r.released_by:.1%} | {r.precision:.3f} | "
            f"{r.delay:.2f} | {r.never_released:.1%} | {r.failed_independent:.1%} | "
            f"{r.retaught:.1%} |"
        )
    return "\n".join(lines)


#: The grid :func:`tune` searches (everything else stays at its default) for the engine with
#: ratings read as evidence.
TUNING_GRID = {
    "advance_belief": (0.975, 0.98, 0.985),
    "rating_weight": (0.85, 1.0),
    "work_mastery_floor": (0.85, 0.9, 0.93),
}


def tune(
    *,
    n_classes: int = 16,
    class_size: int = 25,
    max_items: int = 40,
    seed: int = 1,
    min_precision: float = 0.98,
) -> list[tuple[Thresholds, PolicyResult]]:
    """Every combination of :data:`TUNING_GRID` on the same classes, best first: those with
    precision at least ``min_precision`` by mean delay, then the rest by precision. Tune on a
    seed other than the one reported."""
    rng = np.random.default_rng(seed)
    classes = [make_class(rng, class_size, max_items) for _ in range(n_classes)]
    profiles = school_profiles(seed)
    names = list(TUNING_GRID)
    rows = []
    for values in itertools.product(*TUNING_GRID.values()):
        th = Thresholds(**dict(zip(names, values, strict=True)))
        label = ", ".join(f"{n}={v}" for n, v in zip(names, values, strict=True))
        policy = EnginePolicy(th, label=label, profiles=profiles)
        rows.append((th, run_policy(policy, classes, max_items)))
    rows.sort(key=lambda r: (r[1].precision < min_precision, r[1].delay, -r[1].precision))
    return rows


def history(
    rng: np.random.Generator, n_classes: int, class_size: int = 25, n_items: int = 40
) -> list[list[Step]]:
    """A school's past: synthetic classes' answers with the rating after each, as
    :func:`trellis.grr.ratings.fit_profiles` reads them (no teacher steps taken)."""
    students = [s for _ in range(n_classes) for s in make_class(rng, class_size, n_items)]
    return [[Step(float(s.right[t]), (s.rating(t),)) for t in range(n_items)] for s in students]


#: The school's history the rating profiles are learned from is drawn with this seed offset,
#: so it never shares students with the classes a policy is measured on.
HISTORY_SEED_OFFSET = 1000


def school_profiles(seed: int, n_classes: int = 40, k: int = 3) -> RatingProfiles:
    """Rating profiles learned from a separate synthetic school history (what the nightly
    refit would learn from the school's evidence log): 1,000 students, 40 items each."""
    rng = np.random.default_rng(seed + HISTORY_SEED_OFFSET)
    return fit_profiles(history(rng, n_classes), POPULATION, k=k)
