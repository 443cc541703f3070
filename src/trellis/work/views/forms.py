"""Forms for the work pages. They only parse; rules live in the actions."""

import uuid

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy

from trellis.common.views import VersionField

from ..models import PeerMode, ProposalKind, SummativePolicy
from ..uploads import limits_text

DT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class RubricForm(forms.Form):
    title = forms.CharField(
        max_length=200,
        label=gettext_lazy("Title"),
        help_text=gettext_lazy("e.g. “Persuasive essay”"),
    )
    description = forms.CharField(
        required=False,
        label=gettext_lazy("What this rubric is for"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class CriterionForm(forms.Form):
    title = forms.CharField(max_length=200, label=gettext_lazy("Criterion"))
    target = forms.ChoiceField(label=gettext_lazy("Learning target it shows"))
    description = forms.CharField(
        required=False, label=gettext_lazy("Description"), widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, targets=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = [("", "Choose a target")] + [
            (t.pk, t.statement) for t in targets
        ]


class ProposalForm(forms.Form):
    kind = forms.ChoiceField(
        choices=ProposalKind.choices, label=gettext_lazy("I propose"), widget=forms.RadioSelect
    )
    text = forms.CharField(
        label=gettext_lazy("Your wording"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy(
            "For a criterion: what quality looks like, in a few words. For a "
            "level: what work at that level does."
        ),
    )
    target = forms.ChoiceField(required=False, label=gettext_lazy("Target (for a new criterion)"))
    criterion = forms.ChoiceField(
        required=False, label=gettext_lazy("Criterion (for a level's wording)")
    )
    level = forms.ChoiceField(required=False, label=gettext_lazy("Level (for a level's wording)"))

    def __init__(self, *args, targets=(), content=None, **kwargs):
        kwargs.setdefault("auto_id", "id_proposal_%s")
        super().__init__(*args, **kwargs)
        content = content or {"criteria": [], "levels": []}
        self.fields["target"].choices = [("", "—")] + [(t.pk, t.statement) for t in targets]
        self.fields["criterion"].choices = [("", "—")] + [
            (c["id"], c["title"]) for c in content["criteria"]
        ]
        self.fields["level"].choices = [("", "—")] + [
            (lv["id"], lv["title"]) for lv in content["levels"]
        ]


class CommentForm(forms.Form):
    body = forms.CharField(label=gettext_lazy("Comment"), widget=forms.Textarea(attrs={"rows": 2}))


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("accept", "Accept"), ("merge", "Merge"), ("decline", "Decline")],
        label=gettext_lazy("Decision"),
    )
    reason = forms.CharField(
        required=False,
        label=gettext_lazy("Reason (shown to the class)"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    merged_text = forms.CharField(
        required=False,
        label=gettext_lazy("Merged wording (for merge)"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    into_criterion = forms.CharField(required=False)
    target = forms.CharField(required=False)


class ExemplarForm(forms.Form):
    level = forms.ChoiceField(label=gettext_lazy("Level it shows"))
    criterion = forms.ChoiceField(required=False, label=gettext_lazy("Criterion (optional)"))
    title = forms.CharField(max_length=200, label=gettext_lazy("Title"))
    body = forms.CharField(
        label=gettext_lazy("The exemplar"), widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, content=None, **kwargs):
        # Its own ids: the rubric page also holds the criterion and proposal forms.
        kwargs.setdefault("auto_id", "id_exemplar_%s")
        super().__init__(*args, **kwargs)
        content = content or {"criteria": [], "levels": []}
        self.fields["level"].choices = [(lv["id"], lv["title"]) for lv in content["levels"]]
        self.fields["criterion"].choices = [("", "All criteria")] + [
            (c["id"], c["title"]) for c in content["criteria"]
        ]


class AssignmentForm(forms.Form):
    title = forms.CharField(max_length=200, label=gettext_lazy("Title"))
    instructions = forms.CharField(
        required=False, label=gettext_lazy("Instructions"), widget=forms.Textarea(attrs={"rows": 4})
    )
    rubric = forms.ChoiceField(
        label=gettext_lazy("Rubric"), help_text=gettext_lazy("Only published rubrics can be used.")
    )
    task = forms.ChoiceField(required=False, label=gettext_lazy("Part of task (optional)"))
    targets = forms.MultipleChoiceField(
        required=False,
        label=gettext_lazy("Learning targets"),
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("Leave empty to use the targets of the rubric's criteria."),
    )
    accepts_text = forms.BooleanField(
        required=False, initial=True, label=gettext_lazy("Text typed on the page")
    )
    accepts_file = forms.BooleanField(
        required=False,
        label=format_lazy(gettext_lazy("A file ({limits_text})"), limits_text=limits_text()),
    )
    accepts_link = forms.BooleanField(required=False, label=gettext_lazy("A link (http or https)"))
    self_assessment_required = forms.BooleanField(
        required=False, initial=True, label=gettext_lazy("Students self-assess before handing in")
    )
    due_at = forms.DateTimeField(required=False, label=gettext_lazy("Due"), widget=DT)
    summative_policy = forms.ChoiceField(
        choices=SummativePolicy.choices,
        initial=SummativePolicy.HIGHEST,
        label=gettext_lazy("Final mark"),
        help_text=gettext_lazy(
            "Feedback on revisions never lowers anything; this only decides the final mark."
        ),
    )
    peer_anonymous = forms.BooleanField(
        required=False, initial=True, label=gettext_lazy("Peer review is anonymous")
    )
    peer_review_closes_at = forms.DateTimeField(
        required=False, label=gettext_lazy("Peer review closes"), widget=DT
    )

    def __init__(self, *args, rubrics=(), targets=(), tasks=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["task"].choices = [("", "—")] + [(t.pk, t.title) for t in tasks]
        self.fields["rubric"].choices = [("", "Choose a rubric")] + [
            (r.pk, f"{r.title} (version {r.version_number})") for r in rubrics if r.version_number
        ]
        self.fields["targets"].choices = [(t.pk, t.statement) for t in targets]


class AssignmentEditForm(AssignmentForm):
    """The assignment form without what existing hand-ins depend on (rubric, task, targets),
    with the version it was opened at (a stale save is refused, nothing typed is lost)."""

    version = VersionField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("rubric", "task", "targets"):
            del self.fields[name]


class PeerAutoForm(forms.Form):
    mode = forms.ChoiceField(
        choices=PeerMode.choices, label=gettext_lazy("Pair"), initial=PeerMode.RANDOM
    )
    per_student = forms.IntegerField(
        min_value=1,
        max_value=5,
        initial=2,
        label=gettext_lazy("Reviews each student gives (and gets)"),
    )


class PeerSettingsForm(forms.Form):
    anonymous = forms.BooleanField(
        required=False, label=gettext_lazy("Hide names between reviewers and authors")
    )
    closes_at = forms.DateTimeField(
        required=False, label=gettext_lazy("Peer review closes"), widget=DT
    )


class FeedbackForm(forms.Form):
    criterion = forms.ChoiceField(label=gettext_lazy("Criterion"))
    level = forms.ChoiceField(required=False, label=gettext_lazy("Level it shows now (optional)"))
    quote = forms.CharField(
        required=False,
        label=gettext_lazy("Quote from the work (optional)"),
        help_text=gettext_lazy("Copy the exact words your comment is about."),
        widget=forms.Textarea(attrs={"rows": 1}),
    )
    body = forms.CharField(
        label=gettext_lazy("Your comment"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("Name what to keep or change, and why."),
    )

    def __init__(self, *args, criteria=(), levels=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["criterion"].choices = [(c["id"], c["title"]) for c in criteria]
        self.fields["level"].choices = [("", "—")] + [(lv["id"], lv["title"]) for lv in levels]


class ReplyForm(forms.Form):
    body = forms.CharField(label=gettext_lazy("Reply"), widget=forms.Textarea(attrs={"rows": 2}))


class SubmitForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Hand in as"), widget=forms.RadioSelect)
    text = forms.CharField(
        required=False,
        label=gettext_lazy("Your work"),
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=gettext_lazy(
            "Blank lines make paragraphs; *stars* for emphasis, **two** for bold, "
            "“- ” for a list, [words](https://…) for a link."
        ),
    )
    file = forms.FileField(required=False, label=gettext_lazy("File"), help_text=limits_text())
    link = forms.CharField(
        required=False, label=gettext_lazy("Link"), help_text=gettext_lazy("Starts with https://")
    )
    addresses = forms.MultipleChoiceField(
        required=False,
        label=gettext_lazy("Feedback this revision acts on"),
        widget=forms.CheckboxSelectMultiple,
    )
    note = forms.CharField(
        required=False,
        label=gettext_lazy("What changed (optional)"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    self_note = forms.CharField(
        required=False,
        label=gettext_lazy("A short note on your work"),
        help_text=gettext_lazy("What are you proud of? What would you still improve?"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    # A fresh key each time the page is shown (kept when the form comes back with an error):
    # a double submit of the same page stores one revision.
    hand_in_key = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)

    def __init__(self, *args, assignment=None, criteria=(), levels=(), open_items=(), **kw):
        super().__init__(*args, **kw)
        self.fields["hand_in_key"].initial = uuid.uuid4().hex
        labels = {"text": "Text", "file": "File", "link": "Link"}
        kinds = assignment.accepted_kinds
        self.fields["kind"].choices = [(k, labels[k]) for k in kinds]
        self.fields["kind"].initial = kinds[0]
        self.fields["addresses"].choices = [
            (iv.item.pk, f"{iv.criterion_title}: {iv.item.body[:80]}") for iv in open_items
        ]
        self.criteria = list(criteria)
        self.levels = list(levels)
        for crit in self.criteria:
            self.fields[f"self-{crit['id']}"] = forms.ChoiceField(
                required=False,
                label=crit["title"],
                choices=[(lv["id"], _level_label(crit, lv)) for lv in self.levels],
                widget=forms.RadioSelect,
            )

    def self_fields(self):
        return [self[f"self-{c['id']}"] for c in self.criteria]


def _level_label(crit: dict, lv: dict) -> str:
    text = next((d["text"] for d in crit["descriptors"] if d["level_id"] == lv["id"]), "")
    return f"{lv['title']}: {text}" if text else lv["title"]


class BankForm(forms.Form):
    shortcut = forms.CharField(
        max_length=21,
        label=gettext_lazy("Shortcut"),
        help_text=gettext_lazy(
            "Letters, digits or dashes. While writing a comment, type ;shortcut then Tab."
        ),
    )
    body = forms.CharField(
        label=gettext_lazy("Comment to reuse"), widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, teams=(), **kwargs):
        # Its own ids: the marking page also holds the comment form (its body field).
        kwargs.setdefault("auto_id", "id_bank_%s")
        super().__init__(*args, **kwargs)
        if teams:
            self.fields["team"] = forms.ChoiceField(
                label=gettext_lazy("Shared with"),
                required=False,
                choices=[("", "Only me")]
                + [(str(t.pk), f"{t.name} (teacher team)") for t in teams],
                help_text=gettext_lazy(
                    "Your team's members can insert it too; only you edit or remove it."
                ),
            )
