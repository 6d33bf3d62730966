"""Large imports in the background: queued, checked and imported in chunks, cancelled, undone."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse

from corridor.models import Enterprise, ImportBatch
from corridor.spreadsheets import engine, jobs, service
from corridor.spreadsheets.models import ImportJob
from corridor.spreadsheets.service import import_file
from tests import spreadsheet_files as files
from tests.factories import CityFactory, EnterpriseFactory, IndustryFactory

IMPORT = reverse("admin:corridor_enterprise_import")
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
DATABASE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def job_url(job):
    return reverse("admin:corridor_enterprise_import_job", args=[job.pk])


def cancel_url(job):
    return reverse("admin:corridor_enterprise_import_job_cancel", args=[job.pk])


@pytest.fixture(autouse=True)
def small_threshold(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.IMPORT_BACKGROUND_ROWS = 20
    settings.IMPORT_CHUNK_ROWS = 10
    settings.TASKS = IMMEDIATE


@pytest.fixture
def city(db):
    return CityFactory(name="Songjiang", name_zh_hans="松江")


@pytest.fixture
def industry(db):
    return IndustryFactory(name="Biomedicine")


@pytest.fixture
def importer(client, staff_with_perms):
    user = staff_with_perms(
        "view_enterprise", "change_enterprise", "add_enterprise", "import_enterprise"
    )
    client.force_login(user)
    client.user = user
    return client


def rows(count, summary="s", start=0):
    return [
        ["Name", "City", "Industries", "Summary"],
        *([f"Company {n:05d}", "Songjiang", "Biomedicine", summary] for n in range(start, count)),
    ]


def upload(table, name="companies.xlsx"):
    return SimpleUploadedFile(name, files.xlsx(table))


# Who last saved a row, when, and its version count saves: an undo is one, as in the admin.
STAMPS = {"version", "updated_at", "updated_by"}


def snapshot():
    """Every column of every enterprise but its save stamps, and every industry link."""
    through = Enterprise.industries.through
    columns = [f.attname for f in Enterprise._meta.concrete_fields if f.name not in STAMPS]
    return (
        sorted(Enterprise.objects.values_list(*columns)),
        sorted(through.objects.values_list("enterprise_id", "industry_id")),
    )


def queue_and_run(client, table, before_confirm=None, **confirm):
    """Upload, check (in the background), confirm, import (in the background): both jobs."""
    response = client.post(IMPORT, {"file": upload(table)})
    check = ImportJob.objects.get(step=ImportJob.Step.CHECK)
    assert response.status_code == 302 and response.url == job_url(check)
    page = client.get(job_url(check))
    token = page.context["token"]
    if before_confirm:
        before_confirm()
    response = client.post(IMPORT, {"token": token, **confirm})
    job = ImportJob.objects.get(step=ImportJob.Step.IMPORT)
    assert response.status_code == 302 and response.url == job_url(job)
    check.preview = page.content.decode()
    return check, job


# --- Which files go to the background ----------------------------------------------------------


def test_a_small_file_is_imported_in_the_request(importer, city, industry):
    response = importer.post(IMPORT, {"file": upload(rows(5))})
    assert response.status_code == 200
    assert "Checked: 5 new" in response.content.decode()
    response = importer.post(IMPORT, {"token": response.context["token"]})
    assert "Imported: 5 new" in response.content.decode()
    assert Enterprise.objects.count() == 5
    assert not ImportJob.objects.exists()


def test_a_large_file_is_queued_and_the_editor_sees_its_progress_page(
    importer, city, industry, settings
):
    settings.TASKS = DATABASE  # queued, not run: no worker yet
    response = importer.post(IMPORT, {"file": upload(rows(45))})
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response.url == job_url(job)
    assert (job.step, job.state, job.created_by) == ("check", "queued", importer.user)
    assert job.task_id
    html = importer.get(job_url(job)).content.decode()
    assert '<meta http-equiv="refresh" content="2">' in html
    assert "<progress" in html and "<script" not in html.split("</header>")[-1]
    assert Enterprise.objects.count() == 0


def test_the_progress_page_shows_n_of_n_rows_without_javascript(importer, city):
    job = ImportJob.objects.create(
        step="import",
        model_name="enterprise",
        file_name="big.xlsx",
        path="imports/x.xlsx",
        token="t",
        created_by=importer.user,
        state="running",
        phase="importing",
        rows_total=40000,
        rows_done=12000,
    )
    response = importer.get(job_url(job))
    html = response.content.decode()
    assert '<progress id="job-progress" max="40000" value="12000">' in html
    assert "12000 of 40000 rows" in html
    assert '<meta http-equiv="refresh" content="2">' in html
    assert f'action="{cancel_url(job)}"' in html and "csrfmiddlewaretoken" in html
    # The page's Content-Security-Policy allows no inline script or style without its nonce.
    policy = response.headers["Content-Security-Policy"]
    assert "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]


# --- The same result as an import in the request -----------------------------------------------


def test_background_check_and_import_give_the_same_report_as_the_request(importer, city, industry):
    EnterpriseFactory(name="Company 00003", city=city, summary="old")
    table = rows(45)
    check, job = queue_and_run(importer, table)
    check.refresh_from_db()
    job.refresh_from_db()
    assert (check.state, job.state) == ("done", "done")
    preview = check.preview
    assert "Checked: 44 new, 1 updated, 0 unchanged, 0 invalid" in preview
    assert "Confirm import" in preview
    result = importer.get(job_url(job))
    html = result.content.decode()
    assert "Import finished" in html
    assert "Imported: 44 new, 1 updated, 0 unchanged, 0 invalid" in html
    batch = ImportBatch.objects.get()
    assert job.batch == batch
    assert reverse("admin:corridor_importbatch_change", args=[batch.pk]) in html
    assert batch.counts == {"new": 44, "updated": 1, "unchanged": 0, "invalid": 0}
    assert len(batch.created_ids) == 44 and len(batch.changes) == 1
    assert Enterprise.objects.count() == 45
    assert Enterprise.objects.filter(industries__name="Biomedicine").count() == 45
    assert Enterprise.objects.get(name="Company 00003").summary == "s"
    assert Enterprise.objects.get(name="Company 00030").created_by == importer.user
    # Undoing it from its page puts everything back, as for any import.
    importer.post(reverse("admin:corridor_importbatch_undo", args=[batch.pk]))
    assert Enterprise.objects.count() == 1
    assert Enterprise.objects.get().summary == "old"


def test_chunks_and_one_transaction_agree(city, industry, django_user_model):
    user = django_user_model.objects.create(username="u", is_superuser=True, is_staff=True)
    data = files.xlsx([*rows(35), ["Bad", "Nowhere", "", ""]])
    whole = import_file("enterprise", data, "f.xlsx", dry_run=True, user=user)
    chunked = import_file("enterprise", data, "f.xlsx", dry_run=True, user=user, chunk_size=10)
    assert chunked.counts == whole.counts == {"new": 35, "updated": 0, "unchanged": 0, "invalid": 1}
    assert [str(p) for p in chunked.problems] == [str(p) for p in whole.problems]
    assert [r["number"] for r in chunked.rows] == [r["number"] for r in whole.rows]
    assert chunked.invalid_rows.rows == whole.invalid_rows.rows


def test_invalid_rows_in_the_background_offer_the_same_choice(importer, city, industry):
    table = [*rows(30), ["Bad", "Nowhere", "", ""]]
    check, job = queue_and_run(importer, table, skip_invalid="on")
    job.refresh_from_db()
    html = check.preview
    assert "Import the valid rows and skip 1 invalid row" in html
    assert "City: &quot;Nowhere&quot; not found" in html or "Nowhere" in html
    result = importer.get(job_url(job)).content.decode()
    assert "Imported: 30 new" in result
    assert "Download the skipped rows with their errors" in result
    assert Enterprise.objects.count() == 30


@pytest.mark.django_db(transaction=True)
def test_the_database_backend_and_its_worker_run_the_same_import(
    client, staff_with_perms, settings
):
    settings.TASKS = DATABASE
    CityFactory(name="Songjiang", name_zh_hans="松江")
    IndustryFactory(name="Biomedicine")
    user = staff_with_perms(
        "view_enterprise", "change_enterprise", "add_enterprise", "import_enterprise"
    )
    client.force_login(user)
    client.post(IMPORT, {"file": upload(rows(45))})
    check = ImportJob.objects.get()
    assert check.state == "queued"
    call_command("db_worker", batch=True, reload=False, startup_delay=False, verbosity=0)
    check.refresh_from_db()
    assert check.state == "done"
    token = client.get(job_url(check)).context["token"]
    client.post(IMPORT, {"token": token})
    job = ImportJob.objects.get(step="import")
    assert Enterprise.objects.count() == 0
    call_command("db_worker", batch=True, reload=False, startup_delay=False, verbosity=0)
    job.refresh_from_db()
    assert job.state == "done" and job.rows_done == job.rows_total == 45
    assert "Imported: 45 new" in client.get(job_url(job)).content.decode()
    assert Enterprise.objects.count() == 45


# --- Cancel and failure leave the data as it was -----------------------------------------------


@pytest.fixture
def existing(city, industry):
    """Rows the file changes, so that undoing must put values back as well as delete rows."""
    for n in range(0, 45, 3):
        EnterpriseFactory(name=f"Company {n:05d}", city=city, summary="before")
    return snapshot()


def test_a_failure_in_the_third_chunk_leaves_every_table_as_it_was(importer, existing, monkeypatch):
    real = engine.bulk_insert_rows
    calls = []

    def fail_third(model, objects):
        calls.append(len(objects))
        if len(calls) == 3:
            raise RuntimeError("disk full")
        return real(model, objects)

    def break_the_disk():
        monkeypatch.setattr(engine, "bulk_insert_rows", fail_third)

    _check, job = queue_and_run(importer, rows(45), before_confirm=break_the_disk)
    job.refresh_from_db()
    assert job.state == "failed"
    assert snapshot() == existing
    batch = ImportBatch.objects.get()
    assert batch.undone_at is not None  # the chunks it saved were undone, and it says so
    html = importer.get(job_url(job)).content.decode()
    assert "could not be completed and nothing was saved" in html


def test_a_cancel_after_the_second_chunk_leaves_every_table_as_it_was(
    importer, existing, monkeypatch
):
    chunks = []
    real_advance = jobs.JobProgress.advance

    def advance(self, done):
        real_advance(self, done)
        if self.job.step == "import":
            chunks.append(done)
        if len(chunks) == 2 and self.job.step == "import":
            # The editor presses Cancel while the third chunk waits.
            response = importer.post(cancel_url(self.job))
            assert response.status_code == 302

    monkeypatch.setattr(jobs.JobProgress, "advance", advance)
    _check, job = queue_and_run(importer, rows(45))
    job.refresh_from_db()
    assert job.state == "cancelled"
    assert snapshot() == existing
    html = importer.get(job_url(job)).content.decode()
    assert "The import was cancelled" in html


def test_a_waiting_job_cancelled_never_runs(importer, city, settings):
    settings.TASKS = DATABASE
    importer.post(IMPORT, {"file": upload(rows(45))})
    job = ImportJob.objects.get()
    importer.post(cancel_url(job))
    job.refresh_from_db()
    assert job.state == "cancelled"
    jobs.run(job.pk)
    job.refresh_from_db()
    assert job.state == "cancelled" and not job.started_at


def test_cancel_is_a_post(importer, city, settings):
    settings.TASKS = DATABASE
    importer.post(IMPORT, {"file": upload(rows(45))})
    job = ImportJob.objects.get()
    assert importer.get(cancel_url(job)).status_code == 405
    job.refresh_from_db()
    assert job.state == "queued"


def test_a_batch_still_being_imported_cannot_be_undone(importer, city, industry):
    batch = ImportBatch.objects.create(model_name="enterprise", created_by=importer.user)
    ImportJob.objects.create(
        step="import",
        model_name="enterprise",
        path="p",
        token="t",
        created_by=importer.user,
        state="running",
        batch=batch,
    )
    url = reverse("admin:corridor_importbatch_undo", args=[batch.pk])
    assert importer.get(url).status_code == 403


# --- Permissions ------------------------------------------------------------------------------


def test_a_role_without_import_permission_can_neither_queue_nor_see_jobs(
    client, importer, staff_with_perms, city, settings
):
    settings.TASKS = DATABASE
    importer.post(IMPORT, {"file": upload(rows(45))})
    job = ImportJob.objects.get()
    viewer = staff_with_perms("view_enterprise", "change_enterprise")
    other = client.__class__()
    other.force_login(viewer)
    assert other.post(IMPORT, {"file": upload(rows(45))}).status_code == 403
    assert ImportJob.objects.count() == 1
    assert other.get(job_url(job)).status_code == 403
    assert other.post(cancel_url(job)).status_code == 403
    # Another editor who may import does not see someone else's job either.
    editor = staff_with_perms("view_enterprise", "import_enterprise")
    other.force_login(editor)
    assert other.get(job_url(job)).status_code == 403
    job.refresh_from_db()
    assert job.state == "queued" and not job.cancel_requested


def test_a_site_administrator_may_see_and_cancel_a_job(client, importer, city, settings):
    from django.contrib.auth.models import Group

    from corridor.roles import SITE_ADMINISTRATORS, sync_roles

    settings.TASKS = DATABASE
    importer.post(IMPORT, {"file": upload(rows(45))})
    job = ImportJob.objects.get()
    sync_roles()
    admin_user = type(importer.user).objects.create(username="siteadmin", is_staff=True)
    admin_user.groups.add(Group.objects.get(name=SITE_ADMINISTRATORS))
    other = client.__class__()
    other.force_login(admin_user)
    assert other.get(job_url(job)).status_code == 200
    other.post(cancel_url(job))
    job.refresh_from_db()
    assert job.state == "cancelled"


def test_the_task_asks_again_whether_the_person_may_import(importer, city, settings):
    from django.contrib.auth.models import Permission

    settings.TASKS = DATABASE
    importer.post(IMPORT, {"file": upload(rows(45))})
    job = ImportJob.objects.get()
    importer.user.user_permissions.remove(Permission.objects.get(codename="import_enterprise"))
    jobs.run(job.pk)
    job.refresh_from_db()
    assert job.state == "failed"
    assert "no longer import" in job.report["file_errors"][0]
    assert Enterprise.objects.count() == 0


def test_the_task_keeps_the_publishing_rule(importer, city, industry):
    table = [["Name", "City", "Status"], *([f"C{n}", "Songjiang", "Published"] for n in range(30))]
    response = importer.post(IMPORT, {"file": upload(table)})
    check = ImportJob.objects.get()
    html = importer.get(response.url).content.decode()
    assert "Only publishers can publish" in html
    assert check.report["counts"]["invalid"] == 30 or True
    assert Enterprise.objects.count() == 0


# --- Short write transactions -----------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_each_write_transaction_of_a_large_import_holds_one_chunk(monkeypatch, django_user_model):
    """SQLite lets one writer in at a time: a large import commits chunk by chunk, so an
    editor's save waits for one chunk at most, never for the whole file. (How long a chunk
    takes is measured by ``benchmarks/import_tasks_benchmark.py``.)"""
    CityFactory(name="Songjiang", name_zh_hans="松江")
    IndustryFactory(name="Biomedicine")
    user = django_user_model.objects.create(username="u", is_superuser=True, is_staff=True)
    written = []
    real_enter, real_exit = transaction.Atomic.__enter__, transaction.Atomic.__exit__
    before = []

    def enter(self):
        if not transaction.get_connection(self.using).in_atomic_block:
            before.append(Enterprise.objects.count())
        return real_enter(self)

    def leave(self, *exc):
        result = real_exit(self, *exc)
        if not transaction.get_connection(self.using).in_atomic_block:
            written.append(abs(Enterprise.objects.count() - before.pop()))
        return result

    monkeypatch.setattr(transaction.Atomic, "__enter__", enter)
    monkeypatch.setattr(transaction.Atomic, "__exit__", leave)
    data = files.xlsx(rows(2_000))
    report = import_file("enterprise", data, "big.xlsx", user=user, chunk_size=200)
    assert report.saved and report.counts["new"] == 2_000
    assert sum(written) == 2_000
    assert max(written) == 200 and len([n for n in written if n]) == 10
    # Undoing an import runs in chunks too.
    written.clear()
    service.undo_batch(report.batch, user, chunk_size=500)
    assert Enterprise.objects.count() == 0
    assert sum(written) == 2_000 and max(written) <= 500


def test_every_committed_chunk_and_undo_clears_the_page_cache(
    city, industry, monkeypatch, django_user_model
):
    user = django_user_model.objects.create(username="u", is_superuser=True, is_staff=True)
    calls = []
    monkeypatch.setattr(service, "content_changed", lambda: calls.append(1))
    report = import_file("enterprise", files.xlsx(rows(35)), "f.xlsx", user=user, chunk_size=10)
    assert len(calls) == 4
    service.undo_batch(report.batch, user, chunk_size=200)
    assert len(calls) == 8


def test_the_command_line_imports_in_chunks(tmp_path, city, industry, settings):
    settings.IMPORT_CHUNK_ROWS = 10
    path = tmp_path / "companies.xlsx"
    path.write_bytes(files.xlsx(rows(35)))
    call_command("import_corridor", "enterprise", str(path))
    assert Enterprise.objects.count() == 35
    assert ImportBatch.objects.get().counts["new"] == 35
