"""Bad sets: every problem is reported with where it is and what to do; nothing is written."""

import pytest

from trellis.accounts.models import School, User
from trellis.rosters.models import Classroom, Enrollment
from trellis.rosters.oneroster import spec
from trellis.rosters.oneroster.importer import import_set

from .sets import zip_of

pytestmark = pytest.mark.django_db

STUDENT = "cr-student-00001"


def nothing_written():
    return (
        School.objects.count() == 0
        and User.objects.count() == 0
        and Classroom.objects.count() == 0
        and Enrollment.objects.count() == 0
    )


def only_problem(report):
    assert not report.ok
    assert report.summary().endswith("in the information system (or the files) and import again.")
    assert nothing_written()
    return report.problems


def test_every_problem_is_listed_not_just_the_first(roster):
    roster.set("users.csv", STUDENT, "enabledUser", "maybe")
    roster.set("users.csv", "cr-student-00002", "dateLastModified", "20/08/2026")
    roster.set("classes.csv", "cr-class-0002", "classType", "lecture")
    roster.set("enrollments.csv", "cr-class-0001-cr-staff-00003", "userSourcedId", "ghost")
    problems = only_problem(roster.run())
    where = {(p.file, p.column) for p in problems}
    assert where >= {
        ("users.csv", "enabledUser"),
        ("users.csv", "dateLastModified"),
        ("classes.csv", "classType"),
        ("enrollments.csv", "userSourcedId"),
    }
    bad = next(p for p in problems if p.column == "enabledUser")
    assert bad.line == 7 and bad.value == "maybe" and "true or false" in bad.message


def test_a_required_file_missing_from_the_manifest(roster):
    roster.manifest("file.users", None)
    problems = only_problem(roster.run())
    assert any(p.file == "manifest.csv" and "no row for file.users" in p.message for p in problems)


def test_a_file_listed_as_bulk_but_absent_from_the_set(roster):
    del roster.files["enrollments.csv"]
    problems = only_problem(roster.run())
    p = next(p for p in problems if "enrollments.csv" in p.message)
    assert p.file == "manifest.csv" and p.value == "bulk"
    assert "mark it absent" in p.message


def test_no_manifest_at_all(roster):
    del roster.files["manifest.csv"]
    problems = only_problem(roster.run())
    assert problems[0].file == "manifest.csv"


def test_an_unsupported_version(roster):
    roster.manifest("oneroster.version", "1.0")
    problems = only_problem(roster.run())
    assert problems[0].value == "1.0" and "1.1 or 1.2" in problems[0].message


def test_header_names_in_the_wrong_case(roster):
    roster.files["users.csv"][0][roster.col("users.csv", "givenName")] = "GivenName"
    problems = only_problem(roster.run())
    p = next(p for p in problems if p.file == "users.csv")
    assert (p.line, p.column) == (1, "GivenName")
    assert "case-sensitive" in p.message and "“givenName”" in p.message
    # Enrollments of people in the unreadable file are not reported as unknown people.
    assert not any(p.file == "enrollments.csv" for p in problems)


def test_a_missing_required_column(roster):
    index = roster.col("classes.csv", "courseSourcedId")
    roster.files["classes.csv"] = [r[:index] + r[index + 1 :] for r in roster.files["classes.csv"]]
    problems = only_problem(roster.run())
    p = next(p for p in problems if p.file == "classes.csv")
    assert p.column == "courseSourcedId" and p.line == 1
    assert "Add it" in p.message


def test_an_optional_column_may_be_missing(roster):
    index = roster.col("users.csv", "pronouns")
    roster.files["users.csv"] = [r[:index] + r[index + 1 :] for r in roster.files["users.csv"]]
    assert roster.run().ok


@pytest.mark.parametrize(
    ("file", "column", "sourced_id"),
    [
        ("roles.csv", "role", f"{STUDENT}-role"),
        ("enrollments.csv", "role", "cr-class-0001-cr-staff-00003"),
    ],
)
def test_an_unknown_role(roster, file, column, sourced_id):
    roster.set(file, sourced_id, column, "headmaster")
    problems = only_problem(roster.run())
    assert [(p.file, p.column, p.value) for p in problems] == [(file, column, "headmaster")]
    assert "Unknown" in problems[0].message


def test_an_unknown_role_in_version_1_1_users(roster11):
    roster11.set("users.csv", STUDENT, "role", "Student")
    problems = only_problem(roster11.run())
    assert (problems[0].file, problems[0].column, problems[0].value) == (
        "users.csv",
        "role",
        "Student",
    )


def test_a_duplicate_sourced_id(roster):
    roster.add(
        "users.csv",
        sourcedId=STUDENT,
        status="active",
        enabledUser="true",
        givenName="Twin",
        familyName="Copy",
        username="cr-twin",
    )
    problems = only_problem(roster.run())
    p = next(p for p in problems if p.column == "sourcedId")
    assert p.value == STUDENT and "line 7" in p.message and p.line == 14


@pytest.mark.parametrize(
    ("column", "value"), [("classSourcedId", "no-such-class"), ("userSourcedId", "no-such-user")]
)
def test_an_enrollment_pointing_to_an_unknown_class_or_user(roster, column, value):
    roster.set("enrollments.csv", "cr-class-0001-cr-staff-00003", column, value)
    problems = only_problem(roster.run())
    assert [(p.file, p.line, p.column, p.value) for p in problems] == [
        ("enrollments.csv", 2, column, value)
    ]


def test_a_class_pointing_to_an_unknown_course_or_term(roster):
    roster.set("classes.csv", "cr-class-0001", "courseSourcedId", "nope")
    roster.set("classes.csv", "cr-class-0002", "termSourcedIds", "cr-fall26,later")
    problems = only_problem(roster.run())
    assert {(p.column, p.value) for p in problems} == {
        ("courseSourcedId", "nope"),
        ("termSourcedIds", "later"),
    }


@pytest.mark.parametrize(
    ("file", "sourced_id", "column", "value"),
    [
        ("academicSessions.csv", "cr-fall26", "startDate", "09/01/2026"),
        ("academicSessions.csv", "cr-fall26", "endDate", "2026-13-01"),
        ("enrollments.csv", "cr-class-0001-cr-staff-00003", "beginDate", "2026-9-1"),
        ("users.csv", STUDENT, "dateLastModified", "2026-08-20 12:00"),
    ],
)
def test_a_wrong_date_format(roster, file, sourced_id, column, value):
    roster.set(file, sourced_id, column, value)
    problems = only_problem(roster.run())
    assert (problems[0].file, problems[0].column, problems[0].value) == (file, column, value)
    # What points at the rejected row is one more problem per file that points, not one per row.
    for p in problems[1:]:
        assert p.value == sourced_id and "refers to the rejected row" in p.message


def test_a_non_utf8_file(roster):
    data = "sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId\r\n"
    data += "cedar-ridge-hs,active,,École Cèdre,school,,\r\n"
    roster.raw["orgs.csv"] = data.encode("latin-1")
    problems = only_problem(roster.run())
    p = next(p for p in problems if p.file == "orgs.csv")
    assert p.line == 2 and "UTF-8" in p.message and "0xC9" in p.message


def test_a_utf8_bom_is_accepted(roster):
    for name in ("users.csv", "manifest.csv"):
        from .sets import csv_bytes

        roster.raw[name] = b"\xef\xbb\xbf" + csv_bytes(roster.files[name])
    report = roster.run()
    assert report.ok, report.problems


def test_a_zero_byte_file(roster):
    roster.raw["courses.csv"] = b""
    problems = only_problem(roster.run())
    p = next(p for p in problems if p.file == "courses.csv")
    assert "0 bytes" in p.message


@pytest.mark.parametrize(
    "name", ["../evil.csv", "/etc/cron.d/evil", "sub/../../evil.csv", "C:\\evil.csv"]
)
def test_a_zip_with_a_path_traversal_entry(roster, name):
    path = roster.zip(extra={name: b"x"})
    problems = only_problem(import_set(path))
    assert problems[0].value == name
    assert "outside the set" in problems[0].message


def test_a_zip_with_too_many_files(roster, monkeypatch):
    extra = {f"notes{i}.txt": b"x" for i in range(spec.MAX_FILES)}
    problems = only_problem(import_set(roster.zip(extra=extra)))
    assert f"at most {spec.MAX_FILES}" in problems[0].message


def test_a_zip_whose_declared_size_is_too_big(roster, monkeypatch):
    monkeypatch.setattr(spec, "MAX_UNPACKED_BYTES", 20_000)
    problems = only_problem(import_set(roster.zip(extra={"big.txt": b"0" * 50_000})))
    assert "unpacks to" in problems[0].message


def test_bytes_are_counted_while_reading_not_only_declared(roster, monkeypatch):
    """The declared sizes pass, the bytes actually read do not: the count stops the import."""
    from trellis.rosters.oneroster import importer

    monkeypatch.setattr(spec, "MAX_UNPACKED_BYTES", 40_000)
    folder = roster.folder()
    real_open = importer.open_set

    def open_then_grow(source):
        rset = real_open(source)  # sizes as listed: well under the limit
        with open(folder / "users.csv", "ab") as f:
            f.write(b"\r\n" * 30_000)  # blank lines: harmless, but bytes all the same
        return rset

    monkeypatch.setattr(importer, "open_set", open_then_grow)
    problems = only_problem(import_set(folder))
    assert "more than" in problems[0].message


def test_a_zip_whose_headers_under_declare_sizes_gets_nothing_in(roster):
    """Forge the sizes in the zip's headers: the data no longer matches and nothing is read."""
    import struct

    data = bytearray(roster.zip().read_bytes())
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        at = data.find(signature)
        while at != -1:
            struct.pack_into("<I", data, at + offset, 3)
            at = data.find(signature, at + 4)
    path = roster.tmp / "forged.zip"
    path.write_bytes(bytes(data))
    problems = only_problem(import_set(path))
    assert problems and all(p.fatal or "manifest" in p.message for p in problems)


def test_a_corrupt_zip_is_a_problem_not_a_crash(tmp_path):
    path = tmp_path / "broken.zip"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    problems = only_problem(import_set(path))
    assert "not a readable .zip" in problems[0].message


def test_formula_like_cells_are_stored_as_plain_text(roster):
    roster.set("users.csv", STUDENT, "givenName", '=HYPERLINK("http://evil","x")')
    roster.set("users.csv", "cr-student-00002", "familyName", "+1-555")
    roster.set("classes.csv", "cr-class-0001", "title", "@SUM(A1)")
    assert roster.run().ok
    assert User.objects.get(sourced_id=STUDENT).first_name == '=HYPERLINK("http://evil","x")'
    assert User.objects.get(sourced_id="cr-student-00002").last_name == "+1-555"
    assert Classroom.objects.get(sourced_id="cr-class-0001").course == "@SUM(A1)"


def test_username_taken_by_an_account_not_imported(roster, world):
    roster.set("users.csv", STUDENT, "username", "teacher")  # world's teacher
    problems = only_problem_keep_world(roster.run())
    p = problems[0]
    assert (p.file, p.column, p.value) == ("users.csv", "username", "teacher")
    assert "Another Trellis account" in p.message


def only_problem_keep_world(report):
    assert not report.ok
    assert not School.objects.filter(sourced_id="cedar-ridge-hs").exists()
    assert not User.objects.exclude(sourced_id=None).exists()
    return report.problems


def test_two_people_with_the_same_username(roster):
    roster.set(
        "users.csv", "cr-student-00002", "username", roster.get("users.csv", STUDENT, "username")
    )
    problems = only_problem(roster.run())
    assert "Two people would get this username" in problems[0].message


def test_a_delta_row_without_status_or_date(roster):
    roster.only("users.csv")
    roster.set("users.csv", STUDENT, "status", "")
    roster.set("users.csv", "cr-student-00002", "dateLastModified", "")
    problems = only_problem(roster.run())
    assert {p.column for p in problems} >= {"status", "dateLastModified"}


def test_version_1_2_bulk_users_need_bulk_roles(roster):
    roster.manifest("file.roles", "delta")
    problems = only_problem(roster.run())
    assert any("roles.csv must be sent as bulk" in p.message for p in problems)


def test_a_zip_upload_of_something_else():
    problems = only_problem(import_set(zip_of({"readme.txt": b"hello"})))
    assert "manifest.csv" in problems[0].message
