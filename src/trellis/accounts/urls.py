from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("tokens/", views.tokens, name="tokens"),
    path("preferences/", views.preferences, name="preferences"),
    path("school/", views.school, name="school"),
    path("tokens/<int:token_id>/revoke/", views.revoke_token, name="revoke_token"),
]
