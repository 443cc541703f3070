from django.urls import include, path

from . import views

app_name = "curriculum"
T = "<int:class_id>/tasks/<int:task_id>/"
urlpatterns = [
    path("", include("trellis.curriculum.standards.urls")),
    path("<int:class_id>/targets/", views.targets, name="targets"),
    path("<int:class_id>/targets/<int:target_id>/edit/", views.target_edit, name="target_edit"),
    path("<int:class_id>/tasks/", views.tasks, name="tasks"),
    path("<int:class_id>/tasks/new/", views.task_create, name="task_create"),
    path(T, views.task_detail, name="task"),
    path(T + "edit/", views.task_edit, name="task_edit"),
    path(T + "plan/", views.task_plan, name="task_plan"),
    path(T + "copy/", views.task_copy, name="task_copy"),
    path(T + "archive/", views.task_archive, name="task_archive"),
    path(T + "steps/<int:step_id>/image/", views.step_image, name="step_image"),
]
