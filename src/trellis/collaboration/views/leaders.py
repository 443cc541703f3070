"""The leader's pages: the school matrix, monitoring what works, focus, roles, the summary."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from .. import actions, queries
from .. import permissions as perms
from ..forms import FocusForm, RoleForm
from ._common import require_leader, require_school_reader, submit


@login_required
def matrix(request):
    require_school_reader(request.user)
    m = queries.school_matrix(request.user, request.GET)
    return render(request, "collaboration/matrix.html", {"m": m})


def _monitoring_context(user):
    data = queries.monitoring(user)
    teachers = queries.teams_page(user).teachers if perms.is_leader(user) else []
    return {
        "d": data,
        "is_leader": perms.is_leader(user),
        "focus_form": FocusForm(),
        "role_form": RoleForm(teachers=teachers),
    }


@login_required
def monitoring(request):
    require_school_reader(request.user)
    return render(request, "collaboration/monitoring.html", _monitoring_context(request.user))


@login_required
@require_POST
def focus(request):
    require_leader(request.user)
    form = FocusForm(request.POST)

    def do(data):
        actions.set_focus(request.user, **data)
        return reverse("collaboration:monitoring")

    def context():
        return _monitoring_context(request.user) | {"focus_form": form}

    return submit(request, form, do, template="collaboration/monitoring.html", context=context)


@login_required
@require_POST
def roles(request):
    require_leader(request.user)
    form = RoleForm(request.POST, teachers=queries.teams_page(request.user).teachers)

    def do(data):
        actions.delegate_role(request.user, teacher_id=data["teacher"], role=data["role"])
        return reverse("collaboration:monitoring")

    def context():
        return _monitoring_context(request.user) | {"role_form": form}

    return submit(request, form, do, template="collaboration/monitoring.html", context=context)


@login_required
def summary(request):
    """One printable page for a staff meeting."""
    require_school_reader(request.user)
    return render(
        request,
        "collaboration/summary.html",
        {"m": queries.school_matrix(request.user, {}), "d": queries.monitoring(request.user)},
    )
