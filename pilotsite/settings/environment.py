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


def cache_settings(environ: Mapping[str, str]) -> dict:
    """The default cache: Redis shared by every app host when REDIS_URL is set (page cache, rate
    limits, cached sessions), otherwise each process's own memory."""
    redis_url = environ.get("REDIS_URL", "")
    if not redis_url:
        return {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    return {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_url,
            # Several sites (or a staging copy) may share one Redis server.
            "KEY_PREFIX": environ.get("CACHE_KEY_PREFIX", "minipilot"),
        }
    }


def media_storage(environ: Mapping[str, str]) -> dict:
    """Where uploads go: an S3-compatible bucket when AWS_STORAGE_BUCKET_NAME is set, else the
    local MEDIA_ROOT. boto3 reads the keys itself from AWS_ACCESS_KEY_ID and
    AWS_SECRET_ACCESS_KEY (or an instance role), so they never pass through the settings."""
    bucket = environ.get("AWS_STORAGE_BUCKET_NAME", "")
    if not bucket:
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    options = {
        "bucket_name": bucket,
        # Wagtail renditions and uploads keep their names; never overwrite another file.
        "file_overwrite": False,
        # Signed, expiring links by default: report photos and payment files are not public.
        "querystring_auth": env_bool("AWS_QUERYSTRING_AUTH", default=True, environ=environ),
    }
    for option, name in (
        ("endpoint_url", "AWS_S3_ENDPOINT_URL"),
        ("region_name", "AWS_S3_REGION_NAME"),
        ("custom_domain", "AWS_S3_CUSTOM_DOMAIN"),
    ):
        if environ.get(name):
            options[option] = environ[name]
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}


# Wagtail's search backends by SEARCH_BACKEND; each but "database" needs its client installed
# (README: Deploy it).
SEARCH_BACKENDS = {
    "database": "wagtail.search.backends.database",
    "elasticsearch7": "wagtail.search.backends.elasticsearch7",
    "elasticsearch8": "wagtail.search.backends.elasticsearch8",
    "elasticsearch9": "wagtail.search.backends.elasticsearch9",
    "opensearch2": "wagtail.search.backends.opensearch2",
    "opensearch3": "wagtail.search.backends.opensearch3",
    "opensearch": "wagtail.search.backends.opensearch3",
}


def search_backends(environ: Mapping[str, str]) -> dict:
    """WAGTAILSEARCH_BACKENDS: PostgreSQL's (or SQLite's) full text search unless SEARCH_BACKEND
    names Elasticsearch or OpenSearch, found at SEARCH_URL. Naming the module only here keeps
    the client library out of the import of the settings."""
    name = environ.get("SEARCH_BACKEND", "") or "database"
    if name not in SEARCH_BACKENDS:
        raise ValueError(f"SEARCH_BACKEND must be one of {', '.join(SEARCH_BACKENDS)}, not {name}")
    backend = {"BACKEND": SEARCH_BACKENDS[name]}
    if name != "database":
        url = environ.get("SEARCH_URL", "")
        if not url:
            raise ValueError(f"SEARCH_BACKEND={name} needs SEARCH_URL, e.g. http://127.0.0.1:9200")
        backend.update(
            URLS=[item.strip() for item in url.split(",") if item.strip()],
            INDEX_PREFIX=environ.get("SEARCH_INDEX_PREFIX", "minipilot_"),
            TIMEOUT=int(environ.get("SEARCH_TIMEOUT", "5")),
        )
    return {"default": backend}
