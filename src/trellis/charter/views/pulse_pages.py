"""Pulses (scheduling, answering, results, trends, closing, sharing) and the culture page."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext, gettext_lazy
from django.views.decorators.http import require_POST

from trellis.common import cache as trellis_cache
from trellis.common.errors import NotFound, UserError
from trellis.common.small_numbers import ANONYMOUS_MINIMUM
from trellis.common.views import act_and_redirect, attach_error

from .. import actions, charts, queries
from .. import culture as culture_queries
from ..culture import culture_html
from ..permissions import can_manage_charter
from ._common import LIMIT_HELP


class ScheduleForm(forms.Form):
    opens_on = forms.DateField(
        label=gettext_lazy("Opens on"),
        required=False,
        help_text=gettext_lazy("The pulse stays open for a week from this date."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    anonymous = forms.BooleanField(
        label=gettext_lazy("Anonymous: I see answers without names"),
        required=False,
        initial=True,
    )


class PulseAnswerForm(forms.Form):
    doing_well = forms.CharField(
        label=gettext_lazy("What are we doing well?"),
        required=False,
        help_text=LIMIT_HELP,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    do_better = forms.CharField(
        label=gettext_lazy("What should we do better?"),
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
                gettext("Pulse open now: students can answer it for a week.")
                if p.status() == "open"
                else gettext("Pulse scheduled for %(day)s.")
                % {"day": date_format(p.opens_on, "j F Y")},
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
    if mine.response:
        r = mine.response
        initial = {"doing_well": r.doing_well, "do_better": r.do_better}
        initial.update({f"item_{x.item_id}": x.score for x in r.ratings.all()})
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
            status = e.status
        else:
            messages.success(
                request,
                gettext("Thank you. Your answer is saved (it replaces your earlier one).")
                if mine.answered
                else gettext("Thank you. Your answer is saved."),
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
            "minimum": ANONYMOUS_MINIMUM,
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
    return act_and_redirect(
        request, do, reverse("charter:pulses", args=[classroom.pk]), success=success
    )


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
    if request.user.is_student:
        raise NotFound("page")
    key = culture_queries.cache_key(request.user, request.GET)
    # The list's words are in the page's language: one copy per language.
    key = f"{key}:{get_language()}" if key else key
    body = trellis_cache.get_html(key) if key else None
    if body is None:
        page = culture_queries.culture_page(request.user, request.GET)
        body = render_to_string(
            "charter/_culture_list.html",
            {"listing": page.listing, "page": page.page, "sections": culture_html(page.rows)},
        )
        if key:
            trellis_cache.set_html(key, body, culture_queries.CULTURE_SECONDS)
    return render(request, "charter/culture.html", {"body": mark_safe(body)})  # noqa: S308
