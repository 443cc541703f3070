"""The OneRoster import: check a whole set against what Trellis holds, then write it at once.

Records are matched by their sourcedId and nothing else. Planning reads the set and a fixed
number of queries' worth of existing rows (keyed by sourcedId, in chunks), and decides per
record: create, update, deactivate, or leave alone. Only when no problem was found, and the
import is not a dry run, are the changes written, in batches, inside one transaction.

Nothing is ever deleted: a record missing from a later bulk file, or sent as "tobedeleted",
is deactivated (is_active False), and everything pointing at it stays.
"""

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import DatabaseError, IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from trellis.accounts.models import School, User
from trellis.rosters.models import AcademicSession, Classroom, Course, Enrollment, SourceStamp

from . import spec
from .parse import FileRows, Row, read_file, read_manifest
from .plan_families import PlanFamilies
from .plan_people import PlanPeople
from .plan_places import PlanPlaces
from .plan_schools import PlanSchools
from .records import BATCH, _chunks, _differs, _Snapshot
from .report import Problem, Problems, Report
from .source import RosterSet, open_set

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
            report.notes.extend(rset.notes)
            _Import(rset, options, report).run()
    except Problems as e:
        report.problems.extend(e.problems)
    return report


@dataclass
class _Changes:
    """What the write phase will do for one model."""

    create: list = field(default_factory=list)
    update: dict = field(default_factory=dict)  # id(obj) -> obj
    fields: set = field(default_factory=set)


class _Import(PlanSchools, PlanPlaces, PlanPeople, PlanFamilies):
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
        # file -> line -> outcome: what became of each row (report.OUTCOMES)
        self.outcomes: dict[str, dict[int, str]] = defaultdict(dict)
        # (file of the rejected row, its sourcedId) -> [(file, row, column)] pointing at it
        self.refs_to_rejected: dict[tuple[str, str], list] = defaultdict(list)

    # ----------------------------------------------------------------- helpers
    def problem(self, message, row: Row | None = None, file="", column="", value="", **params):
        """`message` is marked with gettext_noop; `params` are its %(name)s values."""
        self.problems.append(
            Problem(
                message,
                file=file,
                line=row.line if row else None,
                column=column,
                value=value,
                params=params,
            )
        )
        if row is not None and file:
            self.outcomes[file][row.line] = "rejected"

    def outcome(self, file: str, row: Row | None, what: str) -> None:
        """Say what became of a row; the first word said about a row stands."""
        if row is not None:
            self.outcomes[file].setdefault(row.line, what)

    def ignore(self, row: Row | None, file: str, reason: str, value: str | None = None) -> None:
        """`reason` is kept in English (marked with gettext_noop) and shown translated; a
        reason with a %(value)s is counted per value."""
        self.report.ignored[reason if value is None else (reason, value)] += 1
        self.outcome(file, row, "ignored")

    def refers_to_rejected(self, name: str, sid: str, row: Row, file: str, column: str) -> bool:
        """True when `sid` is a row of `name` rejected for a problem of its own. The reference
        is remembered and reported once per rejected row (see report_rejected_references),
        not as an unknown sourcedId on every row that points at it."""
        if not self.rejected(name, sid):
            return False
        self.refs_to_rejected[(name, sid)].append((file, row, column))
        self.outcome(file, row, "ignored")
        return True

    def report_rejected_references(self) -> None:
        for (name, sid), refs in self.refs_to_rejected.items():
            line = self.files[name].rejected_line.get(sid)
            file, row, column = refs[0]
            others = len({(f, r.line) for f, r, _ in refs}) - 1
            msgid = (
                gettext_noop(
                    "This refers to the rejected row %(line)s of %(file)s (sourcedId “%(sid)s”), "
                    "which has a problem of its own (listed above). So do %(others)s more rows "
                    "of the set; they will be imported once that row is fixed."
                )
                if others
                else gettext_noop(
                    "This refers to the rejected row %(line)s of %(file)s (sourcedId “%(sid)s”), "
                    "which has a problem of its own (listed above). It will be imported once "
                    "that row is fixed."
                )
            )
            params = {"line": line, "file": f"{name}.csv", "sid": sid}
            if others:
                params["others"] = others
            self.problems.append(
                Problem(msgid, file=file, line=row.line, column=column, value=sid, params=params)
            )

    def count_outcomes(self) -> None:
        """Every row of every file read gets one outcome, so the report's totals add up."""
        for f in self.files.values():
            filename = f.spec.filename
            if not f.readable:
                continue
            outcomes = self.outcomes.get(filename, {})
            counts = self.report.file_outcomes.setdefault(filename, Counter())
            for row in f.rows:
                what = outcomes.get(row.line)
                if what is None:
                    # Only when planning stopped early at a problem (e.g. whose school the
                    # set is): the row was read but not looked at.
                    what = "ignored"
                    self.report.ignored[gettext_noop("rows not looked at (see the problems)")] += 1
                counts[what] += 1
            counts["rejected"] += f.rejected_count
            self.report.file_rows[filename] = len(f.rows) + f.rejected_count

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
            gettext_noop(
                "This value is %(length)s characters long; Trellis keeps at most %(limit)s. "
                "Shorten it in the information system."
            ),
            row,
            file,
            column,
            value,
            length=len(value),
            limit=limit,
        )
        return False

    def stale(self, kind: str, row: Row) -> bool:
        """True when Trellis already has a newer version of this record. Only delta files are
        judged so: a bulk file is the whole truth, whatever its dates say."""
        stored = self.stamps[kind].get(row["sourcedId"])
        delta = self.mode(_FILE_OF[kind]) == spec.DELTA
        if delta and row.modified_at and stored and row.modified_at < stored:
            self.ignore(
                row,
                f"{_FILE_OF[kind]}.csv",
                gettext_noop("rows older than what Trellis already has"),
            )
            return True
        if row.modified_at and row.modified_at != stored:
            self.new_stamps.append(
                SourceStamp(kind=kind, sourced_id=row["sourcedId"], modified_at=row.modified_at)
            )
        return False

    def upsert(self, kind: str, model, existing: dict, sourced_id: str, values: dict, row=None):
        obj = existing.get(sourced_id)
        changes = self.changes[model]
        file = KIND_FILE[kind]
        if obj is None:
            obj = model(sourced_id=sourced_id, **values)
            changes.create.append(obj)
            existing[sourced_id] = obj
            self.report.created[kind] += 1
            self.outcome(file, row, "created")
            return obj
        if obj.pk is None:  # made earlier in this same import
            self.outcome(file, row, "created")
            return obj
        changed = [f for f, v in values.items() if _differs(obj, f, v)]
        if not changed:
            self.report.unchanged[kind] += 1
            self.outcome(file, row, "unchanged")
            return obj
        if isinstance(obj, _Snapshot):
            obj = existing[sourced_id] = obj.instance()
        deactivating = changed == ["is_active"] and values["is_active"] is False
        for f in changed:
            setattr(obj, f, values[f])
        self._mark(model, obj, changed)
        if deactivating:
            self.report.deactivated[kind] += 1
            self.outcome(file, row, "deactivated")
        else:
            self.report.updated[kind] += 1
            self.outcome(file, row, "updated")
        return obj

    def deactivate(self, kind: str, model, obj, row: Row | None = None) -> None:
        """Deactivate a record: sent as tobedeleted (`row`), or left out of a bulk file."""
        file = KIND_FILE[kind]
        if obj is None or obj.pk is None:
            if row is not None:
                self.ignore(
                    row, file, gettext_noop("records sent as tobedeleted that Trellis never had")
                )
            return
        if not obj.is_active:
            self.outcome(file, row, "unchanged")
            return
        self.outcome(file, row, "deactivated")
        if row is None:
            self.report.missing[kind] += 1
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
                self.rset,
                fspec,
                mode,
                self.problems,
                on_row=self._on_row,
                warnings=self.report.warnings,
            )
            self.report.files[fspec.filename] = mode
        self.progress("Reading", self.rset.total_size, self.rset.total_size)
        for name in sorted(self.rset.members):
            if name not in self.report.files and name != "manifest.csv":
                self.report.ignored_files.append(name)
        if not self.files and not self.problems:
            self.problem(
                gettext_noop(
                    "The manifest marks every file Trellis reads as absent, so there is "
                    "nothing to import. Mark the files you send as bulk or delta."
                ),
                file="manifest.csv",
            )
        if (
            self.version == "1.2"
            and self.mode("users") == spec.BULK
            and self.mode("roles") != spec.BULK
        ):
            self.problem(
                gettext_noop(
                    "In OneRoster 1.2 people's roles are in roles.csv: when users.csv is bulk, "
                    "roles.csv must be sent as bulk too."
                ),
                file="manifest.csv",
            )
        self.plan()
        self.report_rejected_references()
        self.count_outcomes()
        if self.problems or self.options.dry_run:
            return
        try:
            with transaction.atomic():
                self.write()
        except (IntegrityError, DatabaseError) as e:
            self.problem(
                gettext_noop(
                    "The database refused the changes, so nothing was written. This happens "
                    "when someone changes the same people or classes during the import: "
                    "import again. (Database said: %(error)s)"
                ),
                error=str(e),
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
        self.plan_families()
        self.plan_enrollments()

    # -- orgs
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
        self.write_families()
        for batch in _chunks(self.new_stamps, BATCH):
            SourceStamp.objects.bulk_create(
                batch,
                update_conflicts=True,
                unique_fields=["kind", "sourced_id"],
                update_fields=["modified_at"],
            )
            done += len(batch)
            self.progress("Writing", done, total)


KIND_FILE = {
    "schools": "orgs.csv",
    "academic sessions": "academicSessions.csv",
    "courses": "courses.csv",
    "classes": "classes.csv",
    "people": "users.csv",
    "enrollments": "enrollments.csv",
}
_FILE_OF = {
    "org": "orgs",
    "session": "academicSessions",
    "course": "courses",
    "class": "classes",
    "user": "users",
    "enrollment": "enrollments",
}
