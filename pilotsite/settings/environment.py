"""Readers for settings that come from environment variables.

Kept apart from the settings modules so tests can call them with a dictionary of their own.
"""

import os
from collections.abc import Mapping


def env_bool(name: str, *, default: bool, environ: Mapping[str, str] = os.environ) -> bool:
    value = environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str, environ: Mapping[str, str] = os.environ) -> list[str]:
    return [item.strip() for item in environ.get(name, default).split(",") if item.strip()]


def oidc_providers(environ: Mapping[str, str]) -> dict:
    """allauth's provider settings for the city's OpenID Connect identity broker.

    The provider is offered on the login page only when OIDC_CLIENT_ID, OIDC_CLIENT_SECRET and
    OIDC_SERVER_URL are all set; otherwise residents see email login alone.
    """
    client_id = environ.get("OIDC_CLIENT_ID", "")
    secret = environ.get("OIDC_CLIENT_SECRET", "")
    server_url = environ.get("OIDC_SERVER_URL", "")
    if not (client_id and secret and server_url):
        return {}
    return {
        "openid_connect": {
            "OAUTH_PKCE_ENABLED": True,
            "APPS": [
                {
                    "provider_id": environ.get("OIDC_PROVIDER_ID", "city"),
                    "name": environ.get("OIDC_PROVIDER_NAME", "City login"),
                    "client_id": client_id,
                    "secret": secret,
                    "settings": {"server_url": server_url},
                }
            ],
        }
    }
