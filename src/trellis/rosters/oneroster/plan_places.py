"""Planning the places of a OneRoster set: academic sessions, courses and classes (schools
are in :mod:`.plan_schools`).

A mixin of the importer: it reads the set and existing rows and records the changes
the write phase will make; it writes nothing itself."""

from django.utils.translation import gettext_noop

from trellis.rosters.models import AcademicSession, Classroom, Course

from . import spec
from .checks import parse_date
from .parse import split_list
from .records import CLASS_FIELDS, _by_sourced_id, _snapshots


class PlanPlaces:
    # -- academic sessions and courses: reference data shared by a district's schools
    def plan_sessions(self) -> None:
        self.db_sessions = {s.sourced_id: s for s in AcademicSession.objects.all()}
        rows = self.ids("academicSessions")
        for row in self.rows("academicSessions"):
            sid = row["sourcedId"]
            parent = row["parentSourcedId"]
            if (
                parent
                and not self.session_known(parent)
                and not self.refers_to_rejected(
                    "academicSessions", parent, row, "academicSessions.csv", "parentSourcedId"
                )
            ):
                self.problem(
                    gettext_noop(
                        "No academic session has this sourcedId. Add it to academicSessions.csv "
                        "or leave parentSourcedId empty."
                    ),
                    row,
                    "academicSessions.csv",
                    "parentSourcedId",
                    parent,
                )
            if self.stale("session", row):
                continue
            if row.status == spec.TOBEDELETED:
                self.deactivate(
                    "academic sessions", AcademicSession, self.db_sessions.get(sid), row
                )
                continue
            if not self.fits(row["title"], 200, row, "academicSessions.csv", "title"):
                continue
            start, end = parse_date(row["startDate"]), parse_date(row["endDate"])
            if end < start:
                self.problem(
                    gettext_noop("The session ends before it starts. Check startDate and endDate."),
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
            self.upsert("academic sessions", AcademicSession, self.db_sessions, sid, values, row)
        if self.mode("academicSessions") == spec.BULK and self.target is None:
            for sid, session in list(self.db_sessions.items()):
                if sid not in rows:
                    self.deactivate("academic sessions", AcademicSession, session)

    def session_known(self, sid: str) -> bool:
        return sid in self.ids("academicSessions") or sid in self.db_sessions

    def plan_courses(self) -> None:
        self.db_courses = {c.sourced_id: c for c in Course.objects.all()}
        rows = self.ids("courses")
        for row in self.rows("courses"):
            sid = row["sourcedId"]
            org = row["orgSourcedId"]
            if not self.check_org(org, row, "courses.csv", "orgSourcedId"):
                continue
            year = row["schoolYearSourcedId"]
            if (
                year
                and not self.session_known(year)
                and self.readable("academicSessions")
                and not self.refers_to_rejected(
                    "academicSessions", year, row, "courses.csv", "schoolYearSourcedId"
                )
            ):
                self.problem(
                    gettext_noop(
                        "No academic session has this sourcedId. Add it to academicSessions.csv "
                        "or leave schoolYearSourcedId empty."
                    ),
                    row,
                    "courses.csv",
                    "schoolYearSourcedId",
                    year,
                )
            school_sid = self.school_sid(org)
            school = self.school_of.get(school_sid) if school_sid else None
            if school_sid and not self.in_scope(school_sid):
                self.ignore(row, "courses.csv", gettext_noop("courses of other schools"))
                continue
            if self.stale("course", row):
                continue
            if row.status == spec.TOBEDELETED:
                self.deactivate("courses", Course, self.db_courses.get(sid), row)
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
            self.upsert("courses", Course, self.db_courses, sid, values, row)
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
            school_sid = self.school_sid(row["schoolSourcedId"])
            if school_sid is None:
                school_sid = row["schoolSourcedId"]
                if self.readable("orgs") and not self.refers_to_rejected(
                    "orgs", school_sid, row, "classes.csv", "schoolSourcedId"
                ):
                    self.problem(
                        gettext_noop(
                            "No school has this sourcedId (orgs.csv must list it with type "
                            "school, or as a department under a school). Add the school or "
                            "correct the class."
                        ),
                        row,
                        "classes.csv",
                        "schoolSourcedId",
                        school_sid,
                    )
                continue
            if not self.in_scope(school_sid):
                self.classes_elsewhere.add(sid)
                self.ignore(row, "classes.csv", gettext_noop("classes of other schools"))
                continue
            course = row["courseSourcedId"]
            ok = True
            if course not in self.ids("courses") and course not in self.db_courses:
                if self.readable("courses") and not self.refers_to_rejected(
                    "courses", course, row, "classes.csv", "courseSourcedId"
                ):
                    self.problem(
                        gettext_noop(
                            "No course has this sourcedId. Add it to courses.csv or correct the "
                            "class."
                        ),
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
                if self.readable("academicSessions") and not self.refers_to_rejected(
                    "academicSessions", term, row, "classes.csv", "termSourcedIds"
                ):
                    self.problem(
                        gettext_noop(
                            "No academic session has this sourcedId. Add it to "
                            "academicSessions.csv or correct the class."
                        ),
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
                    gettext_noop(
                        "A class of another Trellis school already has this sourcedId. Ask your "
                        "Trellis operator: the same record cannot belong to two schools."
                    ),
                    row,
                    "classes.csv",
                    "sourcedId",
                    sid,
                )
                continue
            if not ok or self.stale("class", row):
                continue
            if row.status == spec.TOBEDELETED:
                self.deactivate("classes", Classroom, existing, row)
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
            self.upsert("classes", Classroom, self.db_classes, sid, values, row)
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
