"""A real OpenID Connect provider (oidc-provider-mock) running in the test process, and the
settings that point Trellis's generic OpenID Connect sign-in at it."""

import contextlib

import httpx
from oidc_provider_mock import run_server_in_thread

PROVIDER_ID = "school"
PROVIDER_NAME = "Maple SSO"


@contextlib.contextmanager
def provider():
    with run_server_in_thread() as server:
        yield f"http://localhost:{server.server_port}"


def providers_setting(base_url: str) -> dict:
    from trellis.settings.signin import sso_providers

    return sso_providers(
        {
            "TRELLIS_OIDC_CLIENT_ID": "trellis-test",
            "TRELLIS_OIDC_CLIENT_SECRET": "not-a-secret",
            "TRELLIS_OIDC_SERVER_URL": base_url,
            "TRELLIS_OIDC_ID": PROVIDER_ID,
            "TRELLIS_OIDC_NAME": PROVIDER_NAME,
        }
    )


def set_identity(base_url: str, sub: str, **claims) -> None:
    """What the provider will say about `sub` (email, email_verified, sourced_id, ...)."""
    httpx.put(f"{base_url}/users/{sub}", json=claims).raise_for_status()
