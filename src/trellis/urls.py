from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from trellis.accounts import views as account_views
from trellis.api import api

urlpatterns = [
    path("", account_views.home, name="home"),
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="accounts/login.html", redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("account/", include("trellis.accounts.urls")),
    path("audit/", include("trellis.audit.urls")),
    path("people/", include("trellis.accounts.people.urls")),
    path("classes/", include("trellis.rosters.urls")),
    path("classes/", include("trellis.curriculum.urls")),
    path("classes/", include("trellis.progression.urls")),
    path("charter/", include("trellis.charter.urls")),
    path("checkins/", include("trellis.checkins.urls")),
    path("work/", include("trellis.work.urls")),
    path("api/v1/", api.urls),
    path("django-admin/", admin.site.urls),
]
