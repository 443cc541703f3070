"""Bayesian Knowledge Tracing (BKT): one hidden *mastery* state per student per *target* (skill).

Domain nouns: *params* (prior, learn, guess, slip, forget) describe one target; an *observation*
is one scored opportunity, a number in [0, 1] (1 right, 0 wrong, in between for soft evidence
such as a rubric score); a *sequence* is one student's observations on one target in time
order.

Soft observations use the fractional (soft-label) emission
``P(y | mastered) = (1 - slip)**y * slip**(1 - y)`` and
``P(y | not mastered) = guess**y * (1 - guess)**(1 - y)``: a score of 0.8 counts as 0.8 of a
right answer and 0.2 of a wrong one, so EM's sufficient statistics become fractional counts.
For 0/1 data this is exactly classic BKT.

Fitting is EM (Baum-Welch). Sequences of every target are *packed* time-major — at time step
t only the sequences still running are stored, longest first, so they form a prefix — and the
forward filter / backward smoother runs over all students, all targets and a batch of random
restarts at once, looping in Python only over time steps. Each (restart, target) pair is a
*problem* with its own stopping rule; problems that have converged are dropped from the
working arrays, and the rest are split over worker threads (numpy releases the GIL inside each
operation) without changing any problem's arithmetic.
"""

from __future__ import annotations

import math
import os
from collections.abc import Hashable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, replace

import numpy as np

__all__ = [
    "DEFAULT_PARAMS",
    "MIN_OPPORTUNITIES_TO_FIT",
    "MIN_STUDENTS_TO_FIT",
    "BKTParams",
    "PackedSequences",
    "default_workers",
    "fit",
    "fit_codes",
    "forward_codes",
    "pack",
    "predict",
    "predict_correct",
    "update_mastery",
]

#: A target seen for fewer students than this keeps :data:`DEFAULT_PARAMS`.
MIN_STUDENTS_TO_FIT = 50
#: A target with fewer observations in total than this keeps :data:`DEFAULT_PARAMS`.
MIN_OPPORTUNITIES_TO_FIT = 15

_EPS = 1e-6
_TINY = 1e-300
# Restarts are run side by side while (restarts x observations) stays under this many
# float64 cells per stored array, so a 10-million-row fit stays within a few hundred MB.
_BATCH_CELLS = 1 << 23


@dataclass(frozen=True, slots=True)
class BKTParams:
    """BKT parameters of one target, plus how they were obtained.

    ``prior`` P(mastered before the first opportunity); ``learn`` P(not mastered -> mastered)
    between opportunities; ``forget`` P(mastered -> not mastered) (0 unless fitted with
    ``forgets=True``); ``guess`` P(right | not mastered); ``slip`` P(wrong | mastered).
    ``is_default`` is true when the target had too little data and ``reason`` says why.
    """

    prior: float
    learn: float
    guess: float
    slip: float
    forget: float = 0.0
    is_default: bool = False
    reason: str = ""
    log_likelihood: float | None = None
    n_students: int = 0
    n_opportunities: int = 0

    def to_dict(self) -> dict[str, object]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> BKTParams:
        known = {k: data[k] for k in cls.__dataclass_fields__ if k in data}
        return cls(**known)  # type: ignore[arg-type]


#: Used for a target with too little data and for targets never seen in training. Chosen as
#: typical classroom values from the BKT literature: most students start unmastered, a fair
#: chance of learning per practice opportunity, one guess in five, one slip in ten.
DEFAULT_PARAMS = BKTParams(
    prior=0.2,
    learn=0.15,
    guess=0.2,
    slip=0.1,
    forget=0.0,
    is_default=True,
    reason="default parameters: no fitted parameters for this target",
)


def predict_correct(p_mastery: float, params: BKTParams) -> float:
    """P(the next answer is right) for a student whose P(mastered) is ``p_mastery``."""
    return p_mastery * (1.0 - params.slip) + (1.0 - p_mastery) * params.guess


def update_mastery(p_mastery: float, params: BKTParams, observation: float) -> float:
    """P(mastered) at the next opportunity after one observation, in O(1).

    ``observation`` is 1 (right), 0 (wrong) or a soft score in [0, 1]. The result includes the
    learning (and forgetting) transition, so it is also the prior for the next observation;
    it matches one step of the batch forward pass exactly.
    """
    y = float(observation)
    if not 0.0 <= y <= 1.0:
        raise ValueError(f"observation must be in [0, 1], got {observation!r}")
    s, g = params.slip, params.guess
    if y in (0.0, 1.0):
        e1 = 1.0 - s if y else s
        e0 = g if y else 1.0 - g
    else:
        e1 = (1.0 - s) ** y * s ** (1.0 - y)
        e0 = g**y * (1.0 - g) ** (1.0 - y)
    num = p_mastery * e1
    post = num / (num + (1.0 - p_mastery) * e0)
    return post * (1.0 - params.forget) + (1.0 - post) * params.learn


@dataclass(slots=True)
class PackedSequences:
    """Observations packed time-major: ``obs[offsets[t]:offsets[t] + counts[t]]`` holds time
    step t of the ``counts[t]`` longest sequences, in the same (rank) order at every step."""

    obs: np.ndarray  # float32 (N,) for 0/1 data, float64 for soft scores
    rows: np.ndarray  # int64 (N,): input row of each packed cell
    counts: np.ndarray  # int64 (T,)
    offsets: np.ndarray  # int64 (T + 1,)
    seq_skill: np.ndarray  # int32 (n_seq,) skill code of each sequence, by rank
    n_skills: int
    binary: bool

    @property
    def n_sequences(self) -> int:
        return len(self.seq_skill)

    def cell_skill(self) -> np.ndarray:
        """Skill code of every packed cell (rank r at step t is sequence r)."""
        ranks = np.arange(len(self.obs), dtype=np.int64) - np.repeat(self.offsets[:-1], self.counts)
        return self.seq_skill[ranks]


def pack(
    student_codes: np.ndarray, skill_codes: np.ndarray, obs: np.ndarray, n_skills: int
) -> PackedSequences:
    """Pack rows (already in time order within each student) into :class:`PackedSequences`."""
    student_codes = np.asarray(student_codes)
    skill_codes = np.asarray(skill_codes, dtype=np.int64)
    n = len(student_codes)
    key = student_codes.astype(np.int64) * max(n_skills, 1) + skill_codes
    order = np.argsort(key, kind="stable")
    del student_codes
    sorted_key = key[order]
    del key
    starts_mask = np.empty(n, dtype=bool)
    if n:
        starts_mask[0] = True
        np.not_equal(sorted_key[1:], sorted_key[:-1], out=starts_mask[1:])
    del sorted_key
    seq_of_sorted = np.cumsum(starts_mask, dtype=np.int64) - 1
    starts = np.flatnonzero(starts_mask)
    del starts_mask
    lengths = np.diff(np.append(starts, n))
    position = np.arange(n, dtype=np.int64) - starts[seq_of_sorted]
    by_length = np.argsort(-lengths, kind="stable")
    rank = np.empty_like(by_length)
    rank[by_length] = np.arange(len(by_length))
    seq_skill = skill_codes[order[starts]].astype(np.int32)[by_length]
    # Time-major, longest first: the cell key is position * n_seq + rank.
    n_seq = len(lengths)
    cell_key = position * n_seq + rank[seq_of_sorted]
    del position, seq_of_sorted
    packed_order = np.argsort(cell_key, kind="stable")
    del cell_key
    rows = order[packed_order]
    del order, packed_order
    counts = np.bincount(lengths - 1, minlength=int(lengths.max()) if n else 0)[::-1].cumsum()[::-1]
    offsets = np.zeros(len(counts) + 1, dtype=np.int64)
    np.cumsum(counts, out=offsets[1:])
    packed_obs = np.asarray(obs)[rows]
    binary = bool(np.all((packed_obs == 0) | (packed_obs == 1)))
    # 0/1 is exact in float32 and halves the memory; soft scores keep full precision so the
    # batch pass agrees with the online update to the last digit.
    packed_obs = packed_obs.astype(np.float32 if binary else np.float64)
    return PackedSequences(
        obs=packed_obs,
        rows=rows,
        counts=counts.astype(np.int64),
        offsets=offsets,
        seq_skill=seq_skill,
        n_skills=n_skills,
        binary=binary,
    )


def _emissions(y: np.ndarray, guess: np.ndarray, slip: np.ndarray, binary: bool):
    if binary:
        # Linear form: equal to the soft-label form at y in {0, 1} and much cheaper.
        e1 = slip + y * (1.0 - 2.0 * slip)
        e0 = (1.0 - guess) + y * (2.0 * guess - 1.0)
    else:
        e1 = np.exp(y * np.log1p(-slip) + (1.0 - y) * np.log(slip))
        e0 = np.exp(y * np.log(guess) + (1.0 - y) * np.log1p(-guess))
    return e1, e0


def _initial(R: int, K: int, forgets: bool, rng: np.random.Generator) -> dict[str, np.ndarray]:
    P = {
        "prior": rng.uniform(0.1, 0.9, (R, K)),
        "learn": rng.uniform(0.05, 0.4, (R, K)),
        "guess": rng.uniform(0.05, 0.4, (R, K)),
        "slip": rng.uniform(0.05, 0.4, (R, K)),
        "forget": rng.uniform(0.01, 0.2, (R, K)) if forgets else np.zeros((R, K)),
    }
    return P


# Iterations are counted like pyBKT's EM_fit: a problem may stop once it has run at least this many
# E-steps and its log-likelihood changed by less than ``tol`` since the previous one.
_MIN_E_STEPS = 3
# The log-likelihood is accumulated as a running product of per-step likelihoods, folded into a
# log every this many steps (each factor is at least ~_EPS, so the product stays above 1e-96).
_LOG_EVERY = 16
# A working set is rebuilt once converged problems hold this share of its cells.
_COMPACT_SHARE = 0.125
# Below this many working cells per chunk, splitting over threads costs more than it saves.
_MIN_CHUNK_CELLS = 20_000
_MAX_WORKERS = 8


def default_workers() -> int:
    """Worker threads used by :func:`fit_codes` when none is given: the cores this process
    may run on, at most 8."""
    try:
        n = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        n = os.cpu_count() or 1
    return max(1, min(n, _MAX_WORKERS))


@dataclass(slots=True)
class _Layout:
    """The working sequences of a set of (restart, skill) *problems*, packed time-major like
    :class:`PackedSequences`. Working sequence w is packed sequence ``base[w]`` fitted under
    problem ``prob[w]`` (= restart * K + skill); they are ordered by (base rank, restart), so
    the ones still running at a step form a prefix, as in the packing."""

    prob: np.ndarray  # int64 (W,)
    counts: list[int]  # working sequences running at each step
    offsets: list[int]
    y: np.ndarray  # float64 (N_w,) observation of each working cell
    sgn: np.ndarray | None  # binary only: 2y - 1
    last: np.ndarray  # int64 (W,) index of each working sequence's last cell
    filt: np.ndarray  # float64 (N_w,) filtered, then smoothed, P(mastered)
    pred: np.ndarray  # float64 (N_w,) predicted P(mastered) before each observation

    @property
    def n_cells(self) -> int:
        return len(self.y)


def _layout(packed: PackedSequences, member: np.ndarray, base_len: np.ndarray) -> _Layout:
    """Working layout of the problems where ``member`` (R, K) is true."""
    K = member.shape[1]
    in_set = member[:, packed.seq_skill].T  # (n_seq, R)
    base, restart = np.nonzero(in_set)
    prob = restart.astype(np.int64) * K + packed.seq_skill[base]
    cum = np.zeros(len(in_set) + 1, dtype=np.int64)
    np.cumsum(in_set.sum(axis=1), out=cum[1:])
    counts = cum[packed.counts]
    counts = counts[counts > 0]
    offsets = np.zeros(len(counts) + 1, dtype=np.int64)
    np.cumsum(counts, out=offsets[1:])
    n_cells = int(offsets[-1])
    y = np.empty(n_cells)
    for t, n in enumerate(counts.tolist()):
        o, ob = int(offsets[t]), int(packed.offsets[t])
        y[o : o + n] = packed.obs[ob : ob + int(packed.counts[t])][base[:n]]
    sgn = 2.0 * y - 1.0 if packed.binary else None
    last = offsets[base_len[base] - 1] + np.arange(len(base), dtype=np.int64)
    return _Layout(
        prob=prob,
        counts=counts.tolist(),
        offsets=offsets.tolist(),
        y=y,
        sgn=sgn,
        last=last,
        filt=np.empty(n_cells),
        pred=np.empty(n_cells),
    )


def _e_step(lay: _Layout, P: dict[str, np.ndarray], forgets: bool, n_probs: int):
    """One E-step over a working layout, with params flat per problem (R * K,). Returns per
    problem sums (each (n_probs,), zero for problems not in the layout)."""
    pr = lay.prob
    W = len(pr)
    prior, learn, guess, slip = P["prior"][pr], P["learn"][pr], P["guess"][pr], P["slip"][pr]
    forget = P["forget"][pr]
    keep = 1.0 - forget - learn  # next = learn + filtered * keep
    counts, offsets = lay.counts, lay.offsets
    T = len(counts)
    filt, pred, Y = lay.filt, lay.pred, lay.y
    t1, t2, t3 = np.empty(W), np.empty(W), np.empty(W)
    loglik = np.zeros(W)
    prod = np.ones(W)
    pred[:W] = prior
    if lay.sgn is not None:
        sgn = lay.sgn
        gap = 1.0 - slip - guess  # P(right) = guess + p * gap
        guess_m1 = guess - 1.0  # P(y) = (guess - 1 + p * gap + y) * (2y - 1) for y in {0, 1}
        e1_slope = 1.0 - 2.0 * slip  # P(y | mastered) = slip + y * e1_slope for y in {0, 1}
    else:
        ls = np.log(slip)
        dls = np.log1p(-slip) - ls
        lg = np.log1p(-guess)
        dlg = np.log(guess) - lg
    for t in range(T):
        n, o = counts[t], offsets[t]
        p, y, f = pred[o : o + n], Y[o : o + n], filt[o : o + n]
        num, c = t1[:n], t2[:n]
        if lay.sgn is not None:
            np.multiply(p, gap[:n], out=c)
            c += guess_m1[:n]
            c += y
            c *= sgn[o : o + n]
            np.multiply(y, e1_slope[:n], out=num)
            num += slip[:n]
            num *= p
        else:
            e0 = t3[:n]
            np.multiply(y, dls[:n], out=num)
            num += ls[:n]
            np.exp(num, out=num)
            np.multiply(y, dlg[:n], out=e0)
            e0 += lg[:n]
            np.exp(e0, out=e0)
            num *= p
            np.subtract(1.0, p, out=c)
            c *= e0
            c += num
        np.divide(num, c, out=f)
        prod[:n] *= c
        if (t + 1) % _LOG_EVERY == 0:
            loglik += np.log(prod)
            prod.fill(1.0)
        if t + 1 < T:
            n1, o1 = counts[t + 1], offsets[t + 1]
            nxt = pred[o1 : o1 + n1]
            np.multiply(f[:n1], keep[:n1], out=nxt)
            nxt += learn[:n1]
    loglik += np.log(prod)

    # Backward smoothing from the filtered values; the smoothed P(mastered) overwrites the
    # filtered one in ``filt`` step by step (a step's filtered value is needed only there).
    acc_ul = np.zeros(W)
    acc_lu = np.zeros(W) if forgets else None
    acc_g = np.zeros(W)
    acc_gy = np.zeros(W)
    omf = 1.0 - forget
    for t in range(T - 1, -1, -1):
        n, o = counts[t], offsets[t]
        g = filt[o : o + n]  # filtered now; smoothed after this step
        if t + 1 < T:
            n1, o1 = counts[t + 1], offsets[t + 1]
            q = pred[o1 : o1 + n1]
            g1 = filt[o1 : o1 + n1]  # smoothed at t + 1
            fa = g[:n1]
            r_l, a, b = t1[:n1], t2[:n1], t3[:n1]
            np.divide(g1, q, out=r_l)
            if forgets:
                # mastered -> unmastered: fa * forget * (1 - g1) / (1 - q)
                np.subtract(1.0, q, out=b)
                np.maximum(b, _TINY, out=b)
                np.subtract(1.0, g1, out=a)
                a /= b
                a *= fa
                a *= forget[:n1]
                acc_lu[:n1] += a
                r_l *= omf[:n1]
                r_l *= fa  # mastered -> mastered
                np.subtract(g1, r_l, out=b)  # unmastered -> mastered
                acc_ul[:n1] += b
                np.add(r_l, a, out=fa)
            else:
                fa *= r_l  # mastered -> mastered is all of P(mastered at t)
                np.subtract(g1, fa, out=b)
                acc_ul[:n1] += b
        acc_g[:n] += g
        gy = t1[:n]
        np.multiply(g, Y[o : o + n], out=gy)
        acc_gy[:n] += gy

    def per_problem(v: np.ndarray) -> np.ndarray:
        return np.bincount(pr, weights=v, minlength=n_probs)

    return {
        "loglik": per_problem(loglik),
        "first_l": per_problem(filt[:W]),
        "xi_ul": per_problem(acc_ul),
        "xi_lu": per_problem(acc_lu) if forgets else np.zeros(n_probs),
        "gam_l": per_problem(acc_g),
        "gam_gy": per_problem(acc_gy),
        "last_l": per_problem(filt[lay.last]),
    }


def _m_step(stats, consts, P, forgets: bool, active: np.ndarray) -> dict[str, np.ndarray]:
    def ratio(num, den, old):
        with np.errstate(invalid="ignore", divide="ignore"):
            out = np.where(den > 0, num / np.where(den > 0, den, 1.0), old)
        return np.clip(out, _EPS, 1.0 - _EPS)

    gam_l, gam_gy = stats["gam_l"], stats["gam_gy"]
    den_l = gam_l - stats["last_l"]  # P(mastered) summed over steps with a next step
    new = {
        "prior": ratio(stats["first_l"], consts["n_seq"], P["prior"]),
        "learn": ratio(stats["xi_ul"], consts["n_obs"] - consts["n_seq"] - den_l, P["learn"]),
        "forget": ratio(stats["xi_lu"], den_l, P["forget"]) if forgets else P["forget"],
        "slip": ratio(gam_l - gam_gy, gam_l, P["slip"]),
        "guess": ratio(consts["sum_y"] - gam_gy, consts["n_obs"] - gam_l, P["guess"]),
    }
    return {k: np.where(active, v, P[k]) for k, v in new.items()}


def _chunks(cells: np.ndarray, present: np.ndarray, n: int) -> list[np.ndarray]:
    """Split the present problems into at most ``n`` groups of similar cell counts (greedy,
    largest first). Which group a problem lands in never changes its arithmetic."""
    ids = np.flatnonzero(present)
    n = max(1, min(n, len(ids), int(cells[ids].sum()) // _MIN_CHUNK_CELLS))
    if n == 1:
        return [ids]
    load = [0] * n
    groups: list[list[int]] = [[] for _ in range(n)]
    for i in sorted(ids.tolist(), key=lambda i: (-int(cells[i]), i)):
        j = min(range(n), key=load.__getitem__)
        groups[j].append(i)
        load[j] += int(cells[i])
    return [np.array(sorted(g), dtype=np.int64) for g in groups if g]


def _run_em(packed, P, forgets, max_iter, tol, executor=None, workers=1):
    """EM for R x K problems at once. Returns final params and log-likelihood, each (R, K),
    and the number of E-steps each problem ran."""
    R, K = P["prior"].shape
    NP = R * K
    P = {k: np.ascontiguousarray(v, dtype=np.float64).reshape(NP).copy() for k, v in P.items()}
    skill_of = np.tile(np.arange(K), R)
    sk = packed.seq_skill
    cell_skill = packed.cell_skill()
    consts = {
        "n_seq": np.bincount(sk, minlength=K).astype(np.float64)[skill_of],
        "n_obs": np.bincount(cell_skill, minlength=K).astype(np.float64)[skill_of],
        "sum_y": np.bincount(cell_skill, weights=packed.obs.astype(np.float64), minlength=K)[
            skill_of
        ],
    }
    del cell_skill
    cells = consts["n_obs"]
    rev = packed.counts[::-1]
    base_len = len(rev) - np.searchsorted(rev, np.arange(packed.n_sequences), side="right")

    def build(present: np.ndarray) -> list[_Layout]:
        return [
            _layout(packed, np.isin(np.arange(NP), ids).reshape(R, K), base_len)
            for ids in _chunks(cells, present, workers)
        ]

    def e_step(layouts: list[_Layout]):
        if executor is None or len(layouts) == 1:
            parts = [_e_step(lay, P, forgets, NP) for lay in layouts]
        else:
            parts = list(executor.map(lambda lay: _e_step(lay, P, forgets, NP), layouts))
        out = parts[0]
        for part in parts[1:]:
            out = {k: out[k] + part[k] for k in out}
        return out

    active = np.ones(NP, dtype=bool)
    present = active.copy()
    prev = np.full(NP, -np.inf)
    final_ll = np.full(NP, -np.inf)
    e_steps = np.zeros(NP, dtype=np.int64)
    layouts = build(present)
    for i in range(max_iter):
        stats = e_step(layouts)
        e_steps[active] += 1
        ll = stats["loglik"]
        done = active & (np.abs(ll - prev) < tol) if i + 1 >= _MIN_E_STEPS else active & False
        final_ll[done] = ll[done]
        active &= ~done
        if not active.any():
            break
        prev = np.where(active, ll, prev)
        P = _m_step(stats, consts, P, forgets, active)
        dead = float(cells[present & ~active].sum())
        if dead >= _COMPACT_SHARE * float(cells[present].sum()):
            present = active.copy()
            layouts = build(present)
    else:
        stats = e_step(layouts)
        e_steps[active] += 1
        final_ll[active] = stats["loglik"][active]
    return (
        {k: v.reshape(R, K) for k, v in P.items()},
        final_ll.reshape(R, K),
        e_steps.reshape(R, K),
    )


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
) -> list[BKTParams]:
    """Fit BKT per skill code ``0..n_skills-1`` by EM with random restarts.

    Rows must be in time order within each student. Restart 0 starts at the default params,
    the others at random values; per skill the restart with the best log-likelihood among
    non-degenerate ones (guess + slip < 1, so "mastered" means "more often right") is kept.
    ``tol`` is the absolute log-likelihood change at which a (restart, skill)'s EM stops, after
    at least three E-steps (as pyBKT's ``EM_fit``). ``workers`` threads (default
    :func:`default_workers`) share the E-step by (restart, skill); the result is the same, bit
    for bit, whatever their number.
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
    )[0]


def _fit_codes(
    student_codes, skill_codes, obs, n_skills, *, forgets, restarts, seed, max_iter, tol, workers
) -> tuple[list[BKTParams], np.ndarray]:
    """:func:`fit_codes`, plus the number of E-steps each (restart, fitted skill) ran."""
    workers = default_workers() if workers is None else max(1, int(workers))
    skill_codes = np.asarray(skill_codes, dtype=np.int32)
    student_codes = np.asarray(student_codes)
    n_obs = np.bincount(skill_codes, minlength=n_skills)
    pairs = np.unique(student_codes.astype(np.int64) * max(n_skills, 1) + skill_codes)
    n_students = np.bincount((pairs % max(n_skills, 1)).astype(np.int64), minlength=n_skills)
    del pairs
    enough = (n_students >= MIN_STUDENTS_TO_FIT) & (n_obs >= MIN_OPPORTUNITIES_TO_FIT)
    results: list[BKTParams] = []
    fitted_codes = np.flatnonzero(enough)
    e_steps = np.zeros((max(restarts, 1), 0), dtype=np.int64)
    best: dict[str, np.ndarray] = {}
    best_ll = np.full(len(fitted_codes), -np.inf)
    if len(fitted_codes):
        remap = np.full(n_skills, -1, dtype=np.int32)
        remap[fitted_codes] = np.arange(len(fitted_codes), dtype=np.int32)
        keep = enough[skill_codes]
        packed = pack(student_codes[keep], remap[skill_codes[keep]], obs[keep], len(fitted_codes))
        del keep
        K = len(fitted_codes)
        rng = np.random.default_rng(seed)
        inits = _initial(max(restarts, 1), K, forgets, rng)
        for name, value in _as_params_arrays(DEFAULT_PARAMS, K, forgets).items():
            inits[name][0] = value
        batch = max(1, min(max(restarts, 1), _BATCH_CELLS // max(len(packed.obs), 1)))
        best = {k: np.zeros(K) for k in inits}
        e_steps = np.zeros((max(restarts, 1), K), dtype=np.int64)
        pool = ThreadPoolExecutor(workers) if workers > 1 else None
        try:
            runs = []
            for start in range(0, max(restarts, 1), batch):
                P0 = {k: v[start : start + batch] for k, v in inits.items()}
                runs.append(_run_em(packed, P0, forgets, max_iter, tol, pool, workers))
        finally:
            if pool is not None:
                pool.shutdown()
        for start, (P, ll, steps) in zip(range(0, max(restarts, 1), batch), runs, strict=True):
            e_steps[start : start + batch] = steps
            degenerate = P["guess"] + P["slip"] >= 1.0
            score = np.where(degenerate, ll - 1e12, ll)
            for r in range(score.shape[0]):
                better = score[r] > best_ll
                best_ll = np.where(better, score[r], best_ll)
                for k in best:
                    best[k] = np.where(better, P[k][r], best[k])
        best_ll = np.where(best_ll < -1e11, best_ll + 1e12, best_ll)
    slot = {code: i for i, code in enumerate(fitted_codes.tolist())}
    for code in range(n_skills):
        ns, no = int(n_students[code]), int(n_obs[code])
        if code in slot:
            i = slot[code]
            results.append(
                BKTParams(
                    prior=float(best["prior"][i]),
                    learn=float(best["learn"][i]),
                    guess=float(best["guess"][i]),
                    slip=float(best["slip"][i]),
                    forget=float(best["forget"][i]),
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
                        f"opportunities; fitting needs at least {MIN_STUDENTS_TO_FIT} students "
                        f"and {MIN_OPPORTUNITIES_TO_FIT} opportunities)"
                    ),
                    n_students=ns,
                    n_opportunities=no,
                )
            )
    return results, e_steps


def _as_params_arrays(params: BKTParams, K: int, forgets: bool) -> dict[str, np.ndarray]:
    return {
        "prior": np.full(K, params.prior),
        "learn": np.full(K, params.learn),
        "guess": np.full(K, params.guess),
        "slip": np.full(K, params.slip),
        "forget": np.full(K, params.forget if not forgets else max(params.forget, 0.05)),
    }


def forward_codes(
    student_codes: np.ndarray,
    skill_codes: np.ndarray,
    obs: np.ndarray,
    params: Sequence[BKTParams],
) -> tuple[np.ndarray, np.ndarray]:
    """Batch forward pass. Returns, per input row, ``p_correct`` (predicted before the row is
    seen) and ``p_mastery`` (after the row, as :func:`update_mastery` returns it)."""
    K = len(params)
    packed = pack(student_codes, skill_codes, obs, K)
    sk = packed.seq_skill
    prior = np.array([p.prior for p in params])[sk]
    learn = np.array([p.learn for p in params])[sk]
    forget = np.array([p.forget for p in params])[sk]
    guess = np.array([p.guess for p in params])[sk]
    slip = np.array([p.slip for p in params])[sk]
    p_correct = np.empty(len(packed.obs))
    p_mastery = np.empty(len(packed.obs))
    cur = prior.copy()
    for t in range(len(packed.counts)):
        n, o = packed.counts[t], packed.offsets[t]
        y = packed.obs[o : o + n].astype(np.float64)
        p = cur[:n]
        p_correct[o : o + n] = p * (1.0 - slip[:n]) + (1.0 - p) * guess[:n]
        e1, e0 = _emissions(y, guess[:n], slip[:n], packed.binary)
        num = p * e1
        f = num / (num + (1.0 - p) * e0)
        nxt = f * (1.0 - forget[:n]) + (1.0 - f) * learn[:n]
        p_mastery[o : o + n] = nxt
        cur[:n] = nxt
    out_c = np.empty_like(p_correct)
    out_m = np.empty_like(p_mastery)
    out_c[packed.rows] = p_correct
    out_m[packed.rows] = p_mastery
    return out_c, out_m


def _encode(values: Sequence[Hashable] | np.ndarray) -> tuple[list, np.ndarray]:
    labels: dict[Hashable, int] = {}
    codes = np.fromiter(
        (labels.setdefault(v, len(labels)) for v in values), dtype=np.int64, count=len(values)
    )
    return list(labels), codes


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
    obs = np.asarray(observations, dtype=np.float64)
    if len(obs) and (np.isnan(obs).any() or obs.min() < 0 or obs.max() > 1):
        raise ValueError("observations must be numbers in [0, 1]")
    _, s_codes = _encode(students)
    t_labels, t_codes = _encode(targets)
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
    _, s_codes = _encode(students)
    t_labels, t_codes = _encode(targets)
    chosen = [params.get(t, default) for t in t_labels]
    return forward_codes(s_codes, t_codes, np.asarray(observations, dtype=np.float64), chosen)


def log_likelihood(
    observations: Sequence[float], params: BKTParams, p_start: float | None = None
) -> float:
    """Log-likelihood of one sequence, by the O(1) update (used to cross-check the batch)."""
    p = params.prior if p_start is None else p_start
    total = 0.0
    for y in observations:
        pc = predict_correct(p, params)
        total += math.log(pc**y * (1.0 - pc) ** (1.0 - y)) if y in (0, 1) else math.nan
        p = update_mastery(p, params, y)
    return total
