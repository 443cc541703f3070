from django.urls import path

from . import views

app_name = "collaboration"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:team_id>/", views.team, name="team"),
    path("<int:team_id>/members/", views.add_member, name="add_member"),
    path(
        "<int:team_id>/members/<int:teacher_id>/remove/",
        views.remove_member,
        name="remove_member",
    ),
    path("<int:team_id>/rotate/", views.rotate, name="rotate"),
    path("<int:team_id>/copy/checkin/<int:checkin_id>/", views.copy_checkin, name="copy_checkin"),
    path("<int:team_id>/copy/task/<int:task_id>/", views.copy_task, name="copy_task"),
    path("<int:team_id>/pooled/<int:checkin_id>/", views.pooled, name="pooled"),
    path("<int:team_id>/decisions/", views.decision_new, name="decision_new"),
    path("<int:team_id>/inquiries/new/", views.inquiry_new, name="inquiry_new"),
    path("<int:team_id>/rounds/new/", views.round_new, name="round_new"),
    path("inquiries/<int:inquiry_id>/", views.inquiry, name="inquiry"),
    path("inquiries/<int:inquiry_id>/finish/", views.inquiry_finish, name="inquiry_finish"),
    path("practices/", views.practices, name="practices"),
    path("practices/<int:practice_id>/", views.practice, name="practice"),
    path("rounds/<int:round_id>/", views.round_detail, name="round"),
    path("rounds/<int:round_id>/pieces/<int:piece_id>/score/", views.score, name="score"),
    path("rounds/<int:round_id>/pieces/<int:piece_id>/agree/", views.agree, name="agree"),
    path("observations/", views.observations, name="observations"),
    path("observations/<int:observation_id>/", views.observation, name="observation"),
    path(
        "observations/<int:observation_id>/reply/",
        views.observation_reply,
        name="observation_reply",
    ),
    path("decisions/<int:decision_id>/review/", views.decision_review, name="decision_review"),
    path("trust/", views.trust, name="trust"),
    path("trust/<int:pulse_id>/answer/", views.trust_answer, name="trust_answer"),
    path("school/", views.matrix, name="matrix"),
    path("school/monitoring/", views.monitoring, name="monitoring"),
    path("school/focus/", views.focus, name="focus"),
    path("school/roles/", views.roles, name="roles"),
    path("school/summary/", views.summary, name="summary"),
]
