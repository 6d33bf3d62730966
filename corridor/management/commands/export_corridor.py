"""python manage.py export_corridor <model> <file> [--format FORMAT] [--template]"""

from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from corridor.management.base import LanguageCommand
from corridor.spreadsheets.reader import EXPORT_FORMATS as FORMATS
from corridor.spreadsheets.resources import RESOURCES
from corridor.spreadsheets.service import export_file, resource_for_command, template_file


class Command(LanguageCommand):
    help = gettext_lazy(
        "Export every row of one kind of content to a spreadsheet (the format follows the "
        "file's extension: .xlsx, .ods, .csv or .json), or with --template a blank template."
    )

    def add_arguments(self, parser):
        parser.add_argument("model", help=gettext_lazy("One of: %s") % ", ".join(RESOURCES))
        parser.add_argument("file", help=gettext_lazy("Where to write the spreadsheet"))
        parser.add_argument(
            "--format", choices=FORMATS, help=gettext_lazy("Default: from the extension")
        )
        parser.add_argument(
            "--template",
            action="store_true",
            help=gettext_lazy("Write the headers and one example row instead of the data"),
        )

    def handle(self, *args, **options):
        resource_for_command(options["model"])
        path = Path(options["file"])
        file_format = options["format"] or path.suffix.lstrip(".").lower() or "xlsx"
        if file_format not in FORMATS:
            raise CommandError(
                _("Unknown format %(format)r: use %(formats)s.")
                % {"format": file_format, "formats": ", ".join(FORMATS)},
                returncode=2,
            )
        if options["template"]:
            data = template_file(options["model"], file_format)
        else:
            data = export_file(options["model"], file_format=file_format)
        try:
            path.write_bytes(data)
        except OSError as error:
            raise CommandError(
                _("Cannot write %(path)s: %(error)s.") % {"path": path, "error": error.strerror},
                returncode=2,
            ) from None
        self.stdout.write(self.style.SUCCESS(_("Wrote %s.") % path))
