from django.urls import path

from . import views

app_name = "people"
urlpatterns = [
    path("", views.people, name="list"),
    path("<int:person_id>/deactivate/", views.deactivate, name="deactivate"),
    path("<int:person_id>/reactivate/", views.reactivate, name="reactivate"),
    path("<int:person_id>/reset-signin/", views.reset_signin, name="reset_signin"),
    path("<int:person_id>/role/", views.change_role, name="change_role"),
]
