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
