"""Everything that changes LTI state: registrations and keys (admins), people matched from
launches and rosters, course links, deep-link placements, and the two jobs (roster sync and
grade post) a teacher queues.

The product's promise is enforced here: **only summative work ever sends a score**. A
placement of a task (guided practice) or a check-in is refused by ``queue_grade_post`` and by
the job itself, whoever calls them.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from lti_tool.models import Key, LtiContext, LtiDeployment, LtiRegistration, LtiUser

from trellis.accounts.models import Role, User
from trellis.audit import actions as audit
from trellis.common import outbound
from trellis.common.errors import UserError
from trellis.rosters import actions as roster_actions
from trellis.rosters.models import EnrollmentRole

from .models import Connection, CourseLink, Placement, PlacementKind, ScoreSent
from .permissions import can_manage_lti, can_teach_course
from .queries import grades_key, roster_key

LIS_CLAIM = "https://purl.imsglobal.org/spec/lti/claim/lis"
INSTRUCTOR_ROLES = ("Instructor", "Administrator", "ContentDeveloper", "TeachingAssistant")

# A platform may cache the tool's key set: an old key stays published this long after a newer
# one signs (docs/lti.md, "Keys").
KEY_OVERLAP = timedelta(days=7)


# ---------------------------------------------------------------- registrations and keys


def _require_admin(user) -> None:
    if not can_manage_lti(user):
        raise UserError(_("Only a school administrator can manage LMS connections."), status=403)


def _deployment_ids(text: str) -> list[str]:
    ids = []
    for part in text.replace(",", "\n").splitlines():
        part = part.strip()
        if part and part not in ids:
            ids.append(part[:255])
    return ids


@transaction.atomic
def save_registration(user, data: dict, registration: LtiRegistration | None = None):
    """Create or change a registration (a form's cleaned data). Issuer and client id together
    name one registration: a second one with the same pair is refused on the client id field."""
    _require_admin(user)
    # Trellis fetches these two from the server (the launch key set, access tokens): only
    # public addresses (trellis.common.outbound). The auth URL is only where browsers go.
    for field in ("keyset_url", "token_url"):
        outbound.check_url(data[field], field=field)
    clash = LtiRegistration.objects.filter(issuer=data["issuer"], client_id=data["client_id"])
    if registration is not None:
        clash = clash.exclude(pk=registration.pk)
    if clash.exists():
        raise UserError(
            _(
                "This issuer already has a registration with client id “%(client)s”. Edit that "
                "registration, or check the client id the LMS gave you."
            )
            % {"client": data["client_id"]},
            field="client_id",
        )
    fields = ("name", "issuer", "client_id", "auth_url", "token_url", "keyset_url")
    if registration is None:
        registration = LtiRegistration(**{f: data[f] for f in fields})
    else:
        for f in fields:
            setattr(registration, f, data[f])
    try:
        with transaction.atomic():
            registration.save()
    except IntegrityError:
        raise UserError(
            _("This issuer and client id are already registered."), field="client_id"
        ) from None
    Connection.objects.get_or_create(registration=registration, defaults={"school": user.school})
    wanted = _deployment_ids(data.get("deployment_ids", ""))
    registration.deployments.exclude(deployment_id__in=wanted).update(is_active=False)
    for dep_id in wanted:
        LtiDeployment.objects.update_or_create(
            registration=registration, deployment_id=dep_id, defaults={"is_active": True}
        )
    if not Key.objects.active().exists():
        Key.objects.generate()
    audit.record(
        user,
        "lti.registration.save",
        school=user.school_id,
        summary=f"LMS registration {registration.name} ({registration.issuer})",
    )
    return registration


@transaction.atomic
def rotate_keys(user) -> Key:
    """A new signing key; keys older than the overlap leave the published key set."""
    _require_admin(user)
    key = Key.objects.generate()
    Key.objects.active().filter(datetime_created__lt=timezone.now() - KEY_OVERLAP).update(
        is_active=False
    )
    audit.record(user, "lti.keys.rotate", school=user.school_id, summary="LTI signing key rotated")
    return key


def ensure_key() -> None:
    if not Key.objects.active().exists():
        Key.objects.generate()


# ---------------------------------------------------------------- people


def _is_instructor(roles) -> bool:
    return any(r.rsplit("#", 1)[-1].rsplit("/", 1)[-1] in INSTRUCTOR_ROLES for r in roles or ())


def _new_username(base: str) -> str:
    base = "".join(c for c in base.lower() if c.isalnum() or c in "._-")[:30] or "lti"
    name = base
    while User.objects.filter(username=name).exists():
        name = f"{base}-{secrets.token_hex(2)}"
    return name


def person_for(school, lti_user: LtiUser, *, roles, sourced_id: str = "") -> tuple[User, bool]:
    """The Trellis person behind an LMS user: the one already tied to them, else the school's
    person with their OneRoster sourcedId, else with their e-mail; else a new person of the
    school (teacher or student after their course role). Never a second account."""
    if lti_user.auth_user_id:
        return lti_user.auth_user, False
    person, created = None, False
    if sourced_id:
        person = User.objects.filter(sourced_id=sourced_id).first()
        if person is not None and person.school_id not in (None, school.pk):
            person = None
    if person is None and lti_user.email:
        person = (
            User.objects.filter(school=school, email__iexact=lti_user.email).order_by("pk").first()
        )
    if person is None:
        person = User.objects.create(
            username=_new_username(lti_user.email.split("@")[0] if lti_user.email else "lti"),
            school=school,
            role=Role.TEACHER if _is_instructor(roles) else Role.STUDENT,
            first_name=(lti_user.given_name or "")[:150],
            last_name=(lti_user.family_name or "")[:150],
            display_name=(lti_user.name or "")[:150],
            email=lti_user.email or "",
            sourced_id=sourced_id or None,
        )
        person.set_unusable_password()
        person.save(update_fields=["password"])
        created = True
    LtiUser.objects.filter(pk=lti_user.pk).update(auth_user=person)
    lti_user.auth_user = person
    return person, created


def person_for_launch(launch) -> User:
    """Record what the launch says (django-lti's sync) and return the person it signs in."""
    from lti_tool.utils import sync_data_from_launch

    sync_data_from_launch(launch)
    connection = Connection.objects.select_related("school").get(registration=launch.registration)
    lis = launch.get_claim(LIS_CLAIM) or {}
    person, _created = person_for(
        connection.school,
        launch.user,
        roles=launch.roles_claim,
        sourced_id=str(lis.get("person_sourcedid") or ""),
    )
    link = CourseLink.objects.filter(context=launch.context).select_related("classroom").first()
    if link is not None:
        enrol(link.classroom, person)
    return person


def enrol(classroom, person) -> None:
    """Enrol a matched person in the linked class in their Trellis role (a teacher stays a
    teacher whatever the LMS calls them); admins, leaders and guardians are not enrolled."""
    role = {Role.TEACHER: EnrollmentRole.TEACHER, Role.STUDENT: EnrollmentRole.STUDENT}.get(
        person.role
    )
    if role is not None:
        roster_actions.enroll(classroom, person, role)


# ---------------------------------------------------------------- course links and placements


@transaction.atomic
def link_course(user, context: LtiContext, classroom) -> CourseLink:
    """Tie an LMS course to one of the teacher's classes (once; an admin may change it)."""
    if not can_teach_course(user, classroom):
        raise UserError(_("Choose one of the classes you teach."), field="classroom")
    link, _created = CourseLink.objects.update_or_create(
        context=context, defaults={"classroom": classroom}
    )
    return link


def place(user, link: CourseLink, kind: str, object_id: int, title: str) -> Placement:
    if kind not in PlacementKind.values:
        raise UserError(_("Choose a task, a check-in or an assignment."), field="item")
    placement, _created = Placement.objects.get_or_create(
        course=link,
        kind=kind,
        object_id=object_id,
        defaults={"title": title[:200], "placed_by": user},
    )
    return placement


def note_resource_link(placement: Placement, resource_link_id: str) -> None:
    if resource_link_id and placement.resource_link_id != resource_link_id:
        Placement.objects.filter(pk=placement.pk).update(resource_link_id=resource_link_id[:255])


# ---------------------------------------------------------------- jobs a teacher queues


def queue_roster_sync(user, link: CourseLink):
    from .jobs import sync_roster_job

    if not can_teach_course(user, link.classroom):
        raise UserError(_("Only the class's teacher can sync its roster."), status=403)
    if not link.context.memberships_url:
        raise UserError(
            _(
                "The LMS did not offer its roster service for this course. Ask your LMS "
                "administrator to allow Names and Role Provisioning for Trellis."
            )
        )
    from trellis.common.jobs import enqueue

    return enqueue(sync_roster_job, link.pk, key=roster_key(link))


class FormativeNeverGraded(UserError):
    pass


def require_summative(placement: Placement) -> None:
    if not placement.is_summative:
        raise FormativeNeverGraded(
            _(
                "“%(title)s” is formative (a %(kind)s): Trellis never sends a score for it to "
                "the LMS. Only summative assignments send final marks."
            )
            % {"title": placement.title, "kind": placement.get_kind_display().lower()}
        )


def queue_grade_post(user, placement: Placement):
    from .jobs import post_grades_job

    require_summative(placement)
    if not can_teach_course(user, placement.course.classroom):
        raise UserError(_("Only the class's teacher can send its marks."), status=403)
    context = placement.course.context
    if not (context.lineitems_url and context.can_publish_scores):
        raise UserError(
            _(
                "The LMS did not offer its grade service for this course. Ask your LMS "
                "administrator to allow Assignment and Grade Services for Trellis."
            )
        )
    from trellis.common.jobs import enqueue

    return enqueue(post_grades_job, placement.pk, key=grades_key(placement))


def record_score(placement: Placement, student_id: int, scaled: float) -> None:
    ScoreSent.objects.update_or_create(
        placement=placement, student_id=student_id, defaults={"scaled": scaled}
    )
