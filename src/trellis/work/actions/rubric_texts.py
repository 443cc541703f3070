"""What a rubric's texts are called in a sentence ("The criterion"), and the message when
one is missing, in the page's language; ``_text`` cleans one with them."""

from django.utils.translation import gettext_lazy

from trellis.common.text import clean_text

# What each text is called in a sentence, and the message when it is missing.
_WHAT = {
    "comment": (gettext_lazy("The comment"), gettext_lazy("Write the comment.")),
    "criterion": (gettext_lazy("The criterion"), gettext_lazy("Write the criterion.")),
    "criterion you propose": (
        gettext_lazy("The criterion you propose"),
        gettext_lazy("Write the criterion you propose."),
    ),
    "description": (gettext_lazy("The description"), gettext_lazy("Write the description.")),
    "descriptor": (gettext_lazy("The descriptor"), gettext_lazy("Write the descriptor.")),
    "exemplar": (gettext_lazy("The exemplar"), gettext_lazy("Write the exemplar.")),
    "exemplar's title": (
        gettext_lazy("The exemplar's title"),
        gettext_lazy("Write the exemplar's title."),
    ),
    "level name": (gettext_lazy("The level name"), gettext_lazy("Write the level name.")),
    "merged wording": (
        gettext_lazy("The merged wording"),
        gettext_lazy("Write the merged wording."),
    ),
    "rubric's title": (
        gettext_lazy("The rubric's title"),
        gettext_lazy("Write the rubric's title."),
    ),
    "wording you propose": (
        gettext_lazy("The wording you propose"),
        gettext_lazy("Write the wording you propose."),
    ),
}


def _text(value, field: str, what: str, limit: int, required=True) -> str:
    name, empty = _WHAT[what]
    return clean_text(
        value,
        limit=limit,
        field=field,
        what=str(name),
        required=required,
        empty=str(empty),
    )
