"""What a screen reader relies on in the HTML, checked on every page as each role.

Every product page is fetched by each role (the URL walk's routes, with a lesson, a rubric with
an exemplar and a handed-in piece of work in the class) and its HTML parsed:

- no two elements share an id (a label or a description would point at the wrong one);
- every `for`, `aria-describedby`, `aria-labelledby` and `aria-controls` names an id on the page
  (help text and errors are read with their field only then);
- label in name (WCAG 2.5.3): a button or link's accessible name starts with its visible text,
  so "Remove" is said as "Remove …" and a person using voice control can say what they see.
"""

import re
from html.parser import HTMLParser

import pytest
from django.test import Client

from tests.test_url_walk import SKIP, fill, lesson, patterns  # noqa: F401  (lesson: fixture)
from tests.work.factories import assignment_for, hand_in, published_rubric

pytestmark = pytest.mark.django_db

VOID = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
    "track", "wbr",
}  # fmt: skip
REFS = ("for", "aria-describedby", "aria-labelledby", "aria-controls")


def _words(text: str) -> str:
    return " ".join(text.split())


def _bare(text: str) -> str:
    """Text as a person would say it: arrows and ellipses at either end are not words."""
    return re.sub(r"^\W+|\W+$", "", text).lower()


class PageChecker(HTMLParser):
    """Collects ids, the ids other attributes point at, and each control's name and label."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: dict[str, int] = {}
        self.refs: list[tuple[str, str, str]] = []  # (attribute, id, tag)
        self.stack: list[dict] = []  # open elements: hidden-from-name / hidden-from-sight
        self.controls: list[dict] = []  # open buttons and links being read
        self.names: list[tuple[str, str, str]] = []  # (tag, visible text, accessible name)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"):
            self.ids[a["id"]] = self.ids.get(a["id"], 0) + 1
        for attr in REFS:
            if attr == "for" and tag != "label":
                continue  # <output for> names inputs it reads; only a label's is checked
            if a.get(attr):
                for ref in (a.get(attr) or "").split():
                    self.refs.append((attr, ref, tag))
        if tag == "template":
            return
        classes = (a.get("class") or "").split()
        parent = self.stack[-1] if self.stack else {"no_name": False, "unseen": False}
        node = {
            "tag": tag,
            "no_name": parent["no_name"] or a.get("aria-hidden") == "true",
            "unseen": parent["unseen"] or "visually-hidden" in classes,
        }
        if tag in VOID:
            if tag == "img" and a.get("alt") and not node["no_name"]:
                for c in self.controls:
                    c["name"] += " " + a["alt"]
            return
        self.stack.append(node)
        if tag in ("button", "a"):
            self.controls.append(
                {
                    "tag": tag,
                    "label": a.get("aria-label"),
                    "seen": "",
                    "name": "",
                    "depth": len(self.stack),
                }
            )

    def handle_endtag(self, tag):
        if tag in VOID or tag == "template" or not self.stack:
            return
        while self.stack:
            node = self.stack.pop()
            if self.controls and self.controls[-1]["depth"] == len(self.stack) + 1:
                c = self.controls.pop()
                name = c["label"] if c["label"] is not None else c["name"]
                self.names.append((c["tag"], _words(c["seen"]), _words(name)))
            if node["tag"] == tag:
                break

    def handle_data(self, data):
        node = self.stack[-1] if self.stack else {"no_name": False, "unseen": False}
        for c in self.controls:
            if not node["no_name"]:
                c["name"] += data
            if not node["no_name"] and not node["unseen"]:
                c["seen"] += data


def problems_in(html: str) -> list[str]:
    checker = PageChecker()
    checker.feed(html)
    found = [f"id {i!r} used {n} times" for i, n in checker.ids.items() if n > 1]
    # A fragment (an htmx answer) may point at the page around it: only whole pages are checked.
    whole = "<html" in html[:200]
    found += [
        f"<{tag} {attr}={ref!r}> names no element" for attr, ref, tag in checker.refs
        if whole and ref not in checker.ids
    ]  # fmt: skip
    for tag, seen, name in checker.names:
        if _bare(seen) and not _bare(name).startswith(_bare(seen)):
            found.append(f"<{tag}> shows {seen!r} but is named {name!r}")
    return found


def test_the_checker_sees_each_kind_of_problem():
    page = (
        '<!doctype html><html><p id="a">x</p><p id="a">y</p>'
        '<label for="nope">L</label><input aria-describedby="a gone">'
        '<button aria-label="Stop keeping them apart">Remove</button>'
        '<button>Remove<span class="visually-hidden"> the pair</span></button>'
        '<a href="/" aria-label="Open the board">Open</a>'
        '<button><span aria-hidden="true">✋</span> Help</button>'
        '<button aria-label="Down: move question 2 down">↓ Down</button>'
        '<a href="/" aria-label="Erase ana">Erase…</a>'
    )
    assert problems_in(page) == [
        "id 'a' used 2 times",
        "<label for='nope'> names no element",
        "<input aria-describedby='gone'> names no element",
        "<button> shows 'Remove' but is named 'Stop keeping them apart'",
        # The icon is hidden from the name and from the comparison: "Help" starts "Help".
    ]


@pytest.fixture
def work_ids(world, lesson):  # noqa: F811
    rubric = published_rubric(world.teacher, world.klass)
    from trellis.work.actions import rubrics as rubric_actions

    level = rubric.levels.first()
    rubric_actions.add_exemplar(
        world.teacher, rubric, level_id=level.pk, title="A strong one", body="Trees cool us."
    )
    assignment = assignment_for(world.teacher, world.klass, rubric)
    revision = hand_in(world.student, assignment)
    return {
        **lesson,
        "rubric_id": rubric.pk,
        "assignment_id": assignment.pk,
        "revision_id": revision.pk,
        "submission_id": revision.submission_id,
    }


def test_every_page_ties_labels_and_names_to_what_exists(world, work_ids):
    routes = [r for r in patterns() if not any(s in r for s in SKIP)]
    seen = 0
    problems = []
    for who in ("teacher", "student", "admin", "leader"):
        c = Client()
        c.force_login(getattr(world, who))
        for route in routes:
            url = fill(route, work_ids)
            response = c.get(url)
            if response.status_code != 200:
                continue
            if not response.get("Content-Type", "").startswith("text/html"):
                continue
            seen += 1
            problems += [f"{who} {url}: {p}" for p in problems_in(response.content.decode())]
    assert seen > 60  # the walk reached real pages, not only refusals
    assert not problems, "\n".join(sorted(set(problems)))


def test_every_collaboration_page_ties_labels_and_names_to_what_exists():
    """The teacher teams' pages (#18) as a member, a data lead and a leader, with an object
    behind every path argument. Every page route under /teams/ must be reached by one of them:
    a page added tomorrow without an object here fails this test instead of going unchecked."""
    from tests.collaboration.scenes import build_school

    s = build_school("small")
    ids = {
        "team_id": s.team.pk,
        "checkin_id": s.checkin.pk,
        "task_id": s.task.pk,
        "team_rubric_id": s.team_rubric.pk,
        "inquiry_id": s.inquiry.pk,
        "practice_id": s.practice.pk,
        "round_id": s.round.pk,
        "piece_id": s.pieces[0].pk,
        "observation_id": s.observations[0].pk,
        "decision_id": s.decisions[0].pk,
        "pulse_id": s.pulse.pk,
        "network_id": s.network.pk,
        "teacher_id": s.second.pk,
    }
    routes = [r for r in patterns() if r.startswith("teams/")]
    reached, problems = set(), []
    for who in (s.lead, s.second, s.leader):
        c = Client()
        c.force_login(who)
        for route in routes:
            response = c.get(fill(route, ids))
            if response.status_code != 200:
                continue
            assert response.get("Content-Type", "").startswith("text/html"), route
            reached.add(route)
            problems += [f"{who.username} {route}: {p}" for p in problems_in(response.text)]
    assert not problems, "\n".join(sorted(set(problems)))
    # What no one reached is a form's target (POST only): a GET answers 405.
    lead = Client()
    lead.force_login(s.lead)
    unreached = [r for r in routes if r not in reached]
    not_post_only = [r for r in unreached if lead.get(fill(r, ids)).status_code != 405]
    assert not not_post_only, f"pages no role reached: {not_post_only}"
    assert len(reached) >= 19
