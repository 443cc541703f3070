"""`{% class_charter classroom %}`: the class's charter as a card on the class page.

The class page has already checked that its reader may see the class; this tag only reads
the published version (two queries) so the charter lives where the class does.
"""

from django import template

from trellis.charter import queries

register = template.Library()


@register.inclusion_tag("charter/_class_card.html", takes_context=True)
def class_charter(context, classroom):
    return {
        "classroom": classroom,
        "view": queries.published_version(classroom),
        "user": context.get("user"),
    }
