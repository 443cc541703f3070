from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from trellis.accounts import views as account_views
from trellis.api import api
from trellis.common.script_catalog import ScriptCatalog, catalog_version
from trellis.signin import urls as signin_urls
from trellis.signin.forms import AdminLoginForm
from trellis.signin.views import LoginView

# The Django admin's sign-in is throttled like the main one.
admin.site.login_form = AdminLoginForm

urlpatterns = [
    path("", account_views.home, name="home"),
    path("login/", LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    # The static scripts' words in the page's language (gettext() in JS): a script file, so the
    # Content-Security-Policy's script-src 'self' allows it, kept by the browser until the
    # language or the catalogue changes (trellis.common.script_catalog, docs/languages.md).
    path(
        f"jsi18n/<str:lang>/{catalog_version()}.js",
        ScriptCatalog.as_view(),
        name="javascript-catalog",
    ),
    path("account/", include("trellis.accounts.urls")),
    path("audit/", include("trellis.audit.urls")),
    path("people/", include("trellis.accounts.people.urls")),
    path("sign-in/", include("trellis.signin.urls")),
    path("sign-in/sso/", include(signin_urls.sso_urlpatterns)),
    path("classes/", include("trellis.rosters.urls")),
    path("classes/", include("trellis.curriculum.urls")),
    path("classes/", include("trellis.progression.urls")),
    path("charter/", include("trellis.charter.urls")),
    path("checkins/", include("trellis.checkins.urls")),
    path("evidence/", include("trellis.evidence.urls")),
    path("teams/", include("trellis.collaboration.urls")),
    path("work/", include("trellis.work.urls")),
    path("reflection/", include("trellis.reflection.urls")),
    path("privacy/", include("trellis.privacy.urls")),
    path("lti/", include("trellis.lti.urls")),
    path("api/v1/", api.urls),
    path("django-admin/", admin.site.urls),
]
