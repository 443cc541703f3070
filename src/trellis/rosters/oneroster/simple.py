"""A teacher's own roster as a simple CSV: name, email, role, class.

For a teacher whose school sends no OneRoster set. Each row puts one person in one class;
the class is found by name among the classes the importer manages, or created (the teacher
importing becomes its teacher). People are matched by email within the school; new ones get
an unusable password, like OneRoster imports. Nothing is ever deactivated from this file.
Only school admins may create teacher accounts this way; a teacher may add existing
colleagues as co-teachers.

What a report may say about people: people of another school are never matched (an email
used there is simply a new person here, with a username of its own), and a teacher who is not
a school admin learns nothing about people outside their own classes: a student of the school
and a new one read the same (the report counts enrollments, not accounts), and a student
listed as a teacher reads like an email with no teacher account. Only a school admin's report
counts the accounts it creates and names a mismatched role.
"""

import csv
import io
import secrets
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models.functions import Lower
from django.utils.translation import gettext_noop

from trellis.accounts.models import Role, User
from trellis.rosters import actions as roster_actions
from trellis.rosters.models import Classroom, Enrollment
from trellis.rosters.permissions import classes_managed_by

from .permissions import can_import_simple
from .records import _USERNAME
from .report import Problem, Report

COLUMNS = ("name", "email", "role", "class")
MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000
ROLES = {"student": Role.STUDENT, "teacher": Role.TEACHER}


@dataclass
class _Entry:
    klass: str
    classroom: Classroom | None
    person: User | None
    name: str
    email: str
    role: str


def _split_name(name: str) -> tuple[str, str]:
    first, _, last = name.rpartition(" ")
    return (first, last) if first else (last, "")


def _read(fileobj, report: Report) -> list[tuple[int, dict]]:
    data = fileobj.read(MAX_BYTES + 1)
    file = getattr(fileobj, "name", "") or "roster.csv"
    file = file.rsplit("/", 1)[-1]
    if len(data) > MAX_BYTES:
        report.problems.append(
            Problem(
                gettext_noop("The file is larger than %(limit)s MB."),
                file=file,
                params={"limit": MAX_BYTES // (1024 * 1024)},
            )
        )
        return []
    if not data:
        report.problems.append(
            Problem(
                gettext_noop("The file is empty (0 bytes). It needs the header row: %(columns)s"),
                file=file,
                params={"columns": ",".join(COLUMNS)},
            )
        )
        return []
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        report.problems.append(
            Problem(
                gettext_noop(
                    "The file is not UTF-8 text. Save it as “CSV UTF-8” and import again."
                ),
                file=file,
                line=line,
            )
        )
        return []
    reader = csv.reader(io.StringIO(text, newline=""))
    header = [h.strip().lower() for h in next(reader, [])]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        report.problems.append(
            Problem(
                gettext_noop(
                    "The header row must name the columns %(columns)s; missing: %(missing)s."
                ),
                file=file,
                line=1,
                params={"columns": ", ".join(COLUMNS), "missing": ", ".join(missing)},
            )
        )
        return []
    index = {c: header.index(c) for c in COLUMNS}
    rows = []
    for cells in reader:
        if not any(c.strip() for c in cells):
            continue
        if len(rows) >= MAX_ROWS:
            report.problems.append(
                Problem(
                    gettext_noop("The file has more than %(limit)s rows; split it."),
                    file=file,
                    params={"limit": MAX_ROWS},
                )
            )
            break
        values = {c: (cells[i].strip() if i < len(cells) else "") for c, i in index.items()}
        rows.append((reader.line_num, values))
    report.notes.extend(
        Problem(gettext_noop("The column “%(column)s” is not used."), params={"column": h})
        for h in header
        if h and h not in COLUMNS
    )
    return rows


def _free_username(email: str) -> str:
    """The email when no account uses it as a username (in any school), else a fresh one:
    whether another school has it must not show, so the import never refuses over it."""
    usable = _USERNAME.match(email) and len(email) <= 150
    if usable and not User.objects.filter(username=email).exists():
        return email
    return f"person-{secrets.token_hex(8)}"


def import_simple_csv(user: User, fileobj, *, dry_run: bool = False) -> Report:
    """Check the file, then (unless dry run or a problem) create and enroll in one transaction."""
    report = Report(dry_run=dry_run, version="simple CSV")
    if not can_import_simple(user):
        report.problems.append(
            Problem(gettext_noop("Only teachers and school admins import class lists."))
        )
        return report
    file = (getattr(fileobj, "name", "") or "roster.csv").rsplit("/", 1)[-1]
    rows = _read(fileobj, report)
    if report.problems:
        return report

    def problem(message, line, column="", value="", **params):
        report.problems.append(
            Problem(message, file=file, line=line, column=column, value=value, params=params)
        )

    emails = {v["email"].lower() for _, v in rows if v["email"]}
    known = {}
    # Only the importer's school: another school's people are not there for this file.
    same_school = User.objects.filter(school_id=user.school_id)
    for u in same_school.annotate(e=Lower("email")).filter(e__in=list(emails)):
        known.setdefault(u.e, []).append(u)
    managed = {}
    classes = list(classes_managed_by(user).filter(is_active=True))
    for c in classes:
        managed.setdefault(c.name.lower(), []).append(c)
        managed.setdefault(c.course.lower(), []).append(c)
    admin = user.is_school_admin
    # People the importer may hear about: the whole school for its admin; otherwise those
    # enrolled in the importer's own classes (any status: they were there).
    visible = (
        None
        if admin
        else set(Enrollment.objects.filter(classroom__in=classes).values_list("user_id", flat=True))
    )
    plan = []  # (line, class name, existing class or None, user or values, role)
    seen = {}
    for line, v in rows:
        ok = True
        name, email, role, klass = v["name"], v["email"].lower(), v["role"].lower(), v["class"]
        for column in COLUMNS:
            if not v[column]:
                problem(
                    gettext_noop("%(name)s is required: fill it in."), line, column, name=column
                )
                ok = False
        if role and role not in ROLES:
            problem(gettext_noop("role must be student or teacher."), line, "role", v["role"])
            ok = False
        if email:
            try:
                validate_email(email)
            except ValidationError:
                problem(gettext_noop("This is not an email address."), line, "email", v["email"])
                ok = False
        if len(klass) > 200 or len(name) > 150:
            problem(
                gettext_noop("Names of people (150) or classes (200) are too long."), line, "name"
            )
            ok = False
        if not ok:
            continue
        key = (email, klass.lower())
        if key in seen:
            problem(
                gettext_noop("This person is already listed for this class on line %(other)s."),
                line,
                "email",
                email,
                other=seen[key],
            )
            continue
        seen[key] = line
        matches = managed.get(klass.lower(), [])
        if len({c.pk for c in matches}) > 1:
            problem(
                gettext_noop(
                    "You have several classes with this name. Rename one (e.g. add its section) "
                    "and use the full name, like “Grade 9 Mathematics · B”."
                ),
                line,
                "class",
                klass,
            )
            continue
        classroom = matches[0] if matches else None
        people = known.get(email, [])
        if len(people) > 1:
            problem(
                gettext_noop("Several Trellis accounts have this email; ask your school admin."),
                line,
                "email",
                email,
            )
            continue
        person = people[0] if people else None
        seen_by_importer = person is not None and (visible is None or person.pk in visible)
        if person is not None and person.role != ROLES[role] and seen_by_importer:
            problem(
                gettext_noop(
                    "This person's Trellis account is a %(account)s, not a %(role)s. Correct "
                    "the role."
                ),
                line,
                "role",
                role,
                account=str(person.get_role_display()).lower(),
                role=role,
            )
            continue
        if person is not None and person.role != ROLES[role] and ROLES[role] == Role.STUDENT:
            # A colleague's email listed as a student's (the importer is not an admin).
            problem(
                gettext_noop(
                    "This email cannot be added as a student from a class list. Check the email, "
                    "or ask your school admin."
                ),
                line,
                "email",
                email,
            )
            continue
        if person is not None and person.role != ROLES[role]:
            person = None  # a student listed as a teacher: read as "no teacher account"
        if person is None and ROLES[role] == Role.TEACHER and not admin:
            problem(
                gettext_noop(
                    "There is no teacher account with this email in your school. Only school "
                    "admins create teacher accounts: ask yours, or check the email."
                ),
                line,
                "email",
                email,
            )
            continue
        plan.append(_Entry(klass, classroom, person, name, email, ROLES[role]))

    if report.problems:
        return report
    if not admin and plan:
        report.notes.append(
            Problem(
                gettext_noop(
                    "Everyone listed joins with their account in your school, or a new one when "
                    "they have none (the report counts class places, not accounts)."
                )
            )
        )
    report.created["classes"] += len({e.klass.lower() for e in plan if e.classroom is None})
    new_people = {}
    pairs = {}
    existing_enrollments = {
        (e.classroom_id, e.user_id): e
        for e in Enrollment.objects.filter(
            classroom__in=[e.classroom for e in plan if e.classroom is not None],
            user__in=[e.person for e in plan if e.person is not None],
        )
    }
    for entry in plan:
        if entry.person is None and entry.email not in new_people:
            new_people[entry.email] = entry
            if admin:
                report.created["people"] += 1
        held = None
        if entry.classroom is not None and entry.person is not None:
            held = existing_enrollments.get((entry.classroom.pk, entry.person.pk))
        if held is not None and held.is_active and held.role == entry.role:
            report.unchanged["enrollments"] += 1
            continue
        (report.updated if held is not None else report.created)["enrollments"] += 1
        pairs[(entry.klass.lower(), entry.email)] = entry
    if dry_run or not report.changed:
        return report
    with transaction.atomic():
        made_classes = {}
        made_people = {}
        for email, entry in new_people.items():
            first, last = _split_name(entry.name)
            made_people[email] = User.objects.create(
                username=_free_username(email),
                email=email,
                first_name=first,
                last_name=last,
                role=entry.role,
                school_id=user.school_id,
                password=make_password(None),
            )
        for (key, email), entry in pairs.items():
            classroom = entry.classroom
            if classroom is None:
                if key not in made_classes:
                    made_classes[key] = roster_actions.create_class(user, course=entry.klass)
                classroom = made_classes[key]
            roster_actions.enroll(classroom, entry.person or made_people[email], entry.role)
    return report
