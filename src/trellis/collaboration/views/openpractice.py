"""Observations (invite, notes, reply and share), reviewing decisions, the staff pulse."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from trellis.common.errors import NotFound
from trellis.common.views import act_and_redirect

from .. import actions, queries
from .. import permissions as perms
from ..forms import InviteForm, NotesForm, ReplyForm, ReviewForm, TrustPulseForm
from ._common import require_staff, require_teacher, submit


@login_required
def observations(request):
    require_teacher(request.user)
    page = queries.observations_page(request.user)
    form = InviteForm(request.POST or None, colleagues=page.colleagues, teams=page.teams)
    context = {"page": page}
    if request.method == "POST":

        def do(data):
            obs = actions.invite_observer(
                request.user,
                observer_id=data["observer"],
                focus=data["focus"],
                lesson_on=data["lesson_on"],
                team_id=data["team"] or None,
            )
            return reverse("collaboration:observation", args=[obs.pk])

        return submit(
            request, form, do, template="collaboration/observations.html", context=context
        )
    return render(request, "collaboration/observations.html", {**context, "form": form})


@login_required
def observation(request, observation_id: int):
    """The observer writes the notes here; the observed teacher reads, replies and shares."""
    require_teacher(request.user)
    obs = queries.get_observation_for(request.user, observation_id)
    notes = NotesForm(
        request.POST or None,
        initial={"saw": obs.saw, "students_did": obs.students_did, "wondered": obs.wondered},
    )
    reply = ReplyForm(initial={"reply": obs.reply, "share": obs.shared_with_team})
    context = {"obs": obs, "reply_form": reply}
    if request.method == "POST":
        if obs.observer_id != request.user.pk:
            raise NotFound("observation")

        def do(data):
            actions.record_notes(request.user, obs.pk, **data)
            return reverse("collaboration:observation", args=[obs.pk])

        return submit(
            request, notes, do, template="collaboration/observation.html", context=context
        )
    return render(request, "collaboration/observation.html", {**context, "form": notes})


@login_required
@require_POST
def observation_reply(request, observation_id: int):
    require_teacher(request.user)
    obs = queries.get_observation_for(request.user, observation_id)
    return act_and_redirect(
        request,
        lambda: (
            actions.reply_and_share(
                request.user,
                obs.pk,
                reply=request.POST.get("reply", ""),
                share=bool(request.POST.get("share")),
            )
            and None
        ),
        reverse("collaboration:observation", args=[obs.pk]),
        success=gettext("Saved. You decide who reads these notes."),
    )


@login_required
@require_POST
def decision_review(request, decision_id: int):
    require_teacher(request.user)
    d = queries.get_decision_for(request.user, decision_id)
    form = ReviewForm(request.POST)
    to = reverse("collaboration:team", args=[d.team_id]) + "#decisions"

    def do():
        if not form.is_valid():
            return "Choose whether it worked and say what you saw."
        actions.review_decision(
            request.user, d, outcome=form.cleaned_data["outcome"], note=form.cleaned_data["note"]
        )
        return "Review recorded."

    return act_and_redirect(request, do, to)


@login_required
def trust(request):
    """Teachers answer the open staff pulse; leaders open pulses and read the trend."""
    require_staff(request.user)
    results = queries.trust_page(request.user)
    form = TrustPulseForm(request.POST or None)
    context = {
        "results": results,
        "statements": actions.TRUST_STATEMENTS,
        "is_leader": perms.is_leader(request.user),
        "scale": range(1, 6),
    }
    if request.method == "POST":

        def do(data):
            actions.open_trust_pulse(request.user, **data)
            return reverse("collaboration:trust")

        return submit(request, form, do, template="collaboration/trust.html", context=context)
    return render(request, "collaboration/trust.html", {**context, "form": form})


@login_required
@require_POST
def trust_answer(request, pulse_id: int):
    require_teacher(request.user)
    pulse = queries.get_trust_pulse_for(request.user, pulse_id)
    ratings = [request.POST.get(f"s{i}") for i in range(len(pulse.statements))]
    return act_and_redirect(
        request,
        lambda: actions.answer_trust_pulse(request.user, pulse, ratings),
        reverse("collaboration:trust"),
        success=gettext("Thank you. Your answer is anonymous: nothing links it to you."),
    )
