"""The release-policy simulator: baselines behave as expected, the engine's policy is the
best of them on precision and delay at once, and the capable-but-unsure get released."""

import numpy as np
import pytest

from trellis.grr import simulate
from trellis.grr.recommend import CONFIDENCE_STEP
from trellis.grr.thresholds import Thresholds


@pytest.fixture(scope="module")
def classes():
    rng = np.random.default_rng(1)
    return [simulate.make_class(rng, 25, 40) for _ in range(16)]


@pytest.fixture(scope="module")
def profiles():
    return simulate.school_profiles(1)


@pytest.fixture(scope="module")
def results(classes, profiles):
    answers_only = simulate.EnginePolicy(label="engine, answers only")
    ignores = simulate.EnginePolicy(
        profiles=profiles, teacher_follows_step_back=False, label="engine, ignores step backs"
    )
    policies = [
        *simulate.baselines(),
        *simulate.oracles(),
        answers_only,
        ignores,
        simulate.EnginePolicy(profiles=profiles),
    ]
    return {p.name: simulate.run_policy(p, classes, 40) for p in policies}


def test_fixed_pacing_releases_everyone_with_low_precision(results):
    fixed = results["fixed pacing (10 items)"]
    assert fixed.released == 1.0 and fixed.never_released == 0.0
    assert fixed.precision < 0.8
    assert fixed.failed_independent > 0.15


def test_three_in_a_row_is_faster_but_less_precise_than_four_of_five(results):
    three, four = results["3 right in a row"], results["4 of the last 5"]
    assert three.delay < four.delay
    assert three.precision < four.precision


def test_the_engine_beats_every_m_of_n_rule_on_precision_and_delay_at_once(results):
    for label in ("engine, answers only", "engine"):
        engine = results[label]
        assert engine.precision >= 0.98, label
        assert engine.precision > results["3 right in a row"].precision, label
        for name in ("3 right in a row", "4 of the last 5"):
            assert engine.delay < results[name].delay, (label, name)
            # These 400 students cannot separate the engine from 4 of 5 on precision (a
            # standard error of about 0.007: 0.982 against 0.987 here); the 1,000-student
            # seeds of docs/engine.md do, on every seed.
            assert engine.precision > results[name].precision - 0.01, (label, name)


def test_ratings_read_per_student_shorten_the_delay_without_losing_precision(results):
    answers, ratings = results["engine, answers only"], results["engine"]
    assert ratings.delay <= 2.0 < answers.delay
    assert ratings.precision >= 0.98
    # Both re-teach; on these 400 students they release within 25 items within a student or
    # two of each other (379 against 380); over the 1,000-student seeds 0-7 of docs/engine.md
    # reading ratings releases more within 25 items on 7 seeds of 8.
    assert ratings.released_by >= answers.released_by - 0.005


@pytest.mark.parametrize("with_profiles", [False, True])
def test_the_confidence_step_gets_capable_but_unsure_students_released(
    classes, profiles, with_profiles
):
    unsure = [[s for s in c if s.confidence_bias < 0] for c in classes]
    given = profiles if with_profiles else None
    # The confidence step alone: this teacher does not re-teach.
    taken = simulate.run_policy(
        simulate.EnginePolicy(profiles=given, teacher_follows_step_back=False), unsure, 40
    )
    parked = simulate.run_policy(
        simulate.EnginePolicy(
            teacher_takes_step=False, teacher_follows_step_back=False, profiles=given
        ),
        unsure,
        40,
    )
    # Left alone, an unsure student's low ratings now and then come out high enough; the
    # teacher's step gets them released sooner and at least as often.
    assert taken.delay < parked.delay - 1.5
    # (80 students: each wrong release costs 0.013 of precision.)
    assert taken.released >= parked.released and taken.precision >= 0.96


def test_the_hold_names_the_confidence_step():
    from datetime import datetime, timedelta

    from trellis.grr import Evidence, Phase, recommend

    at = datetime(2025, 3, 3, 9)
    ev = [Evidence.answer("t", True, at + timedelta(minutes=i)) for i in range(6)]
    ev.append(Evidence.confidence("t", 2, at + timedelta(minutes=7)))
    rec = recommend(Phase.GUIDED, ev)
    assert f"capable but unsure; confidence step: {CONFIDENCE_STEP}" in rec.reason


def test_help_is_cleared_by_work_shown_after_it():
    from datetime import datetime, timedelta

    from trellis.grr import Evidence, assess

    at = datetime(2025, 3, 3, 9)
    ev = [Evidence.help_request("t", at), Evidence.answer("t", True, at + timedelta(minutes=1))]
    assert assess(ev).recent_help_request
    ev.append(Evidence.answer("t", True, at + timedelta(minutes=2)))
    assert not assess(ev).recent_help_request
    assert assess(ev, thresholds=Thresholds(help_cleared_after=None)).recent_help_request


@pytest.fixture(scope="module")
def stalled(classes):
    """Students stalled for at least 15 items who do not start mastered."""
    return [[s for c in classes for s in c if s.stall >= 15 and not s.starts_mastered]]


def test_a_stalled_student_cannot_learn_until_the_stall_ends_or_a_re_teach_ends_it(stalled):
    learned = 0
    for student in stalled[0]:
        # Left alone: the first learning comes after item ``stall``.
        assert not student.natural.mastered[: student.stall + 1].any()
        retaught = student.path(retaught_after=2, teaches=False)
        # Re-taught after item 2 (the re-teach only ending the stall): practice from item 3
        # on can teach them (same draws).
        assert not retaught.mastered[:4].any()
        assert (retaught.right[:4] == student.natural.right[:4]).all()
        learned += bool(retaught.mastered[: student.stall + 1].any())
    assert learned >= len(stalled[0]) // 2


def test_a_re_teach_is_one_chance_to_learn_at_the_students_own_rate(classes):
    steady = [s for c in classes for s in c if s.stall == 0 and not s.natural.mastered[3]]
    learns = [s for s in steady if s.u_reteach < s.params.learn]
    does_not = [s for s in steady if s.u_reteach >= s.params.learn]
    assert learns and does_not
    for student in learns:
        path = student.path(retaught_after=2)
        # Mastered before the next item; what came before is unchanged.
        assert path.mastered[3] and (path.mastered[:3] == student.natural.mastered[:3]).all()
        assert (path.right[:3] == student.natural.right[:3]).all()
        assert student.path(retaught_after=2, teaches=False) is student.natural
    for student in does_not:
        assert student.path(retaught_after=2) is student.natural
    # As often as one practice item teaches: the students' own learning rates.
    expected = np.mean([s.params.learn for s in steady])
    assert abs(len(learns) / len(steady) - expected) < 0.06


def test_the_teacher_who_follows_the_step_back_gets_stalled_students_released(stalled, profiles):
    follows = simulate.run_policy(simulate.EnginePolicy(profiles=profiles), stalled, 40)
    ignores = simulate.run_policy(
        simulate.EnginePolicy(profiles=profiles, teacher_follows_step_back=False), stalled, 40
    )
    three = simulate.run_policy(simulate.MOfN(3, 3), stalled, 40)
    assert len(stalled[0]) >= 10
    # The board says step back to every one of them, and the teacher re-teaches them.
    assert follows.retaught == 1.0
    assert ignores.retaught == 0.0 and three.retaught == 0.0
    assert follows.released_by >= 0.8 and follows.precision >= 0.9
    assert follows.released_by > ignores.released_by + 0.15
    assert follows.released_by > three.released_by + 0.15


def test_a_baseline_never_re_teaches_so_its_stalled_students_stay_stalled(stalled):
    for policy in (*simulate.baselines(), simulate.Oracle()):
        result = simulate.run_policy(policy, stalled, 40)
        assert result.retaught == 0.0, policy.name
    # Nobody releases a stalled student truly mastered before their stall is over.
    for student in stalled[0]:
        policy = simulate.MOfN(3, 3)
        for k in range(40):
            if policy.decide(student, student.natural, k, k) is simulate.Decision.RELEASE:
                assert k > student.stall or not student.natural.mastered[k + 1]
                break


def test_a_re_teach_costs_items_on_the_clock(classes):
    class ReteachThenRelease(simulate.Policy):
        name = "re-teach, then release"

        def decide(self, student, path, k, clock):
            return simulate.Decision.RETEACH if k == 0 else simulate.Decision.RELEASE

    one = [[classes[0][0]]]
    # Item 0 at clock 0, the re-teach takes RETEACH_ITEMS, the next item is answered after it.
    too_short = simulate.run_policy(ReteachThenRelease(), one, simulate.RETEACH_ITEMS + 1)
    enough = simulate.run_policy(ReteachThenRelease(), one, simulate.RETEACH_ITEMS + 2)
    assert too_short.released == 0.0 and too_short.retaught == 1.0
    assert enough.released == 1.0


def test_the_oracle_releases_with_no_delay(results):
    oracle = results[simulate.Oracle().name]
    assert oracle.delay == 0.0 and oracle.precision >= 0.98 and oracle.retaught == 0.0
    ceiling = results[simulate.Oracle(reteach_stalls=True).name]
    assert 0.05 <= ceiling.retaught <= 0.15
    assert ceiling.released_by >= oracle.released_by


def test_following_step_backs_changes_little_for_students_who_are_not_stalled(classes, profiles):
    steady = [[s for c in classes for s in c if s.stall == 0]]
    follows = simulate.run_policy(simulate.EnginePolicy(profiles=profiles), steady, 40)
    ignores = simulate.run_policy(
        simulate.EnginePolicy(profiles=profiles, teacher_follows_step_back=False), steady, 40
    )
    # The board says step back to most students once (after 3 answers, mastery under
    # 0.40); for a student who is not stalled the re-teach costs 2 items of the clock and is
    # one chance to learn (as one practice item is): the two roughly cancel.
    assert 0.4 <= follows.retaught <= 0.9
    assert abs(follows.precision - ignores.precision) < 0.01
    assert abs(follows.delay - ignores.delay) < 0.1
    assert abs(follows.released_by - ignores.released_by) <= 0.04
    # Without the chance to learn, the re-teach only costs them time.
    only_time = simulate.run_policy(
        simulate.EnginePolicy(profiles=profiles, reteach_teaches=False), steady, 40
    )
    assert ignores.released_by - 0.04 <= only_time.released_by <= ignores.released_by


def test_the_table_has_a_row_per_policy(results):
    table = simulate.format_table(list(results.values())).splitlines()
    assert len(table) == 2 + len(results)
    assert table[0].startswith("| policy | released |")
