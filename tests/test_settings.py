"""Production settings refuse to start without a real secret key and allowed hosts."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GOOD_KEY = "k" * 20 + "9fj3!lq0-x7@c2z_v8m#n1b&u5y4t6r*e"


def run_django(args, **env):
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    environment.update(DJANGO_SETTINGS_MODULE="g60site.settings.prod", **env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"ALLOWED_HOSTS": "g60.example.org"}, "SECRET_KEY must be set"),
        ({"SECRET_KEY": "short", "ALLOWED_HOSTS": "g60.example.org"}, "SECRET_KEY must be set"),
        (
            {"SECRET_KEY": "dev-" + "x" * 60, "ALLOWED_HOSTS": "g60.example.org"},
            "SECRET_KEY must be set",
        ),
        ({"SECRET_KEY": GOOD_KEY}, "ALLOWED_HOSTS must list"),
    ],
)
def test_production_refuses_to_start(env, message):
    result = run_django(["check"], **env)
    assert result.returncode != 0
    assert message in result.stderr


def test_production_check_deploy_is_clean():
    result = run_django(
        ["check", "--deploy", "--fail-level", "WARNING"],
        SECRET_KEY=GOOD_KEY,
        ALLOWED_HOSTS="g60.example.org",
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_database_url_switches_engine():
    code = (
        "from django.conf import settings; "
        "print(settings.DATABASES['default']['ENGINE'], settings.DATABASES['default']['NAME'])"
    )
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["DJANGO_SETTINGS_MODULE"] = "g60site.settings.dev"
    default = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert default.stdout.splitlines()[-1].startswith("django.db.backends.sqlite3"), default.stderr
    env["DATABASE_URL"] = "postgres://postgres@127.0.0.1:5432/g60"
    postgres = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert postgres.stdout.splitlines()[-1].split() == ["django.db.backends.postgresql", "g60"], (
        postgres.stderr
    )
