"""Make OneRoster CSV sets: the demo school's, and large ones for the benchmark.

    python -m trellis.rosters.oneroster.generate demo docs/examples
    python -m trellis.rosters.oneroster.generate bench /tmp/big --users 10000 --classes 400 \
        --enrollments 12000

The demo set is a different school from `trellis demo`'s Maple Grove: Cedar Ridge High
School. Its usernames all start with "cr-", which no Maple Grove account does, so it imports
into a fresh database and next to the demo school alike. Output is deterministic.
"""

import argparse
import csv
import io
import random
import zipfile
from dataclasses import dataclass
from pathlib import Path

from . import spec

STAMP = "2026-08-20T12:00:00.000Z"
GIVEN = [
    "Aisha",
    "Ben",
    "Carmen",
    "Dario",
    "Elena",
    "Felix",
    "Gita",
    "Hector",
    "Imani",
    "Jonas",
    "Kenji",
    "Lena",
    "Marco",
    "Nadia",
    "Olu",
    "Pavel",
    "Rania",
    "Sven",
    "Tamar",
    "Umar",
    "Valeria",
    "Wei",
    "Yasmin",
    "Zoltan",
    "Abel",
    "Bryn",
    "Cyrus",
    "Delia",
    "Emeka",
    "Flora",
]
FAMILY = [
    "Adeyemi",
    "Baker",
    "Cruz",
    "Dimitrov",
    "Ekström",
    "Fischer",
    "Gómez",
    "Horvat",
    "Ito",
    "Jovanović",
    "Kaur",
    "Lindqvist",
    "Moreau",
    "Novak",
    "Ortiz",
    "Popescu",
    "Quinn",
    "Reyes",
    "Sato",
    "Torres",
    "Ulrich",
    "Varga",
    "Walsh",
    "Xiong",
    "Young",
    "Zeller",
]


@dataclass
class SetShape:
    version: str = "1.2"
    school_sid: str = "cedar-ridge-hs"
    school_name: str = "Cedar Ridge High School"
    district_sid: str = "cedar-valley-district"
    prefix: str = "cr-"
    email_domain: str = "cedarridge.example"
    students: int = 84
    teachers: int = 5
    classes: int = 8
    courses: int = 5
    # Enrollments in total (teachers: one per class, the rest students spread over classes).
    enrollments: int = 260
    guardians: int = 2
    seed: int = 2026


def build(shape: SetShape) -> dict[str, list[list[str]]]:
    """Every file of the set as rows (header first)."""
    rng = random.Random(shape.seed)
    v12 = shape.version == "1.2"
    files: dict[str, list[list[str]]] = {}

    def header(fspec):
        return list(fspec.columns)

    def row(fspec, **values):
        return [values.get(c, "") for c in fspec.columns]

    files["orgs.csv"] = [
        header(spec.ORGS),
        row(
            spec.ORGS,
            sourcedId=shape.district_sid,
            status="active",
            dateLastModified=STAMP,
            name="Cedar Valley School District",
            type="district",
        ),
        row(
            spec.ORGS,
            sourcedId=shape.school_sid,
            status="active",
            dateLastModified=STAMP,
            name=shape.school_name,
            type="school",
            identifier="CRHS",
            parentSourcedId=shape.district_sid,
        ),
    ]
    year, fall, spring = f"{shape.prefix}sy2027", f"{shape.prefix}fall26", f"{shape.prefix}spr27"
    files["academicSessions.csv"] = [
        header(spec.ACADEMIC_SESSIONS),
        row(
            spec.ACADEMIC_SESSIONS,
            sourcedId=year,
            status="active",
            dateLastModified=STAMP,
            title="2026–27",
            type="schoolYear",
            startDate="2026-09-01",
            endDate="2027-06-25",
            schoolYear="2027",
        ),
        row(
            spec.ACADEMIC_SESSIONS,
            sourcedId=fall,
            status="active",
            dateLastModified=STAMP,
            title="Fall 2026",
            type="semester",
            startDate="2026-09-01",
            endDate="2027-01-29",
            parentSourcedId=year,
            schoolYear="2027",
        ),
        row(
            spec.ACADEMIC_SESSIONS,
            sourcedId=spring,
            status="active",
            dateLastModified=STAMP,
            title="Spring 2027",
            type="semester",
            startDate="2027-02-01",
            endDate="2027-06-25",
            parentSourcedId=year,
            schoolYear="2027",
        ),
    ]
    subjects = ["Mathematics", "Science", "English", "History", "Art", "Music", "French"]
    courses = []
    for i in range(shape.courses):
        grade = 9 + i % 4
        title = f"Grade {grade} {subjects[i % len(subjects)]}"
        if i >= len(subjects):
            title += f" {i // len(subjects) + 1}"
        courses.append((f"{shape.prefix}course-{i + 1:04d}", title, f"{grade:02d}"))
    files["courses.csv"] = [header(spec.COURSES)] + [
        row(
            spec.COURSES,
            sourcedId=sid,
            status="active",
            dateLastModified=STAMP,
            schoolYearSourcedId=year,
            title=title,
            courseCode=sid.upper()[-8:],
            grades=grade,
            orgSourcedId=shape.school_sid,
        )
        for sid, title, grade in courses
    ]
    classes = []
    for i in range(shape.classes):
        course_sid, title, grade = courses[i % len(courses)]
        section = chr(ord("A") + (i // len(courses)) % 26)
        term = fall if i % 2 == 0 else spring
        classes.append(
            (f"{shape.prefix}class-{i + 1:04d}", f"{title}", section, grade, course_sid, term)
        )
    files["classes.csv"] = [header(spec.CLASSES)] + [
        row(
            spec.CLASSES,
            sourcedId=sid,
            status="active",
            dateLastModified=STAMP,
            title=title,
            grades=grade,
            courseSourcedId=course,
            classCode=section,
            classType="scheduled",
            location=f"Room {100 + n}",
            schoolSourcedId=shape.school_sid,
            termSourcedIds=term,
        )
        for n, (sid, title, section, grade, course, term) in enumerate(classes)
    ]

    people = []  # (sid, role, given, family, grade)
    names = [(g, f) for f in FAMILY for g in GIVEN]
    rng.shuffle(names)
    staff = [("administrator", 1), ("principal" if v12 else "administrator", 1)]
    staff += [("teacher", shape.teachers), ("aide", 1)]
    n = 0
    for role, count in staff:
        for _ in range(count):
            given, family = names[n % len(names)]
            people.append((f"{shape.prefix}staff-{n + 1:05d}", role, given, family, ""))
            n += 1
    for i in range(shape.students):
        given, family = names[n % len(names)]
        grade = f"{9 + i % 4:02d}"
        people.append((f"{shape.prefix}student-{i + 1:05d}", "student", given, family, grade))
        n += 1
    for i in range(shape.guardians):
        given, family = names[n % len(names)]
        people.append((f"{shape.prefix}guardian-{i + 1:05d}", "guardian", given, family, ""))
        n += 1

    users_spec = spec.USERS_1_2 if v12 else spec.USERS_1_1
    users = [header(users_spec)]
    roles = [header(spec.ROLES)]
    for k, (sid, role, given, family, grade) in enumerate(people):
        # A number keeps usernames unique however many people share a name.
        handle = f"{given}.{family}".lower().translate(str.maketrans("öéóć", "oeoc"))
        username = (
            f"{shape.prefix}{handle}{k + 1}" if len(people) > 500 else f"{shape.prefix}{handle}"
        )
        values = {
            "sourcedId": sid,
            "status": "active",
            "dateLastModified": STAMP,
            "enabledUser": "true",
            "username": username,
            "givenName": given,
            "familyName": family,
            "email": f"{username.removeprefix(shape.prefix)}@{shape.email_domain}",
            "grades": grade,
            "identifier": f"{100000 + k}",
        }
        if v12:
            values["primaryOrgSourcedId"] = shape.school_sid
            roles.append(
                row(
                    spec.ROLES,
                    sourcedId=f"{sid}-role",
                    status="active",
                    dateLastModified=STAMP,
                    userSourcedId=sid,
                    roleType="primary",
                    role=role,
                    orgSourcedId=shape.school_sid,
                )
            )
        else:
            values["role"] = role
            values["orgSourcedIds"] = shape.school_sid
        users.append(row(users_spec, **values))
    files["users.csv"] = users
    if v12:
        files["roles.csv"] = roles

    teachers = [p[0] for p in people if p[1] == "teacher"]
    aide = next(p[0] for p in people if p[1] == "aide")
    students = [p[0] for p in people if p[1] == "student"]
    enrollments = [header(spec.ENROLLMENTS)]

    def enroll(class_sid, user_sid, role, primary=""):
        enrollments.append(
            row(
                spec.ENROLLMENTS,
                sourcedId=f"{class_sid}-{user_sid}",
                status="active",
                dateLastModified=STAMP,
                classSourcedId=class_sid,
                schoolSourcedId=shape.school_sid,
                userSourcedId=user_sid,
                role=role,
                primary=primary,
            )
        )

    for i, c in enumerate(classes):
        enroll(c[0], teachers[i % len(teachers)], "teacher", "true")
    if classes:
        enroll(classes[0][0], aide, "aide", "false")
    remaining = max(0, shape.enrollments - len(enrollments) + 1)
    pairs = set()
    i = 0
    while len(pairs) < min(remaining, len(students) * len(classes)):
        student = students[i % len(students)]
        klass = classes[(i * 7 + i // len(students)) % len(classes)][0]
        if (klass, student) not in pairs:
            pairs.add((klass, student))
            enroll(klass, student, "student")
        i += 1
    files["enrollments.csv"] = enrollments

    manifest = [["propertyName", "value"], ["manifest.version", "1.0"]]
    manifest.append(["oneroster.version", shape.version])
    names_in_set = {name.removesuffix(".csv") for name in files}
    all_files = [f.name for f in spec.FILES[shape.version]] + sorted(spec.KNOWN_OTHER_FILES)
    for name in all_files:
        if (
            name in spec.KNOWN_OTHER_FILES
            and shape.version == "1.1"
            and name.startswith(("user", "score", "lineItemL", "lineItemS", "resultL", "resultS"))
        ):
            continue
        manifest.append([f"file.{name}", "bulk" if name in names_in_set else "absent"])
    manifest += [["source.systemName", "Trellis demo generator"], ["source.systemCode", "demo"]]
    return {"manifest.csv": manifest, **files}


def to_bytes(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode("utf-8")


def write_folder(files: dict[str, list[list[str]]], folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in files.items():
        (folder / name).write_bytes(to_bytes(rows))
    return folder


def write_zip(files: dict[str, list[list[str]]], path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, rows in files.items():
            # A fixed date keeps the zip byte-for-byte the same on every run.
            info = zipfile.ZipInfo(name, date_time=(2026, 8, 20, 12, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, to_bytes(rows))
    return path


def bench_shape(users: int, classes: int, enrollments: int, version: str = "1.2") -> SetShape:
    teachers = max(1, classes)  # one teacher per class, like a secondary school's timetable
    return SetShape(
        version=version,
        school_sid="bench-school",
        school_name="Benchmark Secondary",
        district_sid="bench-district",
        prefix="bench-",
        email_domain="bench.example",
        students=users - teachers - 3,
        teachers=teachers,
        classes=classes,
        courses=max(1, classes // 10),
        enrollments=enrollments,
        guardians=0,
    )


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="what", required=True)
    demo = sub.add_parser("demo", help="the demo school's sets (1.2 and 1.1), folder and zip")
    demo.add_argument("out", type=Path, help="folder to write into, e.g. docs/examples")
    bench = sub.add_parser("bench", help="a large set for bench/roster_import")
    bench.add_argument("out", type=Path, help="a .zip path or a folder")
    bench.add_argument("--users", type=int, default=10_000)
    bench.add_argument("--classes", type=int, default=400)
    bench.add_argument("--enrollments", type=int, default=12_000)
    bench.add_argument("--version", choices=spec.VERSIONS, default="1.2")
    args = parser.parse_args(argv)
    if args.what == "demo":
        files = build(SetShape())
        write_folder(files, args.out / "oneroster-demo")
        write_zip(files, args.out / "oneroster-demo.zip")
        write_zip(build(SetShape(version="1.1")), args.out / "oneroster-demo-1.1.zip")
        print(f"wrote {args.out}/oneroster-demo/, oneroster-demo.zip, oneroster-demo-1.1.zip")
    else:
        files = build(bench_shape(args.users, args.classes, args.enrollments, args.version))
        if args.out.suffix == ".zip":
            write_zip(files, args.out)
        else:
            write_folder(files, args.out)
        print(f"wrote {args.out}: " + ", ".join(f"{n} {len(r) - 1}" for n, r in files.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
