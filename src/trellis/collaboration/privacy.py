"""What the collaboration app holds about a person (see trellis.privacy.declarations).

A teacher's own writing that colleagues depend on (a team's inquiries, decisions, rounds,
practices) stays with a stand-in. Observations she hosted go with her; notes she wrote as an
observer belong to the observed teacher and stay, unnamed. Her trust-pulse participation is
deleted; the anonymous answer was never hers by any key, so it stays in the school's figures.
"""

from trellis.privacy.declarations import Declaration, Erase, register

register(
    Declaration(
        "collaboration.TeacherTeam",
        "Teacher teams you created or facilitate.",
        {"created_by": Erase.DEIDENTIFY, "facilitator": Erase.DEIDENTIFY},
    ),
    Declaration(
        "collaboration.TeamMember", "The teacher teams you belong to.", {"teacher": Erase.DELETE}
    ),
    Declaration(
        "collaboration.Practice",
        "Practices you added to the school's library.",
        {"created_by": Erase.DEIDENTIFY},
    ),
    Declaration(
        "collaboration.SchoolFocus", "School focus goals you set.", {"created_by": Erase.DEIDENTIFY}
    ),
    Declaration(
        "collaboration.Inquiry",
        "Inquiries you opened for a team.",
        {"created_by": Erase.DEIDENTIFY},
    ),
    Declaration(
        "collaboration.ModerationRound",
        "Moderation rounds you set up.",
        {"created_by": Erase.DEIDENTIFY},
    ),
    Declaration(
        "collaboration.ModerationScore",
        "Your independent scores in moderation rounds.",
        {"scorer": Erase.KEEP_AGGREGATE},
    ),
    Declaration(
        "collaboration.Observation",
        "Lessons you opened to a colleague (with their notes and your reply), and notes you "
        "wrote as an observer.",
        {"observed": Erase.DELETE, "observer": Erase.DEIDENTIFY},
    ),
    Declaration(
        "collaboration.Decision",
        "Decisions you logged or took part in.",
        {"created_by": Erase.DEIDENTIFY},
    ),
    Declaration(
        "collaboration.DecisionParticipant",
        "That you took part in a team's decision.",
        {"teacher": Erase.DEIDENTIFY},
    ),
    Declaration(
        "collaboration.TrustPulse", "Staff pulses you opened.", {"created_by": Erase.DEIDENTIFY}
    ),
    Declaration(
        "collaboration.TrustParticipation",
        "That you answered a staff trust pulse (never what you answered).",
        {"teacher": Erase.DELETE},
    ),
    Declaration(
        "collaboration.DelegatedRole",
        "Roles delegated to you or by you.",
        {"teacher": Erase.DELETE, "granted_by": Erase.DEIDENTIFY},
    ),
    Declaration(
        "collaboration.TeamRubric",
        "Rubrics you shared with a teacher team as its common rubric.",
        {"shared_by": Erase.DEIDENTIFY},
    ),
    Declaration(
        "collaboration.SchoolNetwork",
        "Networks of schools you created.",
        {"created_by": Erase.DEIDENTIFY},
    ),
    Declaration(
        "collaboration.NetworkSchool",
        "Networks you joined your school to.",
        {"joined_by": Erase.DEIDENTIFY},
    ),
)
