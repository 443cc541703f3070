"""The admin's people page and its four changes (each a POST that returns to the page)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from trellis.accounts.models import Role
from trellis.common.errors import NotFound
from trellis.common.views import act_and_redirect

from . import actions, queries
from .permissions import can_manage_people


@login_required
def people(request):
    if not can_manage_people(request.user):
        raise NotFound("page")
    filters = queries.PeopleFilters.from_query(request.GET)
    data = queries.people_page_for(request.user, filters, request.GET.get("page", 1))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "accounts/people/people.html",
        {
            "data": data,
            "filters": filters,
            "roles": Role.choices,
            "statuses": queries.STATUSES.items(),
            "query": query.urlencode(),
            "here": request.get_full_path(),
        },
    )


def _change(request, person_id, run, done):
    """Run one change; flash how it went; back to the page (and filters) the admin came from."""
    if not can_manage_people(request.user):
        raise NotFound("page")
    return act_and_redirect(
        request, lambda: done(run(request.user, person_id)), reverse("people:list")
    )


@login_required
@require_POST
def deactivate(request, person_id: int):
    return _change(
        request,
        person_id,
        actions.deactivate_person,
        lambda p: (
            f"{p.name} is deactivated: they are signed out and cannot sign in. "
            "Their work stays; reactivate them at any time."
        ),
    )


@login_required
@require_POST
def reactivate(request, person_id: int):
    return _change(
        request,
        person_id,
        actions.reactivate_person,
        lambda p: f"{p.name} is active again and can sign in.",
    )


@login_required
@require_POST
def reset_signin(request, person_id: int):
    return _change(
        request,
        person_id,
        actions.reset_signin,
        lambda p: (
            f"{p.name}'s password is cleared and every session ended. They sign in "
            "again with a password reset, an invitation or your school's single sign-on."
        ),
    )


@login_required
@require_POST
def change_role(request, person_id: int):
    role = request.POST.get("role", "")
    return _change(
        request,
        person_id,
        lambda admin, pid: actions.change_role(admin, pid, role),
        lambda p: f"{p.name} is now {p.get_role_display().lower()}.",
    )
