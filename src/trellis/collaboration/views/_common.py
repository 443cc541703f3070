"""What the collaboration views share: the guard for teachers and leaders, and the
post-a-form-then-redirect pattern that re-renders the typed data with the error beside it."""

from django.http import HttpResponse
from django.shortcuts import redirect, render

from trellis.common.errors import NotFound, UserError
from trellis.common.views import attach_error

from .. import permissions as perms


def require_staff(user) -> None:
    """Teachers and leaders (and admins) of a school; students and strangers get a 404."""
    if not (perms.is_teacher(user) or perms.is_leader(user)):
        raise NotFound("page")


def require_teacher(user) -> None:
    if not perms.is_teacher(user):
        raise NotFound("page")


def require_leader(user) -> None:
    """What only a school's leaders do (set the focus, delegate roles): a data lead reads the
    leader's pages but gets the same 404 as anyone else here."""
    if not perms.is_leader(user):
        raise NotFound("page")


def require_school_reader(user) -> None:
    if not perms.can_read_school(user):
        raise NotFound("page")


def submit(request, form, do, *, template: str, context) -> HttpResponse:
    """Validate `form`; call `do(cleaned_data)` which returns the URL to go to. A mistake
    re-renders `template` with the form (what was typed kept) and status 400. `context` may
    be a function, then it is only read for the error page."""
    if form.is_valid():
        try:
            return redirect(do(form.cleaned_data))
        except UserError as e:
            attach_error(form, e)
    context = context() if callable(context) else context
    return render(request, template, {"form": form, **context}, status=400)
