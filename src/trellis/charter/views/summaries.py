"""The class summary, its projector view and the teacher's edits to its items."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from .. import actions, queries
from ._common import _kickoff_or_404, _managed_action

# Class summary --------------------------------------------------------------------------------


@login_required
def summary(request, class_id: int):
    classroom = queries.get_managed_class_for(request.user, class_id)
    kickoff = queries.kickoff_for(classroom)
    if kickoff is None:
        # The charter's menu links here for every class; before a kickoff there is no summary
        # yet: say so where one starts (as the team boards do), not "page not found".
        messages.warning(
            request,
            gettext("The class summary fills from the teams' boards: start the kickoff first."),
        )
        return redirect("charter:kickoff", classroom.pk)
    return render(
        request,
        "charter/summary.html",
        {"classroom": classroom, "sections": queries.summary(kickoff), "kickoff": kickoff},
    )


@login_required
def project(request, class_id: int):
    classroom = queries.get_managed_class_for(request.user, class_id)
    kickoff = _kickoff_or_404(classroom)
    return render(
        request,
        "charter/project.html",
        {"classroom": classroom, "sections": queries.summary(kickoff)},
    )


@login_required
def project_live(request, class_id: int):
    classroom = queries.get_managed_class_for(request.user, class_id)
    kickoff = _kickoff_or_404(classroom)
    return render(
        request,
        "charter/_project_live.html",
        {"classroom": classroom, "sections": queries.summary(kickoff)},
    )


def _summary_action(request, class_id: int, do, success: str, anchor: str = "summary"):
    return _managed_action(request, class_id, do, success, "charter:summary", anchor)


@login_required
@require_POST
def item_reword(request, class_id: int, item_id: int):
    return _summary_action(
        request,
        class_id,
        lambda: actions.reword_item(request.user, item_id, request.POST.get("text")),
        "Wording saved.",
        anchor=f"idea-{item_id}",
    )


@login_required
@require_POST
def item_move(request, class_id: int, item_id: int):
    direction = request.POST.get("direction")
    return _summary_action(
        request,
        class_id,
        lambda: actions.move_item(request.user, item_id, direction),
        gettext("Idea moved down.") if direction == "down" else gettext("Idea moved up."),
        anchor=f"idea-{item_id}",
    )


@login_required
@require_POST
def item_merge(request, class_id: int, item_id: int):
    return _summary_action(
        request,
        class_id,
        lambda: actions.merge_items(request.user, item_id, request.POST.get("other")),
        "Ideas merged.",
        anchor=f"idea-{item_id}",
    )


@login_required
@require_POST
def contribution_split(request, class_id: int, contribution_id: int):
    return _summary_action(
        request,
        class_id,
        lambda: actions.split_contribution(request.user, contribution_id),
        "Contribution split into an idea of its own.",
    )
