"""Bayesian Knowledge Tracing (BKT): one hidden *mastery* state per student per *target*.

The package is split by sub-domain:

- :mod:`~trellis.grr.bkt.params`: the params of one target, the defaults, the O(1) update;
- :mod:`~trellis.grr.bkt.packing`: time-major packing and the batch forward pass (predict);
- :mod:`~trellis.grr.bkt.kernel`: the compiled (numba) forward-backward pass of EM;
- :mod:`~trellis.grr.bkt.em`: EM over many (restart, target) problems, ML or MAP;
- :mod:`~trellis.grr.bkt.fitting`: independent per-target fits and the label-level API;
- :mod:`~trellis.grr.bkt.pooled`: pooled (empirical-Bayes) fits where no target falls back
  to fixed numbers.
"""

from trellis.grr.bkt.em import default_workers
from trellis.grr.bkt.fitting import _fit_codes, fit, fit_codes, predict
from trellis.grr.bkt.packing import PackedSequences, forward_codes, pack
from trellis.grr.bkt.params import (
    DEFAULT_PARAMS,
    MIN_OPPORTUNITIES_TO_FIT,
    MIN_STUDENTS_TO_FIT,
    BKTParams,
    log_likelihood,
    predict_correct,
    update_mastery,
)
from trellis.grr.bkt.pooled import PooledFit, Population, fit_pooled, fit_pooled_codes

__all__ = [
    "DEFAULT_PARAMS",
    "MIN_OPPORTUNITIES_TO_FIT",
    "MIN_STUDENTS_TO_FIT",
    "BKTParams",
    "PackedSequences",
    "PooledFit",
    "Population",
    "_fit_codes",
    "default_workers",
    "fit",
    "fit_codes",
    "fit_pooled",
    "fit_pooled_codes",
    "forward_codes",
    "log_likelihood",
    "pack",
    "predict",
    "predict_correct",
    "update_mastery",
]
