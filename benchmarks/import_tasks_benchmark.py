"""A 100,000-row import through the admin with the task worker: how long each request takes.

On a fresh SQLite database with the launch content, a publisher (Django's test client; the
file's rows are published) uploads a
workbook of enterprises, watches the progress page (one request every two seconds, as the page
refreshes itself) while ``manage.py db_worker`` checks the file, confirms, and watches again
while the worker imports it. Prints the slowest request of each kind and the total time of each
step.

Usage: python benchmarks/import_tasks_benchmark.py [--rows 100000] [--format xlsx|csv]
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))


def timed(requests, kind, call):
    start = time.perf_counter()
    response = call()
    requests.setdefault(kind, []).append(time.perf_counter() - start)
    return response


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--format", choices=("xlsx", "csv"), default="xlsx")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="g60-tasks-bench-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "g60site.settings.dev",
        "DATABASE_URL": f"sqlite:///{workdir / 'db.sqlite3'}",
        "MEDIA_ROOT": str(workdir / "media"),
        "ALLOWED_HOSTS": "testserver,127.0.0.1,localhost",
        "LOG_LEVEL": "WARNING",
    }
    env.pop("REDIS_URL", None)
    os.environ.update(env)
    python = sys.executable
    subprocess.run([python, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, check=True)
    subprocess.run([python, "manage.py", "load_launch"], cwd=ROOT, check=True, env=env)

    import django

    django.setup()
    from django.test.utils import setup_test_environment

    setup_test_environment()  # the test client keeps each response's context
    from django.contrib.auth.models import Group
    from django.test import Client
    from django.urls import reverse
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_static.models import StaticDevice
    from import_benchmark import make_rows

    from corridor.models import Enterprise
    from corridor.roles import PUBLISHERS
    from corridor.spreadsheets.models import ImportJob
    from corridor.spreadsheets.reader import write_table

    def editor(name):
        user = django.contrib.auth.get_user_model().objects.create_user(name, is_staff=True)
        user.groups.add(Group.objects.get(name=PUBLISHERS))
        client = Client()
        client.force_login(user)
        device = StaticDevice.objects.create(user=user, name="benchmark")
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
        return client

    print(f"Writing {args.rows:,} rows as {args.format} …", flush=True)
    headers, rows = make_rows(args.rows, industries=True)
    data = write_table(headers, rows, args.format, sheet_title="Enterprises")
    importer = editor("importer")
    worker = subprocess.Popen(
        [python, "manage.py", "db_worker", "--no-reload", "--interval", "0.5", "-v0"],
        cwd=ROOT,
        env=env,
    )
    requests = {}
    steps = {}
    import_url = reverse("admin:corridor_enterprise_import")

    def watch(url, step):
        start = time.perf_counter()
        while True:
            timed(requests, "progress page", lambda: importer.get(url))
            job = ImportJob.objects.get(pk=int(url.rstrip("/").rsplit("/", 1)[1]))
            if not job.active:
                steps[step] = time.perf_counter() - start
                return job
            time.sleep(2)

    total = time.perf_counter()
    try:
        response = timed(
            requests,
            "upload",
            lambda: importer.post(
                import_url,
                {"file": _upload(f"companies.{args.format}", data)},
            ),
        )
        assert response.status_code == 302, response.status_code
        check = watch(response.url, "check")
        page = timed(requests, "preview page", lambda: importer.get(response.url))
        print(f"Check: {check.state}; {check.report['counts']}", flush=True)
        token = page.context["token"]
        response = timed(requests, "confirm", lambda: importer.post(import_url, {"token": token}))
        assert response.status_code == 302, response.status_code
        job = watch(response.url, "import")
        timed(requests, "result page", lambda: importer.get(response.url))
        print(f"Import: {job.state}; {job.report['counts']}", flush=True)
    finally:
        worker.terminate()
        worker.wait(30)
    total = time.perf_counter() - total
    print(f"Enterprises now: {Enterprise.objects.count():,}")
    print()
    print(f"{'request':<24}{'count':>7}{'slowest (s)':>14}{'mean (s)':>10}")
    for kind, times in requests.items():
        print(f"{kind:<24}{len(times):>7}{max(times):>14.3f}{sum(times) / len(times):>10.3f}")
    slowest = max(max(times) for times in requests.values())
    print()
    print(f"Slowest request: {slowest:.3f} s")
    print(f"Check in the background: {steps['check']:.1f} s")
    print(f"Import in the background: {steps['import']:.1f} s")
    print(f"Total, upload to result: {total:.1f} s")


def _upload(name, data):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data)


if __name__ == "__main__":
    main()
