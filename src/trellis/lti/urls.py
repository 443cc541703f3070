from django.urls import path

from . import views

app_name = "lti"

urlpatterns = [
    path("jwks/", views.jwks, name="jwks"),
    path("login/", views.oidc_login, name="login"),
    path("launch/", views.launch, name="launch"),
    path("pick/", views.pick, name="pick"),
    path("admin/", views.admin, name="admin"),
    path("admin/registrations/new/", views.registration_new, name="registration_new"),
    path(
        "admin/registrations/<int:registration_id>/",
        views.registration_edit,
        name="registration_edit",
    ),
    path("admin/keys/rotate/", views.rotate_keys, name="rotate_keys"),
    path("courses/<int:link_id>/", views.course, name="course"),
    path("courses/<int:link_id>/sync/", views.course_sync, name="course_sync"),
    path(
        "courses/<int:link_id>/placements/<int:placement_id>/grades/",
        views.grades_send,
        name="grades_send",
    ),
]
