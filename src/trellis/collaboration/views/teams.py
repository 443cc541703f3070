"""Teams: the list, one team's page (shared space, inquiries, rounds, decisions), members,
the rotating facilitator, copying what a teammate shared, and pooled results."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from trellis.checkins import queries as checkin_queries
from trellis.common.views import act_and_redirect

from .. import actions, queries
from ..forms import DecisionForm, MemberForm, TeamForm
from ._common import require_staff, require_teacher, submit


@login_required
def index(request):
    require_staff(request.user)
    page = queries.teams_page(request.user)
    form = TeamForm(request.POST or None, teachers=page.teachers)
    context = {"page": page}
    if request.method == "POST":

        def do(data):
            team = actions.create_team(
                request.user, name=data["name"], kind=data["kind"], member_ids=data["members"]
            )
            return reverse("collaboration:team", args=[team.pk])

        return submit(request, form, do, template="collaboration/teams.html", context=context)
    return render(request, "collaboration/teams.html", {**context, "form": form})


@login_required
def team(request, team_id: int):
    require_staff(request.user)
    t = queries.get_team_for(request.user, team_id)
    page = queries.team_page(request.user, t)
    return render(
        request,
        "collaboration/team.html",
        {
            "page": page,
            "member_form": MemberForm(teachers=page.teachers),
            "decision_form": DecisionForm(members=page.members),
        },
    )


@login_required
@require_POST
def add_member(request, team_id: int):
    t = queries.get_team_for(request.user, team_id)
    to = reverse("collaboration:team", args=[t.pk])
    return act_and_redirect(
        request,
        lambda: actions.add_member(request.user, t, request.POST.get("teacher")) and None,
        to,
        success=gettext("Teacher added to the team."),
    )


@login_required
@require_POST
def remove_member(request, team_id: int, teacher_id: int):
    t = queries.get_team_for(request.user, team_id)
    to = reverse("collaboration:team", args=[t.pk])
    return act_and_redirect(
        request,
        lambda: actions.remove_member(request.user, t, teacher_id),
        to,
        success=gettext("Teacher removed from the team."),
    )


@login_required
@require_POST
def rotate(request, team_id: int):
    t = queries.get_team_for(request.user, team_id)

    def do():
        who = actions.rotate_facilitator(request.user, t)
        return f"{who.name} now facilitates the team." if who else None

    return act_and_redirect(request, do, reverse("collaboration:team", args=[t.pk]))


@login_required
@require_POST
def copy_checkin(request, team_id: int, checkin_id: int):
    require_teacher(request.user)
    t = queries.get_member_team_for(request.user, team_id)
    return act_and_redirect(
        request,
        lambda: actions.copy_checkin(request.user, checkin_id) and None,
        reverse("collaboration:team", args=[t.pk]),
        success=gettext("Copied into your check-ins, credited to its author."),
    )


@login_required
@require_POST
def copy_task(request, team_id: int, task_id: int):
    require_teacher(request.user)
    t = queries.get_member_team_for(request.user, team_id)
    return act_and_redirect(
        request,
        lambda: actions.copy_task(request.user, task_id, request.POST.get("classroom")) and None,
        reverse("collaboration:team", args=[t.pk]),
        success=gettext("Copied into your class, credited to its author."),
    )


@login_required
def pooled(request, team_id: int, checkin_id: int):
    """A common check-in's results across the team's classes, small figures hidden."""
    require_teacher(request.user)
    t = queries.get_member_team_for(request.user, team_id)
    checkin = checkin_queries.get_checkin_for(request.user, checkin_id)
    results = queries.pooled_results(t, checkin)
    return render(request, "collaboration/pooled.html", {"team": t, "r": results})


@login_required
@require_POST
def decision_new(request, team_id: int):
    require_teacher(request.user)
    t = queries.get_member_team_for(request.user, team_id)
    form = DecisionForm(request.POST, members=list(t.members.select_related("teacher")))

    def do(data):
        actions.log_decision(
            request.user,
            t,
            proposal=data["proposal"],
            decision=data["decision"],
            review_on=data["review_on"],
            evidence=data["evidence"],
            options=data["options"],
            participant_ids=data["participants"],
        )
        return reverse("collaboration:team", args=[t.pk]) + "#decisions"

    def context():
        page = queries.team_page(request.user, t)
        return {
            "page": page,
            "member_form": MemberForm(teachers=page.teachers),
            "decision_form": form,
        }

    return submit(request, form, do, template="collaboration/team.html", context=context)
