"""Check-in pages: the bank, check-ins, running them, answering, results and marking."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext, gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from trellis.common.errors import NotFound, UserError
from trellis.common.ids import as_id
from trellis.common.views import attach_error, flash_error
from trellis.grr import MoveKind, Phase
from trellis.progression import actions as progression_actions
from trellis.progression import queries as progression_queries
from trellis.rosters import queries as roster_queries
from trellis.rosters.permissions import can_manage_class

from . import actions, queries
from .forms import CheckInForm, QuestionForm, StartRunForm
from .models import CONFIDENCE_SCALE, Mark, QuestionKind
from .permissions import can_author

MOVE_KINDS = [
    (MoveKind.STEP_BACK.value, gettext_lazy("Step back to an earlier phase")),
    (MoveKind.ADVANCE.value, gettext_lazy("Release (advance)")),
    (MoveKind.HOLD.value, gettext_lazy("Hold where they are")),
    (MoveKind.HELP_REQUEST.value, gettext_lazy("Back to guided practice for help")),
]


def _status(form) -> int:
    return 400 if form.errors else 200


# ---------------------------------------------------------------- check-ins and the bank


@login_required
def index(request):
    user = request.user
    if not (can_author(user) or user.is_school_admin):
        raise NotFound("page")
    return render(
        request,
        "checkins/index.html",
        {"page": queries.checkins_page(user), "can_author": can_author(user)},
    )


@login_required
def create(request):
    if not can_author(request.user):
        raise NotFound("page")
    form = CheckInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            checkin = actions.create_checkin(request.user, **form.cleaned_data)
        except UserError as e:
            attach_error(form, e)
        else:
            messages.success(
                request,
                gettext("“%(title)s” created. Now add questions.") % {"title": checkin.title},
            )
            return redirect("checkins:detail", checkin.pk)
    return render(request, "checkins/create.html", {"form": form}, status=_status(form))


@login_required
def detail(request, checkin_id: int):
    checkin = queries.get_checkin_for(request.user, checkin_id)
    page = queries.checkin_detail(request.user, checkin)
    context = {
        "page": page,
        "checkin": checkin,
        "edit_form": CheckInForm(initial={"title": checkin.title, "is_shared": checkin.is_shared}),
        "run_form": StartRunForm(classes=page.classes),
    }
    return render(request, "checkins/detail.html", context)


@login_required
@require_POST
def edit(request, checkin_id: int):
    checkin = queries.get_own_checkin_for(request.user, checkin_id)
    form = CheckInForm(request.POST)
    try:
        if not form.is_valid():
            raise UserError(
                gettext("Give the check-in a title (at most 200 characters)."), field="title"
            )
        actions.update_checkin(request.user, checkin, **form.cleaned_data)
        messages.success(request, gettext("Saved."))
    except UserError as e:
        flash_error(request, e)
    return redirect("checkins:detail", checkin.pk)


@login_required
@require_POST
def copy(request, checkin_id: int):
    if not can_author(request.user):
        raise NotFound("check-in")
    checkin = queries.get_checkin_for(request.user, checkin_id)
    try:
        new = actions.copy_checkin(request.user, checkin)
    except UserError as e:
        flash_error(request, e)
        return redirect("checkins:detail", checkin.pk)
    messages.success(
        request, gettext("Copied into your check-ins as “%(title)s”.") % {"title": new.title}
    )
    return redirect("checkins:detail", new.pk)


@login_required
@require_POST
def add_item(request, checkin_id: int):
    checkin = queries.get_own_checkin_for(request.user, checkin_id)
    try:
        question = queries.get_own_question_for(request.user, request.POST.get("question"))
        actions.add_question(request.user, checkin, question)
        messages.success(request, gettext("Question added."))
    except UserError as e:
        flash_error(request, e)
    return redirect("checkins:detail", checkin.pk)


@login_required
@require_POST
def remove_item(request, checkin_id: int, item_id: int):
    checkin = queries.get_own_checkin_for(request.user, checkin_id)
    try:
        actions.remove_item(request.user, checkin, item_id)
        messages.success(
            request, gettext("Question removed from this check-in (it stays in your bank).")
        )
    except UserError as e:
        flash_error(request, e)
    return redirect("checkins:detail", checkin.pk)


@login_required
@require_POST
def move_item(request, checkin_id: int, item_id: int):
    checkin = queries.get_own_checkin_for(request.user, checkin_id)
    actions.move_item(request.user, checkin, item_id, request.POST.get("direction", "down"))
    return redirect(reverse("checkins:detail", args=[checkin.pk]) + f"#item-{item_id}")


@login_required
@require_POST
def start_run(request, checkin_id: int):
    checkin = queries.get_checkin_for(request.user, checkin_id)
    page = queries.checkin_detail(request.user, checkin)
    form = StartRunForm(request.POST, classes=page.classes)
    if form.is_valid():
        try:
            classroom = roster_queries.get_managed_class_for(
                request.user, form.cleaned_data["classroom"]
            )
            run = actions.start_run(
                request.user,
                checkin,
                classroom,
                mode=form.cleaned_data["mode"],
                closes_at=form.cleaned_data.get("closes_at"),
            )
        except UserError as e:
            attach_error(form, e)
        else:
            messages.success(request, gettext("Running in %(name)s.") % {"name": classroom.name})
            return redirect("checkins:run", run.pk)
    context = {
        "page": page,
        "checkin": checkin,
        "edit_form": CheckInForm(initial={"title": checkin.title, "is_shared": checkin.is_shared}),
        "run_form": form,
    }
    return render(request, "checkins/detail.html", context, status=400)


@login_required
def bank(request):
    if not can_author(request.user):
        raise NotFound("page")
    return render(request, "checkins/bank.html", {"questions": queries.bank(request.user)})


def _question_page(request, form, *, question=None, version=None, checkin=None, status=200):
    return render(
        request,
        "checkins/question_form.html",
        {"form": form, "question": question, "version": version, "checkin": checkin},
        status=status,
    )


@login_required
def question_new(request):
    if not can_author(request.user):
        raise NotFound("page")
    checkin = None
    if request.GET.get("checkin") or request.POST.get("checkin"):
        checkin = queries.get_own_checkin_for(
            request.user, request.GET.get("checkin") or request.POST.get("checkin")
        )
    targets = queries.targets_for_author(request.user)
    form = QuestionForm(request.POST or None, targets=targets)
    if request.method == "POST" and form.is_valid():
        try:
            actions.create_question(request.user, form.to_input(), checkin=checkin)
        except UserError as e:
            attach_error(form, e)
        else:
            messages.success(request, gettext("Question saved to your bank."))
            if checkin:
                return redirect("checkins:detail", checkin.pk)
            return redirect("checkins:bank")
    return _question_page(request, form, checkin=checkin, status=_status(form))


@login_required
def question_edit(request, question_id: int):
    question = queries.get_own_question_for(request.user, question_id)
    version = queries.current_version(question)
    targets = queries.targets_for_author(request.user)
    if version.target and version.target not in targets:
        targets.append(version.target)
    form = QuestionForm(
        request.POST or None, targets=targets, initial=QuestionForm.initial_from(version)
    )
    if request.method == "POST" and form.is_valid():
        try:
            new = actions.edit_question(request.user, question, form.to_input())
        except UserError as e:
            attach_error(form, e)
        else:
            if new.pk == version.pk:
                messages.success(request, gettext("Nothing changed."))
            else:
                messages.success(
                    request,
                    gettext(
                        "Saved as version %(number)s. Answers already given stay with the "
                        "version they answered."
                    )
                    % {"number": new.number},
                )
            return redirect("checkins:bank")
    return _question_page(request, form, question=question, version=version, status=_status(form))


@login_required
@require_POST
def question_copy(request, question_id: int):
    if not can_author(request.user):
        raise NotFound("question")
    question = queries.get_question_for(request.user, question_id)
    copy = actions.copy_question(request.user, question)
    messages.success(request, gettext("Copied into your bank. Edit the copy freely."))
    return redirect("checkins:question_edit", copy.pk)


# ---------------------------------------------------------------- a class's check-ins


@login_required
def class_checkins(request, class_id: int):
    classroom = roster_queries.get_class_for(request.user, class_id)
    if can_manage_class(request.user, classroom):
        return render(
            request,
            "checkins/class_teacher.html",
            {
                "classroom": classroom,
                "rows": queries.class_runs(request.user, classroom, as_teacher=True),
                "checkins": queries.checkins_page(request.user),
            },
        )
    history = queries.my_history(request.user, classroom)
    return render(
        request,
        "checkins/class_student.html",
        {
            "classroom": classroom,
            "rows": queries.class_runs(request.user, classroom, as_teacher=False),
            "history": history,
            "min_answers": queries.MIN_FOR_CALIBRATION,
        },
    )


# ---------------------------------------------------------------- running (teacher)


@login_required
def run(request, run_id: int):
    if request.user.is_student:
        run = queries.get_answerable_run_for(request.user, run_id)
        return redirect("checkins:take", run.pk)
    run = queries.get_managed_run_for(request.user, run_id)
    return render(request, "checkins/run.html", _run_context(run))


def _run_context(run) -> dict:
    res = queries.results(run)
    n = len(res.questions)
    return {
        "run": run,
        "res": res,
        "n_questions": n,
        "current": res.questions[run.position] if run.position is not None else None,
        "has_short": any(q.version.kind == QuestionKind.SHORT for q in res.questions),
        "group_labels": queries.GROUP_LABELS,
        "move_enabled": True,
    }


@login_required
def results(request, run_id: int):
    run = queries.get_managed_run_for(request.user, run_id)
    return render(request, "checkins/_results.html", _run_context(run))


@login_required
@require_POST
def go(request, run_id: int):
    run = queries.get_managed_run_for(request.user, run_id)
    try:
        actions.go_to_question(request.user, run, as_id(request.POST.get("position")) or 0)
    except (UserError, ValueError) as e:
        flash_error(
            request, e if isinstance(e, UserError) else UserError(gettext("Pick a question."))
        )
    return redirect("checkins:run", run.pk)


@login_required
@require_POST
def reveal(request, run_id: int):
    run = queries.get_managed_run_for(request.user, run_id)
    ids = request.POST.getlist("question")
    try:
        actions.reveal(request.user, run, [i for i in ids if i.isdigit()])
        messages.success(request, gettext("Revealed to students (the class totals, never names)."))
    except UserError as e:
        flash_error(request, e)
    return redirect("checkins:run", run.pk)


@login_required
@require_POST
def close(request, run_id: int):
    run = queries.get_managed_run_for(request.user, run_id)
    actions.close_run(request.user, run)
    messages.success(request, gettext("Closed. Answers sent from now on are kept and marked late."))
    return redirect("checkins:run", run.pk)


@login_required
def marking(request, run_id: int):
    run = queries.get_managed_run_for(request.user, run_id)
    page = queries.marking_page(run, request.GET.get("question"))
    if page is None:
        raise NotFound("short-text question in this check-in")
    return render(
        request, "checkins/marking.html", {"run": run, "page": page, "marks": Mark.choices}
    )


@login_required
@require_POST
def mark(request, run_id: int):
    run = queries.get_managed_run_for(request.user, run_id)
    question_id = request.POST.get("question")
    try:
        n = actions.mark_answers(
            request.user,
            run,
            question_id,
            request.POST.get("mark", ""),
            normalised=request.POST.get("normalised"),
        )
    except UserError as e:
        if request.headers.get("HX-Request"):
            return HttpResponse(e.message, status=e.status)
        flash_error(request, e)
    else:
        if not request.headers.get("HX-Request"):
            messages.success(
                request,
                gettext("Marked %(n)s answer%(value)s.") % {"n": n, "value": "s" if n != 1 else ""},
            )
    if request.headers.get("HX-Request"):
        page = queries.marking_page(run, question_id)
        return render(
            request,
            "checkins/_marking_list.html",
            {"run": run, "page": page, "marks": Mark.choices},
        )
    url = reverse("checkins:marking", args=[run.pk]) + f"?question={question_id}"
    return redirect(url)


# ---------------------------------------------------------------- answering (student)


def _take_context(request, run, *, question_id=None, form_error=None, typed=None, notice=""):
    page = queries.take_page(request.user, run, question_id)
    return {
        "run": run,
        "page": page,
        "scale": CONFIDENCE_SCALE,
        "idem": uuid.uuid4().hex,
        "form_error": form_error,
        "typed": typed or {},
        "notice": notice,
        "distribution": queries.revealed_distribution(run) if run.revealed else {},
    }


@login_required
def take(request, run_id: int):
    run = queries.get_answerable_run_for(request.user, run_id)
    context = _take_context(request, run, question_id=request.GET.get("q"))
    context["just_rated"] = request.GET.get("rated") == "1"
    return render(request, "checkins/take.html", context)


@login_required
def take_state(request, run_id: int):
    """Polled by a student's page in a live run: 204 while nothing changed."""
    run = queries.get_answerable_run_for(request.user, run_id)
    page = queries.take_page(request.user, run)
    if page.state == request.GET.get("s"):
        return HttpResponse(status=204)
    if request.GET.get("form") == "1":
        # They may be typing: offer the new question instead of wiping what they typed.
        return render(request, "checkins/_moved_on.html", {"run": run, "page": page})
    response = HttpResponse(status=200)
    response["HX-Refresh"] = "true"
    return response


@login_required
@require_POST
def answer(request, run_id: int, question_id: int):
    run = queries.get_answerable_run_for(request.user, run_id)
    keys = request.POST.getlist("keys")
    response = (
        {"keys": keys}
        if keys or request.POST.get("kind") in ("single", "multiple")
        else {"text": request.POST.get("text", "")}
    )
    try:
        submitted = actions.submit_answer(
            request.user,
            run,
            question_id,
            response,
            version_id=request.POST.get("version"),
            idempotency_key=request.POST.get("idem", ""),
        )
    except UserError as e:
        context = _take_context(
            request,
            run,
            question_id=question_id,
            form_error=e.message,
            typed={"keys": keys, "text": request.POST.get("text", "")},
        )
        context["idem"] = request.POST.get("idem") or context["idem"]
        return render(request, "checkins/take.html", context, status=e.status)
    context = _take_context(
        request, run, question_id=submitted.answer.question_id, notice=submitted.notice
    )
    context["just_saved"] = True
    return render(request, "checkins/take.html", context)


@login_required
@require_POST
def confidence(request, run_id: int, question_id: int):
    run = queries.get_answerable_run_for(request.user, run_id)
    try:
        actions.rate_confidence(request.user, run, question_id, request.POST.get("confidence"))
    except UserError as e:
        context = _take_context(request, run, question_id=question_id, form_error=e.message)
        return render(request, "checkins/take.html", context, status=e.status)
    # Said on the next page (no message: a whole class rates at once, a session write each).
    return redirect(reverse("checkins:take", args=[run.pk]) + "?rated=1")


# ---------------------------------------------------------------- a result into a move


@login_required
def move(request, run_id: int):
    """Turn a result group into a move on the release board (the teacher decides)."""
    run = queries.get_managed_run_for(request.user, run_id)
    res = queries.results(run)
    tasks = progression_queries.active_tasks_for_class(request.user, run.classroom)
    roster = [r.enrollment.user for r in roster_queries.roster(run.classroom)]
    question_id = as_id(request.GET.get("question") or request.POST.get("question"))
    question = res.question(question_id) if question_id else None
    group = request.GET.get("group") or request.POST.get("group") or ""
    # The task preselected is the one serving the question's target (as mapped in this class).
    preselected = None
    if question is not None and question.target is not None:
        mapped = as_id(run.target_for(question.target.pk))
        preselected = next(
            (t.pk for t in tasks if any(x.pk == mapped for x in t.targets.all())), None
        )
    selected = set()
    if question and group in queries.GROUP_LABELS:
        selected = {p.id for p in question.groups[group]}
    error = None
    if request.method == "POST":
        selected = {i for i in map(as_id, request.POST.getlist("students")) if i}
        task = next((t for t in tasks if str(t.pk) == request.POST.get("task")), None)
        to_phase = request.POST.get("to_phase") or None
        try:
            if task is None:
                raise UserError(
                    gettext("Choose the task these students are working on."), field="task"
                )
            if not selected:
                raise UserError(gettext("Tick at least one student to move."), field="students")
            if to_phase is not None and not to_phase.isdigit():
                raise UserError(gettext("Choose a phase from the list."), field="to_phase")
            moved = progression_actions.move_students(
                request.user,
                task,
                sorted(selected),
                request.POST.get("kind", ""),
                to_phase=Phase(int(to_phase)) if to_phase is not None else None,
                note=request.POST.get("note", ""),
                override=request.POST.get("override") == "on",
            )
        except (UserError, ValueError) as e:
            error = (
                e.message if isinstance(e, UserError) else gettext("Choose a phase from the list.")
            )
        else:
            n = len(moved)
            if request.POST.get("kind") == MoveKind.HOLD.value:
                text = ngettext(
                    "Held %(count)s student where they are on “%(task)s” (kept in their move "
                    "logs).",
                    "Held %(count)s students where they are on “%(task)s” (kept in their move "
                    "logs).",
                    n,
                )
            else:
                text = ngettext(
                    "Moved %(count)s student on “%(task)s”.",
                    "Moved %(count)s students on “%(task)s”.",
                    n,
                )
            messages.success(request, text % {"count": n, "task": task.title})
            return redirect("checkins:run", run.pk)
    default_note = ""
    if question and group in queries.GROUP_LABELS:
        # The note is the teacher's to edit and is kept in the move log as they send it.
        default_note = gettext("Check-in “%(checkin)s”, question %(number)s: %(group)s.") % {
            "checkin": run.checkin.title,
            "number": question.position,
            "group": str(queries.GROUP_LABELS[group]).lower(),
        }
    return render(
        request,
        "checkins/move.html",
        {
            "run": run,
            "tasks": tasks,
            "preselected": preselected,
            "roster": roster,
            "selected": selected,
            "question": question,
            "group": group,
            "group_label": queries.GROUP_LABELS.get(group, ""),
            "kinds": MOVE_KINDS,
            "phases": [(p.value, p.label) for p in Phase if p is not Phase.COMPLETE],
            "error": error,
            "note": request.POST.get("note", default_note),
        },
        status=400 if error else 200,
    )
