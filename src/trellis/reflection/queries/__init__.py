"""Every read of the reflection app, scoped to the user, in a fixed number of queries.

Split by sub-domain: journal (reflections, prompts, the timeline, revisits), portfolio
(collections, links, approvals) and families (guardians' pages, the bell)."""

from .families import (
    age_bands_of,
    age_page,
    child_class_page,
    child_page,
    children,
    family_invites,
    family_links,
    family_links_of,
    get_child_for,
    notices,
    unread_count,
)
from .journal import (
    class_journal,
    get_reflection_for,
    get_revisit_for,
    journal,
    prompts_of,
    revisit_choices,
    revisits_done_for,
    suggest_old_pieces,
    timeline,
)
from .portfolio import (
    approvals,
    collection_page,
    get_collection_for,
    link_choices,
    link_page,
    linkable_classes,
    my_collections,
    shared_by_link,
    student_label,
)

__all__ = [
    "age_bands_of",
    "age_page",
    "approvals",
    "child_class_page",
    "child_page",
    "children",
    "class_journal",
    "collection_page",
    "family_invites",
    "family_links",
    "family_links_of",
    "get_child_for",
    "get_collection_for",
    "get_reflection_for",
    "get_revisit_for",
    "journal",
    "link_choices",
    "link_page",
    "linkable_classes",
    "my_collections",
    "notices",
    "prompts_of",
    "revisit_choices",
    "revisits_done_for",
    "shared_by_link",
    "student_label",
    "suggest_old_pieces",
    "timeline",
    "unread_count",
]
