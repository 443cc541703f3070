import functools

from allauth.socialaccount.models import SocialApp
from allauth.urls import build_provider_urlpatterns
from django.http import Http404
from django.urls import URLPattern, URLResolver, path

from . import views

app_name = "signin"
urlpatterns = [
    path("reset/", views.password_reset, name="reset"),
    path("reset/sent/", views.password_reset_sent, name="reset_sent"),
    path("reset/done/", views.password_reset_complete, name="reset_complete"),
    path("reset/<uidb64>/<token>/", views.password_reset_confirm, name="reset_confirm"),
    path("invitation/<uidb64>/<token>/", views.accept_invitation, name="invitation"),
    path("password/", views.password_change, name="password_change"),
    path("card/", views.card_sign_in, name="card"),
    path("classes/<int:class_id>/cards/", views.class_cards, name="class_cards"),
    path("people/", views.people, name="people"),
    path("people/<int:person_id>/", views.person, name="person"),
    path("people/<int:person_id>/invite/", views.invite, name="invite"),
    path("people/<int:person_id>/password/", views.set_password, name="set_password"),
    path("people/<int:person_id>/unlock/", views.unlock, name="unlock"),
]


def _unconfigured_is_404(view):
    """A provider whose settings are absent answers 404, not allauth's server error."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except SocialApp.DoesNotExist:
            raise Http404("This sign-in provider is not configured.") from None

    return wrapped


def _guarded(patterns):
    for p in patterns:
        if isinstance(p, URLPattern):
            p.callback = _unconfigured_is_404(p.callback)
        elif isinstance(p, URLResolver):
            _guarded(p.url_patterns)
    return patterns


# django-allauth, single sign-on only: each provider's login and callback. allauth's own pages
# (sign-up, connections, its error pages) are not routed; the names its flows reverse lead to
# ours instead. The names stay allauth's (outside this namespace) because allauth reverses them.
sso_urlpatterns = [
    path("cancelled/", views.sso_cancelled, name="socialaccount_login_cancelled"),
    path("error/", views.sso_error, name="socialaccount_login_error"),
    path("signup/", views.sso_error, name="socialaccount_signup"),
    path("connections/", views.sso_error, name="socialaccount_connections"),
    *_guarded(build_provider_urlpatterns()),
]
