"""One report says everything: a rejected row does not cascade, every problem of every
readable file is listed, totals add up to the files, and small slips get precise words."""

import pytest

from trellis.accounts.models import User
from trellis.rosters.oneroster import spec

from .sets import csv_bytes

pytestmark = pytest.mark.django_db

STUDENT = "cr-student-00001"


def test_a_row_broken_at_the_csv_level_is_reported_once_not_per_reference(roster):
    # Line 7 of users.csv (the first student) gets an extra value: the row cannot be read.
    roster.row("users.csv", STUDENT).append("stray")
    report = roster.run()
    assert not report.ok
    lines = [(p.file, p.line) for p in report.problems]
    assert ("users.csv", 7) in lines
    refs = [p for p in report.problems if "refers to the rejected row" in p.message]
    assert len(refs) == 1, [str(p) for p in report.problems]
    assert "the rejected row 7 of users.csv" in refs[0].message
    assert refs[0].value == STUDENT
    assert not any("No person has this sourcedId" in p.message for p in report.problems)
    assert len(report.problems) == 2


def test_a_rejected_class_is_not_dozens_of_unknown_classes(roster):
    roster.set("classes.csv", "cr-class-0001", "classType", "lecture")
    report = roster.run()
    refs = [p for p in report.problems if "refers to the rejected row" in p.message]
    assert len(refs) == 1 and "So do" in refs[0].message
    assert "rejected row 2 of classes.csv" in refs[0].message
    assert not any("No class has this sourcedId" in p.message for p in report.problems)


def test_every_problem_of_every_readable_file_in_one_report(roster):
    roster.files["users.csv"][0][roster.col("users.csv", "givenName")] = "GivenName"
    data = "sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId\r\n"
    data += "cedar-ridge-hs,active,,École,school,,\r\n"
    roster.raw["orgs.csv"] = data.encode("latin-1")
    roster.set("academicSessions.csv", "cr-fall26", "startDate", "09/01/2026")
    report = roster.run()
    found = {(p.file, p.column or p.message[:12]) for p in report.problems}
    assert ("users.csv", "GivenName") in found
    assert any(p.file == "orgs.csv" and "UTF-8" in p.message for p in report.problems)
    assert ("academicSessions.csv", "startDate") in found


def test_a_header_problem_does_not_hide_an_encoding_problem_further_down(roster):
    header = roster.files["courses.csv"][0][:]
    header[header.index("title")] = "Title"
    body = csv_bytes([header, *roster.files["courses.csv"][1:]])
    roster.raw["courses.csv"] = body + "cr-x,active,,,Caf\xe9,,,,,\r\n".encode("latin-1")
    report = roster.run()
    messages = [p.message for p in report.problems if p.file == "courses.csv"]
    assert any("case-sensitive" in m for m in messages)
    assert any("not UTF-8" in m for m in messages)


def test_totals_add_up_to_the_files(roster):
    roster.add(
        "users.csv",
        sourcedId="cr-never-seen",
        status="tobedeleted",
        dateLastModified="2026-08-20T12:00:00.000Z",
        enabledUser="true",
        givenName="Gone",
        familyName="Before",
        username="cr-gone",
    )
    roster.add(
        "roles.csv",
        sourcedId="cr-never-seen-role",
        status="active",
        userSourcedId="cr-never-seen",
        roleType="primary",
        role="student",
        orgSourcedId="cedar-ridge-hs",
    )
    report = roster.run()
    assert report.ok, report.problems
    assert report.adds_up, report.file_totals()
    totals = {t["file"]: t for t in report.file_totals()}
    assert totals["users.csv"]["rows"] == 13
    assert totals["users.csv"]["created"] == 12  # the guardian too
    assert totals["users.csv"]["ignored"] == 1  # the never-seen tobedeleted
    assert report.ignored["records sent as tobedeleted that Trellis never had"] == 1
    assert totals["orgs.csv"] == {
        "file": "orgs.csv",
        "rows": 2,
        "created": 1,
        "updated": 0,
        "unchanged": 0,
        "deactivated": 0,
        "used": 0,
        "ignored": 1,  # the district
        "rejected": 0,
    }
    assert totals["roles.csv"]["used"] + totals["roles.csv"]["ignored"] == 13
    for t in report.file_totals():
        assert t["rows"] == sum(t[o] for o in ("created", "updated", "unchanged")) + sum(
            t[o] for o in ("deactivated", "used", "ignored", "rejected")
        )

    # Leave one student out of the next bulk set: deactivated, and said why.
    roster.drop("users.csv", "cr-student-00006")
    roster.drop("roles.csv", "cr-student-00006-role")
    roster.files["enrollments.csv"] = [
        r for r in roster.files["enrollments.csv"] if "cr-student-00006" not in r
    ]
    again = roster.run()
    assert again.ok and again.adds_up
    assert again.missing["people"] == 1
    assert {t["file"]: t for t in again.file_totals()}["users.csv"]["unchanged"] == 11


def test_a_bulk_date_without_time_is_accepted_but_not_in_a_delta(roster):
    roster.set("users.csv", STUDENT, "dateLastModified", "2026-08-20")
    assert roster.run().ok
    roster.only("users.csv")
    roster.drop("users.csv", "cr-guardian-00001")  # never imported, so no role to go by
    roster.set("users.csv", STUDENT, "dateLastModified", "2026-08-21")
    report = roster.run()
    assert [(p.column, p.value) for p in report.problems] == [("dateLastModified", "2026-08-21")]


def test_a_too_long_sourced_id_is_located(roster):
    long_id = "x" * 300
    roster.set("classes.csv", "cr-class-0002", "sourcedId", long_id)
    report = roster.run()
    p = next(p for p in report.problems if p.column == "sourcedId")
    assert (p.file, p.line) == ("classes.csv", 3)
    assert "300 characters long" in p.message and f"at most {spec.MAX_SOURCED_ID}" in p.message


def test_a_semicolon_separated_file_gets_a_hint(roster):
    roster.raw["courses.csv"] = b"\r\n".join(
        ";".join(r).encode() for r in roster.files["courses.csv"]
    )
    report = roster.run()
    p = next(p for p in report.problems if p.file == "courses.csv")
    assert p.line == 1 and "separated by “;”" in p.message


def test_a_misspelled_known_column_is_a_warning(roster):
    at = roster.col("users.csv", "preferredGivenName")
    roster.files["users.csv"][0][at] = "prefferedGivenName"
    report = roster.run()
    assert report.ok, report.problems
    w = report.warnings[0]
    assert (w.file, w.line, w.column) == ("users.csv", 1, "prefferedGivenName")
    assert "did you mean “preferredGivenName”" in w.message


def test_a_folder_one_level_too_deep_is_found(roster, tmp_path):
    folder = roster.folder()
    outer = tmp_path / "outer"
    outer.mkdir()
    folder.rename(outer / "export")
    from trellis.rosters.oneroster.importer import import_set

    report = import_set(outer)
    assert report.ok, report.problems
    assert any("one folder deeper" in n for n in map(str, report.notes))
    assert User.objects.exclude(sourced_id=None).count() == 12


def test_a_folder_two_levels_too_deep_is_named(roster, tmp_path):
    folder = roster.folder()
    outer = tmp_path / "outer2"
    (outer / "a").mkdir(parents=True)
    folder.rename(outer / "a" / "export")
    from trellis.rosters.oneroster.importer import import_set

    report = import_set(outer)
    assert "a/export/manifest.csv" in report.problems[0].message


def test_a_zip_with_the_set_inside_a_folder_among_others(roster, tmp_path):
    import zipfile

    path = tmp_path / "nested.zip"
    with zipfile.ZipFile(path, "w") as z:
        for name, rows in roster.files.items():
            z.writestr(f"export/2026/{name}", csv_bytes(rows))
        z.writestr("readme/about.txt", b"hello")
    from trellis.rosters.oneroster.importer import import_set

    report = import_set(path)
    assert report.ok, report.problems
    assert any("export/2026" in n for n in map(str, report.notes))
