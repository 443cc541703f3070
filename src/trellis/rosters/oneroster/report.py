"""Problems found in a roster set, and the report an import gives back."""

from collections import Counter
from dataclasses import dataclass, field

# The kinds an import counts, in the order a report lists them.
KINDS = (
    "schools",
    "academic sessions",
    "courses",
    "classes",
    "people",
    "enrollments",
    "family links",
    "ages",
)
# What became of each row of a file; every row gets exactly one, so a file's totals add up.
OUTCOMES = ("created", "updated", "unchanged", "deactivated", "used", "ignored", "rejected")


@dataclass(frozen=True)
class Problem:
    """One thing wrong, located as precisely as possible, with what to do about it."""

    message: str
    file: str = ""
    line: int | None = None
    column: str = ""
    value: str = ""
    # True when the file could not be read past this problem (header, encoding, empty).
    fatal: bool = field(default=False, compare=False)

    @property
    def where(self) -> str:
        parts = [self.file] if self.file else []
        if self.line is not None:
            parts.append(f"line {self.line}")
        if self.column:
            parts.append(f"column {self.column}")
        return ", ".join(parts)

    def __str__(self) -> str:
        value = f" (value “{_short(self.value)}”)" if self.value else ""
        where = f"{self.where}: " if self.where else ""
        return f"{where}{self.message}{value}"


def _short(value: str, limit: int = 80) -> str:
    return value if len(value) <= limit else value[: limit - 1] + "…"


class Problems(Exception):
    """Raised when a set cannot be read at all (bad zip, too big); carries every problem."""

    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


@dataclass
class Report:
    version: str = ""
    dry_run: bool = False
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    deactivated: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)
    # Rows skipped on purpose (guardians, other schools, older than stored...): reason -> count
    ignored: Counter = field(default_factory=Counter)
    ignored_files: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    # Worth knowing, not stopping for (a misspelled column...).
    warnings: list[Problem] = field(default_factory=list)
    files: dict[str, str] = field(default_factory=dict)  # file -> bulk/delta, as read
    # Per file: how many data rows it has, and what became of them (OUTCOMES -> count).
    file_rows: dict[str, int] = field(default_factory=dict)
    file_outcomes: dict[str, Counter] = field(default_factory=dict)
    # Records deactivated because a bulk file left them out (no row of the file says so).
    missing: Counter = field(default_factory=Counter)
    # Set when the set's school could be the admin's but needs their confirmation first:
    # {"school": the Trellis school's name, "sourced_id": ..., "name": the system's name}.
    link_offer: dict | None = None
    schools: list[str] = field(default_factory=list)  # sourcedIds of the schools imported

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def written(self) -> bool:
        return self.ok and not self.dry_run

    @property
    def changed(self) -> bool:
        return any(sum(c.values()) for c in (self.created, self.updated, self.deactivated))

    @property
    def ignored_list(self) -> list[tuple[str, int]]:
        return sorted(self.ignored.items())

    def file_totals(self) -> list[dict]:
        """One row per file read: its rows and what became of them (they add up)."""
        out = []
        for name, total in self.file_rows.items():
            counts = self.file_outcomes.get(name, Counter())
            out.append({"file": name, "rows": total, **{o: counts[o] for o in OUTCOMES}})
        return out

    @property
    def adds_up(self) -> bool:
        return all(
            sum(self.file_outcomes.get(name, Counter()).values()) == total
            for name, total in self.file_rows.items()
        )

    def rows(self) -> list[dict]:
        """One row per kind that appeared: what happened to it (for tables)."""
        out = []
        for kind in KINDS:
            counts = {
                "kind": kind,
                "created": self.created[kind],
                "updated": self.updated[kind],
                "deactivated": self.deactivated[kind],
                "unchanged": self.unchanged[kind],
            }
            if any(v for k, v in counts.items() if k != "kind"):
                out.append(counts)
        return out

    def summary(self) -> str:
        if self.problems:
            n = len(self.problems)
            return (
                f"{n} problem{'s' if n != 1 else ''} found: nothing was written. "
                "Fix them in the information system (or the files) and import again."
            )
        c, u, d = (sum(x.values()) for x in (self.created, self.updated, self.deactivated))
        counts = f"{c} created, {u} updated, {d} deactivated"
        if not self.changed:
            return f"{counts} — nothing changed"
        if self.dry_run:
            return f"Dry run: would be {counts}. Nothing was written."
        return counts
