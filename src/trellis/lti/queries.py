"""Every read of the LTI app, scoped to the person asking, in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Prefetch
from django.urls import reverse
from lti_tool.models import Key, LtiDeployment, LtiRegistration

from trellis.checkins import queries as checkin_queries
from trellis.common.access import get_visible
from trellis.common.models import JobRun
from trellis.curriculum import queries as curriculum_queries
from trellis.work import queries as work_queries

from .models import CourseLink, Placement, PlacementKind
from .permissions import course_links_managed_by, registrations_managed_by


def jwks() -> dict:
    """The tool's public keys, as platforms fetch them (one query)."""
    return Key.objects.as_jwks()


def registrations_for(user) -> list[LtiRegistration]:
    """The school's registrations with their active deployments (two queries)."""
    return list(
        registrations_managed_by(user)
        .prefetch_related(
            Prefetch(
                "deployments",
                queryset=LtiDeployment.objects.filter(is_active=True).order_by("deployment_id"),
                to_attr="active_deployments",
            )
        )
        .order_by("name", "pk")
    )


def get_registration_for(user, registration_id) -> LtiRegistration:
    registration = get_visible(registrations_managed_by(user), registration_id, "registration")
    registration.deployment_text = "\n".join(
        registration.deployments.filter(is_active=True)
        .order_by("deployment_id")
        .values_list("deployment_id", flat=True)
    )
    return registration


def active_keys() -> list[Key]:
    return list(Key.objects.active().order_by("-datetime_created"))


def roster_key(link) -> str:
    return f"lti-roster:{link.pk}"


def grades_key(placement) -> str:
    return f"lti-grades:{placement.pk}"


def with_job_status(link: CourseLink) -> CourseLink:
    """The latest roster sync and grade post runs of a course page (one query): each placement
    gets ``grades_run`` and the link ``roster_run`` (or None)."""
    placements = list(link.placements.all())
    keys = [roster_key(link)] + [grades_key(p) for p in placements]
    latest = {}
    for run in JobRun.objects.filter(key__in=keys).order_by("created_at", "id"):
        latest[run.key] = run
    link.roster_run = latest.get(roster_key(link))
    for p in placements:
        p.grades_run = latest.get(grades_key(p))
    link.placement_rows = placements
    return link


def get_course_link_for(user, link_id) -> CourseLink:
    """A course link with its class, context and placements (two queries)."""
    return get_visible(
        course_links_managed_by(user)
        .select_related("classroom", "context")
        .prefetch_related(
            Prefetch(
                "placements",
                queryset=Placement.objects.annotate(n_scores=Count("scores")).order_by(
                    "created_at", "id"
                ),
            )
        ),
        link_id,
        "course link",
    )


@dataclass
class Picker:
    tasks: list = field(default_factory=list)
    checkins: list = field(default_factory=list)
    assignments: list = field(default_factory=list)

    def title_of(self, kind: str, object_id: int) -> str | None:
        rows = {
            PlacementKind.TASK: self.tasks,
            PlacementKind.CHECKIN: self.checkins,
            PlacementKind.ASSIGNMENT: self.assignments,
        }.get(kind, [])
        return next((r.title for r in rows if r.pk == object_id), None)


def picker_for(user, classroom) -> Picker:
    """What a teacher can place from one class: its tasks, their check-ins, its assignments."""
    return Picker(
        tasks=[t for t in curriculum_queries.tasks_of(classroom) if t.is_active],
        checkins=checkin_queries.checkins_page(user).mine,
        assignments=work_queries.assignments_of(classroom),
    )


def target_url(placement: Placement, user) -> str:
    """Where a launch of a placed link opens: the task, check-in or assignment itself for the
    class's teachers; the class page (where the student finds it) or the assignment for
    students."""
    class_id = placement.course.classroom_id
    staff = not user.is_student
    if placement.kind == PlacementKind.ASSIGNMENT:
        return reverse("work:assignment", args=[placement.object_id])
    if placement.kind == PlacementKind.TASK and staff:
        return reverse("curriculum:task", args=[class_id, placement.object_id])
    if placement.kind == PlacementKind.CHECKIN and staff:
        return reverse("checkins:detail", args=[placement.object_id])
    return reverse("rosters:detail", args=[class_id])


def course_link_of(context) -> CourseLink | None:
    return CourseLink.objects.filter(context=context).select_related("classroom").first()


def placement_in(link: CourseLink, placement_id) -> Placement | None:
    try:
        return Placement.objects.get(course=link, pk=int(placement_id))
    except (Placement.DoesNotExist, TypeError, ValueError):
        return None
