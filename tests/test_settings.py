"""Production settings refuse to start without a real secret key and allowed hosts."""

import json
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


def readme_gunicorn_line():
    readme = (ROOT / "README.md").read_text()
    return next(line for line in readme.splitlines() if line.startswith(".venv/bin/gunicorn"))


def test_readme_gunicorn_line_loads_the_app_with_a_timeout_for_imports():
    line = readme_gunicorn_line()
    words = line.split()
    timeout = int(words[words.index("--timeout") + 1])
    assert timeout >= 120  # gunicorn's 30 s default ends the admin's larger imports
    environment = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    environment.update(SECRET_KEY=GOOD_KEY, ALLOWED_HOSTS="g60.example.org")
    gunicorn = Path(sys.executable).with_name("gunicorn")
    result = subprocess.run(
        [str(gunicorn), *words[1:], "--check-config"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr


PROXY_PROBE = """
from django.test import Client
plain = Client().get("/robots.txt")
proxied = Client().get("/robots.txt", headers={"x-forwarded-proto": "https"})
print(plain.status_code, plain.get("Location", ""), proxied.status_code)
"""


@pytest.mark.parametrize(
    ("redirect", "expected"),
    [(None, "301 https://testserver/robots.txt 200"), ("False", "200  200")],
)
def test_production_honours_the_proxy_header_and_the_redirect_setting(redirect, expected):
    env = {"SECRET_KEY": GOOD_KEY, "ALLOWED_HOSTS": "testserver"}
    if redirect is not None:
        env["SECURE_SSL_REDIRECT"] = redirect
    result = run_django(["shell", "-c", PROXY_PROBE], **env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == expected


def test_the_shared_cache_is_redis_when_redis_url_is_set():
    script = (
        "from django.conf import settings; import json; "
        "print(json.dumps([settings.CACHES['default']['BACKEND'], "
        "settings.DATABASES['default']['CONN_MAX_AGE']]))"
    )
    with_redis = run_django(
        ["shell", "-c", script],
        REDIS_URL="redis://127.0.0.1:6379/3",
        SECRET_KEY=GOOD_KEY,
        ALLOWED_HOSTS="example.org",
    )
    assert with_redis.returncode == 0, with_redis.stderr
    assert json.loads(with_redis.stdout.strip().splitlines()[-1]) == [
        "django_redis.cache.RedisCache",
        60,
    ]
    without = run_django(["shell", "-c", script], SECRET_KEY=GOOD_KEY, ALLOWED_HOSTS="example.org")
    assert without.returncode == 0, without.stderr
    backend = json.loads(without.stdout.strip().splitlines()[-1])[0]
    # Files every worker process reads, never one process's memory.
    assert backend == "corridor.filecache.PlainFileCache"


def test_static_files_are_compressed_with_brotli_and_gzip(tmp_path):
    from whitenoise.compress import Compressor

    css = tmp_path / "site.css"
    css.write_text("body { margin: 0; }\n" * 200)
    written = list(Compressor(quiet=True).compress(str(css)))
    assert sorted(Path(name).suffix for name in written) == [".br", ".gz"]
