from django.urls import path

from . import views

app_name = "checkins"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.create, name="create"),
    path("<int:checkin_id>/", views.detail, name="detail"),
    path("<int:checkin_id>/edit/", views.edit, name="edit"),
    path("<int:checkin_id>/copy/", views.copy, name="copy"),
    path("<int:checkin_id>/items/add/", views.add_item, name="add_item"),
    path("<int:checkin_id>/items/<int:item_id>/remove/", views.remove_item, name="remove_item"),
    path("<int:checkin_id>/items/<int:item_id>/move/", views.move_item, name="move_item"),
    path("<int:checkin_id>/run/", views.start_run, name="start_run"),
    path("bank/", views.bank, name="bank"),
    path("bank/new/", views.question_new, name="question_new"),
    path("bank/<int:question_id>/edit/", views.question_edit, name="question_edit"),
    path("bank/<int:question_id>/copy/", views.question_copy, name="question_copy"),
    path("class/<int:class_id>/", views.class_checkins, name="class"),
    path("runs/<int:run_id>/", views.run, name="run"),
    path("runs/<int:run_id>/results/", views.results, name="results"),
    path("runs/<int:run_id>/go/", views.go, name="go"),
    path("runs/<int:run_id>/reveal/", views.reveal, name="reveal"),
    path("runs/<int:run_id>/close/", views.close, name="close"),
    path("runs/<int:run_id>/marking/", views.marking, name="marking"),
    path("runs/<int:run_id>/marking/mark/", views.mark, name="mark"),
    path("runs/<int:run_id>/move/", views.move, name="move"),
    path("runs/<int:run_id>/take/", views.take, name="take"),
    path("runs/<int:run_id>/take/state/", views.take_state, name="take_state"),
    path("runs/<int:run_id>/answer/<int:question_id>/", views.answer, name="answer"),
    path("runs/<int:run_id>/confidence/<int:question_id>/", views.confidence, name="confidence"),
]
