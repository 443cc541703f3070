"""Observations packed time-major, and the batch forward pass used for predictions.

Domain nouns: a *sequence* is one student's observations on one target in time order; packed
*time-major*, the sequences still running at time step t form a prefix (longest first), so
the forward filter runs over all students at once looping only over time steps.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from trellis.grr.bkt.params import BKTParams

__all__ = ["PackedSequences", "forward_codes", "pack"]


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
