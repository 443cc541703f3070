"""The page walk: every page each role may open, checked in Chromium (tests/e2e/test_pages_*.py).

The pages are read from the URL resolver (like tests/test_url_walk.py), so a page another app
adds tomorrow is walked too. `build_scene` writes, through the apps' own actions, a school with
an object behind every path argument (a lesson mid-run, a check-in, a charter with pulses, a
co-designed rubric with feedback, a teacher team with its inquiry, round, observation and
decision, a student's reflections and a collection shared with a guardian).

Each role signs in once; each page is opened once and checked three ways in that one load:
axe-core (WCAG 2.0, 2.1 and 2.2 A/AA rules, target size included) at 1366 px, and its
layout-dependent rules again at 375 px (LAYOUT_RULES; serious and critical nodes fail), then
at 320 px the document must not scroll sideways (WCAG 1.4.10): a table wider than that sits
in a focusable, named region
(`<div class="table-wrap" role="region" aria-label="…" tabindex="0">`), which scrolls itself.
"""

import time
from datetime import timedelta

from django.test import Client
from django.utils import timezone

from tests.e2e.conftest import axe_violations, sign_in
from tests.test_url_walk import SKIP, TOKEN, patterns

# Not pages: files and fragments other pages load, and the sign-in flows' one-time links.
NOT_PAGES = ("api/v1/", "sign-in/sso/", "sign-in/reset/<", "sign-in/invitation/", "/image/")
WIDE, PHONE, NARROW = 1366, 375, 320
# The axe rules whose outcome can change with the window's width (sizes, overlap, contrast over
# what lies behind, boxes that start scrolling, what is shown or hidden by a media query).
# The rest (names, roles, ARIA, structure) read the same markup at any width: they run once,
# at 1366 px, with the whole WCAG 2.0–2.2 A/AA set; at 375 px the walk reruns these.
LAYOUT_RULES = (
    "target-size",
    "color-contrast",
    "scrollable-region-focusable",
    "link-in-text-block",
    "label-content-name-mismatch",
    "meta-viewport",
    "css-orientation-lock",
    "nested-interactive",
    "aria-hidden-focus",
)


class Scene:
    """Ids for the path arguments; `fill` writes them into a route."""

    def __init__(self):
        self.ids: dict[str, object] = {}
        # Some names mean different objects under different prefixes.
        self.by_prefix: list[tuple[str, dict[str, object]]] = []
        self.users: dict[str, object] = {}

    def fill(self, route: str) -> str:
        ids = dict(self.ids)
        for prefix, extra in self.by_prefix:
            if route.startswith(prefix):
                ids.update(extra)

        def one(m):
            return str(ids.get(m.group("name"), 1))

        return "/" + TOKEN.sub(one, route)


def page_routes() -> list[str]:
    return [
        r
        for r in patterns()
        if not any(s in r for s in SKIP) and not any(n in r for n in NOT_PAGES)
    ]


def build_scene(world) -> Scene:
    from tests.charter.factories import published_charter
    from tests.checkins.factories import checkin_with, exit_run, single
    from tests.collaboration.scenes import build_team_scene
    from tests.factories import UserFactory
    from tests.progression.factories import running_task
    from tests.work.factories import (
        assignment_for,
        criteria_of,
        hand_in,
        published_rubric,
        targets_for,
    )
    from trellis.accounts.models import Role
    from trellis.charter import actions as charter_actions
    from trellis.charter.models import Kickoff
    from trellis.checkins import actions as checkin_actions
    from trellis.collaboration import actions as team_actions
    from trellis.curriculum import actions as curriculum_actions
    from trellis.grr import Phase
    from trellis.progression import actions
    from trellis.reflection import actions as reflection_actions
    from trellis.rosters import actions as roster_actions
    from trellis.work.actions import feedback as feedback_actions
    from trellis.work.actions import rubrics as rubric_actions

    w, s = world, Scene()
    today = timezone.localdate()
    roster_actions.form_teams(w.teacher, w.klass, seed=1)
    classmate = next(
        e.user for e in w.klass.enrollments.filter(role="student").exclude(user=w.student)
    )
    # The lesson (as the URL walk's).
    task = running_task(w.teacher, w.klass)
    actions.set_mode(w.teacher, task, "co_construction")
    suggestion = actions.suggest_next(w.student, task, "subtract 5")
    actions.move_students(
        w.teacher, task, [w.student.pk], "advance", to_phase=Phase.INDEPENDENT, override=True
    )
    help_request = actions.request_help(w.student, task, "stuck")
    checkin, (q,) = checkin_with(w.teacher, [single(target=task.targets.first())])
    run = exit_run(w.teacher, checkin, w.klass)
    checkin_actions.submit_answer(w.student, run, q.pk, {"keys": ["B"]})
    # A second check-in puts a long question in the bank: the editor offers to add it.
    long_prompt = "A recipe for 4 people uses 3 eggs; how many eggs does the same recipe need "
    checkin_with(w.teacher, [single(prompt=long_prompt + "for 10 people, and why?")])
    # The charter: published, endorsed, revised, with a pulse.
    version = published_charter(
        w.teacher, w.klass,
        see=("We learn from mistakes", "Everyone learns at their own pace, and that is fine"),
        act=("Frequent check-ins", "Chances to revise our work after feedback from a friend"),
    )  # fmt: skip
    kickoff = Kickoff.objects.get(classroom=w.klass)
    prompt = kickoff.prompts.first()
    student_team = w.klass.teams.first()
    summary_item = kickoff.summary_items.first()
    contribution = summary_item.contributions.first()
    pulse = charter_actions.schedule_pulse(w.teacher, w.klass, today)
    draft = charter_actions.start_revision(w.teacher, w.klass)
    draft_item = draft.items.first()
    # Work: a co-designed rubric, an assignment, a hand-in with feedback from a peer.
    targets = targets_for(w.teacher, w.klass)
    rubric = published_rubric(w.teacher, w.klass, targets)
    rubric_actions.set_codesign(w.teacher, rubric, is_open=True, prompt="What makes it good?")
    proposal = rubric_actions.propose(w.student, rubric, kind="criterion", text="Sources named")
    assignment = assignment_for(w.teacher, w.klass, rubric, target_ids=[targets[0].pk])
    revision = hand_in(w.student, assignment)
    item = feedback_actions.give_feedback(
        w.teacher,
        revision,
        criterion_id=criteria_of(assignment)[0]["id"],
        body="Keep your second paragraph: the data on shade makes the case. Name the study.",
        send_anyway=True,
    )
    # Teacher teams (collaboration).
    team = build_team_scene(w, sizes=(6, 6, 2))
    practice = team_actions.create_practice(
        w.teacher, title="Think-pair-share", description="Pairs first.", subject="Maths",
        targets_text="ratios",
    )  # fmt: skip
    inquiry = team_actions.open_inquiry(
        w.teacher, team.team, question="Do pairs help?", starts_on=today,
        ends_on=today + timedelta(days=9), measure_id=team.checkin.pk, practice_id=practice.pk,
    )  # fmt: skip
    team_actions.set_focus(w.leader, title="Feedback")
    moderation = team_actions.create_round(
        w.teacher, team.team, title="Essays", criteria=["Reasoning"], levels=4, pieces=["A", "B"]
    )
    piece = moderation.pieces.order_by("label").first()
    observation = team_actions.invite_observer(
        w.teacher, observer_id=w.other_teacher.pk, focus="Release", lesson_on=today,
        team_id=team.team.pk,
    )  # fmt: skip
    team_actions.record_notes(w.other_teacher, observation.pk, saw="Saw", students_did="Did",
                              wondered="")  # fmt: skip
    decision = team_actions.log_decision(
        w.teacher, team.team, proposal="Exit tickets daily", decision="Try for a month",
        review_on=today, participant_ids=[w.teacher.pk, w.other_teacher.pk],
    )  # fmt: skip
    trust = team_actions.open_trust_pulse(w.leader, title="Autumn", opens_on=today,
                                          closes_on=today + timedelta(days=7))  # fmt: skip
    # A common task, a common rubric and a network of schools: the pooled tables' pages.
    common_task = curriculum_actions.create_task(
        w.teacher, team.classes[0], title="Proportions", shared_with_team=True, steps=["Solve"]
    )
    team_rubric = team_actions.share_rubric(w.teacher, team.team, rubric.pk)
    network = team_actions.create_network(w.leader, name="District")
    # Reflection and families.
    reflection = reflection_actions.write_reflection(
        w.student, w.klass, moment="guided", body="Drawing it first helped."
    )
    later = reflection_actions.write_reflection(
        w.student, w.klass, moment="guided", body="Now I check my units."
    )
    revisit = reflection_actions.make_revisit(
        w.student, w.klass, then_kind="reflection", then_id=reflection.pk,
        now_kind="reflection", now_id=later.pk, note="I check units now.",
    )  # fmt: skip
    collection = reflection_actions.create_collection(w.student, w.klass, "My best thinking")
    reflection_actions.add_piece(w.student, collection.pk, "reflection", reflection.pk, "Plan.")
    guardian = UserFactory(
        school=w.school, role=Role.GUARDIAN, username="guardian", first_name="Gita"
    )
    guardian_link = reflection_actions.link_guardian(guardian, w.student)
    s.users = {
        "student": w.student,
        "teacher": w.teacher,
        "leader": w.leader,
        "admin": w.admin,
        "guardian": guardian,
    }
    s.ids = {
        "class_id": w.klass.pk,
        "task_id": task.pk,
        "student_id": w.student.pk,
        "person_id": classmate.pk,
        "help_id": help_request.pk,
        "suggestion_id": suggestion.pk,
        "run_id": run.pk,
        "checkin_id": checkin.pk,
        "question_id": q.pk,
        "item_id": checkin.items.first().pk,
        "target_id": task.targets.first().pk,
        "key": version.items.first().key,
        "number": 1,
        "prompt_id": prompt.pk,
        "team_id": team.team.pk,
        "pulse_id": trust.pk,
        "contribution_id": getattr(contribution, "pk", 1),
        "teacher_id": w.other_teacher.pk,
        "inquiry_id": inquiry.pk,
        "practice_id": practice.pk,
        "round_id": moderation.pk,
        "piece_id": piece.pk,
        "observation_id": observation.pk,
        "decision_id": decision.pk,
        "rubric_id": rubric.pk,
        "proposal_id": proposal.pk,
        "assignment_id": assignment.pk,
        "submission_id": revision.submission_id,
        "revision_id": revision.pk,
        "reflection_id": reflection.pk,
        "revisit_id": revisit.pk,
        "collection_id": collection.pk,
        "link_id": guardian_link.pk,
        "team_rubric_id": team_rubric.pk,
        "network_id": network.pk,
    }
    s.by_prefix = [
        ("charter/", {"item_id": draft_item.pk, "team_id": student_team.pk, "pulse_id": pulse.pk}),
        ("work/feedback/", {"item_id": item.pk}),
        ("reflection/family/links/", {"link_id": guardian_link.pk}),
        ("teams/", {"task_id": common_task.pk, "checkin_id": team.checkin.pk}),
    ]
    return s


def pages_for(scene: Scene, who: str) -> list[str]:
    """The pages (full HTML documents answering 200 to a GET) this person may open."""
    client = Client()
    client.force_login(scene.users[who])
    found = []
    for route in page_routes():
        url = scene.fill(route)
        response = client.get(url)
        kind = response.get("Content-Type", "")
        if response.status_code != 200 or not kind.startswith("text/html"):
            continue
        if b"<html" not in response.content[:500].lower():
            continue  # a fragment a page loads into itself
        found.append(url)
    return found


SIDEWAYS = """() => {
    const doc = document.documentElement;
    const out = [];
    if (doc.scrollWidth > doc.clientWidth) {
        for (const el of document.body.querySelectorAll('*')) {
            const r = el.getBoundingClientRect();
            if (r.right > doc.clientWidth + 1 && r.width > 0) {
                const scroller = el.closest('.table-wrap, [role=region]');
                if (!scroller || scroller === el) {
                    out.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
                        (el.className && el.className.baseVal === undefined && el.className
                         ? '.' + String(el.className).trim().split(/\\s+/).join('.') : '') +
                        ' right=' + Math.round(r.right));
                }
            }
            if (out.length > 4) break;
        }
        return [doc.scrollWidth, out];
    }
    return null;
}"""

SCROLLERS = """() => Array.from(document.querySelectorAll('*')).filter(el => {
    const s = getComputedStyle(el);
    return el.scrollWidth > el.clientWidth + 1 && ['auto', 'scroll'].includes(s.overflowX)
        && el !== document.documentElement && el !== document.body;
}).filter(el => !(el.tabIndex >= 0 && el.getAttribute('role') === 'region'
                  && (el.getAttribute('aria-label') || el.getAttribute('aria-labelledby')))
).filter(el => !el.querySelector('a[href], button, input, select, textarea, [tabindex]'))
 .map(el => el.tagName.toLowerCase() + (el.className ? '.' + el.className : ''))"""


# WCAG 2.4.11 (focus not obscured, AA): every control, once focused (focus() scrolls it into
# view as the Tab key does), shows at least one of its centre or corners, not covered by a
# sticky header, the board's move bar or a panel. A control inside a closed <details> or
# otherwise not rendered is skipped; a hit on its own label counts as seen.
OBSCURED = """() => {
  const sel = 'a[href], button:not([disabled]), input:not([disabled]):not([type=hidden]),'
    + ' select:not([disabled]), textarea:not([disabled]), summary, [tabindex]:not([tabindex="-1"])';
  const out = [];
  const before = document.activeElement;
  for (const el of document.querySelectorAll(sel)) {
    if (!el.getClientRects().length) continue;
    const cs = getComputedStyle(el);
    if (cs.visibility === 'hidden' || cs.display === 'none') continue;
    el.focus();
    if (document.activeElement !== el) continue;
    const r = el.getBoundingClientRect();
    if (r.width < 2 || r.height < 2) continue;
    const pts = [[r.left + r.width / 2, r.top + r.height / 2], [r.left + 1, r.top + 1],
                 [r.right - 1, r.top + 1], [r.left + 1, r.bottom - 1], [r.right - 1, r.bottom - 1]];
    const labels = el.labels ? Array.from(el.labels) : [];
    const seen = pts.some(([x, y]) => {
      if (x < 0 || y < 0 || x >= innerWidth || y >= innerHeight) return false;
      const hit = document.elementFromPoint(x, y);
      return hit && (hit === el || el.contains(hit) || labels.some(l => l.contains(hit)));
    });
    if (!seen) {
      const name = (el.getAttribute('aria-label') || el.textContent || el.name || '').trim();
      out.push(el.tagName.toLowerCase() + ' "' + name.slice(0, 40) + '"');
    }
  }
  if (before && before.focus) before.focus();
  window.scrollTo(0, 0);
  return out;
}"""

# WCAG 2.5.7 (dragging movements, AA): Trellis has no drag-only control (order and moves are
# buttons and forms). A page that makes something draggable must give it a single-pointer
# alternative and then change this check.
DRAGGABLE = """() => Array.from(document.querySelectorAll('[draggable="true"]'))
  .map(el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : ''))"""


def check_page(page, url: str) -> list[str]:
    """Axe at 1366 and 375 px (plus focus not obscured and no drag-only control at 1366), then
    no sideways scroll at 320 px: one load of the page."""
    problems = []
    page.set_viewport_size({"width": WIDE, "height": 900})
    response = page.goto(url)
    if response is None or response.status != 200:
        return [f"{url}: answered {response and response.status} in the browser"]
    problems += [f"{url} @{WIDE}px {p}" for p in axe_violations(page)]
    hidden = page.evaluate(OBSCURED)
    if hidden:
        problems.append(f"{url} @{WIDE}px focus hidden under other content (2.4.11): {hidden[:3]}")
    draggable = page.evaluate(DRAGGABLE)
    if draggable:
        problems.append(f"{url} drag without a single-pointer alternative (2.5.7): {draggable}")
    page.set_viewport_size({"width": PHONE, "height": 800})
    problems += [f"{url} @{PHONE}px {p}" for p in axe_violations(page, rules=LAYOUT_RULES)]
    page.set_viewport_size({"width": NARROW, "height": 800})
    wide = page.evaluate(SIDEWAYS)
    if wide:
        problems.append(f"{url} @{NARROW}px scrolls sideways to {wide[0]}px: {wide[1]}")
    unreachable = page.evaluate(SCROLLERS)
    if unreachable:
        problems.append(
            f"{url} @{NARROW}px a scrolling box no keyboard can reach (make it a "
            f"focusable named region): {unreachable[:3]}"
        )
    return problems


def walk(world, browser, live_server, who: str, tmp_path, *, at_least: int) -> None:
    """Sign in as `who` once and check every page that person may open."""
    started = time.monotonic()
    scene = build_scene(world)
    urls = pages_for(scene, who)
    assert len(urls) >= at_least, f"{who} reached only {len(urls)} pages: {urls}"
    context = browser.new_context(base_url=live_server.url, viewport={"width": WIDE, "height": 900})
    context.set_default_timeout(15_000)
    try:
        page = context.new_page()
        sign_in(page, scene.users[who].username)
        problems = []
        for url in urls:
            problems += check_page(page, url)
    finally:
        context.close()
    print(f"\n{who}: {len(urls)} pages in {time.monotonic() - started:.1f} s")
    assert not problems, f"{len(problems)} problems for {who}:\n" + "\n".join(problems)
