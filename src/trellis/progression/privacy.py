"""What progression holds about a person (see trellis.privacy.declarations)."""

from trellis.privacy.declarations import Declaration, Erase, register

register(
    Declaration("progression.TaskRun", "Task runs you started.", {"started_by": Erase.DEIDENTIFY}),
    Declaration(
        "progression.StudentPhase",
        "Your phase (I do, we do, you do together, you do alone) in each task.",
        {"student": Erase.KEEP_AGGREGATE},
    ),
    Declaration(
        "progression.PhaseMove",
        "Each move of your phase: who moved it, from where to where, and why.",
        {"student": Erase.KEEP_AGGREGATE, "actor": Erase.DEIDENTIFY},
        scrub=("note",),
    ),
    Declaration(
        "progression.Suggestion",
        "What you suggested should come next.",
        {"student": Erase.DELETE},
    ),
    Declaration(
        "progression.GuidedEntry",
        "Your plans and reflections during guided practice.",
        {"student": Erase.DELETE},
    ),
    Declaration(
        "progression.HelpRequest",
        "Your help requests (and the ones you resolved, as a teacher).",
        {"student": Erase.DELETE, "resolved_by": Erase.DEIDENTIFY},
    ),
    Declaration(
        "progression.SuccessCheckAnswer",
        "Your answers to success checks and their marks.",
        {"student": Erase.KEEP_AGGREGATE, "marked_by": Erase.DEIDENTIFY},
        scrub=("answer",),
    ),
)

register(
    Declaration(
        "progression.ClassThresholds",
        "Release thresholds you tuned for a class you teach.",
        {"updated_by": Erase.DEIDENTIFY},
    ),
)
