"""Pages: the admin's OneRoster import, the teacher's class-list import, the roster CSV."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import format_lazy, slugify
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.http import require_POST

from trellis.common.errors import NotFound, UserError
from trellis.rosters import queries

from . import actions, spec
from . import queries as run_queries
from .export import roster_csv
from .permissions import can_import_roster, can_import_simple


class RosterSetForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("OneRoster set (.zip)"),
        help_text=(
            format_lazy(
                gettext_lazy(
                    "The zip your information system exports: manifest.csv, orgs.csv, "
                    "users.csv... At most {value} MB, {value2} MB unpacked, {MAX_FILES} "
                    "files."
                ),
                value=spec.MAX_UPLOAD_BYTES // (1024 * 1024),
                value2=spec.MAX_UNPACKED_BYTES // (1024 * 1024),
                MAX_FILES=spec.MAX_FILES,
            )
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".zip,application/zip"}),
    )
    dry_run = forms.BooleanField(
        required=False,
        label=gettext_lazy("Check only (dry run): show what would change, write nothing"),
    )


class ClassListForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Class list (.csv)"),
        help_text=gettext_lazy("Columns: name, email, role (student or teacher), class. UTF-8."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )
    dry_run = forms.BooleanField(
        required=False,
        label=gettext_lazy("Check only (dry run): show what would change, write nothing"),
    )


_LINK_SALT = "trellis.rosters.link-school"


def _import_page(request, form_class, run, template, extra=None):
    bound = request.method == "POST"
    form = form_class(request.POST if bound else None, request.FILES if bound else None)
    report = None
    if bound and form.is_valid():
        report = run(request.user, form.cleaned_data["file"], dry_run=form.cleaned_data["dry_run"])
    status = 400 if form.errors or (report and not report.ok) else 200
    context = {"form": form, "report": report, **(extra(report) if extra else {})}
    return render(request, template, context, status=status)


def _link_offer(request):
    def extra(report):
        offer = report.link_offer if report else None
        token = None
        if offer:
            token = signing.dumps(
                {**offer, "for": request.user.school_id}, salt=_LINK_SALT, compress=True
            )
        return {
            "offer": offer,
            "offer_token": token,
            "runs": run_queries.recent_runs_for(request.user),
        }

    return extra


@login_required
def import_roster(request):
    if not can_import_roster(request.user):
        raise NotFound("page")
    return _import_page(
        request,
        RosterSetForm,
        actions.import_roster_upload,
        "rosters/import.html",
        extra=_link_offer(request),
    )


@login_required
@require_POST
def link_school(request):
    """The admin's separate confirmation that their school is the set's school."""
    if not can_import_roster(request.user):
        raise NotFound("page")
    try:
        offer = signing.loads(request.POST.get("offer", ""), salt=_LINK_SALT, max_age=3600)
    except signing.BadSignature:
        messages.error(
            request,
            gettext(
                "This confirmation is older than an hour or was changed. Import the "
                "set again (a dry run is enough) and confirm from its report."
            ),
        )
        return redirect("rosters:import")
    if offer.get("for") != request.user.school_id:
        raise NotFound("page")
    try:
        school = actions.link_school(
            request.user,
            offer["sourced_id"],
            offer["name"],
            confirmed=request.POST.get("confirm") == "yes",
        )
    except UserError as e:
        messages.error(request, e.message)
    else:
        messages.success(
            request,
            gettext(
                "%(name)s is now linked to the information system's school “%(offer)s” "
                "(%(offer2)s). Import the set again: it will update your school, its "
                "name included."
            )
            % {"name": school.name, "offer": offer["name"], "offer2": offer["sourced_id"]},
        )
    return redirect("rosters:import")


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
