"""Marking a class set on one page: the grid, quotes, comments from the bank, next and previous.

The page swaps one student's panel at a time with htmx (`marking_panel`); without JavaScript
every link and form still works as an ordinary page. The session remembers where the teacher
was in each assignment's queue.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext
from django.views.decorators.http import require_POST

from trellis.common.errors import NotFound, UserError
from trellis.common.views import attach_error

from ..actions import bank as bank_actions
from ..actions import feedback as feedback_actions
from ..actions.feedback import CoachHold
from ..queries import marking as marking_queries
from ..queries import work as queries
from .forms import BankForm, FeedbackForm


def _session_key(assignment_id) -> str:
    return f"work-marking-{assignment_id}"


def _context(
    request, assignment, panel, *, form=None, hold=None, note="", bank_form=None, bank=None
):
    bank = bank or marking_queries.bank_for(request.user)
    context = {
        "assignment": assignment,
        "classroom": assignment.classroom,
        "panel": panel,
        "bank": bank,
        "hold": hold,
        "note": note,
        "bank_form": bank_form or BankForm(teams=bank.teams),
    }
    if panel is not None:
        page = panel.page
        context["page"] = page
        context["html"] = mark_safe(page.html)  # noqa: S308 - markup.render, cleaned by nh3
        context["form"] = form or FeedbackForm(criteria=page.criteria, levels=page.levels)
        request.session[_session_key(assignment.pk)] = panel.submission.pk
    return context


def _render(request, context, status=200):
    if request.headers.get("HX-Request"):
        # htmx swaps only successful answers; errors are shown inside the panel.
        return render(request, "work/_marking_panel.html", context)
    return render(request, "work/marking.html", context, status=status)


@login_required
def marking(request, assignment_id: int):
    assignment = queries.get_managed_assignment_for(request.user, assignment_id)
    wanted = request.GET.get("s") or request.session.get(_session_key(assignment.pk))
    panel = marking_queries.marking_panel(request.user, assignment, wanted)
    return render(request, "work/marking.html", _context(request, assignment, panel))


def score_from_post(request, revision) -> str:
    """Score ``revision`` with the posted rubric levels (``score-<criterion>``) and reasons
    (``reason-<criterion>``); returns the sentence that says what changed. Raises UserError.
    The marking panel and the revision page both score this way."""
    levels = {k[6:]: v for k, v in request.POST.items() if k.startswith("score-")}
    reasons = {k[7:]: v for k, v in request.POST.items() if k.startswith("reason-")}
    written = feedback_actions.score_revision(
        request.user, revision, levels=levels, reasons=reasons
    )
    if not written:
        return gettext("No scores changed.")
    return ngettext(
        "Scores saved (%(count)s changed).", "Scores saved (%(count)s changed).", len(written)
    ) % {"count": len(written)}


@login_required
def marking_panel(request, assignment_id: int, submission_id: int):
    assignment = queries.get_managed_assignment_for(request.user, assignment_id)
    panel = marking_queries.marking_panel(request.user, assignment, submission_id)
    if panel is None or panel.submission.pk != submission_id:
        raise NotFound("submission")
    if request.method != "POST":
        return _render(request, _context(request, assignment, panel))
    revision = panel.page.revision
    do = request.POST.get("do")
    note, hold, status = "", None, 200
    form = bank_form = bank = None
    if do == "score":
        try:
            note = score_from_post(request, revision)
        except UserError as e:
            note, status = e.message, 400
    elif do == "comment":
        page = panel.page
        form = FeedbackForm(request.POST, criteria=page.criteria, levels=page.levels)
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
                hold, status = e.advice, 400
            except UserError as e:
                attach_error(form, e)
                status = 400
            else:
                note, form = "Comment sent.", None
        else:
            status = 400
    elif do == "bank":
        bank = marking_queries.bank_for(request.user)
        bank_form = BankForm(request.POST, teams=bank.teams)
        if bank_form.is_valid():
            try:
                bank_actions.save_comment(request.user, **bank_form.cleaned_data)
            except UserError as e:
                attach_error(bank_form, e)
                status = 400
            else:
                note, bank_form, bank = "Saved to your comment bank.", None, None
        else:
            status = 400
    panel = marking_queries.marking_panel(request.user, assignment, submission_id)
    context = _context(
        request, assignment, panel, form=form, hold=hold, note=note, bank_form=bank_form, bank=bank
    )
    return _render(request, context, status)


@login_required
def bank(request):
    """The teacher's comment bank: add, edit, share with a team and remove comments; below,
    the comments teammates shared."""
    if request.user.is_student:
        raise NotFound("comment bank")
    teams = marking_queries.share_teams(request.user)
    do = request.POST.get("do")
    form = BankForm(request.POST if do == "add" else None, teams=teams)
    status, edit_error = 200, None
    if request.method == "POST":
        try:
            if do == "add" and form.is_valid():
                bank_actions.save_comment(request.user, **form.cleaned_data)
                messages.success(request, gettext("Saved to your comment bank."))
                return redirect("work:bank")
            if do == "edit":
                bank_actions.edit_comment(
                    request.user,
                    request.POST.get("comment"),
                    shortcut=request.POST.get("shortcut", ""),
                    body=request.POST.get("body", ""),
                    team=request.POST.get("team", ""),
                )
                messages.success(request, gettext("Comment updated."))
                return redirect("work:bank")
            if do == "remove":
                bank_actions.remove_comment(request.user, request.POST.get("comment"))
                messages.success(request, gettext("Comment removed."))
                return redirect("work:bank")
        except UserError as e:
            if do == "add":
                attach_error(form, e)
            elif do == "edit":
                # Shown on the comment's own form, with what was typed kept.
                edit_error = {
                    "comment": request.POST.get("comment"),
                    "message": e.message,
                    "shortcut": request.POST.get("shortcut", ""),
                    "body": request.POST.get("body", ""),
                    "team": request.POST.get("team", ""),
                }
            else:
                messages.error(request, e.message)
                return redirect("work:bank")
        status = 400
    bank = marking_queries.bank_for(request.user, teams)
    for comment in bank.mine:
        typed = edit_error and edit_error["comment"] == str(comment.pk)
        comment.error = edit_error["message"] if typed else ""
        comment.shown_shortcut = edit_error["shortcut"] if typed else comment.shortcut
        comment.shown_body = edit_error["body"] if typed else comment.body
        comment.shown_team = edit_error["team"] if typed else str(comment.owner_team_id or "")
    return render(request, "work/bank.html", {"form": form, "bank": bank}, status=status)


@login_required
@require_POST
def rate(request, item_id: int):
    """The author rates how helpful a peer's comment was (seen by the reviewer and teacher)."""
    item = queries.get_feedback_for(request.user, item_id)
    try:
        feedback_actions.rate_feedback(request.user, item, rating=request.POST.get("rating"))
    except UserError as e:
        messages.error(request, e.message)
    else:
        messages.success(
            request, gettext("Thanks: only your reviewer and your teacher see your rating.")
        )
    return redirect(f"/work/revisions/{item.review.revision_id}/#feedback-{item.pk}")
