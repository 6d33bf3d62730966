"""The base of our management commands: output in the language of the person at the terminal.

A command speaks the language its ``--language`` option names, or else the one the environment
asks for (``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES``, ``LANG``, the order gettext reads them in:
``LANG=zh_CN.UTF-8`` gives Chinese), or else the site's default language.
"""

import os

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import translation
from django.utils.translation import gettext_lazy as _


def language_from_environment(environ=os.environ):
    """The first supported language the locale variables name, or None."""
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        for locale in (environ.get(name) or "").split(":"):
            locale = locale.split(".")[0].split("@")[0]
            if not locale or locale in ("C", "POSIX"):
                continue
            try:
                return translation.get_supported_language_variant(translation.to_language(locale))
            except LookupError:
                continue
    return None


class LanguageCommand(BaseCommand):
    def create_parser(self, prog_name, subcommand, **kwargs):
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.add_argument(
            "--language",
            choices=[code for code, _name in settings.LANGUAGES],
            help=_("Language of the output (default: from LANG, or the site's default)"),
        )
        return parser

    def run_from_argv(self, argv):
        # The help text too, which is printed before execute() runs.
        with translation.override(language_from_environment() or settings.LANGUAGE_CODE):
            return super().run_from_argv(argv)

    def execute(self, *args, **options):
        language = options.get("language") or language_from_environment() or settings.LANGUAGE_CODE
        with translation.override(language):
            return super().execute(*args, **options)
