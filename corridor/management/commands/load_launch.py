"""Load the launch content without touching anyone's work.

``manage.py loaddata launch`` overwrites every row it names. This command, which ``make run``
uses, only adds what is missing:

- an item the database does not have is added, unless an editor deleted it (its history
  says so): a deletion is someone's work too;
- an item it has gets the launch value of a field only where the field is empty and its
  history shows no earlier value (so a summary an editor emptied stays empty: the history
  record this command writes for each item it adds remembers the launch values), and
  many-to-many links only where it has none and never had any;
- nothing else changes: not a value, not who last edited it, not when.

It reports what it did. Later releases of the launch content (Chinese texts, sources) reach
existing databases this way.
"""

import json
from pathlib import Path

from django.conf import settings
from django.core import serializers
from django.core.management.base import CommandError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from corridor.management.base import LanguageCommand

CHANGE_REASON = "Launch content"


class Command(LanguageCommand):
    help = gettext_lazy(
        "Add the launch content's missing items and empty fields; never overwrite a value."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "fixture", nargs="?", default="launch", help=gettext_lazy("fixture name or path")
        )
        parser.add_argument(
            "--dry-run", action="store_true", help=gettext_lazy("report only; save nothing")
        )

    def handle(self, *args, fixture, dry_run, verbosity, **options):
        path = self.find(fixture)
        raw = json.loads(path.read_text(encoding="utf-8"))
        counts = {"added": 0, "filled": 0, "fields": 0, "kept_deleted": 0, "unchanged": 0}
        with transaction.atomic():
            objects = serializers.deserialize(
                "json", json.dumps(raw), handle_forward_references=True
            )
            deferred, self.added = [], []
            for entry, stored in zip(raw, objects, strict=True):
                self.load(entry, stored, counts, deferred)
            for stored in deferred:
                stored.save_deferred_fields()
            self.record_added()
            if dry_run:
                transaction.set_rollback(True)
        message = (
            _(
                "Launch content: %(added)s added, %(filled)s filled in (%(fields)s fields), "
                "%(kept_deleted)s deleted by editors and left out, %(unchanged)s unchanged."
            )
            % counts
        )
        if dry_run:
            message += " " + _("Nothing was saved (--dry-run).")
        if verbosity:
            self.stdout.write(message)

    def find(self, fixture):
        candidates = [Path(fixture)] + [
            Path(folder) / f"{fixture}.json" for folder in settings.FIXTURE_DIRS
        ]
        for candidate in candidates:
            if candidate.is_file():
                return candidate
        raise CommandError(_("No fixture named %(name)s.") % {"name": fixture}, returncode=2)

    def load(self, entry, stored, counts, deferred):
        obj = stored.object
        model = type(obj)
        current = model._default_manager.filter(pk=obj.pk).first() if obj.pk else None
        if current is None:
            if self.deleted_by_editor(obj):
                counts["kept_deleted"] += 1
                return
            obj.pk = None
            stored.save()
            if stored.deferred_fields:
                deferred.append(stored)
            self.added.append(obj)
            counts["added"] += 1
            return
        filled = self.fill(current, obj, entry, stored)
        if filled:
            counts["filled"] += 1
            counts["fields"] += len(filled)
        else:
            counts["unchanged"] += 1

    def record_added(self):
        """A history record for each added item, so that a later run knows which values came
        from the launch content (and leaves a field an editor has emptied since)."""
        by_model = {}
        for obj in self.added:
            by_model.setdefault(type(obj), []).append(obj)
        for model, objs in by_model.items():
            if hasattr(model, "history"):
                model.history.bulk_history_create(objs, default_change_reason=CHANGE_REASON)

    @staticmethod
    def deleted_by_editor(obj):
        """Has an item with this one's natural key been deleted (its history ends with ``-``)?"""
        model = type(obj)
        history = getattr(model, "history", None)
        if history is None:
            return False
        if hasattr(obj, "slug"):
            names = ("slug",)
        else:  # e.g. a fund investment: its unique pair
            unique = next(c for c in model._meta.constraints if getattr(c, "fields", None))
            names = [model._meta.get_field(name).attname for name in unique.fields]
        keys = {name: getattr(obj, name) for name in names}
        return history.filter(history_type="-", **keys).exists()

    def fill(self, current, obj, entry, stored):
        """Launch values for the fields of ``current`` that are empty and were never set."""
        model = type(current)
        filled = []
        for name in entry["fields"]:
            field = model._meta.get_field(name)
            if (
                field.many_to_many
                or not field.concrete
                or field.name in ("created_at", "updated_at")
            ):
                continue
            value = getattr(obj, field.attname)
            if is_empty(value) or not is_empty(getattr(current, field.attname)):
                continue
            if self.ever_set(current, field):
                continue
            setattr(current, field.attname, value)
            filled.append(field.name)
        links = []
        for name, values in (stored.m2m_data or {}).items():
            if (
                values
                and not getattr(current, name).exists()
                and not self.ever_linked(current, name)
            ):
                links.append((name, values))
        if not filled and not links:
            return []
        if filled:
            current._change_reason = CHANGE_REASON
            current.save(update_fields=filled)
        for name, values in links:
            getattr(current, name).set(values)
        return filled + [name for name, _values in links]

    @staticmethod
    def ever_set(obj, field):
        history = getattr(type(obj), "history", None)
        if history is None:
            return False
        records = history.filter(**{type(obj)._meta.pk.attname: obj.pk})
        if field.null:
            records = records.exclude(**{f"{field.attname}__isnull": True})
        if field.empty_strings_allowed:
            records = records.exclude(**{field.attname: ""})
        return records.exists()

    @staticmethod
    def ever_linked(obj, name):
        """Did any earlier version of ``obj`` have links in ``name`` (kept in its history)?"""
        history = getattr(type(obj), "history", None)
        kept = {getattr(f, "name", f) for f in getattr(type(obj), "_history_m2m_fields", ())}
        if history is None or name not in kept:
            return False
        records = history.filter(**{type(obj)._meta.pk.attname: obj.pk})
        return any(getattr(record, name).exists() for record in records)


def is_empty(value):
    return value is None or value == "" or value == [] or value == {}
