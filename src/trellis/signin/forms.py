"""Forms of the sign-in pages: Django's own, with throttling and credential revocation added."""

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
)
from django.core.exceptions import ValidationError
from django.utils.translation import gettext, gettext_lazy

from . import actions, throttle


class ThrottledLogin:
    """Refuse a locked account or a blocked address before checking the password; count each
    failure; the failure that reaches the limit already says the account is now locked."""

    def clean(self):
        username = (self.cleaned_data.get("username") or "").strip()
        password = self.cleaned_data.get("password")
        address = throttle.client_address(self.request)
        if until := throttle.address_blocked_until(address):
            raise ValidationError(throttle.address_message(until), code="address_blocked")
        if until := throttle.account_locked_until(username):
            raise ValidationError(throttle.lock_message(until), code="locked")
        try:
            cleaned = super().clean()
        except ValidationError:
            until = throttle.record_failure(self.request, username) if password else None
            if until:
                raise ValidationError(throttle.lock_message(until), code="locked") from None
            raise
        throttle.record_success(username)
        return cleaned


class LoginForm(ThrottledLogin, AuthenticationForm):
    pass


class AdminLoginForm(ThrottledLogin, AdminAuthenticationForm):
    pass


class ResetRequestForm(PasswordResetForm):
    """Django's reset form, also for imported people who never had a password of their own."""

    def get_users(self, email):
        User = get_user_model()
        return (
            u
            for u in User._default_manager.filter(email__iexact=email, is_active=True)
            if u.email and u.email.lower() == email.lower()
        )


class RevokingSetPasswordForm(SetPasswordForm):
    """Set a password (reset link, invitation); the person's tokens and other sessions end."""

    def save(self, commit=True):
        user = super().save(commit=commit)
        if commit:
            actions.after_password_set(user)
        return user


class RevokingPasswordChangeForm(PasswordChangeForm):
    def save(self, commit=True):
        user = super().save(commit=commit)
        if commit:
            actions.after_password_set(user)
        return user


class CardForm(forms.Form):
    code = forms.CharField(
        max_length=20,
        label=gettext_lazy("Code on your card"),
        help_text=gettext_lazy("Ten letters and digits, like ABCDE-23456."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )


class AdminSetPasswordForm(forms.Form):
    new_password1 = forms.CharField(
        label=gettext_lazy("New password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=gettext_lazy(
            "At least 8 characters, not a common password. Tell the person in person."
        ),
    )
    new_password2 = forms.CharField(
        label=gettext_lazy("New password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        cleaned = super().clean()
        one, two = cleaned.get("new_password1"), cleaned.get("new_password2")
        if one and two and one != two:
            self.add_error(
                "new_password2", gettext("The two passwords differ; type the same one twice.")
            )
        return cleaned
