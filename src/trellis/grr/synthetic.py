"""Synthetic students for tests and benchmarks: answers simulated from known BKT params.

Domain nouns: a *synthetic set* is rows of (student, skill, correct) in time order within each
student, drawn from a hidden mastery state that follows the BKT transitions.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from trellis.grr.bkt import BKTParams

__all__ = [
    "SyntheticSet",
    "population_params",
    "random_params",
    "simulate",
    "simulate_sequences",
]


@dataclass(frozen=True, slots=True)
class SyntheticSet:
    students: np.ndarray  # int64 student code per row
    skills: np.ndarray  # int64 skill code per row
    correct: np.ndarray  # int8 0/1 per row
    mastered: np.ndarray  # bool hidden state when the row was answered


def random_params(n_skills: int, *, forgets: bool = False, seed: int = 0) -> list[BKTParams]:
    """Plausible, identifiable params (guess and slip well under 0.5)."""
    rng = np.random.default_rng(seed)
    return [
        BKTParams(
            prior=float(rng.uniform(0.1, 0.6)),
            learn=float(rng.uniform(0.05, 0.3)),
            guess=float(rng.uniform(0.1, 0.3)),
            slip=float(rng.uniform(0.05, 0.2)),
            forget=float(rng.uniform(0.01, 0.08)) if forgets else 0.0,
        )
        for _ in range(n_skills)
    ]


def simulate(
    params: Sequence[BKTParams], n_students: int, n_opportunities: int, *, seed: int = 0
) -> SyntheticSet:
    """Every student practises every skill ``n_opportunities`` times. Rows are ordered by
    student, then time, with skills interleaved, as a real log would be."""
    rng = np.random.default_rng(seed)
    K, S, T = len(params), n_students, n_opportunities
    prior = np.array([p.prior for p in params])[None, :]
    learn = np.array([p.learn for p in params])[None, :]
    forget = np.array([p.forget for p in params])[None, :]
    guess = np.array([p.guess for p in params])[None, :]
    slip = np.array([p.slip for p in params])[None, :]
    state = rng.random((S, K)) < prior
    correct = np.empty((S, T, K), dtype=np.int8)
    mastered = np.empty((S, T, K), dtype=bool)
    for t in range(T):
        u = rng.random((S, K))
        correct[:, t, :] = np.where(state, u >= slip, u < guess)
        mastered[:, t, :] = state
        v = rng.random((S, K))
        state = np.where(state, v >= forget, v < learn)
    students = np.repeat(np.arange(S, dtype=np.int64), T * K)
    skills = np.tile(np.arange(K, dtype=np.int64), S * T)
    return SyntheticSet(students, skills, correct.reshape(-1), mastered.reshape(-1))


def simulate_sequences(
    params: Sequence[BKTParams],
    seq_skill: Sequence[int] | np.ndarray,
    seq_length: Sequence[int] | np.ndarray,
    *,
    seed: int = 0,
) -> SyntheticSet:
    """One sequence per entry: sequence i is a student of its own (code i) practising skill
    ``seq_skill[i]`` ``seq_length[i]`` times. Rows are ordered by student, then time. Lets a
    set mix a few very long sequences with many short ones, or many small targets."""
    rng = np.random.default_rng(seed)
    seq_skill = np.asarray(seq_skill, dtype=np.int64)
    seq_length = np.asarray(seq_length, dtype=np.int64)
    S = len(seq_skill)
    prior = np.array([p.prior for p in params])[seq_skill]
    learn = np.array([p.learn for p in params])[seq_skill]
    forget = np.array([p.forget for p in params])[seq_skill]
    guess = np.array([p.guess for p in params])[seq_skill]
    slip = np.array([p.slip for p in params])[seq_skill]
    T = int(seq_length.max()) if S else 0
    state = rng.random(S) < prior
    correct = np.zeros((S, T), dtype=np.int8)
    mastered = np.zeros((S, T), dtype=bool)
    for t in range(T):
        u = rng.random(S)
        correct[:, t] = np.where(state, u >= slip, u < guess)
        mastered[:, t] = state
        v = rng.random(S)
        state = np.where(state, v >= forget, v < learn)
    keep = np.arange(T)[None, :] < seq_length[:, None]
    students = np.repeat(np.arange(S, dtype=np.int64), seq_length)
    return SyntheticSet(students, seq_skill[students], correct[keep], mastered[keep])


def population_params(
    n_skills: int, *, forgets: bool = False, strength: float = 30.0, seed: int = 0
) -> list[BKTParams]:
    """Targets drawn from one population: each parameter from a Beta with a typical mean and
    ``strength`` pseudo-counts (larger: targets more alike). The means differ from the
    engine's defaults on purpose, so fixed defaults are not the right answer."""
    rng = np.random.default_rng(seed)
    means = {"prior": 0.45, "learn": 0.1, "guess": 0.25, "slip": 0.08, "forget": 0.03}

    def draw(name: str) -> float:
        m = means[name]
        return float(rng.beta(m * strength, (1 - m) * strength))

    return [
        BKTParams(
            prior=draw("prior"),
            learn=draw("learn"),
            guess=draw("guess"),
            slip=draw("slip"),
            forget=draw("forget") if forgets else 0.0,
        )
        for _ in range(n_skills)
    ]
