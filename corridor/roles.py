"""The three roles, as groups: what each may do with the corridor's content.

- Editors create and edit content and import and export spreadsheets; they cannot publish,
  schedule, unpublish or delete.
- Publishers also publish, schedule, unpublish and delete.
- Site administrators manage users and groups (and may view content).

``sync_roles`` makes the groups hold exactly these permissions; the data migration runs it and
``manage.py sync_roles`` runs it again after a change here.

``publication_problem`` is the one rule for publishing. Every path that writes content (the
admin form and its inlines, changelist actions, spreadsheet imports, History's revert and an
import's undo) asks it before saving, so an editor cannot publish, schedule, unpublish or
remove a live item by any of them.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from . import registry

# Group names are stored in English and shown in the reader's language.
EDITORS = gettext_noop("Editors")
PUBLISHERS = gettext_noop("Publishers")
SITE_ADMINISTRATORS = gettext_noop("Site administrators")
ROLE_NAMES = {"editor": EDITORS, "publisher": PUBLISHERS, "admin": SITE_ADMINISTRATORS}


def _codes(actions, names):
    return [("corridor", f"{action}_{name}") for name in names for action in actions]


def role_permissions(apps=None):
    """``{group name: [(app label, codename), ...]}`` for the three roles."""
    content = registry.NAMES
    publishable = [model._meta.model_name for model in registry.publishable(apps)]
    return {
        EDITORS: _codes(("add", "change", "view", "import", "export"), content),
        PUBLISHERS: _codes(("add", "change", "view", "import", "export", "delete"), content)
        + _codes(("publish",), publishable),
        SITE_ADMINISTRATORS: _codes(("view",), content)
        + [
            ("auth", f"{action}_{model}")
            for model in ("user", "group")
            for action in ("add", "change", "delete", "view")
        ],
    }


def sync_roles(apps=None):
    """Create the groups and give each exactly its permissions."""
    from django.apps import apps as global_apps
    from django.contrib.auth.management import create_permissions

    apps = apps or global_apps
    for config in apps.get_app_configs():
        # Permissions are normally made after migrating; make them now (the usual recipe).
        stub = not hasattr(config, "models_module")
        if stub:
            config.models_module = True
        create_permissions(config, apps=apps, verbosity=0)
        if stub:
            config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codes in role_permissions(apps).items():
        group, _ = Group.objects.get_or_create(name=name)
        wanted = [
            Permission.objects.get(content_type__app_label=app, codename=codename)
            for app, codename in codes
        ]
        group.permissions.set(wanted)


def can_publish(user, model):
    """May ``user`` publish, schedule and unpublish items of ``model``? ``None`` is the system
    (the command line run by the site's operator), which may."""
    if user is None:
        return True
    opts = model._meta
    return user.has_perm(f"{opts.app_label}.publish_{opts.model_name}")


def public_state(obj):
    """What visitors see of ``obj`` over time: ``None`` for no item or a draft, else its window."""
    from .models import PublishableModel

    if obj is None or getattr(obj, "status", None) != PublishableModel.Status.PUBLISHED:
        return None
    return (obj.publish_at, obj.unpublish_at)


def publication_problem(user, model, before, after):
    """Why ``user`` may not turn ``before`` into ``after`` (either may be ``None``: no item), or
    ``None`` when they may. Only a change to what visitors see needs the publish permission."""
    if not hasattr(model, "status"):
        return None
    was, will = public_state(before), public_state(after)
    if was == will or can_publish(user, model):
        return None
    if was is None:
        return _("Only publishers can publish or schedule an item. Save it as a draft.")
    if will is None:
        return _("Only publishers can unpublish or remove an item that is published or scheduled.")
    return _("Only publishers can change when a published item appears or leaves the site.")
