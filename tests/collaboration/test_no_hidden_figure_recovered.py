"""Complementary suppression on every pooled page a teacher or leader reads (#18): a figure
hidden because it rests on fewer than 10 students cannot be worked back from a total shown
beside it. One test per page, reading what the page itself was given to show."""

import pytest

from tests import recoverable
from tests.checkins.factories import exit_run, students_of
from tests.collaboration.scenes import answer_all, build_school
from tests.factories import class_with
from trellis.checkins import actions as checkin_actions
from trellis.common.small_numbers import HIDDEN, THRESHOLD

pytestmark = pytest.mark.django_db


def pinned_down(d) -> list:
    """Hidden entries of a pooled two-way table (`queries.Distribution`: class rows, the team
    row, each with its total) that the shown figures determine: an entry's unit vector in the
    row space of the sum equations restricted to the hidden entries."""
    rows = [*d.rows, d.pooled]
    width = len(d.columns)
    hidden = []
    for i, row in enumerate(rows):
        hidden += [(i, j) for j, f in enumerate(row.cells) if f.hidden]
        if row.total.hidden:
            hidden.append((i, "total"))
    team = len(rows) - 1
    return recoverable.pinned_down(
        hidden, range(team), range(width), total_row=team, total_col="total"
    )


def shown_values(d) -> list[int]:
    return [f.value for row in [*d.rows, d.pooled] for f in [*row.cells, row.total] if not f.hidden]


@pytest.fixture
def school():
    return build_school("large")


def test_pooled_checkin_hides_a_second_class_beside_the_team_total(client, school):
    """A small class beside the team's figures: another class hides too, so the team minus
    the classes shown is two classes together, 10 students or more."""
    s = school
    small = class_with(s.second, students=4, school=s.school, course="Maths small")
    answer_all(exit_run(s.second, s.checkin, small), s.question, small, right=2)
    client.force_login(s.lead)
    r = client.get(f"/teams/{s.team.pk}/pooled/{s.checkin.pk}/").context["r"]
    hidden = [c for c in r.classes if c.hidden]
    assert small.pk in [c.id for c in hidden] and not r.total_hidden
    assert len(hidden) >= 2  # one hidden class would be the team minus the others
    shown = sum(c.students.value for c in r.classes if not c.hidden)
    assert r.team_students.value - shown >= THRESHOLD
    for row in r.rows:  # per question too: the hidden answers are two classes' together
        assert sum(1 for c in row.cells if c.hidden) >= 2


def test_a_misconception_count_is_not_the_team_wrong_answers_minus_the_others(client, school):
    """The team row shows right of answered, so its wrong answers are known: with one
    misconception under 10, the other hides too (before, 3 = 14 − 11 could be worked back)."""
    s = school
    extra = class_with(s.second, students=12, school=s.school, course="Maths extra")
    run = exit_run(s.second, s.checkin, extra)
    for i, student in enumerate(students_of(extra)):  # three pick C ("side by side")
        checkin_actions.submit_answer(
            student, run, s.question.pk, {"keys": ["C" if i < 3 else "A"]}
        )
    client.force_login(s.lead)
    r = client.get(f"/teams/{s.team.pk}/pooled/{s.checkin.pk}/").context["r"]
    assert not r.total_hidden
    row = r.rows[0]
    figures = dict(row.misconceptions)
    side = figures["Wrote the digits side by side"]
    assert side.hidden
    assert figures["Multiplied instead of adding"].hidden  # else team wrong − it = 3
    body = client.get(f"/teams/{s.team.pk}/pooled/{s.checkin.pk}/").content.decode()
    assert "Wrote the digits side by side" in body and HIDDEN in body


def test_pooled_phases_pin_down_no_hidden_figure(client, school):
    s = school
    client.force_login(s.second)
    d = client.get(f"/teams/{s.team.pk}/tasks/{s.task.pk}/phases/").context["r"].distribution
    assert any(f.hidden for row in d.rows for f in row.cells)  # the scene has small cells
    assert pinned_down(d) == []
    assert all(v >= THRESHOLD for v in shown_values(d))


def test_pooled_rubric_pins_down_no_hidden_figure(client, school):
    s = school
    client.force_login(s.second)
    r = client.get(f"/teams/{s.team.pk}/rubrics/{s.team_rubric.pk}/").context["r"]
    assert r.criteria
    for criterion in r.criteria:
        d = criterion.distribution
        assert any(f.hidden for row in d.rows for f in row.cells)  # 3 scored: all small
        assert pinned_down(d) == []
        assert all(v >= THRESHOLD for v in shown_values(d))
