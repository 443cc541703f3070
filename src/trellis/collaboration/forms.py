"""Forms of the collaboration pages: they hold what was typed so an error re-renders it.
Validation that needs the database is the actions' (their messages land beside the field)."""

from django import forms
from django.utils.translation import gettext_lazy

from .models import DelegatedRoleKind, MeasureKind, Outcome, TeamKind

DATE = forms.DateInput(attrs={"type": "date"})


class TeamForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Team name"), max_length=200)
    kind = forms.ChoiceField(label=gettext_lazy("Kind of team"), choices=TeamKind.choices)
    members = forms.MultipleChoiceField(
        label=gettext_lazy("Teachers in the team"),
        required=False,
        help_text=gettext_lazy("You are in every team you make. Leaders choose the teachers."),
    )

    def __init__(self, *args, teachers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].choices = [(t.pk, t.name) for t in teachers]


class MemberForm(forms.Form):
    teacher = forms.ChoiceField(label=gettext_lazy("Add a teacher"))

    def __init__(self, *args, teachers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["teacher"].choices = [(t.pk, t.name) for t in teachers]


class InquiryForm(forms.Form):
    question = forms.CharField(
        label=gettext_lazy("Our question about students' learning"),
        max_length=400,
        help_text=gettext_lazy(
            "e.g. Why do our students stall when they move to independent practice?"
        ),
    )
    targets = forms.MultipleChoiceField(
        label=gettext_lazy("Learning targets it is about"), required=False
    )
    measure_kind = forms.ChoiceField(
        label=gettext_lazy("What we measure before and after"),
        choices=MeasureKind.choices,
        initial=MeasureKind.CHECKIN,
        required=False,
        help_text=gettext_lazy(
            "Phase moves, revisions and pulses compare the period with a baseline "
            "as long just before it, across the team's classes."
        ),
    )
    measure = forms.ChoiceField(
        label=gettext_lazy("Common check-in (when measuring with a check-in)"),
        required=False,
        help_text=gettext_lazy(
            "Its results before the start date are the baseline; from the start on, the follow-up."
        ),
    )
    practice = forms.ChoiceField(label=gettext_lazy("Practice from the library"), required=False)
    action = forms.CharField(
        label=gettext_lazy("Or describe what you will try"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    focus = forms.ChoiceField(label=gettext_lazy("School focus it serves"), required=False)
    starts_on = forms.CharField(label=gettext_lazy("Start of the period"), widget=DATE)
    ends_on = forms.CharField(label=gettext_lazy("End of the period"), widget=DATE)

    def __init__(self, *args, targets=(), checkins=(), practices=(), focus=(), **kwargs):
        super().__init__(*args, **kwargs)
        none = [("", "None")]
        self.fields["targets"].choices = [
            (t.pk, f"{t.statement} ({t.classroom.name})") for t in targets
        ]
        self.fields["measure"].choices = none + [(c.pk, c.title) for c in checkins]
        self.fields["practice"].choices = none + [(p.pk, p.title) for p in practices]
        self.fields["focus"].choices = none + [(f.pk, f.title) for f in focus]


class FinishForm(forms.Form):
    outcome = forms.ChoiceField(
        label=gettext_lazy("What did the team conclude?"), choices=Outcome.choices
    )
    conclusion = forms.CharField(
        label=gettext_lazy("What we learned"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


class PracticeForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Practice"), max_length=200)
    description = forms.CharField(
        label=gettext_lazy("What teachers do"), widget=forms.Textarea(attrs={"rows": 3})
    )
    citation = forms.CharField(
        label=gettext_lazy("Research it draws on (citation)"), required=False, max_length=600
    )
    subject = forms.CharField(label=gettext_lazy("Subject"), required=False, max_length=200)
    targets_text = forms.CharField(
        label=gettext_lazy("Targets it suits (one a line)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )


class RoundForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Round title"), max_length=200)
    criteria = forms.CharField(
        label=gettext_lazy("Criteria of the shared rubric (one a line)"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    levels = forms.IntegerField(label=gettext_lazy("Levels"), initial=4)
    pieces = forms.CharField(
        label=gettext_lazy("Pieces of student work, separated by a line with three dashes (---)"),
        help_text=gettext_lazy(
            "Take every name out first: scorers must not know whose work it is."
        ),
        widget=forms.Textarea(attrs={"rows": 8}),
    )


class InviteForm(forms.Form):
    observer = forms.ChoiceField(label=gettext_lazy("Colleague to invite"))
    focus = forms.CharField(
        label=gettext_lazy("What I would like them to look at"),
        max_length=400,
        help_text=gettext_lazy("e.g. how I release students in guided practice"),
    )
    lesson_on = forms.CharField(label=gettext_lazy("Lesson date"), widget=DATE)
    team = forms.ChoiceField(
        label=gettext_lazy("Team (who may read the notes if you share them)"), required=False
    )

    def __init__(self, *args, colleagues=(), teams=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["observer"].choices = [(c.pk, c.name) for c in colleagues]
        self.fields["team"].choices = [("", "None")] + [(t.pk, t.name) for t in teams]


class NotesForm(forms.Form):
    saw = forms.CharField(
        label=gettext_lazy("What I saw"), widget=forms.Textarea(attrs={"rows": 3})
    )
    students_did = forms.CharField(
        label=gettext_lazy("What students did"), widget=forms.Textarea(attrs={"rows": 3})
    )
    wondered = forms.CharField(
        label=gettext_lazy("A question I am left with"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )


class ReplyForm(forms.Form):
    reply = forms.CharField(
        label=gettext_lazy("My reply"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    share = forms.BooleanField(label=gettext_lazy("Let my team read these notes"), required=False)


class DecisionForm(forms.Form):
    proposal = forms.CharField(label=gettext_lazy("Proposal"), max_length=400)
    evidence = forms.CharField(
        label=gettext_lazy("Evidence we looked at"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    options = forms.CharField(
        label=gettext_lazy("Options we weighed"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    decision = forms.CharField(
        label=gettext_lazy("Decision"), widget=forms.Textarea(attrs={"rows": 2})
    )
    review_on = forms.CharField(label=gettext_lazy("Review on"), widget=DATE)
    participants = forms.MultipleChoiceField(label=gettext_lazy("Who took part"), required=False)

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participants"].choices = [(m.teacher_id, m.teacher.name) for m in members]


class ReviewForm(forms.Form):
    outcome = forms.ChoiceField(label=gettext_lazy("Did it work?"), choices=Outcome.choices)
    note = forms.CharField(
        label=gettext_lazy("What we saw"), widget=forms.Textarea(attrs={"rows": 2})
    )


class TrustPulseForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200)
    opens_on = forms.CharField(label=gettext_lazy("Opens on"), widget=DATE)
    closes_on = forms.CharField(label=gettext_lazy("Closes on"), widget=DATE)


class FocusForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Focus goal"), max_length=200)
    description = forms.CharField(
        label=gettext_lazy("Why, and what we will look at"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )


class RoleForm(forms.Form):
    teacher = forms.ChoiceField(label=gettext_lazy("Teacher"))
    role = forms.ChoiceField(label=gettext_lazy("Role"), choices=DelegatedRoleKind.choices)

    def __init__(self, *args, teachers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["teacher"].choices = [(t.pk, t.name) for t in teachers]


class NetworkForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Network name"),
        max_length=120,
        help_text=gettext_lazy(
            "e.g. Riverside district maths network. Other schools join with its code."
        ),
    )


class JoinNetworkForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Join code"),
        max_length=20,
        help_text=gettext_lazy("The 10 letters and digits another school's leader gave you."),
    )
