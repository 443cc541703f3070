"""Starting a kickoff, its prompts, the boards overview and nudging a team."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.text import format_lazy
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.http import require_POST

from trellis.common.errors import UserError
from trellis.common.views import attach_error

from .. import actions, queries
from ..models import NUDGE_MAX, PROMPT_MAX
from ..permissions import can_manage_charter
from ._common import _kickoff_or_404, _managed_action


class NudgeForm(forms.Form):
    team = forms.TypedChoiceField(label=gettext_lazy("Team"), coerce=int)
    message = forms.CharField(
        label=gettext_lazy("Nudge"),
        required=False,
        help_text=format_lazy(
            gettext_lazy("Shown at the top of the team's board. Up to {NUDGE_MAX} characters."),
            NUDGE_MAX=NUDGE_MAX,
        ),
    )

    def __init__(self, *args, teams=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].choices = [(t.pk, t.name) for t in teams]


class PromptForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("New prompt"),
        required=False,
        help_text=format_lazy(
            gettext_lazy("A question teams talk about. Up to {PROMPT_MAX} characters."),
            PROMPT_MAX=PROMPT_MAX,
        ),
        widget=forms.Textarea(attrs={"rows": 2}),
    )


# Kickoff and boards ---------------------------------------------------------------------------


@login_required
def kickoff(request, class_id: int):
    classroom = queries.get_class_for(request.user, class_id)
    kickoff = queries.kickoff_for(classroom)
    if not can_manage_charter(request.user, classroom):
        team = queries.my_team(classroom, request.user)
        if kickoff and team:
            return redirect("charter:board", classroom.pk, team.pk)
        return render(
            request,
            "charter/kickoff_student.html",
            {"classroom": classroom, "kickoff": kickoff, "team": team},
        )
    return render(
        request,
        "charter/kickoff.html",
        {"classroom": classroom, "kickoff": kickoff, "prompt_form": PromptForm()},
    )


@login_required
@require_POST
def kickoff_start(request, class_id: int):
    classroom = queries.get_managed_class_for(request.user, class_id)
    try:
        actions.start_kickoff(request.user, classroom)
    except actions.KickoffExists as e:
        messages.warning(request, e.message)
    else:
        messages.success(
            request,
            gettext(
                "Kickoff started with Trellis's suggested prompts. Edit them, then open the boards."
            ),
        )
    return redirect("charter:kickoff", classroom.pk)


@login_required
@require_POST
def prompt_add(request, class_id: int):
    classroom = queries.get_managed_class_for(request.user, class_id)
    form = PromptForm(request.POST)
    form.is_valid()
    try:
        actions.add_prompt(request.user, classroom, form.cleaned_data.get("text"))
    except UserError as e:
        attach_error(form, e)
        return render(
            request,
            "charter/kickoff.html",
            {
                "classroom": classroom,
                "kickoff": queries.kickoff_for(classroom),
                "prompt_form": form,
            },
            status=400,
        )
    messages.success(request, gettext("Prompt added at the end."))
    return redirect("charter:kickoff", classroom.pk)


def _prompt_action(request, class_id: int, do, success: str, anchor: str = "prompts"):
    return _managed_action(request, class_id, do, success, "charter:kickoff", anchor)


@login_required
@require_POST
def prompt_edit(request, class_id: int, prompt_id: int):
    return _prompt_action(
        request,
        class_id,
        lambda: actions.edit_prompt(request.user, prompt_id, request.POST.get("text")),
        "Prompt saved.",
    )


@login_required
@require_POST
def prompt_move(request, class_id: int, prompt_id: int):
    direction = request.POST.get("direction")
    return _prompt_action(
        request,
        class_id,
        lambda: actions.move_prompt(request.user, prompt_id, direction),
        gettext("Prompt moved down.") if direction == "down" else gettext("Prompt moved up."),
        anchor=f"prompt-{prompt_id}",
    )


@login_required
@require_POST
def prompt_remove(request, class_id: int, prompt_id: int):
    return _prompt_action(
        request,
        class_id,
        lambda: actions.remove_prompt(request.user, prompt_id),
        "Prompt removed.",
    )


@login_required
def boards(request, class_id: int):
    classroom = queries.get_managed_class_for(request.user, class_id)
    kickoff = queries.kickoff_for(classroom)
    if kickoff is None:
        messages.warning(request, gettext("Start the kickoff first; the team boards open with it."))
        return redirect("charter:kickoff", classroom.pk)
    overview = queries.boards_overview(classroom, kickoff)
    return render(
        request,
        "charter/boards.html",
        {
            "classroom": classroom,
            "overview": overview,
            "nudge_form": NudgeForm(teams=[b.team for b in overview.boards]),
        },
    )


@login_required
def boards_live(request, class_id: int):
    classroom = queries.get_managed_class_for(request.user, class_id)
    overview = queries.boards_overview(classroom, _kickoff_or_404(classroom))
    return render(
        request, "charter/_boards_live.html", {"classroom": classroom, "overview": overview}
    )


@login_required
@require_POST
def nudge(request, class_id: int):
    classroom = queries.get_managed_class_for(request.user, class_id)
    kickoff = _kickoff_or_404(classroom)
    overview = queries.boards_overview(classroom, kickoff)
    form = NudgeForm(request.POST, teams=[b.team for b in overview.boards])
    if form.is_valid():
        try:
            n = actions.nudge_team(
                request.user, classroom, form.cleaned_data["team"], form.cleaned_data["message"]
            )
        except UserError as e:
            attach_error(form, e)
        else:
            messages.success(request, gettext("Nudge sent to %(name)s.") % {"name": n.team.name})
            return redirect("charter:boards", classroom.pk)
    return render(
        request,
        "charter/boards.html",
        {"classroom": classroom, "overview": overview, "nudge_form": form},
        status=400,
    )
