"""The "how well do the recommendations work here" page of a class: what came of the releases
the engine recommended, predicted against observed success, and the class's thresholds with a
preview of how many students' recommendations would change."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext, gettext_lazy

from trellis.common.errors import UserError
from trellis.common.views import attach_error

from .. import actions, engine, queries

LABELS = {
    "advance_mastery": gettext_lazy("Release at mastery"),
    "advance_confidence": gettext_lazy("Confident at rating"),
    "step_back_mastery": gettext_lazy("Step back under mastery"),
}


class ThresholdsForm(forms.Form):
    advance_mastery = forms.FloatField(
        label=LABELS["advance_mastery"],
        help_text=format_lazy(
            gettext_lazy(
                "Mastery (0.50–0.99) a student needs before the board suggests "
                "releasing them. The engine's default is {advance_mastery:.2f}."
            ),
            advance_mastery=engine.THRESHOLDS.advance_mastery,
        ),
    )
    advance_confidence = forms.FloatField(
        label=LABELS["advance_confidence"],
        help_text=format_lazy(
            gettext_lazy(
                "Their latest confidence rating (1–4) that counts as confident. "
                "Default {advance_confidence:g}."
            ),
            advance_confidence=engine.THRESHOLDS.advance_confidence,
        ),
    )
    step_back_mastery = forms.FloatField(
        label=LABELS["step_back_mastery"],
        help_text=format_lazy(
            gettext_lazy(
                "Mastery (0–0.90) under which the board suggests stepping back, below "
                "the release mastery. Default {step_back_mastery:.2f}."
            ),
            step_back_mastery=engine.THRESHOLDS.step_back_mastery,
        ),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    RANGES = {
        "advance_mastery": (0.5, 0.99),
        "advance_confidence": (1.0, 4.0),
        "step_back_mastery": (0.0, 0.9),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if name in self.RANGES:
                field.widget.attrs.update(step="0.01", inputmode="decimal")
                # The field reads a dot before the decimals in every language: the examples
                # are written as it reads them, not with the language's decimal comma.
                field.error_messages["invalid"] = gettext(
                    "This is not a number. Enter a number such as %(example)s (a dot before "
                    "the decimals)."
                ) % {"example": f"{getattr(engine.THRESHOLDS, name):.2f}"}
                field.error_messages["required"] = gettext(
                    "Enter a number between %(low)s and %(high)s."
                ) % {"low": f"{self.RANGES[name][0]:g}", "high": f"{self.RANGES[name][1]:g}"}

    def clean(self):
        data = super().clean()
        for name, (low, high) in self.RANGES.items():
            value = data.get(name)
            if value is not None and not low <= value <= high:
                self.add_error(
                    name,
                    gettext("%(value)s is outside %(low)s–%(high)s. Enter a number in that range.")
                    % {"value": f"{value:g}", "low": f"{low:g}", "high": f"{high:g}"},
                )
        return data


def _context(request, classroom, can_tune, form=None, preview=None):
    result = queries.outcomes(request.user, classroom)
    if can_tune and form is None:
        th = result.thresholds
        form = ThresholdsForm(
            initial={
                **{name: round(getattr(th, name), 2) for name in engine.TUNABLE},
                "version": result.saved.version if result.saved else 0,
            }
        )
    return {
        "classroom": classroom,
        "o": result,
        "can_tune": can_tune,
        "form": form,
        "preview": preview,
        "saved": result.saved,
    }


@login_required
def recommendation_outcomes(request, class_id: int):
    classroom, can_tune = queries.get_outcomes_class_for(request.user, class_id)
    if request.method != "POST":
        return render(request, "progression/outcomes.html", _context(request, classroom, can_tune))
    if not can_tune:
        raise Http404("No such class, or you do not have access to it.")
    form = ThresholdsForm(request.POST)
    preview = None
    status = 400
    if form.is_valid():
        values = {name: form.cleaned_data[name] for name in engine.TUNABLE}
        try:
            if "save" in request.POST:
                actions.save_thresholds(
                    request.user, classroom, values, seen_version=form.cleaned_data["version"]
                )
                messages.success(
                    request, gettext("Saved. The board now recommends with these thresholds.")
                )
                return redirect(reverse("progression:recommendation_outcomes", args=[classroom.pk]))
            preview = queries.preview(request.user, classroom, actions.proposed_thresholds(values))
            status = 200
        except UserError as error:
            attach_error(form, error)
            status = error.status
    return render(
        request,
        "progression/outcomes.html",
        _context(request, classroom, can_tune, form=form, preview=preview),
        status=status,
    )
