from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from corridor.management.base import LanguageCommand
from corridor.roles import ROLE_NAMES, sync_roles


class Command(LanguageCommand):
    help = gettext_lazy(
        "Create the Editors, Publishers and Site administrators groups with their permissions."
    )

    def handle(self, *args, **options):
        sync_roles()
        self.stdout.write(
            self.style.SUCCESS(
                _("Roles up to date: %s.") % ", ".join(_(name) for name in ROLE_NAMES.values())
            )
        )
