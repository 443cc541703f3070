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
restarts at once, looping in Python only over time steps.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import asdict, dataclass, replace

import numpy as np

__all__ = [
    "DEFAULT_PARAMS",
    "MIN_OPPORTUNITIES_TO_FIT",
    "MIN_STUDENTS_TO_FIT",
    "BKTParams",
    "PackedSequences",
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


def _e_step(packed: PackedSequences, P: dict[str, np.ndarray], filt: np.ndarray):
    """One E-step for R parameter sets (arrays shaped (R, K)). Returns per-skill log-likelihood
    and expected counts, each (R, K)."""
    R = P["prior"].shape[0]
    K = packed.n_skills
    sk = packed.seq_skill
    prior, learn, forget = P["prior"][:, sk], P["learn"][:, sk], P["forget"][:, sk]
    guess, slip = P["guess"][:, sk], P["slip"][:, sk]
    n_seq = packed.n_sequences
    cur = prior.copy()
    loglik = np.zeros((R, n_seq))
    counts, offsets, obs = packed.counts, packed.offsets, packed.obs
    T = len(counts)
    for t in range(T):
        n, o = counts[t], offsets[t]
        y = obs[o : o + n].astype(np.float64)
        p = cur[:, :n]
        e1, e0 = _emissions(y, guess[:, :n], slip[:, :n], packed.binary)
        num = p * e1
        c = num + (1.0 - p) * e0
        f = num / c
        loglik[:, :n] += np.log(c)
        filt[:, o : o + n] = f
        n1 = counts[t + 1] if t + 1 < T else 0
        if n1:
            f1 = f[:, :n1]
            cur[:, :n1] = f1 * (1.0 - forget[:, :n1]) + (1.0 - f1) * learn[:, :n1]

    # Backward smoothing from filtered values (forward-filtering backward-smoothing); the
    # smoothed P(mastered) overwrites the filtered one in ``filt``.
    xi_ul = np.zeros((R, n_seq))
    den_u = np.zeros((R, n_seq))
    xi_lu = np.zeros((R, n_seq))
    den_l = np.zeros((R, n_seq))
    nxt = np.empty((R, n_seq))
    for t in range(T - 1, -1, -1):
        n, o = counts[t], offsets[t]
        n1 = counts[t + 1] if t + 1 < T else 0
        f = filt[:, o : o + n]
        g = f.copy()
        if n1:
            fa, ln, fg = f[:, :n1], learn[:, :n1], forget[:, :n1]
            q = fa * (1.0 - fg) + (1.0 - fa) * ln
            g1 = nxt[:, :n1]
            # A filtered P(mastered) can round to exactly 1 with forget = 0; then 1 - g1 is
            # 0 as well and the ratio must contribute nothing rather than 0/0.
            r_l = g1 / np.maximum(q, _TINY)
            r_u = (1.0 - g1) / np.maximum(1.0 - q, _TINY)
            ul = (1.0 - fa) * ln * r_l
            uu = (1.0 - fa) * (1.0 - ln) * r_u
            lu = fa * fg * r_u
            gl = fa * (1.0 - fg) * r_l + lu
            g[:, :n1] = gl
            xi_ul[:, :n1] += ul
            den_u[:, :n1] += ul + uu
            xi_lu[:, :n1] += lu
            den_l[:, :n1] += gl
        filt[:, o : o + n] = g
        nxt[:, :n] = g
    first = nxt  # smoothed P(mastered) at the first step, by rank

    def per_skill(v: np.ndarray, index: np.ndarray) -> np.ndarray:
        return np.stack([np.bincount(index, weights=v[r], minlength=K) for r in range(R)])

    cell_skill = packed.cell_skill()
    y_all = packed.obs.astype(np.float64)
    stats = {
        "loglik": per_skill(loglik, sk),
        "first_l": per_skill(first, sk),
        "n_seq": np.bincount(sk, minlength=K).astype(np.float64),
        "xi_ul": per_skill(xi_ul, sk),
        "den_u": per_skill(den_u, sk),
        "xi_lu": per_skill(xi_lu, sk),
        "den_l": per_skill(den_l, sk),
        "gam_l": per_skill(filt, cell_skill),
        "gam_l_wrong": per_skill(filt * (1.0 - y_all), cell_skill),
        "gam_u_right": per_skill((1.0 - filt) * y_all, cell_skill),
        "n_obs": np.bincount(cell_skill, minlength=K).astype(np.float64),
    }
    return stats


def _m_step(stats, P, forgets: bool, active: np.ndarray) -> dict[str, np.ndarray]:
    def ratio(num, den, old):
        with np.errstate(invalid="ignore", divide="ignore"):
            out = np.where(den > 0, num / np.where(den > 0, den, 1.0), old)
        return np.clip(out, _EPS, 1.0 - _EPS)

    n_obs = stats["n_obs"][None, :]
    new = {
        "prior": ratio(stats["first_l"], stats["n_seq"][None, :], P["prior"]),
        "learn": ratio(stats["xi_ul"], stats["den_u"], P["learn"]),
        "forget": ratio(stats["xi_lu"], stats["den_l"], P["forget"]) if forgets else P["forget"],
        "slip": ratio(stats["gam_l_wrong"], stats["gam_l"], P["slip"]),
        "guess": ratio(stats["gam_u_right"], n_obs - stats["gam_l"], P["guess"]),
    }
    return {k: np.where(active, v, P[k]) for k, v in new.items()}


def _initial(R: int, K: int, forgets: bool, rng: np.random.Generator) -> dict[str, np.ndarray]:
    P = {
        "prior": rng.uniform(0.1, 0.9, (R, K)),
        "learn": rng.uniform(0.05, 0.4, (R, K)),
        "guess": rng.uniform(0.05, 0.4, (R, K)),
        "slip": rng.uniform(0.05, 0.4, (R, K)),
        "forget": rng.uniform(0.01, 0.2, (R, K)) if forgets else np.zeros((R, K)),
    }
    return P


def _run_em(packed, P, forgets, max_iter, tol):
    R, K = P["prior"].shape
    filt = np.empty((R, len(packed.obs)))
    prev = np.full((R, K), -np.inf)
    active = np.ones((R, K), dtype=bool)
    loglik = prev
    for _ in range(max_iter):
        stats = _e_step(packed, P, filt)
        loglik = stats["loglik"]
        active &= ~(np.abs(loglik - prev) < tol)
        if not active.any():
            break
        prev = np.where(active, loglik, prev)
        P = _m_step(stats, P, forgets, active)
    else:
        loglik = _e_step(packed, P, filt)["loglik"]
    return P, loglik


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
) -> list[BKTParams]:
    """Fit BKT per skill code ``0..n_skills-1`` by EM with random restarts.

    Rows must be in time order within each student. Restart 0 starts at the default params,
    the others at random values; per skill the restart with the best log-likelihood among
    non-degenerate ones (guess + slip < 1, so "mastered" means "more often right") is kept.
    ``tol`` is the absolute log-likelihood change at which a skill's EM stops (as pyBKT).
    """
    skill_codes = np.asarray(skill_codes, dtype=np.int32)
    student_codes = np.asarray(student_codes)
    n_obs = np.bincount(skill_codes, minlength=n_skills)
    pairs = np.unique(student_codes.astype(np.int64) * max(n_skills, 1) + skill_codes)
    n_students = np.bincount((pairs % max(n_skills, 1)).astype(np.int64), minlength=n_skills)
    del pairs
    enough = (n_students >= MIN_STUDENTS_TO_FIT) & (n_obs >= MIN_OPPORTUNITIES_TO_FIT)
    results: list[BKTParams] = []
    fitted_codes = np.flatnonzero(enough)
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
        for start in range(0, max(restarts, 1), batch):
            P0 = {k: v[start : start + batch] for k, v in inits.items()}
            P, ll = _run_em(packed, P0, forgets, max_iter, tol)
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
    return results


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
