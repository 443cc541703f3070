"""Who gets what, for every page and API endpoint of the work app.

Actors as in tests/rosters/test_permissions.py. A forbidden object answers like a missing one.
"""

import shutil

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from tests.permissions import ACTORS, codes, request_as
from tests.shared_rows import built_once, for_test
from tests.work.factories import HELPFUL, assignment_for, criteria_of, hand_in, self_levels
from tests.work.world import build_work
from tests.world import build_world
from trellis.accounts import actions as account_actions
from trellis.work.actions import feedback as feedback_actions
from trellis.work.actions import rubrics as rubric_actions
from trellis.work.actions import submissions as submission_actions

pytestmark = pytest.mark.django_db


def _build_once(media):
    with override_settings(MEDIA_ROOT=media):
        return media, build_matrix(build_work(build_world()))


# Built once for the module (tests/shared_rows.py): each test gets its own savepoint, a copy of
# the objects and a copy of the uploaded files.
_matrix_rows = built_once(_build_once)


@pytest.fixture
def m(request, _matrix_rows, db, tmp_path, settings):
    media, w = for_test(request, _matrix_rows)
    settings.MEDIA_ROOT = tmp_path / "media"
    shutil.copytree(media, settings.MEDIA_ROOT)
    return w


STAFF = {"teacher": 200, "admin": 200}
CLASS = {"student": 200, "teacher": 200, "admin": 200}


def build_matrix(w):
    """Every kind of object, all belonging to `student` in `klass`."""
    w.revision = hand_in(w.student, w.assignment)
    w.crit = criteria_of(w.assignment)[0]
    w.item = feedback_actions.give_feedback(
        w.teacher, w.revision, criterion_id=w.crit["id"], body=HELPFUL
    )
    rubric_actions.set_codesign(w.teacher, w.rubric, is_open=True)
    w.proposal = rubric_actions.propose(w.student, w.rubric, kind="criterion", text="Voice")
    files = assignment_for(w.teacher, w.klass, w.rubric, accepts_file=True, title="Lab")
    w.file_revision = submission_actions.submit_revision(
        w.student,
        files,
        kind="file",
        upload=SimpleUploadedFile("lab.pdf", b"%PDF-1.4\n" + b"x" * 50),
        self_levels=self_levels(files),
        self_note="ok",
    )
    return w


PAGES = [
    (
        "class work",
        "get",
        lambda w: f"/work/classes/{w.klass.pk}/",
        codes(anonymous=302, **CLASS, rest=404),
    ),
    (
        "new assignment",
        "get",
        lambda w: f"/work/classes/{w.klass.pk}/assignments/new/",
        codes(anonymous=302, **STAFF, rest=404),
    ),
    (
        "new rubric",
        "get",
        lambda w: f"/work/classes/{w.klass.pk}/rubrics/new/",
        codes(anonymous=302, **STAFF, rest=404),
    ),
    (
        "queue",
        "get",
        lambda w: f"/work/classes/{w.klass.pk}/queue/",
        codes(anonymous=302, **STAFF, rest=404),
    ),
    (
        "calibration",
        "get",
        lambda w: f"/work/classes/{w.klass.pk}/calibration/",
        codes(anonymous=302, **CLASS, rest=404),
    ),
    (
        "rubric",
        "get",
        lambda w: f"/work/rubrics/{w.rubric.pk}/",
        codes(anonymous=302, **CLASS, rest=404),
    ),
    (
        "rubric edit",
        "get",
        lambda w: f"/work/rubrics/{w.rubric.pk}/edit/",
        codes(anonymous=302, **STAFF, rest=404),
    ),
    (
        "rubric version",
        "get",
        lambda w: f"/work/rubrics/{w.rubric.pk}/versions/1/",
        codes(anonymous=302, **CLASS, rest=404),
    ),
    (
        "publish",
        "post",
        lambda w: f"/work/rubrics/{w.rubric.pk}/publish/",
        codes(anonymous=302, teacher=302, admin=302, rest=404),
    ),
    (
        "codesign",
        "post",
        lambda w: f"/work/rubrics/{w.rubric.pk}/codesign/",
        codes(anonymous=302, teacher=302, admin=302, rest=404),
    ),
    (
        "add criterion",
        "post",
        lambda w: f"/work/rubrics/{w.rubric.pk}/criteria/",
        codes(anonymous=302, teacher=400, admin=400, rest=404),
    ),
    (
        "add exemplar",
        "post",
        lambda w: f"/work/rubrics/{w.rubric.pk}/exemplars/",
        codes(anonymous=302, teacher=400, admin=400, rest=404),
    ),
    (
        "propose",
        "post",
        lambda w: f"/work/rubrics/{w.rubric.pk}/propose/",
        codes(anonymous=302, student=400, teacher=400, admin=400, rest=404),
    ),
    (
        "vote",
        "post",
        lambda w: f"/work/proposals/{w.proposal.pk}/vote/",
        codes(anonymous=302, student=302, rest=404),
    ),
    (
        "comment",
        "post",
        lambda w: f"/work/proposals/{w.proposal.pk}/comment/",
        codes(anonymous=302, student=302, teacher=302, admin=302, rest=404),
    ),
    (
        "decide",
        "post",
        lambda w: f"/work/proposals/{w.proposal.pk}/decide/",
        codes(anonymous=302, teacher=302, admin=302, rest=404),
    ),
    (
        "assignment",
        "get",
        lambda w: f"/work/assignments/{w.assignment.pk}/",
        codes(anonymous=302, **CLASS, rest=404),
    ),
    (
        "hand in",
        "get",
        lambda w: f"/work/assignments/{w.assignment.pk}/submit/",
        codes(anonymous=302, student=200, rest=404),
    ),
    (
        "peers",
        "get",
        lambda w: f"/work/assignments/{w.assignment.pk}/peers/",
        codes(anonymous=302, **STAFF, rest=404),
    ),
    (
        "revision",
        "get",
        lambda w: f"/work/revisions/{w.revision.pk}/",
        codes(anonymous=302, **CLASS, rest=404),
    ),
    (
        "feedback",
        "post",
        lambda w: f"/work/revisions/{w.revision.pk}/feedback/",
        codes(anonymous=302, student=400, teacher=400, admin=400, rest=404),
    ),
    (
        "score",
        "post",
        lambda w: f"/work/revisions/{w.revision.pk}/score/",
        codes(anonymous=302, teacher=302, admin=302, rest=404),
    ),
    (
        "download",
        "get",
        lambda w: f"/work/revisions/{w.file_revision.pk}/download/",
        codes(anonymous=302, **CLASS, rest=404),
    ),
    (
        "download text",
        "get",
        lambda w: f"/work/revisions/{w.revision.pk}/download/",
        codes(anonymous=302, rest=404),
    ),
    (
        "respond",
        "post",
        lambda w: f"/work/feedback/{w.item.pk}/respond/",
        codes(anonymous=302, student=302, teacher=302, admin=302, rest=404),
    ),
    (
        "reply",
        "post",
        lambda w: f"/work/feedback/{w.item.pk}/reply/",
        codes(anonymous=302, student=302, teacher=302, admin=302, rest=404),
    ),
    (
        "final mark",
        "post",
        lambda w: f"/work/submissions/{w.revision.submission_id}/mark/",
        # Nothing is scored yet: the page comes back with the reason (400), nothing recorded.
        codes(anonymous=302, teacher=400, admin=400, rest=404),
    ),
    (
        "final mark preview",
        "get",
        lambda w: f"/work/submissions/{w.revision.submission_id}/mark/",
        codes(anonymous=302, **STAFF, rest=404),
    ),
    (
        "assignment edit",
        "get",
        lambda w: f"/work/assignments/{w.assignment.pk}/edit/",
        codes(anonymous=302, **STAFF, rest=404),
    ),
    (
        "assignment delete (refused: work handed in)",
        "post",
        lambda w: f"/work/assignments/{w.assignment.pk}/delete/",
        codes(anonymous=302, teacher=302, admin=302, rest=404),
    ),
    (
        "marks csv",
        "get",
        lambda w: f"/work/classes/{w.klass.pk}/marks.csv",
        codes(anonymous=302, **STAFF, rest=404),
    ),
    (
        "missing revision",
        "get",
        lambda w: "/work/revisions/987654/",
        codes(anonymous=302, rest=404),
    ),
]


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize(("name", "method", "url", "expected"), PAGES, ids=[p[0] for p in PAGES])
def test_pages(client, m, actor, name, method, url, expected):
    response = request_as(client, m, actor, method, url(m))
    assert response.status_code == expected[actor], (name, actor)
    if response.status_code == 302 and actor == "anonymous":
        assert response["Location"].startswith("/login/")


API = [
    (
        "assignments",
        "get",
        lambda w: f"/api/v1/classes/{w.klass.pk}/assignments",
        None,
        codes(anonymous=401, **CLASS, rest=404),
    ),
    (
        "assignment",
        "get",
        lambda w: f"/api/v1/assignments/{w.assignment.pk}",
        None,
        codes(anonymous=401, **CLASS, rest=404),
    ),
    (
        "revision",
        "get",
        lambda w: f"/api/v1/revisions/{w.revision.pk}",
        None,
        codes(anonymous=401, **CLASS, rest=404),
    ),
    (
        "feedback",
        "post",
        lambda w: f"/api/v1/revisions/{w.revision.pk}/feedback",
        lambda w: {"criterion_id": w.crit["id"], "body": HELPFUL},
        codes(anonymous=401, student=201, teacher=201, admin=201, rest=404),
    ),
    (
        "respond",
        "post",
        lambda w: f"/api/v1/feedback/{w.item.pk}/response",
        lambda w: {"response": "will-use"},
        codes(anonymous=401, student=200, teacher=403, admin=403, rest=404),
    ),
    (
        "rubric",
        "get",
        lambda w: f"/api/v1/rubrics/{w.rubric.pk}",
        None,
        codes(anonymous=401, **CLASS, rest=404),
    ),
    (
        "vote",
        "post",
        lambda w: f"/api/v1/proposals/{w.proposal.pk}/vote",
        None,
        codes(anonymous=401, student=201, rest=404),
    ),
    (
        "queue",
        "get",
        lambda w: f"/api/v1/classes/{w.klass.pk}/feedback-queue",
        None,
        codes(anonymous=401, **STAFF, rest=404),
    ),
    (
        "calibration",
        "get",
        lambda w: f"/api/v1/classes/{w.klass.pk}/calibration",
        None,
        codes(anonymous=401, **CLASS, rest=404),
    ),
    (
        "assignment patch",
        "patch",
        lambda w: f"/api/v1/assignments/{w.assignment.pk}",
        lambda w: {"title": "Renamed"},
        codes(anonymous=401, **STAFF, rest=404),
    ),
    (
        "assignment delete (refused: work handed in)",
        "delete",
        lambda w: f"/api/v1/assignments/{w.assignment.pk}",
        None,
        codes(anonymous=401, teacher=409, admin=409, rest=404),
    ),
]


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize(
    ("name", "method", "url", "body", "expected"), API, ids=[a[0] for a in API]
)
def test_api_with_tokens(client, m, actor, name, method, url, body, expected):
    headers = {}
    if actor != "anonymous":
        _, secret = account_actions.create_api_token(getattr(m, actor), "matrix")
        headers["Authorization"] = f"Bearer {secret}"
    response = getattr(client, method)(
        url(m), body(m) if body else None, headers=headers, content_type="application/json"
    )
    assert response.status_code == expected[actor], (name, actor, response.content[:200])


def test_classmates_see_only_their_own_work_and_what_they_review(client, m):
    from trellis.work.actions import peer as peer_actions

    mate, peer = m.classmates[0], m.classmates[1]
    peer_actions.add_pair(m.teacher, m.assignment, reviewer_id=peer.pk, author_id=m.student.pk)
    client.force_login(mate)
    assert client.get(f"/work/revisions/{m.revision.pk}/").status_code == 404
    assert client.get(f"/api/v1/revisions/{m.revision.pk}").status_code == 404
    assert client.post(f"/work/feedback/{m.item.pk}/reply/", {"body": "hi"}).status_code == 404
    client.force_login(peer)
    assert client.get(f"/work/revisions/{m.revision.pk}/").status_code == 200
    # A peer sees the work, not the teacher's feedback on it.
    data = client.get(f"/api/v1/revisions/{m.revision.pk}").json()
    assert data["reviews"] == []
    assert client.post(f"/work/feedback/{m.item.pk}/reply/", {"body": "hi"}).status_code == 404


def test_forbidden_and_missing_look_the_same(client, m):
    client.force_login(m.other_teacher)
    forbidden = client.get(f"/api/v1/revisions/{m.revision.pk}")
    missing = client.get("/api/v1/revisions/987654")
    assert forbidden.status_code == missing.status_code == 404
    assert forbidden.json() == missing.json()
