"""Forming teams of 4–6: pure functions, no database.

A **plan** is a list of teams (each a list of student ids) and the warnings a teacher must
see when the class cannot be split perfectly (too few students, a pair that could not be
kept apart).
"""

import random
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext, ngettext

MIN_SIZE = 4
MAX_SIZE = 6
IDEAL_SIZE = 5


@dataclass
class TeamPlan:
    teams: list[list[Hashable]]
    warnings: list[str] = field(default_factory=list)
    # Pairs the teacher asked to keep apart that still share a team.
    unmet_pairs: list[tuple[Hashable, Hashable]] = field(default_factory=list)


def team_sizes(n: int) -> tuple[list[int], str | None]:
    """Balanced sizes for n students, and a warning when 4–6 is impossible."""
    if n <= 0:
        return [], None
    if n < MIN_SIZE:
        return [n], (
            ngettext(
                "With %(count)s student the class makes one team of %(count)s; teams work best "
                "with %(min)s to %(max)s. Add students and form teams again.",
                "With %(count)s students the class makes one team of %(count)s; teams work best "
                "with %(min)s to %(max)s. Add students and form teams again.",
                n,
            )
            % {"count": n, "min": MIN_SIZE, "max": MAX_SIZE}
        )
    if n <= MAX_SIZE:
        return [n], None
    if n == 7:
        # 7 is the one size above 6 that no split into 4–6 covers; 4 + 3 keeps every voice heard.
        return [4, 3], gettext(
            "Seven students cannot be split into teams of 4 to 6, so one team has 3. "
            "Move a student by hand if you prefer one team of 7."
        )
    k = max(1, int(n / IDEAL_SIZE + 0.5))
    while -(-n // k) > MAX_SIZE:
        k += 1
    while n // k < MIN_SIZE:
        k -= 1
    base, extra = divmod(n, k)
    return [base + 1] * extra + [base] * (k - extra), None


def _conflicts(team: Sequence[Hashable], student: Hashable, avoid: dict) -> int:
    bad = avoid.get(student, ())
    return sum(1 for other in team if other in bad)


def form_teams(
    students: Iterable[Hashable],
    avoid_pairs: Iterable[tuple[Hashable, Hashable]] = (),
    seed: int | None = None,
) -> TeamPlan:
    """Shuffle students into balanced teams, keeping avoid-pairs apart when it is possible."""
    rng = random.Random(seed)
    pool = list(students)
    rng.shuffle(pool)
    sizes, warning = team_sizes(len(pool))
    avoid: dict[Hashable, set] = {}
    for a, b in avoid_pairs:
        if a in pool and b in pool and a != b:
            avoid.setdefault(a, set()).add(b)
            avoid.setdefault(b, set()).add(a)

    # Most-constrained students first, each into the emptiest team that has no one to avoid.
    pool.sort(key=lambda s: -len(avoid.get(s, ())))
    teams: list[list[Hashable]] = [[] for _ in sizes]
    for student in pool:
        open_teams = [i for i, t in enumerate(teams) if len(t) < sizes[i]]
        open_teams.sort(
            key=lambda i: (_conflicts(teams[i], student, avoid), len(teams[i]) / sizes[i])
        )
        teams[open_teams[0]].append(student)

    _repair(teams, avoid)
    unmet = sorted(
        {
            tuple(sorted((a, b), key=str))
            for team in teams
            for a in team
            for b in team
            if b in avoid.get(a, ())
        },
        key=str,
    )
    warnings = [warning] if warning else []
    if unmet:
        warnings.append(
            f"{len(unmet)} pair{'s' if len(unmet) != 1 else ''} you asked to keep apart "
            "still share a team: there was no way to separate them with balanced teams. "
            "Move a student by hand, or remove the pair."
        )
    return TeamPlan(teams=teams, warnings=warnings, unmet_pairs=list(unmet))


def _repair(teams: list[list[Hashable]], avoid: dict, rounds: int = 50) -> None:
    """Swap students between teams until no avoid-pair shares a team, or no swap helps."""
    for _ in range(rounds):
        changed = False
        for ti, team in enumerate(teams):
            for student in list(team):
                if not _conflicts(team, student, avoid):
                    continue
                for tj, other in enumerate(teams):
                    if tj == ti:
                        continue
                    for partner in list(other):
                        rest_i = [s for s in team if s != student]
                        rest_j = [s for s in other if s != partner]
                        before = _conflicts(rest_i, student, avoid) + _conflicts(
                            rest_j, partner, avoid
                        )
                        after = _conflicts(rest_j, student, avoid) + _conflicts(
                            rest_i, partner, avoid
                        )
                        if after < before:
                            team[team.index(student)] = partner
                            other[other.index(partner)] = student
                            changed = True
                            break
                    if changed:
                        break
                if changed:
                    break
            if changed:
                break
        if not changed:
            return
