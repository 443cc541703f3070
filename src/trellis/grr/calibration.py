"""How well predicted probabilities match what happened: AUC, expected calibration error and a
reliability table.

Domain nouns: a *prediction* is P(right) given before an answer is seen; a *bin* groups
predictions of similar size (equal width, 0-0.1, 0.1-0.2, ...); the *reliability table* shows
per bin the mean prediction against the observed share right; the *expected calibration error*
(ECE) is the gap between the two averaged over bins, weighted by how many predictions each
holds.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["ReliabilityBin", "auc", "expected_calibration_error", "reliability_table"]


@dataclass(frozen=True, slots=True)
class ReliabilityBin:
    low: float
    high: float
    count: int
    predicted: float | None  # mean prediction in the bin (None when empty)
    observed: float | None  # share right in the bin (None when empty)

    @property
    def gap(self) -> float | None:
        if self.predicted is None or self.observed is None:
            return None
        return abs(self.predicted - self.observed)


def _arrays(outcomes, predictions) -> tuple[np.ndarray, np.ndarray]:
    y = np.asarray(outcomes, dtype=np.float64)
    p = np.asarray(predictions, dtype=np.float64)
    if y.shape != p.shape:
        raise ValueError(f"{len(y)} outcomes but {len(p)} predictions; they must pair up")
    if len(p) and (np.isnan(p).any() or p.min() < 0 or p.max() > 1):
        raise ValueError("predictions must be probabilities in [0, 1]")
    return y, p


def auc(outcomes, predictions) -> float:
    """Area under the ROC curve (Mann-Whitney, ties averaged); NaN with only one class."""
    y, score = _arrays(outcomes, predictions)
    pos = y >= 0.5
    n_pos, n_neg = int(pos.sum()), int((~pos).sum())
    if not n_pos or not n_neg:
        return float("nan")
    order = np.argsort(score, kind="mergesort")
    s = score[order]
    _, first, counts = np.unique(s, return_index=True, return_counts=True)
    ranks = np.empty(len(score))
    ranks[order] = np.repeat(first + (counts - 1) / 2.0 + 1, counts)
    return float((ranks[pos].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


def reliability_table(outcomes, predictions, bins: int = 10) -> list[ReliabilityBin]:
    """Per equal-width bin of prediction: count, mean prediction, observed share right."""
    y, p = _arrays(outcomes, predictions)
    which = np.minimum((p * bins).astype(np.int64), bins - 1)
    count = np.bincount(which, minlength=bins)
    sum_p = np.bincount(which, weights=p, minlength=bins)
    sum_y = np.bincount(which, weights=y, minlength=bins)
    table = []
    for b in range(bins):
        n = int(count[b])
        table.append(
            ReliabilityBin(
                low=b / bins,
                high=(b + 1) / bins,
                count=n,
                predicted=float(sum_p[b] / n) if n else None,
                observed=float(sum_y[b] / n) if n else None,
            )
        )
    return table


def expected_calibration_error(outcomes, predictions, bins: int = 10) -> float:
    """Weighted mean |mean prediction - share right| over equal-width bins (0 to 1)."""
    table = reliability_table(outcomes, predictions, bins)
    total = sum(b.count for b in table)
    if not total:
        return float("nan")
    return float(sum(b.count * b.gap for b in table if b.gap is not None) / total)
