"""One import service for the admin and the command line.

``import_file`` reads a spreadsheet, maps its headers, runs the model's resource and returns an
``ImportReport``: counts of new, updated, unchanged and invalid rows, one plain message per bad
cell (``Row 14, City: "Suzhuo" not found (did you mean Suzhou?)``), and the invalid rows as a
table the editor can download. All or nothing: any invalid row means nothing is saved, unless
``skip_invalid`` asks to save the valid rows and leave the rest.

Given ``chunk_size``, a large file is checked and imported a chunk at a time, each chunk in its
own short transaction, so that editors can save while it runs (SQLite has one writer at a time).
The chunks join one ``ImportBatch``; when a later chunk fails, or ``progress`` says the import
was cancelled, the chunks already saved are undone (``undo_batch``, in chunks too) and the
report says nothing was saved, as it would for an import made in one transaction.
"""

import logging
from copy import copy as _copy
from dataclasses import dataclass, field

import tablib
from django.conf import settings
from django.db import router, transaction
from django.db.models import ProtectedError, RestrictedError
from django.db.models.deletion import Collector
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export.results import RowResult

from ..cache import content_changed
from ..history import record_history
from ..models import EditConflict
from ..roles import publication_problem
from .engine import DERIVED_COLUMNS, PREVIEW_ROWS, bulk_update_rows, replace_links
from .reader import SpreadsheetError, Table, read_table, write_table
from .resources import RESOURCES, resource_for
from .widgets import LookupWidget

logger = logging.getLogger(__name__)

STATUS_LABELS = {
    "new": gettext_lazy("new"),
    "updated": gettext_lazy("updated"),
    "unchanged": gettext_lazy("unchanged"),
    "invalid": gettext_lazy("invalid"),
}
STATUS = {
    RowResult.IMPORT_TYPE_NEW: "new",
    RowResult.IMPORT_TYPE_UPDATE: "updated",
    RowResult.IMPORT_TYPE_SKIP: "unchanged",
    RowResult.IMPORT_TYPE_INVALID: "invalid",
    RowResult.IMPORT_TYPE_ERROR: "invalid",
}


@dataclass
class RowProblem:
    row: int
    column: str
    message: str

    def __str__(self):
        if self.column:
            return _("Row %(row)s, %(column)s: %(message)s") % vars(self)
        return _("Row %(row)s: %(message)s") % vars(self)


@dataclass
class ImportReport:
    model_name: str
    dry_run: bool = False
    skip_invalid: bool = False
    file_errors: list = field(default_factory=list)
    notices: list = field(default_factory=list)
    # Each column as the file heads it ("城市" or "City"), for messages in the editor's words.
    file_headers: dict = field(default_factory=dict)
    problems: list = field(default_factory=list)
    counts: dict = field(
        default_factory=lambda: dict.fromkeys(("new", "updated", "unchanged", "invalid"), 0)
    )
    rows: list = field(default_factory=list)  # (row number, status, label) for a preview
    invalid_rows: Table | None = None
    saved: bool = False
    batch: object = None
    cancelled: bool = False

    @property
    def ok(self):
        """True when the file was read and no row was invalid."""
        return not self.file_errors and not self.counts["invalid"]

    @property
    def total(self):
        return sum(self.counts.values())

    def summary(self):
        counts = self.counts
        text = (
            _("%(new)s new, %(updated)s updated, %(unchanged)s unchanged, %(invalid)s invalid")
            % counts
        )
        if self.file_errors:
            return _("Nothing was imported.")
        if self.dry_run:
            return _("Checked: %(counts)s. Nothing was saved yet.") % {"counts": text}
        if self.saved:
            return _("Imported: %(counts)s.") % {"counts": text}
        return _("Nothing was saved: %(counts)s.") % {"counts": text}

    def as_json(self):
        """What the report pages show, for a report made in the background and shown later."""
        return {
            "model_name": self.model_name,
            "dry_run": self.dry_run,
            "skip_invalid": self.skip_invalid,
            "file_errors": [str(error) for error in self.file_errors],
            "notices": [str(notice) for notice in self.notices],
            "problems": [[p.row, str(p.column), str(p.message)] for p in self.problems],
            "counts": self.counts,
            "rows": [
                {name: plain(value) for name, value in row.items() if name != "status_label"}
                for row in self.rows
            ],
            "saved": self.saved,
            "cancelled": self.cancelled,
            "batch": self.batch.pk if self.batch is not None else None,
        }

    @classmethod
    def from_json(cls, data):
        from .models import ImportBatch

        report = cls(data["model_name"], dry_run=data["dry_run"], skip_invalid=data["skip_invalid"])
        report.file_errors = data["file_errors"]
        report.notices = data["notices"]
        report.problems = [RowProblem(*problem) for problem in data["problems"]]
        report.counts = data["counts"]
        report.rows = [
            {**row, "status_label": STATUS_LABELS.get(row["status"], row["status"])}
            for row in data["rows"]
        ]
        report.saved = data["saved"]
        report.cancelled = data.get("cancelled", False)
        if data.get("batch"):
            report.batch = ImportBatch.objects.filter(pk=data["batch"]).first()
        return report

    def invalid_file(self, file_format="xlsx"):
        """The invalid rows as a spreadsheet with an Errors column, for fixing and re-importing."""
        table = self.invalid_rows
        return write_table(table.headers, table.rows, file_format, sheet_title="Invalid rows")


def plain(value):
    """``value`` as JSON keeps it: numbers and lists as they are, anything else (a translated
    label, a date shown in the preview) as its text."""
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    if value is None or isinstance(value, bool | int | float):
        return value
    return str(value)


def may_import(user, model_name):
    """The one rule for importing ``model_name``: the permission named by
    ``IMPORT_EXPORT_IMPORT_PERMISSION_CODE`` (``import_<model>``), held by an active user. The
    admin asks it on every import page, and a background import asks it again when it starts,
    of the person who queued it."""
    code = settings.IMPORT_EXPORT_IMPORT_PERMISSION_CODE
    return bool(
        user is not None and user.is_active and user.has_perm(f"corridor.{code}_{model_name}")
    )


def chunk_rows():
    """Rows per chunk of a large import: each chunk is one short write transaction."""
    return getattr(settings, "IMPORT_CHUNK_ROWS", 1_000)


class Progress:
    """What an import in chunks reports as it goes, and asks between chunks. This one reports
    nowhere and is never cancelled; a background import's job records it (``jobs``)."""

    def start(self, phase, total):
        """A phase (``ImportJob.Phase``) begins, of ``total`` rows."""

    def advance(self, done):
        """``done`` rows of the phase are through."""

    def cancelled(self):
        """True once someone asked to stop the import."""
        return False


class ImportCancelled(Exception):
    """Someone asked to stop the import between two chunks."""


def import_file(
    model_name,
    data,
    filename="",
    file_format=None,
    dry_run=False,
    skip_invalid=False,
    user=None,
    chunk_size=None,
    progress=None,
):
    """Import ``data`` (bytes of a spreadsheet) into ``model_name``; never raises for bad input.

    Without ``chunk_size`` the whole file is one transaction; with it, see the module's notes.
    """
    report = ImportReport(model_name, dry_run=dry_run, skip_invalid=skip_invalid)
    resource_class = resource_for(model_name)
    if resource_class is None:
        report.file_errors.append(_("Unknown kind of content: %(name)s.") % {"name": model_name})
        return report
    try:
        table = read_table(data, filename, file_format, sheet=resource_class.sheet_names())
    except SpreadsheetError as error:
        report.file_errors.append(str(error))
        return report
    dataset = map_columns(table, resource_class, report)
    if report.file_errors:
        return report
    resource = resource_class()
    if chunk_size:
        import_in_chunks(
            resource, dataset, table, report, user, filename, chunk_size, progress or Progress()
        )
        return report
    try:
        result = resource.import_data(
            dataset,
            dry_run=dry_run,
            use_transactions=True,
            rollback_on_validation_errors=not skip_invalid,
            user=user,
            row_numbers=table.row_numbers,
            all_or_nothing=not skip_invalid,
            record_batch=not dry_run,
            file_name=filename,
        )
    except Exception:  # the database refused: roll back, log it, and say so plainly
        logger.exception("Import of %s failed", model_name)
        report.file_errors.append(
            _(
                "The import could not be completed and nothing was saved. Please try again; "
                "if it fails again, send the file to the site administrators."
            )
        )
        return report
    describe(result, resource, table, report)
    report.saved = (
        not dry_run
        and not result.has_errors()
        and (skip_invalid or not result.has_validation_errors())
    )
    report.batch = resource.batch if report.saved else None
    if report.saved:
        content_changed()
    return report


FAILED = gettext_lazy(
    "The import could not be completed and nothing was saved. Please try again; "
    "if it fails again, send the file to the site administrators."
)


def import_in_chunks(resource, dataset, table, report, user, filename, chunk_size, progress):
    """Check or import ``dataset`` a chunk at a time (see the module's notes)."""
    from .models import ImportJob

    dry_run, skip_invalid = report.dry_run, report.skip_invalid
    phase = ImportJob.Phase.CHECKING if dry_run else ImportJob.Phase.IMPORTING
    total = len(dataset)
    progress.start(phase, total)
    failed = False
    try:
        for start in range(0, total, chunk_size):
            if progress.cancelled():
                raise ImportCancelled
            end = min(start + chunk_size, total)
            part = tablib.Dataset(*dataset[start:end], headers=dataset.headers)
            part_table = Table(
                headers=table.headers,
                rows=table.rows[start:end],
                row_numbers=table.row_numbers[start:end],
            )
            resource.saved = []
            result = resource.import_data(
                part,
                dry_run=dry_run,
                use_transactions=True,
                rollback_on_validation_errors=not skip_invalid,
                user=user,
                row_numbers=part_table.row_numbers,
                all_or_nothing=not skip_invalid,
                record_batch=not dry_run,
                file_name=filename,
            )
            describe(result, resource, part_table, report)
            failed = result.has_errors() or (not skip_invalid and result.has_validation_errors())
            if failed and not dry_run:
                break  # this chunk was rolled back; the ones before it are undone below
            if not dry_run:
                content_changed()
            progress.advance(end)
    except ImportCancelled:
        report.cancelled = True
    except Exception:  # the database refused: undo what was saved, log it, and say so plainly
        logger.exception("Import of %s failed", report.model_name)
        report.file_errors.append(FAILED)
    if dry_run:
        return
    report.saved = not (failed or report.cancelled or report.file_errors)
    if report.saved:
        report.batch = resource.batch
        return
    from .models import ImportBatch

    # The batch as the chunks that committed left it: a failed chunk's part was rolled back.
    batch = resource.batch and ImportBatch.objects.filter(pk=resource.batch.pk).first()
    if batch is None:
        return
    try:
        undo_batch(batch, user, chunk_size=chunk_size, progress=progress)
    except Exception:
        logger.exception("Undoing the unfinished import batch #%s failed", batch.pk)
        report.batch = batch  # what is still there, to see and undo by hand
        report.file_errors.append(
            _(
                "The import stopped part of the way, and what it had saved could not be undone "
                "by itself. Open its import batch to see what it saved and undo it."
            )
        )


class UndoRefused(Exception):
    """An undo that would lose someone's work or break a rule: nothing was undone."""

    def __init__(self, problems):
        self.problems = problems  # [(message, [(label, admin url or ""), ...]), ...]
        super().__init__("; ".join(message for message, _items in problems))


def undo_problems(batch, user=None):
    """What stops ``batch`` from being undone, as ``[(message, [(label, url), ...])]``.

    Undoing must not take anyone else's work with it:
    - rows it added that other content now uses (a key figure of an imported city, an
      investment in an imported enterprise, a news item linking to it) would be deleted or
      emptied with them;
    - rows it added or changed that someone has saved since would lose that save;
    - and it must obey the publishing rule: an editor's undo may not unpublish anything.
    """
    model = batch.model
    problems = []
    added = list(model._default_manager.filter(pk__in=batch.created_ids))
    changed = model._default_manager.in_bulk([int(pk) for pk in batch.changes])
    versions = batch.versions or {}

    used = used_elsewhere(model, added)
    if used:
        problems.append(
            (
                _(
                    "Rows this import added are now used by other content, which undoing it "
                    "would delete or change:"
                ),
                used,
            )
        )
    since = [
        obj
        for obj in [*added, *changed.values()]
        if str(obj.pk) in versions and versions[str(obj.pk)] != obj.version
    ]
    if since:
        problems.append(
            (
                _("These rows have been saved again since the import; undoing it would lose that:"),
                [describe_row(obj) for obj in since[:MAX_LISTED]],
            )
        )
    refused = [obj for obj in added if publication_problem(user, model, obj, None)]
    for pk, obj in changed.items():
        restored = restore(obj, batch.changes[str(pk)], copy=True)
        if publication_problem(user, model, obj, restored):
            refused.append(obj)
    if refused:
        problems.append(
            (
                _("Only publishers can undo an import whose rows are now published or scheduled:"),
                [describe_row(obj) for obj in refused[:MAX_LISTED]],
            )
        )
    return problems


MAX_LISTED = 20


def used_elsewhere(model, objects):
    """Other content that deleting ``objects`` would delete, empty or unlink, as links."""
    if not objects:
        return []
    using = router.db_for_write(model)
    collector = Collector(using=using)
    try:
        collector.collect(objects)
    except (ProtectedError, RestrictedError) as error:
        blocking = getattr(error, "protected_objects", None) or error.restricted_objects
        return [describe_row(obj) for obj in list(blocking)[:MAX_LISTED]]
    found = []
    # The rows' own many-to-many links go with them: they are not anyone else's content.
    own_links = {f.remote_field.through for f in model._meta.many_to_many}
    for other, instances in collector.data.items():
        if other is not model and other not in own_links:
            found += instances
    for _key, targets in collector.field_updates.items():
        for target in targets:
            found += list(target[:MAX_LISTED]) if hasattr(target, "model") else [target]
    for queryset in collector.fast_deletes:
        through = queryset.model
        if not through._meta.auto_created:
            found += list(queryset[:MAX_LISTED])
            continue
        # A link row: ours when the relation belongs to the imported model, else the other side's.
        owner = next(
            (f for f in model._meta.many_to_many if f.remote_field.through is through), None
        )
        if owner is None:
            source = next(
                f
                for f in through._meta.get_fields()
                if f.is_relation and f.related_model is not model
            )
            ids = queryset.values_list(source.attname, flat=True)[:MAX_LISTED]
            found += list(source.related_model._default_manager.filter(pk__in=list(ids)))
    return [describe_row(obj) for obj in dict.fromkeys(found)][:MAX_LISTED]


def describe_row(obj):
    opts = obj._meta
    try:
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    except NoReverseMatch:
        url = ""
    return (f"{capfirst(opts.verbose_name)}: {obj}", url)


def model_field(model, name):
    """The field a batch names: many-to-many fields by name, the others by column (``city_id``)."""
    for candidate in model._meta.get_fields():
        if candidate.name == name or getattr(candidate, "attname", None) == name:
            return candidate
    raise LookupError(name)


def restore(obj, fields, copy=False):
    """``obj`` with the values from before the import (on a copy when ``copy``)."""
    target = _copy(obj) if copy else obj
    for name, (before, _after) in fields.items():
        field = model_field(type(obj), name)
        if not field.many_to_many:
            setattr(target, field.attname, field.to_python(before))
    return target


def undo_parts(batch, chunk_size=None):
    """The batch as pieces to undo one at a time: ``ImportBatch`` copies, never saved, each with
    at most ``chunk_size`` of the rows it added and of the rows it changed; without
    ``chunk_size``, the batch itself."""
    if not chunk_size:
        return [batch]
    from .models import ImportBatch

    changes = list(batch.changes.items())
    parts = []
    for start in range(0, max(len(batch.created_ids), len(changes), 1), chunk_size):
        parts.append(
            ImportBatch(
                pk=batch.pk,
                model_name=batch.model_name,
                created_ids=batch.created_ids[start : start + chunk_size],
                changes=dict(changes[start : start + chunk_size]),
                versions=batch.versions,
            )
        )
    return parts


UNDO_SHARE = 20


def undo_batch(batch, user=None, chunk_size=None, progress=None):
    """Undo an import as a whole: delete the rows it added, put back the values it replaced.

    Refused as a whole, with ``UndoRefused`` listing why, when that would lose anyone's work
    or break the publishing rule (``undo_problems``). Every row it changes advances its version.

    With ``chunk_size``, a piece at a time (``undo_parts``), each piece checked and undone in its
    own transaction; the batch keeps each restored row's new version, so that if a later piece
    is refused, undoing the batch again later finishes the work.
    """
    if batch.undone_at:
        raise ValueError(_("This import has already been undone."))
    # Deleting a row writes its history record through signals, one row at a time (about 20 ms
    # a row): an undo's pieces are a twentieth of an import's chunks, to stay as short.
    parts = undo_parts(batch, chunk_size and max(1, chunk_size // UNDO_SHARE))
    if progress is not None:
        from .models import ImportJob

        progress.start(ImportJob.Phase.UNDOING, len(batch.created_ids) + len(batch.changes))
    done = 0
    for index, part in enumerate(parts):
        with transaction.atomic():
            restored = undo_part(batch, part, user)
            if part is not batch:
                batch.versions.update(restored)
            kept = ["versions"] if part is not batch else []
            if index == len(parts) - 1:
                batch.undone_at = timezone.now()
                batch.undone_by = user
                batch.save(update_fields=["undone_at", "undone_by", *kept])
            elif kept:
                batch.save(update_fields=kept)
        content_changed()
        done += len(part.created_ids) + len(part.changes)
        if progress is not None:
            progress.advance(done)


def undo_part(batch, part, user):
    """Undo ``part`` of ``batch`` (the batch itself, or a piece of it) in the current
    transaction; return ``{pk: version}`` of the rows put back."""
    model = batch.model
    changed_ids = [int(pk) for pk in part.changes]
    # Lock the rows: nobody saves them between the checks and the undo.
    list(
        model._default_manager.select_for_update().filter(pk__in=[*part.created_ids, *changed_ids])
    )
    problems = undo_problems(part, user)
    if problems:
        raise UndoRefused(problems)
    now = timezone.now()
    reason = f"Undo of import batch #{batch.pk}"
    model._default_manager.filter(pk__in=part.created_ids).delete()
    # Deleting wrote a history record for each row: say who undid it, and why.
    model.history.filter(
        history_type="-",
        history_date__gte=now,
        **{f"{model._meta.pk.attname}__in": part.created_ids},
    ).update(history_user=user, history_change_reason=reason, import_batch=batch)
    rows = model._default_manager.in_bulk(changed_ids)
    columns, links = {"updated_at"}, {}
    for pk, fields in part.changes.items():
        obj = rows.get(int(pk))
        if obj is None:
            continue
        restore(obj, fields)
        if hasattr(obj, "refresh_search_document"):
            obj.refresh_search_document()
            columns.update(DERIVED_COLUMNS)
        obj.stamp(user=user, when=now)
        for name, (before, _after) in fields.items():
            field = model_field(model, name)
            if field.many_to_many:
                links.setdefault(field.name, {})[obj.pk] = before or []
            else:
                columns.add(field.name)
    if rows:
        if hasattr(model, "updated_by"):
            columns.add("updated_by")
        bulk_update_rows(model, list(rows.values()), sorted(columns))
    for name, by_row in links.items():
        replace_links(model, name, by_row)
    record_history(rows.values(), user=user, reason=reason, batch=batch, when=now)
    return {str(pk): obj.version for pk, obj in rows.items() if hasattr(obj, "version")}


def resource_for_command(name):
    """The resource for a command's model argument, or a usage error (exit status 2)."""
    from django.core.management.base import CommandError

    resource = resource_for(name)
    if resource is None:
        raise CommandError(
            f"Unknown model {name!r}: use one of {', '.join(RESOURCES)}.", returncode=2
        )
    return resource


def map_columns(table, resource_class, report):
    """A tablib dataset with the resource's headers; unknown columns are noted and dropped."""
    known = resource_class.header_map()
    columns, seen = [], set()
    for index, header in enumerate(table.headers):
        name = known.get(LookupWidget.normalise(header)) if header else None
        if name is None or name in seen:
            if header:
                report.notices.append(
                    _('Column "%(header)s" is not one this import uses; it was ignored.')
                    % {"header": header}
                )
            continue
        seen.add(name)
        columns.append((index, name))
        report.file_headers[name] = header
    missing = [c for c in resource_class.required_columns if c not in seen]
    if missing:
        report.file_errors.append(
            _(
                "The file has no %(columns)s column. Download the template to see the columns "
                "it needs."
            )
            % {"columns": ", ".join(f'"{c}"' for c in missing)}
        )
        return None
    if not table.rows:
        report.file_errors.append(_("The file has a header row but no rows to import."))
        return None
    dataset = tablib.Dataset(headers=[name for _, name in columns])
    for row in table.rows:
        dataset.append([row[index] for index, _ in columns])
    return dataset


def describe(result, resource, table, report):
    """Counts, per-row statuses and one message per bad cell, in spreadsheet row numbers,
    added to ``report`` (a file imported in chunks is described a chunk at a time)."""
    for row_result in result.rows:
        status = STATUS.get(row_result.import_type)
        if status and status != "invalid":
            report.counts[status] += 1
    for error in result.base_errors:
        if isinstance(error.error, EditConflict):
            report.file_errors.append(
                _(
                    "Someone saved %(item)s while the import was running, so nothing was saved. "
                    "Import the file again: the preview will show their change."
                )
                % {"item": error.error.obj}
            )
            continue
        logger.error("Import error: %s", error.error)
        report.file_errors.append(
            _("The import could not be completed and nothing was saved (%(reason)s).")
            % {"reason": type(error.error).__name__}
        )
    headers = {
        name: report.file_headers.get(f.column_name, f.column_name)
        for name, f in resource.fields.items()
    }
    bad = {}
    for invalid in result.invalid_rows:
        number = resource.source_row(invalid.number)
        for attribute, messages in invalid.error_dict.items():
            column = headers.get(attribute, "" if attribute == "__all__" else attribute)
            for message in messages:
                bad.setdefault(invalid.number, []).append(RowProblem(number, column, message))
    for index, errors in result.row_errors():
        number = resource.source_row(index)
        for error in errors:
            logger.error("Import row %s failed: %s\n%s", number, error.error, error.traceback)
            bad.setdefault(index, []).append(
                RowProblem(
                    number,
                    "",
                    _("could not be imported (%(reason)s)")
                    % {"reason": type(error.error).__name__},
                )
            )
    report.counts["invalid"] += len(bad)
    report.problems += [problem for index in sorted(bad) for problem in bad[index]]
    if bad:
        if report.invalid_rows is None:
            report.invalid_rows = Table(headers=[*table.headers, _("Errors")])
        for index in sorted(bad):
            messages = "; ".join(
                f"{p.column}: {p.message}" if p.column else p.message for p in bad[index]
            )
            report.invalid_rows.rows.append([*table.rows[index - 1], messages])
            report.invalid_rows.row_numbers.append(resource.source_row(index))
    for index, row_result in enumerate(result.rows, start=1):
        if len(report.rows) >= PREVIEW_ROWS:
            break
        status = "invalid" if index in bad else STATUS.get(row_result.import_type, "")
        shown = getattr(row_result, "preview", None) or {
            "item": next((str(cell) for cell in table.rows[index - 1] if cell is not None), ""),
        }
        report.rows.append(
            {
                "number": resource.source_row(index),
                "status": status,
                "status_label": STATUS_LABELS.get(status, status),
                "problems": [str(p.message) for p in bad.get(index, ())],
                **shown,
            }
        )


def template_file(model_name, file_format="xlsx"):
    """A blank template: the headers and one example row."""
    resource_class = resource_for(model_name)
    resource = resource_class()
    headers = resource.get_export_headers()
    example = EXAMPLES.get(resource_class._meta.model._meta.model_name, {})
    row = [example.get(header, "") for header in headers]
    title = str(resource_class._meta.model._meta.verbose_name_plural).capitalize()
    headers = [resource_class.header_in_language(header) for header in headers]
    return write_table(headers, [row], file_format, sheet_title=title)


def export_file(model_name, queryset=None, file_format="xlsx"):
    resource_class = resource_for(model_name)
    resource = resource_class()
    model = resource_class._meta.model
    if queryset is None:
        queryset = model._default_manager.all()
    dataset = resource.export(queryset)
    title = str(model._meta.verbose_name_plural).capitalize()
    headers = [resource_class.header_in_language(header) for header in dataset.headers]
    return write_table(headers, list(dataset), file_format, sheet_title=title)


EXAMPLES = {
    "city": {
        "Name": "Jiaxing",
        "Chinese name": "嘉兴",
        "Province": "Zhejiang",
        "Member city": "yes",
        "Phase": "2.0",
        "Year joined": 2017,
        "Position": 2,
        "Latitude": 30.7522,
        "Longitude": 120.7555,
    },
    "industry": {
        "Name": "Integrated circuits",
        "Chinese name": "集成电路",
        "Strategic (6+X)": "yes",
    },
    "park": {
        "Name": "G60 Biomedicine Industrial Base",
        "Chinese name": "G60生物医药产业基地",
        "Kind": "Industrial base",
        "City": "Songjiang",
        "Industries": "Biomedicine",
        "Status": "Draft",
    },
    "enclave": {
        "Name": "Xuancheng Sci-Tech Center",
        "Home city": "Xuancheng",
        "Host city": "Songjiang",
        "Opened on": "2023-09-22",
        "Focus industries": "New energy",
        "Status": "Draft",
    },
    "enterprise": {
        "Name": "Example Biotech",
        "Chinese name": "示例生物",
        "City": "Songjiang",
        "Unified social credit code": "91350100M000100Y43",
        "Kind": "Company",
        "Industries": "Biomedicine; Medical devices",
        "Founded": 2015,
        "Listing board": "Unlisted",
        "High-tech enterprise": "yes",
        "Summary": "One sentence about what the company does.",
        "Summary (Chinese)": "用一句话介绍企业的主要业务。",
        "Status": "Draft",
    },
    "fund": {
        "Name": "Example Fund",
        "Kind": "Special fund",
        "Total size": 2000000000,
        "Currency": "CNY",
        "Launched": 2016,
        "Cities covered": "Songjiang",
        "Status": "Draft",
    },
    "fundinvestment": {
        "Fund": "G60 Science and Technology Achievement Transformation Fund",
        "Enterprise": "Huihe Medical",
        "Amount": 10000000,
        "Date": "2023-11-05",
    },
    "newsitem": {
        "Title": "A headline",
        "Title (Chinese)": "新闻标题",
        "Standfirst": "One or two sentences.",
        "Body": "First paragraph.\n\nSecond paragraph.",
        "Source": "Shanghai Daily",
        "Cities": "Songjiang",
        "Status": "Draft",
        "Publish at": "2024-06-11 08:00",
    },
    "milestone": {
        "Date": "2018-06-01",
        "Date precision": "Month",
        "Title": "Nine cities join",
        "Phase": "3.0",
        "City": "Songjiang",
        "Status": "Draft",
    },
    "indicator": {
        "Label": "Corridor area",
        "Value": 76200,
        "Unit": "km²",
        "Year": 2023,
        "Key figure": "yes",
        "Theme": "Land and environment",
        "Headline figure": "yes",
        "Status": "Draft",
    },
}
