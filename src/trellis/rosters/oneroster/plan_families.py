"""Planning families and ages from a OneRoster set: guardians linked to their students by
`agentSourcedIds` (users.csv, either side may list the other), and the under-13 band from a
birth date in demographics.csv. A mixin of the importer; it reads, and the write phase hands
the result to trellis.reflection's actions (which own guardian links and ages)."""

from datetime import date

from django.utils import timezone
from django.utils.translation import gettext_noop

from trellis.reflection import actions as reflection_actions
from trellis.reflection import queries as reflection_queries

from . import spec
from .checks import parse_date
from .parse import Row, split_list
from .records import _chunks

FAMILY, AGES = "family links", "ages"


def _under_13(born: date, today: date) -> bool:
    years = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
    return years < 13


class PlanFamilies:
    def plan_families(self) -> None:
        # (guardian sourcedId, student sourcedId) -> the users.csv row that named the pair
        self.family_pairs: dict[tuple[str, str], Row] = {}
        self.family_ends: set[tuple[int, int]] = set()
        self.age_bands: dict[str, bool] = {}
        self._plan_agents()
        self._plan_ages()

    def _person(self, sid: str):
        user = self.db_users.get(sid)
        if user is None or sid in self.users_ignored or sid in self.users_elsewhere:
            return None
        return user

    def _plan_agents(self) -> None:
        rows = self.rows("users")
        listed = any("agentSourcedIds" in r.values for r in rows)
        users = self.ids("users")
        for row in rows:
            sid = row["sourcedId"]
            me = self._person(sid)
            if me is None or sid not in self.users_seen or row.status != spec.ACTIVE:
                continue  # what became of the person says why (ignored, elsewhere, a problem)
            for agent in split_list(row["agentSourcedIds"]):
                if agent not in users and agent not in self.db_users:
                    if self.readable("users") and not self.refers_to_rejected(
                        "users", agent, row, "users.csv", "agentSourcedIds"
                    ):
                        self.problem(
                            gettext_noop(
                                "No person has this sourcedId in users.csv or in Trellis, so this "
                                "family link cannot be made. Add the guardian (or the student) to "
                                "users.csv, or correct agentSourcedIds."
                            ),
                            row,
                            "users.csv",
                            "agentSourcedIds",
                            agent,
                        )
                    continue
                other = self._person(agent)
                if other is None:
                    self.report.ignored[gettext_noop("family links to people not imported")] += 1
                    continue
                roles = {me.role: sid, other.role: agent}
                if set(roles) != {spec.GUARDIAN, spec.STUDENT}:
                    self.report.ignored[
                        gettext_noop("agentSourcedIds that do not join a guardian and a student")
                    ] += 1
                    continue
                pair = (roles[spec.GUARDIAN], roles[spec.STUDENT])
                self.family_pairs.setdefault(pair, row)
        # What Trellis already holds for these students (only people saved before can have
        # links), to report created / unchanged and, for a bulk users.csv that carries the
        # column, to end the roster's links it no longer lists.
        seen = [self.db_users.get(s) for s in self.users_seen]
        students = {u.pk: u for u in seen if u is not None and u.pk and u.role == spec.STUDENT}
        held: dict[tuple[int, int], tuple[str, bool]] = {}
        for chunk in _chunks(sorted(students)):
            held.update(reflection_queries.family_links_of(chunk))
        wanted = set()
        for g, s in self.family_pairs:
            pks = (self.db_users[g].pk, self.db_users[s].pk)
            wanted.add(pks)
            if None not in pks and held.get(pks, ("", False))[1]:
                self.report.unchanged[FAMILY] += 1
            else:
                self.report.created[FAMILY] += 1
        if self.mode("users") == spec.BULK and listed:
            for pks, (source, active) in held.items():
                if active and source == "roster" and pks not in wanted:
                    self.family_ends.add(pks)
                    self.report.deactivated[FAMILY] += 1

    def _plan_ages(self) -> None:
        # A birthday falls on the school's calendar, not UTC's: late in the evening in Toronto
        # it is already tomorrow in UTC, and a student would turn 13 a day early.
        today = timezone.localdate(self.now)
        students = {}
        for row in self.rows("demographics"):
            sid = row["sourcedId"]
            if row.status != spec.ACTIVE:
                self.ignore(
                    row, "demographics.csv", gettext_noop("demographics sent as tobedeleted")
                )
                continue
            if sid not in self.ids("users") and sid not in self.db_users:
                if self.readable("users") and not self.refers_to_rejected(
                    "users", sid, row, "demographics.csv", "sourcedId"
                ):
                    self.problem(
                        gettext_noop(
                            "No person has this sourcedId in users.csv or in Trellis. Add the "
                            "person or correct the demographics row."
                        ),
                        row,
                        "demographics.csv",
                        "sourcedId",
                        sid,
                    )
                continue
            user = self._person(sid)
            if user is None:
                self.ignore(
                    row, "demographics.csv", gettext_noop("demographics of people not imported")
                )
                continue
            if user.role != spec.STUDENT:
                self.ignore(
                    row, "demographics.csv", gettext_noop("demographics of staff and guardians")
                )
                continue
            if not row["birthDate"]:
                self.ignore(
                    row, "demographics.csv", gettext_noop("demographics without a birthDate")
                )
                continue
            born = parse_date(row["birthDate"])
            if born > today:
                self.problem(
                    gettext_noop(
                        "This birth date is in the future. Correct it in the information system."
                    ),
                    row,
                    "demographics.csv",
                    "birthDate",
                    row["birthDate"],
                )
                continue
            self.age_bands[sid] = _under_13(born, today)
            students[sid] = row
        held: dict[int, tuple[bool, str]] = {}
        pks = [self.db_users[s].pk for s in students if self.db_users[s].pk]
        for chunk in _chunks(pks):
            held.update(reflection_queries.age_bands_of(chunk))
        for sid, row in students.items():
            band = held.get(self.db_users[sid].pk)
            if band is None:
                self.report.created[AGES] += 1
                self.outcome("demographics.csv", row, "created")
            elif band[1] != "roster":
                del self.age_bands[sid]
                self.ignore(
                    row,
                    "demographics.csv",
                    gettext_noop("ages the school's admin set by hand (kept)"),
                )
            elif band[0] == self.age_bands[sid]:
                self.report.unchanged[AGES] += 1
                self.outcome("demographics.csv", row, "unchanged")
            else:
                self.report.updated[AGES] += 1
                self.outcome("demographics.csv", row, "updated")

    def write_families(self) -> None:
        """After the people are written (new ones have their ids by now)."""
        pairs = [(self.db_users[g].pk, self.db_users[s].pk) for g, s in self.family_pairs]
        for batch in _chunks(pairs):
            reflection_actions.link_guardians(batch, "roster")
        for batch in _chunks(sorted(self.family_ends)):
            reflection_actions.end_roster_links(batch)
        bands = {self.db_users[s].pk: under for s, under in self.age_bands.items()}
        for batch in _chunks(sorted(bands)):
            reflection_actions.record_roster_ages({pk: bands[pk] for pk in batch})
