"""Production settings are safe: they refuse to start without a secret and pass check --deploy."""

import os
import subprocess
import sys
from pathlib import Path

from pilotsite.settings.environment import env_bool, env_list, oidc_providers

ROOT = Path(__file__).resolve().parents[2]
STRONG_KEY = "k" * 20 + "9f3Hq!x@L2pZ#7vWm4Rt$8sYc1Nd&6bEj"


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    environ = {
        key: value
        for key, value in os.environ.items()
        if key not in {"SECRET_KEY", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    environ.update(
        DJANGO_SETTINGS_MODULE="pilotsite.settings.production",
        SITE_URL="https://minipilot.example.fi",
    )
    environ.update(env)
    return subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_refuses_to_start_without_secret_key():
    result = run_manage("check")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_a_short_secret_key():
    result = run_manage("check", SECRET_KEY="short")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_to_start_without_an_https_site_url():
    result = run_manage("check", SECRET_KEY=STRONG_KEY, SITE_URL="http://127.0.0.1:8000")
    assert result.returncode != 0
    assert "SITE_URL must be" in result.stderr


def test_production_passes_check_deploy_without_warnings():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", SECRET_KEY=STRONG_KEY)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_oidc_provider_is_off_unless_fully_configured():
    assert oidc_providers({}) == {}
    assert oidc_providers({"OIDC_CLIENT_ID": "minipilot", "OIDC_SERVER_URL": "https://id"}) == {}


def test_oidc_provider_comes_from_the_environment():
    providers = oidc_providers(
        {
            "OIDC_CLIENT_ID": "minipilot",
            "OIDC_CLIENT_SECRET": "s3cret",
            "OIDC_SERVER_URL": "https://id.example.org/realms/city",
            "OIDC_PROVIDER_NAME": "Suomi.fi",
        }
    )
    (app,) = providers["openid_connect"]["APPS"]
    assert app["client_id"] == "minipilot"
    assert app["secret"] == "s3cret"
    assert app["name"] == "Suomi.fi"
    assert app["settings"]["server_url"] == "https://id.example.org/realms/city"


def test_environment_readers():
    environ = {"FLAG": "yes", "OFF": "0", "HOSTS": "a.example.org, b.example.org,"}
    assert env_bool("FLAG", default=False, environ=environ) is True
    assert env_bool("OFF", default=True, environ=environ) is False
    assert env_bool("MISSING", default=True, environ=environ) is True
    assert env_list("HOSTS", "", environ=environ) == ["a.example.org", "b.example.org"]
    assert env_list("MISSING", "x", environ=environ) == ["x"]
