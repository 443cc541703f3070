from django.urls import include, path

from . import views

app_name = "rosters"
urlpatterns = [
    path("new/", views.create, name="create"),
    path("join/", views.join, name="join"),
    path("", include("trellis.rosters.oneroster.urls")),
    path("<int:class_id>/", views.detail, name="detail"),
    path("<int:class_id>/join-code/rotate/", views.rotate_code, name="rotate_code"),
    path("<int:class_id>/teams/", views.teams, name="teams"),
    path("<int:class_id>/teams/form/", views.teams_form, name="teams_form"),
    path("<int:class_id>/teams/move/", views.teams_move, name="teams_move"),
    path("<int:class_id>/teams/lock/", views.teams_lock, name="teams_lock"),
    path("<int:class_id>/teams/avoid/", views.avoid_add, name="avoid_add"),
    path(
        "<int:class_id>/teams/avoid/<int:pair_id>/remove/", views.avoid_remove, name="avoid_remove"
    ),
]
