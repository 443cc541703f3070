"""The compiled forward-backward pass of EM (numba), one *work unit* at a time.

Domain nouns: a *problem* is one (restart, target) pair with its own params; a *work unit* is
a run of one problem's sequences (about :data:`UNIT_CELLS` observations). Sequences are stored
*sequence-major*: ``obs[seq_start[s]:seq_start[s + 1]]`` is sequence s in time order, and the
sequences of each target are contiguous. Each unit writes its sufficient statistics to its own
row of the output, so the sums per problem (taken in unit order afterwards) are the same bit for
bit whatever the number of threads. The kernel releases the GIL (``nogil``), so plain Python
threads run units side by side.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

__all__ = ["N_STATS", "UNIT_CELLS", "e_step_units", "split_units"]

#: Observations per work unit: small enough to balance threads, large enough that a unit's
#: overhead (a call, a scratch buffer) does not count.
UNIT_CELLS = 8192
#: Columns of the statistics each unit writes: log-likelihood, P(mastered) at the first step,
#: expected unmastered->mastered and mastered->unmastered transitions, summed P(mastered),
#: summed P(mastered) * y, P(mastered) at the last step.
N_STATS = 7
_TINY = 1e-300
_LOG_EVERY = 16


@njit(cache=True, nogil=True)
def _one_unit(obs, seq_start, lo, hi, prior, learn, guess, slip, forget, forgets, out, scratch):
    keep = 1.0 - forget - learn
    ls = math.log(slip)
    dls = math.log1p(-slip) - ls
    lg = math.log1p(-guess)
    dlg = math.log(guess) - lg
    loglik = 0.0
    first_l = 0.0
    xi_ul = 0.0
    xi_lu = 0.0
    gam_l = 0.0
    gam_gy = 0.0
    last_l = 0.0
    for s in range(lo, hi):
        a, b = seq_start[s], seq_start[s + 1]
        n = b - a
        filt = scratch[:n]
        pred = scratch[n : 2 * n]
        p = prior
        prod = 1.0
        for t in range(n):
            y = obs[a + t]
            if y == 1.0:
                e1 = 1.0 - slip
                e0 = guess
            elif y == 0.0:
                e1 = slip
                e0 = 1.0 - guess
            else:
                e1 = math.exp(ls + y * dls)
                e0 = math.exp(lg + y * dlg)
            pred[t] = p
            num = p * e1
            c = num + (1.0 - p) * e0
            f = num / c
            filt[t] = f
            prod *= c
            if (t + 1) % _LOG_EVERY == 0:
                loglik += math.log(prod)
                prod = 1.0
            p = learn + f * keep
        loglik += math.log(prod)
        # Backward smoothing; the smoothed value overwrites the filtered one.
        g1 = filt[n - 1]
        last_l += g1
        gam_l += g1
        gam_gy += g1 * obs[a + n - 1]
        for t in range(n - 2, -1, -1):
            q = pred[t + 1]
            fa = filt[t]
            r_l = g1 / q
            if forgets:
                bq = 1.0 - q
                if bq < _TINY:
                    bq = _TINY
                lu = (1.0 - g1) / bq * fa * forget
                ll = r_l * (1.0 - forget) * fa
                xi_lu += lu
                xi_ul += g1 - ll
                g = ll + lu
            else:
                g = fa * r_l
                xi_ul += g1 - g
            filt[t] = g
            gam_l += g
            gam_gy += g * obs[a + t]
            g1 = g
        first_l += g1
    out[0] = loglik
    out[1] = first_l
    out[2] = xi_ul
    out[3] = xi_lu
    out[4] = gam_l
    out[5] = gam_gy
    out[6] = last_l


@njit(cache=True, nogil=True)
def e_step_units(
    obs, seq_start, unit_prob, unit_lo, unit_hi, prior, learn, guess, slip, forget, forgets, out
):
    """Statistics of units ``0..len(unit_prob)-1`` into ``out`` (n_units, N_STATS); params
    are indexed by problem."""
    longest = 0
    for u in range(len(unit_prob)):
        for s in range(unit_lo[u], unit_hi[u]):
            m = seq_start[s + 1] - seq_start[s]
            if m > longest:
                longest = m
    scratch = np.empty(2 * longest)
    for u in range(len(unit_prob)):
        p = unit_prob[u]
        _one_unit(
            obs,
            seq_start,
            unit_lo[u],
            unit_hi[u],
            prior[p],
            learn[p],
            guess[p],
            slip[p],
            forget[p],
            forgets,
            out[u],
            scratch,
        )


@njit(cache=True)
def split_units(seq_start, skill_start):
    """Split each target's sequences into work units of about :data:`UNIT_CELLS` observations
    (a unit never spans two targets). Returns ``(unit_skill, unit_lo, unit_hi)``: unit j covers
    sequences ``unit_lo[j]:unit_hi[j]`` of target ``unit_skill[j]``."""
    n_seq = len(seq_start) - 1
    unit_skill = np.empty(n_seq, dtype=np.int64)
    unit_lo = np.empty(n_seq, dtype=np.int64)
    unit_hi = np.empty(n_seq, dtype=np.int64)
    j = 0
    for k in range(len(skill_start) - 1):
        s = skill_start[k]
        end = skill_start[k + 1]
        while s < end:
            lo = s
            cells = 0
            while s < end and cells < UNIT_CELLS:
                cells += seq_start[s + 1] - seq_start[s]
                s += 1
            unit_skill[j] = k
            unit_lo[j] = lo
            unit_hi[j] = s
            j += 1
    return unit_skill[:j], unit_lo[:j], unit_hi[:j]
