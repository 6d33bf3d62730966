"""python manage.py import_corridor <model> <file> [--dry-run] [--format FORMAT] [--skip-invalid]"""

from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from corridor.management.base import LanguageCommand
from corridor.spreadsheets.reader import FORMATS
from corridor.spreadsheets.resources import RESOURCES
from corridor.spreadsheets.service import chunk_rows, import_file, resource_for_command


class Command(LanguageCommand):
    help = gettext_lazy(
        "Import a spreadsheet (xlsx, xls, ods, csv or json) of one kind of content. All or "
        "nothing: any invalid row means nothing is saved, unless --skip-invalid is given. Exits "
        "0 only when every row was imported (or, with --dry-run, would be)."
    )

    def add_arguments(self, parser):
        parser.add_argument("model", help=gettext_lazy("One of: %s") % ", ".join(RESOURCES))
        parser.add_argument("file", help=gettext_lazy("The spreadsheet to import"))
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help=gettext_lazy("Check every row and report; save nothing"),
        )
        parser.add_argument(
            "--format",
            choices=FORMATS,
            help=gettext_lazy("Read the file as this format (default: from the file)"),
        )
        parser.add_argument(
            "--skip-invalid",
            action="store_true",
            help=gettext_lazy("Save the valid rows and leave out the invalid ones"),
        )
        parser.add_argument(
            "--invalid-rows",
            metavar="FILE",
            help=gettext_lazy("Write the invalid rows, with their errors, to this xlsx file"),
        )

    def handle(self, *args, **options):
        resource_for_command(options["model"])
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(
                _("Cannot read %(path)s: %(error)s.") % {"path": path, "error": error.strerror},
                returncode=2,
            ) from None
        report = import_file(
            options["model"],
            data,
            filename=path.name,
            file_format=options["format"],
            dry_run=options["dry_run"],
            skip_invalid=options["skip_invalid"],
            chunk_size=chunk_rows(),
        )
        for notice in report.notices:
            self.stderr.write(_("Note: %s") % notice)
        for error in report.file_errors:
            self.stderr.write(self.style.ERROR(error))
        for problem in report.problems:
            self.stderr.write(str(problem))
        if report.invalid_rows is not None and options["invalid_rows"]:
            Path(options["invalid_rows"]).write_bytes(report.invalid_file("xlsx"))
            self.stderr.write(_("Invalid rows written to %s.") % options["invalid_rows"])
        summary = f"{path.name}: {report.summary()}"
        if report.file_errors or (report.problems and not options["skip_invalid"]):
            raise CommandError(summary, returncode=1)
        self.stdout.write(self.style.SUCCESS(summary))
