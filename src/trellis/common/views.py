"""Small helpers the views of every app share."""

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme

from .errors import StaleEdit, UserError


def attach_error(form: forms.Form, error: UserError) -> None:
    """Show an action's error beside the field it names (or at the top), keeping what was typed."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


class VersionField(forms.IntegerField):
    """The hidden version an edit form carries (the number it was opened at). A post without
    one cleans to -1, which no row has: the save is refused as stale, never applied blind."""

    def __init__(self, **kwargs):
        super().__init__(widget=forms.HiddenInput, required=False, **kwargs)

    def clean(self, value):
        value = super().clean(value)
        return -1 if value is None else value


def show_conflict(form: forms.Form, error: StaleEdit) -> dict:
    """A refused stale save: keep everything the person typed and carry the newer version in
    the form, so saving again is a deliberate choice. Returns the context for
    ``trellis/conflict.html``, which says what happened and shows their version beside the
    person's."""
    data = form.data.copy()
    data[form.add_prefix("version")] = str(error.version)
    form.data = data
    return {"conflict": error}


def flash_error(request: HttpRequest, error: UserError) -> None:
    messages.error(request, error.message)


def safe_next(request: HttpRequest, fallback: str) -> str:
    """The form's ``next`` when it is a URL of this site (Django's own check: same host, http(s)
    only), else ``fallback``. The one safe-redirect check of every app."""
    nxt = request.POST.get("next") or request.GET.get("next") or ""
    if nxt and url_has_allowed_host_and_scheme(
        nxt, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return nxt
    return fallback


def act_and_redirect(
    request: HttpRequest, do: Callable[[], str | None], to: str, *, success: str | None = None
) -> HttpResponseRedirect:
    """The plumbing of a button that posts one action: call ``do``; flash its error, or
    ``success`` (or the message ``do`` returns); go back to ``next`` when it is safe, else to
    ``to``."""
    try:
        message = do()
    except UserError as e:
        flash_error(request, e)
    else:
        message = success or message
        if message:
            messages.success(request, message)
    return redirect(safe_next(request, to))
