"""Sign in, home pages per role, personal API tokens and display preferences."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from trellis.common.errors import UserError
from trellis.common.views import attach_error
from trellis.rosters import queries as roster_queries
from trellis.rosters.oneroster import queries as roster_runs

from . import actions, queries
from .middleware import language_for_user
from .models import Role, TextSize


class TokenForm(forms.Form):
    name = forms.CharField(
        max_length=100,
        label=gettext_lazy("Token name"),
        help_text=gettext_lazy("What the script is for, e.g. “nightly export”."),
    )
    expires_in_days = forms.IntegerField(
        required=False,
        label=gettext_lazy("Expires after (days)"),
        help_text=gettext_lazy(
            "Optional, 1–366. Leave empty for a token that works until you revoke it."
        ),
    )


class DisplayForm(forms.Form):
    text_size = forms.ChoiceField(
        label=gettext_lazy("Text size"), choices=TextSize.choices, widget=forms.RadioSelect
    )
    reduce_motion = forms.BooleanField(
        label=gettext_lazy("Reduce motion"),
        required=False,
        help_text=gettext_lazy(
            "No animations or smooth scrolling. Trellis also follows your device's "
            "“reduce motion” setting."
        ),
    )
    high_contrast = forms.BooleanField(
        label=gettext_lazy("High contrast"),
        required=False,
        help_text=gettext_lazy("Black text on white, thicker borders and underlined links."),
    )
    # Each language is named in itself, so a person who cannot read the current one finds theirs.
    language = forms.ChoiceField(
        label=gettext_lazy("Language"),
        required=False,
        choices=[("", gettext_lazy("Your school's default")), *list(settings.LANGUAGES)],
        help_text=gettext_lazy(
            "The language of every page. Your school's default, else your browser's language."
        ),
    )


class SchoolLanguageForm(forms.Form):
    language = forms.ChoiceField(
        label=gettext_lazy("Default language"),
        required=False,
        choices=[("", gettext_lazy("Each browser's language")), *list(settings.LANGUAGES)],
        help_text=gettext_lazy(
            "Used for everyone at the school who has not chosen a language in their preferences."
        ),
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
            messages.success(
                request, _("Token “%(name)s” created. Copy it now.") % {"name": token.name}
            )
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
    messages.success(
        request,
        _("Token “%(name)s” revoked; scripts using it now get 401.") % {"name": token.name},
    )
    return redirect("accounts:tokens")


@login_required
def preferences(request):
    """A person's own display choices, remembered on every device they sign in on."""
    user = request.user
    current = {
        "text_size": user.text_size,
        "reduce_motion": user.reduce_motion,
        "high_contrast": user.high_contrast,
        "language": user.language,
    }
    form = DisplayForm(request.POST or None, initial=current)
    if request.method == "POST" and form.is_valid():
        try:
            actions.set_display_preferences(user, **form.cleaned_data)
        except UserError as e:
            attach_error(form, e)
        else:
            # Said in the language just chosen: the page after the redirect speaks it too.
            with translation.override(language_for_user(user) or translation.get_language()):
                messages.success(request, _("Display preferences saved. Every page now uses them."))
            return redirect("accounts:preferences")
    return render(
        request, "accounts/preferences.html", {"form": form}, status=400 if form.errors else 200
    )


@login_required
def school(request):
    """An admin's school-wide settings: the default language of its pages."""
    user = request.user
    if user.role != Role.ADMIN or user.school_id is None:
        raise Http404
    form = SchoolLanguageForm(request.POST or None, initial={"language": user.school.language})
    if request.method == "POST" and form.is_valid():
        try:
            actions.set_school_language(user, form.cleaned_data["language"])
        except UserError as e:
            attach_error(form, e)
        else:
            with translation.override(language_for_user(user) or translation.get_language()):
                messages.success(request, _("School settings saved."))
            return redirect("accounts:school")
    return render(
        request,
        "accounts/school.html",
        {"form": form, "school": user.school},
        status=400 if form.errors else 200,
    )
