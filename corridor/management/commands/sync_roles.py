from django.core.management.base import BaseCommand

from corridor.roles import ROLE_NAMES, sync_roles


class Command(BaseCommand):
    help = "Create the Editors, Publishers and Site administrators groups with their permissions."

    def handle(self, *args, **options):
        sync_roles()
        self.stdout.write(
            self.style.SUCCESS(f"Roles up to date: {', '.join(ROLE_NAMES.values())}.")
        )
