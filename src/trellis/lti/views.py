"""LTI pages: what the LMS calls (key set, OIDC login, launch, deep-link picker), the admins'
registration pages and a teacher's course link page.

The launch views are the only Trellis pages a frame may hold: they answer with
``frame-ancestors`` naming the registered platforms and without ``X-Frame-Options``; every
other page keeps ``frame-ancestors 'none'`` (docs/lti.md, "Inside an iframe").
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from lti_tool.constants import SESSION_KEY
from lti_tool.models import LtiLaunch, LtiRegistration
from pylti1p3.contrib.django import DjangoCacheDataStorage, DjangoMessageLaunch, DjangoOIDCLogin
from pylti1p3.deep_link_resource import DeepLinkResource
from pylti1p3.exception import LtiException, OIDCException
from pylti1p3.lineitem import LineItem

from trellis.common import outbound
from trellis.common.errors import NotFound, UserError
from trellis.common.views import act_and_redirect, attach_error
from trellis.rosters import queries as roster_queries

from . import actions, queries
from .forms import LinkCourseForm, RegistrationForm
from .launch import LaunchRefused, ToolConfig, classify, validated_launch
from .permissions import can_manage_lti, can_teach_course

CUSTOM_KEY = "trellis_placement"


def _frameable(response):
    """Let the registered platforms frame this response (and no one else)."""
    origins = set()
    for url in LtiRegistration.objects.active().values_list("auth_url", flat=True):
        parts = urlsplit(url)
        if parts.scheme and parts.netloc:
            origins.add(f"{parts.scheme}://{parts.netloc}")
    response._csp_replace = {"frame-ancestors": sorted(origins) or ["'none'"]}
    response.xframe_options_exempt = True
    return response


def refused(request, error: LaunchRefused):
    response = render(
        request,
        "lti/refused.html",
        {"title": error.title, "advice": error.advice, "reason": error.reason},
        status=403,
    )
    return _frameable(response)


# ---------------------------------------------------------------- what the LMS calls


def jwks(request):
    actions.ensure_key()
    return JsonResponse(queries.jwks())


@csrf_exempt
def oidc_login(request):
    """Third-party initiated login: the LMS names itself; Trellis answers with the redirect to
    the LMS's auth URL (state and nonce kept for the launch)."""
    params = request.POST if request.method == "POST" else request.GET
    target = params.get("target_link_uri")
    if not target or not params.get("iss"):
        return refused(request, LaunchRefused("message", "login without iss/target_link_uri"))
    actions.ensure_key()
    try:
        oidc = DjangoOIDCLogin(request, ToolConfig(), launch_data_storage=DjangoCacheDataStorage())
        response = oidc.redirect(target)
    except (LtiException, OIDCException) as e:
        return refused(request, LaunchRefused(classify(str(e)), str(e)))
    return _frameable(response)


@csrf_exempt
@require_POST
def launch(request):
    try:
        lti_launch = validated_launch(request)
    except LaunchRefused as e:
        return refused(request, e)
    person = actions.person_for_launch(lti_launch)
    login(request, person, backend="trellis.accounts.backends.SchoolModelBackend")
    request.session[SESSION_KEY] = lti_launch.get_launch_id()
    link = queries.course_link_of(lti_launch.context)
    if lti_launch.is_deep_link_launch:
        return _frameable(redirect("lti:pick"))
    placement_id = lti_launch.get_custom_claim(CUSTOM_KEY)
    placement = queries.placement_in(link, placement_id) if link and placement_id else None
    if placement is None:
        if link is not None:
            return _frameable(redirect("rosters:detail", link.classroom_id))
        return refused(request, LaunchRefused("unlinked", "resource launch, course not linked"))
    actions.note_resource_link(placement, lti_launch.resource_link_claim.get("id", ""))
    return _frameable(redirect(queries.target_url(placement, person)))


def _session_launch(request) -> LtiLaunch | None:
    launch_id = request.session.get(SESSION_KEY)
    if not launch_id:
        return None
    try:
        message_launch = DjangoMessageLaunch.from_cache(
            launch_id,
            request,
            ToolConfig(),
            launch_data_storage=DjangoCacheDataStorage(),
            requests_session=outbound.requests_session(),
        )
    except LtiException:
        return None
    return LtiLaunch(message_launch)


@login_required
def pick(request):
    """Deep linking: the teacher links the LMS course to a class (once), then picks what to
    place; the answer goes back to the LMS as a signed deep-linking response."""
    lti_launch = _session_launch(request)
    if lti_launch is None or not lti_launch.is_deep_link_launch:
        return refused(request, LaunchRefused("state", "no deep-linking launch in session"))
    user = request.user
    link = queries.course_link_of(lti_launch.context)
    if link is None:
        classes = list(roster_queries.classes_for(user)) if not user.is_student else []
        form = LinkCourseForm(request.POST or None, classes=classes)
        if request.method == "POST" and form.is_valid():
            classroom = next(c for c in classes if c.pk == form.cleaned_data["classroom"])
            try:
                actions.link_course(user, lti_launch.context, classroom)
            except UserError as e:
                attach_error(form, e)
            else:
                return _frameable(redirect("lti:pick"))
        response = render(
            request,
            "lti/link_course.html",
            {"form": form, "course_title": lti_launch.context.title},
            status=400 if form.errors else 200,
        )
        return _frameable(response)
    if not can_teach_course(user, link.classroom):
        raise NotFound("page")
    picker = queries.picker_for(user, link.classroom)
    error = None
    if request.method == "POST":
        chosen = []
        for value in request.POST.getlist("item"):
            kind, _sep, raw = value.partition(":")
            try:
                object_id = int(raw)
            except ValueError:
                continue
            title = picker.title_of(kind, object_id)
            if title:
                chosen.append((kind, object_id, title))
        if not chosen:
            error = _("Choose at least one task, check-in or assignment to place in the course.")
        else:
            return _frameable(_deep_link_response(request, lti_launch, link, chosen))
    response = render(
        request,
        "lti/pick.html",
        {"picker": picker, "link": link, "error": error},
        status=400 if error else 200,
    )
    return _frameable(response)


def _deep_link_response(request, lti_launch, link, chosen):
    resources = []
    for kind, object_id, title in chosen:
        placement = actions.place(request.user, link, kind, object_id, title)
        resource = (
            DeepLinkResource()
            .set_url(request.build_absolute_uri(reverse("lti:launch")))
            .set_title(title)
            .set_custom_params({CUSTOM_KEY: str(placement.pk)})
        )
        if placement.is_summative:  # only summative work gets a gradebook column
            resource.set_lineitem(
                LineItem()
                .set_label(title)
                .set_score_maximum(100)
                .set_resource_id(placement.resource_id)
            )
        resources.append(resource)
    deep_link = lti_launch.get_message_launch().get_deep_link()
    return render(
        request,
        "lti/deep_link_return.html",
        {
            "return_url": deep_link._deep_link_settings["deep_link_return_url"],
            "jwt": deep_link.get_response_jwt(resources),
            "titles": [t for _k, _i, t in chosen],
        },
    )


# ---------------------------------------------------------------- admins: registrations, keys


def _tool_urls(request) -> dict:
    return {
        "login": request.build_absolute_uri(reverse("lti:login")),
        "launch": request.build_absolute_uri(reverse("lti:launch")),
        "jwks": request.build_absolute_uri(reverse("lti:jwks")),
    }


@login_required
def admin(request):
    if not can_manage_lti(request.user):
        raise NotFound("page")
    return render(
        request,
        "lti/admin.html",
        {
            "registrations": queries.registrations_for(request.user),
            "keys": queries.active_keys(),
            "urls": _tool_urls(request),
        },
    )


def _registration_form(request, registration=None):
    initial = None
    if registration is not None:
        initial = {
            f: getattr(registration, f)
            for f in ("name", "issuer", "client_id", "auth_url", "token_url", "keyset_url")
        }
        initial["deployment_ids"] = registration.deployment_text
    form = RegistrationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.save_registration(request.user, form.cleaned_data, registration)
        except UserError as e:
            attach_error(form, e)
        else:
            messages.success(request, _("Registration saved."))
            return redirect("lti:admin")
    return render(
        request,
        "lti/registration_form.html",
        {"form": form, "registration": registration, "urls": _tool_urls(request)},
        status=400 if form.errors else 200,
    )


@login_required
def registration_new(request):
    if not can_manage_lti(request.user):
        raise NotFound("page")
    return _registration_form(request)


@login_required
def registration_edit(request, registration_id: int):
    registration = queries.get_registration_for(request.user, registration_id)
    return _registration_form(request, registration)


@login_required
@require_POST
def rotate_keys(request):
    if not can_manage_lti(request.user):
        raise NotFound("page")
    return act_and_redirect(
        request,
        lambda: actions.rotate_keys(request.user) and None,
        "lti:admin",
        success=_("A new key signs from now on. Keys older than a week left the key set."),
    )


# ---------------------------------------------------------------- teachers: a course link


@login_required
def course(request, link_id: int):
    link = queries.with_job_status(queries.get_course_link_for(request.user, link_id))
    return render(request, "lti/course.html", {"link": link})


@login_required
@require_POST
def course_sync(request, link_id: int):
    link = queries.get_course_link_for(request.user, link_id)
    return act_and_redirect(
        request,
        lambda: actions.queue_roster_sync(request.user, link) and None,
        reverse("lti:course", args=[link.pk]),
        success=_("Roster sync queued. Reload this page in a moment to see what changed."),
    )


@login_required
@require_POST
def grades_send(request, link_id: int, placement_id: int):
    link = queries.get_course_link_for(request.user, link_id)
    placement = queries.placement_in(link, placement_id)
    if placement is None:
        raise NotFound("placement")
    return act_and_redirect(
        request,
        lambda: actions.queue_grade_post(request.user, placement) and None,
        reverse("lti:course", args=[link.pk]),
        success=_("Final marks queued for the LMS gradebook."),
    )
