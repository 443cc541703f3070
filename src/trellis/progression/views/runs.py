"""Running a task: the teacher's console, its live partial, the projector and teacher acts."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from trellis.common.errors import UserError
from trellis.common.ids import as_id
from trellis.common.views import act_and_redirect, flash_error

from .. import actions, queries
from ._common import step_sentence

# --------------------------------------------------------------------------- running a task


@login_required
def run(request, class_id: int, task_id: int):
    task = queries.get_run_task_for(request.user, class_id, task_id)
    page = queries.run_page(task)
    return render(
        request,
        "progression/run.html",
        {
            "classroom": task.classroom,
            "task": task,
            "page": page,
            "live": page.live,
            "observations": actions.OBSERVATION_CHOICES,
            "here": request.get_full_path(),
            "show_names": True,
        },
    )


def _run_act(request, class_id, task_id, do, *, to="progression:run"):
    task = queries.get_run_task_for(request.user, class_id, task_id)
    return act_and_redirect(
        request, lambda: do(task), reverse(to, args=[task.classroom_id, task.pk])
    )


@login_required
@require_POST
def run_start(request, class_id: int, task_id: int):
    def do(task):
        started = actions.start_task(request.user, task)
        if started.restarted:
            return (
                f"“{task.title}” is running again: every student keeps the phase they had "
                "(students new to the class start in modeling)."
            )
        return f"“{task.title}” started: every student is in modeling. Open the projector."

    return _run_act(request, class_id, task_id, do)


@login_required
@require_POST
def run_end(request, class_id: int, task_id: int):
    def do(task):
        actions.end_task(request.user, task)
        return f"“{task.title}” is off the release board. Its phases and evidence are kept."

    return _run_act(request, class_id, task_id, do)


@login_required
def run_live(request, class_id: int, task_id: int):
    task = queries.get_run_task_for(request.user, class_id, task_id)
    # Forms inside this polled fragment return to the page the teacher is on (carried in the
    # poll's URL), never to the fragment itself.
    here = request.GET.get("here") or ""
    if not (here.startswith("/") and url_has_allowed_host_and_scheme(here, {request.get_host()})):
        here = reverse("progression:run", args=[task.classroom_id, task.pk])
    return render(
        request,
        "progression/_teacher_live.html",
        {
            "task": task,
            "live": queries.live_for_teacher(task),
            "here": here,
            # Names of lost students only on the run page: the projector is seen by the class.
            "show_names": request.GET.get("names") == "1",
        },
    )


@login_required
def projector(request, class_id: int, task_id: int):
    task = queries.get_run_task_for(request.user, class_id, task_id)
    return render(
        request,
        "progression/projector.html",
        {
            "classroom": task.classroom,
            "task": task,
            "live": queries.live_for_teacher(task),
            "here": request.get_full_path(),
            "show_names": False,
        },
    )


def _projector_answer(request, task):
    live = queries.live_for_teacher(task)
    if request.headers.get("HX-Request"):
        context = {"task": task, "live": live, "announce": step_sentence(live)}
        return render(request, "progression/_projector_stage.html", context)
    return redirect("progression:projector", task.classroom_id, task.pk)


@login_required
@require_POST
def projector_step(request, class_id: int, task_id: int):
    task = queries.get_run_task_for(request.user, class_id, task_id)
    delta = {"next": 1, "previous": -1}.get(request.POST.get("go"), 0)
    try:
        actions.show_step(request.user, task, delta=delta)
    except UserError as e:
        flash_error(request, e)
        return redirect("progression:run", task.classroom_id, task.pk)
    return _projector_answer(request, task)


@login_required
@require_POST
def projector_mode(request, class_id: int, task_id: int):
    task = queries.get_run_task_for(request.user, class_id, task_id)
    try:
        actions.set_mode(request.user, task, request.POST.get("mode", ""))
    except UserError as e:
        flash_error(request, e)
        return redirect("progression:run", task.classroom_id, task.pk)
    return _projector_answer(request, task)


@login_required
@require_POST
def pick(request, class_id: int, task_id: int):
    def do(task):
        s = actions.pick_suggestion(request.user, task, request.POST.get("suggestion"))
        return gettext("Following: “%(text)s”.") % {"text": s.text}

    return _run_act(request, class_id, task_id, do, to="progression:projector")


def _guided_answer(request, task, **extra):
    return render(
        request,
        "progression/_guided.html",
        {
            "classroom": task.classroom,
            "task": task,
            "guided": queries.guided_list(task),
            "observations": actions.OBSERVATION_CHOICES,
            **extra,
        },
    )


@login_required
def run_guided(request, class_id: int, task_id: int):
    """The run page's guided-practice list, polled so it follows the class live."""
    return _guided_answer(request, queries.get_run_task_for(request.user, class_id, task_id))


@login_required
@require_POST
def observe(request, class_id: int, task_id: int):
    if request.headers.get("HX-Request"):
        # One tap: saved without a reload; the list comes back with what was saved.
        task = queries.get_run_task_for(request.user, class_id, task_id)
        seen, note = request.POST.get("seen", ""), request.POST.get("note", "")
        try:
            event = actions.observe(request.user, task, request.POST.get("student"), seen, note)
        except UserError as e:
            return _guided_answer(
                request, task, error=str(e), kept_for=as_id(request.POST.get("student")),
                kept_note=note,
            )  # fmt: skip
        words = actions.OBSERVATION_CHOICES.get(seen, seen)
        return _guided_answer(
            request,
            task,
            said=gettext("Observation saved: %(name)s, %(words)s.")
            % {"name": event.subject.name, "words": words},
        )

    def do(task):
        actions.observe(
            request.user,
            task,
            request.POST.get("student"),
            request.POST.get("seen", ""),
            request.POST.get("note", ""),
        )
        return "Observation saved."

    return _run_act(request, class_id, task_id, do)


@login_required
@require_POST
def resolve_help(request, class_id: int, task_id: int, help_id: int):
    def do(task):
        h = actions.resolve_help(request.user, task, help_id)
        return f"{h.student.name}'s help request is marked answered."

    return _run_act(request, class_id, task_id, do)


@login_required
@require_POST
def mark_check(request, class_id: int, task_id: int, answer_id: int):
    def do(task):
        a = actions.mark_success_check(
            request.user, task, answer_id, request.POST.get("verdict", "")
        )
        return f"{a.student.name}: {a.get_verdict_display().lower()}."

    return _run_act(request, class_id, task_id, do)
