"""The defects found running a real lesson (issue 14), each pinned by a test that failed
before its fix. The browser halves live in tests/e2e/test_lesson.py."""

import html
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import PASSWORD
from tests.progression.factories import running_task, students_of
from trellis.common.errors import UserError
from trellis.grr import Evidence, Phase, recommend
from trellis.progression import actions, queries
from trellis.progression.models import GuidedEntry

pytestmark = pytest.mark.django_db


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def to_phase(world, task, students, phase):
    actions.move_students(
        world.teacher, task, [s.pk for s in students], "advance", to_phase=phase, override=True
    )


# 1. forms inside a polled fragment return to the page the person is on
def test_polled_fragment_forms_return_to_the_page_not_the_fragment(world, client):
    task = running_task(world.teacher, world.klass)
    actions.set_mode(world.teacher, task, "co_construction")
    actions.suggest_next(world.student, task, "subtract 5")
    login(client, world.teacher)
    projector = reverse("progression:projector", args=[world.klass.pk, task.pk])
    page = client.get(projector).content.decode()
    live_url = html.unescape(page.split('id="teacher-live"')[1].split('hx-get="')[1].split('"')[0])
    fragment = client.get(live_url).content.decode()
    assert f'name="next" value="{projector}"' in fragment
    assert "run/live/" not in fragment.split('name="next"')[1].split(">")[0]
    # A forged "here" pointing elsewhere falls back to the run page.
    forged = client.get(
        reverse("progression:run_live", args=[world.klass.pk, task.pk]) + "?here=https://evil.test/"
    ).content.decode()
    assert "evil.test" not in forged


# 2. lost reports belong to their step and count for the whole window
def test_lost_reports_survive_going_to_the_next_step_and_back(world):
    task = running_task(world.teacher, world.klass)
    students = students_of(world.klass)
    actions.signal_lost(students[0], task)
    actions.signal_lost(students[1], task)
    actions.show_step(world.teacher, task, delta=1)
    assert queries.live_for_teacher(task).lost == 0  # step 2: nobody lost on it yet
    actions.show_step(world.teacher, task, delta=-1)
    live = queries.live_for_teacher(task)
    assert live.lost == 2 and live.pause.triggered
    # The student's "I'm lost" button stays answered.
    assert queries.student_task(students[0], task).lost_on_step
    # Outside the window it no longer counts.
    later = timezone.now() + timedelta(minutes=11)
    assert queries.live_for_teacher(task, now=later).lost == 0


# 3. the pause share divides by the students in modeling / co-construction for this task
def test_pause_share_divides_by_students_being_shown_the_steps(world):
    task = running_task(world.teacher, world.klass)
    students = students_of(world.klass)  # 4
    to_phase(world, task, students[1:], Phase.GUIDED)  # 3 working alone, 1 re-taught
    actions.signal_lost(students[0], task)
    live = queries.live_for_teacher(task)
    assert (live.lost, live.class_size) == (1, 1) and live.pause.triggered


# 4. "I need help" starts a fresh guided attempt; the earlier attempt is history
def test_help_request_starts_a_fresh_guided_attempt(world, client):
    task = running_task(world.teacher, world.klass, steps=2)
    student = world.student
    to_phase(world, task, [student], Phase.GUIDED)
    for step in task.steps.order_by("position"):
        actions.plan_step(student, task, step.pk, f"plan {step.position}")
        actions.reflect_step(student, task, step.pk, f"went ok {step.position}", 3)
    to_phase(world, task, [student], Phase.INDEPENDENT)
    actions.request_help(student, task, "stuck on q3")
    st = queries.student_task(student, task)
    assert st.phase["value"] == Phase.GUIDED and st.attempt == 2
    assert st.entries == {} and [e.plan for e in st.history[1]] == ["plan 0", "plan 1"]
    login(client, student)
    page = client.get(reverse("progression:learn", args=[world.klass.pk, task.pk])).content
    page = page.decode()
    assert "Save my plan" in page and "Attempt 1 (earlier)" in page
    first = task.steps.order_by("position").first()
    actions.plan_step(student, task, first.pk, "again")
    assert GuidedEntry.objects.filter(student=student, step=first).count() == 2


# 11. guided step order is enforced in the action
def test_plan_for_a_later_step_is_refused_until_earlier_steps_are_reflected(world):
    task = running_task(world.teacher, world.klass, steps=3)
    to_phase(world, task, [world.student], Phase.GUIDED)
    steps = list(task.steps.order_by("position"))
    with pytest.raises(UserError, match="Step 1 comes first"):
        actions.plan_step(world.student, task, steps[2].pk, "skip ahead")
    actions.plan_step(world.student, task, steps[0].pk, "first")
    with pytest.raises(UserError, match="Step 1 comes first"):
        actions.plan_step(world.student, task, steps[1].pk, "not yet reflected")
    actions.reflect_step(world.student, task, steps[0].pk, "done")
    actions.plan_step(world.student, task, steps[1].pk, "now")


# 6. the teacher sees who is lost (run page), never the projector or a student
def test_lost_names_on_the_run_page_only(world, client):
    task = running_task(world.teacher, world.klass)
    actions.signal_lost(world.student, task)
    name = world.student.name
    login(client, world.teacher)
    args = [world.klass.pk, task.pk]
    run_page = client.get(reverse("progression:run", args=args)).content.decode()
    assert name in run_page.split('id="teacher-live"')[1]
    projector = client.get(reverse("progression:projector", args=args)).content.decode()
    assert name not in projector
    live_url = reverse("progression:run_live", args=args)
    assert name not in client.get(live_url + "?here=/").content.decode()
    assert name in client.get(live_url + "?names=1").content.decode()
    other = students_of(world.klass)[1]
    client.logout()
    login(client, other)
    learn = client.get(reverse("progression:learn", args=args)).content.decode()
    assert name not in learn


# 7. day names in reasons are in the school's time zone
def test_reason_day_names_use_the_zone_of_now():
    toronto = ZoneInfo("America/Toronto")
    asked = datetime(2026, 11, 28, 4, 36, tzinfo=ZoneInfo("UTC"))  # Friday 23:36 in Toronto
    now = datetime(2026, 11, 28, 0, 0, tzinfo=toronto)
    rec = recommend(Phase.GUIDED, [Evidence.help_request("t", asked)], now=now)
    assert "Friday" in rec.reason and "Saturday" not in rec.reason


def test_pages_use_the_school_time_zone(world, client):
    world.school.time_zone = "Asia/Tokyo"
    world.school.save()
    login(client, world.teacher)
    client.get(reverse("progression:board", args=[world.klass.pk]))
    from trellis.accounts.middleware import school_zone

    assert str(school_zone(world.school)) == "Asia/Tokyo"
    task = running_task(world.teacher, world.klass)
    to_phase(world, task, [world.student], Phase.INDEPENDENT)
    help_request = actions.request_help(world.student, task, "x")
    page = client.get(reverse("progression:run", args=[world.klass.pk, task.pk])).content
    tokyo = timezone.localtime(help_request.created_at, ZoneInfo("Asia/Tokyo"))
    assert tokyo.strftime("%H:%M") in page.decode()


# 8. the restart message is true when phases were kept
def test_restart_says_phases_are_kept(world, client):
    task = running_task(world.teacher, world.klass)
    to_phase(world, task, [world.student], Phase.GUIDED)
    actions.end_task(world.teacher, task)
    login(client, world.teacher)
    response = client.post(
        reverse("progression:run_start", args=[world.klass.pk, task.pk]), follow=True
    )
    text = response.content.decode()
    assert "keeps the phase they had" in text and "every student is in modeling" not in text


# 9. tampered ids named in the issue
def test_tampered_suggestion_id_is_a_message_not_a_500(world, client):
    task = running_task(world.teacher, world.klass)
    login(client, world.teacher)
    for bad in ("abc", "-1", str(2**70), ""):
        response = client.post(
            reverse("progression:pick", args=[world.klass.pk, task.pk]), {"suggestion": bad}
        )
        assert response.status_code in (302, 404)


# 12. "last observation" in words with the note; the student sees it as feedback
def test_observation_in_words_with_note_for_teacher_and_student(world, client):
    task = running_task(world.teacher, world.klass)
    to_phase(world, task, [world.student], Phase.GUIDED)
    actions.observe(world.teacher, task, world.student.pk, "off-track", "check the sign")
    login(client, world.teacher)
    page = client.get(reverse("progression:run", args=[world.klass.pk, task.pk])).content.decode()
    assert "Off track" in page and "check the sign" in page
    assert "off-track</p>" not in page
    client.logout()
    login(client, world.student)
    mine = client.get(reverse("progression:learn", args=[world.klass.pk, task.pk])).content
    assert "Off track" in mine.decode() and "check the sign" in mine.decode()


# The stall rule on the board: quiet in guided practice → stalled, step back to modeling.
def test_a_quiet_student_in_guided_practice_is_stalled_and_stepped_back(world):
    task = running_task(world.teacher, world.klass)
    to_phase(world, task, [world.student], Phase.GUIDED)
    board = queries.board(world.teacher, world.klass)
    cell = next(c for r in board.rows if r.student == world.student for c in r.cells)
    assert not cell.stalled
    later = timezone.now() + timedelta(minutes=16)
    board = queries.board(world.teacher, world.klass, now=later)
    cell = next(c for r in board.rows if r.student == world.student for c in r.cells)
    assert cell.stalled and cell.rec.to == Phase.MODELING
    assert "no work for 16 minutes" in cell.rec.reason
    others = [c for r in board.rows if r.student != world.student for c in r.cells]
    assert not any(c.stalled for c in others)  # modeling students never stall
    actions.move_students(
        world.teacher, task, [world.student.pk], "step_back", to_phase=Phase.MODELING,
        note=cell.rec.reason,
    )  # fmt: skip
    assert queries.student_task(world.student, task).phase["value"] == Phase.MODELING
