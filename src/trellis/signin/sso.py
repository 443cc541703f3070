"""Single sign-on through django-allauth, limited to people the school already imported.

A sign-in from Google, Microsoft or an OpenID Connect provider (Clever, ClassLink, ...) is
matched to an existing account by the roster's sourcedId claim or by a verified email, never
by name; anything else is refused with a page that says whom to ask. Nobody is ever created.
"""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.shortcuts import render
from django.utils.translation import gettext

from .actions import apply_session_length


class Refused(Exception):
    def __init__(self, title: str, message: str):
        super().__init__(message)
        self.title = title
        self.message = message


def claims_of(extra_data: dict) -> dict:
    """The provider's claims, whatever shape allauth stored them in."""
    for key in ("userinfo", "id_token"):
        if isinstance(extra_data.get(key), dict):
            return extra_data[key]
    return extra_data or {}


def match_person(provider: str, claims: dict, emails: list[tuple[str, bool]]):
    """The one active imported person this identity belongs to, or Refused saying why.

    `emails` are (address, verified) pairs. Match by the sourcedId claim first (the roster's
    own identifier), then by verified email; a name is never used.
    """
    User = get_user_model()
    ask = {"contact": settings.SIGNIN_HELP_CONTACT}
    person = None
    claim = settings.SIGNIN_SOURCED_ID_CLAIM
    sourced_id = str(claims.get(claim) or "").strip() if claim else ""
    if sourced_id:
        person = User.objects.filter(sourced_id=sourced_id).first()
    if person is None:
        trusted = provider in settings.SIGNIN_TRUSTED_EMAIL_PROVIDERS
        verified = sorted({e.lower() for e, ok in emails if e and (ok or trusted)})
        if not verified:
            if any(e for e, _ in emails):
                raise Refused(
                    gettext("Your email address is not verified"),
                    gettext(
                        "Your sign-in provider did not confirm that this email address is "
                        "yours, so Trellis cannot tell which account it belongs to. Verify the "
                        "address with your provider and try again, or sign in with your "
                        "password. Ask %(contact)s if you have none."
                    )
                    % ask,
                )
            raise Refused(
                gettext("No account matches this sign-in"),
                gettext(
                    "Your sign-in provider sent no email address or roster identifier, so "
                    "Trellis cannot tell which account is yours. Ask %(contact)s to check your "
                    "school's setup."
                )
                % ask,
            )
        any_address = Q()
        for address in verified:
            any_address |= Q(email__iexact=address)
        matches = list(User.objects.filter(any_address)[:2])
        if len(matches) > 1:
            raise Refused(
                gettext("More than one account has this email"),
                gettext(
                    "Several Trellis accounts share %(email)s, so Trellis will not guess. Ask "
                    "%(contact)s to give each account its own address."
                )
                % {**ask, "email": verified[0]},
            )
        person = matches[0] if matches else None
    if person is None:
        raise Refused(
            gettext("No account matches this sign-in"),
            gettext(
                "Trellis has no account for this identity: accounts come from your school's "
                "roster and are never created at sign-in. Ask %(contact)s to add you to the "
                "roster or to check the email address it holds for you."
            )
            % ask,
        )
    if not person.is_active:
        raise Refused(
            gettext("This account is turned off"),
            gettext(
                "The account for %(name)s is deactivated, so it cannot sign in. Ask "
                "%(contact)s if you think this is a mistake."
            )
            % {**ask, "name": person.name},
        )
    return person


def refusal_page(request, refused: Refused):
    return render(
        request,
        "signin/sso_refused.html",
        {"title": refused.title, "message": refused.message},
        status=403,
    )


class NoSignup(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        return False

    def login(self, request, user):
        super().login(request, user)
        apply_session_length(request, user)


class MatchImportedPeople(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request, sociallogin):
        return False

    def pre_social_login(self, request, sociallogin):
        provider = sociallogin.account.provider
        try:
            if sociallogin.is_existing:
                # Linked before: the link stands, but a deactivated person stays out.
                if not sociallogin.user.is_active:
                    raise Refused(
                        gettext("This account is turned off"),
                        gettext(
                            "The account for %(name)s is deactivated. Ask %(contact)s if you "
                            "think this is a mistake."
                        )
                        % {"name": sociallogin.user.name, "contact": settings.SIGNIN_HELP_CONTACT},
                    )
                return
            emails = [(e.email, bool(e.verified)) for e in sociallogin.email_addresses]
            if not emails and sociallogin.user is not None and sociallogin.user.email:
                emails = [(sociallogin.user.email, False)]
            person = match_person(provider, claims_of(sociallogin.account.extra_data), emails)
        except Refused as refused:
            raise ImmediateHttpResponse(refusal_page(request, refused)) from None
        sociallogin.connect(request, person)

    def on_authentication_error(
        self, request, provider, error=None, exception=None, extra_context=None
    ):
        refused = Refused(
            gettext("Single sign-on did not finish"),
            gettext(
                "The sign-in provider did not confirm who you are (it was cancelled or failed). "
                "Try again, or sign in with your username and password."
            ),
        )
        raise ImmediateHttpResponse(refusal_page(request, refused))
