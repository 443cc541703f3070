"""Who reviews whom: each student gives N reviews and gets N, and no one reviews themselves.

Pure functions over student ids, so they can be tested without a database.

The shape is a shifted circle: students sit in an order, and each reviews the N students
that sit `shift`, `shift + 1`, … places after them. Every student then gives exactly N and
gets exactly N. The order and shift decide who meets whom:
- random: a shuffled class, shift 1;
- within each team: a circle per team (a team needs more than N members);
- across teams: students sorted by team, and a shift of at least the biggest team, so a
  reviewer's N places never land inside their own team.
"""

import random
from collections import defaultdict
from collections.abc import Iterable


class PairingError(ValueError):
    pass


def _circle(order: list[int], n: int, shift: int = 1) -> list[tuple[int, int]]:
    m = len(order)
    return [(order[i], order[(i + shift + k) % m]) for i in range(m) for k in range(n)]


def random_pairs(students: Iterable[int], n: int, seed=None) -> list[tuple[int, int]]:
    order = sorted(set(students))
    if n < 1:
        raise PairingError("Ask for at least one review per student.")
    if len(order) <= n:
        raise PairingError(
            f"{len(order)} students have handed in; each can review at most {len(order) - 1}."
        )
    random.Random(seed).shuffle(order)
    return _circle(order, n)


def within_team_pairs(team_of: dict[int, int], n: int, seed=None) -> list[tuple[int, int]]:
    teams = defaultdict(list)
    for student, team in team_of.items():
        teams[team].append(student)
    small = sorted(len(m) for m in teams.values() if len(m) <= n)
    if small:
        raise PairingError(
            f"A team with {small[0]} member(s) who handed in cannot give {n} reviews each "
            "inside the team. Ask for fewer reviews, or pair across teams."
        )
    rng = random.Random(seed)
    pairs = []
    for team in sorted(teams):
        members = sorted(teams[team])
        rng.shuffle(members)
        pairs.extend(_circle(members, n))
    return pairs


def across_team_pairs(team_of: dict[int, int], n: int, seed=None) -> list[tuple[int, int]]:
    if n < 1:
        raise PairingError("Ask for at least one review per student.")
    rng = random.Random(seed)
    teams = defaultdict(list)
    for student, team in team_of.items():
        teams[team].append(student)
    team_ids = sorted(teams)
    rng.shuffle(team_ids)
    order = []
    for team in team_ids:
        members = sorted(teams[team])
        rng.shuffle(members)
        order.extend(members)
    biggest = max((len(m) for m in teams.values()), default=0)
    m = len(order)
    # Offsets shift..shift+n-1 must stay out of one's own block on both sides.
    if m - biggest < biggest + n - 1 or m <= n:
        raise PairingError(
            f"With {m} students and a largest team of {biggest}, not everyone can review {n} "
            "classmates from other teams. Ask for fewer reviews, or pair at random."
        )
    pairs = _circle(order, n, shift=biggest)
    assert all(team_of[a] != team_of[b] for a, b in pairs)
    return pairs
