"""Sign-in settings read from the environment: email delivery and single sign-on providers.

Kept apart from base.py so each piece can be tested with a plain dict for an environment.
"""

from urllib.parse import parse_qs, unquote, urlsplit

EMAIL_SCHEMES = {
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "smtp+tls": "django.core.mail.backends.smtp.EmailBackend",
    "smtp+ssl": "django.core.mail.backends.smtp.EmailBackend",
    "console": "django.core.mail.backends.console.EmailBackend",
    "file": "django.core.mail.backends.filebased.EmailBackend",
    "locmem": "django.core.mail.backends.locmem.EmailBackend",
}


def email_settings(env, *, default_dir) -> dict:
    """EMAIL_URL (smtp+tls://user:pass@host:587), or EMAIL_HOST/EMAIL_PORT/..., or the console."""
    out = {"DEFAULT_FROM_EMAIL": env.get("TRELLIS_FROM_EMAIL", "Trellis <trellis@localhost>")}
    out["SERVER_EMAIL"] = out["DEFAULT_FROM_EMAIL"]
    url = env.get("EMAIL_URL", "").strip()
    if url:
        parts = urlsplit(url)
        if parts.scheme not in EMAIL_SCHEMES:
            known = ", ".join(sorted(EMAIL_SCHEMES))
            raise ValueError(f"EMAIL_URL scheme “{parts.scheme}” is unknown; use one of {known}.")
        out["EMAIL_BACKEND"] = EMAIL_SCHEMES[parts.scheme]
        if parts.scheme == "file":
            out["EMAIL_FILE_PATH"] = unquote(parts.path) or str(default_dir)
        if parts.scheme.startswith("smtp"):
            query = parse_qs(parts.query)
            out.update(
                EMAIL_HOST=parts.hostname or "localhost",
                EMAIL_PORT=parts.port or {"smtp+ssl": 465, "smtp+tls": 587}.get(parts.scheme, 25),
                EMAIL_HOST_USER=unquote(parts.username or ""),
                EMAIL_HOST_PASSWORD=unquote(parts.password or ""),
                EMAIL_USE_TLS=parts.scheme == "smtp+tls",
                EMAIL_USE_SSL=parts.scheme == "smtp+ssl",
                EMAIL_TIMEOUT=int(query.get("timeout", ["20"])[0]),
            )
        return out
    if env.get("EMAIL_HOST"):
        out.update(
            EMAIL_BACKEND=EMAIL_SCHEMES["smtp"],
            EMAIL_HOST=env["EMAIL_HOST"],
            EMAIL_PORT=int(env.get("EMAIL_PORT", "587")),
            EMAIL_HOST_USER=env.get("EMAIL_HOST_USER", ""),
            EMAIL_HOST_PASSWORD=env.get("EMAIL_HOST_PASSWORD", ""),
            EMAIL_USE_TLS=env.get("EMAIL_USE_TLS", "1") == "1",
            EMAIL_USE_SSL=env.get("EMAIL_USE_SSL", "0") == "1",
            EMAIL_TIMEOUT=20,
        )
        return out
    backend = env.get("TRELLIS_EMAIL_BACKEND", "console")
    out["EMAIL_BACKEND"] = EMAIL_SCHEMES.get(backend, backend)
    if backend == "file":
        out["EMAIL_FILE_PATH"] = env.get("TRELLIS_EMAIL_DIR", str(default_dir))
    return out


def sso_providers(env) -> dict:
    """django-allauth's SOCIALACCOUNT_PROVIDERS from TRELLIS_GOOGLE_*, TRELLIS_MICROSOFT_*,
    TRELLIS_OIDC_*; a provider appears on the sign-in page only when its client id is set."""
    providers = {}
    if env.get("TRELLIS_GOOGLE_CLIENT_ID"):
        providers["google"] = {
            "APPS": [
                {
                    "client_id": env["TRELLIS_GOOGLE_CLIENT_ID"],
                    "secret": env.get("TRELLIS_GOOGLE_CLIENT_SECRET", ""),
                }
            ],
            "SCOPE": ["openid", "profile", "email"],
            "OAUTH_PKCE_ENABLED": True,
        }
    if env.get("TRELLIS_MICROSOFT_CLIENT_ID"):
        providers["microsoft"] = {
            "APPS": [
                {
                    "client_id": env["TRELLIS_MICROSOFT_CLIENT_ID"],
                    "secret": env.get("TRELLIS_MICROSOFT_CLIENT_SECRET", ""),
                    "settings": {"tenant": env.get("TRELLIS_MICROSOFT_TENANT", "organizations")},
                }
            ],
        }
    if env.get("TRELLIS_OIDC_CLIENT_ID"):
        providers["openid_connect"] = {
            "APPS": [
                {
                    "provider_id": env.get("TRELLIS_OIDC_ID", "school"),
                    "name": env.get("TRELLIS_OIDC_NAME", "School account"),
                    "client_id": env["TRELLIS_OIDC_CLIENT_ID"],
                    "secret": env.get("TRELLIS_OIDC_CLIENT_SECRET", ""),
                    "settings": {
                        "server_url": env["TRELLIS_OIDC_SERVER_URL"],
                        "scope": env.get("TRELLIS_OIDC_SCOPE", "openid profile email").split(),
                    },
                }
            ],
            "OAUTH_PKCE_ENABLED": True,
        }
    return providers


def trusted_email_providers(env) -> list[str]:
    """Providers whose email addresses count as verified even without an email_verified claim.

    Entra ID sends no such claim; a tenant-locked Microsoft app only signs in the school's own
    directory, so its addresses are the school's to vouch for. "common" or "organizations"
    would let any tenant in, so those are not trusted unless named here explicitly.
    """
    named = env.get("TRELLIS_SSO_TRUST_EMAIL_FROM")
    if named is not None:
        return [p.strip() for p in named.split(",") if p.strip()]
    tenant = env.get("TRELLIS_MICROSOFT_TENANT", "organizations")
    if env.get("TRELLIS_MICROSOFT_CLIENT_ID") and tenant not in (
        "common",
        "organizations",
        "consumers",
    ):
        return ["microsoft"]
    return []
