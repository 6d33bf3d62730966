"""python manage.py create_role_user <username> <editor|publisher|admin> [--email EMAIL]"""

import getpass
import os
import secrets
import sys

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from corridor.management.base import LanguageCommand
from corridor.roles import ROLE_NAMES


class Command(LanguageCommand):
    help = gettext_lazy(
        "Create a staff user in a role (editor, publisher or admin for site administrator). The "
        "password is asked for; without a terminal it is read from ROLE_USER_PASSWORD, or a "
        "random one is made and printed once."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("role", choices=sorted(ROLE_NAMES))
        parser.add_argument("--email", default="")

    def handle(self, *args, username, role, email, **options):
        User = get_user_model()
        if User.objects.filter(username=username).exists():
            raise CommandError(_("A user called %r already exists.") % username)
        password, generated = self.password()
        user = User(username=username, email=email, is_staff=True)
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        user.set_password(password)
        user.save()
        group = Group.objects.get(name=ROLE_NAMES[role])
        user.groups.add(group)
        self.stdout.write(
            self.style.SUCCESS(
                _("Created %(user)s in %(group)s.") % {"user": username, "group": _(group.name)}
            )
        )
        if generated:
            self.stdout.write(_("Password (shown once): %s") % password)

    def password(self):
        if os.environ.get("ROLE_USER_PASSWORD"):
            return os.environ["ROLE_USER_PASSWORD"], False
        if sys.stdin.isatty():
            first = getpass.getpass(_("Password: "))
            if first != getpass.getpass(_("Password (again): ")):
                raise CommandError(_("The passwords do not match."))
            return first, False
        return secrets.token_urlsafe(18), True
