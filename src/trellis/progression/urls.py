from django.urls import path

from . import views

app_name = "progression"
T = "<int:class_id>/tasks/<int:task_id>/"
urlpatterns = [
    path("today/", views.today, name="today"),
    path("<int:class_id>/board/", views.board, name="board"),
    path("<int:class_id>/board/grid/", views.board_grid, name="board_grid"),
    path("<int:class_id>/board/move/", views.board_move, name="board_move"),
    path("<int:class_id>/board/undo/", views.board_undo, name="board_undo"),
    path("<int:class_id>/board/board.csv", views.board_csv, name="board_csv"),
    path(
        "<int:class_id>/board/cell/<int:task_id>/<int:student_id>/",
        views.board_cell,
        name="board_cell",
    ),
    path(
        "<int:class_id>/recommendations/",
        views.recommendation_outcomes,
        name="recommendation_outcomes",
    ),
    path("<int:class_id>/my-learning/", views.my_learning, name="my_learning"),
    path(T + "run/", views.run, name="run"),
    path(T + "run/start/", views.run_start, name="run_start"),
    path(T + "run/end/", views.run_end, name="run_end"),
    path(T + "run/live/", views.run_live, name="run_live"),
    path(T + "run/observe/", views.observe, name="observe"),
    path(T + "run/guided/", views.run_guided, name="run_guided"),
    path(T + "run/help/<int:help_id>/resolve/", views.resolve_help, name="resolve_help"),
    path(T + "run/checks/<int:answer_id>/mark/", views.mark_check, name="mark_check"),
    path(T + "projector/", views.projector, name="projector"),
    path(T + "projector/step/", views.projector_step, name="projector_step"),
    path(T + "projector/mode/", views.projector_mode, name="projector_mode"),
    path(T + "projector/pick/", views.pick, name="pick"),
    path(T + "learn/", views.learn, name="learn"),
    path(T + "learn/live/", views.learn_live, name="learn_live"),
    path(T + "learn/lost/", views.learn_lost, name="learn_lost"),
    path(T + "learn/suggest/", views.learn_suggest, name="learn_suggest"),
    path(T + "learn/plan/", views.learn_plan, name="learn_plan"),
    path(T + "learn/reflect/", views.learn_reflect, name="learn_reflect"),
    path(T + "learn/help/", views.learn_help, name="learn_help"),
    path(T + "learn/check/", views.learn_check, name="learn_check"),
]
