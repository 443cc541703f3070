"""The OneRoster import: check a whole set against what Trellis holds, then write it at once.

Records are matched by their sourcedId and nothing else. Planning reads the set and a fixed
number of queries' worth of existing rows (keyed by sourcedId, in chunks), and decides per
record: create, update, deactivate, or leave alone. Only when no problem was found, and the
import is not a dry run, are the changes written, in batches, inside one transaction.

Nothing is ever deleted: a record missing from a later bulk file, or sent as "tobedeleted",
is deactivated (is_active False), and everything pointing at it stays.
"""

import re
import secrets
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db import DatabaseError, IntegrityError, models, transaction
from django.utils import timezone
from django.utils.text import slugify

from trellis.accounts.models import School, User
from trellis.rosters.models import AcademicSession, Classroom, Course, Enrollment, SourceStamp

from . import spec
from .parse import FileRows, Row, parse_date, read_file, read_manifest, split_list
from .report import Problem, Problems, Report
from .source import RosterSet, open_set

CHUNK = 2000  # ids per IN (...) query: far below SQLite's and PostgreSQL's limits
BATCH = 1000  # rows per INSERT / UPDATE
_USERNAME = re.compile(r"^[\w.@+-]+\Z")

Progress = Callable[[str, int, int], None]


@dataclass
class Options:
    school: str | None = None  # import only this school org (its sourcedId)
    # The admin page: the admin's own school. Only it is touched; a record that already
    # belongs to another Trellis school is a problem, not a move.
    for_school: School | None = None
    dry_run: bool = False
    progress: Progress | None = None


def import_set(source, options: Options | None = None) -> Report:
    """Import the set at `source` (folder, .zip path or zip file object); return the report."""
    options = options or Options()
    report = Report(dry_run=options.dry_run)
    try:
        with open_set(source) as rset:
            _Import(rset, options, report).run()
    except Problems as e:
        report.problems.extend(e.problems)
    return report


def _chunks(items: list, size: int = CHUNK):
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _unusable_password() -> str:
    # What make_password(None) makes (Django's "!" prefix and a random tail), from one call
    # instead of forty: it matters for 10,000 people.
    return UNUSABLE_PASSWORD_PREFIX + secrets.token_urlsafe(30)


class _Snapshot:
    """A row as loaded, values only: cheap to compare, and made into a model instance only
    when it changes. (Building 20,000 model instances costs more than comparing them.)"""

    def __init__(self, model, values: dict):
        self.__dict__.update(values)
        self._model = model

    @property
    def pk(self):
        return self.id

    def instance(self):
        names = {f.attname for f in self._model._meta.concrete_fields}
        obj = self._model(**{k: v for k, v in self.__dict__.items() if k in names})
        obj._state.adding = False
        obj.__dict__.update({k: v for k, v in self.__dict__.items() if k not in names})
        return obj


def _snapshots(model, queryset, fields) -> list[_Snapshot]:
    return [_Snapshot(model, values) for values in queryset.values(*fields)]


def _by_sourced_id(queryset, ids, out: dict | None = None, wrap=None) -> dict:
    """Add to `out` the rows of `queryset` with these sourcedIds (those not there yet)."""
    out = {} if out is None else out
    missing = sorted(i for i in ids if i not in out)
    for chunk in _chunks(missing):
        found = queryset.filter(sourced_id__in=chunk)
        out.update((o.sourced_id, o) for o in (wrap(found) if wrap else found))
    return out


# Only the columns an import compares or writes: loading whole users (dates, password
# hashes) for a district would cost more than the comparison itself.
USER_FIELDS = (
    "id",
    "sourced_id",
    "username",
    "first_name",
    "last_name",
    "display_name",
    "email",
    "role",
    "school_id",
    "is_active",
)
CLASS_FIELDS = (
    "id",
    "sourced_id",
    "school_id",
    "course",
    "section",
    "term",
    "grade_levels",
    "course_sourced_id",
    "term_sourced_ids",
    "is_active",
    "deactivated_at",
)
ENROLLMENT_FIELDS = (
    "id",
    "sourced_id",
    "classroom_id",
    "user_id",
    "role",
    "is_active",
    "deactivated_at",
)


@dataclass
class _Changes:
    """What the write phase will do for one model."""

    create: list = field(default_factory=list)
    update: dict = field(default_factory=dict)  # id(obj) -> obj
    fields: set = field(default_factory=set)


class _Import:
    def __init__(self, rset: RosterSet, options: Options, report: Report):
        self.rset = rset
        self.options = options
        self.report = report
        self.problems = report.problems
        self.now = timezone.now()
        self.changes: dict[type, _Changes] = defaultdict(_Changes)
        self.new_stamps: list[SourceStamp] = []
        self.link_school = False
        self.rows_read = 0

    # ----------------------------------------------------------------- helpers
    def problem(self, message, row: Row | None = None, file="", column="", value=""):
        self.problems.append(
            Problem(
                message,
                file=file,
                line=row.line if row else None,
                column=column,
                value=value,
            )
        )

    def progress(self, stage: str, done: int, total: int) -> None:
        if self.options.progress:
            self.options.progress(stage, done, total)

    def _on_row(self) -> None:
        self.rows_read += 1
        if self.rows_read % 500 == 0:
            self.progress("Reading", self.rset.budget.used, self.rset.total_size)

    def fits(self, value: str, limit: int, row: Row, file: str, column: str) -> bool:
        if len(value) <= limit:
            return True
        self.problem(
            f"This value is {len(value)} characters long; Trellis keeps at most {limit}. "
            "Shorten it in the information system.",
            row,
            file,
            column,
            value,
        )
        return False

    def stale(self, kind: str, row: Row) -> bool:
        """True when Trellis already has a newer version of this record. Only delta files are
        judged so: a bulk file is the whole truth, whatever its dates say."""
        stored = self.stamps[kind].get(row["sourcedId"])
        delta = self.mode(_FILE_OF[kind]) == spec.DELTA
        if delta and row.modified_at and stored and row.modified_at < stored:
            self.report.ignored["rows older than what Trellis already has"] += 1
            return True
        if row.modified_at and row.modified_at != stored:
            self.new_stamps.append(
                SourceStamp(kind=kind, sourced_id=row["sourcedId"], modified_at=row.modified_at)
            )
        return False

    def upsert(self, kind: str, model, existing: dict, sourced_id: str, values: dict):
        obj = existing.get(sourced_id)
        changes = self.changes[model]
        if obj is None:
            obj = model(sourced_id=sourced_id, **values)
            changes.create.append(obj)
            existing[sourced_id] = obj
            self.report.created[kind] += 1
            return obj
        if obj.pk is None:  # made earlier in this same import
            return obj
        changed = [f for f, v in values.items() if _differs(obj, f, v)]
        if not changed:
            self.report.unchanged[kind] += 1
            return obj
        if isinstance(obj, _Snapshot):
            obj = existing[sourced_id] = obj.instance()
        deactivating = changed == ["is_active"] and values["is_active"] is False
        for f in changed:
            setattr(obj, f, values[f])
        self._mark(model, obj, changed)
        if deactivating:
            self.report.deactivated[kind] += 1
        else:
            self.report.updated[kind] += 1
        return obj

    def deactivate(self, kind: str, model, obj) -> None:
        if obj is None or obj.pk is None or not obj.is_active:
            return
        if isinstance(obj, _Snapshot):
            obj.is_active = False  # so that it is not counted twice
            obj = obj.instance()
        obj.is_active = False
        fields = ["is_active"]
        if hasattr(obj, "deactivated_at"):
            obj.deactivated_at = self.now
            fields.append("deactivated_at")
        self._mark(model, obj, fields)
        self.report.deactivated[kind] += 1

    def _mark(self, model, obj, fields) -> None:
        changes = self.changes[model]
        changes.update[id(obj)] = obj
        changes.fields.update(fields)
        if hasattr(obj, "updated_at"):
            obj.updated_at = self.now
            changes.fields.add("updated_at")

    def rows(self, name: str) -> list[Row]:
        f = self.files.get(name)
        return f.rows if f and f.readable else []

    def ids(self, name: str) -> dict[str, Row]:
        f = self.files.get(name)
        return f.by_id if f and f.readable else {}

    def rejected(self, name: str, sid: str) -> bool:
        """True when the set has this record but its row had a problem (already reported)."""
        f = self.files.get(name)
        return f is not None and sid in f.rejected

    def mode(self, name: str) -> str:
        return self.files[name].mode if name in self.files else spec.ABSENT

    def readable(self, name: str) -> bool:
        """False when the file was sent but could not be read: do not judge references to it."""
        f = self.files.get(name)
        return f is None or f.readable

    # ----------------------------------------------------------------- run
    def run(self) -> None:
        manifest = read_manifest(self.rset, self.problems)
        if manifest is None:
            return
        self.report.version = manifest.version
        self.version = manifest.version
        self.files: dict[str, FileRows] = {}
        for fspec in spec.FILES[self.version]:
            mode = manifest.modes.get(fspec.name, spec.ABSENT)
            if mode == spec.ABSENT:
                continue
            self.files[fspec.name] = read_file(
                self.rset, fspec, mode, self.problems, on_row=self._on_row
            )
            self.report.files[fspec.filename] = mode
        self.progress("Reading", self.rset.total_size, self.rset.total_size)
        for name in sorted(self.rset.members):
            if name not in self.report.files and name != "manifest.csv":
                self.report.ignored_files.append(name)
        if not self.files and not self.problems:
            self.problem(
                "The manifest marks every file Trellis reads as absent, so there is nothing "
                "to import. Mark the files you send as bulk or delta.",
                file="manifest.csv",
            )
        if (
            self.version == "1.2"
            and self.mode("users") == spec.BULK
            and self.mode("roles") != spec.BULK
        ):
            self.problem(
                "In OneRoster 1.2 people's roles are in roles.csv: when users.csv is bulk, "
                "roles.csv must be sent as bulk too.",
                file="manifest.csv",
            )
        self.plan()
        if self.problems or self.options.dry_run:
            return
        try:
            with transaction.atomic():
                self.write()
        except (IntegrityError, DatabaseError) as e:
            self.problem(
                "The database refused the changes, so nothing was written. This happens when "
                "someone changes the same people or classes during the import: import again. "
                f"(Database said: {e})"
            )

    # ----------------------------------------------------------------- plan
    def plan(self) -> None:
        self.stamps = {}
        for kind, name in _FILE_OF.items():
            ids = [r["sourcedId"] for r in self.rows(name) if r.modified_at]
            stamps = {}
            for chunk in _chunks(ids):
                stamps.update(
                    SourceStamp.objects.filter(kind=kind, sourced_id__in=chunk).values_list(
                        "sourced_id", "modified_at"
                    )
                )
            self.stamps[kind] = stamps
        self.plan_schools()
        if self.target_problem:
            return
        self.plan_sessions()
        self.plan_courses()
        self.plan_classes()
        self.plan_users()
        self.plan_enrollments()

    # -- orgs
    def is_school(self, sid: str) -> bool:
        row = self.ids("orgs").get(sid)
        if row is not None:
            return row["type"] == "school"
        return sid in self.db_schools

    def org_known(self, sid: str) -> bool:
        return sid in self.ids("orgs") or sid in self.db_schools or self.rejected("orgs", sid)

    def in_scope(self, school_sid: str) -> bool:
        return self.target is None or school_sid == self.target

    def check_org(self, sid: str, row: Row, file: str, column: str) -> bool:
        """An org a row points to must be known, unless orgs.csv was not sent in bulk."""
        if self.org_known(sid) or not self.readable("orgs"):
            return True
        if self.mode("orgs") == spec.BULK:
            self.problem(
                "No org has this sourcedId in orgs.csv. Add the org, or correct the reference.",
                row,
                file,
                column,
                sid,
            )
            return False
        return True

    def plan_schools(self) -> None:
        self.db_schools = {s.sourced_id: s for s in School.objects.exclude(sourced_id=None)}
        self.school_of: dict[str, School] = dict(self.db_schools)
        self.target_problem = False
        self.target = self.options.school
        mine = self.options.for_school
        orgs = self.ids("orgs")
        if mine is not None:
            if mine.sourced_id:
                self.target = mine.sourced_id
            else:
                unclaimed = [
                    sid
                    for sid, r in orgs.items()
                    if r["type"] == "school" and sid not in self.db_schools
                ]
                if len(unclaimed) == 1:
                    # The first import links a school made by hand to its record in the system.
                    self.target = unclaimed[0]
                    self.link_school = True
                    self.school_of[self.target] = mine
                    self.report.notes.append(
                        f"{mine.name} is now linked to the information system's school "
                        f"“{orgs[self.target]['name']}” (sourcedId {self.target}); later "
                        "imports update it."
                    )
                else:
                    self.target_problem = True
                    self.problem(
                        f"{mine.name} is not linked to a school of the information system yet, "
                        f"and this set has {len(unclaimed)} schools Trellis does not know, so it "
                        "cannot tell which is yours. Export a set for your school only (with "
                        "orgs.csv), or ask your Trellis operator to run "
                        "`trellis import-roster PATH --school SOURCEDID`.",
                        file="orgs.csv",
                    )
                    return
        if (
            self.target is not None
            and self.mode("orgs") == spec.BULK
            and self.readable("orgs")
            and self.target not in orgs
        ):
            self.target_problem = True
            listed = ", ".join(
                f"{r['name']} ({sid})" for sid, r in orgs.items() if r["type"] == "school"
            )
            self.problem(
                f"This set is not for the school with sourcedId “{self.target}”: orgs.csv "
                f"lists {listed or 'no school'}. Export the set for that school.",
                file="orgs.csv",
                column="sourcedId",
                value=self.target,
            )
            return
        if self.target is not None and not self.is_school(self.target):
            self.target_problem = True
            self.problem(
                "There is no school with this sourcedId in orgs.csv or in Trellis. Check the "
                "sourcedId (orgs.csv lists each school's) and import again.",
                file="orgs.csv",
                column="sourcedId",
                value=self.target,
            )
            return
        for row in self.rows("orgs"):
            sid = row["sourcedId"]
            parent = row["parentSourcedId"]
            if parent:
                self.check_org(parent, row, "orgs.csv", "parentSourcedId")
            if row["type"] != "school":
                continue
            if not self.in_scope(sid):
                self.report.ignored["schools other than the one imported"] += 1
                continue
            if self.stale("org", row):
                continue
            if row.status == spec.TOBEDELETED:
                self.report.notes.append(
                    f"The system marks the school “{row['name']}” as to be deleted; Trellis "
                    "keeps schools. Its people and classes are deactivated when a bulk set "
                    "leaves them out."
                )
                continue
            if not self.fits(row["name"], 200, row, "orgs.csv", "name"):
                continue
            school = self.school_of.get(sid)
            if school is None:
                school = School(name=row["name"], slug=self._slug(row["name"]), sourced_id=sid)
                self.changes[School].create.append(school)
                self.school_of[sid] = school
                self.report.created["schools"] += 1
            elif school.name != row["name"] or (self.link_school and school is mine):
                school.name = row["name"]
                self._mark(School, school, ["name", "updated_at"])
                self.report.updated["schools"] += 1
            else:
                self.report.unchanged["schools"] += 1
        if self.link_school and mine.pk and id(mine) not in self.changes[School].update:
            self._mark(School, mine, ["updated_at"])
            self.report.updated["schools"] += 1
        # The schools this import speaks for: a bulk file deactivates only inside them.
        in_set = {sid for sid, r in orgs.items() if r["type"] == "school"}
        in_set.update(r["schoolSourcedId"] for r in self.rows("classes"))
        for r in self.rows("users"):
            in_set.update([*split_list(r["orgSourcedIds"]), r["primaryOrgSourcedId"]])
        in_set.update(r["orgSourcedId"] for r in self.rows("roles"))
        if self.target:
            in_set = {self.target}
        self.scope_pks = {
            self.school_of[s].pk for s in in_set if s in self.school_of and self.school_of[s].pk
        }

    def _slug(self, name: str) -> str:
        base = slugify(name)[:70] or "school"
        if not hasattr(self, "_slugs"):
            self._slugs = set(School.objects.values_list("slug", flat=True))
        slug, n = base, 2
        while slug in self._slugs:
            slug, n = f"{base}-{n}", n + 1
        self._slugs.add(slug)
        return slug

    # -- academic sessions and courses: reference data shared by a district's schools
    def plan_sessions(self) -> None:
        self.db_sessions = {s.sourced_id: s for s in AcademicSession.objects.all()}
        rows = self.ids("academicSessions")
        for row in self.rows("academicSessions"):
            sid = row["sourcedId"]
            parent = row["parentSourcedId"]
            if parent and not self.session_known(parent):
                self.problem(
                    "No academic session has this sourcedId. Add it to academicSessions.csv "
                    "or leave parentSourcedId empty.",
                    row,
                    "academicSessions.csv",
                    "parentSourcedId",
                    parent,
                )
            if self.stale("session", row):
                continue
            if row.status == spec.TOBEDELETED:
                self.deactivate("academic sessions", AcademicSession, self.db_sessions.get(sid))
                continue
            if not self.fits(row["title"], 200, row, "academicSessions.csv", "title"):
                continue
            start, end = parse_date(row["startDate"]), parse_date(row["endDate"])
            if end < start:
                self.problem(
                    "The session ends before it starts. Check startDate and endDate.",
                    row,
                    "academicSessions.csv",
                    "endDate",
                    row["endDate"],
                )
                continue
            values = {
                "title": row["title"],
                "type": row["type"][:40],
                "start_date": start,
                "end_date": end,
                "school_year": row["schoolYear"],
                "parent_sourced_id": parent,
                "is_active": True,
            }
            self.upsert("academic sessions", AcademicSession, self.db_sessions, sid, values)
        if self.mode("academicSessions") == spec.BULK and self.target is None:
            for sid, session in list(self.db_sessions.items()):
                if sid not in rows:
                    self.deactivate("academic sessions", AcademicSession, session)

    def session_known(self, sid: str) -> bool:
        return (
            sid in self.ids("academicSessions")
            or sid in self.db_sessions
            or self.rejected("academicSessions", sid)
        )

    def plan_courses(self) -> None:
        self.db_courses = {c.sourced_id: c for c in Course.objects.all()}
        rows = self.ids("courses")
        for row in self.rows("courses"):
            sid = row["sourcedId"]
            org = row["orgSourcedId"]
            if not self.check_org(org, row, "courses.csv", "orgSourcedId"):
                continue
            year = row["schoolYearSourcedId"]
            if year and not self.session_known(year) and self.readable("academicSessions"):
                self.problem(
                    "No academic session has this sourcedId. Add it to academicSessions.csv "
                    "or leave schoolYearSourcedId empty.",
                    row,
                    "courses.csv",
                    "schoolYearSourcedId",
                    year,
                )
            school = self.school_of.get(org) if self.is_school(org) else None
            if self.is_school(org) and not self.in_scope(org):
                self.report.ignored["courses of other schools"] += 1
                continue
            if self.stale("course", row):
                continue
            if row.status == spec.TOBEDELETED:
                self.deactivate("courses", Course, self.db_courses.get(sid))
                continue
            if not self.fits(row["title"], 200, row, "courses.csv", "title"):
                continue
            values = {
                "title": row["title"],
                "course_code": row["courseCode"][:100],
                "grades": ",".join(split_list(row["grades"]))[:100],
                "school": school,
                "is_active": True,
            }
            self.upsert("courses", Course, self.db_courses, sid, values)
        if self.mode("courses") == spec.BULK:
            for sid, course in list(self.db_courses.items()):
                if sid in rows:
                    continue
                if course.school_id in self.scope_pks or (
                    course.school_id is None and self.target is None
                ):
                    self.deactivate("courses", Course, course)

    # -- classes
    def plan_classes(self) -> None:
        rows = self.ids("classes")
        enrolled_in = {r["classSourcedId"] for r in self.rows("enrollments")}
        wrap = lambda qs: _snapshots(Classroom, qs, CLASS_FIELDS)  # noqa: E731
        self.db_classes = {
            c.sourced_id: c
            for c in wrap(
                Classroom.objects.filter(school_id__in=self.scope_pks).exclude(sourced_id=None)
            )
        }
        _by_sourced_id(Classroom.objects.all(), set(rows) | enrolled_in, self.db_classes, wrap)
        self.classes_elsewhere: set[str] = set()
        mine = self.options.for_school
        for row in self.rows("classes"):
            sid = row["sourcedId"]
            school_sid = row["schoolSourcedId"]
            if not self.is_school(school_sid):
                if self.readable("orgs") and not self.rejected("orgs", school_sid):
                    self.problem(
                        "No school has this sourcedId (orgs.csv must list it with type "
                        "school). Add the school or correct the class.",
                        row,
                        "classes.csv",
                        "schoolSourcedId",
                        school_sid,
                    )
                continue
            if not self.in_scope(school_sid):
                self.classes_elsewhere.add(sid)
                self.report.ignored["classes of other schools"] += 1
                continue
            course = row["courseSourcedId"]
            ok = True
            if course not in self.ids("courses") and course not in self.db_courses:
                if self.readable("courses") and not self.rejected("courses", course):
                    self.problem(
                        "No course has this sourcedId. Add it to courses.csv or correct the class.",
                        row,
                        "classes.csv",
                        "courseSourcedId",
                        course,
                    )
                ok = False
            terms = split_list(row["termSourcedIds"])
            for term in terms:
                if term in self.ids("academicSessions") or term in self.db_sessions:
                    continue
                ok = False
                if self.readable("academicSessions") and not self.rejected(
                    "academicSessions", term
                ):
                    self.problem(
                        "No academic session has this sourcedId. Add it to "
                        "academicSessions.csv or correct the class.",
                        row,
                        "classes.csv",
                        "termSourcedIds",
                        term,
                    )
                    ok = False
            ok &= self.fits(row["title"], 200, row, "classes.csv", "title")
            ok &= self.fits(row["classCode"], 50, row, "classes.csv", "classCode")
            existing = self.db_classes.get(sid)
            school = self.school_of[school_sid]
            if existing and mine is not None and existing.school_id != school.pk:
                self.problem(
                    "A class of another Trellis school already has this sourcedId. Ask your "
                    "Trellis operator: the same record cannot belong to two schools.",
                    row,
                    "classes.csv",
                    "sourcedId",
                    sid,
                )
                continue
            if not ok or self.stale("class", row):
                continue
            if row.status == spec.TOBEDELETED:
                self.deactivate("classes", Classroom, existing)
                continue
            titles = [self._session_title(t) for t in terms]
            values = {
                "school": school,
                "course": row["title"],
                "section": row["classCode"],
                "term": ", ".join(titles)[:100],
                "grade_levels": ",".join(split_list(row["grades"]))[:100],
                "course_sourced_id": course,
                "term_sourced_ids": ",".join(terms)[:1000],
                "is_active": True,
                "deactivated_at": None,
            }
            self.upsert("classes", Classroom, self.db_classes, sid, values)
        if self.mode("classes") == spec.BULK:
            for sid, c in list(self.db_classes.items()):
                if sid not in rows and c.pk and c.school_id in self.scope_pks:
                    self.deactivate("classes", Classroom, c)

    def _session_title(self, sid: str) -> str:
        row = self.ids("academicSessions").get(sid)
        if row is not None:
            return row["title"]
        return self.db_sessions[sid].title

    # -- people
    def plan_users(self) -> None:
        rows = self.ids("users")
        roles_of: dict[str, list[Row]] = defaultdict(list)
        for r in self.rows("roles"):
            if r.status == spec.ACTIVE:
                roles_of[r["userSourcedId"]].append(r)
            self.check_org(r["orgSourcedId"], r, "roles.csv", "orgSourcedId")
        wanted = set(rows) | set(roles_of) | {r["userSourcedId"] for r in self.rows("enrollments")}
        wrap = lambda qs: _snapshots(User, qs, USER_FIELDS)  # noqa: E731
        self.db_users = {
            u.sourced_id: u
            for u in wrap(
                User.objects.filter(school_id__in=self.scope_pks).exclude(sourced_id=None)
            )
        }
        _by_sourced_id(User.objects.all(), wanted, self.db_users, wrap)
        for r in self.rows("roles"):
            user = r["userSourcedId"]
            if (
                user not in rows
                and user not in self.db_users
                and self.readable("users")
                and not self.rejected("users", user)
            ):
                self.problem(
                    "No person has this sourcedId in users.csv or in Trellis. Add the person "
                    "or correct the role.",
                    r,
                    "roles.csv",
                    "userSourcedId",
                    user,
                )

        usernames = {sid: self._username(r) for sid, r in rows.items()}
        self.taken: dict[str, str | None] = {}
        for chunk in _chunks(sorted(set(usernames.values()))):
            self.taken.update(
                User.objects.filter(username__in=chunk).values_list("username", "sourced_id")
            )
        self.users_ignored: set[str] = set()
        self.users_elsewhere: set[str] = set()
        self.users_seen: set[str] = set()
        self.role_rejected = {
            v.get("userSourcedId") for v in (self.files.get("roles") or _NO_ROWS).rejected.values()
        }
        claimed: dict[str, int] = {}
        for row in self.rows("users"):
            self._plan_user(row, roles_of.get(row["sourcedId"], []), usernames, claimed)
        # 1.2: a delta roles.csv can change the role of someone users.csv does not list.
        for sid, roles in roles_of.items():
            if sid not in rows and sid in self.db_users:
                self._plan_role_only(self.db_users[sid], roles)
        if self.mode("users") == spec.BULK:
            for sid, user in list(self.db_users.items()):
                if sid not in self.users_seen and user.pk and user.school_id in self.scope_pks:
                    self.deactivate("people", User, user)

    def _username(self, row: Row) -> str:
        return row["username"] or row["email"] or row["sourcedId"]

    def _pick_role(self, roles: list[Row]) -> tuple[str | None, str, list[str]]:
        """(Trellis role or None, the OneRoster role, the orgs in order of preference)."""
        ordered = sorted(roles, key=lambda r: r["roleType"] != "primary")
        mapped = [(spec.USER_ROLES.get(r["role"]), r) for r in ordered]
        for wanted in spec.ROLE_PRECEDENCE:
            for role, r in mapped:
                if role == wanted and r["roleType"] == "primary":
                    return role, r["role"], [x["orgSourcedId"] for x in ordered]
        for wanted in spec.ROLE_PRECEDENCE:
            for role, r in mapped:
                if role == wanted:
                    return role, r["role"], [x["orgSourcedId"] for x in ordered]
        return None, ordered[0]["role"], [x["orgSourcedId"] for x in ordered]

    def _choose_school(self, orgs: list[str], existing: User | None) -> str | None:
        schools = [o for o in orgs if o and self.is_school(o)]
        if self.target is not None:
            return self.target if self.target in schools else (schools[0] if schools else None)
        if existing is not None and existing.school_id:
            for o in schools:
                if self.school_of.get(o) is not None and self.school_of[o].pk == existing.school_id:
                    return o
        return schools[0] if schools else None

    def _plan_user(self, row: Row, roles: list[Row], usernames, claimed) -> None:
        sid = row["sourcedId"]
        existing = self.db_users.get(sid)
        if self.version == "1.1":
            orgs = split_list(row["orgSourcedIds"])
            for org in orgs:
                self.check_org(org, row, "users.csv", "orgSourcedIds")
            source_role = row["role"]
            role = spec.USER_ROLES.get(source_role)
        elif roles:
            role, source_role, orgs = self._pick_role(roles)
            if row["primaryOrgSourcedId"]:
                orgs = [*orgs, row["primaryOrgSourcedId"]]
        elif existing is not None:
            role, source_role = existing.role, existing.role
            orgs = [s for s, school in self.school_of.items() if school.pk == existing.school_id]
        else:
            if (
                row.status == spec.ACTIVE
                and self.readable("roles")
                and sid not in self.role_rejected
            ):
                self.problem(
                    "This person has no role in roles.csv, so Trellis cannot tell whether "
                    "they are a student or staff. Add a row to roles.csv.",
                    row,
                    "users.csv",
                    "sourcedId",
                    sid,
                )
            return
        if role is None:
            self.users_ignored.add(sid)
            self.report.ignored[f"people with the role “{source_role}” (not imported)"] += 1
            return
        school_sid = self._choose_school(orgs, existing)
        if school_sid is None:
            self.users_ignored.add(sid)
            self.report.ignored["people with no school in the set (district staff)"] += 1
            return
        if not self.in_scope(school_sid):
            self.users_elsewhere.add(sid)
            self.report.ignored["people of other schools"] += 1
            return
        self.users_seen.add(sid)
        school = self.school_of[school_sid]
        if (
            existing is not None
            and self.options.for_school is not None
            and existing.school_id != school.pk
        ):
            self.problem(
                "A person of another Trellis school already has this sourcedId. Ask your "
                "Trellis operator: the same person cannot belong to two schools.",
                row,
                "users.csv",
                "sourcedId",
                sid,
            )
            return
        username = usernames[sid]
        ok = self._check_username(row, username, existing, claimed)
        for column, limit in (("givenName", 150), ("familyName", 150), ("email", 254)):
            ok &= self.fits(row[column], limit, row, "users.csv", column)
        if not ok or self.stale("user", row):
            return
        if row.status == spec.TOBEDELETED:
            self.deactivate("people", User, existing)
            return
        display = ""
        if row["preferredGivenName"] or row["preferredFamilyName"]:
            display = " ".join(
                (
                    row["preferredGivenName"] or row["givenName"],
                    row["preferredFamilyName"] or row["familyName"],
                )
            )[:150]
        values = {
            "username": username,
            "first_name": row["givenName"],
            "last_name": row["familyName"],
            "display_name": display,
            "email": row["email"],
            "role": role,
            "school": school,
            "is_active": row["enabledUser"] == "true",
        }
        user = self.upsert("people", User, self.db_users, sid, values)
        if user.pk is None and not user.password:
            # No password from the information system is ever stored: people sign in with
            # the school's single sign-on, or set one with a password reset.
            user.password = _unusable_password()

    def _check_username(self, row: Row, username: str, existing, claimed) -> bool:
        column = "username" if row["username"] else ("email" if row["email"] else "sourcedId")
        if len(username) > 150 or not _USERNAME.match(username):
            self.problem(
                "Trellis usernames hold at most 150 letters, digits and . @ + - _ (no spaces). "
                "Change the username in the information system.",
                row,
                "users.csv",
                column,
                username,
            )
            return False
        if username in claimed:
            self.problem(
                f"Two people would get this username (line {claimed[username]} too). "
                "Usernames must be unique: change one of them.",
                row,
                "users.csv",
                column,
                username,
            )
            return False
        claimed[username] = row.line
        if username in self.taken and self.taken[username] != row["sourcedId"]:
            self.problem(
                "Another Trellis account already has this username (one not imported from "
                "this record). Change the username in the information system, or rename the "
                "Trellis account.",
                row,
                "users.csv",
                column,
                username,
            )
            return False
        return True

    def _plan_role_only(self, user: User, roles: list[Row]) -> None:
        role, _, orgs = self._pick_role(roles)
        school_sid = self._choose_school(orgs, user)
        if role is None or school_sid is None or not self.in_scope(school_sid):
            return
        school = self.school_of[school_sid]
        if self.options.for_school is not None and user.school_id != school.pk:
            return
        self.users_seen.add(user.sourced_id)
        self.upsert(
            "people", User, self.db_users, user.sourced_id, {"role": role, "school": school}
        )

    # -- enrollments
    def plan_enrollments(self) -> None:
        rows = self.ids("enrollments")
        if not self.files.get("enrollments"):
            return
        class_rows, user_rows = self.ids("classes"), self.ids("users")
        enrollments = Enrollment.objects.annotate(school_pk=models.F("classroom__school_id"))
        wrap = lambda qs: _snapshots(Enrollment, qs, (*ENROLLMENT_FIELDS, "school_pk"))  # noqa: E731
        class_pks = [c.pk for c in self.db_classes.values() if c.pk]
        by_pair = {}
        existing_by_id = {}
        for chunk in _chunks(class_pks):
            for e in wrap(enrollments.filter(classroom_id__in=chunk)):
                by_pair[(e.classroom_id, e.user_id)] = e
                if e.sourced_id:
                    existing_by_id[e.sourced_id] = e
        _by_sourced_id(enrollments, set(rows), existing_by_id, wrap)
        pairs: dict[tuple, int] = {}
        seen: set[str] = set()
        mine = self.options.for_school
        for row in self.rows("enrollments"):
            sid = row["sourcedId"]
            class_sid, user_sid = row["classSourcedId"], row["userSourcedId"]
            ok = True
            if class_sid not in class_rows and class_sid not in self.db_classes:
                if self.readable("classes") and not self.rejected("classes", class_sid):
                    self.problem(
                        "No class has this sourcedId in classes.csv or in Trellis. Add the "
                        "class or correct the enrollment.",
                        row,
                        "enrollments.csv",
                        "classSourcedId",
                        class_sid,
                    )
                ok = False
            if user_sid not in user_rows and user_sid not in self.db_users:
                if self.readable("users") and not self.rejected("users", user_sid):
                    self.problem(
                        "No person has this sourcedId in users.csv or in Trellis. Add the "
                        "person or correct the enrollment.",
                        row,
                        "enrollments.csv",
                        "userSourcedId",
                        user_sid,
                    )
                ok = False
            if not ok:
                continue
            if class_sid in self.classes_elsewhere or (
                class_sid not in class_rows
                and self.target is not None
                and self.db_classes[class_sid].school_id not in self.scope_pks
            ):
                self.report.ignored["enrollments in classes of other schools"] += 1
                continue
            if user_sid in self.users_ignored:
                self.report.ignored["enrollments of people not imported"] += 1
                continue
            if user_sid in self.users_elsewhere:
                self.report.ignored["enrollments of people of other schools"] += 1
                continue
            role = spec.ENROLLMENT_ROLES.get(row["role"])
            if role is None:
                self.report.ignored[f"enrollments with the role “{row['role']}”"] += 1
                continue
            classroom = self.db_classes.get(class_sid)
            user = self.db_users.get(user_sid)
            if classroom is None or user is None:
                continue  # its class or person had a problem of their own, reported there
            if mine is not None and user.pk and user.school_id != mine.pk:
                self.problem(
                    "This person belongs to another Trellis school, so they cannot be "
                    "enrolled in your class from here. Ask your Trellis operator.",
                    row,
                    "enrollments.csv",
                    "userSourcedId",
                    user_sid,
                )
                continue
            existing = existing_by_id.get(sid)
            if (
                existing is not None
                and mine is not None
                and getattr(existing, "school_pk", mine.pk) != mine.pk
            ):
                self.problem(
                    "An enrollment of another Trellis school already has this sourcedId.",
                    row,
                    "enrollments.csv",
                    "sourcedId",
                    sid,
                )
                continue
            seen.add(sid)
            key = (classroom.pk or id(classroom), user.pk or id(user))
            if key in pairs:
                self.problem(
                    f"This person is already enrolled in this class on line {pairs[key]}. "
                    "Keep one enrollment per person and class.",
                    row,
                    "enrollments.csv",
                    "userSourcedId",
                    user_sid,
                )
                continue
            pairs[key] = row.line
            if self.stale("enrollment", row):
                continue
            if row.status == spec.TOBEDELETED:
                self.deactivate("enrollments", Enrollment, existing)
                continue
            if existing is None and classroom.pk and user.pk:
                held = by_pair.get(key)
                # Someone who joined with a code, or an old record the system re-numbered:
                # the same person in the same class is the same enrollment.
                if held is not None and (held.sourced_id is None or held.sourced_id not in rows):
                    existing = held
                    if held.sourced_id:
                        existing_by_id.pop(held.sourced_id, None)
                    existing_by_id[sid] = held
            # Existing rows by id (they may be snapshots); new ones by object.
            values = {
                "classroom_id" if classroom.pk else "classroom": classroom.pk or classroom,
                "user_id" if user.pk else "user": user.pk or user,
                "role": role,
                "is_active": True,
                "deactivated_at": None,
            }
            if existing is not None and existing.sourced_id != sid:
                values["sourced_id"] = sid
            self.upsert("enrollments", Enrollment, existing_by_id, sid, values)
        if self.mode("enrollments") == spec.BULK:
            for sid, e in list(existing_by_id.items()):
                if sid not in seen and e.pk and e.school_pk in self.scope_pks:
                    self.deactivate("enrollments", Enrollment, e)

    # ----------------------------------------------------------------- write
    def write(self) -> None:
        order = [School, AcademicSession, Course, Classroom, User, Enrollment]
        total = sum(len(self.changes[m].create) + len(self.changes[m].update) for m in order) + len(
            self.new_stamps
        )
        done = 0
        if self.link_school and self.options.for_school.pk:
            School.objects.filter(pk=self.options.for_school.pk).update(sourced_id=self.target)
        for model in order:
            changes = self.changes[model]
            for batch in _chunks(changes.create, BATCH):
                model.objects.bulk_create(batch)
                done += len(batch)
                self.progress("Writing", done, total)
            updates = list(changes.update.values())
            fields = sorted(changes.fields)
            for batch in _chunks(updates, BATCH):
                if fields:
                    model.objects.bulk_update(batch, fields)
                done += len(batch)
                self.progress("Writing", done, total)
        for batch in _chunks(self.new_stamps, BATCH):
            SourceStamp.objects.bulk_create(
                batch,
                update_conflicts=True,
                unique_fields=["kind", "sourced_id"],
                update_fields=["modified_at"],
            )
            done += len(batch)
            self.progress("Writing", done, total)


_FILE_OF = {
    "org": "orgs",
    "session": "academicSessions",
    "course": "courses",
    "class": "classes",
    "user": "users",
    "enrollment": "enrollments",
}


class _NoRows:
    rejected: dict = {}


_NO_ROWS = _NoRows()


def _differs(obj, name: str, value) -> bool:
    if isinstance(value, models.Model):
        return value.pk is None or getattr(obj, f"{name}_id") != value.pk
    return getattr(obj, name) != value
