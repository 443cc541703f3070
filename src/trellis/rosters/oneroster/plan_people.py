"""Planning the people of a OneRoster set: users with their roles, and enrollments. A mixin
of the importer: it records the changes the write phase will make; it writes nothing."""

from collections import defaultdict

from django.db import models
from django.utils.translation import gettext_noop

from trellis.accounts.models import User
from trellis.rosters.models import Enrollment

from . import spec
from .parse import Row, split_list
from .records import (
    _NO_ROWS,
    _USERNAME,
    ENROLLMENT_FIELDS,
    USER_FIELDS,
    _by_sourced_id,
    _chunks,
    _snapshots,
    _unusable_password,
)


class PlanPeople:
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
                and not self.refers_to_rejected("users", user, r, "roles.csv", "userSourcedId")
            ):
                self.problem(
                    gettext_noop(
                        "No person has this sourcedId in users.csv or in Trellis. Add the person "
                        "or correct the role."
                    ),
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
        self._role_outcomes()

    def _role_outcomes(self) -> None:
        """What became of each row of roles.csv (it adds to the person, not a record)."""
        for r in self.rows("roles"):
            user = r["userSourcedId"]
            if r.status != spec.ACTIVE:
                self.ignore(
                    r, "roles.csv", gettext_noop("roles sent as tobedeleted (the others decide)")
                )
            elif user in self.users_ignored:
                self.ignore(r, "roles.csv", gettext_noop("roles of people not imported"))
            elif user in self.users_elsewhere:
                self.ignore(r, "roles.csv", gettext_noop("roles of people of other schools"))
            elif user in self.users_seen:
                self.outcome("roles.csv", r, "used")
            else:
                self.ignore(r, "roles.csv", gettext_noop("roles of people whose row had a problem"))

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
        # A department counts as the school it belongs to.
        schools = list(dict.fromkeys(s for s in map(self.school_sid, orgs) if s))
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
            if row.status != spec.ACTIVE:
                self.deactivate("people", User, None, row)
            elif sid in self.role_rejected:
                self.ignore(
                    row, "users.csv", gettext_noop("people whose roles.csv row has a problem")
                )
            elif not self.readable("roles"):
                self.ignore(row, "users.csv", gettext_noop("people whose roles could not be read"))
            else:
                self.problem(
                    gettext_noop(
                        "This person has no role in roles.csv, so Trellis cannot tell whether "
                        "they are a student or staff. Add a row to roles.csv."
                    ),
                    row,
                    "users.csv",
                    "sourcedId",
                    sid,
                )
            return
        if role is None:
            self.users_ignored.add(sid)
            self.ignore(
                row,
                "users.csv",
                gettext_noop("people with the role “%(value)s” (not imported)"),
                source_role,
            )
            return
        school_sid = self._choose_school(orgs, existing)
        if school_sid is None:
            self.users_ignored.add(sid)
            self.ignore(
                row, "users.csv", gettext_noop("people with no school in the set (district staff)")
            )
            return
        if not self.in_scope(school_sid):
            self.users_elsewhere.add(sid)
            self.ignore(row, "users.csv", gettext_noop("people of other schools"))
            return
        self.users_seen.add(sid)
        school = self.school_of[school_sid]
        if (
            existing is not None
            and self.options.for_school is not None
            and existing.school_id != school.pk
        ):
            self.problem(
                gettext_noop(
                    "A person of another Trellis school already has this sourcedId. Ask your "
                    "Trellis operator: the same person cannot belong to two schools."
                ),
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
            self.deactivate("people", User, existing, row)
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
        user = self.upsert("people", User, self.db_users, sid, values, row)
        if user.pk is None and not user.password:
            # No password from the information system is ever stored: people sign in with
            # the school's single sign-on, or set one with a password reset.
            user.password = _unusable_password()

    def _check_username(self, row: Row, username: str, existing, claimed) -> bool:
        column = "username" if row["username"] else ("email" if row["email"] else "sourcedId")
        if len(username) > 150 or not _USERNAME.match(username):
            self.problem(
                gettext_noop(
                    "Trellis usernames hold at most 150 letters, digits and . @ + - _ (no spaces). "
                    "Change the username in the information system."
                ),
                row,
                "users.csv",
                column,
                username,
            )
            return False
        if username in claimed:
            self.problem(
                gettext_noop(
                    "Two people would get this username (line %(other)s too). Usernames must "
                    "be unique: change one of them."
                ),
                row,
                "users.csv",
                column,
                username,
                other=claimed[username],
            )
            return False
        claimed[username] = row.line
        if username in self.taken and self.taken[username] != row["sourcedId"]:
            self.problem(
                gettext_noop(
                    "Another Trellis account already has this username (one not imported from "
                    "this record). Change the username in the information system, or rename the "
                    "Trellis account."
                ),
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
                if self.readable("classes") and not self.refers_to_rejected(
                    "classes", class_sid, row, "enrollments.csv", "classSourcedId"
                ):
                    self.problem(
                        gettext_noop(
                            "No class has this sourcedId in classes.csv or in Trellis. Add the "
                            "class or correct the enrollment."
                        ),
                        row,
                        "enrollments.csv",
                        "classSourcedId",
                        class_sid,
                    )
                ok = False
            if user_sid not in user_rows and user_sid not in self.db_users:
                if self.readable("users") and not self.refers_to_rejected(
                    "users", user_sid, row, "enrollments.csv", "userSourcedId"
                ):
                    self.problem(
                        gettext_noop(
                            "No person has this sourcedId in users.csv or in Trellis. Add the "
                            "person or correct the enrollment."
                        ),
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
                self.ignore(
                    row, "enrollments.csv", gettext_noop("enrollments in classes of other schools")
                )
                continue
            if user_sid in self.users_ignored:
                self.ignore(
                    row, "enrollments.csv", gettext_noop("enrollments of people not imported")
                )
                continue
            if user_sid in self.users_elsewhere:
                self.ignore(
                    row, "enrollments.csv", gettext_noop("enrollments of people of other schools")
                )
                continue
            role = spec.ENROLLMENT_ROLES.get(row["role"])
            if role is None:
                self.ignore(
                    row,
                    "enrollments.csv",
                    gettext_noop("enrollments with the role “%(value)s”"),
                    row["role"],
                )
                continue
            classroom = self.db_classes.get(class_sid)
            user = self.db_users.get(user_sid)
            if classroom is None or user is None:
                # Its class or person had a problem of their own, reported there.
                self.ignore(
                    row,
                    "enrollments.csv",
                    gettext_noop("enrollments whose class or person has a problem"),
                )
                continue
            if mine is not None and user.pk and user.school_id != mine.pk:
                self.problem(
                    gettext_noop(
                        "This person belongs to another Trellis school, so they cannot be "
                        "enrolled in your class from here. Ask your Trellis operator."
                    ),
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
                    gettext_noop(
                        "An enrollment of another Trellis school already has this sourcedId."
                    ),
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
                    gettext_noop(
                        "This person is already enrolled in this class on line %(other)s. Keep "
                        "one enrollment per person and class."
                    ),
                    row,
                    "enrollments.csv",
                    "userSourcedId",
                    user_sid,
                    other=pairs[key],
                )
                continue
            pairs[key] = row.line
            if self.stale("enrollment", row):
                continue
            if row.status == spec.TOBEDELETED:
                self.deactivate("enrollments", Enrollment, existing, row)
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
            self.upsert("enrollments", Enrollment, existing_by_id, sid, values, row)
        if self.mode("enrollments") == spec.BULK:
            for sid, e in list(existing_by_id.items()):
                if sid not in seen and e.pk and e.school_pk in self.scope_pks:
                    self.deactivate("enrollments", Enrollment, e)
