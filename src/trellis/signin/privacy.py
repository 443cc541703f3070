"""What sign-in holds about a person, including django-allauth's tables (see
trellis.privacy.declarations)."""

from trellis.privacy.declarations import Declaration, Erase, register

register(
    Declaration(
        "signin.SignInCard",
        "Class sign-in cards made for you, or that you issued as a teacher.",
        {"student": Erase.DELETE, "issued_by": Erase.DEIDENTIFY},
        hide=("code_hash",),
    ),
    Declaration(
        "account.EmailAddress",
        "Email addresses single sign-on knows for you.",
        {"user": Erase.DELETE},
    ),
    Declaration(
        "socialaccount.SocialAccount",
        "Your single sign-on links (Google, Microsoft, OpenID Connect) and what they sent.",
        {"user": Erase.DELETE},
    ),
)
