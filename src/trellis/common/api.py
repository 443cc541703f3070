"""API plumbing shared by every app: authentication and the error shape."""

from django.conf import settings
from django.http import HttpRequest
from django.utils.module_loading import import_string
from ninja.errors import AuthenticationError, HttpError
from ninja.security.base import AuthBase
from ninja.utils import check_csrf


class SessionOrToken(AuthBase):
    """A personal token (`Authorization: Bearer trl_…`) or the browser's session with CSRF.

    A request that carries a token is judged by the token alone, so a revoked token gets 401
    even from a browser that is also signed in.
    """

    openapi_type = "http"

    def __init__(self):
        super().__init__()
        self.openapi_scheme = "bearer"

    def __call__(self, request: HttpRequest):
        # The accounts app answers for tokens (settings.TRELLIS_TOKEN_RESOLVER); common imports
        # no app.
        user_for_token = import_string(settings.TRELLIS_TOKEN_RESOLVER)
        header = request.headers.get("Authorization", "")
        if header:
            scheme, _, secret = header.partition(" ")
            if scheme.lower() != "bearer" or not secret.strip():
                raise AuthenticationError(
                    message="Send the token as: Authorization: Bearer <token>."
                )
            user = user_for_token(secret.strip())
            if user is None:
                raise AuthenticationError(
                    message="This token is unknown, revoked or expired: create a new one."
                )
            return user
        if request.user.is_authenticated:
            if check_csrf(request):
                raise HttpError(403, "CSRF check failed: send the X-CSRFToken header.")
            return request.user
        return None
