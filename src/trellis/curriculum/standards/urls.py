"""Included from curriculum/urls.py (names in the "curriculum" namespace)."""

from django.urls import path

from . import views

urlpatterns = [
    path("standards/import/", views.import_standards, name="standards_import"),
]
