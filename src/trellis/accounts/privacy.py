"""What accounts holds about a person (see trellis.privacy.declarations)."""

from trellis.privacy.declarations import Declaration, Erase, register

register(
    Declaration(
        "accounts.User",
        "Your account: names, email, role, school, when you joined and last signed in, "
        "and your display preferences (text size, reduced motion, high contrast, language).",
        {"id": Erase.DELETE},
        hide=("password",),
        order=100,  # last: everything else is handled first
    ),
    Declaration(
        "accounts.ApiToken",
        "Your personal API tokens (names and first characters only; never the secret).",
        {"user": Erase.DELETE},
        hide=("key_hash",),
    ),
    Declaration(
        "accounts.User_groups",
        "Django permission groups you belong to.",
        {"user": Erase.DELETE},
    ),
    Declaration(
        "accounts.User_user_permissions",
        "Django permissions given to you directly.",
        {"user": Erase.DELETE},
    ),
)
