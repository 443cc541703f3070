"""Moderation rounds: set one up, score each piece independently, settle agreed scores."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from trellis.common.views import act_and_redirect

from .. import actions, queries
from ..forms import RoundForm
from ._common import require_teacher, submit


@login_required
def round_new(request, team_id: int):
    require_teacher(request.user)
    team = queries.get_member_team_for(request.user, team_id)
    form = RoundForm(request.POST or None)
    context = {"team": team}
    if request.method == "POST":

        def do(data):
            rnd = actions.create_round(
                request.user,
                team,
                title=data["title"],
                criteria=data["criteria"].splitlines(),
                levels=data["levels"],
                pieces=data["pieces"].split("\n---"),
            )
            return reverse("collaboration:round", args=[rnd.pk])

        return submit(request, form, do, template="collaboration/round_new.html", context=context)
    return render(request, "collaboration/round_new.html", {**context, "form": form})


@login_required
def round_detail(request, round_id: int):
    require_teacher(request.user)
    rnd = queries.get_round_for(request.user, round_id)
    return render(
        request, "collaboration/round.html", {"page": queries.round_page(request.user, rnd)}
    )


def _levels(request) -> dict:
    return {k.removeprefix("level_"): v for k, v in request.POST.items() if k.startswith("level_")}


@login_required
@require_POST
def score(request, round_id: int, piece_id: int):
    require_teacher(request.user)
    rnd = queries.get_round_for(request.user, round_id)
    return act_and_redirect(
        request,
        lambda: actions.score_piece(request.user, piece_id, _levels(request)) and None,
        reverse("collaboration:round", args=[rnd.pk]),
        success=gettext(
            "Your scores are saved. Others' scores appear once you have scored every piece."
        ),
    )


@login_required
@require_POST
def agree(request, round_id: int, piece_id: int):
    require_teacher(request.user)
    rnd = queries.get_round_for(request.user, round_id)
    return act_and_redirect(
        request,
        lambda: (
            actions.agree_piece(
                request.user,
                piece_id,
                _levels(request),
                note=request.POST.get("note", ""),
                exemplar=bool(request.POST.get("exemplar")),
            )
            and None
        ),
        reverse("collaboration:round", args=[rnd.pk]),
        success=gettext("Agreed score saved."),
    )
