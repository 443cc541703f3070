"""The release board at a glance (issue 14): the per-task summary above the grid, compact
cells, a bulk move that asks first, undo of the last move, and the CSV export."""

import csv
import io

import pytest
from django.urls import reverse

from tests.factories import StudentFactory, TeacherFactory, class_with
from tests.progression.factories import running_task, students_of
from trellis.grr import MoveKind, Phase
from trellis.progression import actions
from trellis.progression.models import PhaseMove, StudentPhase
from trellis.progression.views.boards import spreadsheet_safe
from trellis.rosters import actions as rosters

pytestmark = pytest.mark.django_db


@pytest.fixture
def lesson():
    teacher = TeacherFactory()
    klass = class_with(teacher, students=8)
    task = running_task(teacher, klass)
    return teacher, klass, task, students_of(klass)


def _post_move(client, klass, task, students, **extra):
    data = {"task": task.pk, "kind": "advance", "student": [s.pk for s in students], "note": ""}
    data.update({f"v-{task.pk}-{s.pk}": 0 for s in students})
    data.update(extra)
    return client.post(reverse("progression:board_move", args=[klass.pk]), data)


def test_the_summary_counts_phases_and_names_who_needs_the_teacher(client, lesson):
    teacher, klass, task, students = lesson
    actions.move_students(teacher, task, [s.pk for s in students[:3]], MoveKind.ADVANCE)
    actions.move_students(teacher, task, [students[3].pk], "advance", to_phase=3, override=True)
    actions.request_help(students[3], task, "stuck")
    client.force_login(teacher)
    html = client.get(reverse("progression:board", args=[klass.pk])).content.decode()
    # Counts in text (never colour alone), and the tally for screen readers.
    assert "Modeling: <strong>4</strong>" in html
    assert "Co-construction: <strong>3</strong>" in html
    assert "Guided: <strong>1</strong>" in html
    assert "Modeling 4, Co-construction 3, Guided 1." in html
    assert f"{students[3].name} (asked for help" in html
    assert "1 needs you" in html
    # Icons are SVG from one sprite, next to the phase's name.
    assert '<symbol id="ph-2"' in html and "✋" not in html and "◉" not in html


def test_a_bulk_move_over_five_asks_first_and_moves_on_yes(client, lesson):
    teacher, klass, task, students = lesson
    client.force_login(teacher)
    asked = _post_move(client, klass, task, students[:6], note="ready")
    assert asked.status_code == 200
    html = asked.content.decode()
    assert "Move 6 students?" in html and students[0].name in html
    assert 'name="note" value="ready"' in html
    assert not PhaseMove.objects.filter(task=task).exists()
    done = _post_move(client, klass, task, students[:6], note="ready", confirm="1")
    assert done.status_code == 302
    assert PhaseMove.objects.filter(task=task).count() == 6
    # Five or fewer: no question.
    assert _post_move(client, klass, task, students[6:8]).status_code == 302


def test_the_last_move_can_be_undone_as_a_new_logged_move(client, lesson):
    teacher, klass, task, students = lesson
    client.force_login(teacher)
    _post_move(client, klass, task, students[:2], kind="advance")
    board = client.get(reverse("progression:board", args=[klass.pk])).content.decode()
    assert "Undo the last move" in board
    response = client.post(reverse("progression:board_undo", args=[klass.pk]), follow=True)
    assert "Undone: 2 students back where they were" in response.content.decode()
    for s in students[:2]:
        sp = StudentPhase.objects.get(task=task, student=s)
        assert (sp.phase, sp.version) == (Phase.MODELING, 2)
    last = PhaseMove.objects.filter(task=task, student=students[0]).order_by("-id").first()
    assert (last.from_phase, last.to_phase, last.note) == (1, 0, "Undo of the last move")
    # Undone once: the button is gone, and a second undo says there is nothing to undo.
    again = client.post(reverse("progression:board_undo", args=[klass.pk]), follow=True)
    assert "There is no move to undo on this board." in again.content.decode()


def test_undo_is_refused_when_someone_moved_the_student_since(client, lesson):
    teacher, klass, task, students = lesson
    client.force_login(teacher)
    _post_move(client, klass, task, students[:1])
    actions.move_students(teacher, task, [students[0].pk], MoveKind.ADVANCE)  # elsewhere
    response = client.post(reverse("progression:board_undo", args=[klass.pk]), follow=True)
    assert "Could not undo: This changed while you were looking" in response.content.decode()
    assert StudentPhase.objects.get(task=task, student=students[0]).phase == Phase.GUIDED


def test_the_csv_is_safe_in_a_spreadsheet(client, lesson):
    teacher, klass, task, _ = lesson
    sly = StudentFactory(school=klass.school, first_name="=HYPERLINK(1)", last_name="-2")
    rosters.enroll(klass, sly, "student")
    client.force_login(teacher)
    response = client.get(reverse("progression:board_csv", args=[klass.pk]))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:3] == ["Student", f"{task.title}: phase", f"{task.title}: capability"]
    names = [r[0] for r in rows[1:]]
    assert "'=HYPERLINK(1) -2" in names
    assert all(not n.startswith(("=", "+", "-", "@")) for r in rows for n in r)
    assert [spreadsheet_safe(v) for v in ("@x", "+1", "\tx", "ok")] == ["'@x", "'+1", "'\tx", "ok"]
