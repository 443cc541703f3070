"""Export and erasure on the demo school, where every feature holds data.

Each test runs in a savepoint on top of the package's demo (tests/demo/conftest.py), so an
erasure here leaves the next test the whole demo.
"""

import io
import json
import zipfile

from django.db.models import Count
from django.urls import reverse

from tests.privacy.test_erase import _needles, _pick_student, _scan
from trellis.accounts.models import User
from trellis.audit.models import AuditEntry
from trellis.charter.models import PulseResponse
from trellis.evidence.models import EvidenceEvent
from trellis.privacy import actions
from trellis.privacy.engine import declarations
from trellis.work.models import ProposalVote, Review, Revision

from .conftest import DEMO

pytestmark = DEMO


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
