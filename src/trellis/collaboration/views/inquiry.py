"""Inquiries (open, read before and after, conclude) and the practice library."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from .. import actions, queries
from ..forms import FinishForm, InquiryForm, PracticeForm
from ..models import MeasureKind
from ._common import require_staff, require_teacher, submit


def _inquiry_form(request, options):
    return InquiryForm(
        request.POST or None,
        targets=options.targets,
        checkins=options.checkins,
        practices=options.practices,
        focus=options.focus,
    )


@login_required
def inquiry_new(request, team_id: int):
    require_teacher(request.user)
    team = queries.get_member_team_for(request.user, team_id)
    options = queries.inquiry_options(request.user, team)
    form = _inquiry_form(request, options)
    context = {"team": team}
    if request.method == "POST":

        def do(data):
            inquiry = actions.open_inquiry(
                request.user,
                team,
                question=data["question"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                measure_id=data["measure"] or None,
                measure_kind=data["measure_kind"] or MeasureKind.CHECKIN,
                practice_id=data["practice"] or None,
                action=data["action"],
                target_ids=data["targets"],
                focus_id=data["focus"] or None,
            )
            return reverse("collaboration:inquiry", args=[inquiry.pk])

        return submit(request, form, do, template="collaboration/inquiry_new.html", context=context)
    return render(request, "collaboration/inquiry_new.html", {**context, "form": form})


@login_required
def inquiry(request, inquiry_id: int):
    require_staff(request.user)
    i = queries.get_inquiry_for(request.user, inquiry_id)
    page = queries.inquiry_page(request.user, i)
    return render(request, "collaboration/inquiry.html", {"page": page, "form": FinishForm()})


@login_required
@require_POST
def inquiry_finish(request, inquiry_id: int):
    require_teacher(request.user)
    i = queries.get_inquiry_for(request.user, inquiry_id)
    form = FinishForm(request.POST)

    def do(data):
        actions.finish_inquiry(
            request.user, i, outcome=data["outcome"], conclusion=data["conclusion"]
        )
        return reverse("collaboration:inquiry", args=[i.pk])

    return submit(
        request,
        form,
        do,
        template="collaboration/inquiry.html",
        context=lambda: {"page": queries.inquiry_page(request.user, i)},
    )


@login_required
def practices(request):
    require_staff(request.user)
    search = request.GET.get("q", "")
    form = PracticeForm(request.POST or None)
    context = {"rows": queries.practice_library(request.user, search), "q": search[:100]}
    if request.method == "POST":

        def do(data):
            p = actions.create_practice(request.user, **data)
            return reverse("collaboration:practice", args=[p.pk])

        return submit(request, form, do, template="collaboration/practices.html", context=context)
    return render(request, "collaboration/practices.html", {**context, "form": form})


@login_required
def practice(request, practice_id: int):
    require_staff(request.user)
    p = queries.get_practice_for(request.user, practice_id)
    evidence = queries.practice_page(request.user, p)
    return render(request, "collaboration/practice.html", {"practice": p, "evidence": evidence})
