"""Charter pages: kickoff, team boards, class summary, the charter, pulses and indicators."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from trellis.common.errors import NotFound, UserError
from trellis.common.views import attach_error, flash_error

from . import actions, charts, queries
from .models import NUDGE_MAX, PROMPT_MAX, TEXT_MAX, Section
from .permissions import can_manage_charter

LIMIT_HELP = f"Up to {TEXT_MAX} characters."


class EntryForm(forms.Form):
    prompt = forms.TypedChoiceField(label="Prompt", coerce=int)
    text = forms.CharField(
        label="Your response",
        required=False,
        help_text=f"Everyone in your team sees it. {LIMIT_HELP}",
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, prompts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["prompt"].choices = [(p.pk, p.text) for p in prompts]


class ContributionForm(forms.Form):
    section = forms.ChoiceField(label="Question", choices=Section.choices)
    text = forms.CharField(
        label="Your team's contribution",
        required=False,
        help_text=f"It goes to the class summary with your team's name. {LIMIT_HELP}",
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, **kwargs):
        # It shares its page with the board's entry form: its own ids keep labels unique.
        kwargs.setdefault("auto_id", "send_%s")
        super().__init__(*args, **kwargs)


class NudgeForm(forms.Form):
    team = forms.TypedChoiceField(label="Team", coerce=int)
    message = forms.CharField(
        label="Nudge",
        required=False,
        help_text=f"Shown at the top of the team's board. Up to {NUDGE_MAX} characters.",
    )

    def __init__(self, *args, teams=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].choices = [(t.pk, t.name) for t in teams]


class PromptForm(forms.Form):
    text = forms.CharField(
        label="New prompt",
        required=False,
        help_text=f"A question teams talk about. Up to {PROMPT_MAX} characters.",
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ItemForm(forms.Form):
    section = forms.ChoiceField(label="Where", choices=Section.choices)
    text = forms.CharField(
        label="Item", required=False, help_text=LIMIT_HELP, widget=forms.Textarea(attrs={"rows": 2})
    )


class PublishForm(forms.Form):
    note = forms.CharField(
        label="What changed and why",
        required=False,
        help_text="Needed for a revision; shown with the new version. Up to 300 characters.",
    )


class EndorseForm(forms.Form):
    would_change = forms.CharField(
        label="What would you change? (optional)",
        required=False,
        help_text=f"Only your teacher reads this. {LIMIT_HELP}",
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ScheduleForm(forms.Form):
    opens_on = forms.DateField(
        label="Opens on",
        required=False,
        help_text="The pulse stays open for a week from this date.",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    anonymous = forms.BooleanField(
        label="Anonymous: I see answers without names",
        required=False,
        initial=True,
    )


class PulseAnswerForm(forms.Form):
    doing_well = forms.CharField(
        label="What are we doing well?",
        required=False,
        help_text=LIMIT_HELP,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    do_better = forms.CharField(
        label="What should we do better?",
        required=False,
        help_text=LIMIT_HELP,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.rating_names = []
        for item in items:
            name = f"item_{item.pk}"
            self.fields[name] = forms.TypedChoiceField(
                label=item.text,
                choices=[(i, str(i)) for i in range(1, 6)],
                coerce=int,
                required=False,
                widget=forms.RadioSelect,
            )
            self.rating_names.append(name)

    def ratings(self):
        return {int(n.removeprefix("item_")): self.cleaned_data.get(n) for n in self.rating_names}

    def rating_fields(self):
        return [self[n] for n in self.rating_names]


# The charter page ---------------------------------------------------------------------------


@login_required
def home(request, class_id: int):
    classroom = queries.get_class_for(request.user, class_id)
    manage = can_manage_charter(request.user, classroom)
    page = queries.charter_page(request.user, classroom, manage=manage)
    context = {
        "classroom": classroom,
        "page": page,
        "manage": manage,
        "panel": queries.culture_panel_for(request.user, classroom),
        "endorse_form": EndorseForm(
            initial={"would_change": page.my_endorsement.would_change}
            if page.my_endorsement
            else None
        ),
        "item_form": ItemForm(),
        "publish_form": PublishForm(),
        "team": None if manage else queries.my_team(classroom, request.user),
        "sections": Section,
    }
    return render(request, "charter/home.html", context)


def _home_with(request, classroom, status=400, **forms_):
    manage = can_manage_charter(request.user, classroom)
    page = queries.charter_page(request.user, classroom, manage=manage)
    context = {
        "classroom": classroom,
        "page": page,
        "manage": manage,
        "panel": queries.culture_panel_for(request.user, classroom),
        "endorse_form": EndorseForm(),
        "item_form": ItemForm(),
        "publish_form": PublishForm(),
        "team": None if manage else queries.my_team(classroom, request.user),
        "sections": Section,
        **forms_,
    }
    return render(request, "charter/home.html", context, status=status)


@login_required
def item(request, class_id: int, key: str):
    """The stable address of one charter item: the charter page at its anchor."""
    classroom = queries.get_class_for(request.user, class_id)
    if not any(
        ref.key == key for ref in queries.commitments_for_class(classroom, include_all=True)
    ):
        raise NotFound("charter item")
    return redirect(reverse("charter:home", args=[classroom.pk]) + f"#item-{key}")


@login_required
def version(request, class_id: int, number: int):
    classroom = queries.get_class_for(request.user, class_id)
    view, changes = queries.get_version_for(request.user, classroom, number)
    return render(
        request,
        "charter/version.html",
        {"classroom": classroom, "view": view, "changes": changes},
    )


@login_required
def print_view(request, class_id: int):
    classroom = queries.get_class_for(request.user, class_id)
    view = queries.published_version(classroom)
    if view is None:
        raise NotFound("published charter")
    paper = "letter" if request.GET.get("paper") == "letter" else "a4"
    # Long charters get smaller type so the poster always fits one page.
    chars = sum(len(i.text) + 60 for i in view.items)
    scale = max(0.55, min(1.0, 2600 / max(chars, 1)))
    return render(
        request,
        "charter/print.html",
        {"classroom": classroom, "view": view, "paper": paper, "scale": f"{scale:.2f}"},
    )


@login_required
@require_POST
def endorse(request, class_id: int):
    classroom = queries.get_class_for(request.user, class_id)
    form = EndorseForm(request.POST)
    form.is_valid()
    try:
        actions.endorse_charter(request.user, classroom, form.cleaned_data.get("would_change", ""))
    except UserError as e:
        attach_error(form, e)
        return _home_with(request, classroom, endorse_form=form)
    messages.success(request, "Thank you: you endorsed the class charter.")
    return redirect("charter:home", classroom.pk)


@login_required
@require_POST
def draft_from_summary(request, class_id: int):
    classroom = queries.get_managed_class_for(request.user, class_id)
    try:
        actions.draft_charter_from_summary(request.user, classroom)
    except UserError as e:
        flash_error(request, e)
        return redirect("charter:summary", classroom.pk)
    messages.success(request, "Draft charter made from the summary. Check it, then publish.")
    return redirect("charter:home", classroom.pk)


@login_required
@require_POST
def draft_item_add(request, class_id: int):
    classroom = queries.get_managed_class_for(request.user, class_id)
    form = ItemForm(request.POST)
    form.is_valid()
    try:
        actions.add_charter_item(
            request.user,
            classroom,
            request.POST.get("section"),
            form.cleaned_data.get("text", ""),
        )
    except UserError as e:
        attach_error(form, e)
        return _home_with(request, classroom, item_form=form)
    messages.success(request, "Item added to the draft.")
    return redirect("charter:home", classroom.pk)


def _draft_action(request, class_id: int, do, success: str, anchor: str = "draft"):
    classroom = queries.get_managed_class_for(request.user, class_id)
    try:
        do(classroom)
    except UserError as e:
        flash_error(request, e)
    else:
        messages.success(request, success)
    return redirect(reverse("charter:home", args=[classroom.pk]) + f"#{anchor}")


@login_required
@require_POST
def draft_item_edit(request, class_id: int, item_id: int):
    return _draft_action(
        request,
        class_id,
        lambda c: actions.edit_charter_item(request.user, c, item_id, request.POST.get("text")),
        "Item reworded.",
    )


@login_required
@require_POST
def draft_item_move(request, class_id: int, item_id: int):
    direction = request.POST.get("direction")
    return _draft_action(
        request,
        class_id,
        lambda c: actions.move_charter_item(request.user, c, item_id, direction),
        f"Item moved {direction}.",
        anchor=f"draft-item-{item_id}",
    )


@login_required
@require_POST
def draft_item_remove(request, class_id: int, item_id: int):
    return _draft_action(
        request,
        class_id,
        lambda c: actions.remove_charter_item(request.user, c, item_id),
        "Item removed from the draft.",
    )


@login_required
@require_POST
def publish(request, class_id: int):
    classroom = queries.get_managed_class_for(request.user, class_id)
    form = PublishForm(request.POST)
    form.is_valid()
    try:
        version = actions.publish_charter(request.user, classroom, form.cleaned_data.get("note"))
    except UserError as e:
        attach_error(form, e)
        if e.field == "section":
            flash_error(request, e)
        return _home_with(request, classroom, publish_form=form)
    messages.success(
        request, f"Version {version.number} published. Students can now read and endorse it."
    )
    return redirect("charter:home", classroom.pk)


@login_required
@require_POST
def revise(request, class_id: int):
    return _draft_action(
        request,
        class_id,
        lambda c: actions.start_revision(request.user, c),
        "Revision started: edit the draft below, then publish it as a new version.",
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
            "Kickoff started with Trellis's suggested prompts. Edit them, then open the boards.",
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
    messages.success(request, "Prompt added at the end.")
    return redirect("charter:kickoff", classroom.pk)


def _managed_action(request, class_id: int, do, success: str, route: str, anchor: str):
    """Run one action for a class the user manages; say how it went; back to `route#anchor`."""
    classroom = queries.get_managed_class_for(request.user, class_id)
    try:
        do()
    except UserError as e:
        flash_error(request, e)
    else:
        messages.success(request, success)
    return redirect(reverse(route, args=[classroom.pk]) + f"#{anchor}")


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
        f"Prompt moved {direction}.",
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


def _kickoff_or_404(classroom):
    kickoff = queries.kickoff_for(classroom)
    if kickoff is None:
        raise NotFound("kickoff")
    return kickoff


@login_required
def boards(request, class_id: int):
    classroom = queries.get_managed_class_for(request.user, class_id)
    kickoff = queries.kickoff_for(classroom)
    if kickoff is None:
        messages.warning(request, "Start the kickoff first; the team boards open with it.")
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
            messages.success(request, f"Nudge sent to {n.team.name}.")
            return redirect("charter:boards", classroom.pk)
    return render(
        request,
        "charter/boards.html",
        {"classroom": classroom, "overview": overview, "nudge_form": form},
        status=400,
    )


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
    messages.success(request, "Added to your team's board.")
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
    messages.success(request, f"Sent to the class summary under “{c.get_section_display()}”.")
    return redirect("charter:board", classroom.pk, team_id)


# Class summary --------------------------------------------------------------------------------


@login_required
def summary(request, class_id: int):
    classroom = queries.get_managed_class_for(request.user, class_id)
    kickoff = _kickoff_or_404(classroom)
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
        f"Idea moved {direction}.",
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


# Pulses ---------------------------------------------------------------------------------------


@login_required
def pulses(request, class_id: int):
    classroom = queries.get_class_for(request.user, class_id)
    manage = can_manage_charter(request.user, classroom)
    return render(
        request,
        "charter/pulses.html",
        {
            "classroom": classroom,
            "manage": manage,
            "rows": queries.pulses_page(request.user, classroom, manage=manage),
            "form": ScheduleForm(initial={"anonymous": True}),
            "published": queries.published_version(classroom) is not None,
        },
    )


@login_required
@require_POST
def pulse_schedule(request, class_id: int):
    classroom = queries.get_managed_class_for(request.user, class_id)
    form = ScheduleForm(request.POST)
    form.is_valid()
    open_now = "open_now" in request.POST
    if open_now or "opens_on" not in form.errors:
        opens_on = timezone.localdate() if open_now else form.cleaned_data.get("opens_on")
        try:
            p = actions.schedule_pulse(
                request.user, classroom, opens_on, anonymous=bool(request.POST.get("anonymous"))
            )
        except UserError as e:
            attach_error(form, e)
        else:
            messages.success(
                request,
                "Pulse open now: students can answer it for a week."
                if p.status() == "open"
                else f"Pulse scheduled for {p.opens_on.day} {p.opens_on:%B %Y}.",
            )
            return redirect("charter:pulses", classroom.pk)
    return render(
        request,
        "charter/pulses.html",
        {
            "classroom": classroom,
            "manage": True,
            "rows": queries.pulses_page(request.user, classroom, manage=True),
            "form": form,
            "published": queries.published_version(classroom) is not None,
        },
        status=400,
    )


@login_required
def pulse_answer(request, class_id: int, pulse_id: int):
    classroom = queries.get_class_for(request.user, class_id)
    pulse = queries.get_pulse_for(request.user, classroom, pulse_id)
    if not request.user.is_student:
        return redirect("charter:pulse_results", classroom.pk, pulse.pk)
    items = queries.pulse_commitments(pulse)
    mine = queries.my_pulse_answer(request.user, pulse)
    initial = None
    if mine:
        initial = {"doing_well": mine.doing_well, "do_better": mine.do_better}
        initial.update({f"item_{r.item_id}": r.score for r in mine.ratings.all()})
    form = PulseAnswerForm(request.POST or None, items=items, initial=initial)
    status = 200
    if request.method == "POST":
        form.is_valid()
        try:
            actions.answer_pulse(
                request.user,
                pulse.pk,
                form.ratings(),
                form.cleaned_data.get("doing_well", ""),
                form.cleaned_data.get("do_better", ""),
            )
        except UserError as e:
            attach_error(form, e)
            status = 400
        else:
            messages.success(
                request,
                "Thank you. Your answer is saved"
                + (" (it replaces your earlier one)." if mine else "."),
            )
            return redirect("charter:pulses", classroom.pk)
    return render(
        request,
        "charter/pulse_answer.html",
        {"classroom": classroom, "pulse": pulse, "form": form, "mine": mine},
        status=status,
    )


@login_required
def pulse_results(request, class_id: int, pulse_id: int):
    classroom = queries.get_class_for(request.user, class_id)
    pulse = queries.get_pulse_results_for(request.user, classroom, pulse_id)
    manage = can_manage_charter(request.user, classroom)
    results = queries.pulse_results(pulse, with_names=manage)
    return render(
        request,
        "charter/pulse_results.html",
        {
            "classroom": classroom,
            "results": results,
            "manage": manage,
            "bars": [(r, charts.distribution_bar(r.distribution)) for r in results.commitments],
            "columns": [
                ("What are we doing well?", results.doing_well, "well-h"),
                ("What should we do better?", results.do_better, "better-h"),
            ],
        },
    )


@login_required
def pulse_trends(request, class_id: int):
    classroom = queries.get_class_for(request.user, class_id)
    trends = queries.results_over_time(request.user, classroom)
    return render(
        request,
        "charter/pulse_trends.html",
        {
            "classroom": classroom,
            "trends": [(t, charts.trend_svg(t, f"trend-{t.key}")) for t in trends],
            "pulses": [p.pulse for p in trends[0].points] if trends else [],
        },
    )


def _pulse_action(request, class_id: int, do, success: str):
    classroom = queries.get_managed_class_for(request.user, class_id)
    try:
        do()
    except UserError as e:
        flash_error(request, e)
    else:
        messages.success(request, success)
    return redirect("charter:pulses", classroom.pk)


@login_required
@require_POST
def pulse_close(request, class_id: int, pulse_id: int):
    return _pulse_action(
        request,
        class_id,
        lambda: actions.close_pulse(request.user, pulse_id),
        "Pulse closed. Its results are ready.",
    )


@login_required
@require_POST
def pulse_share(request, class_id: int, pulse_id: int):
    shared = request.POST.get("shared", "1") == "1"
    return _pulse_action(
        request,
        class_id,
        lambda: actions.share_pulse(request.user, pulse_id, shared),
        "Summary shared with the class." if shared else "Summary no longer shared.",
    )


# Culture indicators across classes -------------------------------------------------------------


@login_required
def culture(request):
    rows = queries.culture_overview(request.user)
    if not rows and request.user.is_student:
        raise NotFound("page")
    return render(request, "charter/culture.html", {"rows": rows})
