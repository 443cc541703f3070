"""The admin's learning record store page: where statements go, and how delivery is doing."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from trellis.common.errors import NotFound, UserError
from trellis.common.views import act_and_redirect, attach_error

from . import actions, jobs, queries
from .forms import LrsForm
from .permissions import can_manage_lrs


def _page(request, form, status=200):
    context = {"form": form, **queries.lrs_status(request.user)}
    return render(request, "evidence/lrs.html", context, status=status)


@login_required
def lrs(request):
    if not can_manage_lrs(request.user):
        raise NotFound("page")
    if request.method == "POST":
        form = LrsForm(request.POST)
        if form.is_valid():
            try:
                actions.save_lrs_connection(request.user, **form.cleaned_data)
            except UserError as e:
                attach_error(form, e)
            else:
                messages.success(request, _("Learning record store saved."))
                return redirect("evidence:lrs")
        return _page(request, form, status=400)
    conn = queries.lrs_connection_for(request.user)
    initial = {"enabled": True}
    if conn is not None:
        initial = {"endpoint": conn.endpoint, "auth_key": conn.auth_key, "enabled": conn.enabled}
    return _page(request, LrsForm(initial=initial))


@login_required
@require_POST
def lrs_deliver(request):
    if not can_manage_lrs(request.user):
        raise NotFound("page")

    def do():
        if queries.lrs_connection_for(request.user) is None:
            raise UserError(_("Set the learning record store first, then send."))
        jobs.queue_delivery(request.user.school_id)
        return _("Sending has started; this page shows how far it got.")

    return act_and_redirect(request, do, "evidence:lrs")
