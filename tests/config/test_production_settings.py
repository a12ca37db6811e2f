"""Production settings: `check --deploy` is clean when the environment supplies the secrets; without them the
process refuses to start instead of running with a development key."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

REPO = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.smoke


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {key: value for key, value in os.environ.items()
             if key not in {"DEBUG", "SECRET_KEY", "TOKEN_ENCRYPTION_KEYS", "POSTFLOW_TESTING", "DATABASE_URL",
                            "DJANGO_ALLOW_ASYNC_UNSAFE"}}  # the browser tests set it for live_server
    return subprocess.run([sys.executable, "manage.py", *args], cwd=REPO, env={**clean, **env},
                          capture_output=True, text=True, timeout=120)


def _production_env() -> dict[str, str]:
    return {"DEBUG": "0", "SECRET_KEY": "x9!" * 20 + "production-like-secret-key-value",
            "TOKEN_ENCRYPTION_KEYS": Fernet.generate_key().decode(), "ALLOWED_HOSTS": "postflow.example",
            "DATABASE_URL": "sqlite:////tmp/postflow-deploy-check.sqlite3"}


def test_check_deploy_is_clean_with_production_settings():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", **_production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("missing", ["SECRET_KEY", "TOKEN_ENCRYPTION_KEYS"])
def test_production_refuses_to_start_without_a_secret(missing):
    env = _production_env()
    env.pop(missing)
    result = _manage("check", **env)
    assert result.returncode != 0
    assert f"{missing} must be set" in result.stderr


def test_postflow_testing_outside_the_test_runner_does_not_enable_a_development_key():
    env = _production_env()
    env.pop("SECRET_KEY")
    result = _manage("check", POSTFLOW_TESTING="1", **env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_postgresql_connections_are_health_checked():
    result = _manage("shell", "-c", "from django.conf import settings; "
                     "print(settings.DATABASES['default']['CONN_HEALTH_CHECKS'])",
                     **{**_production_env(), "DATABASE_URL": "postgres://u:p@127.0.0.1:1/x"})
    assert result.stdout.strip().splitlines()[-1] == "True", result.stderr
