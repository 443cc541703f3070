"""Forms for check-in pages: they parse what was typed; the actions decide what is valid."""

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy

from .actions import MAX_OPTIONS, OPTION_KEYS, QuestionInput
from .models import QuestionKind, QuestionVersion, RunMode

OPTION_ROWS = 6


class CheckInForm(forms.Form):
    title = forms.CharField(
        max_length=200,
        label=gettext_lazy("Title"),
        help_text=gettext_lazy("What students will see, e.g. “Two-step equations”."),
    )
    is_shared = forms.BooleanField(
        required=False,
        label=gettext_lazy("Share with my team"),
        help_text=gettext_lazy("The teachers of your teams (Teams page) can run it and copy it."),
    )


class QuestionForm(forms.Form):
    kind = forms.ChoiceField(choices=QuestionKind.choices, label=gettext_lazy("Kind of question"))
    prompt = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        label=gettext_lazy("Question"),
        help_text=gettext_lazy("What students read. Keep it to one idea."),
    )
    target = forms.ChoiceField(
        required=False,
        label=gettext_lazy("Learning target"),
        help_text=gettext_lazy("The evidence feeds this target."),
    )
    number_answer = forms.CharField(
        required=False,
        label=gettext_lazy("Right answer (number questions)"),
        help_text=gettext_lazy("e.g. 3.5 or 3,5 or 7/2"),
    )
    tolerance = forms.CharField(
        required=False,
        label=gettext_lazy("Tolerance (number questions)"),
        help_text=gettext_lazy(
            "How far from the answer still counts as right, e.g. 0.01. Empty: exact."
        ),
    )
    model_answer = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        label=gettext_lazy("Model answer (short text questions)"),
        help_text=gettext_lazy("Shown beside the marking list and to students once revealed."),
    )
    explanation = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        label=gettext_lazy("Explanation shown on reveal"),
    )

    def __init__(self, *args, targets=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = [("", "— no target —")] + [
            (str(t.pk), f"{t.classroom.name}: {t.statement}") for t in targets
        ]
        for i in range(OPTION_ROWS):
            key = OPTION_KEYS[i]
            self.fields[f"option_{i}_text"] = forms.CharField(
                required=False,
                max_length=300,
                label=format_lazy(gettext_lazy("Option {key}"), key=key),
            )
            self.fields[f"option_{i}_correct"] = forms.BooleanField(
                required=False, label=format_lazy(gettext_lazy("Option {key} is right"), key=key)
            )
            self.fields[f"option_{i}_misconception"] = forms.CharField(
                required=False,
                max_length=300,
                label=format_lazy(gettext_lazy("If a student picks {key}, it shows…"), key=key),
            )

    def option_rows(self):
        return [
            (
                OPTION_KEYS[i],
                self[f"option_{i}_text"],
                self[f"option_{i}_correct"],
                self[f"option_{i}_misconception"],
            )
            for i in range(OPTION_ROWS)
        ]

    def to_input(self) -> QuestionInput:
        d = self.cleaned_data
        return QuestionInput(
            kind=d["kind"],
            prompt=d["prompt"],
            target_id=d.get("target") or None,
            options=[
                {
                    "text": d.get(f"option_{i}_text", ""),
                    "correct": d.get(f"option_{i}_correct", False),
                    "misconception": d.get(f"option_{i}_misconception", ""),
                }
                for i in range(OPTION_ROWS)
            ],
            number_answer=d.get("number_answer"),
            tolerance=d.get("tolerance"),
            model_answer=d.get("model_answer", ""),
            explanation=d.get("explanation", ""),
        )

    @classmethod
    def initial_from(cls, version: QuestionVersion) -> dict:
        initial = {
            "kind": version.kind,
            "prompt": version.prompt,
            "target": str(version.target_id or ""),
            "number_answer": ""
            if version.number_answer is None
            else f"{version.number_answer:f}".rstrip("0").rstrip("."),
            "tolerance": f"{version.tolerance:f}".rstrip("0").rstrip(".")
            if version.tolerance
            else "",
            "model_answer": version.model_answer,
            "explanation": version.explanation,
        }
        for i, o in enumerate(version.options[:MAX_OPTIONS]):
            if i >= OPTION_ROWS:
                break
            initial[f"option_{i}_text"] = o["text"]
            initial[f"option_{i}_correct"] = o["correct"]
            initial[f"option_{i}_misconception"] = o.get("misconception", "")
        return initial


class StartRunForm(forms.Form):
    classroom = forms.ChoiceField(label=gettext_lazy("Class"))
    mode = forms.ChoiceField(
        choices=RunMode.choices,
        label=gettext_lazy("How"),
        widget=forms.RadioSelect,
        initial=RunMode.LIVE,
    )
    closes_at = forms.DateTimeField(
        required=False,
        label=gettext_lazy("Open until (exit tickets)"),
        help_text=gettext_lazy("Date and time, e.g. 2026-11-23 15:30."),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"],
    )

    def __init__(self, *args, classes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["classroom"].choices = [(str(c.pk), c.name) for c in classes]
