from allauth.urls import build_provider_urlpatterns
from django.urls import include, path

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

# django-allauth, single sign-on only: each provider's login and callback, plus its error
# pages. Its own account pages (sign-up, password) are deliberately not routed. The names
# stay allauth's own (outside this namespace) because allauth reverses them.
sso_urlpatterns = [
    path("", include("allauth.socialaccount.urls")),
    *build_provider_urlpatterns(),
]
