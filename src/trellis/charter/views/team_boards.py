"""A team's board: the page, its live partial, entries and contributions to the summary."""

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
from ..models import Section
from ..permissions import can_manage_charter
from ._common import LIMIT_HELP


class EntryForm(forms.Form):
    prompt = forms.TypedChoiceField(label=gettext_lazy("Prompt"), coerce=int)
    text = forms.CharField(
        label=gettext_lazy("Your response"),
        required=False,
        help_text=format_lazy(
            gettext_lazy("Everyone in your team sees it. {LIMIT_HELP}"), LIMIT_HELP=LIMIT_HELP
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, prompts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["prompt"].choices = [(p.pk, p.text) for p in prompts]


class ContributionForm(forms.Form):
    section = forms.ChoiceField(label=gettext_lazy("Question"), choices=Section.choices)
    text = forms.CharField(
        label=gettext_lazy("Your team's contribution"),
        required=False,
        help_text=format_lazy(
            gettext_lazy("It goes to the class summary with your team's name. {LIMIT_HELP}"),
            LIMIT_HELP=LIMIT_HELP,
        ),
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, **kwargs):
        # It shares its page with the board's entry form: its own ids keep labels unique.
        kwargs.setdefault("auto_id", "send_%s")
        super().__init__(*args, **kwargs)


def _board_context(request, classroom, board, **extra):
    kickoff = queries.kickoff_for(classroom)
    return {
        "classroom": classroom,
        "board": board,
        "manage": can_manage_charter(request.user, classroom),
        "entry_form": EntryForm(prompts=kickoff.prompts.all()),
        "contribution_form": ContributionForm(),
        **extra,
    }


@login_required
def board(request, class_id: int, team_id: int):
    classroom = queries.get_class_for(request.user, class_id)
    b = queries.get_board_for(request.user, classroom, team_id)
    return render(request, "charter/board.html", _board_context(request, classroom, b))


@login_required
def board_live(request, class_id: int, team_id: int):
    classroom = queries.get_class_for(request.user, class_id)
    b = queries.get_board_for(request.user, classroom, team_id)
    return render(request, "charter/_board_live.html", {"classroom": classroom, "board": b})


@login_required
@require_POST
def board_entry(request, class_id: int, team_id: int):
    classroom = queries.get_class_for(request.user, class_id)
    b = queries.get_board_for(request.user, classroom, team_id)
    form = EntryForm(request.POST, prompts=[c.prompt for c in b.columns])
    form.is_valid()
    try:
        actions.add_board_entry(
            request.user, team_id, request.POST.get("prompt"), form.cleaned_data.get("text")
        )
    except UserError as e:
        attach_error(form, e)
        return render(
            request,
            "charter/board.html",
            _board_context(request, classroom, b, entry_form=form),
            status=400,
        )
    messages.success(request, gettext("Added to your team's board."))
    return redirect("charter:board", classroom.pk, team_id)


@login_required
@require_POST
def contribute(request, class_id: int, team_id: int):
    classroom = queries.get_class_for(request.user, class_id)
    b = queries.get_board_for(request.user, classroom, team_id)
    form = ContributionForm(request.POST)
    form.is_valid()
    try:
        c = actions.send_contribution(
            request.user, team_id, request.POST.get("section"), form.cleaned_data.get("text")
        )
    except UserError as e:
        attach_error(form, e)
        return render(
            request,
            "charter/board.html",
            _board_context(request, classroom, b, contribution_form=form),
            status=400,
        )
    messages.success(
        request,
        gettext("Sent to the class summary under “%(get_section_display)s”.")
        % {"get_section_display": c.get_section_display()},
    )
    return redirect("charter:board", classroom.pk, team_id)
