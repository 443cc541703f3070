"""Planning the places of a OneRoster set: schools (orgs), academic sessions, courses and
classes. A mixin of the importer: it reads the set and existing rows and records the changes
the write phase will make; it writes nothing itself."""

from django.utils.text import slugify

from trellis.accounts.models import School
from trellis.rosters.models import AcademicSession, Classroom, Course

from . import spec
from .parse import Row, parse_date, split_list
from .records import CLASS_FIELDS, _by_sourced_id, _snapshots


class PlanPlaces:
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
