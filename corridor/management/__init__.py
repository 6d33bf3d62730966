from django.core.management.base import CommandError

from corridor.resources import RESOURCES, resource_for


def model_argument(name):
    """The resource for a command's model argument, or a usage error (exit status 2)."""
    resource = resource_for(name)
    if resource is None:
        raise CommandError(
            f"Unknown model {name!r}: use one of {', '.join(RESOURCES)}.", returncode=2
        )
    return resource
