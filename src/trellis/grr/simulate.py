"""Synthetic classes run through release policies: how often, how soon and how rightly each
policy releases students to independent practice.

Domain nouns: a *synthetic student* has hidden BKT params of their own (prior, learn, guess,
slip, forget), a *confidence bias* (over-confident students rate high before they can do it,
under-confident ones rate low after they can), a *help propensity* and sometimes a *stall*
(items at the start during which they cannot learn). Their *path* (hidden mastery, answers,
rating noise, help requests) is drawn once, so every policy sees the same students. A
*policy* reads the answers (and, for the engine, the ratings and help requests) after each
item and says whether to release. After release the student does :data:`INDEPENDENT_ITEMS`
items alone and *fails independent practice* with fewer than :data:`PASS_INDEPENDENT` right.

Per policy: share released (within the items allowed, and within :data:`RELEASE_BY` items),
*precision* (share of released students truly mastered at release), *delay* (items answered
while truly mastered before release, for students released when mastered), share never
released, and share of released students who then fail independent practice.

The engine's policy is :func:`trellis.grr.recommend` itself, with rating profiles learned
from a separate synthetic school history (:func:`school_profiles`), so that each student's
ratings count as evidence as far as their own earlier ratings next to their answers show
them to be informative. When it says "capable but unsure"
it names the confidence step (:data:`trellis.grr.recommend.CONFIDENCE_STEP`); the simulated
teacher takes it, after which that student's ratings are no longer biased low.
"""

from __future__ import annotations

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
from trellis.grr.thresholds import Thresholds

__all__ = [
    "POPULATION",
    "EnginePolicy",
    "FixedPacing",
    "MOfN",
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

#: The population synthetic students are drawn from (each param from a Beta around these
#: means): check-in items that are rarely guessed, a few slips, steady learning.
POPULATION = BKTParams(prior=0.15, learn=0.15, guess=0.15, slip=0.08, forget=0.01)
_STRENGTH = 20.0
INDEPENDENT_ITEMS = 5
PASS_INDEPENDENT = 3
RELEASE_BY = 25
#: Check-in items a class answers per lesson day (help requests are judged on this clock).
ITEMS_PER_DAY = 5
TARGET = "skill"
_START = datetime(2025, 9, 1, 9, 0)


@dataclass(frozen=True, slots=True)
class SyntheticStudent:
    """A student's hidden path: ``mastered[t]`` before item t, ``right[t]``, rating noise
    and help requests, drawn once for ``max_items + INDEPENDENT_ITEMS`` items."""

    params: BKTParams
    confidence_bias: float
    mastered: np.ndarray
    right: np.ndarray
    rating_noise: np.ndarray
    asks_help: np.ndarray

    def rating(self, t: int, bias: float | None = None) -> int:
        b = self.confidence_bias if bias is None else bias
        level = 2.0 + 1.5 * float(self.mastered[t]) + b + float(self.rating_noise[t])
        return int(min(4, max(1, round(level))))


def make_class(rng: np.random.Generator, size: int, n_items: int) -> list[SyntheticStudent]:
    """``size`` students: a fifth over-confident, a fifth under-confident, one in ten stalls
    for 10-20 items, and each asks for help after wrong answers with their own propensity."""
    students = []
    total = n_items + INDEPENDENT_ITEMS
    for _ in range(size):

        def draw(name: str) -> float:
            m = getattr(POPULATION, name)
            return float(rng.beta(m * _STRENGTH, (1 - m) * _STRENGTH))

        p = BKTParams(
            prior=draw("prior"),
            learn=draw("learn"),
            guess=draw("guess"),
            slip=draw("slip"),
            forget=draw("forget"),
        )
        kind = rng.random()
        bias = 1.2 if kind < 0.2 else (-1.2 if kind < 0.4 else 0.0)
        stall = int(rng.integers(10, 21)) if rng.random() < 0.1 else 0
        propensity = float(rng.uniform(0.0, 0.4))
        state = rng.random() < p.prior
        mastered = np.zeros(total, dtype=bool)
        right = np.zeros(total, dtype=bool)
        for t in range(total):
            mastered[t] = state
            right[t] = rng.random() >= p.slip if state else rng.random() < p.guess
            if state:
                state = rng.random() >= p.forget
            elif t >= stall:
                state = rng.random() < p.learn
        wrong_streak = np.zeros(total, dtype=bool)
        wrong_streak[1:] = ~right[1:] & ~right[:-1]
        asks = wrong_streak & (rng.random(total) < propensity)
        noise = rng.normal(0.0, 0.5, total)
        students.append(SyntheticStudent(p, bias, mastered, right, noise, asks))
    return students


class Policy:
    """Decides after each item whether to release; ``name`` labels the table row."""

    name: str

    def start(self) -> None:  # a new student
        pass

    def released(self, student: SyntheticStudent, t: int) -> bool:
        raise NotImplementedError


@dataclass
class FixedPacing(Policy):
    """Release after ``n`` items, whatever the answers."""

    n: int = 10

    @property
    def name(self) -> str:
        return f"fixed pacing ({self.n} items)"

    def released(self, student, t):
        return t + 1 >= self.n


@dataclass
class MOfN(Policy):
    """Release once ``m`` of the last ``n`` answers are right (3 of 3: three in a row)."""

    m: int = 3
    n: int = 3

    @property
    def name(self) -> str:
        return f"{self.m} right in a row" if self.m == self.n else f"{self.m} of the last {self.n}"

    def released(self, student, t):
        return t + 1 >= self.n and int(student.right[t + 1 - self.n : t + 1].sum()) >= self.m


@dataclass
class EnginePolicy(Policy):
    """The engine's :func:`recommend` in guided practice, with the population's params (as a
    pooled fit of the school's history gives them). A simulated teacher takes the named
    confidence step for a capable-but-unsure student when ``teacher_takes_step``."""

    thresholds: Thresholds = field(default_factory=Thresholds)
    params: BKTParams = POPULATION
    teacher_takes_step: bool = True
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

    def released(self, student, t):
        at = _START + timedelta(days=t // ITEMS_PER_DAY, minutes=(t % ITEMS_PER_DAY) * 10)
        if student.asks_help[t]:
            self.evidence.append(Evidence.help_request(TARGET, at))
        self.evidence.append(Evidence.answer(TARGET, bool(student.right[t]), at))
        rating = student.rating(t, self.bias)
        self.evidence.append(Evidence.confidence(TARGET, rating, at + timedelta(seconds=1)))
        rec = recommend(
            Phase.GUIDED, self.evidence, self._params, self.thresholds, at, self.profiles
        )
        if rec.kind is RecommendationKind.ADVANCE:
            return True
        unsure = rec.readiness.calibration is Calibration.CAPABLE_BUT_UNSURE
        if unsure and self.teacher_takes_step and self.bias is None:
            # The teacher takes the named step (goes through the student's recent right
            # answers with them) and asks for a fresh rating; from now on the student's
            # ratings are no longer biased low.
            self.bias = max(student.confidence_bias, 0.0)
            rating = student.rating(t, self.bias)
            self.evidence.append(Evidence.confidence(TARGET, rating, at + timedelta(seconds=2)))
            rec = recommend(
                Phase.GUIDED, self.evidence, self._params, self.thresholds, at, self.profiles
            )
            return rec.kind is RecommendationKind.ADVANCE
        return False


@dataclass(frozen=True, slots=True)
class PolicyResult:
    policy: str
    students: int
    released: float  # share released within the items allowed
    released_by: float  # share released within RELEASE_BY items
    precision: float  # share of released truly mastered at release
    delay: float  # mean items answered while mastered before release
    never_released: float
    failed_independent: float  # share of released who then fail independent practice

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


def run_policy(
    policy: Policy, classes: Sequence[Sequence[SyntheticStudent]], max_items: int
) -> PolicyResult:
    released_at: list[int | None] = []
    students = [s for c in classes for s in c]
    for student in students:
        policy.start()
        at = None
        for t in range(max_items):
            if policy.released(student, t):
                at = t
                break
        released_at.append(at)
    done = [(s, t) for s, t in zip(students, released_at, strict=True) if t is not None]
    n = len(students)
    mastered = [bool(s.mastered[t + 1]) for s, t in done]
    # Items answered after the first one answered while mastered, up to the release.
    delays = [
        max(int(s.mastered[: t + 1].sum()) - 1, 0)
        for (s, t), m in zip(done, mastered, strict=True)
        if m
    ]
    fails = [
        int(s.right[t + 1 : t + 1 + INDEPENDENT_ITEMS].sum()) < PASS_INDEPENDENT for s, t in done
    ]
    return PolicyResult(
        policy=policy.name,
        students=n,
        released=len(done) / n,
        released_by=sum(t < RELEASE_BY for _, t in done) / n,
        precision=float(np.mean(mastered)) if done else float("nan"),
        delay=float(np.mean(delays)) if delays else float("nan"),
        never_released=1 - len(done) / n,
        failed_independent=float(np.mean(fails)) if done else float("nan"),
    )


#: The thresholds before the simulation chose the current defaults, kept for comparison.
PREVIOUS_THRESHOLDS = Thresholds(advance_mastery=0.85, confidence_window=5, help_cleared_after=None)


def baselines() -> list[Policy]:
    return [FixedPacing(10), MOfN(3, 3), MOfN(4, 5)]


def compare_policies(
    *,
    n_classes: int = 40,
    class_size: int = 25,
    max_items: int = 40,
    seed: int = 0,
    policies: Sequence[Policy] | None = None,
) -> list[PolicyResult]:
    """The baselines and the engine (default thresholds) on the same synthetic classes: with
    answers alone, and with ratings read as evidence through rating profiles learned from a
    separate synthetic school history (:func:`school_profiles`)."""
    rng = np.random.default_rng(seed)
    classes = [make_class(rng, class_size, max_items) for _ in range(n_classes)]
    if policies is None:
        previous = EnginePolicy(PREVIOUS_THRESHOLDS, label="engine, previous thresholds")
        answers = EnginePolicy(label="engine, answers only")
        policies = [*baselines(), previous, answers, EnginePolicy(profiles=school_profiles(seed))]
    chosen = list(policies)
    return [run_policy(p, classes, max_items) for p in chosen]


def format_table(results: Sequence[PolicyResult]) -> str:
    head = (
        "| policy | released | released within "
        f"{RELEASE_BY} items | precision | mean delay (items) | never released | "
        "fail independent practice |"
    )
    lines = [head, "| --- | --- | --- | --- | --- | --- | --- |"]
    for r in results:
        lines.append(
            f"| {r.policy} | {r.released:.1%} | {r.released_by:.1%} | {r.precision:.3f} | "
            f"{r.delay:.2f} | {r.never_released:.1%} | {r.failed_independent:.1%} |"
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
