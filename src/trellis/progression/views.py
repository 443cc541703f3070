"""Pages of the release: the board, running a task (console and projector), a student's
task page, and "my learning". Live parts are htmx partials polled every few seconds."""

import threading
from collections import OrderedDict

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from trellis.common.errors import UserError
from trellis.common.views import attach_error, flash_error
from trellis.grr import MoveKind, Phase, label

from . import actions, queries
from .models import NOTE_MAX, PLAN_MAX, REFLECTION_MAX, SUGGESTION_MAX

POLL_SECONDS = 3

ACTION_CHOICES = [
    (MoveKind.ADVANCE.value, "Release (move forward)"),
    (MoveKind.HOLD.value, "Hold where they are"),
    (MoveKind.STEP_BACK.value, "Step back"),
    (MoveKind.COMPLETE.value, "Mark the task complete"),
]
PHASE_CHOICES = [("", "—")] + [(str(int(p)), label(p)) for p in Phase if p is not Phase.COMPLETE]


class MoveForm(forms.Form):
    task = forms.ChoiceField(label="Task")
    kind = forms.ChoiceField(
        label="Move", choices=ACTION_CHOICES, widget=forms.RadioSelect, initial="advance"
    )
    to_phase = forms.ChoiceField(
        label="To phase",
        choices=PHASE_CHOICES,
        required=False,
        help_text="Needed to step back; to release further than the next phase, also tick below.",
    )
    override = forms.BooleanField(
        label="Skip phases on purpose", required=False, help_text="Only when you mean to skip."
    )
    note = forms.CharField(
        label="Note (why)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=f"Kept in each student's move log. Needed to step back. Up to {NOTE_MAX} "
        "characters.",
    )

    def __init__(self, *args, tasks=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["task"].choices = [(str(t.pk), t.title) for t in tasks]


def _safe_next(request, fallback: str) -> str:
    nxt = request.POST.get("next") or ""
    if nxt and url_has_allowed_host_and_scheme(nxt, {request.get_host()}):
        return nxt
    return fallback


# --------------------------------------------------------------------------- the board


# The board's grid is rebuilt only when the class's state changes (BoardState.key), so that
# polling every few seconds costs a handful of small queries. Kept per server process, per
# teacher (the grid holds their CSRF token) and per set of ticked students.
GRID_PAGES_KEPT = 256
_grids: OrderedDict[tuple, str] = OrderedDict()
_grids_lock = threading.Lock()


def clear_grid_cache() -> None:
    with _grids_lock:
        _grids.clear()


def _grid_html(request, classroom, state, selected) -> str:
    key = (
        request.user.pk,
        request.META.get("CSRF_COOKIE", ""),
        state.key,
        tuple(sorted(selected)),
    )
    with _grids_lock:
        html = _grids.get(key)
    if html is None:
        board = queries.board(request.user, classroom, state=state)
        html = render_to_string(
            "progression/_board_grid.html",
            {"classroom": classroom, "board": board, "selected": selected},
            request=request,
        )
        with _grids_lock:
            _grids[key] = html
            while len(_grids) > GRID_PAGES_KEPT:
                _grids.popitem(last=False)
    return html


def _board_context(request, classroom, form=None, selected=None):
    state = queries.board_state(request.user, classroom)
    if selected is None:
        selected = {int(s) for s in request.GET.getlist("student") if s.isdigit()}
    return {
        "classroom": classroom,
        "state": state,
        "grid_html": mark_safe(_grid_html(request, classroom, state, selected)),  # noqa: S308
        "form": form or MoveForm(tasks=state.tasks),
        "poll": POLL_SECONDS,
    }


@login_required
def board(request, class_id: int):
    classroom = queries.get_run_class_for(request.user, class_id)
    return render(request, "progression/board.html", _board_context(request, classroom))


@login_required
def board_grid(request, class_id: int):
    classroom = queries.get_run_class_for(request.user, class_id)
    state = queries.board_state(request.user, classroom)
    if request.GET.get("state") == state.key:
        # Nothing changed since the grid the page shows: htmx leaves it as it is.
        return HttpResponse(status=204)
    selected = {int(s) for s in request.GET.getlist("student") if s.isdigit()}
    return HttpResponse(_grid_html(request, classroom, state, selected))


@login_required
def board_cell(request, class_id: int, task_id: int, student_id: int):
    classroom = queries.get_run_class_for(request.user, class_id)
    detail = queries.cell_detail(request.user, classroom, task_id, student_id)
    return render(request, "progression/_cell_detail.html", {"d": detail, "classroom": classroom})


def _versions(post, task_id) -> dict[int, int]:
    prefix = f"v-{task_id}-"
    out = {}
    for key, value in post.items():
        if key.startswith(prefix):
            try:
                out[int(key[len(prefix) :])] = int(value)
            except ValueError:
                continue
    return out


@login_required
@require_POST
def board_move(request, class_id: int):
    classroom = queries.get_run_class_for(request.user, class_id)
    tasks = queries.active_tasks_for_class(request.user, classroom)
    form = MoveForm(request.POST, tasks=tasks)
    students = request.POST.getlist("student")
    back = _safe_next(request, reverse("progression:board", args=[classroom.pk]))
    status = 400
    if form.is_valid():
        data = form.cleaned_data
        task = next(t for t in tasks if str(t.pk) == data["task"])
        try:
            moved = actions.move_students(
                request.user,
                task,
                students,
                data["kind"],
                to_phase=int(data["to_phase"]) if data["to_phase"] else None,
                note=data["note"],
                seen_versions=_versions(request.POST, task.pk),
                override=data["override"],
            )
        except UserError as e:
            attach_error(form, e)
            status = e.status
        else:
            where = {label(Phase(sp.phase)) for sp in moved}
            messages.success(
                request,
                f"{'Held' if data['kind'] == 'hold' else 'Moved'} {len(moved)} "
                f"student{'s' if len(moved) != 1 else ''} on “{task.title}”"
                f"{': now in ' + ', '.join(sorted(where)) if data['kind'] != 'hold' else ''}.",
            )
            return redirect(back)
    if request.POST.get("from") == "run" and form.errors:
        # The run page's one-click buttons: report there rather than on the board.
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return redirect(back)
    selected = {int(s) for s in students if str(s).isdigit()}
    context = _board_context(request, classroom, form=form, selected=selected)
    return render(request, "progression/board.html", context, status=status)


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
            "poll": POLL_SECONDS,
            "observations": actions.OBSERVATION_CHOICES,
        },
    )


def _run_act(request, class_id, task_id, do, *, to="progression:run"):
    task = queries.get_run_task_for(request.user, class_id, task_id)
    try:
        message = do(task)
    except UserError as e:
        flash_error(request, e)
    else:
        if message:
            messages.success(request, message)
    return redirect(_safe_next(request, reverse(to, args=[task.classroom_id, task.pk])))


@login_required
@require_POST
def run_start(request, class_id: int, task_id: int):
    def do(task):
        actions.start_task(request.user, task)
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
    return render(
        request,
        "progression/_teacher_live.html",
        {"task": task, "live": queries.live_for_teacher(task), "poll": POLL_SECONDS},
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
            "poll": POLL_SECONDS,
        },
    )


def _projector_answer(request, task):
    live = queries.live_for_teacher(task)
    if request.headers.get("HX-Request"):
        return render(request, "progression/_projector_stage.html", {"task": task, "live": live})
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
        return f"Following: “{s.text}”."

    return _run_act(request, class_id, task_id, do, to="progression:projector")


@login_required
@require_POST
def observe(request, class_id: int, task_id: int):
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


# --------------------------------------------------------------------------- students


class SuggestionForm(forms.Form):
    text = forms.CharField(
        label="What comes next?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=f"One short idea, up to {SUGGESTION_MAX} characters.",
    )


class PlanForm(forms.Form):
    step = forms.IntegerField(widget=forms.HiddenInput)
    plan = forms.CharField(
        label="What will you do next?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=f"Before you start the step, up to {PLAN_MAX} characters.",
    )


class ReflectForm(forms.Form):
    step = forms.IntegerField(widget=forms.HiddenInput)
    reflection = forms.CharField(
        label="How did it go?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=f"What worked, what you would change. Up to {REFLECTION_MAX} characters.",
    )
    confidence = forms.ChoiceField(
        label="How sure do you feel now?",
        required=False,
        widget=forms.RadioSelect,
        choices=[
            ("1", "1 · lost"),
            ("2", "2 · unsure"),
            ("3", "3 · fairly sure"),
            ("4", "4 · I could explain it"),
        ],
    )


class HelpForm(forms.Form):
    note = forms.CharField(
        label="What are you stuck on? (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=f"Up to {NOTE_MAX} characters.",
    )


class CheckForm(forms.Form):
    answer = forms.CharField(
        label="Your answer",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Up to 500 characters.",
    )


def _learn_context(request, task, **forms_):
    st = queries.student_task(request.user, task)
    context = {
        "classroom": task.classroom,
        "task": task,
        "st": st,
        "live": st.live,
        "poll": POLL_SECONDS,
        "suggestion_form": SuggestionForm(),
        "help_form": HelpForm(),
        "check_form": CheckForm(),
        "plan_forms": {},
        "reflect_forms": {},
        "state": f"{st.phase['value']}-{st.live.run.mode if st.live.run else 'none'}",
    }
    context.update(forms_)
    rows, next_found = [], False
    for step in st.live.steps:
        entry = st.entries.get(step.pk)
        # One step at a time: plan the first step not yet planned once the earlier are reflected.
        is_next = entry is None and not next_found
        next_found = next_found or entry is None or entry.reflected_at is None
        rows.append(
            {
                "step": step,
                "entry": entry,
                "is_next": is_next,
                "plan_form": context["plan_forms"].get(step.pk)
                or PlanForm(initial={"step": step.pk}),
                "reflect_form": context["reflect_forms"].get(step.pk)
                or ReflectForm(initial={"step": step.pk}),
            }
        )
    context["guided_rows"] = rows
    return context


@login_required
def learn(request, class_id: int, task_id: int):
    task = queries.get_learner_task_for(request.user, class_id, task_id)
    return render(request, "progression/learn.html", _learn_context(request, task))


@login_required
def learn_live(request, class_id: int, task_id: int):
    task = queries.get_learner_task_for(request.user, class_id, task_id)
    light = queries.student_live(request.user, task)
    if request.GET.get("state") == light.state and request.GET.get("seen") == light.seen:
        return HttpResponse(status=204)  # same step, same phase: nothing to swap
    if request.GET.get("state") != light.state:
        # The phase or the projector's mode changed: send the new work area too.
        context = _learn_context(request, task)
        context["oob"] = True
    else:
        # The usual poll: only the step on show, cheaply (thirty students poll at once).
        context = {
            "classroom": task.classroom,
            "task": task,
            "st": light,
            "live": light.live,
            "state": light.state,
            "poll": POLL_SECONDS,
            "oob": False,
        }
    return render(request, "progression/_learn_live.html", context)


def _learn_post(request, class_id, task_id, form_class, context_key, do, success):
    task = queries.get_learner_task_for(request.user, class_id, task_id)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            do(task, form.cleaned_data)
        except UserError as e:
            attach_error(form, e)
        else:
            messages.success(request, success)
            return redirect("progression:learn", task.classroom_id, task.pk)
    if context_key in ("plan_forms", "reflect_forms"):
        step = form.data.get("step")
        extra = {context_key: {int(step) if str(step).isdigit() else 0: form}}
    else:
        extra = {context_key: form}
    extra["posted_form"] = form
    return render(
        request, "progression/learn.html", _learn_context(request, task, **extra), status=400
    )


@login_required
@require_POST
def learn_lost(request, class_id: int, task_id: int):
    task = queries.get_learner_task_for(request.user, class_id, task_id)
    try:
        actions.signal_lost(request.user, task)
    except UserError as e:
        flash_error(request, e)
    else:
        if not request.headers.get("HX-Request"):
            messages.success(request, "Your teacher can see that this step lost you.")
    if request.headers.get("HX-Request"):
        context = _learn_context(request, task)
        context["oob"] = False
        return render(request, "progression/_learn_live.html", context)
    return redirect("progression:learn", task.classroom_id, task.pk)


@login_required
@require_POST
def learn_suggest(request, class_id: int, task_id: int):
    return _learn_post(
        request,
        class_id,
        task_id,
        SuggestionForm,
        "suggestion_form",
        lambda task, d: actions.suggest_next(request.user, task, d["text"]),
        "Sent. Your teacher sees it with everyone's ideas.",
    )


@login_required
@require_POST
def learn_plan(request, class_id: int, task_id: int):
    return _learn_post(
        request,
        class_id,
        task_id,
        PlanForm,
        "plan_forms",
        lambda task, d: actions.plan_step(request.user, task, d["step"], d["plan"]),
        "Plan saved. Now do the step, then reflect.",
    )


@login_required
@require_POST
def learn_reflect(request, class_id: int, task_id: int):
    return _learn_post(
        request,
        class_id,
        task_id,
        ReflectForm,
        "reflect_forms",
        lambda task, d: actions.reflect_step(
            request.user, task, d["step"], d["reflection"], d["confidence"] or None
        ),
        "Reflection saved.",
    )


@login_required
@require_POST
def learn_help(request, class_id: int, task_id: int):
    return _learn_post(
        request,
        class_id,
        task_id,
        HelpForm,
        "help_form",
        lambda task, d: actions.request_help(request.user, task, d["note"]),
        "Help is on its way: you are back in guided practice and your teacher has your note.",
    )


@login_required
@require_POST
def learn_check(request, class_id: int, task_id: int):
    return _learn_post(
        request,
        class_id,
        task_id,
        CheckForm,
        "check_form",
        lambda task, d: actions.answer_success_check(request.user, task, d["answer"]),
        "Answer sent. Your teacher will mark it.",
    )


@login_required
def my_learning(request, class_id: int):
    classroom = queries.get_learner_class_for(request.user, class_id)
    return render(
        request,
        "progression/my_learning.html",
        {"classroom": classroom, "page": queries.my_learning(request.user, classroom)},
    )
