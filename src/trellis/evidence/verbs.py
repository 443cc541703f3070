"""The verbs of the evidence log, each with the xAPI IRI it is exported under.

Adding a verb is adding a line here; the log stores the short name.

What `result` holds for each verb the release engine reads (the contract between the apps
that write evidence and trellis.progression's adapter to trellis.grr). `target_id` is set
whenever the act bears on a learning target; `subject` is the student it is about.

| verb             | result                                                          |
|------------------|-----------------------------------------------------------------|
| answered         | {"success": bool} and, for partial credit, {"score": {"scaled": 0..1}} |
| rated-confidence | {"score": {"raw": 1..4, "min": 1, "max": 4}}                     |
| observed         | {"response": "explained" | "prompted" | "off-track"} (actor: teacher) |
| requested-help   | {"response": "<the student's note>"}; context.extensions.task = task id |
| scored           | {"score": {"scaled": 0..1}} (a rubric score, normalised)         |
| self-assessed    | {"score": {"scaled": 0..1}}; the teacher's score, when known, in |
|                  | result.extensions.teacher_scaled so the gap can be computed       |
| moved            | {"response": "<from>→<to>"}; context.extensions: task, from, to,  |
|                  | recommendation, note                                             |
"""

import enum

ADL = "http://adlnet.gov/expapi/verbs/"
# The Trellis xAPI profile's namespace (src/trellis/evidence/xapi/profile.jsonld, docs/xapi.md):
# verbs, extensions and activity types that no ADL verb says as well.
PROFILE = "https://trellis.school/xapi/"
TRELLIS = PROFILE + "verbs/"

# Our verbs that an ADL verb says exactly. The rest are defined in the Trellis profile.
# (`submitted` is not ADL `attempted`: attempting is starting, submitting is handing in.)
ADL_VERBS = {
    "answered": "answered",
    "completed": "completed",
    "voided": "voided",
    "gave-feedback": "commented",
    "requested-help": "asked",
    "scored": "scored",
}


class Verb(enum.StrEnum):
    ANSWERED = "answered"  # a check-in or success-check answer; result.success / score
    RATED_CONFIDENCE = "rated-confidence"  # result.score.raw 1..4
    OBSERVED = "observed"  # teacher observation; result.response = explained|prompted|off-track
    REQUESTED_HELP = "requested-help"
    RESOLVED_HELP = "resolved-help"
    SIGNALLED_LOST = "signalled-lost"  # "I'm lost" during modeling
    SUGGESTED = "suggested"  # "what comes next?" during co-construction
    PLANNED = "planned"  # guided practice: what I will do next
    REFLECTED = "reflected"
    SELF_ASSESSED = "self-assessed"
    SCORED = "scored"  # rubric score, result.score.scaled 0..1
    GAVE_FEEDBACK = "gave-feedback"
    USED_FEEDBACK = "used-feedback"
    SUBMITTED = "submitted"
    REVISED = "revised"
    MOVED = "moved"  # a phase move by a teacher (release, hold, step back)
    COMPLETED = "completed"
    ENDORSED = "endorsed"
    PULSE_ANSWERED = "pulse-answered"
    VOIDED = "voided"  # a correction: the event it names no longer counts

    @property
    def iri(self) -> str:
        if self.value in ADL_VERBS:
            return ADL + ADL_VERBS[self.value]
        return TRELLIS + self.value
