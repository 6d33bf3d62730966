"""A separate process on the site's SQLite settings, for the tests of concurrent access.

``python tests/sqlite_worker.py PATH hold RELEASE``: holds a write transaction open until the
file RELEASE exists (at most 30 seconds).
``python tests/sqlite_worker.py PATH visit COUNT``: COUNT reads, reported at once; then a
read-then-write transaction, reported when it ends, with how long it waited.
"""

import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def report(**values):
    print(json.dumps(values), flush=True)


def main(path, mode, argument):
    os.environ["DJANGO_SETTINGS_MODULE"] = "g60site.settings.dev"
    os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    import django

    django.setup()
    from django.db import connection, transaction

    if mode == "hold":
        with connection.cursor() as cursor:
            cursor.execute("CREATE TABLE counter (id INTEGER PRIMARY KEY, n INTEGER)")
            cursor.execute("INSERT INTO counter (id, n) VALUES (1, 0)")
        release = Path(argument)
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("UPDATE counter SET n = n + 1 WHERE id = 1")
            report(holding=True)
            deadline = time.monotonic() + 30
            while not release.exists() and time.monotonic() < deadline:
                time.sleep(0.05)
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        journal = cursor.fetchone()[0]
    errors, reads = [], 0
    for _ in range(int(argument)):
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT n FROM counter WHERE id = 1")
                cursor.fetchone()
                reads += 1
        except Exception as error:  # the failure being tested for
            errors.append(str(error))
    report(journal=journal, reads=reads, errors=errors)
    started = time.monotonic()
    errors = []
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT n FROM counter WHERE id = 1")
            n = cursor.fetchone()[0]
            cursor.execute("UPDATE counter SET n = %s WHERE id = 1", [n + 1])
    except Exception as error:
        errors.append(str(error))
    report(errors=errors, waited=time.monotonic() - started)


if __name__ == "__main__":
    main(*sys.argv[1:4])
