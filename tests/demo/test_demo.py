"""The demo school: complete, idempotent, telling each feature's story, and exported and
erased like real data.

Every test here reads one demo school, built once for the package (tests/demo/conftest.py);
"a second run changes nothing" compares the row count of every model after the first and the
second build. They live in one module because `scripts/test.sh` runs xdist with
``--dist loadfile``: one module, one worker, one build.
"""

import io
import json
import zipfile

from django.db.models import Count
from django.urls import reverse

from tests.privacy.test_erase import _needles, _pick_student, _scan
from trellis.accounts.models import User
from trellis.audit.models import AuditEntry
from trellis.charter.indicators import culture_panels
from trellis.charter.models import CharterVersion, Endorsement, Pulse, PulseResponse
from trellis.checkins.models import Answer, CheckIn, Run
from trellis.demo import SEEDERS
from trellis.evidence.models import EvidenceEvent
from trellis.grr import RecommendationKind
from trellis.privacy import actions
from trellis.privacy.engine import declarations
from trellis.progression import queries as progression_queries
from trellis.rosters.teaming import MAX_SIZE, MIN_SIZE
from trellis.work.models import FeedbackItem, ProposalVote, Review, Revision, Rubric

from .conftest import DEMO

pytestmark = DEMO


def _math_a(ctx, section="A"):
    return next(
        c for c in ctx.classes if c.course == "Grade 9 Mathematics" and c.section == section
    )


def test_demo_is_complete_and_a_second_run_changes_no_counts(demo_world, demo):
    assert demo_world.second == demo_world.first
    first = demo_world.first
    assert first["accounts.User"] >= 100
    assert len(demo.classes) == 4
    for classroom in demo.classes:
        sizes = [t.memberships.count() for t in classroom.teams.all()]
        assert sizes and all(MIN_SIZE <= s <= MAX_SIZE for s in sizes)
    # Every feature's seeder left something to look at.
    for label in (
        "curriculum.Task",
        "progression.TaskRun",
        "progression.PhaseMove",
        "progression.HelpRequest",
        "checkins.Answer",
        "charter.PulseResponse",
        "work.Revision",
        "work.ProposalVote",
        "work.PeerAssignment",
        "work.SummativeMark",
    ):
        assert first[label] > 0, label


def test_demo_logins_work(demo, client):
    for username in ("teacher.rivera", "principal.okafor", "admin", "teacher.bianchi"):
        assert client.login(username=username, password="trellis-demo"), username


def test_progression_tells_the_story(demo):
    rivera = demo.staff["teacher.rivera"]
    b = progression_queries.board(rivera, _math_a(demo))
    equations = next(t for t in b.tasks if t.title == "Solving two-step equations")
    labels = [g.label for g in b.groups[equations.pk]]
    assert "ready for independent practice: 11" in labels
    assert "step back to co-construction (we do): 4" in labels
    assert len(b.open_help) == 1
    phases = {c.phase["value"] for row in b.rows for c in row.cells}
    assert phases == {0, 1, 2, 3, 4}


def test_checkins_seed_after_progression(demo):
    names = [s.__name__ for s in SEEDERS]
    assert names.index("seed_checkins") > names.index("seed_progression")
    # Four runs at Maple Grove, and Rivera's shared check-in once at Cedar Park (network team).
    assert CheckIn.objects.count() == 2 and Run.objects.count() == 5
    assert Answer.objects.count() > 300


def test_demo_history_is_evidence_the_board_reads(demo):
    math_a = _math_a(demo)
    teacher = demo.staff["teacher.rivera"]
    students = demo.students_by_class[math_a.pk]
    answered = EvidenceEvent.objects.filter(
        verb="answered", classroom=math_a, object_type="checkin-question"
    )
    rated = EvidenceEvent.objects.filter(verb="rated-confidence", classroom=math_a)
    assert answered.exclude(target_id=None).count() == answered.count() > 200
    assert rated.count() > 200
    # Section B's run of the same check-in feeds section B's own target.
    math_b = _math_a(demo, "B")
    b_targets = set(math_b.targets.values_list("pk", flat=True))
    b_events = EvidenceEvent.objects.filter(verb="answered", classroom=math_b)
    assert b_events.exists() and set(b_events.values_list("target_id", flat=True)) <= b_targets

    board = progression_queries.board(teacher, math_a)
    equations = next(i for i, t in enumerate(board.tasks) if t.title.startswith("Solving two"))
    recs = {row.student.pk: row.cells[equations].rec for row in board.rows}
    reteach = [recs[s.pk] for s in students[11:15]]
    ready = [recs[s.pk] for s in students[:11]]
    # Sure-but-wrong students are not released; most of the ready group is.
    assert all(r.kind is not RecommendationKind.ADVANCE for r in reteach)
    assert sum(r.kind is RecommendationKind.ADVANCE for r in ready) >= 6


def test_demo_has_a_published_charter_and_three_past_pulses(demo):
    math_a = _math_a(demo)
    assert CharterVersion.objects.filter(
        charter__classroom=math_a, published_at__isnull=False
    ).exists()
    pulses = list(Pulse.objects.filter(classroom=math_a).order_by("opens_on"))
    assert len(pulses) == 3
    assert len({p.opens_on for p in pulses}) == 3
    assert all(p.status() == "closed" for p in pulses)
    assert all(p.responses.exists() for p in pulses)
    assert Endorsement.objects.filter(version__charter__classroom=math_a).count() > 10


def test_demo_has_a_codesigned_rubric_revisions_and_feedback_used(demo):
    rubric = Rubric.objects.get(title="Persuasive essay", classroom__course="Grade 10 English")
    assert rubric.versions.count() == 2
    assert rubric.criteria.filter(proposed_by__isnull=False).exists()
    assert set(rubric.proposals.values_list("status", flat=True)) == {
        "accepted",
        "merged",
        "declined",
    }
    assert Revision.objects.filter(number=2).count() == 2
    assert FeedbackItem.objects.filter(response="used").exists()
    assert Revision.objects.filter(addresses__isnull=False).exists()
    assert FeedbackItem.objects.exclude(coach_flags=[]).exists()


def _rows(panels, sign):
    panel = next(p for p in panels if p.sign.key == sign)
    return {row.label: row.reading for row in panel.rows}


def test_demo_classes_show_numbers_for_every_sign_with_data(demo, count_queries):
    english = next(c for c in demo.classes if c.course == "Grade 10 English")
    maths = _math_a(demo)
    panels = culture_panels([english, maths])
    quality = _rows(panels[english.pk], "quality")
    assert any(r is not None for r in quality.values())
    feedback = _rows(panels[english.pk], "feedback")
    used = next(r for label, r in feedback.items() if "used" in label)
    assert used is not None and " of " in used.value
    targets = _rows(panels[maths.pk], "targets")
    tasks = targets["Tasks that name the learning target they serve"]
    assert tasks is not None and tasks.number == 1.0
    assert targets["Targets that say what knowing it looks like (success criteria)"] is not None
    improvement = _rows(panels[maths.pk], "improvement")
    checkins = next(r for label, r in improvement.items() if "check-in" in label)
    assert checkins is not None and "none graded" in checkins.detail
    # One reading per provider for any number of classes.
    assert count_queries(lambda: culture_panels(demo.classes)) == count_queries(
        lambda: culture_panels(demo.classes[:1])
    )


def test_the_shipped_demo_roster_imports_beside_the_demo_school(demo):
    from pathlib import Path

    from trellis.accounts.models import School, User
    from trellis.rosters.oneroster.importer import import_set

    demo_zip = Path(__file__).resolve().parents[2] / "docs/examples/oneroster-demo.zip"
    report = import_set(demo_zip)
    assert report.ok, report.problems
    assert report.created["people"] > 80
    assert demo.school.sourced_id is None
    again = import_set(demo_zip)
    assert again.ok and not again.changed
    maple = School.objects.get(slug="maple-grove")
    assert User.objects.filter(school=maple, is_active=False).count() == 0
    assert import_set(demo_zip.with_name("oneroster-demo-1.1.zip")).ok


def _zip(data: bytes) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(data))


def test_export_covers_every_declared_model_with_a_readme_and_files(demo, media):
    revision = Revision.objects.exclude(stored_name="").select_related("submission").first()
    if revision is None:  # the demo may hold text work only: hand in a file
        revision = Revision.objects.select_related("submission").first()
    person = revision.submission.student
    (media / "work").mkdir(exist_ok=True)
    if not revision.stored_name:
        Revision._base_manager.filter(pk=revision.pk).update(
            stored_name="work/x/essay.txt", original_name="essay.txt"
        )
        (media / "work" / "x").mkdir(parents=True, exist_ok=True)
        (media / "work/x/essay.txt").write_text("My essay")
    zf = _zip(actions.export_person(None, person))
    names = set(zf.namelist())
    readme = zf.read("README.md").decode()
    for d in declarations():
        if d.export:
            assert f"data/{d.model.lower()}.json" in names
            assert d.about in readme
    me = json.loads(zf.read("data/accounts.user.json"))
    assert me[0]["username"] == person.username and "password" not in me[0]
    events = json.loads(zf.read("data/evidence.evidenceevent.json"))
    assert events and all("you" in (e["actor_id"], e["subject_id"]) for e in events)
    # Other people are never named in someone's export.
    people = {e["actor_id"] for e in events} | {e["subject_id"] for e in events}
    assert people <= {"you", "someone else", None}
    assert any(n.startswith("files/") for n in names)
    assert "files/" in readme


def test_erasure_leaves_nothing_linkable_and_classmates_keep_their_data(demo, media, client):
    person = _pick_student()
    needles = _needles(person)
    client.force_login(person)  # a session row that names her
    files = [
        r.stored_name for r in Revision.objects.filter(submission__student=person) if r.stored_name
    ]
    assert _scan(needles, person.pk), "the scan must see her before erasure"
    votes_on_her = ProposalVote.objects.filter(proposal__author=person).count()
    her_reviews = Review.objects.filter(reviewer=person).exclude(kind="self").count()
    evidence_by_class = dict(
        EvidenceEvent.objects.values_list("classroom").annotate(n=Count("id")).order_by()
    )
    pulse_answers = PulseResponse.objects.count()
    admin = User.objects.get(username="admin")

    actions.erase_person(admin, person, confirm="zelda.quarrington")

    assert _scan(needles, person.pk) == []
    for name in files:
        assert not (media / name).exists()
    assert not any(person.username in str(p) for p in media.rglob("*"))
    # What classmates depend on is still there, and class figures are unchanged.
    assert ProposalVote.objects.filter(proposal__author__display_name="Erased person").count() == (
        votes_on_her
    )
    assert (
        Review.objects.filter(reviewer__display_name="Erased person").exclude(kind="self").count()
        == her_reviews
    )
    assert (
        dict(EvidenceEvent.objects.values_list("classroom").annotate(n=Count("id")).order_by())
        == evidence_by_class
    )
    assert PulseResponse.objects.count() == pulse_answers
    # The audit trail says an erasure happened, not whose.
    entry = AuditEntry.objects.get(action="privacy.erase")
    assert entry.actor == admin and entry.targets == ""
    assert entry.summary == "Erased a person's data on request"


def test_classmates_and_teachers_pages_still_render_after_erasure(demo, client):
    person = _pick_student()
    classroom = person.enrollments.first().classroom
    classmate = classroom.enrollments.filter(role="student").exclude(user=person).first().user
    teacher = classroom.enrollments.filter(role="teacher").first().user
    actions.erase_person(None, person, confirm=person.username)
    pages = [
        reverse("home"),
        reverse("charter:home", args=[classroom.pk]),
        reverse("work:class", args=[classroom.pk]),
    ]
    pages += [reverse("work:rubric", args=[r.pk]) for r in classroom.rubrics.all()]
    teacher_pages = [
        reverse("progression:board", args=[classroom.pk]),
        reverse("work:queue", args=[classroom.pk]),
    ]
    for who, urls in ((classmate, pages), (teacher, pages + teacher_pages)):
        client.force_login(who)
        for url in urls:
            assert client.get(url).status_code == 200, (who.username, url)


def test_demo_reflection(demo, client):
    """Journals, a portfolio at every audience step and a guardian login."""
    from trellis.demo import demo_logins
    from trellis.reflection.models import Audience, Collection, Reflection, Revisit
    from trellis.reflection.permissions import collections_visible_to

    assert Reflection.objects.filter(moment="lesson", shown_to_class=True).exists()
    assert Reflection.objects.filter(author__role="student").count() >= 10
    assert Revisit.objects.exists()
    steps = set(Collection.objects.values_list("effective_audience", flat=True))
    assert set(Audience.values) <= steps
    guardian = next(u for role, u, _ in demo_logins(demo) if role == "Guardian")
    assert client.login(username=guardian, password="trellis-demo")
    g = User.objects.get(username=guardian)
    assert collections_visible_to(g).filter(effective_audience=Audience.FAMILY).exists()
    assert client.get("/reflection/family/").status_code == 200


def test_demo_collaboration(demo, client):
    """#18's demo: a team with a finished and an open inquiry (one not measured by a check-in),
    a moderation round with an agreed exemplar, observations (one shared), a staff trust pulse,
    a common rubric, and a district network with a second school whose leader signs in."""
    from trellis.collaboration.demo import NETWORK_NAME, TEAM_NAME
    from trellis.collaboration.models import (
        ModerationPiece,
        NetworkSchool,
        Observation,
        SchoolNetwork,
        TeacherTeam,
        TrustAnswer,
    )

    team = TeacherTeam.objects.get(school=demo.school, name=TEAM_NAME)
    inquiries = list(team.inquiries.all())
    assert any(i.finished_at for i in inquiries) and any(not i.finished_at for i in inquiries)
    assert any(i.measure_kind != "checkin" for i in inquiries)
    assert ModerationPiece.objects.filter(round__team=team, is_exemplar=True).exists()
    observations = Observation.objects.filter(team=team)
    assert observations.count() >= 2 and observations.filter(shared_with_team=True).exists()
    assert TrustAnswer.objects.filter(pulse__school=demo.school).count() >= 5
    shared = team.rubrics.get()
    network = SchoolNetwork.objects.get(name=NETWORK_NAME)
    assert NetworkSchool.objects.filter(network=network).count() == 2

    assert client.login(username="teacher.rivera", password="trellis-demo")
    for url in (
        f"/teams/{team.pk}/",
        f"/teams/{team.pk}/rubrics/{shared.pk}/",
        f"/teams/networks/{network.pk}/",
        *(f"/teams/inquiries/{i.pk}/" for i in inquiries),
    ):
        assert client.get(url).status_code == 200, url
    # The second school's leader reads the network: Maple Grove's practices, no names.
    assert client.login(username="principal.nguyen", password="trellis-demo")
    body = client.get(f"/teams/networks/{network.pk}/").content.decode()
    assert "Maple Grove Secondary School" in body and "Worked examples that fade" in body
    assert "Rivera" not in body and "Grade 9 Mathematics" not in body
    # The network team pools Rivera's check-in over both schools: Bianchi's Cedar Park class
    # beside Maple Grove's, each school reading the other's class only as "<school>, class n".
    from trellis.checkins.demo import EQUATIONS_TITLE
    from trellis.collaboration.demo import NETWORK_TEAM_NAME

    net_team = TeacherTeam.objects.get(school=demo.school, name=NETWORK_TEAM_NAME)
    checkin = CheckIn.objects.get(owner__username="teacher.rivera", title=EQUATIONS_TITLE)
    assert demo.second_class.school.name == "Cedar Park Secondary School"
    assert len(demo.second_students) >= 10
    assert Answer.objects.filter(run__classroom=demo.second_class).exists()
    assert EvidenceEvent.objects.filter(classroom=demo.second_class).exists()
    pooled = f"/teams/{net_team.pk}/pooled/{checkin.pk}/"
    assert client.login(username="teacher.rivera", password="trellis-demo")
    page = client.get(pooled)
    labels = [c.name for c in page.context["r"].classes]
    assert "Cedar Park Secondary School, class 1" in labels
    assert any("Grade 9 Mathematics" in label for label in labels)
    body = page.content.decode()
    assert "Mathematics 9" not in body and "Bianchi" not in body
    assert not any(s.last_name in body for s in demo.second_students)
    assert client.login(username="teacher.bianchi", password="trellis-demo")
    page = client.get(pooled)
    labels = [c.name for c in page.context["r"].classes]
    assert "Mathematics 9" in " ".join(labels)
    assert "Maple Grove Secondary School, class 1" in labels
    assert not any("Grade 9 Mathematics" in label for label in labels)
