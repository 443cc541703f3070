"""Inquiry cycles, the practice library and the school focus."""

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from trellis.accounts.models import User
from trellis.checkins import queries as checkin_queries
from trellis.common.errors import UserError
from trellis.curriculum.models import LearningTarget
from trellis.rosters import queries as roster_queries

from .. import permissions as perms
from ..models import NAME_MAX, Inquiry, MeasureKind, Outcome, Practice, SchoolFocus, TeacherTeam
from ..queries.inquiry import inquiry_page
from ..queries.teams import team_teacher_ids
from ._common import member_team, require_teacher, text


def _date(value, field: str, what: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value or "").strip())
    except ValueError:
        raise UserError(
            gettext("%(what)s is not a date. Write it as YYYY-MM-DD.") % {"what": what}, field=field
        ) from None


@transaction.atomic
def create_practice(
    user: User, *, title: str, description: str, citation="", subject="", targets_text=""
) -> Practice:
    if not (perms.is_teacher(user) or perms.is_leader(user)):
        raise UserError(gettext("Only teachers and leaders add practices."), status=403)
    return Practice.objects.create(
        school_id=user.school_id,
        title=text(title, field="title", what=gettext("The practice's name"), limit=NAME_MAX),
        description=text(description, field="description", what=gettext("The description")),
        citation=text(
            citation, field="citation", what=gettext("The citation"), limit=500, required=False
        ),
        subject=text(
            subject, field="subject", what=gettext("The subject"), limit=NAME_MAX, required=False
        ),
        targets_text=text(
            targets_text, field="targets_text", what=gettext("The targets"), required=False
        ),
        created_by=user,
    )


@transaction.atomic
def set_focus(user: User, *, title: str, description: str = "") -> SchoolFocus:
    """A leader names one of the school's few goals; teams link their inquiries to it."""
    if not perms.is_leader(user):
        raise UserError(gettext("Only the school's leaders set its focus."), status=403)
    return SchoolFocus.objects.create(
        school_id=user.school_id,
        title=text(title, field="title", what=gettext("The focus"), limit=NAME_MAX),
        description=text(
            description, field="description", what=gettext("The description"), required=False
        ),
        created_by=user,
    )


@transaction.atomic
def open_inquiry(
    user: User,
    team: TeacherTeam,
    *,
    question: str,
    starts_on,
    ends_on,
    measure_id=None,
    measure_kind: str = MeasureKind.CHECKIN,
    practice_id=None,
    action: str = "",
    target_ids=(),
    focus_id=None,
) -> Inquiry:
    """A team asks a question about its students' learning and says what it will try."""
    require_teacher(user)
    member_team(user, team)
    question = text(question, field="question", what=gettext("The question"), limit=300)
    starts, ends = _date(starts_on, "starts_on", "The start"), _date(ends_on, "ends_on", "The end")
    if ends < starts:
        raise UserError(
            gettext("The period ends before it starts. Check the two dates."), field="ends_on"
        )
    if measure_kind not in MeasureKind.values:
        raise UserError(
            gettext(
                "Choose what to measure: a common check-in, phase moves, revisions or class pulses."
            ),
            field="measure_kind",
        )
    measure = None
    if measure_kind == MeasureKind.CHECKIN and measure_id:
        measure = checkin_queries.get_checkin_for(user, measure_id)
    practice = None
    if practice_id:
        practice = Practice.objects.filter(pk=practice_id, school_id=user.school_id).first()
        if practice is None:
            raise UserError(
                gettext("Choose a practice from the school's library."), field="practice"
            )
    action = text(action, field="action", what=gettext("What you will try"), required=False)
    if practice is None and not action:
        raise UserError(
            gettext("Say what the team will try: choose a practice or describe a new one."),
            field="action",
        )
    focus = None
    if focus_id:
        focus = SchoolFocus.objects.filter(pk=focus_id, school_id=user.school_id).first()
        if focus is None:
            raise UserError(gettext("Choose one of the school's focus goals."), field="focus")
    inquiry = Inquiry.objects.create(
        team=team,
        question=question,
        measure=measure,
        measure_kind=measure_kind,
        practice=practice,
        action=action,
        focus=focus,
        starts_on=starts,
        ends_on=ends,
        created_by=user,
    )
    if target_ids:
        targets = LearningTarget.objects.filter(
            pk__in=[int(t) for t in target_ids if str(t).isdigit()],
            classroom__in=roster_queries.classes_taught_by(team_teacher_ids(team)),
        )
        inquiry.targets.set(targets)
    return inquiry


@transaction.atomic
def finish_inquiry(user: User, inquiry: Inquiry, *, outcome: str, conclusion: str) -> Inquiry:
    """The team says what it concluded (including "it did not work"); the inquiry then counts
    as evidence for its practice in the library."""
    require_teacher(user)
    inquiry = Inquiry.objects.select_for_update().get(pk=inquiry.pk)
    member_team(user, inquiry.team)
    if inquiry.is_finished:
        raise UserError(gettext("This inquiry is already finished."), status=409)
    if outcome not in Outcome.values:
        raise UserError(
            gettext(
                "Choose what the team concluded: it worked, no clear effect, or it did not work."
            ),
            field="outcome",
        )
    inquiry.outcome = outcome
    inquiry.conclusion = text(conclusion, field="conclusion", what=gettext("The conclusion"))
    inquiry.finished_at = timezone.now()
    page = inquiry_page(user, inquiry)
    if page.before is not None:
        inquiry.result = {
            "kind": inquiry.measure_kind,
            "before": page.before.as_result(),
            "after": page.after.as_result(),
        }
    inquiry.save(update_fields=["outcome", "conclusion", "finished_at", "result", "updated_at"])
    return inquiry
