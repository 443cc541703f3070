"""Who reviews whom: each student gives N reviews and gets N, and no one reviews themselves.

Pure functions over student ids, so they can be tested without a database.

The shape is a circle: students sit in an order, and each reviews the students that sit N
chosen distances after them (1, 2, … by default). Every student then gives exactly N and
gets exactly N. The order and shift decide who meets whom:
- random: a shuffled class, shift 1;
- within each team: a circle per team (a team needs more than N members);
- across teams: teams dealt round the circle (or seated in blocks), and N distances chosen
  so that no distance ever lands on someone of the same team.
"""

import random
from collections import defaultdict
from collections.abc import Iterable

from django.utils.translation import gettext, ngettext


class PairingError(ValueError):
    pass


def _circle(order: list[int], n: int, shift: int = 1) -> list[tuple[int, int]]:
    m = len(order)
    return [(order[i], order[(i + shift + k) % m]) for i in range(m) for k in range(n)]


def random_pairs(students: Iterable[int], n: int, seed=None) -> list[tuple[int, int]]:
    order = sorted(set(students))
    if n < 1:
        raise PairingError(gettext("Ask for at least one review per student."))
    if len(order) <= n:
        raise PairingError(
            gettext("%(count)s students have handed in; each can review at most %(most)s.")
            % {"count": len(order), "most": len(order) - 1}
        )
    random.Random(seed).shuffle(order)
    return _circle(order, n)


def within_team_pairs(team_of: dict[int, int], n: int, seed=None) -> list[tuple[int, int]]:
    teams = defaultdict(list)
    for student, team in team_of.items():
        teams[team].append(student)
    small = sorted(len(m) for m in teams.values() if len(m) <= n)
    if small:
        members = ngettext(
            "A team with %(count)s member who handed in",
            "A team with %(count)s members who handed in",
            small[0],
        ) % {"count": small[0]}
        raise PairingError(
            ngettext(
                "%(members)s cannot give %(count)s review each inside the team. Ask for fewer "
                "reviews, or pair across teams.",
                "%(members)s cannot give %(count)s reviews each inside the team. Ask for fewer "
                "reviews, or pair across teams.",
                n,
            )
            % {"members": members, "count": n}
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
        raise PairingError(gettext("Ask for at least one review per student."))
    rng = random.Random(seed)
    teams = defaultdict(list)
    for student, team in team_of.items():
        teams[team].append(student)
    for members in teams.values():
        members.sort()
        rng.shuffle(members)
    by_size = sorted(teams.values(), key=len, reverse=True)
    # Two seatings: teams dealt round-robin, and teams sitting together in blocks.
    dealt = [m[i] for i in range(len(by_size[0]) if by_size else 0) for m in by_size if i < len(m)]
    blocks = [s for m in by_size for s in m]
    for order in (dealt, blocks):
        m = len(order)
        offsets = [
            k
            for k in range(1, m)
            if all(team_of[order[i]] != team_of[order[(i + k) % m]] for i in range(m))
        ]
        if len(offsets) >= n:
            chosen = offsets[:n]
            return [(order[i], order[(i + k) % m]) for i in range(m) for k in chosen]
    biggest = len(by_size[0]) if by_size else 0
    raise PairingError(
        ngettext(
            "With %(students)s students and a largest team of %(biggest)s, not everyone can "
            "review %(count)s classmate from other teams. Ask for fewer reviews, or pair at "
            "random.",
            "With %(students)s students and a largest team of %(biggest)s, not everyone can "
            "review %(count)s classmates from other teams. Ask for fewer reviews, or pair at "
            "random.",
            n,
        )
        % {"students": len(team_of), "biggest": biggest, "count": n}
    )
