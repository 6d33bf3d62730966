"""One spreadsheet import, kept to show and to undo: ``ImportBatch``."""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ImportBatch(models.Model):
    """One spreadsheet import: who, when, what it created and what it changed, to undo it.

    ``changes`` maps each updated row's primary key to ``{field: [before, after]}`` for the
    fields the import changed (many-to-many as lists of ids); ``created_ids`` lists the rows
    it added. Undoing deletes the added rows and puts the "before" values back.
    """

    model_name = models.CharField(_("content"), max_length=50)
    file_name = models.CharField(_("file"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("imported at"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    counts = models.JSONField(_("rows"), default=dict)
    created_ids = models.JSONField(default=list, editable=False)
    changes = models.JSONField(default=dict, editable=False, encoder=DjangoJSONEncoder)
    # Each added or changed row's version after the import: a different one later means that
    # someone saved the row since, and undoing the import would lose their work.
    versions = models.JSONField(default=dict, editable=False)
    undone_at = models.DateTimeField(_("undone at"), null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("undone by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ("-created_at",)
        verbose_name = _("import batch")
        verbose_name_plural = _("import batches")
        default_permissions = ("view",)

    def __str__(self):
        when = timezone.localtime(self.created_at)
        kind = self.model._meta.verbose_name_plural
        return f"#{self.pk} · {kind} · {self.file_name} · {when:%Y-%m-%d %H:%M}"

    @property
    def model(self):
        from django.apps import apps

        return apps.get_model("corridor", self.model_name)


class ImportJob(models.Model):
    """A large import running in the background: one step of it, checking the file (the
    preview) or importing it, with its progress, a flag to cancel it, and its report.

    Files over ``IMPORT_BACKGROUND_ROWS`` rows take this path; the worker runs the same service
    the admin runs in the request, in chunks of ``IMPORT_CHUNK_ROWS`` rows.
    """

    class Step(models.TextChoices):
        CHECK = "check", _("check")
        IMPORT = "import", _("import")

    class State(models.TextChoices):
        QUEUED = "queued", _("waiting")
        RUNNING = "running", _("running")
        DONE = "done", _("finished")
        FAILED = "failed", _("failed")
        CANCELLED = "cancelled", _("cancelled")

    class Phase(models.TextChoices):
        READING = "reading", _("reading the file")
        CHECKING = "checking", _("checking rows")
        IMPORTING = "importing", _("importing rows")
        UNDOING = "undoing", _("putting back what was imported")

    ACTIVE = (State.QUEUED, State.RUNNING)

    model_name = models.CharField(_("content"), max_length=50)
    step = models.CharField(_("step"), max_length=10, choices=Step.choices)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.QUEUED)
    phase = models.CharField(
        _("phase"), max_length=10, choices=Phase.choices, default=Phase.READING
    )
    file_name = models.CharField(_("file"), max_length=255, blank=True)
    file_format = models.CharField(max_length=10, blank=True, editable=False)
    # The uploaded file in the default storage, and the signed token that confirms it.
    path = models.CharField(max_length=255, editable=False)
    token = models.TextField(editable=False)
    skip_invalid = models.BooleanField(default=False, editable=False)
    language = models.CharField(max_length=10, blank=True, editable=False)
    created_at = models.DateTimeField(_("queued at"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("queued by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    rows_total = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    cancel_requested = models.BooleanField(default=False)
    task_id = models.CharField(max_length=64, blank=True, editable=False)
    report = models.JSONField(default=dict, editable=False, encoder=DjangoJSONEncoder)
    batch = models.ForeignKey(
        ImportBatch,
        verbose_name=_("import batch"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="jobs",
    )

    class Meta:
        ordering = ("-created_at",)
        verbose_name = _("background import")
        verbose_name_plural = _("background imports")
        default_permissions = ()
        indexes = [models.Index(fields=["state", "created_at"])]

    def __str__(self):
        return f"#{self.pk} · {self.get_step_display()} · {self.file_name}"

    @property
    def active(self):
        return self.state in self.ACTIVE

    @property
    def model(self):
        from django.apps import apps

        return apps.get_model("corridor", self.model_name)
