"""Parsing what people type into the reflection pages, field by field."""

from django import forms

from .actions.portfolio import LINK_DAYS_MAX
from .models import COMMENT_MAX, NOTE_MAX, REFLECTION_MAX, TRANSCRIPT_MAX, Audience, Moment

STUDENT_MOMENTS = [(m.value, m.label) for m in Moment if m != Moment.LESSON]


class ReflectionForm(forms.Form):
    moment = forms.ChoiceField(label="When are you reflecting?", choices=STUDENT_MOMENTS)
    target = forms.ChoiceField(label="Target (optional)", required=False)
    task = forms.ChoiceField(label="Task (optional)", required=False)
    revision = forms.ChoiceField(label="A piece of my work (optional)", required=False)
    body = forms.CharField(
        label="My reflection",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": REFLECTION_MAX}),
        help_text=f"Up to {REFLECTION_MAX} characters. You can also record your voice below.",
    )
    audio = forms.FileField(label="Recording (optional)", required=False)
    transcript = forms.CharField(
        label="What my recording says (optional)",
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
        label="My reflection on this lesson",
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": REFLECTION_MAX}),
    )
    shown_to_class = forms.BooleanField(label="Show it to the class", required=False)


class PromptForm(forms.Form):
    moment = forms.ChoiceField(choices=STUDENT_MOMENTS)
    text = forms.CharField(
        label="Prompt", required=False, widget=forms.Textarea(attrs={"rows": 2, "maxlength": 500})
    )


class TranscriptForm(forms.Form):
    transcript = forms.CharField(
        label="What my recording says",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": TRANSCRIPT_MAX}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class RevisitForm(forms.Form):
    then = forms.ChoiceField(label="Then: an old piece")
    now = forms.ChoiceField(label="Now: a newer piece")
    note = forms.CharField(
        label="What changed, and how do I know?",
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": NOTE_MAX}),
    )
    assignment = forms.ChoiceField(label="For an assignment (optional)", required=False)

    def __init__(self, *args, pieces=(), assignments=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["then"].choices = pieces
        self.fields["now"].choices = pieces
        self.fields["assignment"].choices = [("", "—")] + [(a.pk, a.title) for a in assignments]


class CollectionForm(forms.Form):
    title = forms.CharField(label="Name of the collection", max_length=200)


class PieceForm(forms.Form):
    piece = forms.ChoiceField(label="Piece")
    note = forms.CharField(label="Why this piece (optional)", required=False, max_length=NOTE_MAX)

    def __init__(self, *args, pieces=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["piece"].choices = pieces


class AudienceForm(forms.Form):
    audience = forms.TypedChoiceField(
        label="Who may see it", choices=Audience.choices, coerce=int, widget=forms.RadioSelect
    )
    family_may_comment = forms.BooleanField(label="My family may comment", required=False)
    show_surname = forms.BooleanField(
        label="Show my surname to people outside my class", required=False
    )
    is_conference = forms.BooleanField(label="Use it for my family conference", required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)


class LinkForm(forms.Form):
    days = forms.IntegerField(
        label="Days the link works", min_value=1, max_value=LINK_DAYS_MAX, initial=14
    )


class ResponseForm(forms.Form):
    body = forms.CharField(
        label="Your comment",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=f"Up to {COMMENT_MAX} characters.",
    )
    helped = forms.BooleanField(label="This helped me think", required=False)


class VisitorResponseForm(ResponseForm):
    visitor_name = forms.CharField(
        label="Your first name (optional)", required=False, max_length=60
    )


class JoinFamilyForm(forms.Form):
    code = forms.CharField(label="Family code from the school", max_length=20)
    first_name = forms.CharField(label="First name", max_length=150, required=False)
    last_name = forms.CharField(label="Last name", max_length=150, required=False)
    email = forms.EmailField(label="Email (optional)", required=False)
    username = forms.CharField(label="Username", max_length=150, required=False)
    password = forms.CharField(label="Password", widget=forms.PasswordInput, required=False)


class AgeForm(forms.Form):
    under_13 = forms.ChoiceField(
        label="Age band",
        choices=[("1", "Under 13"), ("0", "13 or older")],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose under 13 or 13 or older, then save.",
            "invalid_choice": "Choose under 13 or 13 or older, then save.",
        },
        help_text="Under 13: nothing of the student's goes beyond the family without a "
        "guardian's consent.",
    )
