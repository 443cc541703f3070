"""Planning the schools of a OneRoster set (orgs.csv), and which school each record belongs
to. A mixin of the importer: it records the changes the write phase will make; it writes
nothing itself.

A **department** org belongs to the school above it (its parentSourcedId, followed up to a
school): the people, classes and enrollments of a department are imported into that school
and, like the school's own, are never dropped or deactivated for being in a department.

The admin's page imports into the admin's own school only. A school made by hand in Trellis
is linked to its record in the information system when the names agree; when they differ,
nothing is linked, renamed or merged until the admin confirms, separately, that the two are
the same school (``actions.link_school``). An org sourcedId already linked to a Trellis school
can never be claimed by another.
"""

from django.utils.text import slugify
from django.utils.translation import gettext_noop

from trellis.accounts.models import School

from . import spec
from .parse import Row, split_list
from .report import Problem

_MAX_DEPTH = 10  # departments inside departments... a loop in parentSourcedId stops here


def same_name(a: str, b: str) -> bool:
    return " ".join(a.casefold().split()) == " ".join(b.casefold().split())


class PlanSchools:
    def is_school(self, sid: str) -> bool:
        row = self.ids("orgs").get(sid)
        if row is not None:
            return row["type"] == "school"
        return sid in self.db_schools

    def school_sid(self, sid: str) -> str | None:
        """The school an org is or belongs to (a department's parent school), or None."""
        if not sid:
            return None
        if self.is_school(sid):
            return sid
        return self.department_school.get(sid)

    def org_known(self, sid: str) -> bool:
        return sid in self.ids("orgs") or sid in self.db_schools

    def in_scope(self, school_sid: str) -> bool:
        return self.target is None or school_sid == self.target

    def check_org(self, sid: str, row: Row, file: str, column: str) -> bool:
        """An org a row points to must be known, unless orgs.csv was not sent in bulk."""
        if self.org_known(sid) or not self.readable("orgs"):
            return True
        if self.refers_to_rejected("orgs", sid, row, file, column):
            return False
        if self.mode("orgs") == spec.BULK:
            self.problem(
                gettext_noop(
                    "No org has this sourcedId in orgs.csv. Add the org, or correct the reference."
                ),
                row,
                file,
                column,
                sid,
            )
            return False
        return True

    def _departments(self) -> dict[str, str]:
        """Each non-school org of the set that sits under a school -> that school."""
        orgs = self.ids("orgs")
        out = {}
        for sid, row in orgs.items():
            if row["type"] == "school":
                continue
            parent, depth = row["parentSourcedId"], 0
            while parent and depth < _MAX_DEPTH:
                if self.is_school(parent):
                    out[sid] = parent
                    break
                parent = orgs[parent]["parentSourcedId"] if parent in orgs else ""
                depth += 1
        return out

    def _settle_target(self, mine: School | None, orgs: dict) -> bool:
        """Decide which school the import is for; False (with a problem) when it cannot."""
        if mine is None:
            return True
        if mine.sourced_id:
            self.target = mine.sourced_id
            return True
        unclaimed = [
            sid for sid, r in orgs.items() if r["type"] == "school" and sid not in self.db_schools
        ]
        if len(unclaimed) != 1:
            claimed = [f"“{r['name']}”" for sid, r in orgs.items() if sid in self.db_schools]
            if claimed and not unclaimed:
                msgid = (
                    gettext_noop(
                        "%(school)s is not linked to a school of the information system yet, "
                        "and this set has %(count)s schools Trellis does not know, so it cannot "
                        "tell which is yours. (%(claimed)s already belongs to other Trellis "
                        "schools.) Export a set for your school only (with orgs.csv), or ask "
                        "your Trellis operator to run "
                        "`trellis import-roster PATH --school SOURCEDID`."
                    )
                    if len(claimed) == 1
                    else gettext_noop(
                        "%(school)s is not linked to a school of the information system yet, "
                        "and this set has %(count)s schools Trellis does not know, so it cannot "
                        "tell which is yours. (%(claimed)s already belong to other Trellis "
                        "schools.) Export a set for your school only (with orgs.csv), or ask "
                        "your Trellis operator to run "
                        "`trellis import-roster PATH --school SOURCEDID`."
                    )
                )
            else:
                msgid = gettext_noop(
                    "%(school)s is not linked to a school of the information system yet, and "
                    "this set has %(count)s schools Trellis does not know, so it cannot tell "
                    "which is yours. Export a set for your school only (with orgs.csv), or ask "
                    "your Trellis operator to run "
                    "`trellis import-roster PATH --school SOURCEDID`."
                )
            params = {"school": mine.name, "count": len(unclaimed)}
            if claimed and not unclaimed:
                params["claimed"] = ", ".join(claimed)
            self.problem(msgid, file="orgs.csv", **params)
            return False
        sid = unclaimed[0]
        name = orgs[sid]["name"]
        if not same_name(mine.name, name):
            # A different name may be a different school: never link, rename or merge
            # without the admin saying, separately, that these are the same school.
            self.report.link_offer = {"school": mine.name, "sourced_id": sid, "name": name}
            self.problem(
                gettext_noop(
                    "This set is for “%(name)s” (sourcedId %(sid)s) in the information system, "
                    "and your school in Trellis is “%(school)s”. Nothing was linked, renamed or "
                    "imported. If they are the same school, confirm it with “Link the schools” "
                    "and import again; if not, export the set for your own school."
                ),
                file="orgs.csv",
                column="sourcedId",
                value=sid,
                name=name,
                sid=sid,
                school=mine.name,
            )
            return False
        self.target = sid
        self.link_school = True
        self.school_of[sid] = mine
        if self.options.dry_run:
            self.report.notes.append(
                Problem(
                    gettext_noop(
                        "Would link %(school)s to the information system's school “%(name)s” "
                        "(sourcedId %(sid)s); a real import does it, and later imports update it."
                    ),
                    params={"school": mine.name, "name": name, "sid": sid},
                )
            )
        else:
            self.report.notes.append(
                Problem(
                    gettext_noop(
                        "%(school)s is now linked to the information system's school "
                        "“%(name)s” (sourcedId %(sid)s); later imports update it."
                    ),
                    params={"school": mine.name, "name": name, "sid": sid},
                )
            )
        return True

    def _target_problem(self, orgs: dict) -> bool:
        """A problem with the school asked for (--school, or the admin's); True if one."""
        if self.target is None:
            return False
        mine = self.options.for_school
        if self.mode("orgs") == spec.BULK and self.readable("orgs") and self.target not in orgs:
            listed = ", ".join(
                f"{r['name']} ({sid})" for sid, r in orgs.items() if r["type"] == "school"
            )
            if mine and listed:
                msgid = gettext_noop(
                    "This set is not for %(school)s (sourcedId “%(sid)s”): orgs.csv lists "
                    "%(listed)s. Export the set for that school."
                )
            elif mine:
                msgid = gettext_noop(
                    "This set is not for %(school)s (sourcedId “%(sid)s”): orgs.csv lists no "
                    "school. Export the set for that school."
                )
            elif listed:
                msgid = gettext_noop(
                    "This set is not for the school with sourcedId “%(sid)s”: orgs.csv lists "
                    "%(listed)s. Export the set for that school."
                )
            else:
                msgid = gettext_noop(
                    "This set is not for the school with sourcedId “%(sid)s”: orgs.csv lists no "
                    "school. Export the set for that school."
                )
            params = {"sid": self.target}
            if mine:
                params["school"] = mine.name
            if listed:
                params["listed"] = listed
            self.problem(msgid, file="orgs.csv", column="sourcedId", value=self.target, **params)
            return True
        if not self.is_school(self.target):
            row = orgs.get(self.target)
            if row is not None:
                under = sorted(
                    f"{r['name']} ({sid})"
                    for sid, r in orgs.items()
                    if r["type"] == "school" and r["parentSourcedId"] == self.target
                )
                self.problem(
                    gettext_noop(
                        "“%(name)s” is a %(type)s (orgs.csv line %(line)s), not a school: "
                        "--school takes one school's sourcedId. Its schools are %(schools)s. "
                        "Or import without --school to import every school of the set."
                    )
                    if under
                    else gettext_noop(
                        "“%(name)s” is a %(type)s (orgs.csv line %(line)s), not a school: "
                        "--school takes one school's sourcedId. No school of this set belongs "
                        "to it. Or import without --school to import every school of the set."
                    ),
                    row,
                    "orgs.csv",
                    "sourcedId",
                    self.target,
                    name=row["name"],
                    type=row["type"],
                    line=row.line,
                    **({"schools": ", ".join(under)} if under else {}),
                )
                return True
            self.problem(
                gettext_noop(
                    "There is no school with this sourcedId in orgs.csv or in Trellis. Check the "
                    "sourcedId (orgs.csv lists each school's) and import again."
                ),
                file="orgs.csv",
                column="sourcedId",
                value=self.target,
            )
            return True
        return False

    def plan_schools(self) -> None:
        self.db_schools = {s.sourced_id: s for s in School.objects.exclude(sourced_id=None)}
        self.school_of: dict[str, School] = dict(self.db_schools)
        self.department_school: dict[str, str] = {}
        self.target = self.options.school
        mine = self.options.for_school
        orgs = self.ids("orgs")
        self.target_problem = not self._settle_target(mine, orgs) or self._target_problem(orgs)
        if self.target_problem:
            return
        self.department_school = self._departments()
        for row in self.rows("orgs"):
            self._plan_org(row, mine)
        if self.link_school and mine.pk and id(mine) not in self.changes[School].update:
            self._mark(School, mine, ["updated_at"])
            self.report.updated["schools"] += 1
        # The schools this import speaks for: a bulk file deactivates only inside them.
        in_set = {sid for sid, r in orgs.items() if r["type"] == "school"}
        in_set.update(self.school_sid(r["schoolSourcedId"]) for r in self.rows("classes"))
        for r in self.rows("users"):
            for org in [*split_list(r["orgSourcedIds"]), r["primaryOrgSourcedId"]]:
                in_set.add(self.school_sid(org))
        in_set.update(self.school_sid(r["orgSourcedId"]) for r in self.rows("roles"))
        if self.target:
            in_set = {self.target}
        self.report.schools = sorted(s for s in in_set if s)
        self.scope_pks = {
            self.school_of[s].pk for s in in_set if s in self.school_of and self.school_of[s].pk
        }

    def _plan_org(self, row: Row, mine: School | None) -> None:
        sid = row["sourcedId"]
        parent = row["parentSourcedId"]
        if parent:
            self.check_org(parent, row, "orgs.csv", "parentSourcedId")
        if row["type"] != "school":
            if sid in self.department_school:
                self.ignore(
                    row,
                    "orgs.csv",
                    gettext_noop(
                        "departments (their people and classes are imported into their school)"
                    ),
                )
            else:
                self.ignore(
                    row,
                    "orgs.csv",
                    gettext_noop("orgs of type %(value)s (Trellis imports schools)"),
                    row["type"],
                )
            return
        if not self.in_scope(sid):
            self.ignore(row, "orgs.csv", gettext_noop("schools other than the one imported"))
            return
        if self.stale("org", row):
            return
        if row.status == spec.TOBEDELETED:
            self.ignore(
                row, "orgs.csv", gettext_noop("schools sent as tobedeleted (Trellis keeps schools)")
            )
            self.report.notes.append(
                Problem(
                    gettext_noop(
                        "The system marks the school “%(name)s” as to be deleted; Trellis keeps "
                        "schools. Its people and classes are deactivated when a bulk set leaves "
                        "them out."
                    ),
                    params={"name": row["name"]},
                )
            )
            return
        if not self.fits(row["name"], 200, row, "orgs.csv", "name"):
            return
        school = self.school_of.get(sid)
        if school is None:
            school = School(name=row["name"], slug=self._slug(row["name"]), sourced_id=sid)
            self.changes[School].create.append(school)
            self.school_of[sid] = school
            self.report.created["schools"] += 1
            self.outcome("orgs.csv", row, "created")
        elif school.name != row["name"] or (self.link_school and school is mine):
            school.name = row["name"]
            self._mark(School, school, ["name", "updated_at"])
            self.report.updated["schools"] += 1
            self.outcome("orgs.csv", row, "updated")
        else:
            self.report.unchanged["schools"] += 1
            self.outcome("orgs.csv", row, "unchanged")

    def _slug(self, name: str) -> str:
        base = slugify(name)[:70] or "school"
        if not hasattr(self, "_slugs"):
            self._slugs = set(School.objects.values_list("slug", flat=True))
        slug, n = base, 2
        while slug in self._slugs:
            slug, n = f"{base}-{n}", n + 1
        self._slugs.add(slug)
        return slug
