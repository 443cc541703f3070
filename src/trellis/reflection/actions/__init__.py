"""Every write of the reflection app, split by sub-domain: journal (reflections, prompts,
revisits), portfolio (collections, audiences, links, responses), families (guardians,
invitations, ages) and notices (the bell and the weekly digest)."""

from .families import (
    end_guardian_link,
    join_as_guardian,
    link_guardian,
    make_family_invite,
    set_student_age,
)
from .journal import (
    make_revisit,
    require_revisit,
    set_class_prompt,
    update_transcript,
    write_reflection,
)
from .notices import choose_digest, mark_all_read, notify, notify_once, send_digests
from .portfolio import (
    add_piece,
    approve_audience,
    choose_audience,
    create_collection,
    create_share_link,
    decide_consent,
    link_class,
    moderate_response,
    respond,
    revoke_share_link,
)
from .roster import end_roster_links, link_guardians, record_roster_ages

__all__ = [
    "add_piece",
    "approve_audience",
    "choose_audience",
    "choose_digest",
    "create_collection",
    "create_share_link",
    "decide_consent",
    "end_guardian_link",
    "end_roster_links",
    "join_as_guardian",
    "link_class",
    "link_guardian",
    "link_guardians",
    "make_family_invite",
    "make_revisit",
    "mark_all_read",
    "moderate_response",
    "notify",
    "notify_once",
    "record_roster_ages",
    "require_revisit",
    "respond",
    "revoke_share_link",
    "send_digests",
    "set_class_prompt",
    "set_student_age",
    "update_transcript",
    "write_reflection",
]
