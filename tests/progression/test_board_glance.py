"""The release board at a glance (issue 14): the per-task summary above the grid, compact
cells, a bulk move that asks first, undo of the last move, and the CSV export."""

import csv
import io
from html import unescape

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


def test_a_one_tap_observation_answers_with_the_guided_list(client, lesson):
    teacher, klass, task, students = lesson
    actions.move_students(teacher, task, [students[0].pk], "advance", to_phase=2, override=True)
    client.force_login(teacher)
    url = reverse("progression:observe", args=[klass.pk, task.pk])
    hx = {"HX-Request": "true"}
    answer = client.post(url, {"student": students[0].pk, "seen": "off-track"}, headers=hx)
    html = answer.content.decode()
    assert answer.status_code == 200 and 'id="guided-list"' in html
    assert f"Observation saved: {students[0].name}, off track." in html
    assert "Off track" in html  # the last observation, in words
    # A mistake says what was wrong and keeps the note typed.
    bad = client.post(url, {"student": students[0].pk, "seen": "??", "note": "kept"}, headers=hx)
    assert 'role="alert"' in bad.content.decode() and 'value="kept"' in bad.content.decode()
    polled = client.get(reverse("progression:run_guided", args=[klass.pk, task.pk]))
    assert students[0].name in polled.content.decode()


def test_co_construction_evidence_picks_and_quick_checks(client, lesson):
    from trellis.progression import engine

    teacher, klass, task, students = lesson
    ana, ben = students[0], students[1]
    actions.move_students(teacher, task, [ana.pk, ben.pk], MoveKind.ADVANCE)
    actions.set_mode(teacher, task, "co_construction")
    idea = actions.suggest_next(ana, task, "subtract 5")
    actions.pick_suggestion(teacher, task, idea.pk)
    client.force_login(ben)
    url = reverse("progression:learn_lost", args=[klass.pk, task.pk])
    hx = {"HX-Request": "true"}
    said = client.post(url, {"with": "us"}, headers=hx).content.decode()
    assert "your teacher can see you are following" in said
    client.post(url, headers=hx)
    actions.show_step(teacher, task, delta=1)
    client.post(url, headers=hx)
    targets = [t.pk for t in task.targets.all()]
    rows = engine.ClassEvidence.of(engine.load_rows(klass, targets))
    picked = rows.for_task(ana.pk, task.pk, targets)
    assert [e.kind.value for e in picked] == ["observation"]  # the followed suggestion
    client.force_login(teacher)
    html = client.get(reverse("progression:board", args=[klass.pk])).content.decode()
    cell = html[html.index(f'id="cell-{task.pk}-{ben.pk}"') :][:1500]
    assert "step back" in cell and "step back to modeling" in cell


def test_a_stale_board_says_who_moved_whom_in_french(client, lesson):
    """The board's refusal when someone moved a student meanwhile: each move named, in French
    (it was an English sentence built piece by piece)."""
    teacher, klass, task, students = lesson
    teacher.language = "fr-ca"
    teacher.save(update_fields=["language"])
    actions.move_students(teacher, task, [students[0].pk], MoveKind.ADVANCE)  # elsewhere
    client.force_login(teacher)
    response = _post_move(client, klass, task, students[:1])
    if response.status_code == 302:  # the board again, with the refusal as a message
        response = client.get(response["Location"])
    html = unescape(response.content.decode())
    assert "Ceci a changé pendant que vous regardiez" in html
    assert f"{students[0].name} est maintenant en" in html
    assert f"(transfert fait par {teacher.name})" in html
    assert "changed while you were looking" not in html
