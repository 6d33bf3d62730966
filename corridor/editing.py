"""Two people editing the same item: nobody's work is lost.

Every content model has a ``version`` that each save advances (``TimeStampedModel``). A form
carries the version it was opened with (``base_version``). When the item has been saved by
someone else since, the form compares three copies field by field: the item as it was when the
form was opened (from its history), as it is now, and as this form would save it.

- Fields only the other person changed keep their value; fields only this person changed take
  theirs. Nothing overlaps: the save goes through and says that both changes were kept.
- Both changed the same field to different values: the form is shown again with this person's
  values, the other person's values beside them and who saved them when. Saving again
  (``seen_version`` now records that they saw it) keeps this person's values in those fields
  and the other person's everywhere else.

The row is locked (``SELECT … FOR UPDATE``) between the check and the save, inside the admin's
transaction, so no third save can slip between them.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db import router, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from .sanitize import clean_html


class VersionedFormMixin(forms.ModelForm):
    """For the change forms, inline forms and revert forms of versioned models."""

    base_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    seen_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    version_fields = ("base_version", "seen_version")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.merge_notice = ""
        instance = self.instance
        if instance.pk is not None and hasattr(instance, "version"):
            version = instance.version
            if getattr(instance, "_history", None) is not None:  # a revert: today's version
                version = (
                    type(instance)
                    ._default_manager.filter(pk=instance.pk)
                    .values_list("version", flat=True)
                    .first()
                )
            self.initial.setdefault("base_version", version)

    def _post_clean(self):
        super()._post_clean()
        instance = self.instance
        base = self.cleaned_data.get("base_version") if hasattr(self, "cleaned_data") else None
        if self.errors or instance.pk is None or base is None or not hasattr(instance, "version"):
            return
        model = type(instance)
        rows = model._default_manager.filter(pk=instance.pk)
        if transaction.get_connection(router.db_for_write(model)).in_atomic_block:
            rows = rows.select_for_update()
        current = rows.first()
        if current is None:
            if getattr(instance, "_history", None) is None:
                self.add_error(
                    None, _("This item was deleted by someone else while you were editing it.")
                )
            return
        if current.version != base:
            merge = Merge(self, base, current)
            if merge.conflicts and self.cleaned_data.get("seen_version") != current.version:
                self.add_error(None, merge.conflict_message())
                self.data = self.data.copy()
                self.data[self.add_prefix("seen_version")] = current.version
                return
            merge.apply()
            self.merge_notice = merge.notice()
        instance.version = current.version


def field_value(obj, field, m2m=None):
    """A comparable value of ``field`` on ``obj``: a set of ids for many-to-many fields."""
    if field.many_to_many:
        return set(m2m) if m2m is not None else set()
    value = getattr(obj, field.attname)
    if field.name in getattr(obj, "rich_text_fields", ()):
        return clean_html(value)
    if hasattr(value, "name") and not isinstance(value, str):  # a file
        return value.name or ""
    return value


class Merge:
    """The three copies of an item, field by field: when the form was opened, now, and the form."""

    def __init__(self, form, base_version, current):
        self.form = form
        self.current = current
        model = type(current)
        self.history = list(
            current.history.filter(version__gte=base_version)
            .select_related("history_user")
            .order_by("history_date")
        )
        # The latest record of that version: changes to relations add records, not versions.
        base = next((h for h in reversed(self.history) if h.version == base_version), None)
        self.others = [h for h in self.history if h.version > base_version]
        self.fields = [
            model._meta.get_field(name)
            for name in form.fields
            if name not in form.version_fields and self.is_model_field(model, name)
        ]
        self.theirs, self.mine, self.base = {}, {}, {}
        for field in self.fields:
            self.theirs[field.name] = field_value(current, field, self.links(current, field))
            self.mine[field.name] = field_value(form.instance, field, self.form_links(field))
            if base is not None:
                self.base[field.name] = field_value(base, field, self.history_links(base, field))
        if base is not None:
            their_changes = [f for f in self.fields if self.base[f.name] != self.theirs[f.name]]
            self.conflicts = [
                f
                for f in their_changes
                if self.mine[f.name] not in (self.base[f.name], self.theirs[f.name])
            ]
        else:  # no copy from when the form was opened: every difference is for the editor
            their_changes = self.conflicts = [
                f for f in self.fields if self.mine[f.name] != self.theirs[f.name]
            ]
        self.taken = [f for f in their_changes if f not in self.conflicts]

    @staticmethod
    def is_model_field(model, name):
        try:
            field = model._meta.get_field(name)
        except Exception:
            return False
        return field.concrete or field.many_to_many

    @staticmethod
    def links(obj, field):
        if not field.many_to_many:
            return None
        return getattr(obj, field.name).values_list("pk", flat=True)

    def form_links(self, field):
        if not field.many_to_many:
            return None
        return [obj.pk for obj in self.form.cleaned_data.get(field.name) or ()]

    @staticmethod
    def history_links(record, field):
        if not field.many_to_many:
            return None
        kept = {getattr(f, "name", f) for f in getattr(record, "_history_m2m_fields", ())}
        if field.name not in kept:
            return None
        target = f"{field.m2m_reverse_field_name()}_id"
        return getattr(record, field.name).values_list(target, flat=True)

    def apply(self):
        """Take the other person's value in every field this form left as it was."""
        instance = self.form.instance
        for field in self.taken:
            if field.many_to_many:
                self.form.cleaned_data[field.name] = list(getattr(self.current, field.name).all())
            else:
                setattr(instance, field.attname, getattr(self.current, field.attname))
                if field.name in self.form.cleaned_data:
                    self.form.cleaned_data[field.name] = getattr(self.current, field.name)

    def who(self):
        """``Wang Li at 14:32`` for each save since the form was opened."""
        saves = self.others or []
        if not saves:
            user, when = self.current_editor(), self.current.updated_at
            return [(user, when)]
        return [(h.history_user, h.history_date) for h in saves]

    def current_editor(self):
        return getattr(self.current, "updated_by", None)

    def people(self):
        parts = []
        for user, when in self.who():
            name = (user.get_full_name() or user.get_username()) if user else _("someone")
            parts.append(
                _("%(name)s at %(time)s")
                % {"name": name, "time": date_format(timezone.localtime(when), "DATETIME_FORMAT")}
            )
        return ", ".join(dict.fromkeys(parts))

    def show(self, field):
        current = self.current
        if field.many_to_many:
            value = "; ".join(str(obj) for obj in getattr(current, field.name).all())
        elif field.choices:
            value = getattr(current, f"get_{field.name}_display")()
        elif field.is_relation:
            value = str(getattr(current, field.name) or "")
        else:
            value = getattr(current, field.attname)
            value = strip_tags(str(value)) if value is not None else ""
        return Truncator(value or _("(empty)")).chars(120)

    def conflict_message(self):
        lines = "; ".join(
            _("%(field)s: “%(value)s”") % {"field": f.verbose_name, "value": self.show(f)}
            for f in self.conflicts
        )
        return ValidationError(
            _(
                "While you were editing, this item was saved by %(people)s. They changed the same "
                "fields as you: %(fields)s. Your values are still in the form. Save again to keep "
                "yours in those fields; their other changes are kept."
            )
            % {"people": self.people(), "fields": lines},
            code="edit_conflict",
        )

    def notice(self):
        if not self.taken:
            return ""
        return _(
            "While you were editing, %(people)s saved this item too. Their changes to "
            "%(fields)s were kept with yours."
        ) % {
            "people": self.people(),
            "fields": ", ".join(str(f.verbose_name) for f in self.taken),
        }
