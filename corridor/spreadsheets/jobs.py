"""Large imports in the background: an ``ImportJob`` per step, run by the task worker.

The admin queues a job (``queue``) when a file has more than ``IMPORT_BACKGROUND_ROWS`` rows
(``is_large``); the worker runs it (``run``, through ``tasks.run_import_job``) with the same
service as an import in the request, in chunks of ``IMPORT_CHUNK_ROWS`` rows, recording its
progress on the job and asking between chunks whether someone cancelled it. The report is
kept on the job for its page.

Who may do what: the person who queued a job sees it and may cancel it while they may still
import that content (``service.may_import``, asked again when the job starts); a site
administrator (who manages users) may see and cancel anyone's.
"""

import logging

from django.conf import settings
from django.core.files.storage import default_storage
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .models import ImportJob
from .reader import estimate_rows
from .service import FAILED, ImportReport, Progress, chunk_rows, import_file, may_import

logger = logging.getLogger(__name__)


def background_rows():
    return getattr(settings, "IMPORT_BACKGROUND_ROWS", 2_000)


def is_large(data, name="", file_format=None):
    """Does the file have more rows than an import in the request should take on?"""
    limit = background_rows()
    return estimate_rows(data, name, file_format, enough=limit) > limit


def queue(step, user, model_name, upload, token, skip_invalid=False):
    """Make the job for ``step`` of the upload ``{path, name, format}`` and queue its task."""
    from .tasks import run_import_job

    job = ImportJob.objects.create(
        step=step,
        model_name=model_name,
        file_name=upload["name"][:255],
        file_format=upload["format"] or "",
        path=upload["path"],
        token=token,
        skip_invalid=skip_invalid,
        language=translation.get_language() or settings.LANGUAGE_CODE,
        created_by=user,
    )

    result = run_import_job.enqueue(job.pk)
    job.task_id = str(result.id)[:64]
    ImportJob.objects.filter(pk=job.pk).update(task_id=job.task_id)
    return job


def may_see(user, job):
    """Its owner, while they may import that content; or a site administrator."""
    if is_site_administrator(user):
        return True
    return job.created_by_id == user.pk and may_import(user, job.model_name)


may_cancel = may_see


def is_site_administrator(user):
    """Superusers, and the Site administrators role: those who manage users (``roles``)."""
    return user.is_active and (user.is_superuser or user.has_perm("auth.change_user"))


def cancel(job):
    """Ask the job to stop. A job still waiting stops at once; a running one before its next
    chunk, undoing the chunks it saved."""
    now = timezone.now()
    waiting = ImportJob.objects.filter(pk=job.pk, state=ImportJob.State.QUEUED).update(
        state=ImportJob.State.CANCELLED, cancel_requested=True, finished_at=now
    )
    if not waiting:
        ImportJob.objects.filter(pk=job.pk, state=ImportJob.State.RUNNING).update(
            cancel_requested=True
        )


class JobProgress(Progress):
    """Progress written to the job row (one short write per chunk); the cancel flag read from it."""

    def __init__(self, job):
        self.job = job

    def start(self, phase, total):
        ImportJob.objects.filter(pk=self.job.pk).update(phase=phase, rows_total=total, rows_done=0)

    def advance(self, done):
        ImportJob.objects.filter(pk=self.job.pk).update(rows_done=done)

    def cancelled(self):
        return ImportJob.objects.filter(pk=self.job.pk, cancel_requested=True).exists()


def run(job_id):
    """Run one queued job to its end; the task worker calls this."""
    started = ImportJob.objects.filter(pk=job_id, state=ImportJob.State.QUEUED).update(
        state=ImportJob.State.RUNNING, started_at=timezone.now()
    )
    if not started:
        return  # cancelled while waiting, or run already
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    with translation.override(job.language or settings.LANGUAGE_CODE):
        try:
            report = run_step(job)
        except Exception:
            logger.exception("Background import #%s failed", job.pk)
            report = ImportReport(job.model_name, dry_run=job.step == ImportJob.Step.CHECK)
            report.file_errors.append(str(FAILED))
        finish(job, report)


def run_step(job):
    dry_run = job.step == ImportJob.Step.CHECK
    user = job.created_by
    if not may_import(user, job.model_name):
        report = ImportReport(job.model_name, dry_run=dry_run)
        report.file_errors.append(
            _("You may no longer import %(name)s, so nothing was imported.")
            % {"name": job.model._meta.verbose_name_plural}
        )
        return report
    with default_storage.open(job.path) as stored:
        data = stored.read()
    return import_file(
        job.model_name,
        data,
        job.file_name,
        job.file_format or None,
        dry_run=dry_run,
        skip_invalid=job.skip_invalid,
        user=user,
        chunk_size=chunk_rows(),
        progress=JobProgress(job),
    )


def finish(job, report):
    """Keep the report on the job, with the file of invalid rows to download, and end it."""
    from .admin import store_invalid_rows

    if report.cancelled:
        state = ImportJob.State.CANCELLED
        report.file_errors.insert(
            0,
            _("The check was cancelled.")
            if report.dry_run
            else _(
                "The import was cancelled, and the rows it had saved were put back as they were."
            ),
        )
    elif report.file_errors:
        state = ImportJob.State.FAILED
    else:
        state = ImportJob.State.DONE
    stored = report.as_json()
    if report.invalid_rows is not None and report.saved:
        stored["invalid_url"] = store_invalid_rows(job.created_by, job.model_name, report)
    if report.saved:
        default_storage.delete(job.path)
    ImportJob.objects.filter(pk=job.pk).update(
        state=state,
        report=stored,
        batch=report.batch,
        finished_at=timezone.now(),
        rows_done=F("rows_total") if state == ImportJob.State.DONE else F("rows_done"),
    )
