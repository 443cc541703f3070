"""Problems found in a roster set, and the report an import gives back.

A problem (or a note) keeps its sentence as the English source, marked with
``gettext_noop``, and its values apart (``params``): it is put into the reader's language when
shown, not when found. A kept run (``RosterRun``) stores the same pair (:meth:`Problem.stored`),
so last night's sync reads in French for a French-speaking admin and in English for the next.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.utils.formats import number_format
from django.utils.translation import gettext, gettext_lazy, ngettext

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


# The kinds and the ignored rows' reasons, as a report shows them (stored in English).
KIND_LABELS = {
    "schools": gettext_lazy("schools"),
    "academic sessions": gettext_lazy("academic sessions"),
    "courses": gettext_lazy("courses"),
    "classes": gettext_lazy("classes"),
    "people": gettext_lazy("people"),
    "enrollments": gettext_lazy("enrollments"),
    "family links": gettext_lazy("family links"),
    "ages": gettext_lazy("ages"),
}


def kind_label(kind: str) -> str:
    return str(KIND_LABELS.get(kind, kind))


def reason_text(reason) -> str:
    """Why rows were ignored, in the active language: a msgid, or (msgid, value) for a
    reason that names a value (a JSON list when kept on a run)."""
    if isinstance(reason, list | tuple):
        msgid, value = reason
        return render(msgid, {"value": value})
    return gettext(reason)


def _by_text(item) -> str:
    return str(item[0])


def render(msgid: str, params: dict | None = None) -> str:
    """`msgid` in the active language, its values put in (numbers written for the locale)."""
    text = gettext(msgid)
    if not params:
        return text
    return text % {
        k: number_format(v) if isinstance(v, int | float) and not isinstance(v, bool) else v
        for k, v in params.items()
    }


@dataclass(frozen=True)
class Problem:
    """One thing wrong, located as precisely as possible, with what to do about it.

    `msgid` is the English sentence marked with ``gettext_noop`` (placeholders
    ``%(name)s``), `params` its values; `message` is the sentence in the reader's language.
    A note (no file) is a Problem without a place."""

    msgid: str
    file: str = ""
    line: int | None = None
    column: str = ""
    value: str = ""
    # True when the file could not be read past this problem (header, encoding, empty).
    fatal: bool = field(default=False, compare=False)
    params: dict = field(default_factory=dict, hash=False)

    @property
    def message(self) -> str:
        return render(self.msgid, self.params)

    @property
    def where(self) -> str:
        parts = [self.file] if self.file else []
        if self.line is not None:
            parts.append(gettext("line %(line)s") % {"line": self.line})
        if self.column:
            parts.append(gettext("column %(column)s") % {"column": self.column})
        return ", ".join(parts)

    def __str__(self) -> str:
        text = self.message
        if self.value:
            text = gettext("%(message)s (value “%(value)s”)") % {
                "message": text,
                "value": _short(self.value),
            }
        if self.where:
            text = gettext("%(where)s: %(message)s") % {"where": self.where, "message": text}
        return text

    def stored(self) -> dict:
        """What a RosterRun keeps: the English source and its values, rendered when shown."""
        out = {"msgid": self.msgid, "params": self.params}
        for name in ("file", "line", "column", "value"):
            if getattr(self, name) not in ("", None):
                out[name] = getattr(self, name)
        return out

    @classmethod
    def from_stored(cls, data) -> "Problem":
        """A kept problem; runs kept before problems were stored as codes hold plain text."""
        if isinstance(data, str):
            return cls(data)
        return cls(
            data.get("msgid", ""),
            file=data.get("file", ""),
            line=data.get("line"),
            column=data.get("column", ""),
            value=data.get("value", ""),
            params=data.get("params") or {},
        )


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
        """(reason in the active language, count); the reasons are kept in English."""
        return [(reason_text(r), n) for r, n in sorted(self.ignored.items(), key=_by_text)]

    def missing_list(self) -> list[tuple[str, int]]:
        return [(kind_label(kind), n) for kind, n in self.missing.items()]

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
                "label": kind_label(kind),
                "created": self.created[kind],
                "updated": self.updated[kind],
                "deactivated": self.deactivated[kind],
                "unchanged": self.unchanged[kind],
            }
            if any(v for k, v in counts.items() if k != "kind"):
                out.append(counts)
        return out

    def summary(self) -> str:
        c, u, d = (sum(x.values()) for x in (self.created, self.updated, self.deactivated))
        return summarize(len(self.problems), c, u, d, dry_run=self.dry_run)


def summarize(problems: int, created: int, updated: int, deactivated: int, dry_run=False) -> str:
    """The report's one line, in the active language (a kept run's too, from its counts)."""
    if problems:
        return ngettext(
            "%(count)s problem found: nothing was written. Fix it in the information "
            "system (or the files) and import again.",
            "%(count)s problems found: nothing was written. Fix them in the information "
            "system (or the files) and import again.",
            problems,
        ) % {"count": number_format(problems)}
    counts = gettext("%(created)s created, %(updated)s updated, %(deactivated)s deactivated") % {
        "created": number_format(created),
        "updated": number_format(updated),
        "deactivated": number_format(deactivated),
    }
    if not (created or updated or deactivated):
        return gettext("%(counts)s — nothing changed") % {"counts": counts}
    if dry_run:
        return gettext("Dry run: would be %(counts)s. Nothing was written.") % {"counts": counts}
    return counts
