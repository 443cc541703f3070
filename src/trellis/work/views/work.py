"""Work pages: assignments, handing in, revisions with feedback, the queue, calibration."""

import csv
import os

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from trellis.common.csvsafe import escape_cell
from trellis.common.errors import NotFound, StaleEdit, UserError
from trellis.common.views import attach_error, flash_error, safe_next, show_conflict
from trellis.curriculum import queries as curriculum_queries
from trellis.reflection import queries as reflection_queries
from trellis.rosters import queries as roster_queries

from .. import uploads
from ..actions import feedback as feedback_actions
from ..actions import peer as peer_actions
from ..actions import submissions as actions
from ..actions.feedback import CoachHold
from ..permissions import can_manage_class_of, is_student_of
from ..queries import calibration as calibration_queries
from ..queries import marks as marks_queries
from ..queries import rubrics as rubric_queries
from ..queries import work as queries
from .forms import (
    AssignmentEditForm,
    AssignmentForm,
    FeedbackForm,
    PeerAutoForm,
    PeerSettingsForm,
    ReplyForm,
    SubmitForm,
)
from .marking import score_from_post


@login_required
def class_home(request, class_id: int):
    classroom = roster_queries.get_class_for(request.user, class_id)
    staff = can_manage_class_of(request.user, classroom.pk)
    context = {
        "classroom": classroom,
        "staff": staff,
        "work": queries.class_work(request.user, classroom),
        "rubrics": list(rubric_queries.rubrics_of(classroom)),
    }
    return render(request, "work/class_home.html", context)


@login_required
def assignment_create(request, class_id: int):
    classroom = roster_queries.get_managed_class_for(request.user, class_id)
    rubrics = list(rubric_queries.rubrics_of(classroom))
    targets = curriculum_queries.targets_of(classroom, current_only=True)
    tasks = curriculum_queries.current_tasks_of(classroom)
    form = AssignmentForm(request.POST or None, rubrics=rubrics, targets=targets, tasks=tasks)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            assignment = actions.create_assignment(
                request.user,
                classroom,
                title=d["title"],
                rubric_id=d["rubric"],
                task_id=d["task"] or None,
                instructions=d["instructions"],
                target_ids=d["targets"],
                accepts_text=d["accepts_text"],
                accepts_file=d["accepts_file"],
                accepts_link=d["accepts_link"],
                self_assessment_required=d["self_assessment_required"],
                due_at=d["due_at"],
                summative_policy=d["summative_policy"],
                peer_anonymous=d["peer_anonymous"],
                peer_review_closes_at=d["peer_review_closes_at"],
            )
        except UserError as e:
            attach_error(form, e)
        else:
            messages.success(
                request, gettext("“%(title)s” is ready for students.") % {"title": assignment.title}
            )
            return redirect("work:assignment", assignment.pk)
    return render(
        request,
        "work/assignment_create.html",
        {
            "form": form,
            "classroom": classroom,
            "has_rubric": any(r.version_number for r in rubrics),
        },
        status=400 if form.errors else 200,
    )


@login_required
def assignment_edit(request, assignment_id: int):
    assignment = queries.get_managed_assignment_for(request.user, assignment_id)
    initial = {f: getattr(assignment, f) for f in actions.EDITABLE}
    initial["version"] = assignment.version
    form = AssignmentEditForm(request.POST or None, initial=initial)
    conflict = {}
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_assignment(
                request.user,
                assignment,
                version=form.cleaned_data["version"],
                **{f: form.cleaned_data[f] for f in actions.EDITABLE},
            )
        except StaleEdit as e:
            conflict = show_conflict(form, e)
        except UserError as e:
            attach_error(form, e)
        else:
            messages.success(request, gettext("“%(title)s” saved.") % {"title": assignment.title})
            return redirect("work:assignment", assignment.pk)
    return render(
        request,
        "work/assignment_edit.html",
        {"form": form, "assignment": assignment, "classroom": assignment.classroom, **conflict},
        status=409 if conflict else 400 if form.errors else 200,
    )


@login_required
@require_POST
def assignment_delete(request, assignment_id: int):
    assignment = queries.get_managed_assignment_for(request.user, assignment_id)
    try:
        actions.delete_assignment(request.user, assignment)
    except UserError as e:
        flash_error(request, e)
        return redirect("work:assignment_edit", assignment.pk)
    messages.success(request, gettext("“%(title)s” deleted.") % {"title": assignment.title})
    return redirect("work:class", assignment.classroom_id)


@login_required
def assignment_detail(request, assignment_id: int):
    assignment = queries.get_assignment_for(request.user, assignment_id)
    context = {"assignment": assignment, "classroom": assignment.classroom}
    if can_manage_class_of(request.user, assignment.classroom_id):
        rows = queries.assignment_overview(assignment)
        # A required "then and now" revisit: who made theirs, and when (trellis.reflection).
        revisits = reflection_queries.revisits_done_for(assignment)
        for row in rows:
            row.revisit_at = revisits.get(row.student.pk)
        context["rows"] = rows
        return render(request, "work/assignment_teacher.html", context)
    context["work"] = queries.my_work(request.user, assignment)
    context["revisit_at"] = reflection_queries.revisits_done_for(assignment, [request.user.pk]).get(
        request.user.pk
    )
    context["reply_form"] = ReplyForm()
    return render(request, "work/assignment_student.html", context)


@csrf_exempt
@login_required
def submit(request, assignment_id: int):
    # The size limit is enforced while the upload streams in, before the file is buffered
    # to disk; the handler must be in place before anything reads request.POST.
    request.upload_handlers.insert(0, uploads.LimitedUploadHandler(request))
    return _submit(request, assignment_id)


@csrf_protect
def _submit(request, assignment_id: int):
    assignment = queries.get_assignment_for(request.user, assignment_id)
    if not is_student_of(request.user, assignment.classroom_id):
        raise NotFound("assignment")
    work = queries.my_work(request.user, assignment)
    kwargs = {
        "assignment": assignment,
        "criteria": work.criteria,
        "levels": work.levels,
        "open_items": work.open_items,
    }
    if request.method != "POST":
        # A revision starts from the latest text: the student edits rather than re-pastes.
        latest = work.revisions[0].revision if work.revisions else None
        initial = {"text": latest.text} if latest and latest.text else {}
        form = SubmitForm(initial=initial, **kwargs)
        return render(request, "work/submit.html", _submit_context(form, work))
    form = SubmitForm(request.POST, request.FILES, **kwargs)
    if getattr(request, "work_upload_too_large", False):
        form.is_valid()
        form.add_error("file", uploads.too_big_message())
    elif form.is_valid():
        d = form.cleaned_data
        try:
            revision = actions.submit_revision(
                request.user,
                assignment,
                kind=d["kind"],
                text=d["text"],
                link=d["link"],
                files=request.FILES.getlist("file"),
                note=d["note"],
                self_levels={c["id"]: d.get(f"self-{c['id']}") for c in work.criteria},
                self_note=d["self_note"],
                addresses=d["addresses"],
                idempotency_key=d["hand_in_key"],
            )
        except UserError as e:
            attach_error(form, e)
            for name in getattr(e, "missing_fields", [])[1:]:
                form.add_error(name, gettext("Choose the level your work shows now."))
        else:
            word = (
                gettext("Handed in")
                if revision.number == 1
                else gettext("Revision %(number)s handed in") % {"number": revision.number}
            )
            messages.success(
                request, gettext("%(word)s. Earlier revisions are kept.") % {"word": word}
            )
            return redirect("work:revision", revision.pk)
    return render(request, "work/submit.html", _submit_context(form, work), status=400)


def _submit_context(form, work):
    return {
        "form": form,
        "work": work,
        "assignment": work.assignment,
        "classroom": work.assignment.classroom,
        "limits": uploads.limits_text(),
    }


def _revision_context(request, revision, feedback_form=None, hold=None):
    page = queries.revision_page(request.user, revision)
    if feedback_form is None:
        feedback_form = FeedbackForm(criteria=page.criteria, levels=page.levels)
    return {
        "page": page,
        "assignment": page.assignment,
        "classroom": page.assignment.classroom,
        "html": mark_safe(page.html),  # noqa: S308 - produced by markup.render, cleaned by nh3
        "feedback_form": feedback_form,
        "reply_form": ReplyForm(),
        "hold": hold,
    }


@login_required
def revision_detail(request, revision_id: int):
    revision = queries.get_revision_for(request.user, revision_id)
    return render(request, "work/revision.html", _revision_context(request, revision))


@login_required
@require_POST
def give_feedback(request, revision_id: int):
    revision = queries.get_revision_for(request.user, revision_id)
    page = queries.revision_page(request.user, revision)
    form = FeedbackForm(request.POST, criteria=page.criteria, levels=page.levels)
    hold = None
    if form.is_valid():
        d = form.cleaned_data
        try:
            feedback_actions.give_feedback(
                request.user,
                revision,
                criterion_id=d["criterion"],
                level_id=d["level"] or None,
                quote=d["quote"],
                body=d["body"],
                send_anyway=request.POST.get("send_anyway") == "1",
            )
        except CoachHold as e:
            hold = e.advice
        except UserError as e:
            attach_error(form, e)
        else:
            messages.success(request, gettext("Feedback sent."))
            return redirect("work:revision", revision.pk)
    context = _revision_context(request, revision, feedback_form=form, hold=hold)
    return render(request, "work/revision.html", context, status=400)


@login_required
@require_POST
def score(request, revision_id: int):
    revision = queries.get_revision_for(request.user, revision_id)
    if not can_manage_class_of(request.user, revision.submission.assignment.classroom_id):
        raise NotFound("revision")
    try:
        note = score_from_post(request, revision)
    except UserError as e:
        flash_error(request, e)
    else:
        messages.success(request, note)
    return redirect("work:revision", revision.pk)


@login_required
def download(request, revision_id: int):
    revision = queries.get_revision_for(request.user, revision_id)
    stored, original = revision.stored_name, revision.original_name
    wanted = request.GET.get("file", "")
    if wanted:
        one = queries.revision_file(revision, wanted)
        stored, original = one.stored_name, one.original_name
    if not stored:
        raise NotFound("file")
    kind = uploads.kind_for(stored)
    shown = original if queries.file_name_for(request.user, revision) else ""
    if not shown:
        # Hidden by the anonymity rule (queries.hides_file_name): a neutral name instead.
        filename = f"submission-{revision.pk}-r{revision.number}{kind.extensions[0]}"
    else:
        filename = uploads.clean_filename(shown, fallback="submission")
        if not os.path.splitext(filename)[1]:
            filename += kind.extensions[0]
    response = FileResponse(
        default_storage.open(stored, "rb"),
        as_attachment=True,
        filename=filename,
        content_type=kind.content_type if kind else "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def respond(request, item_id: int):
    item = queries.get_feedback_for(request.user, item_id)
    try:
        feedback_actions.respond_to_feedback(
            request.user, item, response=request.POST.get("response", "")
        )
    except UserError as e:
        flash_error(request, e)
    else:
        messages.success(request, gettext("Thanks: your reviewer and teacher can see your answer."))
    return redirect(_back(request, item))


@login_required
@require_POST
def reply(request, item_id: int):
    item = queries.get_feedback_for(request.user, item_id)
    try:
        feedback_actions.reply_to_feedback(request.user, item, body=request.POST.get("body", ""))
    except UserError as e:
        flash_error(request, e)
    else:
        messages.success(request, gettext("Reply added."))
    return redirect(_back(request, item))


def _back(request, item) -> str:
    return safe_next(request, f"/work/revisions/{item.review.revision_id}/#feedback-{item.pk}")


@login_required
def mark(request, submission_id: int):
    """GET: a preview of the final mark; POST: record it (a change needs a reason)."""
    submission = queries.get_submission_for(request.user, submission_id)
    if not can_manage_class_of(request.user, submission.assignment.classroom_id):
        raise NotFound("submission")
    error = None
    if request.method == "POST":
        try:
            m = actions.mark_summative(
                request.user,
                submission,
                percent=request.POST.get("percent") or None,
                note=request.POST.get("note", ""),
                reason=request.POST.get("reason", ""),
            )
        except UserError as e:
            error = e
        else:
            messages.success(
                request,
                gettext("Final mark recorded for %(name)s: %(value)s%%.")
                % {"name": submission.student.name, "value": round(m.scaled * 100)},
            )
            return redirect("work:assignment", submission.assignment_id)
    preview = actions.preview_summative(request.user, submission)
    return render(
        request,
        "work/mark_preview.html",
        {
            "submission": submission,
            "assignment": submission.assignment,
            "classroom": submission.assignment.classroom,
            "preview": preview,
            "error": error,
            "entered": request.POST,
        },
        status=400 if error else 200,
    )


@login_required
def peers(request, assignment_id: int):
    assignment = queries.get_managed_assignment_for(request.user, assignment_id)
    auto_form = PeerAutoForm(request.POST if request.POST.get("do") == "auto" else None)
    settings_form = PeerSettingsForm(
        request.POST if request.POST.get("do") == "settings" else None,
        initial={
            "anonymous": assignment.peer_anonymous,
            "closes_at": assignment.peer_review_closes_at,
        },
    )
    status = 200
    if request.method == "POST":
        do = request.POST.get("do")
        try:
            if do == "auto" and auto_form.is_valid():
                pairs = peer_actions.auto_assign(
                    request.user,
                    assignment,
                    mode=auto_form.cleaned_data["mode"],
                    per_student=auto_form.cleaned_data["per_student"],
                )
                n = len(pairs)
                messages.success(
                    request,
                    gettext("%(n)s review%(value)s assigned.")
                    % {"n": n, "value": "" if n == 1 else "s"},
                )
                return redirect("work:peers", assignment.pk)
            if do == "add":
                peer_actions.add_pair(
                    request.user,
                    assignment,
                    reviewer_id=request.POST.get("reviewer"),
                    author_id=request.POST.get("author"),
                )
                messages.success(request, gettext("Pair added."))
                return redirect("work:peers", assignment.pk)
            if do == "remove":
                peer_actions.remove_pair(request.user, assignment, request.POST.get("pair"))
                messages.success(request, gettext("Pair removed."))
                return redirect("work:peers", assignment.pk)
            if do == "settings" and settings_form.is_valid():
                peer_actions.update_peer_settings(
                    request.user,
                    assignment,
                    anonymous=settings_form.cleaned_data["anonymous"],
                    closes_at=settings_form.cleaned_data["closes_at"],
                )
                messages.success(request, gettext("Peer review settings saved."))
                return redirect("work:peers", assignment.pk)
        except UserError as e:
            attach_error(auto_form if do == "auto" else settings_form, e)
            if do in ("add", "remove"):
                flash_error(request, e)
                return redirect("work:peers", assignment.pk)
        status = 400
    rows = queries.assignment_overview(assignment)
    usage = queries.reviewer_usage(assignment)
    pairs = list(
        assignment.peer_assignments.select_related("reviewer", "author").order_by(
            "reviewer__last_name", "id"
        )
    )
    return render(
        request,
        "work/peers.html",
        {
            "assignment": assignment,
            "classroom": assignment.classroom,
            "auto_form": auto_form,
            "settings_form": settings_form,
            "pairs": pairs,
            "students": [r.student for r in rows],
            "usage": [(r.student, usage[r.student.pk]) for r in rows if r.student.pk in usage],
        },
        status=status,
    )


@login_required
def queue(request, class_id: int):
    classroom = roster_queries.get_managed_class_for(request.user, class_id)
    return render(
        request,
        "work/queue.html",
        {"classroom": classroom, "items": queries.feedback_queue(classroom)},
    )


@login_required
def marks_csv(request, class_id: int):
    """The class's marks and feedback counts; every cell escaped against spreadsheet formulas."""
    classroom = roster_queries.get_managed_class_for(request.user, class_id)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="marks-class-{classroom.pk}.csv"'
    response["Cache-Control"] = "private, no-store"
    out = csv.writer(response)
    out.writerow(marks_queries.HEADER)
    for row in marks_queries.marks_table(classroom):
        out.writerow([escape_cell(c) for c in row])
    return response


@login_required
def calibration(request, class_id: int):
    classroom = roster_queries.get_class_for(request.user, class_id)
    if can_manage_class_of(request.user, classroom.pk):
        data = calibration_queries.for_class(classroom)
        return render(
            request,
            "work/calibration_class.html",
            {"classroom": classroom, "data": data, "svg": mark_safe(data.svg)},  # noqa: S308
        )
    data = calibration_queries.for_student(classroom, request.user)
    return render(
        request,
        "work/calibration_student.html",
        {"classroom": classroom, "data": data, "svg": mark_safe(data.svg)},  # noqa: S308
    )
