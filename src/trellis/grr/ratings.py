"""Confidence ratings read as evidence, through each student's own calibration.

Domain nouns: a *rating profile* is one way students rate themselves: how likely each rating
(1-4) is while a student has mastered the target and while they have not. A school has a few
profiles (for example students whose ratings follow their work, students who rate high before
they can do it, students who rate low after they can); their *weights* are how common each is.
A student's *profile posterior* is how well each profile explains that student's own earlier
ratings next to their answers: it starts at the school's weights (the population prior) and
moves with every (answer, rating) pair, so an over-confident student's top ratings soon carry
little weight while a calibrated student's top rating after a right answer adds real evidence.

The *belief* is P(mastered) from answers AND ratings, filtered jointly over (profile,
mastered). It never replaces mastery (answers only) or confidence (the ratings themselves),
which the teacher still sees apart; it is what release reads when profiles are given.

:func:`fit_profiles` learns the profiles from a history of students by EM on the joint hidden
Markov model, with the targets' BKT params held fixed (the pooled fit gives them).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from trellis.grr.bkt import BKTParams

__all__ = [
    "RATINGS",
    "RatingProfiles",
    "Step",
    "belief",
    "fit_profiles",
]

#: The rating scale (1 "I'm lost" ... 4 "I can do it alone").
RATINGS = 4
_PSEUDO = 1.0  # Dirichlet pseudo-count per table cell in the M-step


@dataclass(frozen=True, slots=True)
class Step:
    """One opportunity of a student on a target: a capability value ``y`` (1/0 or a soft score;
    None: a rating with no work before it) and the ratings given after it (1-4). ``moved``:
    a learning transition comes before this step (true for every step with work but the
    first)."""

    y: float | None
    ratings: tuple[int, ...] = ()
    moved: bool = True


@dataclass(frozen=True, slots=True)
class RatingProfiles:
    """``weights[k]`` how common profile k is; ``unmastered[k][r-1]`` / ``mastered[k][r-1]``
    P(rating r | profile k, not mastered / mastered). ``n_students`` stand behind them."""

    weights: tuple[float, ...]
    unmastered: tuple[tuple[float, ...], ...]
    mastered: tuple[tuple[float, ...], ...]
    n_students: int = 0
    log_likelihood: float | None = None

    def __post_init__(self) -> None:
        k = len(self.weights)
        if k < 1 or len(self.unmastered) != k or len(self.mastered) != k:
            raise ValueError("weights, unmastered and mastered need one entry per profile")
        for row in (*self.unmastered, *self.mastered):
            if len(row) != RATINGS or min(row) <= 0 or abs(sum(row) - 1) > 1e-6:
                raise ValueError(f"each profile row is {RATINGS} positive shares summing to 1")
        if min(self.weights) <= 0 or abs(sum(self.weights) - 1) > 1e-6:
            raise ValueError("weights are positive shares summing to 1")

    @property
    def tables(self) -> np.ndarray:
        """(K, 2, RATINGS): P(rating | profile, mastered in {0, 1})."""
        return np.stack([np.array(self.unmastered), np.array(self.mastered)], axis=1)

    def describe(self, k: int) -> str:
        """Plain words for profile k: how its ratings sit against the work."""
        levels = np.arange(1, RATINGS + 1)
        low = float(np.dot(self.unmastered[k], levels))
        high = float(np.dot(self.mastered[k], levels))
        if low >= 2.6:
            return "rates high before the work shows it"
        if high <= 2.6:
            return "rates low even when the work is right"
        return "ratings have matched the work"

    def to_dict(self) -> dict[str, object]:
        return {
            "weights": list(self.weights),
            "unmastered": [list(r) for r in self.unmastered],
            "mastered": [list(r) for r in self.mastered],
            "n_students": self.n_students,
        }

    @classmethod
    def from_dict(cls, data) -> RatingProfiles:
        return cls(
            tuple(data["weights"]),
            tuple(tuple(r) for r in data["unmastered"]),
            tuple(tuple(r) for r in data["mastered"]),
            int(data.get("n_students", 0)),
        )


def _answer_emission(y: float | None, p: BKTParams) -> np.ndarray:
    if y is None:
        return np.ones(2)
    s, g = p.slip, p.guess
    if y in (0.0, 1.0):
        return np.array([g if y else 1 - g, 1 - s if y else s])
    return np.array([g**y * (1 - g) ** (1 - y), (1 - s) ** y * s ** (1 - y)])


def belief(
    steps: Iterable[Step], params: BKTParams, profiles: RatingProfiles, weight: float = 1.0
) -> tuple[float, np.ndarray]:
    """P(mastered at the next opportunity) from answers and ratings, and the student's profile
    posterior, by one forward pass over (profile, mastered). Ratings are read on the state of
    the work they follow; learning (and forgetting) comes between opportunities. ``weight``
    below 1 tempers each rating's likelihood (raised to that power)."""
    tables = profiles.tables**weight
    alpha = np.array(profiles.weights)[:, None] * np.array([1 - params.prior, params.prior])
    trans = np.array([[1 - params.learn, params.learn], [params.forget, 1 - params.forget]])
    started = False
    for step in steps:
        if step.y is not None:
            if started and step.moved:
                alpha = alpha @ trans
            started = True
        e = _answer_emission(step.y, params)[None, :]
        for r in step.ratings:
            e = e * tables[:, :, r - 1]
        alpha = alpha * e
        alpha = alpha / alpha.sum()
    if started:
        alpha = alpha @ trans
    return float(alpha[:, 1].sum()), alpha.sum(axis=1)


def _initial(k: int) -> np.ndarray:
    """A neutral start for EM: profiles shifted from low to high, mastered rating higher."""
    levels = np.arange(1, RATINGS + 1)
    shifts = np.linspace(-1.0, 1.0, k) if k > 1 else np.zeros(1)
    out = np.empty((k, 2, RATINGS))
    for i, shift in enumerate(shifts):
        for m in (0, 1):
            centre = 2.0 + m + shift
            w = np.exp(-0.5 * (levels - centre) ** 2)
            out[i, m] = w / w.sum()
    return out


def fit_profiles(
    histories: Sequence[Sequence[Step]],
    params: BKTParams | Sequence[BKTParams],
    *,
    k: int = 3,
    iterations: int = 60,
    tol: float = 1e-4,
) -> RatingProfiles:
    """Learn ``k`` rating profiles from students' histories (one sequence of steps per
    student and target) by EM, the BKT ``params`` (one, or one per history) held fixed."""
    n = len(histories)
    if n == 0:
        raise ValueError("fitting rating profiles needs at least one history")
    plist = [params] * n if isinstance(params, BKTParams) else list(params)
    t_max = max(len(h) for h in histories)
    depth = max((len(s.ratings) for h in histories for s in h), default=0)
    Y = np.full((n, t_max), np.nan)
    R = np.full((n, t_max, max(depth, 1)), -1, dtype=np.int64)
    moved = np.zeros((n, t_max), dtype=bool)
    for i, h in enumerate(histories):
        started = False
        for t, s in enumerate(h):
            if s.y is not None:
                Y[i, t] = s.y
                moved[i, t] = started and s.moved
                started = True
            for j, r in enumerate(s.ratings):
                R[i, t, j] = r - 1
    g = np.array([p.guess for p in plist])[:, None]
    sl = np.array([p.slip for p in plist])[:, None]
    yy = np.nan_to_num(Y)
    e_ans = np.stack([g**yy * (1 - g) ** (1 - yy), (1 - sl) ** yy * sl ** (1 - yy)], axis=-1)
    e_ans[np.isnan(Y)] = 1.0  # (n, T, 2)
    learn = np.array([p.learn for p in plist])
    forget = np.array([p.forget for p in plist])
    trans = np.zeros((n, 2, 2))
    trans[:, 0] = np.stack([1 - learn, learn], axis=1)
    trans[:, 1] = np.stack([forget, 1 - forget], axis=1)
    prior = np.array([p.prior for p in plist])
    tables = _initial(k)
    weights = np.full(k, 1.0 / k)
    eye = np.broadcast_to(np.eye(2), (n, 2, 2))
    previous = -np.inf
    ll = previous
    for _ in range(iterations):
        e = e_ans[:, :, None, :].repeat(k, axis=2)  # (n, T, K, 2)
        for j in range(R.shape[2]):
            r = R[:, :, j]
            tab = tables[:, :, np.clip(r, 0, None)]  # (K, 2, n, T)
            tab = np.moveaxis(tab, (2, 3), (0, 1))
            e = e * np.where((r >= 0)[:, :, None, None], tab, 1.0)
        alpha = np.empty((n, t_max, k, 2))
        scale = np.empty((n, t_max))
        a = weights[None, :, None] * np.stack([1 - prior, prior], axis=1)[:, None, :]
        for t in range(t_max):
            if t:
                m = np.where(moved[:, t, None, None], trans, eye)
                a = np.einsum("nkm,nmj->nkj", alpha[:, t - 1], m)
            a = a * e[:, t]
            c = a.sum(axis=(1, 2))
            scale[:, t] = c
            alpha[:, t] = a / c[:, None, None]
        ll = float(np.log(scale).sum())
        beta = np.ones((n, k, 2))
        gamma = np.empty_like(alpha)
        gamma[:, -1] = alpha[:, -1]
        for t in range(t_max - 1, 0, -1):
            m = np.where(moved[:, t, None, None], trans, eye)
            b = np.einsum("nmj,nkj->nkm", m, e[:, t] * beta) / scale[:, t, None, None]
            beta = b
            gamma[:, t - 1] = alpha[:, t - 1] * beta
        gamma /= gamma.sum(axis=(2, 3), keepdims=True)
        counts = np.full((k, 2, RATINGS), _PSEUDO)
        for j in range(R.shape[2]):
            r = R[:, :, j]
            ok = r >= 0
            for level in range(RATINGS):
                counts[:, :, level] += gamma[ok & (r == level)].sum(axis=0)
        tables = counts / counts.sum(axis=2, keepdims=True)
        weights = gamma[:, 0].sum(axis=2).mean(axis=0) + 1e-6  # no profile drops to nought
        weights = weights / weights.sum()
        if ll - previous < tol * n:
            break
        previous = ll
    order = np.argsort(tables[:, 1] @ np.arange(RATINGS))  # low raters first
    return RatingProfiles(
        tuple(float(w) for w in weights[order]),
        tuple(tuple(float(x) for x in tables[i, 0]) for i in order),
        tuple(tuple(float(x) for x in tables[i, 1]) for i in order),
        n_students=n,
        log_likelihood=ll,
    )
