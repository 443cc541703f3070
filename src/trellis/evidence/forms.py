"""The learning record store form (the admin's LRS page)."""

from django import forms
from django.utils.translation import gettext_lazy as _


class LrsForm(forms.Form):
    endpoint = forms.URLField(
        label=_("xAPI address of the store"),
        max_length=300,
        assume_scheme="https",
        help_text=_(
            "The address your learning record store gives for xAPI, e.g. https://lrs.example.org/xAPI/"
        ),
        error_messages={"invalid": _("Enter the full address, starting with https://.")},
    )
    auth_key = forms.CharField(
        label=_("Key"),
        max_length=200,
        help_text=_("The user name (key) the store issued for this school."),
    )
    auth_secret = forms.CharField(
        label=_("Secret"),
        max_length=200,
        required=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        help_text=_(
            "The password (secret) issued with the key. Leave empty to keep the saved one."
        ),
    )
    enabled = forms.BooleanField(
        label=_("Send statements to this store"), required=False, initial=True
    )
