"""The admin's privacy page (find a person, export, erase, retention) and a person's own export."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.http import require_POST

from trellis.common.errors import NotFound, UserError
from trellis.common.views import attach_error

from . import actions, queries


class EraseForm(forms.Form):
    confirm = forms.CharField(
        label=gettext_lazy("Type the person's username to confirm"), max_length=150, required=False
    )


class RetentionForm(forms.Form):
    keep_days = forms.CharField(
        label=gettext_lazy("Keep the data of people who left for (days)"),
        help_text=gettext_lazy("After this many days Trellis erases them (the nightly sweep)."),
        max_length=5,
    )


def _admin(request):
    if not request.user.is_school_admin:
        raise NotFound("page")


def _zip(person, data: bytes) -> HttpResponse:
    response = HttpResponse(data, content_type="application/zip")
    stamp = timezone.now().strftime("%Y%m%d")
    response["Content-Disposition"] = (
        f'attachment; filename="trellis-data-{person.username}-{stamp}.zip"'
    )
    return response


def _page(request, retention_form=None, status=200):
    q = request.GET.get("q", "")
    school = request.user.school_id
    keep = queries.keep_days(school)
    return render(
        request,
        "privacy/admin.html",
        {
            "q": q,
            "people": queries.find_people(request.user, q),
            "retention_form": retention_form or RetentionForm(initial={"keep_days": keep}),
            "keep_days": keep,
            "due": len(queries.leavers_due(school, keep)),
        },
        status=status,
    )


@login_required
def admin_page(request):
    _admin(request)
    return _page(request)


@login_required
@require_POST
def retention(request):
    _admin(request)
    form = RetentionForm(request.POST)
    form.is_valid()
    try:
        policy = actions.set_keep_days(request.user, form.data.get("keep_days"))
    except UserError as e:
        attach_error(form, e)
        return _page(request, retention_form=form, status=400)
    messages.success(
        request,
        gettext("Data of people who left is now kept for %(keep_days)s days.")
        % {"keep_days": policy.keep_days},
    )
    return redirect("privacy:admin")


@login_required
@require_POST
def export(request, person_id: int):
    person = queries.get_person_for(request.user, person_id)
    return _zip(person, actions.export_person(request.user, person))


@login_required
def erase(request, person_id: int):
    person = queries.get_person_for(request.user, person_id)
    form = EraseForm(request.POST or None)
    status = 200
    if request.method == "POST":
        form.is_valid()
        try:
            actions.erase_person(request.user, person, confirm=form.data.get("confirm", ""))
        except UserError as e:
            attach_error(form, e)
            status = 400
        else:
            messages.success(
                request,
                gettext(
                    "The person's data was erased. What classmates depend on stays, without a name."
                ),
            )
            return redirect("privacy:admin")
    return render(request, "privacy/erase.html", {"person": person, "form": form}, status=status)


@login_required
def mine(request):
    return render(request, "privacy/mine.html", {})


@login_required
@require_POST
def export_mine(request):
    return _zip(request.user, actions.export_person(request.user, request.user))
