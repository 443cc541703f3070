"""Independent per-target fitting (maximum likelihood by EM with random restarts), and the
label-level ``fit`` / ``predict`` API.

Domain nouns: *codes* are 0-based integer ids of students and targets; a *restart* is one EM
run from its own starting params; the best restart per target is the one with the highest
objective among non-degenerate fits (guess + slip < 1, so "mastered" means "more often
right").
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import replace

import numpy as np

from trellis.grr.bkt.em import PARAM_NAMES, default_workers, initial, run_em, sequence_set
from trellis.grr.bkt.packing import forward_codes
from trellis.grr.bkt.params import (
    DEFAULT_PARAMS,
    MIN_OPPORTUNITIES_TO_FIT,
    MIN_STUDENTS_TO_FIT,
    BKTParams,
)

__all__ = ["encode", "fit", "fit_codes", "predict", "run_restarts", "run_restarts_on", "sizes"]


def sizes(student_codes, skill_codes, n_skills: int) -> tuple[np.ndarray, np.ndarray]:
    """(students, observations) per target code."""
    skill_codes = np.asarray(skill_codes, dtype=np.int64)
    n_obs = np.bincount(skill_codes, minlength=n_skills)
    pairs = np.unique(np.asarray(student_codes, dtype=np.int64) * max(n_skills, 1) + skill_codes)
    n_students = np.bincount(pairs % max(n_skills, 1), minlength=n_skills)
    return n_students, n_obs


def run_restarts(
    student_codes,
    skill_codes,
    obs,
    n_skills: int,
    *,
    forgets: bool,
    restarts: int,
    seed: int,
    max_iter: int,
    tol: float,
    workers: int | None,
    start: BKTParams = DEFAULT_PARAMS,
    counts=None,
):
    """EM from ``restarts`` starting points per target code (restart 0 at ``start``, or at the
    per-target params when ``start`` is a list); returns the best params per target as arrays
    (K,), their log-likelihood and log-prior, and the E-steps each (restart, target) ran."""
    workers = default_workers() if workers is None else max(1, int(workers))
    R = max(restarts, 1)
    seqs = sequence_set(student_codes, skill_codes, obs, n_skills)
    rng = np.random.default_rng(seed)
    P0 = initial(R, n_skills, forgets, rng)
    starts = start if isinstance(start, list) else [start] * n_skills
    for name in PARAM_NAMES:
        value = np.array([getattr(s, name) for s in starts])
        if name == "forget" and forgets:
            value = np.maximum(value, 0.05)
        P0[name][0] = value
    P, ll, lp, e_steps = run_em(
        seqs, P0, forgets=forgets, max_iter=max_iter, tol=tol, workers=workers, counts=counts
    )
    degenerate = P["guess"] + P["slip"] >= 1.0
    score = np.where(degenerate, -np.inf, ll + lp)
    score = np.where(np.isneginf(score).all(axis=0), ll + lp, score)  # all degenerate: best ll
    pick = np.argmax(score, axis=0)
    cols = np.arange(n_skills)
    best = {k: v[pick, cols] for k, v in P.items()}
    return best, ll[pick, cols], lp[pick, cols], e_steps


def fit_codes(
    student_codes: np.ndarray,
    skill_codes: np.ndarray,
    obs: np.ndarray,
    n_skills: int,
    *,
    forgets: bool = False,
    restarts: int = 5,
    seed: int = 0,
    max_iter: int = 100,
    tol: float = 1e-3,
    workers: int | None = None,
    min_students: int = MIN_STUDENTS_TO_FIT,
    min_opportunities: int = MIN_OPPORTUNITIES_TO_FIT,
) -> list[BKTParams]:
    """Fit BKT per skill code ``0..n_skills-1`` independently, by EM with random restarts.

    Rows must be in time order within each student. Restart 0 starts at the default params,
    the others at random values; per skill the restart with the best log-likelihood among
    non-degenerate ones (guess + slip < 1) is kept. ``tol`` is the absolute log-likelihood
    change at which a (restart, skill)'s EM stops, after at least three E-steps (as pyBKT's
    ``EM_fit``). ``workers`` threads (default :func:`default_workers`) share the E-step; the
    result is the same, bit for bit, whatever their number. A skill with fewer than
    ``min_students`` students or ``min_opportunities`` observations keeps
    :data:`DEFAULT_PARAMS` (use :func:`trellis.grr.bkt.fit_pooled` to fit every target).
    """
    return _fit_codes(
        student_codes,
        skill_codes,
        obs,
        n_skills,
        forgets=forgets,
        restarts=restarts,
        seed=seed,
        max_iter=max_iter,
        tol=tol,
        workers=workers,
        min_students=min_students,
        min_opportunities=min_opportunities,
    )[0]


def run_restarts_on(mask, student_codes, skill_codes, obs, **kwargs):
    """:func:`run_restarts` on the skills where ``mask`` (one bool per skill) is true, their
    observations only, renumbered 0..n-1. Returns (the skill codes fitted, in that order, and
    run_restarts' result). Every fit that keeps a subset of skills goes through here."""
    codes = np.flatnonzero(mask)
    keep = mask[skill_codes]
    remap = np.full(len(mask), -1, dtype=np.int64)
    remap[codes] = np.arange(len(codes))
    result = run_restarts(
        student_codes[keep], remap[skill_codes[keep]], obs[keep], len(codes), **kwargs
    )
    return codes, result


def _fit_codes(
    student_codes,
    skill_codes,
    obs,
    n_skills,
    *,
    forgets,
    restarts,
    seed,
    max_iter,
    tol,
    workers,
    min_students=MIN_STUDENTS_TO_FIT,
    min_opportunities=MIN_OPPORTUNITIES_TO_FIT,
) -> tuple[list[BKTParams], np.ndarray]:
    """:func:`fit_codes`, plus the number of E-steps each (restart, fitted skill) ran."""
    skill_codes = np.asarray(skill_codes, dtype=np.int64)
    student_codes = np.asarray(student_codes)
    obs = np.asarray(obs)
    n_students, n_obs = sizes(student_codes, skill_codes, n_skills)
    enough = (n_students >= max(min_students, 1)) & (n_obs >= max(min_opportunities, 1))
    fitted_codes = np.flatnonzero(enough)
    e_steps = np.zeros((max(restarts, 1), 0), dtype=np.int64)
    slot = {code: i for i, code in enumerate(fitted_codes.tolist())}
    if len(fitted_codes):
        _, (best, best_ll, _, e_steps) = run_restarts_on(
            enough,
            student_codes,
            skill_codes,
            obs,
            forgets=forgets,
            restarts=restarts,
            seed=seed,
            max_iter=max_iter,
            tol=tol,
            workers=workers,
        )
    results: list[BKTParams] = []
    for code in range(n_skills):
        ns, no = int(n_students[code]), int(n_obs[code])
        if code in slot:
            i = slot[code]
            results.append(
                BKTParams(
                    **{k: float(best[k][i]) for k in PARAM_NAMES},
                    reason=f"fitted by EM, best of {max(restarts, 1)} restart(s)",
                    log_likelihood=float(best_ll[i]),
                    n_students=ns,
                    n_opportunities=no,
                )
            )
        else:
            results.append(
                replace(
                    DEFAULT_PARAMS,
                    reason=(
                        f"default parameters: too little data ({ns} students, {no} "
                        f"opportunities; fitting needs at least {min_students} students "
                        f"and {min_opportunities} opportunities)"
                    ),
                    n_students=ns,
                    n_opportunities=no,
                )
            )
    return results, e_steps


def encode(values: Sequence[Hashable] | np.ndarray) -> tuple[list, np.ndarray]:
    """Labels in order of first appearance, and each value's 0-based code."""
    labels: dict[Hashable, int] = {}
    codes = np.fromiter(
        (labels.setdefault(v, len(labels)) for v in values), dtype=np.int64, count=len(values)
    )
    return list(labels), codes


def checked_observations(observations) -> np.ndarray:
    obs = np.asarray(observations, dtype=np.float64)
    if len(obs) and (np.isnan(obs).any() or obs.min() < 0 or obs.max() > 1):
        raise ValueError("observations must be numbers in [0, 1]")
    return obs


def fit(
    students: Sequence[Hashable],
    targets: Sequence[Hashable],
    observations: Sequence[float] | np.ndarray,
    *,
    forgets: bool = False,
    restarts: int = 5,
    seed: int = 0,
    max_iter: int = 100,
    tol: float = 1e-3,
    workers: int | None = None,
) -> dict[Hashable, BKTParams]:
    """Fit BKT params per target from parallel sequences of student, target and observation
    (rows in time order within each student). Observations are in [0, 1]."""
    obs = checked_observations(observations)
    _, s_codes = encode(students)
    t_labels, t_codes = encode(targets)
    fitted = fit_codes(
        s_codes,
        t_codes,
        obs,
        len(t_labels),
        forgets=forgets,
        restarts=restarts,
        seed=seed,
        max_iter=max_iter,
        tol=tol,
        workers=workers,
    )
    return dict(zip(t_labels, fitted, strict=True))


def predict(
    students: Sequence[Hashable],
    targets: Sequence[Hashable],
    observations: Sequence[float] | np.ndarray,
    params: Mapping[Hashable, BKTParams],
    *,
    default: BKTParams = DEFAULT_PARAMS,
) -> tuple[np.ndarray, np.ndarray]:
    """``(p_correct, p_mastery)`` per row; targets missing from ``params`` use ``default``."""
    _, s_codes = encode(students)
    t_labels, t_codes = encode(targets)
    chosen = [params.get(t, default) for t in t_labels]
    return forward_codes(s_codes, t_codes, np.asarray(observations, dtype=np.float64), chosen)
