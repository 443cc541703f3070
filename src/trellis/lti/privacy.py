"""What the LTI app holds about a person (see trellis.privacy.declarations).

An LMS user's id on the platform (``sub``), their name and e-mail as the LMS sent them, and
their course roles are personal data: django-lti keeps them in ``LtiUser`` and
``LtiMembership``, tied to the Trellis person a launch or roster sync matched.
"""

from trellis.privacy.declarations import Declaration, Erase, register

register(
    Declaration(
        "lti_tool.LtiUser",
        "Your account in a school LMS as the LMS described it to Trellis: its id there, name, "
        "e-mail and picture address.",
        {"auth_user": Erase.DELETE},
    ),
    Declaration(
        "lti_tool.LtiMembership",
        "Your roles in LMS courses (learner, instructor...).",
        {"user__auth_user": Erase.DELETE},
    ),
    Declaration(
        "lti.Placement",
        "Trellis work you placed in an LMS course.",
        {"placed_by": Erase.DEIDENTIFY},
    ),
    Declaration(
        "lti.ScoreSent",
        "Final marks Trellis sent to an LMS gradebook for you.",
        {"student": Erase.DELETE},
    ),
)
