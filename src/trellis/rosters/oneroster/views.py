"""Pages: the admin's OneRoster import, the teacher's class-list import, the roster CSV."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.text import slugify

from trellis.common.errors import NotFound
from trellis.rosters import queries

from . import actions, spec
from .export import roster_csv
from .permissions import can_import_roster, can_import_simple


class RosterSetForm(forms.Form):
    file = forms.FileField(
        label="OneRoster set (.zip)",
        help_text=(
            "The zip your information system exports: manifest.csv, orgs.csv, users.csv... "
            f"At most {spec.MAX_UPLOAD_BYTES // (1024 * 1024)} MB, "
            f"{spec.MAX_UNPACKED_BYTES // (1024 * 1024)} MB unpacked, {spec.MAX_FILES} files."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".zip,application/zip"}),
    )
    dry_run = forms.BooleanField(
        required=False,
        label="Check only (dry run): show what would change, write nothing",
    )


class ClassListForm(forms.Form):
    file = forms.FileField(
        label="Class list (.csv)",
        help_text="Columns: name, email, role (student or teacher), class. UTF-8.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )
    dry_run = forms.BooleanField(
        required=False,
        label="Check only (dry run): show what would change, write nothing",
    )


def _import_page(request, form_class, run, template):
    bound = request.method == "POST"
    form = form_class(request.POST if bound else None, request.FILES if bound else None)
    report = None
    if bound and form.is_valid():
        report = run(request.user, form.cleaned_data["file"], dry_run=form.cleaned_data["dry_run"])
    status = 400 if form.errors or (report and not report.ok) else 200
    return render(request, template, {"form": form, "report": report}, status=status)


@login_required
def import_roster(request):
    if not can_import_roster(request.user):
        raise NotFound("page")
    return _import_page(request, RosterSetForm, actions.import_roster_upload, "rosters/import.html")


@login_required
def import_class_list(request):
    if not can_import_simple(request.user):
        raise NotFound("page")
    return _import_page(
        request, ClassListForm, actions.import_simple_upload, "rosters/import_simple.html"
    )


@login_required
def export_roster(request, class_id: int):
    classroom = queries.get_managed_class_for(request.user, class_id)
    response = HttpResponse(roster_csv(classroom), content_type="text/csv; charset=utf-8")
    filename = f"roster-{slugify(classroom.name) or classroom.pk}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
