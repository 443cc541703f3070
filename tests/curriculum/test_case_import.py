"""CASE 1.1 import: items become targets with codes, statements and hierarchy; re-import
updates in place; a bad package is refused whole with located problems."""

import copy
import json
from pathlib import Path

import pytest

from tests.budgets import assert_budget
from tests.outbound import allow
from trellis.curriculum.models import LearningTarget
from trellis.curriculum.standards import actions
from trellis.curriculum.standards.case import CaseInvalid, read_package

pytestmark = pytest.mark.django_db

SAMPLE = Path(__file__).resolve().parents[2] / "docs/examples/case-sample-package.json"


def sample() -> dict:
    return json.loads(SAMPLE.read_text())


def raw(data) -> bytes:
    return json.dumps(data).encode()


def test_the_sample_imports_with_codes_statements_and_hierarchy(world):
    report = actions.import_case_package(world.admin, world.klass.pk, SAMPLE.read_bytes())
    assert (report.created, report.updated, report.unchanged) == (10, 0, 0)
    targets = list(LearningTarget.objects.filter(classroom=world.klass).order_by("position"))
    assert [t.code for t in targets][:5] == ["SNS.1", "SNS.1.a", "SNS.1.b", "SNS.1.c", "SNS.2"]
    by_code = {t.code: t for t in targets}
    assert by_code["SNS.1.b"].parent == by_code["SNS.1"]
    assert by_code["SNS.1"].parent is None
    assert by_code["SNS.2.a"].statement == "I can place fractions on a number line."
    item = next(i for i in sample()["CFItems"] if i["humanCodingScheme"] == "SNS.2.a")
    assert by_code["SNS.2.a"].case_identifier == item["identifier"]


def test_re_import_updates_in_place_and_never_duplicates(world):
    actions.import_case_package(world.admin, world.klass.pk, SAMPLE.read_bytes())
    ids = set(LearningTarget.objects.values_list("pk", flat=True))
    again = actions.import_case_package(world.admin, world.klass.pk, SAMPLE.read_bytes())
    assert (again.created, again.updated, again.unchanged) == (0, 0, 10)
    assert set(LearningTarget.objects.values_list("pk", flat=True)) == ids

    newer = sample()
    newer["CFItems"][1]["fullStatement"] = "I can read and write numbers to one million."
    # SNS.3.b moves under SNS.2.
    sns2 = next(i["identifier"] for i in newer["CFItems"] if i["humanCodingScheme"] == "SNS.2")
    assoc = next(a for a in newer["CFAssociations"] if a["originNodeURI"]["title"] == "SNS.3.b")
    assoc["destinationNodeURI"]["identifier"] = sns2
    report = actions.import_case_package(world.admin, world.klass.pk, raw(newer))
    assert report.created == 0 and report.updated >= 2
    assert set(LearningTarget.objects.values_list("pk", flat=True)) == ids
    moved = LearningTarget.objects.get(code="SNS.3.b")
    assert moved.parent.code == "SNS.2" and moved.version == 1
    assert LearningTarget.objects.get(code="SNS.1.a").statement.startswith(
        "I can read and write numbers"
    )


def test_the_same_package_in_two_classes_is_two_sets_of_targets(world):
    other = world.other_class
    actions.import_case_package(world.admin, world.klass.pk, SAMPLE.read_bytes())
    actions.import_case_package(world.admin, other.pk, SAMPLE.read_bytes())
    assert LearningTarget.objects.filter(classroom=other).count() == 10
    assert LearningTarget.objects.count() == 20


@pytest.mark.parametrize(
    "break_it, expected",
    [
        (lambda d: d["CFItems"][3].pop("fullStatement"), "CFItems[3]: “fullStatement” is missing"),
        (
            lambda d: d["CFItems"][3].update(humanCodingScheme="X" * 70),
            "CFItems[3].humanCodingScheme: longer than 64",
        ),
        (
            lambda d: d["CFItems"][2].update(identifier="not-a-uuid"),
            "CFItems[2].identifier: “not-a-uuid” is not a UUID",
        ),
        (
            lambda d: d["CFAssociations"][0].update(associationType="isParentOf"),
            "CFAssociations[0].associationType: “isParentOf” is not one of",
        ),
        (
            lambda d: d["CFItems"][4].update(identifier=d["CFItems"][1]["identifier"]),
            "CFItems[4].identifier: the same identifier as CFItems[1]",
        ),
        (
            lambda d: d["CFAssociations"][1]["destinationNodeURI"].update(
                identifier="00000000-0000-4000-8000-000000000000"
            ),
            "CFAssociations[1].destinationNodeURI.identifier: no CFItem",
        ),
        (lambda d: d.pop("CFDocument"), "the package: “CFDocument” is missing"),
    ],
)
def test_a_bad_package_names_the_place_and_writes_nothing(world, break_it, expected):
    data = sample()
    break_it(data)
    with pytest.raises(CaseInvalid) as caught:
        actions.import_case_package(world.admin, world.klass.pk, raw(data))
    assert any(p.startswith(expected) for p in caught.value.problems), caught.value.problems
    assert not LearningTarget.objects.exists()


def test_nothing_half_imported_when_a_write_fails(world, monkeypatch):
    actions.import_case_package(world.admin, world.klass.pk, SAMPLE.read_bytes())
    before = list(LearningTarget.objects.values_list("pk", "statement", "version"))
    newer = sample()
    for item in newer["CFItems"]:
        item["fullStatement"] += " (revised)"
    newer["CFItems"].append(
        {
            **copy.deepcopy(newer["CFItems"][0]),
            "identifier": "11111111-1111-4111-8111-111111111111",
            "humanCodingScheme": "SNS.9",
        }
    )

    def boom(*a, **k):
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(LearningTarget.objects, "bulk_update", boom)
    with pytest.raises(RuntimeError):
        actions.import_case_package(world.admin, world.klass.pk, raw(newer))
    assert list(LearningTarget.objects.values_list("pk", "statement", "version")) == before


def test_not_json_says_so():
    with pytest.raises(CaseInvalid, match="not JSON"):
        read_package(b"<xml/>")


def test_only_an_admin_of_the_school_imports(world, client):
    for who in (world.teacher, world.leader, world.student):
        client.force_login(who)
        assert client.get("/classes/standards/import/").status_code == 404
        response = client.post(
            "/classes/standards/import/",
            {"classroom": world.klass.pk, "file": SAMPLE.open("rb")},
        )
        assert response.status_code == 404
    client.force_login(world.far_admin)
    response = client.post(
        "/classes/standards/import/", {"classroom": world.klass.pk, "file": SAMPLE.open("rb")}
    )
    assert response.status_code == 400  # not one of their classes: refused beside the field
    assert "Select a valid choice" in response.content.decode()
    assert not LearningTarget.objects.exists()


def test_the_page_imports_and_shows_located_problems(world, client):
    client.force_login(world.admin)
    response = client.post(
        "/classes/standards/import/", {"classroom": world.klass.pk, "file": SAMPLE.open("rb")}
    )
    assert response.status_code == 200
    assert "10 new, 0 updated, 0 unchanged" in response.content.decode()
    data = sample()
    data["CFItems"][3]["humanCodingScheme"] = "Y" * 80
    response = client.post(
        "/classes/standards/import/",
        {"classroom": world.klass.pk, "file": _upload(raw(data), "bad.json")},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "CFItems[3].humanCodingScheme: longer than 64 characters" in html
    assert f'<option value="{world.klass.pk}" selected>' in html  # the choice is kept
    response = client.post("/classes/standards/import/", {"classroom": world.klass.pk})
    assert "Upload the package or give its address" in response.content.decode()


def _upload(content: bytes, name: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type="application/json")


def test_budgets(world, client):
    client.force_login(world.admin)
    assert_budget(client, "curriculum:standards_import", 3)
    post = {"classroom": world.klass.pk}
    assert_budget(
        client,
        "curriculum:standards_import",
        10,
        method="post",
        data={**post, "file": _upload(SAMPLE.read_bytes(), "a.json")},
    )
    # Re-import (nothing changed): the same count however many targets the class has.
    assert_budget(
        client,
        "curriculum:standards_import",
        8,
        method="post",
        data={**post, "file": _upload(SAMPLE.read_bytes(), "a.json")},
    )
    for i in range(30):
        LearningTarget.objects.create(classroom=world.klass, statement=f"I can {i}")
    assert_budget(
        client,
        "curriculum:standards_import",
        8,
        method="post",
        data={**post, "file": _upload(SAMPLE.read_bytes(), "a.json")},
    )


@pytest.fixture
def served_examples(settings):
    """The docs/examples folder over HTTP on a free local port (a package "at an address")."""
    import functools
    import http.server
    import threading

    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(SAMPLE.parent))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    allow(settings, base)  # a local server: allowed explicitly, the guard stays on
    yield base
    server.shutdown()
    server.server_close()


def test_a_package_at_an_address(world, client, served_examples):
    client.force_login(world.admin)
    response = client.post(
        "/classes/standards/import/",
        {"classroom": world.klass.pk, "url": served_examples + SAMPLE.name},
    )
    assert response.status_code == 200, response.content.decode()[-3000:]
    assert LearningTarget.objects.filter(classroom=world.klass).count() == 10
    response = client.post(
        "/classes/standards/import/",
        {"classroom": world.klass.pk, "url": served_examples + "missing.json"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "answered HTTP 404" in html and 'href="#id_url"' in html


def test_a_large_package_imports_as_a_job(world, client, monkeypatch, settings, tmp_path):
    from django.core.files.storage import default_storage

    from trellis.common.jobs import run_pending
    from trellis.common.models import JobRun
    from trellis.curriculum.standards import jobs

    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr(jobs, "INLINE_BYTES", 100)
    client.force_login(world.admin)
    response = client.post(
        "/classes/standards/import/",
        {"classroom": world.klass.pk, "file": _upload(SAMPLE.read_bytes(), "big.json")},
    )
    assert "imported in the background" in response.content.decode()
    assert not LearningTarget.objects.exists()
    run_pending()
    run = JobRun.objects.get(task_path__endswith="import_case_job")
    assert run.status == JobRun.Status.DONE and run.result["created"] == 10
    assert LearningTarget.objects.filter(classroom=world.klass).count() == 10
    _, files = default_storage.listdir("case-imports")  # the stored package is removed
    assert files == []


def test_an_import_is_in_the_audit_log(world):
    from trellis.audit.models import AuditEntry

    actions.import_case_package(world.admin, world.klass.pk, SAMPLE.read_bytes())
    entry = AuditEntry.objects.get(action="standards.import")
    assert entry.actor == world.admin and entry.school_id == world.school.pk
    assert "10 new" in entry.summary


@pytest.mark.parametrize(
    "url, words",
    [
        ("https://169.254.169.254/latest/", "The address 169.254.169.254 is a link-local"),
        ("https://127.0.0.1:6379/", "The address 127.0.0.1 is this server itself"),
        ("https://case.school.example/pkg", "case.school.example leads to the address 10.2.3.4"),
        ("http://case.example.org/pkg", "only over https://"),
    ],
)
def test_an_internal_address_is_refused_at_the_field_and_kept(
    world, client, monkeypatch, url, words
):
    """SSRF: the server never fetches a package from itself, the metadata service or the
    host's network (trellis.common.outbound)."""
    import socket

    real = socket.getaddrinfo

    def resolve(host, port, *args, **kwargs):
        names = {"case.school.example": "10.2.3.4", "case.example.org": "93.184.215.14"}
        if host in names:
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (names[host], port))]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    client.force_login(world.admin)
    response = client.post("/classes/standards/import/", {"classroom": world.klass.pk, "url": url})
    assert response.status_code == 400
    html = response.content.decode()
    assert words in html and 'href="#id_url"' in html and "TRELLIS_OUTBOUND_ALLOW" in html
    assert f'value="{url}"' in html
    assert not LearningTarget.objects.exists()


def test_a_redirect_to_an_internal_address_is_refused(world, client, settings):
    import http.server
    import threading

    class Redirect(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(302)
            self.send_header("Location", "https://10.0.0.5/package.json")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Redirect)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    allow(settings, base)  # the first server is allowed; where it redirects is not
    try:
        client.force_login(world.admin)
        response = client.post(
            "/classes/standards/import/", {"classroom": world.klass.pk, "url": base + "pkg"}
        )
    finally:
        server.shutdown()
        server.server_close()
    assert response.status_code == 400
    html = response.content.decode()
    assert "The address 10.0.0.5 is inside a private network" in html
    assert 'href="#id_url"' in html
