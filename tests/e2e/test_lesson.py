"""The lesson a teacher runs tomorrow (issue 14), in a real Chromium.

(a) a teacher and three students through the phases with the defects the first real lesson
found; (c) every page at 375 px with long unbroken words and no sideways scroll; (d) is the
id-tampering walk in tests/test_url_walk.py (a test-client walk: no browser is needed to see
a 500).
"""

import os
import re
from pathlib import Path

import pytest
from django.test import Client
from playwright.sync_api import expect

from tests.e2e.conftest import signed_in
from tests.factories import StudentFactory
from tests.progression.factories import make_task
from tests.test_url_walk import TOKEN, patterns
from trellis.curriculum import actions as curriculum
from trellis.grr import Phase
from trellis.progression import actions
from trellis.rosters import actions as rosters

pytestmark = pytest.mark.django_db(transaction=True)

LONG = "Supercalifragilistic" * 12  # 240 characters, no space to break at
ARTIFACTS = Path(os.environ.get("TRELLIS_ARTIFACTS", "tmp/artifacts"))


@pytest.fixture(autouse=True)
def fresh_caches():
    from trellis.progression.queries import clear_readiness_cache
    from trellis.progression.views import clear_grid_cache

    clear_readiness_cache()
    clear_grid_cache()


def three_students(world):
    ben = StudentFactory(school=world.school, username="ben", first_name="Ben", last_name="Zed")
    cleo = StudentFactory(school=world.school, username="cleo", first_name="Cleo", last_name="Y")
    for s in (ben, cleo):
        rosters.enroll(world.klass, s, "student")
    return world.student, ben, cleo


@pytest.fixture
def as_user(new_page, live_server):
    """As the shared fixture, with patient timeouts: this suite drives four browser contexts
    at once on a shared machine."""

    def make(username, **viewport):
        p = new_page(**viewport)
        p.context.set_default_timeout(30_000)
        return signed_in(p, username, live_server.url)

    return make


def no_sideways_scroll(page) -> int:
    """How many pixels the page is wider than the window (0 when nothing scrolls sideways)."""
    return page.evaluate(
        "() => Math.max(0, document.documentElement.scrollWidth - "
        "document.documentElement.clientWidth)"
    )


def test_a_lesson_through_the_phases(world, as_user):
    ana, ben, cleo = three_students(world)
    task = make_task(world.teacher, world.klass, title="Two-step equations", steps=3)
    curriculum.save_release_plan(
        world.teacher, task, independent_assignment="Questions 1 to 8", success_check="2x+1=7?"
    )
    c, t = world.klass.pk, task.pk
    teacher = as_user("teacher")
    teacher.goto(f"/classes/{c}/tasks/{t}/run/")
    teacher.get_by_role("button", name="Start this task").click()
    expect(teacher.get_by_role("status")).to_contain_text("every student is in modeling")

    # Modeling with a pause: 2 of 6 lost (33 %) fires it; going on and back keeps the count.
    projector = as_user("teacher")
    projector.goto(f"/classes/{c}/tasks/{t}/projector/")
    students = {s.username: as_user(s.username) for s in (ana, ben)}
    for p in students.values():
        p.goto(f"/classes/{c}/tasks/{t}/learn/")
        p.get_by_role("button", name="I'm lost").click()
        expect(p.locator(".lost-sent")).to_be_visible()
        expect(p.locator(".lost-sent")).to_be_focused()
    expect(projector.locator(".pause-on")).to_contain_text("Pause and break it down")
    expect(projector.locator(".lost-names")).to_have_count(0)  # never names on the projector
    projector.get_by_role("button", name="Next →").click()
    expect(projector.locator(".lost-count")).to_contain_text("0 of")
    projector.get_by_role("button", name="← Previous").click()
    expect(projector.locator(".lost-count")).to_contain_text("2 of")
    teacher.reload()
    expect(teacher.locator(".lost-names")).to_contain_text(ana.name)
    expect(students["student"].locator(".lost-sent")).to_be_visible()

    # Co-construction: "Follow this" after a live refresh returns to the projector.
    projector.get_by_role("button", name="Ask “what comes next?”").click()
    ana_page = students["student"]
    ana_page.reload()
    ana_page.get_by_label("What comes next?").fill("Subtract 1 from both sides")
    ana_page.get_by_role("button", name="Send my idea").click()
    follow = projector.get_by_role("button", name="Follow this: Subtract 1 from both sides")
    expect(follow).to_be_visible()
    with projector.expect_response(re.compile(r"/run/live/")):
        pass  # one live refresh of the fragment happened
    follow.click()
    expect(projector).to_have_url(re.compile(rf"/classes/{c}/tasks/{t}/projector/$"))
    expect(projector.locator(".stage-count")).to_be_visible()

    # Guided practice: the teacher's observation reaches the student.
    actions.move_students(
        world.teacher, task, [ana.pk, ben.pk, cleo.pk], "advance", to_phase=Phase.GUIDED,
        override=True,
    )  # fmt: skip
    teacher.goto(f"/classes/{c}/tasks/{t}/run/")
    teacher.get_by_label(f"Note about {ana.name} (optional)").fill("Check the sign")
    teacher.get_by_role("button", name=f"Off track: {ana.name}").click()
    expect(teacher.locator(".last-observation").first).to_contain_text("Off track")
    ana_page.goto(f"/classes/{c}/tasks/{t}/learn/")
    expect(ana_page.locator(".teacher-feedback")).to_contain_text("Off track")
    expect(ana_page.locator(".teacher-feedback")).to_contain_text("Check the sign")

    # A stalled student: Cleo rates two steps "1 · lost" → flagged, stepped back to modeling.
    steps = list(task.steps.order_by("position"))
    for step in steps[:2]:
        actions.plan_step(cleo, task, step.pk, "try")
        actions.reflect_step(cleo, task, step.pk, "no idea", 1)
    teacher.goto(f"/classes/{c}/board/")
    cleo_cell = teacher.locator(f"td.cell[data-student='{cleo.pk}']")
    expect(cleo_cell).to_contain_text("stalled")
    expect(cleo_cell).to_contain_text("step back to modeling")
    teacher.get_by_label(cleo.name, exact=True).check()
    teacher.get_by_label("Step back").check()
    teacher.get_by_label("To phase").select_option(str(int(Phase.MODELING)))
    teacher.get_by_label("Note (why)").fill("Re-teach in a small group")
    teacher.get_by_role("button", name="Apply to selected students").click()
    expect(cleo_cell).to_contain_text("Modeling")

    # Independent with a help request: a fresh guided attempt, the old one as history.
    first = task.steps.order_by("position").first()
    actions.plan_step(ana, task, first.pk, "subtract first")
    actions.reflect_step(ana, task, first.pk, "ok", 3)
    actions.move_students(world.teacher, task, [ana.pk], "advance", to_phase=Phase.INDEPENDENT)
    ana_page.reload()
    ana_page.get_by_label("What are you stuck on? (optional)").fill("question 3")
    ana_page.get_by_role("button", name="I need help").click()
    expect(ana_page.get_by_role("heading", name=re.compile("attempt 2"))).to_be_visible()
    expect(ana_page.get_by_role("button", name="Save my plan")).to_be_visible()
    expect(ana_page.get_by_text("Attempt 1 (earlier)")).to_be_visible()
    teacher.goto(f"/classes/{c}/board/")
    expect(teacher.locator(".help-alert")).to_contain_text("question 3")


def _long_world(world):
    """Long unbroken words everywhere a person can type one."""
    ana, ben, cleo = three_students(world)
    for s in (ana, ben):
        s.display_name = LONG[:140]
        s.save()
    task = make_task(world.teacher, world.klass, title=LONG[:200], steps=2)
    curriculum.save_release_plan(
        world.teacher, task, independent_assignment=LONG, success_check=LONG[:290]
    )
    actions.start_task(world.teacher, task)
    actions.set_mode(world.teacher, task, "co_construction")
    actions.suggest_next(ana, task, LONG[:280])
    actions.signal_lost(ben, task)
    actions.move_students(
        world.teacher, task, [cleo.pk], "advance", to_phase=Phase.GUIDED, override=True
    )
    actions.plan_step(cleo, task, task.steps.order_by("position").first().pk, LONG[:280])
    actions.observe(world.teacher, task, cleo.pk, "prompted", LONG[:480])
    return task


@pytest.mark.one_backend
def test_every_page_at_375px_has_no_sideways_scroll(world, as_user):
    task = _long_world(world)
    ids = {"class_id": world.klass.pk, "task_id": task.pk, "student_id": world.student.pk}
    routes = [
        r
        for r in patterns()
        if not any(s in r for s in ("logout", "django-admin", "api/", "static"))
        and all(name in ids for _, name in TOKEN.findall(r))
    ]
    checked, wide = [], []
    for who in ("teacher", "student"):
        probe = Client()
        probe.force_login(getattr(world, who))
        page = as_user(who, width=375, height=800)
        for route in routes:
            url = "/" + TOKEN.sub(lambda m: str(ids[m.group("name")]), route)
            response = probe.get(url)
            if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
                continue
            if b"<html" not in response.content[:500].lower():
                continue  # a fragment, shown inside a page that is checked
            page.goto(url)
            checked.append(url)
            extra = no_sideways_scroll(page)
            if extra > 1:
                wide.append(f"{who} {url}: {extra}px wider than 375")
    assert len(checked) > 10
    assert not wide, "\n".join(wide)


def _big_class(world, students=30, tasks=6):
    """A class of `students` (the world's three included) with `tasks` running tasks."""
    for i in range(students - 3):
        s = StudentFactory(
            school=world.school, username=f"s{i:02d}", first_name=f"Pupil{i:02d}", last_name="Q"
        )
        rosters.enroll(world.klass, s, "student")
    running = []
    for i in range(tasks):
        task = make_task(world.teacher, world.klass, title=f"Task {i + 1}: equations", steps=2)
        actions.start_task(world.teacher, task)
        running.append(task)
    from tests.progression.factories import students_of

    everyone = students_of(world.klass)
    actions.move_students(world.teacher, running[0], [s.pk for s in everyone[:10]], "advance")
    actions.move_students(
        world.teacher, running[1], [s.pk for s in everyone[:8]], "advance", to_phase=2,
        override=True,
    )  # fmt: skip
    return running, everyone


@pytest.mark.one_backend
def test_the_board_at_1366x768_shows_the_class_at_a_glance(world, as_user):
    tasks, everyone = _big_class(world)
    c = world.klass.pk
    teacher = as_user("teacher", width=1366, height=768)
    teacher.goto(f"/classes/{c}/board/")
    # Above the grid: per task, the phases counted in text.
    first = teacher.locator(".glance-task").first
    rest = len(everyone) - 10
    expect(first.locator(".phase-bar")).to_have_text(f"{rest}10")
    first.locator("summary").click()
    expect(first.locator(".phase-tally")).to_contain_text(f"Modeling: {rest}")
    expect(first.locator(".phase-tally")).to_contain_text("Co-construction: 10")
    first.locator("summary").click()
    # The grid scrolled to the top of the screen: 20+ rows and all 6 columns, no sideways
    # scroll; the header row and names stay put (sticky).
    grid = teacher.locator(".board-wrap")
    grid.evaluate("el => el.scrollIntoView({block: 'start'})")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    teacher.screenshot(path=str(ARTIFACTS / "board-1366x768.png"))
    seen = teacher.evaluate(
        """() => {
        const wrap = document.querySelector('.board-wrap').getBoundingClientRect();
        const bottom = Math.min(wrap.bottom, window.innerHeight);
        const rows = [...document.querySelectorAll('table.board tbody tr')].filter(r => {
            const b = r.getBoundingClientRect(); return b.top >= 0 && b.bottom <= bottom; });
        const cols = [...document.querySelectorAll('table.board thead th[data-task]')].filter(
            h => { const b = h.getBoundingClientRect(); return b.left >= 0 && b.right <= 1366; });
        const w = document.querySelector('.board-wrap');
        return {rows: rows.length, cols: cols.length, sideways: w.scrollWidth - w.clientWidth,
                page: document.documentElement.scrollWidth - window.innerWidth};
    }"""
    )
    assert seen["rows"] >= 20, seen
    assert seen["cols"] == 6, seen
    assert seen["sideways"] <= 1 and seen["page"] <= 1, seen
    teacher.locator(".board-wrap").evaluate("el => el.scrollTop = 400")
    header = teacher.locator("table.board thead th.name-col").bounding_box()
    wrap = teacher.locator(".board-wrap").bounding_box()
    assert abs(header["y"] - wrap["y"]) < 3  # the header row stayed at the top

    # The move bar shows once students are ticked, with the task of the column last used.
    expect(teacher.locator("#board-form")).to_be_hidden()
    teacher.locator(f"#cell-{tasks[2].pk}-{everyone[0].pk}").focus()
    expect(teacher.locator("#cell-detail")).to_contain_text(everyone[0].name)
    drawer = teacher.locator("#cell-detail").bounding_box()
    assert drawer["y"] < 768  # next to the grid, not far below it
    teacher.get_by_role("button", name="Close the details").click()
    for s in everyone[12:18]:
        teacher.get_by_label(s.name, exact=True).check()
    expect(teacher.locator("#board-form")).to_be_visible()
    expect(teacher.locator("#id_task")).to_have_value(str(tasks[2].pk))
    teacher.get_by_role("button", name="Apply to selected students").click()
    # Six students: the board asks first.
    expect(teacher.get_by_role("heading", level=1)).to_have_text("Move 6 students?")
    teacher.get_by_role("button", name="Yes, move these 6 students").click()
    expect(teacher.get_by_role("status")).to_contain_text("Moved 6 students on “Task 3")
    cell = teacher.locator(f"td.cell[data-task='{tasks[2].pk}'][data-student='{everyone[12].pk}']")
    expect(cell).to_contain_text("Co-construction")
    teacher.get_by_role("button", name="Undo the last move").click()
    expect(teacher.get_by_role("status")).to_contain_text("Undone: 6 students")
    expect(cell).to_contain_text("Modeling")
    # The CSV downloads from the page.
    with teacher.expect_download() as download:
        teacher.get_by_role("link", name="Download CSV").click()
    assert download.value.suggested_filename == f"release-board-{c}.csv"


def test_live_lesson_tools(world, as_user):
    """Steps added and reordered with buttons, LaTeX typeset by the vendored KaTeX, the
    lesson in one tap from the class page, "I'm with you" in co-construction, one-tap
    observations without a reload, and the teacher's Today page."""
    ana, ben, _ = three_students(world)
    c = world.klass.pk
    target = curriculum.create_target(world.teacher, world.klass, statement="I can halve")
    teacher = as_user("teacher")
    teacher.goto(f"/classes/{c}/tasks/new/")
    teacher.get_by_label("Title").fill("Halves")
    teacher.get_by_label("I can halve").check()
    rows = teacher.locator("[data-step-row]")
    start = rows.count()
    teacher.get_by_role("button", name="Add a step").click()
    expect(rows).to_have_count(start + 1)
    expect(teacher.get_by_role("status").or_(teacher.locator("[data-step-said]"))).to_have_text(
        f"Step {start + 1} added."
    )
    teacher.locator("textarea[name='steps-0-text']").fill(r"Write \(\frac{x}{2} = 3\)")
    teacher.locator(f"textarea[name='steps-{start}-text']").fill("Multiply both sides by 2")
    # The new last step moves to the top: it is saved first.
    teacher.locator("[data-step-row]").last.evaluate("row => row.dataset.mine = '1'")
    mine = teacher.locator("[data-step-row][data-mine]")
    for _ in range(start):
        mine.get_by_role("button", name=re.compile("Move up")).click()
    expect(teacher.locator("[data-step-row] legend").first).to_have_text("Step 1")
    expect(teacher.locator("textarea[name='steps-0-text']")).to_have_value(
        "Multiply both sides by 2"
    )
    teacher.get_by_role("button", name="Save task").click()
    task = world.klass.tasks.get(title="Halves")
    assert [s.text for s in task.steps.all()][:2] == [
        "Multiply both sides by 2",
        r"Write \(\frac{x}{2} = 3\)",
    ]
    assert target in task.targets.all()

    # One tap from the class page starts it; the student reaches it in one tap too.
    teacher.goto(f"/classes/{c}/")
    teacher.get_by_role("button", name="Start Halves").click()
    expect(teacher.get_by_role("status")).to_contain_text("started")
    ana_page = as_user(ana.username)
    ana_page.goto(f"/classes/{c}/")
    ana_page.get_by_role("link", name="Go to the lesson: Halves").click()
    expect(ana_page.get_by_role("heading", level=1)).to_have_text("Halves")

    # Mathematics is typeset on the projector by the KaTeX served here (no CDN).
    projector = as_user("teacher")
    requests = []
    projector.on("request", lambda r: requests.append(r.url))
    errors = []
    projector.on("pageerror", lambda e: errors.append(str(e)))
    projector.goto(f"/classes/{c}/tasks/{task.pk}/projector/")
    projector.get_by_role("button", name="Next →").click()
    expect(projector.locator(".stage-step .katex")).to_be_visible()
    assert all(u.startswith(projector.url.split("/classes/")[0]) for u in requests), requests
    assert not errors, errors

    # Co-construction's quick check.
    projector.get_by_role("button", name="Ask “what comes next?”").click()
    ana_page.reload()
    ana_page.get_by_role("button", name="I'm with you").click()
    expect(ana_page.locator(".with-sent")).to_contain_text("your teacher can see you are following")

    # One-tap observation: no reload, the scroll position kept, the list updated.
    actions.move_students(
        world.teacher, task, [ana.pk, ben.pk], "advance", to_phase=Phase.GUIDED, override=True
    )
    teacher.goto(f"/classes/{c}/tasks/{task.pk}/run/")
    teacher.evaluate("window.scrollTo(0, 300); window.__kept = 1")
    y = teacher.evaluate("window.scrollY")
    teacher.get_by_role("button", name=f"Needed prompting: {ben.name}").click()
    expect(teacher.locator(".observe-said")).to_contain_text(f"Observation saved: {ben.name}")
    expect(teacher.locator(".observe-said")).to_be_focused()
    assert teacher.evaluate("window.__kept") == 1  # the same page: nothing reloaded
    assert abs(teacher.evaluate("window.scrollY") - y) < 150
    expect(teacher.locator(".guided-row", has_text=ben.name)).to_contain_text("Needed prompting")

    # Today: the running lesson and a help request, across classes.
    actions.move_students(world.teacher, task, [ana.pk], "advance")
    actions.request_help(ana, task, "stuck on halves")
    teacher.goto("/")
    teacher.get_by_role("link", name="Today: what needs you now").click()
    expect(teacher.get_by_role("heading", level=1)).to_have_text("Today")
    expect(teacher.locator(".today-class").first).to_contain_text("stuck on halves")
    expect(teacher.locator(".today-class").first).to_contain_text("Halves")


def test_a_step_image_reaches_the_projector(world, as_user, settings, tmp_path):
    """A teacher adds a graph with its alt text to a step; the projector shows it, loaded."""
    from tests.curriculum.test_step_images import tiny_png

    settings.MEDIA_ROOT = tmp_path / "media"
    task = make_task(world.teacher, world.klass, title="Graphs", steps=1)
    c = world.klass.pk
    teacher = as_user("teacher")
    teacher.goto(f"/classes/{c}/tasks/{task.pk}/edit/")
    teacher.locator("input[name='steps-0-image']").set_input_files(
        {"name": "line.png", "mimeType": "image/png", "buffer": tiny_png()}
    )
    teacher.locator("input[name='steps-0-image_alt']").fill("A line rising to the right")
    teacher.get_by_role("button", name="Save task").click()
    expect(teacher.get_by_role("heading", level=1)).to_have_text("Graphs")
    actions.start_task(world.teacher, task)
    projector = as_user("teacher")
    projector.goto(f"/classes/{c}/tasks/{task.pk}/projector/")
    img = projector.get_by_role("img", name="A line rising to the right")
    expect(img).to_be_visible()
    projector.wait_for_function(
        "() => document.querySelector('img.step-image')?.naturalWidth > 0", timeout=10_000
    )
