"""Portfolio pages: collections, audiences, secret links, responses, approvals, conference."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from trellis.common.errors import NotFound, UserError
from trellis.common.views import act_and_redirect, attach_error
from trellis.rosters import permissions as roster_permissions
from trellis.rosters import queries as roster_queries

from .. import actions, queries
from ..forms import (
    AudienceForm,
    CollectionForm,
    LinkForm,
    PieceForm,
    ResponseForm,
    VisitorResponseForm,
)
from ..models import Audience


def _no_index(response):
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _on_collection(request, collection_id, do, success=None):
    """One button on a collection's page: run it, say how it went (``success``, else what ``do``
    returns), and go back to the collection."""
    return act_and_redirect(
        request, do, reverse("reflection:collection", args=[collection_id]), success=success
    )


@login_required
def collections(request, class_id: int):
    classroom = roster_queries.get_class_for(request.user, class_id)
    if not request.user.is_student:
        raise NotFound("class")
    form = CollectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            c = actions.create_collection(request.user, classroom, form.cleaned_data["title"])
        except UserError as e:
            attach_error(form, e)
        else:
            return redirect("reflection:collection", c.pk)
    return render(
        request,
        "reflection/collections.html",
        {
            "classroom": classroom,
            "collections": queries.my_collections(request.user, classroom),
            "form": form,
        },
        status=400 if form.errors else 200,
    )


def _pieces(user, classroom):
    reflections, revisions, _answers, _a = queries.revisit_choices(user, classroom)
    out = [
        (
            f"reflection:{r.pk}",
            gettext("Reflection %(day)s: %(text)s")
            % {
                "day": date_format(localtime(r.created_at), "j b"),
                "text": (r.body or r.transcript)[:50],
            },
        )
        for r in reflections
    ]
    out += [
        (
            f"revision:{r.pk}",
            gettext("%(title)s, version %(number)s")
            % {"title": r.submission.assignment.title, "number": r.number},
        )
        for r in revisions
    ]
    return out


@login_required
def collection(request, collection_id: int):
    c = queries.get_collection_for(request.user, collection_id)
    manages = roster_permissions.can_manage_class(request.user, c.classroom)
    page = queries.collection_page(request.user, c, manages=manages)
    context = {"page": page, "c": c, "response_form": ResponseForm(), "Audience": Audience}
    if manages:
        context["link_choices"] = queries.link_choices(c)
    if page.owner:
        context["piece_form"] = PieceForm(pieces=_pieces(request.user, c.classroom))
        context["audience_form"] = AudienceForm(
            initial={
                "audience": c.audience,
                "family_may_comment": c.family_may_comment,
                "show_surname": c.show_surname,
                "is_conference": c.is_conference,
                "version": c.version,
            }
        )
        context["link_form"] = LinkForm()
    return _no_index(render(request, "reflection/collection.html", context))


@login_required
@require_POST
def add_piece(request, collection_id: int):
    kind, _, pk = request.POST.get("piece", "").partition(":")
    return _on_collection(
        request,
        collection_id,
        lambda: actions.add_piece(
            request.user, collection_id, kind, pk, request.POST.get("note", "")
        ),
        "Added to the collection.",
    )


@login_required
@require_POST
def audience(request, collection_id: int):
    p = request.POST

    def do():
        c = actions.choose_audience(
            request.user,
            collection_id,
            p.get("audience"),
            p.get("version"),
            family_may_comment=p.get("family_may_comment") == "on",
            show_surname=p.get("show_surname") == "on",
            is_conference=p.get("is_conference") == "on",
        )
        if c.effective_audience < c.audience:
            now = Audience(c.effective_audience).label.lower()
            return gettext(
                "Saved. For now it is shared with: %(audience)s; the rest waits for approval "
                "or consent."
            ) % {"audience": now}
        return gettext("Saved. Shared with: %(audience)s.") % {
            "audience": Audience(c.effective_audience).label.lower()
        }

    return _on_collection(request, collection_id, do)


@login_required
@require_POST
def approve(request, collection_id: int):
    ok = request.POST.get("approve") == "1"
    return _on_collection(
        request,
        collection_id,
        lambda: actions.approve_audience(request.user, collection_id, ok),
        "Approved." if ok else "Kept within the class.",
    )


@login_required
@require_POST
def link_class(request, collection_id: int):
    return _on_collection(
        request,
        collection_id,
        lambda: actions.link_class(request.user, collection_id, request.POST.get("linked_class")),
        "The linked class is saved.",
    )


@login_required
@require_POST
def consent(request, collection_id: int):
    ok = request.POST.get("consent") == "1"
    return _on_collection(
        request,
        collection_id,
        lambda: actions.decide_consent(request.user, collection_id, ok),
        "Thank you: consent given." if ok else "Consent withdrawn: it is hidden now.",
    )


@login_required
@require_POST
def make_link(request, collection_id: int):
    return _on_collection(
        request,
        collection_id,
        lambda: actions.create_share_link(request.user, collection_id, request.POST.get("days")),
        "A secret link is ready. Copy it from the list below.",
    )


@login_required
@require_POST
def revoke_link(request, link_id: int):
    def do():
        link = actions.revoke_share_link(request.user, link_id)
        return gettext("Link stopped (%(title)s).") % {"title": link.collection.title}

    return act_and_redirect(request, do, "/")


@login_required
def respond(request, collection_id: int):
    c = queries.get_collection_for(request.user, collection_id)
    form = ResponseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            r = actions.respond(
                request.user,
                c,
                body=form.cleaned_data["body"],
                helped=form.cleaned_data["helped"],
            )
        except UserError as e:
            attach_error(form, e)
        else:
            messages.success(
                request,
                gettext("Thank you. The teacher reads it before the student does.")
                if r.outside
                else gettext("Your response is posted."),
            )
            return redirect("reflection:collection", c.pk)
    manages = roster_permissions.can_manage_class(request.user, c.classroom)
    page = queries.collection_page(request.user, c, manages=manages)
    return _no_index(
        render(
            request,
            "reflection/collection.html",
            {"page": page, "c": c, "response_form": form, "Audience": Audience},
            status=400 if form.errors else 200,
        )
    )


@login_required
def approvals(request, class_id: int):
    classroom = roster_queries.get_managed_class_for(request.user, class_id)
    return render(
        request,
        "reflection/approvals.html",
        {"classroom": classroom, "page": queries.approvals(request.user, classroom)},
    )


@login_required
@require_POST
def moderate(request, response_id: int):
    show = request.POST.get("show") == "1"
    return act_and_redirect(
        request,
        lambda: actions.moderate_response(request.user, response_id, show),
        "/",
        success="Shown to the student." if show else "Kept from the student.",
    )


@login_required
def conference(request, collection_id: int):
    c = queries.get_collection_for(request.user, collection_id)
    manages = roster_permissions.can_manage_class(request.user, c.classroom)
    page = queries.collection_page(request.user, c, manages=manages)
    paper = "letter" if request.GET.get("paper") == "letter" else "A4"
    return _no_index(
        render(request, "reflection/conference.html", {"page": page, "c": c, "paper": paper})
    )


def shared(request, token: str):
    """A secret link: no sign-in; a plain page when it expired or was stopped."""
    c = queries.shared_by_link(token)
    if c is None:
        return _no_index(render(request, "reflection/not_shared.html", status=410))
    items, name, responses = queries.link_page(c)
    form = VisitorResponseForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            actions.respond(
                None,
                c,
                body=d["body"],
                helped=d["helped"],
                visitor_name=d["visitor_name"],
                through_link=True,
            )
        except UserError as e:
            attach_error(form, e)
        else:
            messages.success(
                request, gettext("Thank you. The teacher reads it before the student does.")
            )
            return redirect("reflection:shared", token)
    if form.errors:
        status = 400
    return _no_index(
        render(
            request,
            "reflection/shared.html",
            {"c": c, "items": items, "name": name, "responses": responses, "form": form},
            status=status,
        )
    )
