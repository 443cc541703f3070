"""Online mastery for a whole school: a matrix of P(mastered), students x targets.

Domain nouns: the *mastery table* holds one float per student per target and the BKT params
of each target; an *event* is (student index, target index, observation). One event updates
one cell in O(1); a batch of events is applied with vectorised numpy, in order, even when the
same student and target appear several times in the batch.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from trellis.grr.bkt import BKTParams, update_mastery

__all__ = ["MasteryTable"]


class MasteryTable:
    """P(mastered) for ``n_students`` x ``len(params)`` targets, starting at each prior."""

    def __init__(
        self, n_students: int, params: Sequence[BKTParams], dtype: type = np.float32
    ) -> None:
        self.params = list(params)
        self._prior = np.array([p.prior for p in params])
        self._learn = np.array([p.learn for p in params])
        self._forget = np.array([p.forget for p in params])
        self._guess = np.array([p.guess for p in params])
        self._slip = np.array([p.slip for p in params])
        self.mastery = np.empty((n_students, len(self.params)), dtype=dtype)
        self.mastery[:] = self._prior[None, :]

    def update(self, student: int, target: int, observation: float) -> float:
        """Apply one event in O(1) and return the new P(mastered)."""
        new = update_mastery(float(self.mastery[student, target]), self.params[target], observation)
        self.mastery[student, target] = new
        return new

    def update_batch(
        self, students: np.ndarray, targets: np.ndarray, observations: np.ndarray
    ) -> None:
        """Apply events in array order. Repeats of a (student, target) cell are applied in
        rounds (first occurrences, then second, ...) so the result equals one-by-one updates."""
        students = np.asarray(students, dtype=np.int64)
        targets = np.asarray(targets, dtype=np.int64)
        y = np.asarray(observations, dtype=np.float64)
        if not len(students):
            return
        cell = students * self.mastery.shape[1] + targets
        order = np.argsort(cell, kind="stable")
        sorted_cell = cell[order]
        starts = np.r_[True, sorted_cell[1:] != sorted_cell[:-1]]
        group_start = np.maximum.accumulate(np.where(starts, np.arange(len(cell)), 0))
        occurrence = np.empty(len(cell), dtype=np.int64)
        occurrence[order] = np.arange(len(cell)) - group_start
        for k in range(int(occurrence.max()) + 1):
            idx = np.flatnonzero(occurrence == k)
            s, t, obs = students[idx], targets[idx], y[idx]
            p = self.mastery[s, t].astype(np.float64)
            guess, slip = self._guess[t], self._slip[t]
            soft = (obs != 0.0) & (obs != 1.0)
            e1 = slip + obs * (1.0 - 2.0 * slip)
            e0 = (1.0 - guess) + obs * (2.0 * guess - 1.0)
            if soft.any():
                o, g, sl = obs[soft], guess[soft], slip[soft]
                e1[soft] = (1.0 - sl) ** o * sl ** (1.0 - o)
                e0[soft] = g**o * (1.0 - g) ** (1.0 - o)
            num = p * e1
            post = num / (num + (1.0 - p) * e0)
            self.mastery[s, t] = post * (1.0 - self._forget[t]) + (1.0 - post) * self._learn[t]

    @property
    def nbytes(self) -> int:
        return int(self.mastery.nbytes)
