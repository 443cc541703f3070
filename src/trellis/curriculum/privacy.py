"""What curriculum holds about a person (see trellis.privacy.declarations)."""

from trellis.privacy.declarations import Declaration, Erase, register

register(
    Declaration(
        "curriculum.LearningTarget",
        "Learning targets you wrote.",
        {"created_by": Erase.DEIDENTIFY},
    ),
    Declaration("curriculum.Task", "Tasks you planned.", {"created_by": Erase.DEIDENTIFY}),
)
