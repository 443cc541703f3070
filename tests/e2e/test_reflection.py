"""Reflection in a real browser: a recorded reflection (Chromium's fake microphone), then and
now, a collection published to the class and, with approval and consent, to the family; the
guardian's view and comment, the teacher's moderation, and the conference printed as a PDF."""

import re

import pytest
from playwright.sync_api import expect

from tests.charter.pdf import page_count, squash, text
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, axe_violations, signed_in
from tests.factories import UserFactory
from tests.work.factories import assignment_for, hand_in, published_rubric, targets_for
from trellis.accounts.models import Role
from trellis.reflection import actions
from trellis.reflection.models import Audience, Collection, Reflection, Response

pytestmark = pytest.mark.django_db(transaction=True)

MEDIA_ARGS = ["--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream"]


@pytest.fixture
def media_browser(browser):
    """A second Chromium with a fake microphone that needs no permission prompt."""
    instance = browser.browser_type.launch(
        executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS + MEDIA_ARGS
    )
    yield instance
    instance.close()


@pytest.fixture
def scene(world, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    w = world
    w.student.first_name, w.student.last_name = "Ada", "Lovelace"
    w.student.save()
    targets = targets_for(w.teacher, w.klass)
    rubric = published_rubric(w.teacher, w.klass, targets)
    w.assignment = assignment_for(w.teacher, w.klass, rubric, target_ids=[targets[0].pk])
    w.revision = hand_in(w.student, w.assignment, text="My first essay about trees.")
    w.guardian = UserFactory(
        school=w.school, role=Role.GUARDIAN, username="guardian", first_name="Gita"
    )
    actions.link_guardian(w.guardian, w.student)
    w.other_guardian = UserFactory(school=w.school, role=Role.GUARDIAN, username="other_guardian")
    actions.link_guardian(w.other_guardian, w.other_student)
    actions.set_student_age(w.admin, w.student.pk, True)
    return w


def _signed_in(browser, live_server, username, **kw):
    context = browser.new_context(base_url=live_server.url, **kw)
    context.set_default_timeout(15_000)
    return signed_in(context.new_page(), username, live_server.url)


def test_reflect_revisit_publish_and_meet_the_family(media_browser, browser, live_server, scene):
    w = scene
    student = _signed_in(
        media_browser, live_server, "student", viewport={"width": 1280, "height": 900}
    )

    # 1. A reflection after guided practice, spoken aloud with the fake microphone.
    student.goto(f"/reflection/classes/{w.klass.pk}/journal/?moment=guided")
    expect(student.locator("#prompt-text")).to_contain_text("practised with support")
    student.get_by_role("button", name="Start recording").click()
    expect(student.locator("[data-status]")).to_contain_text("Recording")
    student.wait_for_timeout(1500)
    student.get_by_role("button", name="Stop").click()
    expect(student.locator("[data-status]")).to_contain_text("Recorded")
    student.get_by_role("textbox", name="My reflection").fill(
        "Planning each step first helped me most."
    )
    student.get_by_label("What my recording says (optional)").fill("I planned first.")
    student.get_by_role("button", name="Save my reflection").click()
    expect(student.locator(".messages")).to_contain_text("saved in your journal")
    reflection = Reflection.objects.get(author=w.student)
    assert reflection.moment == "guided" and reflection.audio_type == "audio/webm"
    assert reflection.audio_size > 0
    expect(student.locator("article.reflection audio")).to_have_count(1)

    # 2. Then and now: the old essay beside the new reflection.
    student.get_by_role("link", name="Then and now").click()
    student.get_by_label("Then: an old piece").select_option(f"revision:{w.revision.pk}")
    student.get_by_label("Now: a newer piece").select_option(f"reflection:{reflection.pk}")
    student.get_by_label("What changed, and how do I know?").fill("Now I plan before I write.")
    student.get_by_role("button", name="Save my revisit").click()
    expect(student.get_by_role("heading", level=1)).to_have_text("Then and now")
    expect(student.get_by_text("My first essay about trees.")).to_be_visible()

    # 3. A collection, published to the class.
    student.goto(f"/reflection/classes/{w.klass.pk}/collections/")
    student.get_by_label("Name of the collection").fill("My best thinking")
    student.get_by_role("button", name="Start it").click()
    student.get_by_role("combobox", name="Piece").select_option(f"reflection:{reflection.pk}")
    student.get_by_role("button", name="Add", exact=True).click()
    expect(student.locator(".messages")).to_contain_text("Added")
    student.get_by_role("radio", name="My class").check()
    student.get_by_role("button", name="Save who may see it").click()
    expect(student.locator(".messages")).to_contain_text("Shared with: my class")
    collection = Collection.objects.get(student=w.student)
    assert collection.effective_audience == Audience.CLASS

    # ... then to the family: it waits for the teacher.
    student.get_by_role("radio", name="My family").check()
    student.get_by_role("button", name="Save who may see it").click()
    expect(student.locator(".messages")).to_contain_text("waits for approval")

    teacher = _signed_in(browser, live_server, "teacher")
    teacher.goto(f"/reflection/classes/{w.klass.pk}/approvals/")
    teacher.get_by_role("button", name="Approve", exact=True).click()
    expect(teacher.locator(".messages")).to_contain_text("Approved")
    collection.refresh_from_db()
    assert collection.effective_audience == Audience.FAMILY

    # 4. The guardian signs in: only their child, in first name only; consent and a comment.
    guardian = _signed_in(browser, live_server, "guardian")
    expect(guardian.get_by_role("heading", level=1)).to_have_text("My family")
    guardian.get_by_role("link", name="Ada").click()
    guardian.get_by_role("link", name="My best thinking").click()
    expect(guardian.get_by_text("Planning each step first helped me most.")).to_be_visible()
    assert "Lovelace" not in guardian.content()
    assert guardian.locator('meta[name="robots"]').get_attribute("content").startswith("noindex")
    guardian.get_by_role("button", name="I consent to sharing beyond the family").click()
    expect(guardian.locator(".messages")).to_contain_text("consent given")
    guardian.get_by_label("Your comment").fill("We loved hearing how you plan!")
    guardian.get_by_label("This helped me think").check()
    guardian.get_by_role("button", name="Send").click()
    expect(guardian.locator(".messages")).to_contain_text("teacher reads it")
    other = _signed_in(browser, live_server, "other_guardian")
    assert other.request.get(f"/reflection/collections/{collection.pk}/").status == 404
    assert other.request.get(f"/reflection/family/children/{w.student.pk}/").status == 404

    # 5. The student does not see the comment until the teacher shows it.
    student.goto(f"/reflection/collections/{collection.pk}/")
    expect(student.get_by_text("We loved hearing how you plan!")).to_have_count(0)
    teacher.goto(f"/reflection/classes/{w.klass.pk}/approvals/")
    expect(teacher.get_by_text("We loved hearing how you plan!")).to_be_visible()
    teacher.get_by_role("button", name="Show to the student").click()
    expect(teacher.locator(".messages")).to_contain_text("Shown to the student")
    assert Response.objects.get().status == "shown"
    student.goto(f"/reflection/collections/{collection.pk}/")
    expect(student.get_by_text("We loved hearing how you plan!")).to_be_visible()
    expect(student.locator(".bell .badge")).to_be_visible()

    # 6. The conference view prints as clean A4 and Letter pages.
    for paper, size in (("a4", (595, 842)), ("letter", (612, 792))):
        student.goto(f"/reflection/collections/{collection.pk}/conference/?paper={paper}")
        student.emulate_media(media="print")
        pdf = student.pdf(prefer_css_page_size=True, print_background=True)
        student.emulate_media(media="screen")
        assert page_count(pdf) >= 1
        box = re.search(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)", pdf)
        assert (round(float(box.group(1))), round(float(box.group(2)))) == size, paper
        words = squash(text(pdf))
        # Chromium sets "fi" as a ligature; compare words without it.
        assert squash("Planning each step") in words and squash("helped me most") in words
        assert squash("My best thinking") in words
        assert squash("Print or save as PDF") not in words


def test_a_class_of_another_school_in_the_network_reads_the_published_piece(
    browser, live_server, scene
):
    """The "class or school my teacher linked" step across schools: the schools share a network
    (each joined by its own leader); the teacher links a class of the other school; its student
    reads the piece (first name only), never the author's other work; their comment waits."""
    from trellis.collaboration import actions as network_actions
    from trellis.rosters.models import Enrollment

    w = scene
    actions.set_student_age(w.admin, w.student.pk, False)
    network = network_actions.create_network(w.leader, name="District")
    network_actions.join_network(w.far_admin, code=network.join_code)
    far_student = Enrollment.objects.filter(classroom=w.far_class, role="student").first().user
    c = actions.create_collection(w.student, w.klass, "How I plan")
    shown = actions.write_reflection(w.student, w.klass, moment="guided", body="I plan first.")
    hidden = actions.write_reflection(w.student, w.klass, moment="free", body="Only for me.")
    actions.add_piece(w.student, c.pk, "reflection", shown.pk, "My plan.")

    student = _signed_in(browser, live_server, "student")
    student.goto(f"/reflection/collections/{c.pk}/")
    student.get_by_role("radio", name="A class or school my teacher linked").check()
    student.get_by_role("button", name="Save who may see it").click()
    expect(student.locator(".messages")).to_contain_text("waits for approval")

    teacher = _signed_in(browser, live_server, "teacher")
    teacher.goto(f"/reflection/collections/{c.pk}/")
    choice = teacher.get_by_label("Linked class (for “a class or school my teacher linked”)")
    expect(choice.locator(f'optgroup[label="{w.far_school.name}"] option')).to_have_text(
        [w.far_class.name]
    )
    choice.select_option(label=w.far_class.name)
    teacher.get_by_role("button", name="Save the link").click()
    expect(teacher.locator(".messages")).to_contain_text("The linked class is saved")
    expect(teacher.locator("main")).to_contain_text(
        f"Linked now: {w.far_class.name}, {w.far_school.name}."
    )
    far = _signed_in(browser, live_server, far_student.username)
    assert far.request.get(f"/reflection/collections/{c.pk}/").status == 404  # not approved yet
    teacher.get_by_role("button", name=re.compile("^Approve sharing with")).click()
    expect(teacher.locator(".messages")).to_contain_text("Approved")

    far.goto(f"/reflection/collections/{c.pk}/")
    expect(far.get_by_role("heading", level=1)).to_have_text("How I plan")
    expect(far.get_by_text("I plan first.")).to_be_visible()
    assert "Lovelace" not in far.content() and "Only for me." not in far.content()
    assert w.klass.name not in far.locator("main").inner_text()
    for url in (
        f"/reflection/classes/{w.klass.pk}/journal/",
        f"/reflection/reflections/{hidden.pk}/audio/",
        f"/work/revisions/{w.revision.pk}/",
    ):
        assert far.request.get(url).status == 404, url
    far.get_by_label("Your comment").fill("I will plan first too.")
    far.get_by_role("button", name="Send").click()
    expect(far.locator(".messages")).to_contain_text("teacher reads it")
    student.goto(f"/reflection/collections/{c.pk}/")
    expect(student.get_by_text("I will plan first too.")).to_have_count(0)


@pytest.mark.one_backend
def test_reflection_and_family_pages_pass_axe_at_375_px(browser, live_server, scene):
    """Every reflection and family page, as its reader sees it on a phone: no serious or
    critical axe finding and no sideways scroll."""
    w = scene
    c = actions.create_collection(w.student, w.klass, "My best thinking")
    r = actions.write_reflection(w.student, w.klass, moment="guided", body="Planning helped.")
    actions.add_piece(w.student, c.pk, "reflection", r.pk, "It shows how I plan.")
    actions.choose_audience(w.student, c.pk, Audience.FAMILY, 1, family_may_comment=True)
    actions.approve_audience(w.teacher, c.pk)
    actions.require_revisit(w.teacher, w.assignment.pk, True)
    phone = {"viewport": {"width": 375, "height": 800}}
    pages = {
        w.student.username: [
            f"/reflection/classes/{w.klass.pk}/journal/",
            f"/reflection/classes/{w.klass.pk}/timeline/",
            f"/reflection/classes/{w.klass.pk}/collections/",
            f"/reflection/classes/{w.klass.pk}/revisits/new/",
            f"/reflection/collections/{c.pk}/",
            f"/work/assignments/{w.assignment.pk}/",
            "/reflection/notices/",
        ],
        w.teacher.username: [
            f"/reflection/classes/{w.klass.pk}/",
            f"/reflection/classes/{w.klass.pk}/approvals/",
            f"/reflection/classes/{w.klass.pk}/family-codes/",
            f"/reflection/collections/{c.pk}/",
            f"/work/assignments/{w.assignment.pk}/",
        ],
        w.guardian.username: [
            "/reflection/family/",
            f"/reflection/family/children/{w.student.pk}/",
            f"/reflection/family/children/{w.student.pk}/classes/{w.klass.pk}/",
            f"/reflection/collections/{c.pk}/",
        ],
        w.admin.username: [f"/reflection/students/{w.student.pk}/age/"],
    }
    found = []
    for username, urls in pages.items():
        p = _signed_in(browser, live_server, username, **phone)
        for url in urls:
            response = p.goto(url)
            assert response.status == 200, (username, url, response.status)
            found += [f"{url}: {v}" for v in axe_violations(p)]
            overflow = p.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            if overflow > 0:
                found.append(f"{url}: {overflow}px sideways scroll at 375 px")
        p.context.close()
    p = _signed_in(browser, live_server, w.student.username, **phone)
    p.goto("/reflection/family/join/")
    found += [f"join: {v}" for v in axe_violations(p)]
    p.context.close()
    assert found == []
