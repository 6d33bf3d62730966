"""The background task of a large import (django-tasks; the backend is ``TASKS`` in settings)."""

from django_tasks import task


@task()
def run_import_job(job_id):
    """Run the ``ImportJob`` ``job_id``: check or import its file (``jobs.run``)."""
    from .jobs import run

    run(job_id)
