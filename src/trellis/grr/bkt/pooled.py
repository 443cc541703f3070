"""Pooled (hierarchical, empirical-Bayes) fitting: every target gets params, none falls back
to fixed numbers.

Domain nouns: an *anchor* is a target with enough data to be fitted on its own (at least
:data:`MIN_STUDENTS_TO_FIT` students and :data:`MIN_OPPORTUNITIES_TO_FIT` observations); a
*population* is the spread of params over a set of targets (a *family* such as a subject or a
framework strand, or the whole school), summarised per parameter as a Beta prior with a mean
and a *strength* in pseudo-counts; *shrinkage* is how far a target's params move from its own
data towards its population.

1. The anchors are fitted independently (maximum likelihood, EM with restarts).
2. Each family with at least :data:`MIN_TARGETS_FOR_POPULATION` anchors gets its own
   population (method of moments over its anchors' params); the others use the population of
   all anchors. With too few anchors, the population mean is one fit of all the data together
   and its strength :data:`FALLBACK_STRENGTH`.
3. Every target with data is fitted by MAP-EM under its population's prior: the M-step is
   ``(expected count + a) / (total + a + b)`` with ``a = mean * strength`` and
   ``b = (1 - mean) * strength``, so a target with 5 students stays near the population and
   one with 5,000 follows its own data.
4. A target with no data at all gets the population estimate, and its reason says so.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from trellis.grr.bkt.em import PARAM_NAMES
from trellis.grr.bkt.fitting import (
    checked_observations,
    encode,
    run_restarts,
    run_restarts_on,
    sizes,
)
from trellis.grr.bkt.params import (
    DEFAULT_PARAMS,
    MIN_OPPORTUNITIES_TO_FIT,
    MIN_STUDENTS_TO_FIT,
    BKTParams,
)

__all__ = [
    "FALLBACK_STRENGTH",
    "MIN_TARGETS_FOR_POPULATION",
    "PooledFit",
    "Population",
    "fit_pooled",
    "fit_pooled_codes",
    "population_params",
]

#: Anchors a family needs before its own population is used (else the school's is).
MIN_TARGETS_FOR_POPULATION = 3
#: Prior strength (pseudo-counts per parameter) when the spread cannot be estimated.
FALLBACK_STRENGTH = 20.0
#: Bounds of an estimated strength: at least a weak prior, at most a firm one (so a target
#: with thousands of students still follows its data).
_MIN_STRENGTH, _MAX_STRENGTH = 2.0, 200.0
_EPS = 1e-4


@dataclass(frozen=True, slots=True)
class Population:
    """The typical params of a set of targets and how firmly they hold (pseudo-counts)."""

    mean: BKTParams
    strength: Mapping[str, float]
    n_targets: int  # anchors it was estimated from (0: one fit of all the data, or defaults)
    family: Hashable | None = None

    def counts(self, name: str) -> tuple[float, float]:
        m, k = getattr(self.mean, name), self.strength[name]
        return m * k, (1.0 - m) * k


@dataclass(frozen=True, slots=True)
class PooledFit:
    """Params per target (every target, with or without data) and the populations used."""

    params: dict[Hashable, BKTParams]
    populations: dict[Hashable | None, Population]
    family_of: dict[Hashable, Hashable | None] = field(default_factory=dict)

    def population_for(self, family: Hashable | None = None) -> Population:
        return self.populations.get(family) or self.populations[None]

    def for_target(self, target: Hashable, family: Hashable | None = None) -> BKTParams:
        """The target's params, or its (family's) population estimate if it had no data."""
        if target in self.params:
            return self.params[target]
        return population_params(self.population_for(family or self.family_of.get(target)))


def _describe(pop: Population) -> str:
    where = f" in {pop.family}" if pop.family is not None else ""
    if pop.n_targets:
        return f"the typical values of {pop.n_targets} well-practised targets{where}"
    if pop.mean.source == "default":
        return "the engine's default values (no target has enough history yet)"
    return f"one fit of all the history{where} (too few well-practised targets to compare)"


def population_params(pop: Population) -> BKTParams:
    m = pop.mean
    return BKTParams(
        prior=m.prior,
        learn=m.learn,
        guess=m.guess,
        slip=m.slip,
        forget=m.forget,
        is_default=True,
        reason=f"no history for this target yet: using {_describe(pop)}",
        source="population",
    )


def _moments(values: np.ndarray, name: str, forgets: bool) -> tuple[float, float]:
    """Beta mean and strength from the anchors' values (method of moments)."""
    m = float(np.clip(values.mean(), _EPS, 1 - _EPS))
    if name == "forget" and not forgets:
        return 0.0, FALLBACK_STRENGTH
    var = float(values.var(ddof=1)) if len(values) > 1 else 0.0
    strength = m * (1 - m) / var - 1.0 if var > 0 else _MAX_STRENGTH
    return m, float(np.clip(strength, _MIN_STRENGTH, _MAX_STRENGTH))


def _population(anchors: np.ndarray, best: dict, forgets: bool, family) -> Population:
    means, strength = {}, {}
    for name in PARAM_NAMES:
        means[name], strength[name] = _moments(best[name][anchors], name, forgets)
    mean = BKTParams(**means, is_default=True, source="population")
    return Population(mean, strength, len(anchors), family)


def fit_pooled_codes(
    student_codes: np.ndarray,
    skill_codes: np.ndarray,
    obs: np.ndarray,
    n_skills: int,
    *,
    families: Sequence[Hashable | None] | None = None,
    forgets: bool = False,
    restarts: int = 5,
    seed: int = 0,
    max_iter: int = 100,
    tol: float = 1e-3,
    workers: int | None = None,
) -> tuple[list[BKTParams], dict[Hashable | None, Population]]:
    """Pooled fit of skill codes ``0..n_skills-1`` (rows in time order within each student).
    ``families[k]`` names skill k's family (or None). Returns params per code (a code with no
    rows gets its population estimate) and the populations by family (``None``: all)."""
    skill_codes = np.asarray(skill_codes, dtype=np.int64)
    student_codes = np.asarray(student_codes, dtype=np.int64)
    obs = np.asarray(obs, dtype=np.float64)
    fam = list(families) if families is not None else [None] * n_skills
    common = {"forgets": forgets, "seed": seed, "max_iter": max_iter, "tol": tol}
    n_students, n_obs = sizes(student_codes, skill_codes, n_skills)
    anchor = (n_students >= MIN_STUDENTS_TO_FIT) & (n_obs >= MIN_OPPORTUNITIES_TO_FIT)
    K = n_skills
    ml = {k: np.zeros(K) for k in PARAM_NAMES}
    if anchor.any():
        codes, (best, _, _, _) = run_restarts_on(
            anchor,
            student_codes,
            skill_codes,
            obs,
            restarts=restarts,
            workers=workers,
            **common,
        )
        for name in PARAM_NAMES:
            ml[name][codes] = best[name]

    anchors_all = np.flatnonzero(anchor)
    if len(anchors_all) >= MIN_TARGETS_FOR_POPULATION:
        school = _population(anchors_all, ml, forgets, None)
    elif len(obs):
        # Too few anchors to see a spread: one fit of all the history, every (student, target)
        # sequence its own, with a moderate prior strength.
        width = K
        best, _, _, _ = run_restarts(
            student_codes * width + skill_codes,
            np.zeros(len(obs), dtype=np.int64),
            obs,
            1,
            restarts=restarts,
            workers=workers,
            **common,
        )
        mean = BKTParams(
            **{k: float(best[k][0]) for k in PARAM_NAMES}, is_default=True, source="pooled-all"
        )
        school = Population(mean, dict.fromkeys(PARAM_NAMES, FALLBACK_STRENGTH), 0, None)
    else:
        school = Population(DEFAULT_PARAMS, dict.fromkeys(PARAM_NAMES, FALLBACK_STRENGTH), 0)
    populations: dict[Hashable | None, Population] = {None: school}
    for family in dict.fromkeys(f for f in fam if f is not None):
        members = np.array([i for i in anchors_all if fam[i] == family], dtype=np.int64)
        if len(members) >= MIN_TARGETS_FOR_POPULATION:
            populations[family] = _population(members, ml, forgets, family)
    pop_of = [populations.get(f, school) for f in fam]

    # MAP-EM for every target with data under its population's prior. Anchors start from
    # their own fit (one restart is enough: the prior hardly moves them); the rest from the
    # population mean plus random restarts.
    results: list[BKTParams | None] = [None] * K
    has_data = n_obs > 0
    for group, n_restarts in ((anchor, 1), (has_data & ~anchor, restarts)):
        codes = np.flatnonzero(group)
        if not len(codes):
            continue
        counts = {}
        for name in PARAM_NAMES:
            pairs = np.array([pop_of[c].counts(name) for c in codes])
            counts[name] = (pairs[:, 0], pairs[:, 1])
        starts = [
            BKTParams(**{k: float(ml[k][c]) for k in PARAM_NAMES}) if anchor[c] else pop_of[c].mean
            for c in codes
        ]
        _, (best, ll, _, _) = run_restarts_on(
            group,
            student_codes,
            skill_codes,
            obs,
            restarts=n_restarts,
            workers=workers,
            start=starts,
            counts=None if not len(codes) else counts,
            **common,
        )
        for i, c in enumerate(codes.tolist()):
            ns, no = int(n_students[c]), int(n_obs[c])
            own = "" if anchor[c] else "; too little history to stand alone"
            results[c] = BKTParams(
                **{k: float(best[k][i]) for k in PARAM_NAMES},
                is_default=False,
                reason=(
                    f"learned from {ns} students ({no} opportunities), pooled with "
                    f"{_describe(pop_of[c])}{own}"
                ),
                log_likelihood=float(ll[i]),
                n_students=ns,
                n_opportunities=no,
                source="pooled",
            )
    for c in range(K):
        if results[c] is None:
            results[c] = population_params(pop_of[c])
    return results, populations  # type: ignore[return-value]


def fit_pooled(
    students: Sequence[Hashable],
    targets: Sequence[Hashable],
    observations: Sequence[float] | np.ndarray,
    *,
    families: Mapping[Hashable, Hashable | None] | None = None,
    all_targets: Iterable[Hashable] = (),
    forgets: bool = False,
    restarts: int = 5,
    seed: int = 0,
    max_iter: int = 100,
    tol: float = 1e-3,
    workers: int | None = None,
) -> PooledFit:
    """Pooled fit from parallel sequences of student, target and observation (rows in time
    order within each student). ``families`` maps a target to its family (subject, strand);
    ``all_targets`` lists targets to give params even without rows (population estimate)."""
    obs = checked_observations(observations)
    _, s_codes = encode(students)
    labels, t_codes = encode(targets)
    seen = set(labels)
    labels += [t for t in dict.fromkeys(all_targets) if t not in seen]
    family_of = {t: (families or {}).get(t) for t in labels}
    fitted, populations = fit_pooled_codes(
        s_codes,
        t_codes,
        obs,
        len(labels),
        families=[family_of[t] for t in labels],
        forgets=forgets,
        restarts=restarts,
        seed=seed,
        max_iter=max_iter,
        tol=tol,
        workers=workers,
    )
    return PooledFit(dict(zip(labels, fitted, strict=True)), populations, family_of)
