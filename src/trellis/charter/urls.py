from django.urls import path

from . import views

app_name = "charter"
C = "<int:class_id>/"
urlpatterns = [
    path("", views.culture, name="culture"),
    path(C, views.home, name="home"),
    path(C + "print/", views.print_view, name="print"),
    path(C + "items/<str:key>/", views.item, name="item"),
    path(C + "versions/<int:number>/", views.version, name="version"),
    path(C + "endorse/", views.endorse, name="endorse"),
    path(C + "draft/from-summary/", views.draft_from_summary, name="draft_from_summary"),
    path(C + "draft/items/", views.draft_item_add, name="draft_item_add"),
    path(C + "draft/items/<int:item_id>/", views.draft_item_edit, name="draft_item_edit"),
    path(C + "draft/items/<int:item_id>/move/", views.draft_item_move, name="draft_item_move"),
    path(
        C + "draft/items/<int:item_id>/remove/", views.draft_item_remove, name="draft_item_remove"
    ),
    path(C + "publish/", views.publish, name="publish"),
    path(C + "revise/", views.revise, name="revise"),
    path(C + "kickoff/", views.kickoff, name="kickoff"),
    path(C + "kickoff/start/", views.kickoff_start, name="kickoff_start"),
    path(C + "kickoff/prompts/", views.prompt_add, name="prompt_add"),
    path(C + "kickoff/prompts/<int:prompt_id>/", views.prompt_edit, name="prompt_edit"),
    path(C + "kickoff/prompts/<int:prompt_id>/move/", views.prompt_move, name="prompt_move"),
    path(C + "kickoff/prompts/<int:prompt_id>/remove/", views.prompt_remove, name="prompt_remove"),
    path(C + "kickoff/boards/", views.boards, name="boards"),
    path(C + "kickoff/boards/live/", views.boards_live, name="boards_live"),
    path(C + "kickoff/nudge/", views.nudge, name="nudge"),
    path(C + "kickoff/boards/<int:team_id>/", views.board, name="board"),
    path(C + "kickoff/boards/<int:team_id>/live/", views.board_live, name="board_live"),
    path(C + "kickoff/boards/<int:team_id>/entries/", views.board_entry, name="board_entry"),
    path(C + "kickoff/boards/<int:team_id>/contribute/", views.contribute, name="contribute"),
    path(C + "summary/", views.summary, name="summary"),
    path(C + "summary/project/", views.project, name="project"),
    path(C + "summary/project/live/", views.project_live, name="project_live"),
    path(C + "summary/ideas/<int:item_id>/reword/", views.item_reword, name="item_reword"),
    path(C + "summary/ideas/<int:item_id>/move/", views.item_move, name="item_move"),
    path(C + "summary/ideas/<int:item_id>/merge/", views.item_merge, name="item_merge"),
    path(
        C + "summary/contributions/<int:contribution_id>/split/",
        views.contribution_split,
        name="contribution_split",
    ),
    path(C + "pulses/", views.pulses, name="pulses"),
    path(C + "pulses/schedule/", views.pulse_schedule, name="pulse_schedule"),
    path(C + "pulses/trends/", views.pulse_trends, name="pulse_trends"),
    path(C + "pulses/<int:pulse_id>/", views.pulse_answer, name="pulse_answer"),
    path(C + "pulses/<int:pulse_id>/results/", views.pulse_results, name="pulse_results"),
    path(C + "pulses/<int:pulse_id>/close/", views.pulse_close, name="pulse_close"),
    path(C + "pulses/<int:pulse_id>/share/", views.pulse_share, name="pulse_share"),
]
