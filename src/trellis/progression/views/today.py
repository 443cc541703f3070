"""A teacher's "Today" page: what needs them now across every class they teach."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from trellis.common.errors import NotFound

from .. import queries


@login_required
def today(request):
    if not (request.user.is_teacher or request.user.is_school_admin):
        raise NotFound("page")
    return render(request, "progression/today.html", {"days": queries.today(request.user)})
