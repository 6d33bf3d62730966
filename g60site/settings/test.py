"""Test run: fast hashing, in-memory storage for static manifests, files in a temp folder."""

import tempfile

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-key"
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = tempfile.mkdtemp(prefix="g60-media-")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
LOGGING = {"version": 1, "disable_existing_loggers": False}
# Static files come straight from the finders: no collectstatic before a test run.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
# A cache of its own per test process; tests/conftest.py empties it before each test.
CACHES = {
    "default": {
        "BACKEND": "corridor.filecache.PlainFileCache",
        "LOCATION": tempfile.mkdtemp(prefix="g60-cache-"),
    }
}
# Tests that count requests set their own limit.
API_RATE_LIMIT = "10000/minute"
