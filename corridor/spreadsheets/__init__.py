"""Spreadsheet import and export: the whole feature, in one package.

- ``reader``: reads a file (xlsx, xls, ods, csv, json) into a ``Table`` of rows with their
  spreadsheet row numbers; refuses hostile workbooks before any reader sees them; writes xlsx,
  ods, csv and json with the library's format classes.
- ``widgets``: cells as editors type them: text, rich text, numbers, dates (a year, a month,
  12-hour times), yes/no, choices, related rows by any name.
- ``engine``: ``CorridorResource``, the base of every resource: natural keys, one read of the
  rows a file touches, bulk writes, the publishing rule, history records.
- ``resources``: one resource per content model, its columns and headers (English and Chinese),
  found through ``corridor.registry``.
- ``service``: ``import_file``, ``export_file``, ``template_file``, ``undo_batch``; what the
  admin and the commands (``import_corridor``, ``export_corridor``) call.
- ``admin``: the admin's import pages (preview, confirm, invalid rows to download), its export
  (django-import-export's ``ExportMixin``) and the import batches.
- ``models``: ``ImportBatch``, one import, to show and to undo; ``ImportJob``, one step of a
  large import run in the background.
- ``jobs``: large files in the background: queued by the admin, run by the task worker in
  chunks with their progress, cancelled between chunks, undone if they fail or are cancelled.
- ``tasks``: the task (django-tasks) the worker runs for a job.

django-import-export runs the import row by row through its hooks, and its export as it is; its
permission codes come from ``IMPORT_EXPORT_IMPORT_PERMISSION_CODE`` and
``IMPORT_EXPORT_EXPORT_PERMISSION_CODE``. Our own code stands where it measurably does better
(``make benchmark`` prints the comparison with the library's bulk mode):

- reading: calamine, several times faster than the library's openpyxl reader, expanding no XML
  entities, and inspected first for memory (``reader.XlsxInspector`` and its kin);
- finding existing rows: one query per 2,000 keys over credit codes then slugs, where the
  library's cached loader takes one key;
- writing changes: one ``UPDATE … FROM (VALUES …)`` per batch of the columns that changed, with
  the version check, where the library's ``bulk_update`` builds a ``CASE`` per field per row;
- many-to-many links in bulk, which the library's bulk mode does not write at all;
- deciding "unchanged" from a snapshot, without the deep copies of the library's diff.

Rows written in bulk go through ``Model.normalise()``, as every ``save()`` does, and leave a history
record (``corridor.history.record_history``) like any other change.
"""
