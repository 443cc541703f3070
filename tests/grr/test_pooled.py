"""Pooled (empirical-Bayes) fitting: no target falls back to fixed numbers, small targets
shrink towards their population more than large ones, families, and the held-out check that
pooling beats both fixed defaults and independent fits on many small targets."""

import numpy as np
import pytest

from trellis.grr import bkt, synthetic
from trellis.grr.bkt import DEFAULT_PARAMS, BKTParams
from trellis.grr.calibration import auc


@pytest.fixture(scope="module")
def many_small_targets():
    """150 targets with 3-24 students and 15 with 300, all drawn from one population."""
    rng = np.random.default_rng(0)
    n_small, n_big = 150, 15
    true = synthetic.population_params(n_small + n_big, seed=1)
    sizes = np.concatenate([rng.integers(3, 25, n_small), np.full(n_big, 300)])
    seq_skill = np.repeat(np.arange(n_small + n_big), sizes)
    lengths = rng.integers(5, 15, len(seq_skill))
    data = synthetic.simulate_sequences(true, seq_skill, lengths, seed=2)
    held_out = (rng.random(len(seq_skill)) < 0.3)[data.students]
    return n_small, n_big, true, data, held_out


def test_pooling_beats_fixed_defaults_and_independent_fits_on_held_out_students(
    many_small_targets,
):
    n_small, n_big, _, data, test = many_small_targets
    K = n_small + n_big
    train = ~test
    args = (data.students[train], data.skills[train], data.correct[train], K)
    pooled, _ = bkt.fit_pooled_codes(*args, seed=0)
    independent = bkt.fit_codes(*args, seed=0, min_students=1, min_opportunities=1)
    defaults = bkt.fit_codes(*args, seed=0)
    small = test & (data.skills < n_small)
    y = data.correct[small]

    def held_out_auc(params):
        p, _ = bkt.forward_codes(data.students[small], data.skills[small], y, params)
        return auc(y, p)

    scores = {name: held_out_auc(p) for name, p in [("pooled", pooled), ("indep", independent)]}
    scores["defaults"] = held_out_auc(defaults)
    assert scores["pooled"] > scores["defaults"] + 0.005, scores
    assert scores["pooled"] > scores["indep"] + 0.005, scores
    assert all(not p.is_default and p.source == "pooled" for p in pooled)


def test_small_targets_move_towards_the_population_more_than_large_ones():
    # Five targets with the same true params, 5 to 5,000 students, among 12 anchors that set
    # the population (whose mean is far from these targets' params).
    anchors = synthetic.population_params(12, seed=3)
    odd = BKTParams(prior=0.75, learn=0.3, guess=0.05, slip=0.2)
    sizes = [5, 50, 500, 5000]
    params = anchors + [odd] * len(sizes)
    seq_skill = np.concatenate([np.repeat(np.arange(12), 200), np.repeat(12 + np.arange(4), sizes)])
    data = synthetic.simulate_sequences(params, seq_skill, np.full(len(seq_skill), 8), seed=4)
    K = len(params)
    args = (data.students, data.skills, data.correct, K)
    pooled, pops = bkt.fit_pooled_codes(*args, seed=0, restarts=3)
    independent = bkt.fit_codes(*args, seed=0, restarts=3, min_students=1, min_opportunities=1)
    mean = pops[None].mean
    assert pops[None].n_targets == 12 + 3  # the 50- to 5,000-student targets are anchors too
    moved = []
    for k in range(12, K):
        # Share of the way from the target's own (independent) fit to the population mean.
        gap = abs(independent[k].prior - mean.prior) + abs(independent[k].guess - mean.guess)
        shift = abs(pooled[k].prior - independent[k].prior) + abs(
            pooled[k].guess - independent[k].guess
        )
        moved.append(shift / gap)
    assert moved == sorted(moved, reverse=True), moved
    assert moved[0] > 0.3 and moved[-1] < 0.02, moved


def test_a_target_without_data_gets_the_population_estimate_with_a_reason():
    true = synthetic.random_params(4, seed=5)
    data = synthetic.simulate(true, 120, 10, seed=6)
    fit = bkt.fit_pooled(
        data.students, [f"t{k}" for k in data.skills], data.correct, all_targets=["new"]
    )
    new = fit.params["new"]
    pop = fit.populations[None].mean
    assert new.source == "population" and new.is_default
    assert (new.prior, new.learn, new.guess, new.slip) == (
        pop.prior,
        pop.learn,
        pop.guess,
        pop.slip,
    )
    assert new.reason == (
        "no history for this target yet: using the typical values of 4 well-practised targets"
    )
    assert fit.for_target("never-listed") == new
    assert fit.params["t0"].reason.startswith("learned from 120 students (1200 opportunities)")


def test_families_use_their_own_population_first():
    # Family "easy" targets are guessed often; family "hard" ones rarely.
    easy = [BKTParams(prior=0.3, learn=0.1, guess=0.4 + 0.02 * i, slip=0.1) for i in range(3)]
    hard = [BKTParams(prior=0.3, learn=0.1, guess=0.05 + 0.02 * i, slip=0.1) for i in range(3)]
    params = easy + hard
    data = synthetic.simulate(params, 150, 10, seed=7)
    names = [f"e{i}" for i in range(3)] + [f"h{i}" for i in range(3)]
    families = {n: ("easy" if n[0] == "e" else "hard") for n in names}
    families.update({"lonely": "solo", "e-new": "easy", "h-new": "hard"})
    fit = bkt.fit_pooled(
        data.students,
        [names[k] for k in data.skills],
        data.correct,
        families=families,
        all_targets=["e-new", "h-new", "lonely"],
    )
    assert fit.populations["easy"].mean.guess > 0.35 > 0.15 > fit.populations["hard"].mean.guess
    assert fit.params["e-new"].guess == fit.populations["easy"].mean.guess
    assert fit.params["h-new"].guess == fit.populations["hard"].mean.guess
    assert "well-practised targets in easy" in fit.params["e-new"].reason
    assert fit.for_target("brand-new", "hard") == fit.params["h-new"]
    # A family with no anchors of its own uses the school's population.
    assert "solo" not in fit.populations
    assert fit.params["lonely"].guess == fit.populations[None].mean.guess


def test_with_too_few_anchors_the_population_is_one_fit_of_all_the_history():
    true = [BKTParams(prior=0.4, learn=0.2, guess=0.1, slip=0.1)] * 3
    data = synthetic.simulate(true, 12, 10, seed=8)
    fitted, pops = bkt.fit_pooled_codes(data.students, data.skills, data.correct, 4)
    assert pops[None].n_targets == 0 and pops[None].mean.prior != DEFAULT_PARAMS.prior
    assert "one fit of all the history" in fitted[3].reason and fitted[3].source == "population"
    assert all(p.source == "pooled" for p in fitted[:3])
    # No data at all: the engine's defaults, and the reason says so.
    fitted, pops = bkt.fit_pooled_codes(np.zeros(0), np.zeros(0), np.zeros(0), 1)
    assert fitted[0].prior == DEFAULT_PARAMS.prior and "default values" in fitted[0].reason


def test_pooled_fit_is_the_same_for_any_number_of_workers(many_small_targets):
    n_small, n_big, _, data, _ = many_small_targets
    args = (data.students, data.skills, data.correct, n_small + n_big)
    one, _ = bkt.fit_pooled_codes(*args, workers=1, max_iter=20)
    two, _ = bkt.fit_pooled_codes(*args, workers=2, max_iter=20)
    assert one == two
