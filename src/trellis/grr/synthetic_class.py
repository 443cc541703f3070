"""Synthetic students for the release-policy simulator (:mod:`trellis.grr.simulate`).

Domain nouns: a *synthetic student* has hidden BKT params of their own (prior, learn, guess,
slip, forget), a *confidence bias* (over-confident students rate high before they can do it,
under-confident ones rate low after they can), a *help propensity* and sometimes a *stall*: for
the first ``stall`` items they answer they cannot learn from practice (it stands for a
misconception practice alone does not clear). The student's random draws are made once, one set
per item *answered*, so every policy sees the same student; their *path* (hidden mastery before
each answered item, the answers, help requests) follows from the draws and from when, if ever,
a teacher's *re-teach* ends the stall (:meth:`SyntheticStudent.path`). A re-teach is also one
chance to learn, at the student's own learning rate (one draw of their own, made once): no more
than a practice item gives, while it takes :data:`trellis.grr.simulate.RETEACH_ITEMS` items of
the clock (charged by the simulator). With ``teaches=False`` it only ends a stall (the
pessimistic model docs/engine.md reports beside it)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from trellis.grr.bkt import BKTParams

__all__ = [
    "INDEPENDENT_ITEMS",
    "POPULATION",
    "Path",
    "SyntheticStudent",
    "make_class",
]

#: The population synthetic students are drawn from (each param from a Beta around these
#: means): check-in items that are rarely guessed, a few slips, steady learning.
POPULATION = BKTParams(prior=0.15, learn=0.15, guess=0.15, slip=0.08, forget=0.01)
_STRENGTH = 20.0
#: Items a released student answers alone afterwards (independent practice).
INDEPENDENT_ITEMS = 5
#: Share of students who stall, and for how many answered items (inclusive range).
STALL_SHARE = 0.1
STALL_ITEMS = (10, 20)


@dataclass(frozen=True, slots=True)
class Path:
    """``mastered[k]``: mastered before answered item k; ``right[k]``; ``asks_help[k]``: asks
    for help right after item k (only after two wrong answers in a row)."""

    mastered: np.ndarray
    right: np.ndarray
    asks_help: np.ndarray


@dataclass(frozen=True, slots=True)
class SyntheticStudent:
    """A student's hidden params and random draws (one per answered item), and ``natural``,
    their path when nobody re-teaches them."""

    params: BKTParams
    confidence_bias: float
    stall: int  # answered items during which they cannot learn (0: no stall)
    starts_mastered: bool
    u_answer: np.ndarray
    u_move: np.ndarray
    u_help: np.ndarray
    propensity: float
    rating_noise: np.ndarray
    natural: Path
    u_reteach: float = 1.0  # the draw a re-teach's chance to learn is read from

    @property
    def mastered(self) -> np.ndarray:
        return self.natural.mastered

    @property
    def right(self) -> np.ndarray:
        return self.natural.right

    @property
    def asks_help(self) -> np.ndarray:
        return self.natural.asks_help

    def path(self, retaught_after: int | None = None, *, teaches: bool = True) -> Path:
        """The path when a re-teach follows answered item ``retaught_after``: the stall, if
        not over yet, ends there (practice from the next item on can teach them) and, when
        ``teaches``, a student not yet mastered learns with their own learning rate before
        the next item; nothing else changes."""
        if retaught_after is None:
            return self.natural
        lesson = retaught_after + 1
        learns = teaches and self.u_reteach < self.params.learn
        if lesson >= self.stall and not learns:
            return self.natural
        return _path(self, min(lesson, self.stall), lesson if learns else None)

    def rating(self, k: int, bias: float | None = None, path: Path | None = None) -> int:
        """The confidence rating (1-4) given after answered item ``k``."""
        b = self.confidence_bias if bias is None else bias
        mastered = (path or self.natural).mastered[k]
        level = 2.0 + 1.5 * float(mastered) + b + float(self.rating_noise[k])
        return int(min(4, max(1, round(level))))


def _path(s: SyntheticStudent, stall: int, lesson_at: int | None = None) -> Path:
    return _walk(
        s.params, s.starts_mastered, s.u_answer, s.u_move, s.u_help, s.propensity, stall, lesson_at
    )


def _walk(
    p: BKTParams,
    starts_mastered: bool,
    u_answer: np.ndarray,
    u_move: np.ndarray,
    u_help: np.ndarray,
    propensity: float,
    stall: int,
    lesson_at: int | None = None,
) -> Path:
    """The path the draws give when practice can teach from answered item ``stall`` on, and
    (``lesson_at``) a re-teach masters a student not yet mastered just before that item."""
    total = len(u_answer)
    mastered = np.zeros(total, dtype=bool)
    right = np.zeros(total, dtype=bool)
    state = starts_mastered
    for k in range(total):
        if k == lesson_at:
            state = True
        mastered[k] = state
        right[k] = u_answer[k] >= p.slip if state else u_answer[k] < p.guess
        if state:
            state = u_move[k] >= p.forget
        elif k >= stall:
            state = u_move[k] < p.learn
    wrong_streak = np.zeros(total, dtype=bool)
    wrong_streak[1:] = ~right[1:] & ~right[:-1]
    return Path(mastered, right, wrong_streak & (u_help < propensity))


def make_class(rng: np.random.Generator, size: int, n_items: int) -> list[SyntheticStudent]:
    """``size`` students: a fifth over-confident, a fifth under-confident, one in ten stalls
    for 10-20 items, and each asks for help after wrong answers with their own propensity.
    Draws cover ``n_items + INDEPENDENT_ITEMS`` answered items."""
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
        low, high = STALL_ITEMS
        stall = int(rng.integers(low, high + 1)) if rng.random() < STALL_SHARE else 0
        propensity = float(rng.uniform(0.0, 0.4))
        starts = bool(rng.random() < p.prior)
        u_answer, u_move, u_help = rng.random(total), rng.random(total), rng.random(total)
        noise = rng.normal(0.0, 0.5, total)
        natural = _walk(p, starts, u_answer, u_move, u_help, propensity, stall)
        students.append(
            SyntheticStudent(
                p,
                bias,
                stall,
                starts,
                u_answer,
                u_move,
                u_help,
                propensity,
                noise,
                natural,
                float(rng.random()),
            )
        )
    return students
