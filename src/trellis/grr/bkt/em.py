"""EM (Baum-Welch) for BKT: many (restart, target) *problems* fitted side by side.

Domain nouns: a *sequence set* holds every student's observations on every target,
sequence-major and grouped by target; a *problem* is one (restart, target) pair with its own
params and stopping rule; *pseudo-counts* (``a``, ``b`` per parameter and problem) turn the
M-step into a MAP estimate under a Beta prior (pooled fitting); without them it is maximum
likelihood.

The E-step runs in the compiled kernel (:mod:`trellis.grr.bkt.kernel`) over work units of a
few thousand observations, spread over worker threads; problems that have converged get no
more units. The M-step is closed form, in numpy, per problem.
"""

from __future__ import annotations

import itertools
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np

from trellis.grr.bkt import kernel

__all__ = ["PARAM_NAMES", "SequenceSet", "default_workers", "run_em", "sequence_set"]

PARAM_NAMES = ("prior", "learn", "guess", "slip", "forget")
_EPS = 1e-6
# Iterations are counted like pyBKT's EM_fit: a problem may stop once it has run at least this
# many E-steps and its objective changed by less than ``tol`` since the previous one.
_MIN_E_STEPS = 3
_MAX_WORKERS = 8


def default_workers() -> int:
    """Worker threads used by the fit when none is given: the cores this process may run on,
    at most 8."""
    try:
        n = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        n = os.cpu_count() or 1
    return max(1, min(n, _MAX_WORKERS))


@dataclass(slots=True)
class SequenceSet:
    """``obs[seq_start[s]:seq_start[s + 1]]`` is sequence s in time order; the sequences of
    target k are ``skill_start[k]:skill_start[k + 1]``."""

    obs: np.ndarray  # float64 (N,)
    seq_start: np.ndarray  # int64 (S + 1,)
    skill_start: np.ndarray  # int64 (K + 1,)
    n_seq: np.ndarray  # float64 (K,) sequences (students) per target
    n_obs: np.ndarray  # float64 (K,) observations per target
    sum_y: np.ndarray  # float64 (K,) summed observations per target

    @property
    def n_skills(self) -> int:
        return len(self.skill_start) - 1


def sequence_set(
    student_codes: np.ndarray, skill_codes: np.ndarray, obs: np.ndarray, n_skills: int
) -> SequenceSet:
    """Group rows (in time order within each student) into sequences by (target, student)."""
    skill_codes = np.asarray(skill_codes, dtype=np.int64)
    student_codes = np.asarray(student_codes, dtype=np.int64)
    n = len(skill_codes)
    width = int(student_codes.max()) + 1 if n else 1
    key = skill_codes * width + student_codes
    order = np.argsort(key, kind="stable")
    key = key[order]
    starts = np.flatnonzero(np.concatenate(([True], key[1:] != key[:-1]))) if n else np.zeros(0)
    seq_start = np.append(starts, n).astype(np.int64)
    seq_skill = key[starts] // width if n else np.zeros(0, dtype=np.int64)
    skill_start = np.searchsorted(seq_skill, np.arange(n_skills + 1)).astype(np.int64)
    y = np.ascontiguousarray(np.asarray(obs, dtype=np.float64)[order])
    return SequenceSet(
        obs=y,
        seq_start=seq_start,
        skill_start=skill_start,
        n_seq=np.diff(skill_start).astype(np.float64),
        n_obs=np.bincount(skill_codes, minlength=n_skills).astype(np.float64),
        sum_y=np.bincount(skill_codes, weights=np.asarray(obs, np.float64), minlength=n_skills),
    )


def initial(R: int, K: int, forgets: bool, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Random starting params (prior 0.1-0.9, learn/guess/slip 0.05-0.4, forget 0.01-0.2)."""
    return {
        "prior": rng.uniform(0.1, 0.9, (R, K)),
        "learn": rng.uniform(0.05, 0.4, (R, K)),
        "guess": rng.uniform(0.05, 0.4, (R, K)),
        "slip": rng.uniform(0.05, 0.4, (R, K)),
        "forget": rng.uniform(0.01, 0.2, (R, K)) if forgets else np.zeros((R, K)),
    }


def log_prior(P: dict[str, np.ndarray], counts: dict | None, forgets: bool) -> np.ndarray:
    """Unnormalised log Beta density of the params under the pseudo-counts (0 without)."""
    if counts is None:
        return np.zeros_like(P["prior"])
    total = np.zeros_like(P["prior"])
    for name in PARAM_NAMES:
        if name == "forget" and not forgets:
            continue
        a, b = counts[name]
        total += a * np.log(P[name]) + b * np.log1p(-P[name])
    return total


def _m_step(stats, seqs: SequenceSet, skill_of, P, forgets, active, counts):
    n_seq, n_obs, sum_y = seqs.n_seq[skill_of], seqs.n_obs[skill_of], seqs.sum_y[skill_of]

    def ratio(name, num, den):
        if counts is not None:
            a, b = counts[name]
            num, den = num + a, den + a + b
        with np.errstate(invalid="ignore", divide="ignore"):
            out = np.where(den > 0, num / np.where(den > 0, den, 1.0), P[name])
        return np.clip(out, _EPS, 1.0 - _EPS)

    gam_l, gam_gy = stats["gam_l"], stats["gam_gy"]
    den_l = gam_l - stats["last_l"]  # P(mastered) summed over steps with a next step
    new = {
        "prior": ratio("prior", stats["first_l"], n_seq),
        "learn": ratio("learn", stats["xi_ul"], n_obs - n_seq - den_l),
        "forget": ratio("forget", stats["xi_lu"], den_l) if forgets else P["forget"],
        "slip": ratio("slip", gam_l - gam_gy, gam_l),
        "guess": ratio("guess", sum_y - gam_gy, n_obs - gam_l),
    }
    return {k: np.where(active, v, P[k]) for k, v in new.items()}


_STAT_NAMES = ("loglik", "first_l", "xi_ul", "xi_lu", "gam_l", "gam_gy", "last_l")


def run_em(
    seqs: SequenceSet,
    P0: dict[str, np.ndarray],
    *,
    forgets: bool,
    max_iter: int,
    tol: float,
    workers: int = 1,
    counts: dict[str, tuple[np.ndarray, np.ndarray]] | None = None,
):
    """EM for the R x K problems whose starting params are ``P0`` (each (R, K)).

    ``counts`` maps a param name to pseudo-counts ``(a, b)``, each (R, K) or broadcastable:
    the M-step becomes ``(expected + a) / (total + a + b)``, a MAP estimate. Returns the final
    params, the final log-likelihood and log-prior (each (R, K)) and the E-steps each problem
    ran.
    """
    R, K = P0["prior"].shape
    NP = R * K
    P = {
        k: np.array(np.broadcast_to(v, (R, K)), dtype=np.float64).reshape(NP) for k, v in P0.items()
    }
    if counts is not None:
        counts = {
            k: tuple(np.array(np.broadcast_to(x, (R, K)), dtype=np.float64).reshape(NP) for x in ab)
            for k, ab in counts.items()
        }
    skill_of = np.tile(np.arange(K), R)
    unit_skill, unit_lo, unit_hi = kernel.split_units(seqs.seq_start, seqs.skill_start)
    unit_cells = seqs.seq_start[unit_hi] - seqs.seq_start[unit_lo]
    u_start = np.searchsorted(unit_skill, np.arange(K + 1))
    u_count = np.diff(u_start)

    def units_of(ids: np.ndarray):
        k = skill_of[ids]
        n = u_count[k]
        first = np.repeat(u_start[k] - np.cumsum(n) + n, n)
        idx = first + np.arange(int(n.sum()))
        return np.repeat(ids, n).astype(np.int64), idx

    pool = ThreadPoolExecutor(workers) if workers > 1 else None

    def e_step(ids: np.ndarray) -> dict[str, np.ndarray]:
        prob, idx = units_of(ids)
        lo, hi = unit_lo[idx], unit_hi[idx]
        out = np.zeros((len(prob), kernel.N_STATS))
        args = (P["prior"], P["learn"], P["guess"], P["slip"], P["forget"], forgets)

        def run(a: int, b: int) -> None:
            kernel.e_step_units(
                seqs.obs, seqs.seq_start, prob[a:b], lo[a:b], hi[a:b], *args, out[a:b]
            )

        if pool is None or len(prob) < 2:
            run(0, len(prob))
        else:
            cum = np.cumsum(unit_cells[idx])
            cuts = np.searchsorted(cum, cum[-1] * np.arange(1, workers) / workers)
            bounds = [0, *sorted(set(cuts.tolist())), len(prob)]
            list(pool.map(lambda ab: run(*ab), itertools.pairwise(bounds)))
        return {
            name: np.bincount(prob, weights=out[:, j], minlength=NP)
            for j, name in enumerate(_STAT_NAMES)
        }

    active = seqs.n_seq[skill_of] > 0
    prev = np.full(NP, -np.inf)
    final_ll = np.zeros(NP)
    final_obj = np.zeros(NP)
    e_steps = np.zeros(NP, dtype=np.int64)
    try:
        for i in range(max_iter + 1):
            ids = np.flatnonzero(active)
            stats = e_step(ids)
            e_steps[ids] += 1
            ll = stats["loglik"]
            obj = ll + log_prior(P, counts, forgets)
            final_ll[ids], final_obj[ids] = ll[ids], obj[ids]
            if i + 1 >= _MIN_E_STEPS:
                active &= ~(np.abs(obj - prev) < tol)
            if not active.any() or i == max_iter:
                break
            prev = np.where(active, obj, prev)
            P = _m_step(stats, seqs, skill_of, P, forgets, active, counts)
    finally:
        if pool is not None:
            pool.shutdown()
    shape = (R, K)
    return (
        {k: v.reshape(shape) for k, v in P.items()},
        final_ll.reshape(shape),
        (final_obj - final_ll).reshape(shape),
        e_steps.reshape(shape),
    )


def warm_up() -> float:
    """Load (or, the first time on a machine, compile) the kernel; returns the seconds it
    took. The first fit in a process pays this once; benchmarks call it before timing."""
    import time

    started = time.perf_counter()
    seqs = sequence_set(np.zeros(3), np.zeros(3), np.array([0.0, 1.0, 1.0]), 1)
    P0 = {k: np.full((1, 1), 0.2) for k in PARAM_NAMES}
    run_em(seqs, P0, forgets=False, max_iter=1, tol=1e-3)
    return time.perf_counter() - started
