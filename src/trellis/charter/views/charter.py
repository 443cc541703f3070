"""The charter's pages: home, an item, a version, the print view, endorsing, the draft and
publishing.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.http import require_POST

from trellis.common.errors import NotFound, StaleEdit, UserError
from trellis.common.views import (
    VersionField,
    act_and_redirect,
    attach_error,
    flash_error,
    show_conflict,
)

from .. import actions, queries
from ..models import Section
from ..permissions import can_manage_charter
from ._common import LIMIT_HELP


class ItemForm(forms.Form):
    section = forms.ChoiceField(label=gettext_lazy("Where"), choices=Section.choices)
    text = forms.CharField(
        label=gettext_lazy("Item"),
        required=False,
        help_text=LIMIT_HELP,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class PublishForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("What changed and why"),
        required=False,
        help_text=gettext_lazy(
            "Needed for a revision; shown with the new version. Up to 300 characters."
        ),
    )
    version = VersionField()


class RewordForm(forms.Form):
    text = forms.CharField(required=False)
    version = VersionField()


class EndorseForm(forms.Form):
    would_change = forms.CharField(
        label=gettext_lazy("What would you change? (optional)"),
        required=False,
        help_text=format_lazy(
            gettext_lazy("Only your teacher reads this. {LIMIT_HELP}"), LIMIT_HELP=LIMIT_HELP
        ),
        widget=forms.Textarea(attrs={"rows": 2}),
    )


# The charter page ---------------------------------------------------------------------------


@login_required
def home(request, class_id: int):
    classroom = queries.get_class_for(request.user, class_id)
    manage = can_manage_charter(request.user, classroom)
    page = queries.charter_page(request.user, classroom, manage=manage)
    context = {
        "classroom": classroom,
        "page": page,
        "manage": manage,
        "panel": queries.culture_panel_for(request.user, classroom),
        "endorse_form": EndorseForm(
            initial={"would_change": page.my_endorsement.would_change}
            if page.my_endorsement
            else None
        ),
        "item_form": ItemForm(),
        "publish_form": PublishForm(),
        "team": None if manage else queries.my_team(classroom, request.user),
        "sections": Section,
    }
    return render(request, "charter/home.html", context)


def _home_with(request, classroom, status=400, **forms_):
    manage = can_manage_charter(request.user, classroom)
    page = queries.charter_page(request.user, classroom, manage=manage)
    context = {
        "classroom": classroom,
        "page": page,
        "manage": manage,
        "panel": queries.culture_panel_for(request.user, classroom),
        "endorse_form": EndorseForm(),
        "item_form": ItemForm(),
        "publish_form": PublishForm(),
        "team": None if manage else queries.my_team(classroom, request.user),
        "sections": Section,
        **forms_,
    }
    return render(request, "charter/home.html", context, status=status)


@login_required
def item(request, class_id: int, key: str):
    """The stable address of one charter item: the charter page at its anchor."""
    classroom = queries.get_class_for(request.user, class_id)
    if not any(
        ref.key == key for ref in queries.commitments_for_class(classroom, include_all=True)
    ):
        raise NotFound("charter item")
    return redirect(reverse("charter:home", args=[classroom.pk]) + f"#item-{key}")


@login_required
def version(request, class_id: int, number: int):
    classroom = queries.get_class_for(request.user, class_id)
    view, changes = queries.get_version_for(request.user, classroom, number)
    return render(
        request,
        "charter/version.html",
        {"classroom": classroom, "view": view, "changes": changes},
    )


@login_required
def print_view(request, class_id: int):
    classroom = queries.get_class_for(request.user, class_id)
    view = queries.published_version(classroom)
    if view is None:
        raise NotFound("published charter")
    paper = "letter" if request.GET.get("paper") == "letter" else "a4"
    # Type as large as the charter allows, to read from across the room (up to 160 %); long
    # charters get smaller type so the poster always fits one page: a percentage in steps of
    # 5, rounded down, naming one of print.css's scale-NN classes.
    chars = sum(len(i.text) + 60 for i in view.items)
    scale = max(55, min(160, int(2600 * 20 / max(chars, 1)) * 5))
    return render(
        request,
        "charter/print.html",
        {
            "classroom": classroom,
            "view": view,
            "paper": paper,
            "scale": scale,
            "endorsed": queries.endorsement_count(view.version),
        },
    )


@login_required
@require_POST
def endorse(request, class_id: int):
    classroom = queries.get_class_for(request.user, class_id)
    form = EndorseForm(request.POST)
    form.is_valid()
    try:
        actions.endorse_charter(request.user, classroom, form.cleaned_data.get("would_change", ""))
    except UserError as e:
        attach_error(form, e)
        return _home_with(request, classroom, endorse_form=form)
    messages.success(request, gettext("Thank you: you endorsed the class charter."))
    return redirect("charter:home", classroom.pk)


@login_required
@require_POST
def draft_from_summary(request, class_id: int):
    classroom = queries.get_managed_class_for(request.user, class_id)
    try:
        actions.draft_charter_from_summary(request.user, classroom)
    except UserError as e:
        flash_error(request, e)
        return redirect("charter:summary", classroom.pk)
    messages.success(
        request, gettext("Draft charter made from the summary. Check it, then publish.")
    )
    return redirect("charter:home", classroom.pk)


@login_required
@require_POST
def draft_item_add(request, class_id: int):
    classroom = queries.get_managed_class_for(request.user, class_id)
    form = ItemForm(request.POST)
    form.is_valid()
    try:
        actions.add_charter_item(
            request.user,
            classroom,
            request.POST.get("section"),
            form.cleaned_data.get("text", ""),
        )
    except UserError as e:
        attach_error(form, e)
        return _home_with(request, classroom, item_form=form)
    messages.success(request, gettext("Item added to the draft."))
    return redirect("charter:home", classroom.pk)


def _draft_action(request, class_id: int, do, success: str, anchor: str = "draft"):
    classroom = queries.get_managed_class_for(request.user, class_id)
    to = reverse("charter:home", args=[classroom.pk]) + f"#{anchor}"
    return act_and_redirect(request, lambda: do(classroom), to, success=success)


@login_required
@require_POST
def draft_item_edit(request, class_id: int, item_id: int):
    classroom = queries.get_managed_class_for(request.user, class_id)
    form = RewordForm(request.POST)
    form.is_valid()
    try:
        actions.edit_charter_item(
            request.user,
            classroom,
            item_id,
            form.cleaned_data.get("text", ""),
            version=form.cleaned_data.get("version", -1),
        )
    except StaleEdit as e:
        # Their wording beside the person's, which stays in the item's box (re-rendered).
        context = show_conflict(form, e)
        return _home_with(
            request,
            classroom,
            status=409,
            typed={"item": item_id, "text": form.data.get("text", "")},
            **context,
        )
    except UserError as e:
        flash_error(request, e)
    else:
        messages.success(request, gettext("Item reworded."))
    return redirect(reverse("charter:home", args=[classroom.pk]) + "#draft")


@login_required
@require_POST
def draft_item_move(request, class_id: int, item_id: int):
    direction = request.POST.get("direction")
    return _draft_action(
        request,
        class_id,
        lambda c: actions.move_charter_item(request.user, c, item_id, direction),
        gettext("Item moved down.") if direction == "down" else gettext("Item moved up."),
        anchor=f"draft-item-{item_id}",
    )


@login_required
@require_POST
def draft_item_remove(request, class_id: int, item_id: int):
    return _draft_action(
        request,
        class_id,
        lambda c: actions.remove_charter_item(request.user, c, item_id),
        "Item removed from the draft.",
    )


@login_required
@require_POST
def publish(request, class_id: int):
    classroom = queries.get_managed_class_for(request.user, class_id)
    form = PublishForm(request.POST)
    form.is_valid()
    try:
        version = actions.publish_charter(
            request.user,
            classroom,
            form.cleaned_data.get("note"),
            version=form.cleaned_data.get("version", -1),
        )
    except StaleEdit as e:
        context = show_conflict(form, e)
        return _home_with(request, classroom, status=409, publish_form=form, **context)
    except UserError as e:
        attach_error(form, e)
        if e.field == "section":
            flash_error(request, e)
        return _home_with(request, classroom, publish_form=form)
    messages.success(
        request,
        gettext("Version %(number)s published. Students can now read and endorse it.")
        % {"number": version.number},
    )
    return redirect("charter:home", classroom.pk)


@login_required
@require_POST
def revise(request, class_id: int):
    return _draft_action(
        request,
        class_id,
        lambda c: actions.start_revision(request.user, c),
        "Revision started: edit the draft below, then publish it as a new version.",
    )
