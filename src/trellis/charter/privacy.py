"""What the charter holds about a person (see trellis.privacy.declarations).

Anonymous pulse answers are not here: nothing links them to anyone, so there is nothing to
export or erase. A participation row (that she answered) is deleted.
"""

from trellis.privacy.declarations import Declaration, Erase, register

register(
    Declaration(
        "charter.Kickoff", "Charter kickoffs you started.", {"started_by": Erase.DEIDENTIFY}
    ),
    Declaration(
        "charter.BoardEntry",
        "What you wrote on your team's board during the kickoff (the team's board keeps it).",
        {"author": Erase.DEIDENTIFY},
    ),
    Declaration("charter.Nudge", "Nudges you sent to a team.", {"sent_by": Erase.DEIDENTIFY}),
    Declaration(
        "charter.Contribution",
        "Ideas you sent to the class summary (the class summary keeps them).",
        {"author": Erase.DEIDENTIFY},
    ),
    Declaration(
        "charter.CharterVersion",
        "Charter versions you published.",
        {"published_by": Erase.DEIDENTIFY},
    ),
    Declaration(
        "charter.Endorsement",
        "Your agreement with a charter version and what you would change.",
        {"student": Erase.KEEP_AGGREGATE},
        scrub=("would_change",),
    ),
    Declaration("charter.Pulse", "Pulses you scheduled.", {"created_by": Erase.DEIDENTIFY}),
    Declaration(
        "charter.PulseParticipation",
        "That you answered a pulse (not what you answered, for an anonymous pulse).",
        {"student": Erase.DELETE},
    ),
    Declaration(
        "charter.PulseResponse",
        "Your answers to pulses that were not anonymous.",
        {"respondent": Erase.DEIDENTIFY},
        scrub=("doing_well", "do_better"),
    ),
)
