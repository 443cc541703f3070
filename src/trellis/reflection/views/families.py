"""Family pages (guardians), family codes the teacher prints, ages, and the bell."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from trellis.common.errors import NotFound, UserError
from trellis.common.views import act_and_redirect, attach_error
from trellis.rosters import queries as roster_queries

from .. import actions, queries
from ..forms import AgeForm, JoinFamilyForm


def _guardian(request):
    if not request.user.is_guardian:
        raise NotFound("page")


@login_required
def family_home(request):
    _guardian(request)
    return render(request, "reflection/family_home.html", {"links": queries.children(request.user)})


@login_required
def child(request, student_id: int):
    _guardian(request)
    kid = queries.get_child_for(request.user, student_id)
    return render(
        request, "reflection/family_child.html", {"page": queries.child_page(request.user, kid)}
    )


@login_required
def child_class(request, student_id: int, class_id: int):
    _guardian(request)
    kid = queries.get_child_for(request.user, student_id)
    page = queries.child_class_page(request.user, kid, class_id)
    return render(request, "reflection/family_class.html", {"page": page})


def join(request):
    """Redeem a family code: make a guardian account, or add a child to a signed-in one."""
    signed_in = request.user.is_authenticated
    form = JoinFamilyForm(request.POST or None, initial={"code": request.GET.get("code", "")})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            link = actions.join_as_guardian(
                code=d["code"],
                first_name=d["first_name"],
                last_name=d["last_name"],
                email=d["email"],
                username=d["username"],
                password=d["password"],
                user=request.user if signed_in else None,
            )
        except UserError as e:
            attach_error(form, e)
        else:
            if not signed_in:
                login(
                    request, link.guardian, backend="trellis.accounts.backends.SchoolModelBackend"
                )
            messages.success(
                request,
                gettext("You are now linked to %(value)s.")
                % {"value": link.student.first_name or link.student.name},
            )
            return redirect("reflection:family")
    return render(
        request,
        "reflection/join.html",
        {"form": form, "signed_in": signed_in},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def invite(request, class_id: int):
    classroom = roster_queries.get_managed_class_for(request.user, class_id)
    return act_and_redirect(
        request,
        lambda: actions.make_family_invite(request.user, classroom, request.POST.get("student")),
        reverse("reflection:invites", args=[classroom.pk]),
        success=gettext("A family code is ready to print."),
    )


@login_required
def invites(request, class_id: int):
    classroom = roster_queries.get_managed_class_for(request.user, class_id)
    return render(
        request,
        "reflection/invites.html",
        {
            "classroom": classroom,
            "invites": queries.family_invites(request.user, classroom),
            "students": roster_queries.active_students(classroom),
            "join_url": request.build_absolute_uri(reverse("reflection:join")),
        },
    )


@login_required
@require_POST
def end_link(request, link_id: int):
    return act_and_redirect(
        request,
        lambda: actions.end_guardian_link(request.user, link_id),
        "/",
        success=gettext("The family link has ended."),
    )


@login_required
def set_age(request, student_id: int):
    """The admin sets or corrects a student's age band (the under-13 consent rule)."""
    student, age = queries.age_page(request.user, student_id)
    form = AgeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        under = form.cleaned_data["under_13"]
        try:
            actions.set_student_age(request.user, student.pk, under)
        except UserError as e:
            attach_error(form, e)
        else:
            band = "under 13" if under == "1" else "13 or older"
            messages.success(
                request,
                gettext("Saved: %(name)s is %(band)s.") % {"name": student.name, "band": band},
            )
            return redirect("reflection:set_age", student.pk)
    return render(
        request,
        "reflection/age.html",
        {"student": student, "age": age, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
def notices(request):
    return render(
        request,
        "reflection/notices.html",
        {"notices": queries.notices(request.user)},
    )


@login_required
def bell(request):
    return render(request, "reflection/_bell.html", {"unread": queries.unread_count(request.user)})


@login_required
@require_POST
def read_all(request):
    return act_and_redirect(
        request,
        lambda: actions.mark_all_read(request.user),
        reverse("reflection:notices"),
        success=gettext("All marked as read."),
    )


@login_required
@require_POST
def digest(request):
    weekly = request.POST.get("weekly") == "1"
    return act_and_redirect(
        request,
        lambda: actions.choose_digest(request.user, weekly),
        reverse("reflection:notices"),
        success="You will get a weekly email." if weekly else "No weekly email.",
    )
