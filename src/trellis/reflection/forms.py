"""Parsing what people type into the reflection pages, field by field."""

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy

from .actions.portfolio import LINK_DAYS_MAX
from .models import COMMENT_MAX, NOTE_MAX, REFLECTION_MAX, TRANSCRIPT_MAX, Audience, Moment

STUDENT_MOMENTS = [(m.value, m.label) for m in Moment if m != Moment.LESSON]


class ReflectionForm(forms.Form):
    moment = forms.ChoiceField(
        label=gettext_lazy("When are you reflecting?"), choices=STUDENT_MOMENTS
    )
    target = forms.ChoiceField(label=gettext_lazy("Target (optional)"), required=False)
    task = forms.ChoiceField(label=gettext_lazy("Task (optional)"), required=False)
    revision = forms.ChoiceField(
        label=gettext_lazy("A piece of my work (optional)"), required=False
    )
    body = forms.CharField(
        label=gettext_lazy("My reflection"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": REFLECTION_MAX}),
        help_text=format_lazy(
            gettext_lazy(
                "Up to {REFLECTION_MAX} characters. You can also record your voice below."
            ),
            REFLECTION_MAX=REFLECTION_MAX,
        ),
    )
    audio = forms.FileField(label=gettext_lazy("Recording (optional)"), required=False)
    transcript = forms.CharField(
        label=gettext_lazy("What my recording says (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": TRANSCRIPT_MAX}),
    )

    def __init__(self, *args, targets=(), tasks=(), revisions=(), **kwargs):
        super().__init__(*args, **kwargs)
        none = [("", "—")]
        self.fields["target"].choices = none + [(t.pk, t.statement) for t in targets]
        self.fields["task"].choices = none + [(t.pk, t.title) for t in tasks]
        self.fields["revision"].choices = none + [
            (r.pk, f"{r.submission.assignment.title}, version {r.number}") for r in revisions
        ]


class LessonReflectionForm(forms.Form):
    body = forms.CharField(
        label=gettext_lazy("My reflection on this lesson"),
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": REFLECTION_MAX}),
    )
    shown_to_class = forms.BooleanField(label=gettext_lazy("Show it to the class"), required=False)


class PromptForm(forms.Form):
    moment = forms.ChoiceField(choices=STUDENT_MOMENTS)
    text = forms.CharField(
        label=gettext_lazy("Prompt"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": 500}),
    )


class TranscriptForm(forms.Form):
    transcript = forms.CharField(
        label=gettext_lazy("What my recording says"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": TRANSCRIPT_MAX}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class RevisitForm(forms.Form):
    then = forms.ChoiceField(label=gettext_lazy("Then: an old piece"))
    now = forms.ChoiceField(label=gettext_lazy("Now: a newer piece"))
    note = forms.CharField(
        label=gettext_lazy("What changed, and how do I know?"),
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": NOTE_MAX}),
    )
    assignment = forms.ChoiceField(
        label=gettext_lazy("For an assignment (optional)"), required=False
    )

    def __init__(self, *args, pieces=(), assignments=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["then"].choices = pieces
        self.fields["now"].choices = pieces
        self.fields["assignment"].choices = [("", "—")] + [(a.pk, a.title) for a in assignments]


class CollectionForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Name of the collection"), max_length=200)


class PieceForm(forms.Form):
    piece = forms.ChoiceField(label=gettext_lazy("Piece"))
    note = forms.CharField(
        label=gettext_lazy("Why this piece (optional)"), required=False, max_length=NOTE_MAX
    )

    def __init__(self, *args, pieces=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["piece"].choices = pieces


class AudienceForm(forms.Form):
    audience = forms.TypedChoiceField(
        label=gettext_lazy("Who may see it"),
        choices=Audience.choices,
        coerce=int,
        widget=forms.RadioSelect,
    )
    family_may_comment = forms.BooleanField(
        label=gettext_lazy("My family may comment"), required=False
    )
    show_surname = forms.BooleanField(
        label=gettext_lazy("Show my surname to people outside my class"), required=False
    )
    is_conference = forms.BooleanField(
        label=gettext_lazy("Use it for my family conference"), required=False
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class LinkForm(forms.Form):
    days = forms.IntegerField(
        label=gettext_lazy("Days the link works"), min_value=1, max_value=LINK_DAYS_MAX, initial=14
    )


class ResponseForm(forms.Form):
    body = forms.CharField(
        label=gettext_lazy("Your comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=format_lazy(
            gettext_lazy("Up to {COMMENT_MAX} characters."), COMMENT_MAX=COMMENT_MAX
        ),
    )
    helped = forms.BooleanField(label=gettext_lazy("This helped me think"), required=False)


class VisitorResponseForm(ResponseForm):
    visitor_name = forms.CharField(
        label=gettext_lazy("Your first name (optional)"), required=False, max_length=60
    )


class JoinFamilyForm(forms.Form):
    code = forms.CharField(label=gettext_lazy("Family code from the school"), max_length=20)
    first_name = forms.CharField(label=gettext_lazy("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=gettext_lazy("Last name"), max_length=150, required=False)
    email = forms.EmailField(label=gettext_lazy("Email (optional)"), required=False)
    username = forms.CharField(label=gettext_lazy("Username"), max_length=150, required=False)
    password = forms.CharField(
        label=gettext_lazy("Password"), widget=forms.PasswordInput, required=False
    )


class AgeForm(forms.Form):
    under_13 = forms.ChoiceField(
        label=gettext_lazy("Age band"),
        choices=[("1", "Under 13"), ("0", "13 or older")],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose under 13 or 13 or older, then save.",
            "invalid_choice": "Choose under 13 or 13 or older, then save.",
        },
        help_text=gettext_lazy(
            "Under 13: nothing of the student's goes beyond the family without a "
            "guardian's consent."
        ),
    )
