"""The release board page, its polled grid (and the grid cache), a cell's detail and moves."""

import csv
from html import escape

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.text import format_lazy
from django.utils.translation import get_language, gettext, gettext_lazy
from django.views.decorators.http import require_POST

from trellis.common import cache as trellis_cache
from trellis.common.errors import UserError
from trellis.common.ids import as_id
from trellis.common.views import attach_error, safe_next
from trellis.grr import MoveKind, Phase
from trellis.progression.queries.display import PHASE_LABELS, label

from .. import actions, queries
from ..models import NOTE_MAX

ACTION_CHOICES = [
    (MoveKind.ADVANCE.value, gettext_lazy("Release (move forward)")),
    (MoveKind.HOLD.value, gettext_lazy("Hold where they are")),
    (MoveKind.STEP_BACK.value, gettext_lazy("Step back")),
    (MoveKind.COMPLETE.value, gettext_lazy("Mark the task complete")),
]
PHASE_CHOICES = [("", "—")] + [
    (str(int(p)), PHASE_LABELS[p]) for p in Phase if p is not Phase.COMPLETE
]


class MoveForm(forms.Form):
    task = forms.ChoiceField(label=gettext_lazy("Task"))
    kind = forms.ChoiceField(
        label=gettext_lazy("Move"),
        choices=ACTION_CHOICES,
        widget=forms.RadioSelect,
        initial="advance",
    )
    to_phase = forms.ChoiceField(
        label=gettext_lazy("To phase"),
        choices=PHASE_CHOICES,
        required=False,
        help_text=gettext_lazy(
            "Needed to step back; to release further than the next phase, also tick below."
        ),
    )
    override = forms.BooleanField(
        label=gettext_lazy("Skip phases on purpose"),
        required=False,
        help_text=gettext_lazy("Only when you mean to skip."),
    )
    note = forms.CharField(
        label=gettext_lazy("Note (why)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=format_lazy(
            gettext_lazy(
                "Kept in each student's move log. Needed to step back. Up to {NOTE_MAX} characters."
            ),
            NOTE_MAX=NOTE_MAX,
        ),
    )

    def __init__(self, *args, tasks=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["task"].choices = [(str(t.pk), t.title) for t in tasks]


# --------------------------------------------------------------------------- the board


# The board's grid is rendered once per class state (Board.state: the evidence mark, phases,
# roster, tasks and the help-request ageing step) and kept, compressed, in the shared cache:
# every teacher of the class and every server process reuses it, and a poll with nothing new
# costs a handful of small queries. What differs per request is put in afterwards: the
# teacher's CSRF token (in the suggested groups' forms) and the ticked students.
GRID_TIMEOUT = 6 * 3600
CSRF_SLOT = mark_safe("<!--csrf-slot-->")


def clear_grid_cache() -> None:
    trellis_cache.clear()


def _grid_html(request, classroom, state, selected) -> str:
    ready = queries.readiness(state)
    # The grid's words are in the page's language: one copy per language.
    key = f"grid:{get_language()}:{ready.shown(state)}"
    html = trellis_cache.get_html(key)
    if html is None:
        board = queries.board(request.user, classroom, state=state, ready=ready)
        html = render_to_string(
            "progression/_board_grid.html",
            {"classroom": classroom, "board": board, "csrf_slot": CSRF_SLOT},
        )
        trellis_cache.set_html(key, html, GRID_TIMEOUT)
    token = escape(get_token(request))
    html = html.replace(
        CSRF_SLOT, f'<input type="hidden" name="csrfmiddlewaretoken" value="{token}">'
    )
    for pk in selected:
        html = html.replace(f'id="sel-{int(pk)}">', f'id="sel-{int(pk)}" checked>', 1)
    return html


UNDO_KEY = "board_undo"


def _undo(request, classroom) -> dict | None:
    """The teacher's last move on this class's board, if it can still be undone (session)."""
    undo = request.session.get(UNDO_KEY)
    return undo if undo and undo.get("class") == classroom.pk else None


def _board_context(request, classroom, form=None, selected=None):
    state = queries.board_state(request.user, classroom)
    if selected is None:
        selected = {i for i in map(as_id, request.GET.getlist("student")) if i}
    return {
        "classroom": classroom,
        "state": state,
        "grid_html": mark_safe(_grid_html(request, classroom, state, selected)),  # noqa: S308
        "form": form or MoveForm(tasks=state.tasks),
        "undo": _undo(request, classroom),
        "sprite": mark_safe(queries.phase_sprite()),  # noqa: S308 - constants
        "confirm_over": CONFIRM_OVER,
    }


@login_required
def board(request, class_id: int):
    classroom = queries.get_run_class_for(request.user, class_id)
    return render(request, "progression/board.html", _board_context(request, classroom))


@login_required
def board_grid(request, class_id: int):
    classroom = queries.get_run_class_for(request.user, class_id)
    state = queries.board_state(request.user, classroom)
    if request.GET.get("state") == queries.readiness(state).shown(state):
        # Nothing changed since the grid the page shows: htmx leaves it as it is.
        return HttpResponse(status=204)
    selected = {i for i in map(as_id, request.GET.getlist("student")) if i}
    return HttpResponse(_grid_html(request, classroom, state, selected))


@login_required
def board_cell(request, class_id: int, task_id: int, student_id: int):
    classroom = queries.get_run_class_for(request.user, class_id)
    detail = queries.cell_detail(request.user, classroom, task_id, student_id)
    return render(request, "progression/_cell_detail.html", {"d": detail, "classroom": classroom})


# A move of more students than this asks for confirmation first.
CONFIRM_OVER = 5


def _resend(post) -> list[tuple[str, str]]:
    """The move form's fields, to send again from the confirmation page (minus the token)."""
    return [
        (key, value)
        for key in post
        if key not in ("csrfmiddlewaretoken", "confirm")
        for value in post.getlist(key)
    ]


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
    back = safe_next(request, reverse("progression:board", args=[classroom.pk]))
    status = 400
    if form.is_valid():
        data = form.cleaned_data
        task = next(t for t in tasks if str(t.pk) == data["task"])
        ids = {i for i in map(as_id, students) if i}
        if len(ids) > CONFIRM_OVER and request.POST.get("confirm") != "1":
            # A bulk move asks first: the names, the move, and the same form to send again.
            names = queries.student_names(classroom, ids)
            return render(
                request,
                "progression/board_confirm.html",
                {
                    "classroom": classroom,
                    "task": task,
                    "names": names,
                    "move": dict(ACTION_CHOICES)[data["kind"]],
                    "to_phase": dict(PHASE_CHOICES).get(data["to_phase"] or ""),
                    "fields": _resend(request.POST),
                    "back": back,
                },
            )
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
            said = (
                f"{'Held' if data['kind'] == 'hold' else 'Moved'} {len(moved)} "
                f"student{'s' if len(moved) != 1 else ''} on “{task.title}”"
                f"{': now in ' + ', '.join(sorted(where)) if data['kind'] != 'hold' else ''}."
            )
            messages.success(request, said)
            if data["kind"] != "hold":
                request.session[UNDO_KEY] = {
                    "class": classroom.pk,
                    "task": task.pk,
                    "what": said,
                    "versions": {str(sp.student_id): sp.version for sp in moved},
                }
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


@login_required
@require_POST
def board_undo(request, class_id: int):
    """Undo the teacher's last move on this board, as new logged moves."""
    classroom = queries.get_run_class_for(request.user, class_id)
    back = reverse("progression:board", args=[classroom.pk])
    undo = _undo(request, classroom)
    if undo is None:
        messages.error(request, gettext("There is no move to undo on this board."))
        return redirect(back)
    task = queries.get_run_task_for(request.user, classroom.pk, undo["task"])
    try:
        moved = actions.undo_moves(request.user, task, undo["versions"])
    except UserError as e:
        messages.error(request, gettext("Could not undo: %(e)s") % {"e": e})
    else:
        messages.success(
            request,
            gettext(
                "Undone: %(count)s student%(value)s back where they were on "
                "“%(title)s” (logged as a new move)."
            )
            % {"count": len(moved), "value": "s" if len(moved) != 1 else "", "title": task.title},
        )
    request.session.pop(UNDO_KEY, None)
    return redirect(back)


def spreadsheet_safe(value) -> str:
    """A cell a spreadsheet shows as text: one starting with =, +, -, @, a tab or a return
    would run as a formula, so it gets a leading apostrophe."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@login_required
def board_csv(request, class_id: int):
    """The board as a CSV file: a row per student, per task the phase, capability, confidence,
    advice and its reason."""
    classroom = queries.get_run_class_for(request.user, class_id)
    state = queries.board_state(request.user, classroom)
    board = queries.board(request.user, classroom, state=state)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="release-board-{classroom.pk}.csv"'
    writer = csv.writer(response)
    header = [gettext("Student")]
    for t in board.tasks:
        title = {"title": t.title}
        header += [
            gettext("%(title)s: phase") % title,
            gettext("%(title)s: capability") % title,
            gettext("%(title)s: mastery") % title,
            gettext("%(title)s: confidence (1-4)") % title,
            gettext("%(title)s: advice") % title,
            gettext("%(title)s: why") % title,
        ]
    writer.writerow([spreadsheet_safe(h) for h in header])
    for row in board.rows:
        line = [row.student.name]
        for c in row.cells:
            line += [
                c.phase["label"],
                c.mastery_words,
                "" if c.mastery is None else f"{c.mastery:.2f}",
                "" if c.confidence is None else f"{c.confidence:.1f}",
                c.decision,
                c.reason,
            ]
        writer.writerow([spreadsheet_safe(v) for v in line])
    return response
