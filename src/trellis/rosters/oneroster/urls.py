"""Included from rosters/urls.py (names in the "rosters" namespace)."""

from django.urls import path

from . import views

urlpatterns = [
    path("import/", views.import_roster, name="import"),
    path("import/link-school/", views.link_school, name="link_school"),
    path("import/class-list/", views.import_class_list, name="import_class_list"),
    path("<int:class_id>/roster.csv", views.export_roster, name="export_roster"),
]
