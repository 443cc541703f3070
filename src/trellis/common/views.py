"""Small helpers the views of every app share."""

from django import forms
from django.contrib import messages
from django.http import HttpRequest

from .errors import UserError


def attach_error(form: forms.Form, error: UserError) -> None:
    """Show an action's error beside the field it names (or at the top), keeping what was typed."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


def flash_error(request: HttpRequest, error: UserError) -> None:
    messages.error(request, error.message)
