"""A separate process on the site's own settings, for the test that worker processes share
the page cache. ``DATABASE_URL`` and ``CACHE_DIR`` name the database and the cache.

``python tests/cache_worker.py setup``: migrates and adds one enterprise, "Shared Co".
``python tests/cache_worker.py visit``: requests the directory as a visitor; reports the
enterprise's name on the page and the number of queries the answer took.
``python tests/cache_worker.py rename NAME``: renames the enterprise, as an editor's save does.
"""

import json
import os
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main(mode, *arguments):
    os.environ["DJANGO_SETTINGS_MODULE"] = "g60site.settings.dev"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from corridor.models import City, Enterprise

    if mode == "setup":
        call_command("migrate", verbosity=0)
        city = City.objects.create(name="Songjiang", is_member=True)
        Enterprise.objects.create(
            name="Shared Co",
            city=city,
            status=Enterprise.Status.PUBLISHED,
            publish_at=timezone.now(),
        )
        result = {}
    elif mode == "visit":
        client = Client(SERVER_NAME="localhost")
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/en/enterprises/")
        names = re.findall(r"(Shared Co|Renamed Co)", response.content.decode())
        result = {"name": names[0] if names else None, "queries": len(queries)}
    else:
        enterprise = Enterprise.objects.get()
        enterprise.name = arguments[0]
        enterprise.save()
        result = {}
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main(*sys.argv[1:])
