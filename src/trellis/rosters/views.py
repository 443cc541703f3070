"""Class pages: create, view, join by code, and teams."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.http import require_POST

from trellis.common.errors import NotFound, UserError
from trellis.common.views import act_and_redirect, attach_error

from . import actions, queries
from .permissions import can_create_class, can_manage_class


class ClassForm(forms.Form):
    course = forms.CharField(
        max_length=200,
        label=gettext_lazy("Course"),
        help_text=gettext_lazy("For example “Grade 9 Mathematics”."),
    )
    section = forms.CharField(
        max_length=50, required=False, label=gettext_lazy("Section"), help_text="e.g. “B”"
    )
    term = forms.CharField(
        max_length=100, required=False, label=gettext_lazy("Term"), help_text="e.g. “2026–27”"
    )
    grade_levels = forms.CharField(
        max_length=100,
        required=False,
        label=gettext_lazy("Grade levels"),
        help_text=gettext_lazy("Comma-separated, e.g. 9,10"),
    )


class JoinForm(forms.Form):
    code = forms.CharField(
        max_length=20,
        label=gettext_lazy("Join code"),
        help_text=gettext_lazy("Your teacher shows it on the class page: 7 letters and digits."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )


@login_required
def create(request):
    if not can_create_class(request.user):
        raise NotFound("page")
    form = ClassForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            classroom = actions.create_class(request.user, **form.cleaned_data)
        except UserError as e:
            attach_error(form, e)
        else:
            messages.success(
                request,
                gettext("%(name)s created. Share the join code below.") % {"name": classroom.name},
            )
            return redirect("rosters:detail", classroom.pk)
    return render(
        request, "rosters/create.html", {"form": form}, status=400 if form.errors else 200
    )


@login_required
def detail(request, class_id: int):
    classroom = queries.get_class_for(request.user, class_id)
    context = {"classroom": classroom, "teachers": queries.teachers_of(classroom)}
    if can_manage_class(request.user, classroom):
        context["roster"] = queries.roster(classroom)
        return render(request, "rosters/detail_teacher.html", context)
    context["team"] = queries.my_team(classroom, request.user)
    return render(request, "rosters/detail_student.html", context)


@login_required
@require_POST
def rotate_code(request, class_id: int):
    classroom = queries.get_managed_class_for(request.user, class_id)
    classroom = actions.rotate_join_code(request.user, classroom)
    messages.success(
        request,
        gettext("New join code: %(join_code)s. The old code no longer works.")
        % {"join_code": classroom.join_code},
    )
    return redirect("rosters:detail", classroom.pk)


@login_required
def join(request):
    if not request.user.is_student:
        raise NotFound("page")
    form = JoinForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            classroom = actions.join_class_with_code(request.user, form.cleaned_data["code"])
        except UserError as e:
            attach_error(form, e)
        else:
            messages.success(request, gettext("Welcome to %(name)s!") % {"name": classroom.name})
            return redirect("rosters:detail", classroom.pk)
    return render(request, "rosters/join.html", {"form": form}, status=400 if form.errors else 200)


@login_required
def teams(request, class_id: int):
    classroom = queries.get_managed_class_for(request.user, class_id)
    return render(
        request,
        "rosters/teams.html",
        {"classroom": classroom, "page": queries.teams_page(classroom)},
    )


def _team_action(request, class_id: int, do) -> object:
    classroom = queries.get_managed_class_for(request.user, class_id)
    to = reverse("rosters:teams", args=[classroom.pk])
    return act_and_redirect(request, lambda: do(classroom), to)


@login_required
@require_POST
def teams_form(request, class_id: int):
    def do(classroom):
        plan = actions.form_teams(request.user, classroom)
        messages.success(request, gettext("Formed %(count)s teams.") % {"count": len(plan.teams)})
        for w in plan.warnings:
            messages.warning(request, w)

    return _team_action(request, class_id, do)


@login_required
@require_POST
def teams_move(request, class_id: int):
    def do(classroom):
        team, warnings = actions.move_student(
            request.user, classroom, request.POST.get("student"), request.POST.get("team")
        )
        messages.success(request, gettext("Moved to %(name)s.") % {"name": team.name})
        for w in warnings:
            messages.warning(request, w)

    return _team_action(request, class_id, do)


@login_required
@require_POST
def teams_lock(request, class_id: int):
    locked = request.POST.get("locked") == "1"

    def do(classroom):
        actions.set_teams_locked(request.user, classroom, locked)
        messages.success(
            request,
            gettext("Teams locked: no changes until you unlock.")
            if locked
            else gettext("Teams unlocked."),
        )

    return _team_action(request, class_id, do)


@login_required
@require_POST
def avoid_add(request, class_id: int):
    def do(classroom):
        actions.add_avoid_pair(
            request.user, classroom, request.POST.get("student_a"), request.POST.get("student_b")
        )
        messages.success(
            request, gettext("Saved. Those two will be kept apart the next time you form teams.")
        )

    return _team_action(request, class_id, do)


@login_required
@require_POST
def avoid_remove(request, class_id: int, pair_id: int):
    def do(classroom):
        actions.remove_avoid_pair(request.user, classroom, pair_id)
        messages.success(request, gettext("Pair removed."))

    return _team_action(request, class_id, do)
