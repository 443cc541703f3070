"""What check-ins hold about a person (see trellis.privacy.declarations)."""

from trellis.privacy.declarations import Declaration, Erase, register

register(
    Declaration(
        "checkins.Question", "Questions in your question bank.", {"owner": Erase.DEIDENTIFY}
    ),
    Declaration(
        "checkins.QuestionVersion",
        "Versions of questions you wrote.",
        {"created_by": Erase.DEIDENTIFY},
    ),
    Declaration("checkins.CheckIn", "Check-ins you made.", {"owner": Erase.DEIDENTIFY}),
    Declaration("checkins.Run", "Check-in runs you started.", {"started_by": Erase.DEIDENTIFY}),
    Declaration(
        "checkins.Answer",
        "Your check-in answers, confidence and marks (the class results keep them, unnamed).",
        {"student": Erase.KEEP_AGGREGATE, "marked_by": Erase.DEIDENTIFY},
    ),
)
