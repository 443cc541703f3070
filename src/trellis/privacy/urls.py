from django.urls import path

from . import views

app_name = "privacy"
urlpatterns = [
    path("", views.admin_page, name="admin"),
    path("retention/", views.retention, name="retention"),
    path("people/<int:person_id>/export/", views.export, name="export"),
    path("people/<int:person_id>/erase/", views.erase, name="erase"),
    path("me/", views.mine, name="mine"),
    path("me/export/", views.export_mine, name="export_mine"),
]
