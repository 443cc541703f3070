"""What the evidence log holds about a person (see trellis.privacy.declarations).

Events are kept for the class's figures, with a stand-in instead of the person; a student's
own words inside an event (a help note, a suggestion, a plan) are cleared.
"""

from trellis.privacy.declarations import Declaration, Erase, register

from .verbs import Verb

OWN_WORDS = {
    Verb.REQUESTED_HELP,
    Verb.SIGNALLED_LOST,
    Verb.SUGGESTED,
    Verb.PLANNED,
    Verb.REFLECTED,
}


def _clear_own_words(person, stand_in):
    from .models import EvidenceEvent

    rows = []
    for e in EvidenceEvent._base_manager.filter(
        actor=person, verb__in=[v.value for v in OWN_WORDS]
    ):
        if "response" in e.result:
            e.result = {**e.result, "response": ""}
            rows.append(e)
    EvidenceEvent._base_manager.bulk_update(rows, ["result"])


register(
    Declaration(
        "evidence.EvidenceEvent",
        "Every act recorded about you or by you (answers, confidence, help, moves, feedback).",
        {"actor": Erase.KEEP_AGGREGATE, "subject": Erase.KEEP_AGGREGATE},
        erase_with=_clear_own_words,
    ),
)
