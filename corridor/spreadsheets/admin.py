"""Spreadsheet import and export in the admin.

Export is django-import-export's ``ExportMixin`` with its format classes: the filtered
changelist, a choice of fields, xlsx/ods/csv/json, behind the model's own "export" permission.
Import is a preview-and-confirm flow over ``service``, the same service the command line uses,
behind the "import" permission. The uploaded file waits in the default storage between preview and
confirmation under a signed token, so any process (or host sharing the storage) can finish it.

A file of more than ``IMPORT_BACKGROUND_ROWS`` rows is checked, and then imported, by the task
worker instead (``jobs``): the editor watches a page with its progress, which refreshes itself,
can cancel it there, and then sees the same report.
"""

import datetime
import uuid
from pathlib import PurePath

from django import forms
from django.contrib import admin, messages
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from import_export.admin import ExportMixin

from . import jobs
from .models import ImportBatch, ImportJob
from .reader import EXPORT_FORMATS, FORMATS, export_format, max_bytes
from .resources import RESOURCES, resource_for
from .service import (
    ImportReport,
    UndoRefused,
    import_file,
    may_import,
    model_field,
    template_file,
    undo_batch,
    undo_problems,
)

UPLOADS = "imports"
TOKEN_SALT = "corridor.import"
TOKEN_MAX_AGE = 24 * 60 * 60
CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
}


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Spreadsheet"),
        help_text=gettext_lazy(
            "A workbook from Excel, WPS or LibreOffice (.xlsx, .xls or .ods), a .csv file "
            "(UTF-8 or GBK) or a .json file."
        ),
    )
    file_format = forms.ChoiceField(
        label=gettext_lazy("Format"),
        choices=[("", gettext_lazy("From the file")), *((f, f) for f in FORMATS)],
        required=False,
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > max_bytes():
            raise forms.ValidationError(
                _("The file is %(size)s MB; the largest file that can be imported is %(limit)s MB.")
                % {
                    "size": round(upload.size / 1024 / 1024, 1),
                    "limit": max_bytes() // 1024 // 1024,
                }
            )
        return upload


class SpreadsheetAdminMixin(ExportMixin):
    """Import (preview, confirm, invalid rows to download) and export for a corridor model."""

    import_export_change_list_template = "admin/corridor/change_list_spreadsheets.html"

    def get_export_formats(self):
        return [export_format(name) for name in EXPORT_FORMATS]

    def get_export_resource_classes(self, request):
        return [resource_for(self.model._meta.model_name)]

    def has_import_permission(self, request):
        """The permission named by ``IMPORT_EXPORT_IMPORT_PERMISSION_CODE``, as the library has
        it (``import_<model>``): ``service.may_import``, the rule background imports ask too."""
        return may_import(request.user, self.model._meta.model_name)

    def get_urls(self):
        opts = self.model._meta
        name = f"{opts.app_label}_{opts.model_name}"
        view = self.admin_site.admin_view
        return [
            path("import/", view(self.import_view), name=f"{name}_import"),
            path("import/template/", view(self.template_view), name=f"{name}_import_template"),
            path(
                "import/invalid/<str:token>/",
                view(self.invalid_rows_view),
                name=f"{name}_import_invalid",
            ),
            path("import/job/<int:job_id>/", view(self.job_view), name=f"{name}_import_job"),
            path(
                "import/job/<int:job_id>/cancel/",
                view(require_POST(self.cancel_job_view)),
                name=f"{name}_import_job_cancel",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "has_import_permission": self.has_import_permission(request),
        }
        return super().changelist_view(request, extra_context)

    # Views --------------------------------------------------------------------------------

    def template_view(self, request):
        if not self.has_import_permission(request):
            raise PermissionDenied
        file_format = request.GET.get("format", "xlsx")
        if file_format not in CONTENT_TYPES:
            file_format = "xlsx"
        model_name = self.model._meta.model_name
        return self.download(
            template_file(model_name, file_format),
            f"{model_name}-template.{file_format}",
            file_format,
        )

    def import_view(self, request):
        if not self.has_import_permission(request):
            raise PermissionDenied
        if request.method == "POST" and "token" in request.POST:
            return self.confirm_import(request)
        form = ImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            data = upload.read()
            file_format = form.cleaned_data["file_format"] or None
            if jobs.is_large(data, upload.name, file_format):
                token = self.store_upload(request, data, upload.name, file_format)
                return self.queue_job(request, ImportJob.Step.CHECK, token)
            report = import_file(
                self.model._meta.model_name,
                data,
                upload.name,
                file_format,
                dry_run=True,
                user=request.user,
            )
            token = None
            if not report.file_errors:
                token = self.store_upload(request, data, upload.name, file_format)
            return self.render_import(request, form, report=report, token=token)
        return self.render_import(request, form)

    def confirm_import(self, request):
        job = self.read_token(request, request.POST["token"])
        if job is None:
            messages.error(request, _("This import has expired. Upload the file again."))
            return redirect(self.import_url())
        data = default_storage.open(job["path"]).read()
        skip_invalid = request.POST.get("skip_invalid") == "on"
        if jobs.is_large(data, job["name"], job["format"]):
            return self.queue_job(
                request, ImportJob.Step.IMPORT, request.POST["token"], skip_invalid
            )
        report = import_file(
            self.model._meta.model_name,
            data,
            job["name"],
            job["format"],
            dry_run=False,
            skip_invalid=skip_invalid,
            user=request.user,
        )
        if not report.saved:
            return self.render_import(
                request, ImportForm(), report=report, token=request.POST["token"]
            )
        default_storage.delete(job["path"])
        invalid_url = None
        if report.invalid_rows is not None:
            invalid_url = self.store_invalid_rows(request, report)
        return self.render_import(
            request, ImportForm(), report=report, done=True, invalid_url=invalid_url
        )

    def queue_job(self, request, step, token, skip_invalid=False):
        """Hand a step of a large import to the task worker; show its progress page."""
        upload = self.read_token(request, token)
        job = jobs.queue(
            step, request.user, self.model._meta.model_name, upload, token, skip_invalid
        )
        return redirect(self.job_url(job))

    def get_job(self, request, job_id):
        job = get_object_or_404(ImportJob, pk=job_id, model_name=self.model._meta.model_name)
        if not jobs.may_see(request.user, job):
            raise PermissionDenied
        return job

    def job_view(self, request, job_id):
        """A background import: its progress while it runs, then its report."""
        job = self.get_job(request, job_id)
        if job.active:
            return self.render_job(request, job)
        report = ImportReport.from_json(job.report) if job.report else None
        own = job.created_by_id == request.user.pk
        done = job.step == ImportJob.Step.IMPORT and report is not None and report.saved
        offer = own and not done and report is not None
        token = None
        if offer and not report.cancelled and not report.file_errors:
            token = job.token if self.read_token(request, job.token) is not None else None
        return self.render_import(
            request,
            ImportForm(),
            report=report,
            token=token,
            done=done,
            invalid_url=(job.report or {}).get("invalid_url"),
            job=job,
        )

    def cancel_job_view(self, request, job_id):
        job = self.get_job(request, job_id)
        jobs.cancel(job)
        return redirect(self.job_url(job))

    @staticmethod
    def job_title(job):
        if job.step == ImportJob.Step.CHECK:
            return _("Checking %(file)s") % {"file": job.file_name}
        return _("Importing %(file)s") % {"file": job.file_name}

    def render_job(self, request, job):
        opts = self.model._meta
        context = {
            **self.admin_site.each_context(request),
            "opts": opts,
            "title": self.job_title(job),
            "job": job,
            "may_cancel": jobs.may_cancel(request.user, job) and not job.cancel_requested,
            "cancel_url": reverse(
                f"admin:{opts.app_label}_{opts.model_name}_import_job_cancel", args=[job.pk]
            ),
            "changelist_url": reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"),
        }
        return TemplateResponse(request, "admin/corridor/import_job.html", context)

    def invalid_rows_view(self, request, token):
        if not self.has_import_permission(request):
            raise PermissionDenied
        job = self.read_token(request, token)
        if job is None or not default_storage.exists(job["path"]):
            raise Http404(_("This file has expired."))
        data = default_storage.open(job["path"]).read()
        return self.download(data, f"{self.model._meta.model_name}-invalid-rows.xlsx", "xlsx")

    # Helpers ------------------------------------------------------------------------------

    def import_url(self):
        opts = self.model._meta
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_import")

    def job_url(self, job):
        opts = self.model._meta
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_import_job", args=[job.pk])

    @staticmethod
    def clear_abandoned_uploads():
        """Delete uploads nobody confirmed within a day (their tokens have expired)."""
        if not default_storage.exists(UPLOADS):
            return
        cutoff = timezone.now() - datetime.timedelta(seconds=TOKEN_MAX_AGE)
        for name in default_storage.listdir(UPLOADS)[1]:
            path = f"{UPLOADS}/{name}"
            try:
                if default_storage.get_modified_time(path) < cutoff:
                    default_storage.delete(path)
            except (OSError, NotImplementedError):
                continue

    def store_upload(self, request, data, name, file_format):
        self.clear_abandoned_uploads()
        suffix = PurePath(name).suffix.lower()[:8]
        stored = default_storage.save(f"{UPLOADS}/{uuid.uuid4().hex}{suffix}", ContentFile(data))
        return signing.dumps(
            {
                "path": stored,
                "name": name,
                "format": file_format,
                "user": request.user.pk,
                "model": self.model._meta.model_name,
            },
            salt=TOKEN_SALT,
        )

    def store_invalid_rows(self, request, report):
        return store_invalid_rows(request.user, self.model._meta.model_name, report)

    def read_token(self, request, token):
        try:
            job = signing.loads(token, salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
        except signing.BadSignature:
            return None
        if job.get("user") != request.user.pk or job.get("model") != self.model._meta.model_name:
            return None
        if not default_storage.exists(job["path"]):
            return None
        return job

    @staticmethod
    def download(data, filename, file_format):
        response = HttpResponse(data, content_type=CONTENT_TYPES[file_format])
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response

    def render_import(
        self, request, form, report=None, token=None, done=False, invalid_url=None, job=None
    ):
        opts = self.model._meta
        resource = resource_for(opts.model_name)
        context = {
            **self.admin_site.each_context(request),
            "opts": opts,
            "title": _("Import %(name)s") % {"name": opts.verbose_name_plural},
            "form": form,
            "report": report,
            "token": token,
            "done": done,
            "invalid_url": invalid_url,
            "import_url": self.import_url(),
            "template_url": reverse(f"admin:{opts.app_label}_{opts.model_name}_import_template"),
            "changelist_url": reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"),
            "columns": [
                (resource.header_in_language(column), column in resource.required_columns)
                for column in resource().get_export_headers()
            ],
            "has_view_permission": self.has_view_permission(request),
            "job": job,
        }
        return TemplateResponse(request, "admin/corridor/import.html", context)


def store_invalid_rows(user, model_name, report):
    """Keep the invalid rows as a file for ``user`` to download; the address to download it."""
    stored = default_storage.save(
        f"{UPLOADS}/invalid-{uuid.uuid4().hex}.xlsx", ContentFile(report.invalid_file("xlsx"))
    )
    token = signing.dumps(
        {"path": stored, "user": user.pk if user else None, "model": model_name}, salt=TOKEN_SALT
    )
    return reverse(f"admin:corridor_{model_name}_import_invalid", args=[token])


def may_see_imports(user, model_name=None):
    """The one rule for import history: whoever may import that kind of content (any kind,
    without ``model_name``) sees its batches."""
    names = [model_name] if model_name else list(RESOURCES)
    return any(may_import(user, name) for name in names)


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    """Every spreadsheet import: what it added and changed, with links; "Undo this import"."""

    list_display = ("title", "kind", "file_name", "created_by", "rows", "undone")
    list_display_links = ("title",)
    list_filter = ("model_name",)
    date_hierarchy = "created_at"
    readonly_fields = (
        "kind",
        "file_name",
        "imported_at",
        "created_by",
        "rows",
        "undone_info",
        "items",
    )
    fields = readonly_fields
    MAX_LISTED = 200

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return request.user.is_staff and may_see_imports(
            request.user, obj.model_name if obj is not None else None
        )

    def get_queryset(self, request):
        allowed = [name for name in RESOURCES if may_see_imports(request.user, name)]
        return (
            super()
            .get_queryset(request)
            .filter(model_name__in=allowed)
            .select_related("created_by")
        )

    @staticmethod
    def may_undo(request, batch):
        """Whoever imported it, or a user who may delete that content (a publisher); not while
        a background import is still adding to it."""
        user = request.user
        return (
            not batch.undone_at
            and not batch.jobs.filter(state__in=ImportJob.ACTIVE).exists()
            and may_see_imports(user, batch.model_name)
            and (
                batch.created_by_id == user.pk
                or user.has_perm(f"corridor.delete_{batch.model_name}")
            )
        )

    @admin.display(description=_("import"), ordering="created_at")
    def title(self, obj):
        return _("Batch #%(number)s, %(when)s") % {
            "number": obj.pk,
            "when": date_format(timezone.localtime(obj.created_at), "Y-m-d H:i"),
        }

    @admin.display(description=_("content"), ordering="model_name")
    def kind(self, obj):
        return capfirst(obj.model._meta.verbose_name_plural)

    @admin.display(description=_("imported at"))
    def imported_at(self, obj):
        return date_format(timezone.localtime(obj.created_at), "Y-m-d H:i")

    @admin.display(description=_("rows"))
    def rows(self, obj):
        counts = obj.counts or {}
        return _(
            "%(new)s new, %(updated)s updated, %(unchanged)s unchanged, %(invalid)s skipped"
        ) % {key: counts.get(key, 0) for key in ("new", "updated", "unchanged", "invalid")}

    @admin.display(description=_("undone"), boolean=True)
    def undone(self, obj):
        return obj.undone_at is not None

    @admin.display(description=_("undone"))
    def undone_info(self, obj):
        if not obj.undone_at:
            return "—"
        return _("%(when)s by %(who)s") % {
            "when": date_format(timezone.localtime(obj.undone_at), "Y-m-d H:i"),
            "who": obj.undone_by or "—",
        }

    @admin.display(description=_("items"))
    def items(self, obj):
        """The items it added and changed, each linked, with its changed fields old → new."""
        model = obj.model
        opts = model._meta
        added_ids = obj.created_ids[: self.MAX_LISTED]
        changed = list(obj.changes.items())[: self.MAX_LISTED]
        found = model._default_manager.in_bulk([*added_ids, *(int(pk) for pk, _f in changed)])

        def item(pk):
            obj = found.get(int(pk))
            url = (
                reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[pk])
                if obj is not None
                else ""
            )
            return {"pk": pk, "label": str(obj) if obj is not None else "", "url": url}

        context = {
            "added": [item(pk) for pk in added_ids],
            "added_count": len(obj.created_ids),
            "changed": [
                {
                    **item(pk),
                    "fields": [
                        (
                            capfirst(model_field(model, name).verbose_name),
                            *self.shown(model, name, values),
                        )
                        for name, values in fields.items()
                    ],
                }
                for pk, fields in changed
            ],
            "changed_count": len(obj.changes),
            "more": len(obj.created_ids) + len(obj.changes) - len(added_ids) - len(changed),
        }
        return render_to_string("admin/corridor/importbatch/items.html", context)

    @staticmethod
    def shown(model, name, values):
        from ..history import show_value

        field = model_field(model, name)
        before, after = values
        if field.many_to_many:
            return show_value(field, before), show_value(field, after)
        return (
            show_value(field, field.to_python(before)),
            show_value(field, field.to_python(after)),
        )

    def get_urls(self):
        return [
            path(
                "<int:batch_id>/undo/",
                self.admin_site.admin_view(self.undo_view),
                name="corridor_importbatch_undo",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        batch = self.get_object(request, object_id)
        extra_context = {
            **(extra_context or {}),
            "may_undo": batch is not None and self.may_undo(request, batch),
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def undo_view(self, request, batch_id):
        batch = get_object_or_404(ImportBatch, pk=batch_id)
        if not self.may_undo(request, batch):
            raise PermissionDenied
        if request.method == "POST":
            try:
                undo_batch(batch, request.user)
            except UndoRefused as refused:
                problems = refused.problems
            else:
                self.message_user(request, _("The import was undone."), messages.SUCCESS)
                return redirect(reverse("admin:corridor_importbatch_change", args=[batch.pk]))
            self.message_user(request, _("Nothing was undone; see below why."), messages.ERROR)
        else:
            problems = undo_problems(batch, request.user)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "batch": batch,
            "problems": problems,
            "title": _("Undo this import?"),
        }
        return TemplateResponse(request, "admin/corridor/importbatch/undo.html", context)
