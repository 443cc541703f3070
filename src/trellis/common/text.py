"""The one check for free text a person types: trimmed, present when required, not too long.

Every app's actions call ``clean_text``; the messages say what was wrong, where (``field``)
and what to do, and the form keeps what was typed (views re-render it)."""

from django.utils.translation import gettext

from .errors import UserError


def clean_text(
    value,
    *,
    limit: int,
    field: str,
    what: str,
    required: bool = True,
    collapse: bool = False,
    empty: str | None = None,
) -> str:
    """``value`` trimmed (and, with ``collapse``, every run of whitespace made one space).

    ``what`` names the text in a sentence ("Your suggestion", "The criterion"); ``empty``
    replaces the default message for a missing required text."""
    text = " ".join((value or "").split()) if collapse else (value or "").strip()
    if required and not text:
        raise UserError(
            empty
            or gettext("%(what)s is empty. Write a few words (up to %(limit)s characters).")
            % {"what": what, "limit": limit},
            field=field,
        )
    if len(text) > limit:
        raise UserError(
            gettext(
                "%(what)s is %(count)s characters long; the limit is %(limit)s. "
                "Shorten it and send it again (what you wrote is still in the box)."
            )
            % {"what": what, "count": len(text), "limit": limit},
            field=field,
        )
    return text
