"""Pooled results of a common task and a common rubric, sharing and copying the rubric, and
networks of schools."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from trellis.common.views import act_and_redirect

from .. import actions, queries
from .. import permissions as perms
from ..forms import JoinNetworkForm, NetworkForm
from ._common import require_staff, require_teacher, submit


@login_required
def pooled_task(request, team_id: int, task_id: int):
    """How many students stand in each phase of a common task, per class and for the team."""
    require_teacher(request.user)
    t = queries.get_member_team_for(request.user, team_id)
    task = queries.get_common_task_for(request.user, t, task_id)
    return render(
        request,
        "collaboration/pooled_task.html",
        {"team": t, "r": queries.pooled_phases(t, task)},
    )


@login_required
@require_POST
def share_rubric(request, team_id: int):
    require_teacher(request.user)
    t = queries.get_member_team_for(request.user, team_id)
    return act_and_redirect(
        request,
        lambda: actions.share_rubric(request.user, t, request.POST.get("rubric")) and None,
        reverse("collaboration:team", args=[t.pk]) + "#rubrics",
        success=gettext("Shared with the team as a common rubric."),
    )


@login_required
def pooled_rubric(request, team_id: int, team_rubric_id: int):
    """A common rubric's levels per criterion, per class and for the team."""
    require_teacher(request.user)
    t = queries.get_member_team_for(request.user, team_id)
    shared = queries.get_team_rubric_for(t, team_rubric_id)
    return render(
        request,
        "collaboration/pooled_rubric.html",
        {"team": t, "r": queries.pooled_rubric(t, shared)},
    )


@login_required
@require_POST
def copy_rubric(request, team_id: int, team_rubric_id: int):
    """Copy the rubric alone (no task) into one of the member's classes."""
    require_teacher(request.user)
    t = queries.get_member_team_for(request.user, team_id)
    return act_and_redirect(
        request,
        lambda: (
            actions.copy_team_rubric(request.user, t, team_rubric_id, request.POST.get("classroom"))
            and None
        ),
        reverse("collaboration:team", args=[t.pk]) + "#rubrics",
        success=gettext("Copied into your class as a draft rubric, credited to its author."),
    )


# ---------------------------------------------------------------- networks of schools


def _networks_context(user, *, create_form=None, join_form=None):
    return {
        "rows": queries.networks_page(user),
        "is_leader": perms.is_leader(user),
        "create_form": create_form or NetworkForm(),
        "join_form": join_form or JoinNetworkForm(),
    }


@login_required
def networks(request):
    """The networks of the user's school; a leader creates one here."""
    require_staff(request.user)
    if request.method == "POST":
        form = NetworkForm(request.POST)

        def do(data):
            network = actions.create_network(request.user, name=data["name"])
            return reverse("collaboration:network", args=[network.pk])

        return submit(
            request,
            form,
            do,
            template="collaboration/networks.html",
            context=lambda: _networks_context(request.user, create_form=form),
        )
    return render(request, "collaboration/networks.html", _networks_context(request.user))


@login_required
@require_POST
def network_join(request):
    require_staff(request.user)
    form = JoinNetworkForm(request.POST)

    def do(data):
        network = actions.join_network(request.user, code=data["code"])
        return reverse("collaboration:network", args=[network.pk])

    return submit(
        request,
        form,
        do,
        template="collaboration/networks.html",
        context=lambda: _networks_context(request.user, join_form=form),
    )


@login_required
def network(request, network_id: int):
    require_staff(request.user)
    n = queries.get_network_for(request.user, network_id)
    q = request.GET.get("q", "")
    return render(
        request,
        "collaboration/network.html",
        {
            "page": queries.network_page(request.user, n, q),
            "q": q[:100],
            "is_leader": perms.is_leader(request.user),
        },
    )


@login_required
@require_POST
def network_leave(request, network_id: int):
    require_staff(request.user)
    n = queries.get_network_for(request.user, network_id)
    return act_and_redirect(
        request,
        lambda: actions.leave_network(request.user, n),
        reverse("collaboration:networks"),
        success=gettext("Your school left %(name)s.") % {"name": n.name},
    )


@login_required
@require_POST
def network_adopt(request, network_id: int, practice_id: int):
    require_staff(request.user)
    n = queries.get_network_for(request.user, network_id)
    return act_and_redirect(
        request,
        lambda: actions.adopt_practice(request.user, n, practice_id) and None,
        reverse("collaboration:network", args=[n.pk]),
        success=gettext(
            "Added to your school's practice library, credited to the school it came from."
        ),
    )
