"""Rubric pages: the grid, co-design with the class, editing and versions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from trellis.common.errors import UserError
from trellis.common.views import attach_error, flash_error
from trellis.rosters import queries as roster_queries

from ..actions import rubric_copy as copy_actions
from ..actions import rubrics as actions
from ..queries import rubrics as queries
from .forms import CommentForm, CriterionForm, DecisionForm, ExemplarForm, ProposalForm, RubricForm


@login_required
def create(request, class_id: int):
    classroom = roster_queries.get_managed_class_for(request.user, class_id)
    form = RubricForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            rubric = actions.create_rubric(request.user, classroom, **form.cleaned_data)
        except UserError as e:
            attach_error(form, e)
        else:
            messages.success(
                request,
                gettext("“%(title)s” created with four levels. Add criteria next.")
                % {"title": rubric.title},
            )
            return redirect("work:rubric", rubric.pk)
    return render(
        request,
        "work/rubric_create.html",
        {"form": form, "classroom": classroom},
        status=400 if form.errors else 200,
    )


def _detail_context(request, rubric, **forms):
    page = queries.rubric_page(request.user, rubric)
    context = {
        "page": page,
        "rubric": rubric,
        "classroom": rubric.classroom,
        "is_student": page.is_student,
        "proposal_form": forms.get("proposal_form")
        or ProposalForm(targets=page.targets, content=page.content, initial={"kind": "criterion"}),
        "criterion_form": forms.get("criterion_form") or CriterionForm(targets=page.targets),
        "exemplar_form": forms.get("exemplar_form") or ExemplarForm(content=page.content),
        "comment_form": CommentForm(),
        "decision_form": DecisionForm(),
    }
    return context


@login_required
def detail(request, rubric_id: int):
    rubric = queries.get_rubric_for(request.user, rubric_id)
    return render(request, "work/rubric_detail.html", _detail_context(request, rubric))


@login_required
@require_POST
def propose(request, rubric_id: int):
    rubric = queries.get_rubric_for(request.user, rubric_id)
    page = queries.rubric_page(request.user, rubric)
    form = ProposalForm(request.POST, targets=page.targets, content=page.content)
    if form.is_valid():
        d = form.cleaned_data
        try:
            actions.propose(
                request.user,
                rubric,
                kind=d["kind"],
                text=d["text"],
                criterion_id=d["criterion"] or None,
                level_id=d["level"] or None,
                target_id=d["target"] or None,
            )
        except UserError as e:
            attach_error(form, e)
        else:
            messages.success(
                request, gettext("Proposal shared with the class. Classmates can now vote.")
            )
            return redirect("work:rubric", rubric.pk)
    context = _detail_context(request, rubric, proposal_form=form)
    return render(request, "work/rubric_detail.html", context, status=400)


@login_required
@require_POST
def add_criterion(request, rubric_id: int):
    rubric = queries.get_managed_rubric_for(request.user, rubric_id)
    page = queries.rubric_page(request.user, rubric)
    form = CriterionForm(request.POST, targets=page.targets)
    if form.is_valid():
        d = form.cleaned_data
        try:
            _, note = actions.add_criterion(
                request.user,
                rubric,
                title=d["title"],
                target_id=d["target"],
                description=d["description"],
            )
        except UserError as e:
            attach_error(form, e)
        else:
            messages.success(
                request, gettext("Criterion added. %(message)s") % {"message": note.message}
            )
            return redirect("work:rubric", rubric.pk)
    context = _detail_context(request, rubric, criterion_form=form)
    return render(request, "work/rubric_detail.html", context, status=400)


@login_required
@require_POST
def add_exemplar(request, rubric_id: int):
    rubric = queries.get_managed_rubric_for(request.user, rubric_id)
    page = queries.rubric_page(request.user, rubric)
    form = ExemplarForm(request.POST, content=page.content)
    if form.is_valid():
        d = form.cleaned_data
        try:
            note = actions.add_exemplar(
                request.user,
                rubric,
                level_id=d["level"],
                criterion_id=d["criterion"] or None,
                title=d["title"],
                body=d["body"],
            )
        except UserError as e:
            attach_error(form, e)
        else:
            messages.success(
                request, gettext("Exemplar added. %(message)s") % {"message": note.message}
            )
            return redirect("work:rubric", rubric.pk)
    context = _detail_context(request, rubric, exemplar_form=form)
    return render(request, "work/rubric_detail.html", context, status=400)


@login_required
@require_POST
def publish(request, rubric_id: int):
    rubric = queries.get_managed_rubric_for(request.user, rubric_id)
    try:
        version = actions.publish_rubric(request.user, rubric)
    except UserError as e:
        flash_error(request, e)
    else:
        messages.success(
            request, gettext("Published as version %(number)s.") % {"number": version.number}
        )
    return redirect("work:rubric", rubric.pk)


@login_required
@require_POST
def codesign(request, rubric_id: int):
    rubric = queries.get_managed_rubric_for(request.user, rubric_id)
    is_open = request.POST.get("open") == "1"
    actions.set_codesign(
        request.user, rubric, is_open=is_open, prompt=request.POST.get("prompt", "")
    )
    messages.success(
        request,
        gettext("Open to the class: students can propose, comment and vote.")
        if is_open
        else gettext("Closed to proposals. Everything proposed so far stays visible."),
    )
    return redirect("work:rubric", rubric.pk)


@login_required
@require_POST
def vote(request, proposal_id: int):
    proposal = queries.get_proposal_for(request.user, proposal_id)
    try:
        actions.vote(request.user, proposal)
    except UserError as e:
        flash_error(request, e)
    else:
        messages.success(request, gettext("Vote counted."))
    return redirect(f"/work/rubrics/{proposal.rubric_id}/#proposal-{proposal.pk}")


@login_required
@require_POST
def comment(request, proposal_id: int):
    proposal = queries.get_proposal_for(request.user, proposal_id)
    try:
        actions.comment_on_proposal(request.user, proposal, body=request.POST.get("body", ""))
    except UserError as e:
        flash_error(request, e)
    else:
        messages.success(request, gettext("Comment added."))
    return redirect(f"/work/rubrics/{proposal.rubric_id}/#proposal-{proposal.pk}")


@login_required
@require_POST
def decide(request, proposal_id: int):
    proposal = queries.get_proposal_for(request.user, proposal_id)
    queries.get_managed_rubric_for(request.user, proposal.rubric_id)
    form = DecisionForm(request.POST)
    form.is_valid()
    d = form.cleaned_data
    try:
        _, note = actions.decide_proposal(
            request.user,
            proposal,
            decision=d.get("decision", ""),
            reason=d.get("reason", ""),
            merged_text=d.get("merged_text", ""),
            into_criterion_id=d.get("into_criterion") or None,
            target_id=d.get("target") or None,
        )
    except UserError as e:
        flash_error(request, e)
    else:
        verb = {"accept": "accepted", "merge": "merged", "decline": "declined"}[d["decision"]]
        messages.success(
            request,
            gettext("Proposal %(verb)s. %(message)s") % {"verb": verb, "message": note.message},
        )
    return redirect(f"/work/rubrics/{proposal.rubric_id}/#proposal-{proposal.pk}")


def _edit_rows(page, post=None):
    """The grid's values: from what was typed (after an error) or from the rubric.

    Criteria are rows, levels columns; the last column is a blank new level and the last
    row a blank new criterion, each with its own cells.
    """

    def val(key, default=""):
        return post.get(key, "") if post is not None else default

    levels = [
        {
            "id": lv["id"],
            "title": val(f"level-{lv['id']}-title", lv["title"]),
            "points": val(f"level-{lv['id']}-points", "" if lv["points"] is None else lv["points"]),
            "retire": bool(post and post.get(f"level-{lv['id']}-retire")),
        }
        for lv in page.content["levels"]
    ]
    criteria = []
    for crit in page.content["criteria"]:
        texts = {d["level_id"]: d["text"] for d in crit["descriptors"]}
        criteria.append(
            {
                "id": crit["id"],
                "title": val(f"crit-{crit['id']}-title", crit["title"]),
                "description": val(f"crit-{crit['id']}-description", crit["description"]),
                "target_id": str(val(f"crit-{crit['id']}-target", crit["target_id"] or "")),
                "retire": bool(post and post.get(f"crit-{crit['id']}-retire")),
                "cells": [
                    {
                        "level": lv,
                        "name": f"desc-{crit['id']}-{lv['id']}",
                        "text": val(f"desc-{crit['id']}-{lv['id']}", texts.get(lv["id"], "")),
                    }
                    for lv in page.content["levels"]
                ],
                "new_cell": {
                    "name": f"newdesc-{crit['id']}",
                    "text": val(f"newdesc-{crit['id']}"),
                },
            }
        )
    extra = {
        k.replace("-", "_"): val(k)
        for k in (
            "new-level-title",
            "new-level-points",
            "new-crit-title",
            "new-crit-target",
            "new-crit-description",
            "new-crit-desc-new",
        )
    }
    extra["new_crit_cells"] = [
        {"level": lv, "name": f"new-crit-desc-{lv['id']}", "text": val(f"new-crit-desc-{lv['id']}")}
        for lv in page.content["levels"]
    ]
    return levels, criteria, extra


def _edit_data(post, page) -> dict:
    """The action's data from the grid. A cell missing from the form leaves its words as
    they are (only a cell sent empty clears them)."""
    return {
        "title": post.get("title", ""),
        "description": post.get("description", ""),
        "levels": [
            {
                "id": lv["id"],
                "title": post.get(f"level-{lv['id']}-title", ""),
                "points": post.get(f"level-{lv['id']}-points", ""),
                "retire": bool(post.get(f"level-{lv['id']}-retire")),
            }
            for lv in page.content["levels"]
        ],
        "criteria": [
            {
                "id": c["id"],
                "title": post.get(f"crit-{c['id']}-title", ""),
                "description": post.get(f"crit-{c['id']}-description", ""),
                "target_id": post.get(f"crit-{c['id']}-target", ""),
                "retire": bool(post.get(f"crit-{c['id']}-retire")),
                "descriptors": {
                    lv["id"]: post[f"desc-{c['id']}-{lv['id']}"]
                    for lv in page.content["levels"]
                    if f"desc-{c['id']}-{lv['id']}" in post
                },
            }
            for c in page.content["criteria"]
        ],
        "new_level": {
            "title": post.get("new-level-title", ""),
            "points": post.get("new-level-points", ""),
            "descriptors": {
                c["id"]: post.get(f"newdesc-{c['id']}", "") for c in page.content["criteria"]
            },
        },
        "new_criterion": {
            "title": post.get("new-crit-title", ""),
            "target_id": post.get("new-crit-target", ""),
            "description": post.get("new-crit-description", ""),
            "descriptors": {
                **{
                    lv["id"]: post.get(f"new-crit-desc-{lv['id']}", "")
                    for lv in page.content["levels"]
                },
                "new": post.get("new-crit-desc-new", ""),
            },
        },
    }


@login_required
def edit(request, rubric_id: int):
    rubric = queries.get_managed_rubric_for(request.user, rubric_id)
    page = queries.rubric_page(request.user, rubric)
    error = None
    post = None
    if request.method == "POST":
        post = request.POST
        try:
            note = actions.save_rubric(
                request.user,
                rubric,
                base_hash=post.get("base_hash", ""),
                data=_edit_data(post, page),
            )
        except UserError as e:
            error = e
        else:
            messages.success(request, note.message)
            if post.get("then") == "more":
                # Another blank row and column to fill in.
                return redirect("work:rubric_edit", rubric.pk)
            return redirect("work:rubric", rubric.pk)
    levels, criteria, extra = _edit_rows(page, post)
    return render(
        request,
        "work/rubric_edit.html",
        {
            "page": page,
            "rubric": rubric,
            "classroom": rubric.classroom,
            "levels": levels,
            "criteria": criteria,
            "extra": extra,
            "error": error,
            "title_value": post.get("title", "") if post else rubric.title,
            "description_value": post.get("description", "") if post else rubric.description,
            "base_hash": post.get("base_hash", "") if post else page.base_hash,
        },
        status=(error.status if error else 200),
    )


@login_required
def version(request, rubric_id: int, number: int):
    rubric = queries.get_rubric_for(request.user, rubric_id)
    v, rows = queries.version_view(rubric, number)
    return render(
        request,
        "work/rubric_version.html",
        {"rubric": rubric, "classroom": rubric.classroom, "version": v, "rows": rows},
    )


@login_required
def copy(request, rubric_id: int):
    """Copy a rubric into another class the teacher manages (a draft there)."""
    rubric = queries.get_managed_rubric_for(request.user, rubric_id)
    classes = queries.copy_destinations(request.user, rubric)
    error = None
    if request.method == "POST":
        try:
            new = copy_actions.copy_rubric(request.user, rubric, request.POST.get("classroom"))
        except UserError as e:
            error = e
        else:
            messages.success(
                request,
                gettext(
                    "“%(title)s” copied to %(name)s as a draft. Check its targets, then "
                    "publish it there."
                )
                % {"title": new.title, "name": new.classroom.name},
            )
            return redirect("work:rubric", new.pk)
    return render(
        request,
        "work/rubric_copy.html",
        {"rubric": rubric, "classroom": rubric.classroom, "classes": classes, "error": error},
        status=400 if error else 200,
    )
