"""Open practice and trust: observations, the decision log, the staff trust pulse, roles."""

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from trellis.accounts.models import Role, User
from trellis.audit import actions as audit
from trellis.common.errors import NotFound, UserError

from .. import permissions as perms
from ..models import (
    NAME_MAX,
    Decision,
    DecisionParticipant,
    DelegatedRole,
    DelegatedRoleKind,
    Observation,
    Outcome,
    TeacherTeam,
    TrustAnswer,
    TrustParticipation,
    TrustPulse,
)
from ._common import member_team, require_teacher, text
from .inquiry import _date

# Our own statements for the staff trust pulse (rated 1–5).
TRUST_STATEMENTS = [
    gettext_lazy("I can admit a mistake to my team without worrying about it."),
    gettext_lazy("When I ask my team for help, I get it."),
    gettext_lazy("Our team talks about students' learning, not only logistics."),
    gettext_lazy("I would welcome a colleague into my classroom to watch me teach."),
    gettext_lazy("Decisions in our team are made with us, not for us."),
]


def _colleague(user: User, teacher_id) -> User:
    colleague = User.objects.filter(
        pk=teacher_id if str(teacher_id).isdigit() else 0,
        school_id=user.school_id,
        role=Role.TEACHER,
        is_active=True,
    ).first()
    if colleague is None or colleague.pk == user.pk:
        raise UserError(gettext("Choose a colleague of your school to invite."), field="observer")
    return colleague


@transaction.atomic
def invite_observer(user: User, *, observer_id, focus: str, lesson_on, team_id=None) -> Observation:
    """The teacher who opens the lesson chooses the focus; the notes will be theirs."""
    require_teacher(user)
    observer = _colleague(user, observer_id)
    team = None
    if team_id:
        team = perms.teams_of(user).filter(pk=team_id).first()
        if team is None:
            raise UserError(gettext("Choose one of your teams, or none."), field="team")
    return Observation.objects.create(
        school_id=user.school_id,
        team=team,
        observed=user,
        observer=observer,
        focus=text(focus, field="focus", what=gettext("The focus"), limit=300),
        lesson_on=_date(lesson_on, "lesson_on", "The lesson's date"),
    )


def _observation(user: User, observation_id) -> Observation:
    obs = (
        Observation.objects.select_for_update()
        .filter(pk=observation_id if str(observation_id).isdigit() else 0)
        .first()
    )
    if obs is None or not perms.observations_visible_to(user).filter(pk=obs.pk).exists():
        raise NotFound("observation")
    return obs


@transaction.atomic
def record_notes(user: User, observation_id, *, saw: str, students_did: str, wondered: str = ""):
    """The observer describes, without judging: what I saw, what students did, a question."""
    obs = _observation(user, observation_id)
    if obs.observer_id != user.pk:
        raise NotFound("observation")
    obs.saw = text(saw, field="saw", what=gettext("What you saw"))
    obs.students_did = text(students_did, field="students_did", what=gettext("What students did"))
    obs.wondered = text(wondered, field="wondered", what=gettext("Your question"), required=False)
    obs.noted_at = timezone.now()
    obs.save(update_fields=["saw", "students_did", "wondered", "noted_at", "updated_at"])
    return obs


@transaction.atomic
def reply_and_share(user: User, observation_id, *, reply: str, share: bool) -> Observation:
    """Only the observed teacher replies and decides whether the team reads the notes."""
    obs = _observation(user, observation_id)
    if obs.observed_id != user.pk:
        raise NotFound("observation")
    if share and obs.team_id is None:
        raise UserError(
            gettext("This observation belongs to no team, so there is no team to share with.")
        )
    obs.reply = text(reply, field="reply", what=gettext("Your reply"), required=False)
    obs.shared_with_team = bool(share)
    obs.save(update_fields=["reply", "shared_with_team", "updated_at"])
    return obs


@transaction.atomic
def log_decision(
    user: User,
    team: TeacherTeam,
    *,
    proposal: str,
    decision: str,
    review_on,
    evidence: str = "",
    options: str = "",
    participant_ids=(),
    inquiry_id=None,
) -> Decision:
    require_teacher(user)
    member_team(user, team)
    review = _date(review_on, "review_on", "The review date")
    inquiry = None
    if inquiry_id:
        inquiry = team.inquiries.filter(pk=inquiry_id).first()
        if inquiry is None:
            raise UserError(
                gettext("Choose one of this team's inquiries, or none."), field="inquiry"
            )
    d = Decision.objects.create(
        team=team,
        proposal=text(proposal, field="proposal", what=gettext("The proposal"), limit=300),
        evidence=text(evidence, field="evidence", what=gettext("The evidence"), required=False),
        options=text(options, field="options", what=gettext("The options"), required=False),
        decision=text(decision, field="decision", what=gettext("The decision")),
        review_on=review,
        inquiry=inquiry,
        created_by=user,
    )
    ids = [int(i) for i in participant_ids if str(i).isdigit()]
    DecisionParticipant.objects.bulk_create(
        DecisionParticipant(decision=d, teacher_id=t)
        for t in team.members.filter(teacher_id__in=ids).values_list("teacher_id", flat=True)
    )
    return d


@transaction.atomic
def review_decision(user: User, decision: Decision, *, outcome: str, note: str) -> Decision:
    require_teacher(user)
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    member_team(user, decision.team)
    if outcome not in Outcome.values:
        raise UserError(gettext("Choose whether the decision worked."), field="outcome")
    decision.outcome = outcome
    decision.review_note = text(note, field="note", what=gettext("The review note"))
    decision.reviewed_at = timezone.now()
    decision.save(update_fields=["outcome", "review_note", "reviewed_at", "updated_at"])
    return decision


@transaction.atomic
def open_trust_pulse(user: User, *, title: str, opens_on, closes_on) -> TrustPulse:
    if not perms.is_leader(user):
        raise UserError(gettext("Only the school's leaders open a staff pulse."), status=403)
    opens, closes = (
        _date(opens_on, "opens_on", "The opening"),
        _date(closes_on, "closes_on", "The closing"),
    )
    if closes < opens:
        raise UserError(
            gettext("The pulse closes before it opens. Check the dates."), field="closes_on"
        )
    pulse = TrustPulse.objects.create(
        school_id=user.school_id,
        title=text(title, field="title", what=gettext("The title"), limit=NAME_MAX),
        statements=[str(s) for s in TRUST_STATEMENTS],
        opens_on=opens,
        closes_on=closes,
        created_by=user,
    )
    audit.record(
        user,
        "collaboration.trust_pulse",
        school=user.school_id,
        targets=[pulse],
        summary=f"opened the staff pulse “{pulse.title}”",
    )
    return pulse


@transaction.atomic
def answer_trust_pulse(user: User, pulse: TrustPulse, ratings) -> None:
    """Anonymous: the participation (who) and the answer (what) share no key, no time and
    no order; the answer cannot be changed afterwards, since nothing says which one is yours."""
    require_teacher(user)
    pulse = TrustPulse.objects.select_for_update().get(pk=pulse.pk)
    if pulse.school_id != user.school_id:
        raise NotFound("pulse")
    if not pulse.is_open():
        raise UserError(gettext("This pulse is not open."), status=409)
    if TrustParticipation.objects.filter(pulse=pulse, teacher=user).exists():
        raise UserError(
            gettext("You already answered this pulse; answers are anonymous and final."), status=409
        )
    values = []
    for i, _statement in enumerate(pulse.statements):
        try:
            v = int(ratings[i])
        except (IndexError, KeyError, TypeError, ValueError):
            raise UserError(
                gettext("Rate statement %(value)s from 1 to 5.") % {"value": i + 1}, field=f"s{i}"
            ) from None
        if not 1 <= v <= 5:
            raise UserError(
                gettext("Rate statement %(value)s from 1 to 5.") % {"value": i + 1}, field=f"s{i}"
            )
        values.append(v)
    TrustParticipation.objects.create(pulse=pulse, teacher=user)
    TrustAnswer.objects.create(pulse=pulse, ratings=values)


@transaction.atomic
def delegate_role(user: User, *, teacher_id, role: str) -> DelegatedRole:
    if not perms.is_leader(user):
        raise UserError(gettext("Only the school's leaders delegate roles."), status=403)
    if role not in DelegatedRoleKind.values:
        raise UserError(gettext("Choose a role: facilitator or data lead."), field="role")
    teacher = User.objects.filter(
        pk=teacher_id if str(teacher_id).isdigit() else 0,
        school_id=user.school_id,
        role=Role.TEACHER,
    ).first()
    if teacher is None:
        raise UserError(gettext("Choose a teacher of your school."), field="teacher")
    grant, _ = DelegatedRole.objects.get_or_create(
        teacher=teacher, role=role, defaults={"school_id": user.school_id, "granted_by": user}
    )
    audit.record(
        user,
        "collaboration.delegate",
        school=user.school_id,
        targets=[teacher],
        summary=f"made {teacher.name} {grant.get_role_display().lower()}",
    )
    return grant


def today() -> date:
    return timezone.localdate()
