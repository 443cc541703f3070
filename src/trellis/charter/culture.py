"""Reads for the culture page (`/charter/`): the culture-of-learning signs of a page of classes,
numbers only, for leaders and admins (their school) and teachers (their classes).

The page is a paginated, filterable list (grade, subject, teacher) with a school summary; its
HTML is built without a template per sign (`culture_html`) and, for a school-wide reader, kept
in the shared cache per school and filter for CULTURE_SECONDS: every leader of the school sees
the same numbers, at most that old."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from django.utils.safestring import mark_safe

from trellis.accounts.models import Role, User
from trellis.rosters.queries import ClassFilter, ClassList, class_list, page_of

from .indicators import SignPanel, culture_panels
from .permissions import indicator_classes_for

CULTURE_SECONDS = 60


@dataclass
class CultureRow:
    classroom: object
    signs: list[SignPanel]


@dataclass
class CulturePage:
    listing: ClassList | None  # school-wide readers: summary, filters, pages
    page: object
    rows: list[CultureRow]


def school_wide(user: User) -> bool:
    return user.is_authenticated and user.role in (Role.LEADER, Role.ADMIN)


def cache_key(user: User, params) -> str | None:
    """Leaders and admins of a school share one cached page per filter and page number."""
    if not school_wide(user):
        return None
    flt = ClassFilter.from_params(params)
    return f"culture:{user.school_id}:{flt.query(page=flt.page, per_page=flt.per_page)}"


def culture_page(user: User, params) -> CulturePage:
    """A page of the classes whose signs the user may see: a fixed number of queries (the
    page, its count, the summary, the teachers, and one per indicator provider)."""
    flt = ClassFilter.from_params(params)
    base = indicator_classes_for(user)
    if school_wide(user):
        listing = class_list(user, base, flt)
        page = listing.page
    else:
        listing, page = None, page_of(base, flt)
    classes = list(page.object_list)
    panels = culture_panels(classes)
    return CulturePage(listing, page, [CultureRow(c, panels[c.pk]) for c in classes])


def _reading(row) -> str:
    if row.reading is None:
        return f'<span class="meta">{escape(row.empty)}</span>'
    detail = f" ({escape(row.reading.detail)})" if row.reading.detail else ""
    return f"<strong>{escape(row.reading.value)}</strong>{detail}"


def culture_html(rows: list[CultureRow]) -> str:
    """The classes' sections (what a template per sign and row would give, built directly:
    at 25 classes × 5 signs the template engine was most of the page's time)."""
    out = []
    for row in rows:
        c = row.classroom
        name = escape(c.name)
        out.append(
            f'<section aria-labelledby="class-{int(c.pk)}-h" class="card culture-class" '
            f'data-class="{name}"><h2 id="class-{int(c.pk)}-h">{name}</h2><dl class="signs">'
        )
        for panel in row.signs:
            sign = panel.sign
            if panel.has_source:
                items = "".join(f"<li>{escape(r.label)}: {_reading(r)}</li>" for r in panel.rows)
                body = f"<ul>{items}</ul>"
            else:
                body = f'<p class="meta not-yet">{escape(sign.missing)}</p>'
            out.append(
                f'<div class="sign" data-sign="{escape(sign.key)}"><dt>{escape(sign.title)}</dt>'
                f"<dd>{body}</dd></div>"
            )
        out.append("</dl></section>")
    return mark_safe("".join(out))  # noqa: S308 - every value above is escaped or a number
