"""The SQLite default under load: readers never fail during a write; writers queue."""

import json
import subprocess
import sys
import time
from pathlib import Path

WORKER = Path(__file__).with_name("sqlite_worker.py")


def run(path, mode, amount):
    return subprocess.Popen(
        [sys.executable, str(WORKER), str(path), mode, str(amount)],
        stdout=subprocess.PIPE,
        text=True,
    )


def test_reads_and_a_read_then_write_succeed_while_another_process_writes(tmp_path):
    database, release = tmp_path / "site.sqlite3", tmp_path / "release"
    holder = run(database, "hold", release)
    assert json.loads(holder.stdout.readline()) == {"holding": True}
    visitor = run(database, "visit", 200)
    reads = json.loads(visitor.stdout.readline())
    assert reads == {"journal": "wal", "reads": 200, "errors": []}  # readers never wait
    time.sleep(0.5)  # the visitor's write is now waiting for the holder's
    release.touch()
    write = json.loads(visitor.stdout.readline())
    visitor.wait(timeout=60)
    holder.wait(timeout=60)
    assert write["errors"] == []  # before: "database is locked", at once
    assert write["waited"] > 0.3  # it queued behind the other write instead of failing


def test_the_settings_ask_for_wal_immediate_transactions_and_a_busy_timeout():
    code = (
        "import os, django; os.environ['DJANGO_SETTINGS_MODULE'] = 'g60site.settings.dev';"
        "os.environ['DATABASE_URL'] = 'sqlite:////tmp/never-opened.sqlite3'; django.setup();"
        "from django.conf import settings; print(settings.DATABASES['default']['OPTIONS'])"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=WORKER.parent.parent,
    )
    options = result.stdout
    assert "'transaction_mode': 'IMMEDIATE'" in options
    assert "'timeout': 20" in options
    assert "journal_mode=WAL" in options
