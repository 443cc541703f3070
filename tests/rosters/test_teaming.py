import itertools

import pytest

from trellis.rosters.teaming import MAX_SIZE, MIN_SIZE, form_teams, team_sizes


@pytest.mark.parametrize("n", range(8, 61))
def test_every_class_of_8_or_more_gets_balanced_teams_of_4_to_6(n):
    sizes, warning = team_sizes(n)
    assert sum(sizes) == n
    assert all(MIN_SIZE <= s <= MAX_SIZE for s in sizes)
    assert max(sizes) - min(sizes) <= 1
    assert warning is None


def test_a_class_of_23_gives_5_teams_of_4_or_5():
    sizes, _ = team_sizes(23)
    assert sorted(sizes) == [4, 4, 5, 5, 5]


@pytest.mark.parametrize("n", [1, 2, 3, 7])
def test_impossible_sizes_come_with_a_warning(n):
    sizes, warning = team_sizes(n)
    assert sum(sizes) == n
    assert warning and "4 to 6" in warning


def test_every_student_lands_in_exactly_one_team():
    plan = form_teams(range(31), seed=3)
    members = [s for t in plan.teams for s in t]
    assert sorted(members) == list(range(31))


def test_avoid_pairs_are_kept_apart_when_possible():
    pairs = [(0, 1), (0, 2), (1, 2), (3, 4), (5, 6), (7, 8), (0, 3)]
    for seed in range(20):
        plan = form_teams(range(25), pairs, seed=seed)
        assert plan.unmet_pairs == []
        for team in plan.teams:
            for a, b in itertools.combinations(team, 2):
                assert (a, b) not in pairs and (b, a) not in pairs


def test_unmeetable_pairs_are_reported_not_hidden():
    # Five students in one team of 5: nobody can be kept apart.
    plan = form_teams(range(5), [(0, 1)], seed=1)
    assert plan.unmet_pairs == [(0, 1)]
    assert any("keep apart" in w for w in plan.warnings)


def test_same_seed_same_teams():
    assert form_teams(range(20), seed=9).teams == form_teams(range(20), seed=9).teams
