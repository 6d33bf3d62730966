"""WSGI entry point (gunicorn g60site.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "g60site.settings.prod")

application = get_wsgi_application()
