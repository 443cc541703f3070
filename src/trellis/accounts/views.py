"""Sign in, home pages per role, personal API tokens and display preferences."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from trellis.common.errors import UserError
from trellis.common.views import attach_error
from trellis.rosters import queries as roster_queries
from trellis.rosters.oneroster import queries as roster_runs

from . import actions, queries
from .models import Role, TextSize


class TokenForm(forms.Form):
    name = forms.CharField(
        max_length=100,
        label="Token name",
        help_text="What the script is for, e.g. “nightly export”.",
    )
    expires_in_days = forms.IntegerField(
        required=False,
        label="Expires after (days)",
        help_text="Optional, 1–366. Leave empty for a token that works until you revoke it.",
    )


class DisplayForm(forms.Form):
    text_size = forms.ChoiceField(
        label="Text size", choices=TextSize.choices, widget=forms.RadioSelect
    )
    reduce_motion = forms.BooleanField(
        label="Reduce motion",
        required=False,
        help_text="No animations or smooth scrolling. Trellis also follows your device's "
        "“reduce motion” setting.",
    )
    high_contrast = forms.BooleanField(
        label="High contrast",
        required=False,
        help_text="Black text on white, thicker borders and underlined links.",
    )


@login_required
def home(request):
    user = request.user
    if user.role in (Role.LEADER, Role.ADMIN):
        listing = roster_queries.class_page_for(user, request.GET)
        context = {"listing": listing}
        if user.role == Role.ADMIN:
            context["last_run"] = next(iter(roster_runs.recent_runs_for(user, 1)), None)
        else:
            # Leaders read aggregates: the one small-numbers rule on every count they see.
            context["classes"] = roster_queries.with_protected_counts(listing.classes)
        return render(request, f"accounts/home_{user.role}.html", context)
    if user.role == Role.GUARDIAN:
        # A guardian's home is their family page (trellis.reflection).
        return redirect("reflection:family")
    if user.role == Role.TEACHER:
        return render(
            request, "accounts/home_teacher.html", {"classes": roster_queries.classes_for(user)}
        )
    return render(
        request, "accounts/home_student.html", {"classes": roster_queries.classes_for(user)}
    )


@login_required
def tokens(request):
    form = TokenForm(request.POST or None)
    secret = None
    if request.method == "POST" and form.is_valid():
        try:
            token, secret = actions.create_api_token(
                request.user, form.cleaned_data["name"], form.cleaned_data["expires_in_days"]
            )
        except UserError as e:
            attach_error(form, e)
        else:
            messages.success(request, f"Token “{token.name}” created. Copy it now.")
            form = TokenForm()
    return render(
        request,
        "accounts/tokens.html",
        {"form": form, "secret": secret, "tokens": queries.tokens_for(request.user)},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def revoke_token(request, token_id: int):
    token = actions.revoke_api_token(request.user, token_id)
    messages.success(request, f"Token “{token.name}” revoked; scripts using it now get 401.")
    return redirect("accounts:tokens")


@login_required
def preferences(request):
    """A person's own display choices, remembered on every device they sign in on."""
    user = request.user
    current = {
        "text_size": user.text_size,
        "reduce_motion": user.reduce_motion,
        "high_contrast": user.high_contrast,
    }
    form = DisplayForm(request.POST or None, initial=current)
    if request.method == "POST" and form.is_valid():
        try:
            actions.set_display_preferences(user, **form.cleaned_data)
        except UserError as e:
            attach_error(form, e)
        else:
            messages.success(request, "Display preferences saved. Every page now uses them.")
            return redirect("accounts:preferences")
    return render(
        request, "accounts/preferences.html", {"form": form}, status=400 if form.errors else 200
    )
