"""Validating an LTI 1.3 launch, and naming what went wrong when it fails.

django-lti validates the OIDC state, the id_token's signature (against the platform's key set),
the registration and the deployment through PyLTI1p3. Trellis adds two refusals the library
leaves open: an **unknown deployment** is refused (django-lti would quietly record it), and a
**nonce is spent** by its first launch, so the same signed token posted again is refused.

Every failure becomes a ``LaunchRefused`` with a ``reason`` the refusal page explains in words
an LMS admin or a teacher can act on; no library message or stack trace reaches the page.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _
from lti_tool.models import LtiDeployment, LtiLaunch
from lti_tool.utils import DjangoToolConfig
from pylti1p3.contrib.django import DjangoCacheDataStorage, DjangoMessageLaunch
from pylti1p3.deployment import Deployment
from pylti1p3.exception import LtiException

from trellis.common import outbound

from .models import SpentNonce

REASONS = {
    "signature": (
        _("The launch was not signed by the platform Trellis knows."),
        _(
            "The sign-in message from your LMS was changed on the way or signed with a key "
            "Trellis does not trust. Go back to your course and open the link again; if it "
            "keeps happening, ask your LMS administrator to check the key set URL registered "
            "in Trellis."
        ),
    ),
    "expired": (
        _("The launch has expired."),
        _("Launches are valid for a few minutes. Go back to your course and open the link again."),
    ),
    "deployment": (
        _("This LMS deployment is not registered in Trellis."),
        _(
            "Ask your LMS administrator to add this deployment id to the Trellis registration "
            "(Trellis administration, LMS connections)."
        ),
    ),
    "registration": (
        _("This LMS is not registered in Trellis."),
        _(
            "Ask your LMS administrator to register the LMS in Trellis with the issuer and "
            "client id the LMS gave to Trellis."
        ),
    ),
    "replay": (
        _("This launch was already used."),
        _(
            "Each launch can be used once. Go back to your course and open the link again "
            "rather than reloading or resending this page."
        ),
    ),
    "state": (
        _("Trellis could not match this launch to its sign-in request."),
        _(
            "Your browser may block cookies for Trellis inside the LMS. Open the link in a new "
            "tab, or ask your LMS administrator to open Trellis in a new window."
        ),
    ),
    "unlinked": (
        _("This LMS course is not linked to a Trellis class yet."),
        _(
            "Your teacher links it the first time they add Trellis work to the course. Ask "
            "your teacher, then open the link again."
        ),
    ),
    "message": (
        _("The launch message is incomplete."),
        _("Ask your LMS administrator to check the Trellis tool settings in the LMS."),
    ),
}


class LaunchRefused(Exception):
    def __init__(self, reason: str, detail: str = ""):
        super().__init__(detail or reason)
        self.reason = reason if reason in REASONS else "message"
        self.detail = detail

    @property
    def title(self):
        return REASONS[self.reason][0]

    @property
    def advice(self):
        return REASONS[self.reason][1]


def classify(message: str) -> str:
    """The reason a PyLTI1p3 message stands for (its messages are English sentences)."""
    m = message.lower()
    if "expired" in m:
        return "expired"
    if "deployment" in m:
        return "deployment"
    if "registration" in m or "client id" in m or "client_id" in m:
        return "registration"
    if "nonce" in m:
        return "replay"
    if "state" in m or "cookie" in m:
        return "state"
    if (
        "signature" in m
        or "decode" in m
        or "public key" in m
        or "jwt" in m
        or "kid" in m
        or "fetch url" in m
    ):
        return "signature"
    return "message"


class ToolConfig(DjangoToolConfig):
    """django-lti's tool configuration, refusing deployments no admin registered."""

    def _known(self, lookups):
        try:
            self.deployment = LtiDeployment.objects.select_related("registration").get(
                is_active=True, registration__is_active=True, **lookups
            )
        except LtiDeployment.DoesNotExist:
            return None
        return Deployment().set_deployment_id(self.deployment.deployment_id)

    def find_deployment(self, iss, deployment_id):
        return self._known(
            {
                "registration__uuid": self.registration_uuid,
                "registration__issuer": iss,
                "deployment_id": deployment_id,
            }
        )

    def find_deployment_by_params(self, iss, deployment_id, client_id, *args, **kwargs):
        lookups = {
            "registration__issuer": iss,
            "registration__client_id": client_id,
            "deployment_id": deployment_id,
        }
        if self.registration_uuid is not None:
            lookups["registration__uuid"] = self.registration_uuid
        return self._known(lookups)


def validated_launch(request) -> LtiLaunch:
    """The launch a platform POSTed, validated, its nonce spent; or ``LaunchRefused``."""
    if not request.POST.get("id_token"):
        raise LaunchRefused("message", "no id_token")
    message_launch = DjangoMessageLaunch(
        request,
        ToolConfig(),
        launch_data_storage=DjangoCacheDataStorage(),
        requests_session=outbound.requests_session(),  # the key set: public addresses only
    )
    try:
        message_launch.validate()
    except LtiException as e:
        raise LaunchRefused(classify(str(e)), str(e)) from None
    launch = LtiLaunch(message_launch)
    spend_nonce(launch.get_claim("iss"), launch.get_claim("nonce"))
    return launch


def spend_nonce(issuer: str, nonce: str | None) -> None:
    if not nonce:
        raise LaunchRefused("message", "no nonce")
    try:
        with transaction.atomic():
            SpentNonce.objects.create(issuer=issuer[:255], nonce=nonce[:255])
    except IntegrityError:
        raise LaunchRefused("replay", "nonce already used") from None
