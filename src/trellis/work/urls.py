from django.urls import path

from .views import marking, rubrics, work

app_name = "work"
urlpatterns = [
    path("classes/<int:class_id>/", work.class_home, name="class"),
    path("classes/<int:class_id>/assignments/new/", work.assignment_create, name="assignment_new"),
    path("classes/<int:class_id>/rubrics/new/", rubrics.create, name="rubric_new"),
    path("classes/<int:class_id>/queue/", work.queue, name="queue"),
    path("classes/<int:class_id>/calibration/", work.calibration, name="calibration"),
    path("classes/<int:class_id>/marks.csv", work.marks_csv, name="marks_csv"),
    path("rubrics/<int:rubric_id>/", rubrics.detail, name="rubric"),
    path("rubrics/<int:rubric_id>/edit/", rubrics.edit, name="rubric_edit"),
    path("rubrics/<int:rubric_id>/copy/", rubrics.copy, name="rubric_copy"),
    path("rubrics/<int:rubric_id>/versions/<int:number>/", rubrics.version, name="rubric_version"),
    path("rubrics/<int:rubric_id>/publish/", rubrics.publish, name="rubric_publish"),
    path("rubrics/<int:rubric_id>/codesign/", rubrics.codesign, name="rubric_codesign"),
    path("rubrics/<int:rubric_id>/criteria/", rubrics.add_criterion, name="rubric_criterion"),
    path("rubrics/<int:rubric_id>/exemplars/", rubrics.add_exemplar, name="rubric_exemplar"),
    path("rubrics/<int:rubric_id>/propose/", rubrics.propose, name="rubric_propose"),
    path("proposals/<int:proposal_id>/vote/", rubrics.vote, name="proposal_vote"),
    path("proposals/<int:proposal_id>/comment/", rubrics.comment, name="proposal_comment"),
    path("proposals/<int:proposal_id>/decide/", rubrics.decide, name="proposal_decide"),
    path("assignments/<int:assignment_id>/", work.assignment_detail, name="assignment"),
    path("assignments/<int:assignment_id>/edit/", work.assignment_edit, name="assignment_edit"),
    path(
        "assignments/<int:assignment_id>/delete/", work.assignment_delete, name="assignment_delete"
    ),
    path("assignments/<int:assignment_id>/submit/", work.submit, name="submit"),
    path("assignments/<int:assignment_id>/peers/", work.peers, name="peers"),
    path("assignments/<int:assignment_id>/marking/", marking.marking, name="marking"),
    path(
        "assignments/<int:assignment_id>/marking/<int:submission_id>/",
        marking.marking_panel,
        name="marking_panel",
    ),
    path("bank/", marking.bank, name="bank"),
    path("feedback/<int:item_id>/rate/", marking.rate, name="rate"),
    path("revisions/<int:revision_id>/", work.revision_detail, name="revision"),
    path("revisions/<int:revision_id>/feedback/", work.give_feedback, name="feedback"),
    path("revisions/<int:revision_id>/score/", work.score, name="score"),
    path("revisions/<int:revision_id>/download/", work.download, name="download"),
    path("feedback/<int:item_id>/respond/", work.respond, name="respond"),
    path("feedback/<int:item_id>/reply/", work.reply, name="reply"),
    path("submissions/<int:submission_id>/mark/", work.mark, name="mark"),
]
