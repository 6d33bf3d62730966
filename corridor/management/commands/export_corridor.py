"""python manage.py export_corridor <model> <file> [--format FORMAT] [--template]"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from corridor.spreadsheets.reader import EXPORT_FORMATS as FORMATS
from corridor.spreadsheets.resources import RESOURCES
from corridor.spreadsheets.service import export_file, resource_for_command, template_file


class Command(BaseCommand):
    help = (
        "Export every row of one kind of content to a spreadsheet (the format follows the "
        "file's extension: .xlsx, .ods, .csv or .json), or with --template a blank template."
    )

    def add_arguments(self, parser):
        parser.add_argument("model", help=f"One of: {', '.join(RESOURCES)}")
        parser.add_argument("file", help="Where to write the spreadsheet")
        parser.add_argument("--format", choices=FORMATS, help="Default: from the extension")
        parser.add_argument(
            "--template",
            action="store_true",
            help="Write the headers and one example row instead of the data",
        )

    def handle(self, *args, **options):
        resource_for_command(options["model"])
        path = Path(options["file"])
        file_format = options["format"] or path.suffix.lstrip(".").lower() or "xlsx"
        if file_format not in FORMATS:
            raise CommandError(
                f"Unknown format {file_format!r}: use xlsx, csv or json.", returncode=2
            )
        if options["template"]:
            data = template_file(options["model"], file_format)
        else:
            data = export_file(options["model"], file_format=file_format)
        try:
            path.write_bytes(data)
        except OSError as error:
            raise CommandError(f"Cannot write {path}: {error.strerror}.", returncode=2) from None
        self.stdout.write(self.style.SUCCESS(f"Wrote {path}."))
