"""BKT parameters of one target and the O(1) online update.

Domain nouns: *params* (prior, learn, guess, slip, forget) describe one target; an
*observation* is one scored opportunity, a number in [0, 1] (1 right, 0 wrong, in between for
soft evidence such as a rubric score). Soft observations use the fractional (soft-label)
emission ``P(y | mastered) = (1 - slip)**y * slip**(1 - y)`` and
``P(y | not mastered) = guess**y * (1 - guess)**(1 - y)``; for 0/1 data this is classic BKT.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass

__all__ = [
    "DEFAULT_PARAMS",
    "MIN_OPPORTUNITIES_TO_FIT",
    "MIN_STUDENTS_TO_FIT",
    "BKTParams",
    "log_likelihood",
    "predict_correct",
    "update_mastery",
]

#: A target seen for fewer students than this is not fitted on its own data alone.
MIN_STUDENTS_TO_FIT = 50
#: A target with fewer observations in total than this is not fitted on its own data alone.
MIN_OPPORTUNITIES_TO_FIT = 15


@dataclass(frozen=True, slots=True)
class BKTParams:
    """BKT parameters of one target, plus how they were obtained.

    ``prior`` P(mastered before the first opportunity); ``learn`` P(not mastered -> mastered)
    between opportunities; ``forget`` P(mastered -> not mastered) (0 unless fitted with
    ``forgets=True``); ``guess`` P(right | not mastered); ``slip`` P(wrong | mastered).
    ``is_default`` is true when the target had too little data of its own (its numbers are
    the defaults or a population estimate) and ``reason`` says why.
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
    #: Where the numbers come from: "fitted" (this target's data alone), "pooled" (this
    #: target's data, shrunk towards its population), "population" (no data of its own: the
    #: population estimate) or "default" (the fixed :data:`DEFAULT_PARAMS`).
    source: str = "fitted"

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
    source="default",
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
