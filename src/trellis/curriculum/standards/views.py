"""The admin's standards import page: a CASE package (file or address) into a class's targets."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from trellis.common.errors import NotFound, UserError
from trellis.common.views import attach_error

from . import actions, jobs
from .case import CaseInvalid
from .permissions import can_import_standards, classes_for_import


class CaseImportForm(forms.Form):
    classroom = forms.TypedChoiceField(label=gettext_lazy("Class"), coerce=int)
    file = forms.FileField(
        label=gettext_lazy("CASE package (.json)"),
        required=False,
        help_text=gettext_lazy("The framework as a CASE 1.1 JSON package (a CFPackage)."),
        widget=forms.ClearableFileInput(attrs={"accept": ".json,application/json"}),
    )
    url = forms.URLField(
        label=gettext_lazy("…or its address"),
        required=False,
        assume_scheme="https",
        help_text=gettext_lazy(
            "The CFPackages address of a CASE server, e.g. https://case.example.org/ims/case/v1p1/CFPackages/<identifier>"
        ),
    )

    def __init__(self, *args, classes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["classroom"].choices = [(c.pk, str(c)) for c in classes]

    def clean(self):
        data = super().clean()
        if not self.errors and bool(data.get("file")) == bool(data.get("url")):
            self.add_error("file", _("Upload the package or give its address (one of the two)."))
        return data


@login_required
def import_standards(request):
    if not can_import_standards(request.user):
        raise NotFound("page")
    classes = list(classes_for_import(request.user))
    bound = request.method == "POST"
    form = CaseImportForm(
        request.POST if bound else None, request.FILES if bound else None, classes=classes
    )
    context = {"form": form, "report": None, "problems": None, "queued": None}
    if bound and form.is_valid():
        data = form.cleaned_data
        try:
            if data["file"]:
                if data["file"].size > actions.MAX_PACKAGE_BYTES:
                    raise UserError(_("The package is larger than 20 MB."), field="file")
                raw = data["file"].read()
            else:
                raw = actions.fetch_package(data["url"])
            if len(raw) > jobs.INLINE_BYTES:
                context["queued"] = jobs.queue_import(request.user, data["classroom"], raw)
            else:
                context["report"] = actions.import_case_package(
                    request.user, data["classroom"], raw
                )
        except CaseInvalid as exc:
            context["problems"] = exc.problems
        except UserError as exc:
            attach_error(form, exc)
    status = 400 if form.errors or context["problems"] else 200
    return render(request, "curriculum/standards_import.html", context, status=status)
