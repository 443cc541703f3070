"""Pairing reviewers: everyone gives N and gets N, never themselves, teams honoured."""

from collections import Counter

import pytest

from tests.factories import StudentFactory
from trellis.common.errors import UserError
from trellis.rosters import actions as roster_actions
from trellis.work import peering
from trellis.work.actions import peer as peer_actions
from trellis.work.models import PeerAssignment


def _balanced(pairs, students, n):
    gives = Counter(r for r, _ in pairs)
    gets = Counter(a for _, a in pairs)
    assert all(r != a for r, a in pairs)
    assert len(set(pairs)) == len(pairs)
    assert all(gives[s] == n and gets[s] == n for s in students)


@pytest.mark.parametrize("n", [1, 2, 3])
@pytest.mark.parametrize("size", [4, 7, 30])
def test_random_pairs_are_balanced(n, size):
    students = list(range(100, 100 + size))
    _balanced(peering.random_pairs(students, n, seed=size), students, n)


def test_within_and_across_teams():
    team_of = {s: s % 5 for s in range(25)}  # five teams of five
    within = peering.within_team_pairs(team_of, 2, seed=1)
    _balanced(within, team_of, 2)
    assert all(team_of[r] == team_of[a] for r, a in within)
    across = peering.across_team_pairs(team_of, 3, seed=1)
    _balanced(across, team_of, 3)
    assert all(team_of[r] != team_of[a] for r, a in across)


def test_impossible_requests_say_why():
    with pytest.raises(peering.PairingError, match="at most 2"):
        peering.random_pairs([1, 2, 3], 3)
    with pytest.raises(peering.PairingError, match="team with 2"):
        peering.within_team_pairs({1: 1, 2: 1, 3: 2, 4: 2, 5: 2}, 2)
    with pytest.raises(peering.PairingError, match="largest team"):
        peering.across_team_pairs({1: 1, 2: 1, 3: 1, 4: 2}, 2)


@pytest.mark.django_db
def test_auto_assign_uses_teams_from_rosters(work):
    from tests.work.factories import hand_in

    for _ in range(4):
        roster_actions.enroll(work.klass, StudentFactory(school=work.school), "student")
    roster_actions.form_teams(work.teacher, work.klass, seed=3)  # 8 students: 4 + 4
    students = [e.user for e in work.klass.enrollments.filter(role="student")]
    for s in students:
        hand_in(s, work.assignment)
    pairs = peer_actions.auto_assign(
        work.teacher, work.assignment, mode="across-teams", per_student=2
    )
    team = dict(work.klass.teams.values_list("memberships__student_id", "pk"))
    assert len(pairs) == 16
    assert all(team[p.reviewer_id] != team[p.author_id] for p in pairs)
    pairs = peer_actions.auto_assign(
        work.teacher, work.assignment, mode="within-team", per_student=3
    )
    assert all(team[p.reviewer_id] == team[p.author_id] for p in pairs)
    assert PeerAssignment.objects.count() == 24
    with pytest.raises(UserError, match="cannot review their own"):
        peer_actions.add_pair(
            work.teacher, work.assignment, reviewer_id=work.student.pk, author_id=work.student.pk
        )
