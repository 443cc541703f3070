"""Honest uncertainty for before/after figures: pure functions, no database.

A figure is a share of students (``k`` of ``n``). Its 95% interval is Wilson's score interval;
the interval of a change between two independent shares is Newcombe's hybrid score interval
(built from the two Wilson intervals). Either is only given when both figures rest on at least
``THRESHOLD`` students; below that the answer is "too few students to tell".
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from trellis.common.small_numbers import THRESHOLD

Z = 1.959964  # 95%
TOO_FEW = "too few students to tell"


def wilson(k: int, n: int, z: float = Z) -> tuple[float, float]:
    """The Wilson score interval of the share k/n."""
    if n <= 0:
        return (0.0, 1.0)
    p = k / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return (max(0.0, centre - half), min(1.0, centre + half))


class _Interval:
    """What a change with a 95% interval says: `difference`, `low`, `high` (None: too few)."""

    @property
    def too_few(self) -> bool:
        return self.difference is None

    @property
    def verdict(self) -> str:
        """What the numbers alone say (the team's conclusion is theirs to write)."""
        if self.too_few:
            return TOO_FEW
        if self.low > 0:
            return "a clear rise"
        if self.high < 0:
            return "a clear fall"
        return "no clear change (the interval includes zero)"


@dataclass(frozen=True)
class Change(_Interval):
    before: tuple[int, int]  # (k, n)
    after: tuple[int, int]
    difference: float | None  # after − before, as a share; None when too few students
    low: float | None
    high: float | None

    def describe(self) -> str:
        if self.too_few:
            return TOO_FEW
        return (
            f"{self.difference * 100:+.0f} points "
            f"(95% interval {self.low * 100:+.0f} to {self.high * 100:+.0f})"
        )


def change(before: tuple[int, int], after: tuple[int, int]) -> Change:
    """The change from `before` to `after` (each `(k, n)`) with Newcombe's 95% interval."""
    (k1, n1), (k2, n2) = before, after
    if n1 < THRESHOLD or n2 < THRESHOLD:
        return Change(before, after, None, None, None)
    p1, p2 = k1 / n1, k2 / n2
    l1, u1 = wilson(k1, n1)
    l2, u2 = wilson(k2, n2)
    d = p2 - p1
    low = d - math.sqrt((p2 - l2) ** 2 + (u1 - p1) ** 2)
    high = d + math.sqrt((u2 - p2) ** 2 + (p1 - l1) ** 2)
    return Change(before, after, d, max(-1.0, low), min(1.0, high))


@dataclass(frozen=True)
class MeanChange(_Interval):
    """The change in a mean count per student (e.g. revisions per student), with a 95%
    interval from the normal approximation (unequal variances); None when too few students."""

    difference: float | None
    low: float | None
    high: float | None
    unit: str = "per student"

    def describe(self) -> str:
        if self.too_few:
            return TOO_FEW
        return (
            f"{self.difference:+.1f} {self.unit} (95% interval {self.low:+.1f} to {self.high:+.1f})"
        )


def mean_interval(total: float, sumsq: float, n: int, z: float = Z) -> tuple[float, float]:
    """The 95% interval of a mean from its sum, sum of squares and n (normal approximation)."""
    mean = total / n
    var = max(0.0, (sumsq - n * mean * mean) / (n - 1)) if n > 1 else 0.0
    half = z * math.sqrt(var / n)
    return (max(0.0, mean - half), mean + half)


def mean_change(
    before: tuple[float, float, int], after: tuple[float, float, int], unit: str = "per student"
) -> MeanChange:
    """`before` and `after` are (sum, sum of squares, n) of a count per student."""
    (s1, q1, n1), (s2, q2, n2) = before, after
    if n1 < THRESHOLD or n2 < THRESHOLD:
        return MeanChange(None, None, None, unit)
    m1, m2 = s1 / n1, s2 / n2
    v1 = max(0.0, (q1 - n1 * m1 * m1) / (n1 - 1))
    v2 = max(0.0, (q2 - n2 * m2 * m2) / (n2 - 1))
    d = m2 - m1
    half = Z * math.sqrt(v1 / n1 + v2 / n2)
    return MeanChange(d, d - half, d + half, unit)
