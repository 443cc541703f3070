from django import forms
from django.utils.translation import gettext_lazy as _


class RegistrationForm(forms.Form):
    name = forms.CharField(
        max_length=255, label=_("Name"), help_text=_("For you: for example “District Moodle”.")
    )
    issuer = forms.URLField(
        max_length=255,
        label=_("Issuer"),
        help_text=_("The platform's issuer (iss), from its LTI 1.3 tool settings."),
        assume_scheme="https",
    )
    client_id = forms.CharField(
        max_length=255, label=_("Client id"), help_text=_("The id the LMS gave to Trellis.")
    )
    auth_url = forms.URLField(
        max_length=200,
        label=_("Authentication (OIDC) URL"),
        help_text=_("Where Trellis sends a browser to sign in: the platform's auth login URL."),
        assume_scheme="https",
    )
    token_url = forms.URLField(
        max_length=200,
        label=_("Access token URL"),
        help_text=_("Where Trellis asks for a token before a roster sync or grade post."),
        assume_scheme="https",
    )
    keyset_url = forms.URLField(
        max_length=200,
        label=_("Key set URL"),
        help_text=_("The platform's public keys (JWKS): how Trellis checks each launch."),
        assume_scheme="https",
    )
    deployment_ids = forms.CharField(
        label=_("Deployment ids"),
        help_text=_("One per line. A launch from any other deployment is refused."),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Enter at least one deployment id, one per line.")},
    )

    def clean_deployment_ids(self):
        value = self.cleaned_data["deployment_ids"]
        if not any(part.strip() for part in value.replace(",", "\n").splitlines()):
            raise forms.ValidationError(_("Enter at least one deployment id, one per line."))
        return value


class LinkCourseForm(forms.Form):
    classroom = forms.TypedChoiceField(coerce=int, label=_("Trellis class"))

    def __init__(self, *args, classes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["classroom"].choices = [(c.pk, c.name) for c in classes]
        self.fields["classroom"].help_text = _(
            "The class this LMS course belongs to. Its roster syncs into this class."
        )
