"""Sign-in pages: password (throttled), reset and invitation links, class cards, single
sign-on buttons, and the admin's sign-in help for one person."""

import segno
from allauth.socialaccount.adapter import get_adapter as get_social_adapter
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from trellis.common.errors import UserError
from trellis.common.views import attach_error

from . import actions, queries
from .forms import (
    AdminSetPasswordForm,
    CardForm,
    LoginForm,
    ResetRequestForm,
    RevokingPasswordChangeForm,
    RevokingSetPasswordForm,
)
from .tokens import invitation_tokens


def sso_buttons(request) -> list[dict]:
    """One button per configured provider (none when no provider is configured)."""
    buttons = []
    for provider in get_social_adapter(request).list_providers(request):
        buttons.append({"name": provider.name, "url": provider.get_login_url(request)})
    return buttons


class LoginView(auth_views.LoginView):
    template_name = "signin/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "sso": sso_buttons(self.request)}

    def form_valid(self, form):
        actions.start_session(self.request, form.get_user(), form.get_user().backend)
        return redirect(self.get_success_url())

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 400
        return response


password_reset = auth_views.PasswordResetView.as_view(
    form_class=ResetRequestForm,
    template_name="signin/reset_request.html",
    email_template_name="signin/email/password_reset.txt",
    subject_template_name="signin/email/password_reset_subject.txt",
    success_url=reverse_lazy("signin:reset_sent"),
)
password_reset_sent = auth_views.PasswordResetDoneView.as_view(
    template_name="signin/reset_sent.html",
    extra_context={"help_contact": settings.SIGNIN_HELP_CONTACT},
)
password_reset_confirm = auth_views.PasswordResetConfirmView.as_view(
    form_class=RevokingSetPasswordForm,
    template_name="signin/set_password.html",
    success_url=reverse_lazy("signin:reset_complete"),
    extra_context={"purpose": "reset"},
)
password_reset_complete = auth_views.PasswordResetCompleteView.as_view(
    template_name="signin/password_set.html"
)
accept_invitation = auth_views.PasswordResetConfirmView.as_view(
    form_class=RevokingSetPasswordForm,
    token_generator=invitation_tokens,
    template_name="signin/set_password.html",
    success_url=reverse_lazy("signin:reset_complete"),
    extra_context={"purpose": "invitation"},
)


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = RevokingPasswordChangeForm
    template_name = "signin/password_change.html"
    success_url = reverse_lazy("home")

    def form_valid(self, form):
        form.save()
        # This session stays; every other session and every API token ends.
        update_session_auth_hash(self.request, form.user)
        messages.success(
            self.request,
            gettext(
                "Password changed. You were signed out everywhere else, and your API "
                "tokens were revoked: create new ones for your scripts."
            ),
        )
        return redirect(self.get_success_url())


password_change = login_required(PasswordChangeView.as_view())


@never_cache
def card_sign_in(request):
    """A student types the code on their card (or scans its QR code, which fills it in)."""
    if request.user.is_authenticated and request.method == "GET":
        return redirect("home")
    form = CardForm(request.POST or None, initial={"code": request.GET.get("code", "")})
    if request.method == "POST" and form.is_valid():
        try:
            actions.sign_in_with_card(request, form.cleaned_data["code"])
        except UserError as e:
            attach_error(form, e)
        else:
            return redirect("home")
    return render(request, "signin/card.html", {"form": form}, status=400 if form.errors else 200)


def _qr_svg(url: str) -> str:
    return segno.make(url, error="m").svg_inline(scale=3, border=2, title="QR code to sign in")


@login_required
@never_cache
def class_cards(request, class_id: int):
    """GET: the class's students and their cards. POST: print new cards (all or chosen)."""
    if request.method == "POST":
        try:
            classroom, printed = actions.issue_cards(
                request.user, class_id, only_ids=request.POST.getlist("student")
            )
        except UserError as e:
            messages.error(request, e.message)
            return redirect("signin:class_cards", class_id=class_id)
        base = request.build_absolute_uri(reverse("signin:card"))
        cards = [{"card": c, "qr": _qr_svg(f"{base}?code={c.code}")} for c in printed]
        return render(request, "signin/cards_print.html", {"classroom": classroom, "cards": cards})
    classroom = queries.get_card_class_for(request.user, class_id)
    return render(
        request,
        "signin/cards.html",
        {"classroom": classroom, "rows": queries.card_rows(classroom)},
    )


def people(request):
    """The sign-in help list moved into the one people page; old links still arrive."""
    query = request.GET.urlencode()
    return redirect(reverse("people:list") + (f"?{query}" if query else ""), permanent=True)


@login_required
def person(request, person_id: int, form=None, link=None, status=200):
    target = queries.get_person_for(request.user, person_id)
    return render(
        request,
        "signin/person.html",
        {
            "status": queries.person_sign_in(target),
            "form": form or AdminSetPasswordForm(),
            "link": link,
        },
        status=status,
    )


@login_required
@require_POST
def invite(request, person_id: int):
    target = queries.get_person_for(request.user, person_id)
    try:
        link, sent = actions.invite(request, request.user, target)
    except UserError as e:
        messages.error(request, e.message)
        return redirect("signin:person", person_id=target.pk)
    if sent:
        messages.success(
            request,
            gettext(
                "Invitation sent to %(email)s. The link works once, for "
                "%(SIGNIN_INVITATION_DAYS)s days."
            )
            % {"email": target.email, "SIGNIN_INVITATION_DAYS": settings.SIGNIN_INVITATION_DAYS},
        )
        return redirect("signin:person", person_id=target.pk)
    # No address to send to: show the link once, for the admin to hand over.
    return person(request, target.pk, link=link)


@login_required
@require_POST
def set_password(request, person_id: int):
    target = queries.get_person_for(request.user, person_id)
    form = AdminSetPasswordForm(request.POST)
    if form.is_valid():
        try:
            revoked = actions.set_password_for(
                request.user, target, form.cleaned_data["new_password1"]
            )
        except UserError as e:
            attach_error(form, e)
        else:
            messages.success(
                request,
                (
                    ngettext(
                        "New password set for %(name)s. They were signed out everywhere and "
                        "%(count)s API token was revoked.",
                        "New password set for %(name)s. They were signed out everywhere and "
                        "%(count)s API tokens were revoked.",
                        revoked,
                    )
                    if revoked
                    else gettext("New password set for %(name)s. They were signed out everywhere.")
                )
                % {"name": target.name, "count": revoked},
            )
            return redirect("signin:person", person_id=target.pk)
    return person(request, target.pk, form=form, status=400)


@login_required
@require_POST
def unlock(request, person_id: int):
    target = queries.get_person_for(request.user, person_id)
    actions.unlock(request.user, target)
    messages.success(request, gettext("%(name)s can sign in again now.") % {"name": target.name})
    return redirect("signin:person", person_id=target.pk)


def sso_cancelled(request):
    return render(request, "socialaccount/login_cancelled.html")


def sso_error(request):
    """Where allauth would show its own error, sign-up or connections page: Trellis has none."""
    return render(
        request,
        "signin/sso_refused.html",
        {
            "title": "Single sign-on did not finish",
            "message": (
                "Trellis accounts come from your school's roster and are never created or "
                f"linked here. Sign in again, or ask {settings.SIGNIN_HELP_CONTACT}."
            ),
        },
        status=403,
    )
