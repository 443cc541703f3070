"""The school's class lists for leaders and admins (leader home, admin home, the culture page,
`/api/v1/classes`): filtered by grade, subject and teacher, paginated, with a school summary.

Every list costs the same number of queries for 10 classes or 4,000: the page's rows, their
count, the summary (one aggregate) and the teacher choices. Subject is the class's course
name (OneRoster's course title); grade matches one of the class's grade levels."""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape

from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet
from django.utils.safestring import mark_safe

from trellis.accounts.models import Role, User
from trellis.common import cache
from trellis.common.small_numbers import protect_group

from .models import Classroom, Enrollment, EnrollmentRole

PER_PAGE = 25
MAX_PER_PAGE = 200


@dataclass
class ClassFilter:
    grade: str = ""
    subject: str = ""
    teacher: int | None = None
    page: int = 1
    per_page: int = PER_PAGE

    @classmethod
    def from_params(cls, params, per_page: int = PER_PAGE) -> ClassFilter:
        def number(name, default, low, high):
            try:
                return max(low, min(high, int(params.get(name, default))))
            except (TypeError, ValueError):
                return default

        teacher = params.get("teacher") or ""
        return cls(
            grade=str(params.get("grade") or "").strip()[:20],
            subject=str(params.get("subject") or "").strip()[:100],
            teacher=int(teacher) if str(teacher).isdigit() else None,
            page=number("page", 1, 1, 10**6),
            per_page=number("per_page", per_page, 1, MAX_PER_PAGE),
        )

    def apply(self, qs: QuerySet[Classroom]) -> QuerySet[Classroom]:
        if self.grade:
            # grade_levels is "09,10": match a whole item, with or without the leading zero.
            grades = {self.grade, self.grade.lstrip("0") or "0", self.grade.zfill(2)}
            match = Q()
            for g in grades:
                match |= (
                    Q(grade_levels=g)
                    | Q(grade_levels__startswith=f"{g},")
                    | Q(grade_levels__endswith=f",{g}")
                    | Q(grade_levels__contains=f",{g},")
                )
            qs = qs.filter(match)
        if self.subject:
            qs = qs.filter(course__icontains=self.subject)
        if self.teacher is not None:
            qs = qs.filter(
                enrollments__user_id=self.teacher,
                enrollments__role=EnrollmentRole.TEACHER,
                enrollments__is_active=True,
            )
        return qs

    def query(self, **changes) -> str:
        """The query string of this filter with some parts changed (for page links)."""
        from urllib.parse import urlencode

        values = {"grade": self.grade, "subject": self.subject, "teacher": self.teacher or ""}
        values.update(changes)
        return urlencode({k: v for k, v in values.items() if v not in ("", None)})


@dataclass
class SchoolSummary:
    classes: int
    students: int
    teachers: int


@dataclass
class ClassList:
    filter: ClassFilter
    page: Page
    summary: SchoolSummary
    teachers: list[tuple[int, str]] = field(default_factory=list)

    @property
    def classes(self) -> list[Classroom]:
        return list(self.page.object_list)

    @property
    def teacher_options(self) -> str:
        """The teacher filter's <option>s, built in one pass: a school has hundreds of
        teachers, and a template loop over them was most of a leader's home page time."""
        chosen = self.filter.teacher
        return mark_safe(  # noqa: S308 - ids are ints, names escaped here
            "".join(
                f'<option value="{pk}"{" selected" if pk == chosen else ""}>{escape(name)}</option>'
                for pk, name in self.teachers
            )
        )

    @property
    def filtered(self) -> bool:
        return bool(self.filter.grade or self.filter.subject or self.filter.teacher)


# The summary counts distinct people over every enrollment of the school (~7 ms at 10,000
# students on PostgreSQL, the largest part of a leader's home): kept in the shared cache for a
# minute, as the culture page is. A class added or a roster imported shows within a minute.
SUMMARY_SECONDS = 60


def school_summary(school_id: int) -> SchoolSummary:
    """Active classes, and the distinct students and teachers enrolled in them: one query, or
    none while the shared cache holds the school's figures (at most a minute old)."""
    key = f"school-summary:{school_id}"
    cached = cache.get(key)
    if cached is not None:
        return SchoolSummary(*cached)
    row = Enrollment.objects.filter(
        classroom__school_id=school_id, classroom__is_active=True, is_active=True
    ).aggregate(
        students=Count("user", filter=Q(role=EnrollmentRole.STUDENT), distinct=True),
        teachers=Count("user", filter=Q(role=EnrollmentRole.TEACHER), distinct=True),
        classes=Count("classroom", distinct=True),
    )
    figures = (row["classes"], row["students"], row["teachers"])
    cache.set(key, figures, SUMMARY_SECONDS)
    return SchoolSummary(*figures)


def teacher_choices(school_id: int) -> list[tuple[int, str]]:
    return [
        (pk, f"{first} {last}".strip())
        for pk, first, last in User.objects.filter(school_id=school_id, role=Role.TEACHER)
        .order_by("last_name", "first_name", "pk")
        .values_list("pk", "first_name", "last_name")
    ]


def page_of(base: QuerySet[Classroom], flt: ClassFilter) -> Page:
    """One page of `base` (scoped to the user), filtered: two queries (the rows, their count)."""
    qs = flt.apply(base.filter(is_active=True)).order_by("course", "section", "pk")
    return Paginator(qs, flt.per_page).get_page(flt.page)


def class_list(user: User, base: QuerySet[Classroom], flt: ClassFilter) -> ClassList:
    """One page of `base` (already scoped to the user and annotated as the page needs),
    filtered, with the school summary and the teacher choices: four queries (three while the
    shared cache holds the summary)."""
    page = page_of(base, flt)
    summary = school_summary(user.school_id)
    if user.role == Role.LEADER:
        # Leaders read aggregates only: the school's student count goes through the one
        # small-numbers rule too (shown as "fewer than 10 students" in a tiny school).
        summary.students = protect_group({"n": summary.students}, summary.students)["n"]
    return ClassList(flt, page, summary, teacher_choices(user.school_id))
