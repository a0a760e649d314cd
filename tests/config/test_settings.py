"""Production settings refuse to start unsafely; the embedded default needs no environment."""

import os
import subprocess
import sys

import pytest
from django.conf import settings

from config.env import env_bool, env_list

BASE = str(settings.BASE_DIR)


def _django_setup(env_overrides):
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "DATABASE_URL", "REDIS_URL"}}
    env.update({"DJANGO_SETTINGS_MODULE": "config.settings.production", **env_overrides})
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); print('started')"],
        cwd=BASE,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    "env, message",
    [
        ({}, "SECRET_KEY must be set"),
        ({"SECRET_KEY": "short"}, "SECRET_KEY must be set"),
        ({"SECRET_KEY": "x" * 50, "DEBUG": "true"}, "DEBUG must not be on in production"),
    ],
)
def test_production_refuses_to_start_unsafely(env, message):
    result = _django_setup(env)
    assert result.returncode != 0
    assert message in result.stderr


def test_production_starts_with_a_real_secret():
    result = _django_setup({"SECRET_KEY": "k" * 50})
    assert result.returncode == 0, result.stderr
    assert "started" in result.stdout


def test_typed_env_helpers(monkeypatch):
    monkeypatch.setenv("X_FLAG", "yes")
    monkeypatch.setenv("X_LIST", "a, b,,c")
    assert env_bool("X_FLAG") is True
    assert env_list("X_LIST") == ["a", "b", "c"]
    monkeypatch.setenv("X_FLAG", "maybe")
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured):
        env_bool("X_FLAG")
