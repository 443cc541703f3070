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


# --- The error statuses every operation documents (docs/api.md, "Errors") -------------------

ERROR_SCHEMA = {
    "title": "Error",
    "type": "object",
    "properties": {
        "detail": {"type": "string", "description": "What was wrong and what to do."},
        "field": {
            "anyOf": [{"type": "string"}, {"type": "null"}],
            "description": "Where: the body field or parameter it concerns.",
        },
    },
    "required": ["detail"],
}
VALIDATION_SCHEMA = {
    "title": "ValidationErrors",
    "type": "object",
    "properties": {
        "detail": {
            "type": "array",
            "items": {"type": "object", "properties": {"loc": {"type": "array"}}},
            "description": "One entry per malformed value; `loc` names where it is.",
        }
    },
    "required": ["detail"],
}
ERROR_STATUSES = {
    400: "A mistake you can fix (the message says what and where).",
    401: "No credentials, or a token that is unknown, revoked or expired.",
    403: "A session write without the CSRF token.",
    404: "Missing, or not yours: the same answer, so ids cannot be probed.",
    409: "It changed while you were looking (a stale version): read it again.",
    422: "A malformed request: a parameter or body field of the wrong type or missing.",
}


def document_errors(schema: dict) -> dict:
    """Add the error responses Trellis can give to every operation of an OpenAPI document:
    400 (a ``UserError``), 401 and 403 (authentication), 404 (``NotFound``), 409 on writes
    (``Conflict``: a stale version or a duplicate) and 422 (malformed input), each with its
    body's schema. An operation's own documented responses are kept as they are."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components.setdefault("Error", ERROR_SCHEMA)
    components.setdefault("ValidationErrors", VALIDATION_SCHEMA)
    for item in schema.get("paths", {}).values():
        for method, operation in item.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            statuses = [400, 404, 422]
            if operation.get("security"):
                statuses.append(401)
            if method != "get":
                statuses += [403, 409]
            responses = operation["responses"]
            for status in sorted(statuses):
                if status in responses or str(status) in responses:
                    continue
                body = "ValidationErrors" if status == 422 else "Error"
                responses.setdefault(
                    status,
                    {
                        "description": ERROR_STATUSES[status],
                        "content": {
                            "application/json": {"schema": {"$ref": f"#/components/schemas/{body}"}}
                        },
                    },
                )
    return schema
