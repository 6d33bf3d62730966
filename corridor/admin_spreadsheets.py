"""Spreadsheet import and export in the admin.

Export is django-import-export's ``ExportMixin``: the current filtered changelist, a choice of
fields, xlsx/csv/json, behind the model's own "export" permission. Import is a preview-and-
confirm flow over ``corridor.importing``, the same service the command line uses, behind the
"import" permission. The uploaded file waits in the default storage between preview and
confirmation under a signed token, so any process (or host sharing the storage) can finish it.
"""

import datetime
import uuid
from pathlib import PurePath

from django import forms
from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export.admin import ExportMixin
from import_export.formats import base_formats

from .importing import import_file, template_file
from .resources import resource_for
from .spreadsheets import max_bytes

UPLOADS = "imports"
TOKEN_SALT = "corridor.import"
TOKEN_MAX_AGE = 24 * 60 * 60
CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
}


class ExcelCSV(base_formats.CSV):
    """CSV with a byte-order mark, so that Excel opens UTF-8 Chinese text correctly."""

    def export_data(self, dataset, **kwargs):
        return "\ufeff" + super().export_data(dataset, **kwargs)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Spreadsheet"),
        help_text=gettext_lazy("An .xlsx, .csv (UTF-8 or GBK) or .json file."),
    )
    file_format = forms.ChoiceField(
        label=gettext_lazy("Format"),
        choices=[
            ("", gettext_lazy("From the file")),
            ("xlsx", "xlsx"),
            ("csv", "csv"),
            ("json", "json"),
        ],
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
        return [base_formats.XLSX, ExcelCSV, base_formats.JSON]

    def get_export_resource_classes(self, request):
        return [resource_for(self.model._meta.model_name)]

    def has_import_permission(self, request):
        opts = self.model._meta
        return request.user.has_perm(f"{opts.app_label}.import_{opts.model_name}")

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
        stored = default_storage.save(
            f"{UPLOADS}/invalid-{uuid.uuid4().hex}.xlsx", ContentFile(report.invalid_file("xlsx"))
        )
        token = signing.dumps(
            {"path": stored, "user": request.user.pk, "model": self.model._meta.model_name},
            salt=TOKEN_SALT,
        )
        opts = self.model._meta
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_import_invalid", args=[token])

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

    def render_import(self, request, form, report=None, token=None, done=False, invalid_url=None):
        opts = self.model._meta
        context = {
            **self.admin_site.each_context(request),
            "opts": opts,
            "title": _("Import %(name)s") % {"name": opts.verbose_name_plural},
            "form": form,
            "report": report,
            "token": token,
            "done": done,
            "invalid_url": invalid_url,
            "template_url": reverse(f"admin:{opts.app_label}_{opts.model_name}_import_template"),
            "changelist_url": reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"),
            "columns": resource_for(opts.model_name)().get_export_headers(),
            "required": resource_for(opts.model_name).required_columns,
            "has_view_permission": self.has_view_permission(request),
        }
        return TemplateResponse(request, "admin/corridor/import.html", context)
