"""Journal pages: a student's journal and timeline, the teacher's class page, audio, revisits."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from trellis.common.errors import NotFound, UserError
from trellis.common.views import act_and_redirect, attach_error
from trellis.rosters import permissions as roster_permissions
from trellis.rosters import queries as roster_queries

from .. import actions, audio, queries
from ..forms import LessonReflectionForm, ReflectionForm, RevisitForm, TranscriptForm
from ..models import PieceKind


def _student_class(request, class_id):
    classroom = roster_queries.get_class_for(request.user, class_id)
    if not request.user.is_student:
        raise NotFound("class")
    return classroom


@login_required
def journal(request, class_id: int):
    classroom = roster_queries.get_class_for(request.user, class_id)
    if roster_permissions.can_manage_class(request.user, classroom):
        return redirect("reflection:class", classroom.pk)
    if not request.user.is_student:
        raise NotFound("class")
    page = queries.journal(request.user, classroom)
    moment = request.GET.get("moment") or "free"
    initial = {
        "moment": moment,
        "revision": request.GET.get("revision", ""),
        "task": request.GET.get("task", ""),
    }
    form = ReflectionForm(
        request.POST or None,
        request.FILES or None,
        targets=page.targets,
        tasks=page.tasks,
        revisions=page.revisions,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            actions.write_reflection(
                request.user,
                classroom,
                moment=d["moment"],
                body=d["body"],
                target_id=d["target"],
                task_id=d["task"],
                revision_id=d["revision"],
                audio=d["audio"],
                transcript=d["transcript"],
            )
        except UserError as e:
            attach_error(form, e)
        else:
            messages.success(request, gettext("Your reflection is saved in your journal."))
            return redirect("reflection:journal", classroom.pk)
    return render(
        request,
        "reflection/journal.html",
        {
            "page": page,
            "classroom": classroom,
            "form": form,
            "moment": form["moment"].value() or moment,
            "audio_limits": audio.limits_text(),
        },
        status=400 if form.errors else 200,
    )


@login_required
def timeline(request, class_id: int):
    classroom = _student_class(request, class_id)
    return render(
        request,
        "reflection/timeline.html",
        {"classroom": classroom, "entries": queries.timeline(request.user, classroom)},
    )


@login_required
def class_page(request, class_id: int):
    classroom = roster_queries.get_managed_class_for(request.user, class_id)
    lesson_form = LessonReflectionForm(request.POST or None)
    if request.method == "POST" and lesson_form.is_valid():
        try:
            actions.write_reflection(
                request.user,
                classroom,
                moment="lesson",
                body=lesson_form.cleaned_data["body"],
                shown_to_class=lesson_form.cleaned_data["shown_to_class"],
            )
        except UserError as e:
            attach_error(lesson_form, e)
        else:
            messages.success(request, gettext("Your reflection on the lesson is saved."))
            return redirect("reflection:class", classroom.pk)
    return render(
        request,
        "reflection/class.html",
        {
            "classroom": classroom,
            "page": queries.class_journal(request.user, classroom),
            "lesson_form": lesson_form,
            "invites": queries.family_invites(request.user, classroom),
            "links": queries.family_links(classroom),
        },
        status=400 if lesson_form.errors else 200,
    )


@login_required
@require_POST
def set_prompt(request, class_id: int):
    classroom = roster_queries.get_managed_class_for(request.user, class_id)

    def do():
        actions.set_class_prompt(
            request.user, classroom, request.POST.get("moment", ""), request.POST.get("text", "")
        )
        return "The prompt is saved for this class."

    return act_and_redirect(request, do, reverse("reflection:class", args=[classroom.pk]))


@login_required
@require_POST
def require_revisit(request, assignment_id: int):
    required = request.POST.get("required") == "1"

    def do():
        a = actions.require_revisit(request.user, assignment_id, required)
        return f"“{a.title}”: " + (
            "a revisit is now part of the hand-in." if required else "no revisit is asked for."
        )

    return act_and_redirect(request, do, "/")


@login_required
def transcript(request, reflection_id: int):
    reflection = queries.get_reflection_for(request.user, reflection_id)
    if reflection.author_id != request.user.pk:
        raise NotFound("reflection")
    form = TranscriptForm(
        request.POST or None,
        initial={"transcript": reflection.transcript, "version": reflection.version},
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_transcript(
                request.user,
                reflection.pk,
                form.cleaned_data["transcript"],
                form.cleaned_data["version"],
            )
        except UserError as e:
            attach_error(form, e)
        else:
            messages.success(request, gettext("Transcript saved."))
            return redirect("reflection:journal", reflection.classroom_id)
    return render(
        request,
        "reflection/transcript.html",
        {"reflection": reflection, "form": form},
        status=409 if form.errors and request.method == "POST" else 200,
    )


@login_required
def audio_file(request, reflection_id: int):
    reflection = queries.get_reflection_for(request.user, reflection_id)
    if not reflection.audio_name or not default_storage.exists(reflection.audio_name):
        raise NotFound("recording")
    response = FileResponse(
        default_storage.open(reflection.audio_name, "rb"), content_type=reflection.audio_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Disposition"] = "inline"
    return response


def _piece_choices(reflections, revisions, answers):
    out = []
    for r in reflections:
        out.append(
            (
                f"reflection:{r.pk}",
                f"{r.created_at:%d %b} · reflection: {(r.body or r.transcript)[:50]}",
            )
        )
    for r in revisions:
        out.append(
            (
                f"revision:{r.pk}",
                f"{r.created_at:%d %b} · {r.submission.assignment.title}, version {r.number}",
            )
        )
    for a in answers:
        out.append(
            (
                f"checkin:{a.pk}",
                f"{a.submitted_at:%d %b} · check-in {a.run.checkin.title}: {a.normalised[:40]}",
            )
        )
    return out


@login_required
def revisit_new(request, class_id: int):
    classroom = _student_class(request, class_id)
    reflections, revisions, answers, assignments = queries.revisit_choices(request.user, classroom)
    pieces = _piece_choices(reflections, revisions, answers)
    initial = {
        "then": request.GET.get("then", ""),
        "now": request.GET.get("now", ""),
        "assignment": request.GET.get("assignment", ""),
    }
    form = RevisitForm(
        request.POST or None, pieces=pieces, assignments=assignments, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        then_kind, then_id = d["then"].split(":")
        now_kind, now_id = d["now"].split(":")
        try:
            revisit = actions.make_revisit(
                request.user,
                classroom,
                then_kind=then_kind,
                then_id=then_id,
                now_kind=now_kind,
                now_id=now_id,
                note=d["note"],
                assignment_id=d["assignment"] or None,
            )
        except UserError as e:
            attach_error(form, e)
        else:
            messages.success(request, gettext("Your “then and now” is saved."))
            return redirect("reflection:revisit", revisit.pk)
    return render(
        request,
        "reflection/revisit_new.html",
        {"classroom": classroom, "form": form, "has_pieces": len(pieces) >= 2},
        status=400 if form.errors else 200,
    )


@login_required
def revisit_detail(request, revisit_id: int):
    revisit = queries.get_revisit_for(request.user, revisit_id)
    return render(request, "reflection/revisit.html", {"revisit": revisit, "kinds": PieceKind})
