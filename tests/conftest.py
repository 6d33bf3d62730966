import pytest
from django.contrib.auth.models import Permission
from django.core.management import call_command

from tests.factories import UserFactory


@pytest.fixture
def launch_content(db):
    """The launch content, loaded the way the README's first command loads it."""
    call_command("loaddata", "launch", verbosity=0)


@pytest.fixture
def staff_with_perms(db):
    """A staff user holding the named permissions, e.g. staff_with_perms("change_enterprise")."""

    def make(*codenames):
        user = UserFactory(is_staff=True)
        user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
        return user

    return make
