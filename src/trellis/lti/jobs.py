"""The two long pieces of LTI work, as background jobs (trellis.common.jobs, docs/jobs.md).

- ``sync_roster_job``: Names and Role Provisioning. The course's members come from the LMS;
  each is matched to the school's person (already tied, else OneRoster sourcedId, else
  e-mail) or created once, and enrolled in the linked class. Running it twice changes nothing
  the second time.
- ``post_grades_job``: Assignment and Grade Services, for a **summative** placement only. It
  finds (or creates) the assignment's line item by its resourceId and sends each student's
  current final mark. A resend replaces the score in the LMS (scores are keyed by user).
"""

from __future__ import annotations

from django.utils import timezone
from lti_tool.models import LtiUser
from pylti1p3.assignments_grades import AssignmentsGradesService
from pylti1p3.grade import Grade
from pylti1p3.lineitem import LineItem
from pylti1p3.names_roles import NamesRolesProvisioningService
from pylti1p3.service_connector import ServiceConnector

from trellis.common import outbound
from trellis.common.jobs import job
from trellis.work.queries import final_marks

from . import actions
from .models import Connection, CourseLink, Placement

SCOPE = "https://purl.imsglobal.org/spec/lti-ags/scope/"


def _connector(registration) -> ServiceConnector:
    """PyLTI1p3's connector over a session whose every connection passes the outbound guard
    (the token URL, and the service URLs the platform's launch named)."""
    return ServiceConnector(registration.to_registration(), outbound.requests_session())


def fetch_member_data(context) -> list[dict]:
    """The course's members (django-lti's ``fetch_member_data``, through the guard)."""
    if not context.memberships_url:
        return []
    nrps = NamesRolesProvisioningService(
        _connector(context.deployment.registration),
        {"context_memberships_url": context.memberships_url},
    )
    return list(nrps.get_members())


@job(max_attempts=3, retry_delay=30)
def sync_roster_job(progress, link_id: int):
    link = CourseLink.objects.select_related("classroom", "context__deployment__registration").get(
        pk=link_id
    )
    context = link.context
    registration = context.deployment.registration
    school = Connection.objects.select_related("school").get(registration=registration).school
    members = fetch_member_data(context)
    progress.start(total=len(members), message="Reading the course roster from the LMS")
    context.update_memberships(members)
    by_sub = {u.sub: u for u in LtiUser.objects.filter(registration=registration)}
    counts = {"matched": 0, "new": 0, "left": 0}
    for member in members:
        lti_user = by_sub[member["user_id"]]
        roles = member.get("roles", [])
        person, created = actions.person_for(
            school, lti_user, roles=roles, sourced_id=str(member.get("lis_person_sourcedid") or "")
        )
        if member.get("status", "Active") != "Active":
            counts["left"] += 1
        else:
            actions.enrol(link.classroom, person)
            counts["new" if created else "matched"] += 1
        progress.advance()
    counts["total"] = len(members)
    CourseLink.objects.filter(pk=link.pk).update(
        last_synced_at=timezone.now(), last_sync_counts=counts
    )
    return counts


@job(max_attempts=3, retry_delay=30)
def post_grades_job(progress, placement_id: int):
    placement = Placement.objects.select_related("course__context__deployment__registration").get(
        pk=placement_id
    )
    # Checked again here: a job queued any other way still never grades formative work.
    actions.require_summative(placement)
    context = placement.course.context
    registration = context.deployment.registration
    scopes = [SCOPE + "score"]
    if context.can_query_lineitems:
        scopes.append(SCOPE + "lineitem.readonly")
    if context.can_manage_lineitems:
        scopes.append(SCOPE + "lineitem")
    ags = AssignmentsGradesService(
        _connector(registration),
        {"scope": scopes, "lineitems": context.lineitems_url},
    )
    lineitem = ags.find_or_create_lineitem(
        LineItem()
        .set_label(placement.title)
        .set_score_maximum(100)
        .set_resource_id(placement.resource_id),
        find_by="resource_id",
    )
    marks = final_marks(placement.object_id)
    subs = dict(
        LtiUser.objects.filter(registration=registration, auth_user_id__in=marks).values_list(
            "auth_user_id", "sub"
        )
    )
    progress.start(total=len(subs), message="Sending final marks to the LMS")
    sent = 0
    for student_id, sub in subs.items():
        if progress.finished(student_id):
            continue
        score = round(marks[student_id] * 100, 2)
        grade = (
            Grade()
            .set_user_id(sub)
            .set_score_given(score)
            .set_score_maximum(100)
            .set_timestamp(timezone.now().isoformat())
            .set_activity_progress("Completed")
            .set_grading_progress("FullyGraded")
        )
        ags.put_grade(grade, lineitem)
        actions.record_score(placement, student_id, marks[student_id])
        sent += 1
        progress.advance(item=student_id)
    return {"sent": sent, "without_mark": len(marks) - len(subs)}
