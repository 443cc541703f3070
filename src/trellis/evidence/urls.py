from django.urls import path

from . import views

app_name = "evidence"
urlpatterns = [
    path("lrs/", views.lrs, name="lrs"),
    path("lrs/send/", views.lrs_deliver, name="lrs_deliver"),
]
