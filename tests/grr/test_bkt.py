"""BKT params: recovery from synthetic students, the O(1) online update against the batch
forward pass, soft evidence, and the fallback to default params for thin targets."""

import math

import numpy as np
import pytest

from trellis.grr import bkt, synthetic
from trellis.grr.bkt import DEFAULT_PARAMS, BKTParams

PARAM_NAMES = ("prior", "learn", "guess", "slip")


@pytest.fixture(scope="module")
def recovery_set():
    true = [
        BKTParams(prior=0.3, learn=0.15, guess=0.2, slip=0.1),
        BKTParams(prior=0.5, learn=0.05, guess=0.25, slip=0.15),
        BKTParams(prior=0.15, learn=0.25, guess=0.15, slip=0.08),
    ]
    return true, synthetic.simulate(true, 1500, 20, seed=11)


def test_em_recovers_known_params_within_005(recovery_set):
    true, data = recovery_set
    fitted = bkt.fit_codes(data.students, data.skills, data.correct, len(true), seed=1)
    for t, f in zip(true, fitted, strict=True):
        assert not f.is_default
        assert f.n_students == 1500 and f.n_opportunities == 1500 * 20
        for name in PARAM_NAMES:
            assert abs(getattr(f, name) - getattr(t, name)) < 0.05, (name, t, f)
        assert f.forget == 0.0


def test_em_with_forgetting_recovers_params():
    true = [BKTParams(prior=0.3, learn=0.2, guess=0.2, slip=0.1, forget=0.05)]
    data = synthetic.simulate(true, 2000, 25, seed=5)
    (f,) = bkt.fit_codes(data.students, data.skills, data.correct, 1, forgets=True, seed=2)
    for name in (*PARAM_NAMES, "forget"):
        assert abs(getattr(f, name) - getattr(true[0], name)) < 0.05, (name, f)


def test_restarts_keep_the_best_log_likelihood(recovery_set):
    _, data = recovery_set
    one = bkt.fit_codes(data.students, data.skills, data.correct, 3, restarts=1, max_iter=3)
    many = bkt.fit_codes(data.students, data.skills, data.correct, 3, restarts=4, max_iter=3)
    for a, b in zip(one, many, strict=True):
        assert b.log_likelihood >= a.log_likelihood - 1e-6


def test_reported_log_likelihood_matches_the_sequential_computation(recovery_set):
    _, data = recovery_set
    fitted = bkt.fit_codes(data.students, data.skills, data.correct, 3)
    expected = 0.0
    for s in range(1500):
        sel = (data.students == s) & (data.skills == 0)
        expected += bkt.log_likelihood(data.correct[sel].tolist(), fitted[0])
    assert fitted[0].log_likelihood == pytest.approx(expected, rel=1e-6)


def test_online_update_matches_batch_forward_pass():
    params = [
        BKTParams(prior=0.25, learn=0.2, guess=0.2, slip=0.1, forget=0.03),
        BKTParams(prior=0.6, learn=0.1, guess=0.3, slip=0.05),
    ]
    rng = np.random.default_rng(0)
    students = rng.integers(0, 7, 300)
    skills = rng.integers(0, 2, 300)
    obs = rng.choice([0.0, 1.0, 0.5, 0.8], 300)
    p_correct, p_mastery = bkt.forward_codes(students, skills, obs, params)
    state: dict[tuple[int, int], float] = {}
    for i, (s, k, y) in enumerate(zip(students, skills, obs, strict=True)):
        p = state.get((s, k), params[k].prior)
        assert p_correct[i] == pytest.approx(bkt.predict_correct(p, params[k]), abs=1e-12)
        state[(s, k)] = bkt.update_mastery(p, params[k], y)
        assert p_mastery[i] == pytest.approx(state[(s, k)], abs=1e-12)


def test_online_update_by_hand():
    p = BKTParams(prior=0.5, learn=0.1, guess=0.2, slip=0.1)
    # Right answer: posterior 0.45 / (0.45 + 0.1) = 0.8182, then learning.
    post = 0.45 / 0.55
    assert bkt.update_mastery(0.5, p, 1) == pytest.approx(post + (1 - post) * 0.1)
    post = 0.05 / (0.05 + 0.4)
    assert bkt.update_mastery(0.5, p, 0) == pytest.approx(post + (1 - post) * 0.1)
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        bkt.update_mastery(0.5, p, 1.5)


def test_soft_observations_sit_between_wrong_and_right():
    p = BKTParams(prior=0.5, learn=0.0, guess=0.2, slip=0.1)
    wrong, half, mostly, right = (bkt.update_mastery(0.5, p, y) for y in (0, 0.5, 0.8, 1))
    assert wrong < half < mostly < right
    # Fractional emission: y=0.8 is the geometric blend of the right and wrong likelihoods.
    e1 = 0.9**0.8 * 0.1**0.2
    e0 = 0.2**0.8 * 0.8**0.2
    assert mostly == pytest.approx(0.5 * e1 / (0.5 * e1 + 0.5 * e0))


def test_soft_observations_are_fitted_as_fractional_counts():
    true = [BKTParams(prior=0.3, learn=0.15, guess=0.2, slip=0.1)]
    data = synthetic.simulate(true, 800, 15, seed=8)
    obs = data.correct.astype(float)
    # Replacing every 0/1 by an equivalent 0/1 written as float keeps the fit identical,
    # while a soft blend towards 0.5 must change the fit.
    hard = bkt.fit_codes(data.students, data.skills, obs, 1, seed=3)[0]
    soft = bkt.fit_codes(data.students, data.skills, 0.8 * obs + 0.1, 1, seed=3)[0]
    assert abs(hard.guess - 0.2) < 0.05
    assert soft.guess > hard.guess and soft.slip > hard.slip


def test_thin_targets_fall_back_to_defaults_and_say_why():
    rng = np.random.default_rng(4)
    # Skill 0: 60 students; skill 1: 10 students only.
    students = np.concatenate([np.repeat(np.arange(60), 5), np.repeat(np.arange(10), 5)])
    skills = np.concatenate([np.zeros(300, int), np.ones(50, int)])
    obs = rng.integers(0, 2, 350)
    fitted = bkt.fit_codes(students, skills, obs, 2)
    assert not fitted[0].is_default
    assert fitted[1].is_default
    assert fitted[1].prior == DEFAULT_PARAMS.prior
    assert "too little data (10 students, 50 opportunities" in fitted[1].reason
    assert fitted[1].n_students == 10


def test_fit_and_predict_with_labels_and_unseen_targets():
    true = [BKTParams(prior=0.3, learn=0.15, guess=0.2, slip=0.1)]
    data = synthetic.simulate(true, 200, 10, seed=2)
    names = [f"s{s}" for s in data.students]
    params = bkt.fit(names, ["fractions"] * len(names), data.correct)
    assert set(params) == {"fractions"}
    p_correct, p_mastery = bkt.predict(["new", "new"], ["fractions", "decimals"], [1, 1], params)
    assert p_correct[0] == pytest.approx(
        bkt.predict_correct(params["fractions"].prior, params["fractions"])
    )
    assert p_correct[1] == pytest.approx(bkt.predict_correct(DEFAULT_PARAMS.prior, DEFAULT_PARAMS))
    assert 0 < p_mastery[1] < 1
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        bkt.fit(["a"], ["t"], [math.nan])


def test_params_round_trip_through_dict():
    p = BKTParams(prior=0.1, learn=0.2, guess=0.3, slip=0.05, forget=0.01, n_students=3)
    assert BKTParams.from_dict(p.to_dict()) == p


def test_pack_keeps_time_order_within_each_sequence():
    students = np.array([0, 1, 0, 1, 0, 2])
    skills = np.zeros(6, int)
    obs = np.array([1, 0, 0, 1, 1, 0])
    packed = bkt.pack(students, skills, obs, 1)
    assert packed.counts.tolist() == [3, 2, 1]
    # The longest sequence (student 0: rows 0, 2, 4) has rank 0 at every time step.
    assert packed.rows[packed.offsets[:-1]].tolist() == [0, 2, 4]


@pytest.mark.parametrize("soft", [False, True], ids=["binary", "soft"])
@pytest.mark.parametrize("forgets", [False, True], ids=["learn-only", "forgets"])
def test_fit_is_bit_for_bit_the_same_for_any_number_of_workers(recovery_set, soft, forgets):
    _, data = recovery_set
    obs = 0.8 * data.correct + 0.1 if soft else data.correct
    fits = {}
    for workers in (1, 2, 3):
        fits[workers] = bkt.fit_codes(
            data.students,
            data.skills,
            obs,
            3,
            forgets=forgets,
            seed=4,
            max_iter=25,
            workers=workers,
        )
    assert fits[1] == fits[2] == fits[3]
    assert all(not p.is_default for p in fits[1])


def test_work_units_cover_every_sequence_once_and_never_span_two_targets():
    from trellis.grr.bkt import kernel

    lengths = np.array([3] * 5000 + [700, 9000, 2] + [1] * 10)
    seq_start = np.concatenate(([0], np.cumsum(lengths)))
    skill_start = np.array([0, 5000, 5003, 5003, 5013])
    skill, lo, hi = kernel.split_units(seq_start, skill_start)
    assert lo[0] == 0 and hi[-1] == 5013 and (lo[1:] == hi[:-1]).all()
    assert (skill_start[skill] <= lo).all() and (hi <= skill_start[skill + 1]).all()
    cells = seq_start[hi] - seq_start[lo]
    # A unit closes once it holds UNIT_CELLS observations, so it overshoots by less than one
    # sequence; the 15,000 cells of target 0 make two units.
    assert (cells < kernel.UNIT_CELLS + lengths.max()).all()
    assert cells.tolist() == [kernel.UNIT_CELLS + 1, 15000 - kernel.UNIT_CELLS - 1, 9700, 2, 10]
    assert set(skill.tolist()) == {0, 1, 3}


def test_converged_problems_stop_while_others_continue(recovery_set):
    _, data = recovery_set
    _, e_steps = bkt._fit_codes(
        data.students,
        data.skills,
        data.correct,
        3,
        forgets=False,
        restarts=4,
        seed=1,
        max_iter=100,
        tol=1e-3,
        workers=1,
    )
    # Each (restart, skill) stops on its own: the counts differ between problems.
    assert e_steps.min() >= 3 and len(set(e_steps.ravel().tolist())) > 1


def test_em_runs_at_least_three_e_steps_like_pybkt(recovery_set):
    _, data = recovery_set
    args = (data.students, data.skills, data.correct, 3)
    common = {"forgets": False, "restarts": 2, "seed": 0, "workers": 1}
    # A huge tol is met at once, but the stopping rule is only checked from the third E-step.
    _, e_steps = bkt._fit_codes(*args, **common, max_iter=100, tol=1e9)
    assert e_steps.tolist() == [[3, 3, 3], [3, 3, 3]]
    # With max_iter reached, one more E-step gives the log-likelihood of the final params.
    fitted, e_steps = bkt._fit_codes(*args, **common, max_iter=1, tol=1e-3)
    assert e_steps.tolist() == [[2, 2, 2], [2, 2, 2]]
    seq = [data.correct[(data.students == s) & (data.skills == 1)].tolist() for s in range(1500)]
    expected = sum(bkt.log_likelihood(y, fitted[1]) for y in seq)
    assert fitted[1].log_likelihood == pytest.approx(expected, rel=1e-9)


def test_default_workers_is_the_usable_cores_capped():
    assert 1 <= bkt.default_workers() <= 8
