"""The Trellis xAPI profile: the verbs, extensions and activity types no ADL term says.

`build()` is the profile as a JSON-LD document following the xAPI Profiles specification
(1.0); `profile.jsonld` beside this module is its published copy, and a test holds the two
equal, so a new verb or extension cannot be sent without being defined. Words here are the
profile's own (English, as the specification's language maps allow); they are data, not
product text, so they are not translated.
"""

import json
from pathlib import Path

from ..verbs import ADL_VERBS, PROFILE, TRELLIS, Verb

EXTENSION = PROFILE + "extensions/"
ACTIVITY_TYPE = PROFILE + "activity-types/"
PROFILE_ID = PROFILE + "profile"
PROFILE_VERSION = PROFILE_ID + "/v1"
PUBLISHED = Path(__file__).with_name("profile.jsonld")

VERB_DEFINITIONS = {
    "rated-confidence": "Rated how sure they are of their own understanding, on a scale of 1 to 4.",
    "observed": (
        "Observed a student at work and noted whether they explained, needed a prompt, "
        "or were off track."
    ),
    "resolved-help": "Closed a request for help.",
    "signalled-lost": "Said, during a demonstration, that they had lost the thread.",
    "suggested": "Proposed what the class should do next while building a solution together.",
    "planned": "Wrote down what they will do next in guided practice.",
    "reflected": "Wrote a reflection on their own learning.",
    "self-assessed": "Scored their own work against a rubric criterion.",
    "used-feedback": "Marked feedback they received as used in a revision.",
    "submitted": "Handed in a first version of a piece of work or a success check.",
    "revised": "Handed in a new version of a piece of work.",
    "moved": "Moved a student to another phase of the gradual release of responsibility.",
    "endorsed": "Endorsed a statement: a class charter or a classmate's suggestion.",
    "pulse-answered": "Answered a short class pulse about the charter.",
}

EXTENSION_DEFINITIONS = {
    # (context or result, JSON schema type, definition)
    "target": (
        "context",
        "integer",
        "The learning target the evidence bears on (an id on this install).",
    ),
    "subject": (
        "context",
        "object",
        "The student the evidence is about when the actor is someone else (an account agent).",
    ),
    "task": ("context", "integer", "The task the act happened in."),
    "from": ("context", "string", "The phase a student was moved from."),
    "to": ("context", "string", "The phase a student was moved to."),
    "recommendation": (
        "context",
        "string",
        "What the release engine recommended when the move was made.",
    ),
    "kind": ("context", "string", "The kind of feedback: self, peer or teacher."),
    "purpose": ("context", "string", "Why a check-in was run: a fixed word."),
    "assignment": ("context", "integer", "The assignment the work belongs to."),
    "revision": ("context", "integer", "The revision of the work the act is about."),
    "criterion": ("context", "integer", "The rubric criterion the act is about."),
    "rubric_version": ("context", "integer", "The version of the rubric used."),
    "marked_by": ("context", "integer", "The account that marked an answer by hand."),
    "late": ("context", "boolean", "The answer arrived after the check-in closed."),
    "teacher_scaled": (
        "result",
        "number",
        "The teacher's score on the same criterion, scaled 0 to 1, for the gap between the two.",
    ),
}

ACTIVITY_TYPES = {
    "task": "A task: a piece of work serving one or more learning targets.",
    "task-step": "One step of a task, as the teacher models it.",
    "success-check": "The short check that closes a task.",
    "help-request": "A student's request for help.",
    "suggestion": "A student's suggestion during co-construction.",
    "checkin-question": "A question of a formative check-in.",
    "charter-version": "A version of a class charter.",
    "charter-pulse": "A short class pulse about the charter.",
    "work-revision": "A version of a piece of handed-in work.",
    "work-feedback": "A piece of feedback on handed-in work.",
    "work-score": "A rubric score on handed-in work.",
    "work-self-score": "A student's own rubric score on their work.",
    "class": "A class: the group the evidence was recorded in.",
}


def _lang(text: str) -> dict:
    return {"en": text}


def build() -> dict:
    concepts = []
    for verb in Verb:
        if verb.value in ADL_VERBS:
            continue
        concepts.append(
            {
                "id": TRELLIS + verb.value,
                "type": "Verb",
                "inScheme": PROFILE_VERSION,
                "prefLabel": _lang(verb.value.replace("-", " ")),
                "definition": _lang(VERB_DEFINITIONS[verb.value]),
            }
        )
    for name, (where, kind, text) in EXTENSION_DEFINITIONS.items():
        concepts.append(
            {
                "id": EXTENSION + name,
                "type": "ContextExtension" if where == "context" else "ResultExtension",
                "inScheme": PROFILE_VERSION,
                "prefLabel": _lang(name.replace("_", " ")),
                "definition": _lang(text),
                "inlineSchema": json.dumps({"type": kind}),
            }
        )
    for name, text in ACTIVITY_TYPES.items():
        concepts.append(
            {
                "id": ACTIVITY_TYPE + name,
                "type": "ActivityType",
                "inScheme": PROFILE_VERSION,
                "prefLabel": _lang(name.replace("-", " ")),
                "definition": _lang(text),
            }
        )
    return {
        "@context": "https://w3id.org/xapi/profiles/context",
        "id": PROFILE_ID,
        "type": "Profile",
        "conformsTo": "https://w3id.org/xapi/profiles#1.0",
        "prefLabel": _lang("Trellis"),
        "definition": _lang(
            "The evidence a Trellis classroom records under the gradual release of "
            "responsibility: the verbs, extensions and activity types no ADL term says."
        ),
        "author": {"type": "Organization", "name": "Trellis"},
        "versions": [{"id": PROFILE_VERSION, "generatedAtTime": "2026-11-28T00:00:00Z"}],
        "concepts": concepts,
    }


def as_text() -> str:
    return json.dumps(build(), indent=2, ensure_ascii=False) + "\n"
