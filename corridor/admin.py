"""The editors' admin: one mixin for publishable content, one ModelAdmin per model."""

from functools import reduce
from operator import or_

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import PermissionDenied
from django.db import router, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_prose_editor.widgets import AdminProseEditorWidget
from js_asset import Media as JsAssetMedia
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline
from simple_history.admin import SimpleHistoryAdmin

from .directory import admin_residents_link
from .editing import VersionedFormMixin
from .history import HistoryDisplay, real_changes, record_history
from .models import (
    City,
    Enclave,
    Enterprise,
    Fund,
    FundInvestment,
    Indicator,
    Industry,
    Milestone,
    NewsItem,
    Park,
    PublishableModel,
    Searchable,
    State,
    now_to_the_second,
)
from .pagination import AdminPaginator
from .roles import can_publish, publication_problem
from .search import matching
from .spreadsheets.admin import SpreadsheetAdminMixin

# The editor offers exactly what corridor.sanitize keeps; its scripts and fonts are static files.
RICH_TEXT_EDITOR = {
    "extensions": {
        "Bold": True,
        "Italic": True,
        "Underline": True,
        "Strike": True,
        "Subscript": True,
        "Superscript": True,
        "Heading": {"levels": [2, 3, 4]},
        "BulletList": True,
        "OrderedList": True,
        "ListItem": True,
        "Blockquote": True,
        "HorizontalRule": True,
        "HardBreak": True,
        "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto"]},
    }
}


class RichTextAdminMixin:
    """Rich-text fields (``Model.rich_text_fields``) edited with the prose editor."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = getattr(db_field, "translated_field", db_field)  # description_zh_hans too
        if field.name in getattr(self.model, "rich_text_fields", ()):
            kwargs["widget"] = AdminProseEditorWidget(
                config=RICH_TEXT_EDITOR, preset="configurable"
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)


def both_languages(field):
    """A changelist column: ``field`` in English, under it in Chinese; it opens the item."""

    def show(obj):
        english = getattr(obj, f"{field}_en", None) or ""
        chinese = getattr(obj, f"{field}_zh_hans", None) or ""
        if english and chinese:
            return format_html('{}<br><span lang="zh-Hans">{}</span>', english, chinese)
        return english or format_html('<span lang="zh-Hans">{}</span>', chinese)

    show.__name__ = f"{field}_in_both_languages"
    show.opens_item = True
    return show


NAMES = admin.display(description=_("name"), ordering="name_en")(both_languages("name"))
TITLES = admin.display(description=_("title"), ordering="title_en")(both_languages("title"))
LABELS = admin.display(description=_("label"), ordering="label_en")(both_languages("label"))


@admin.display(description=_("image"))
def thumbnail(obj):
    """The stored list-size rendition: no image work on the changelist."""
    _field, _alt, renditions = obj.image_fields[0]
    rendition = (getattr(obj, renditions) or {}).get("list")
    if not rendition:
        return "—"
    return format_html('<img src="{}" alt="" class="admin-thumb" loading="lazy">', rendition["url"])


class PublishStateFilter(admin.SimpleListFilter):
    """Draft / scheduled / published / expired, as an editor thinks of them."""

    title = _("publication")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return State.choices

    def queryset(self, request, queryset):
        now = timezone.now()
        match self.value():
            case State.DRAFT:
                return queryset.drafts()
            case State.SCHEDULED:
                return queryset.scheduled(at=now)
            case State.PUBLISHED:
                return queryset.published(at=now)
            case State.EXPIRED:
                return queryset.filter(
                    status=PublishableModel.Status.PUBLISHED, unpublish_at__lte=now
                )
        return queryset


class CheckedFilter(admin.SimpleListFilter):
    """Items whose facts no editor has checked against their source for 12 months (or ever)."""

    title = _("last checked")
    parameter_name = "checked"

    def lookups(self, request, model_admin):
        return (
            ("stale", _("Not in the last 12 months")),
            ("recent", _("In the last 12 months")),
        )

    def queryset(self, request, queryset):
        stale = queryset.model.stale_condition()
        match self.value():
            case "stale":
                return queryset.filter(stale)
            case "recent":
                return queryset.exclude(stale)
        return queryset


SOURCE_FIELDS = ("source", "source_name", "source_url", "source_date", "verified_on")
SOURCE_FIELDSET = (_("Source"), {"fields": SOURCE_FIELDS})


class ContentAdminForm(VersionedFormMixin, forms.ModelForm):
    """Every content form: versioned, and when reverting, shows that version's relations.

    ``user`` is set by ``ContentAdminMixin.get_form`` for the rules that depend on who saves.
    """

    user = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        record = getattr(self.instance, "_history", None)
        if record is None:
            return
        for name in getattr(self.instance, "_history_m2m_fields", ()):
            if name in self.fields:
                target = self.instance._meta.get_field(name).m2m_reverse_field_name()
                self.initial[name] = list(
                    getattr(record, name).values_list(f"{target}_id", flat=True)
                )


class PublishableAdminForm(ContentAdminForm):
    """Applies the "Publish" and "Save draft" buttons before validation, so that the rules for
    publishing (alt text for images, an unpublish time after the publish time) are checked,
    then asks the one publishing rule (``roles.publication_problem``) about the result: an
    editor's form, inline row or revert that would change what visitors see is refused."""

    def clean(self):
        cleaned = super().clean()
        instance = self.instance
        if "_publish" in self.data:
            publish_at = cleaned.get("publish_at", instance.publish_at)
            if instance.status != PublishableModel.Status.PUBLISHED and (
                publish_at is None or publish_at <= timezone.now()
            ):
                # Publishing a draft puts it live now, not at the time the draft was begun.
                publish_at = now_to_the_second()
                if "publish_at" in self.fields:
                    cleaned["publish_at"] = publish_at
                else:
                    instance.publish_at = publish_at
            instance.status = PublishableModel.Status.PUBLISHED
        elif "_save_draft" in self.data or "_unpublish" in self.data:
            instance.status = PublishableModel.Status.DRAFT
        return cleaned

    def _post_clean(self):
        super()._post_clean()
        if self.errors:
            return
        instance = self.instance
        model = type(instance)
        before = model._default_manager.filter(pk=instance.pk).first() if instance.pk else None
        problem = publication_problem(self.user, model, before, instance)
        if problem:
            self.add_error(None, problem)


def with_nonce(request, media):
    """The rich-text editor's import map is an inline script: it runs with the request's nonce."""
    if media is None or not hasattr(request, "csp_nonce"):
        return media
    return JsAssetMedia.from_media(media, nonce=str(request.csp_nonce))


class ContentAdminMixin:
    """Who saves: the form learns the user; new rows record their creator, every save its editor.

    Changelists cost the same over a million rows as over a hundred: counts stop at a cap
    (or, unfiltered, take the planner's estimate), and the search box reads the search index
    (``corridor.search.matching``), or an identifier (slug, credit code) exactly."""

    form = ContentAdminForm
    paginator = AdminPaginator
    show_full_result_count = False
    search_identifiers = ("slug",)

    def get_search_results(self, request, queryset, search_term):
        term = " ".join(search_term.split())
        if not term or not issubclass(self.model, Searchable):
            return super().get_search_results(request, queryset, search_term)
        if " " not in term:
            exact = reduce(
                or_, (Q(**{name: term}) for name in self.search_identifiers), Q(pk__in=[])
            )
            if queryset.filter(exact).exists():
                return queryset.filter(exact), False
        return matching(queryset, term), False

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        return type(form.__name__, (form,), {"user": request.user})

    def get_list_display_links(self, request, list_display):
        """The item's name opens it, whatever other columns (a thumbnail) come first."""
        names = [name for name in list_display if getattr(name, "opens_item", False)]
        return names[:1] or super().get_list_display_links(request, list_display)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        hidden = (None, {"fields": VersionedFormMixin.version_fields, "classes": ("hidden",)})
        return [*fieldsets, hidden]

    def render_change_form(self, request, context, *args, **kwargs):
        context["media"] = with_nonce(request, context.get("media"))
        return super().render_change_form(request, context, *args, **kwargs)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """A revert saves in one transaction, as the change form does."""
        with transaction.atomic(using=router.db_for_write(self.model)):
            return super().history_form_view(request, object_id, version_id, extra_context)

    def get_historical_record_context_helper(self, request, historical_record):
        return HistoryDisplay(self.model, historical_record)

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        """Each record's changes against the one before it: only what a person changed."""
        previous = None
        for current in historical_records:
            if previous is not None:
                delta = real_changes(previous.diff_against(current, foreign_keys_are_objs=True))
                helper = self.get_historical_record_context_helper(request, previous)
                previous.history_delta_changes = helper.context_for_delta_changes(delta)
            previous = current

    def get_history_queryset(self, request, history_manager, pk_name, object_id):
        return (
            super()
            .get_history_queryset(request, history_manager, pk_name, object_id)
            .select_related("import_batch")
        )

    def render_history_view(self, request, template, context, **kwargs):
        if "adminform" in context:  # the revert form: its media again, with the nonce
            context["media"] = with_nonce(request, self.media + context["adminform"].form.media)
        return super().render_history_view(request, template, context, **kwargs)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if getattr(form, "merge_notice", ""):
            self.message_user(request, form.merge_notice, messages.WARNING)

    def save_formset(self, request, form, formset, change):
        """Inline rows obey the same rules as the main form: who made them, and publishing."""
        for inline_form in formset.forms:
            if getattr(inline_form, "merge_notice", ""):
                self.message_user(request, inline_form.merge_notice, messages.WARNING)
        instances = formset.save(commit=False)
        for obj in instances:
            model = type(obj)
            before = model._default_manager.filter(pk=obj.pk).first() if obj.pk else None
            if publication_problem(request.user, model, before, obj):
                raise PermissionDenied
            if hasattr(obj, "updated_by_id"):
                if obj.pk is None:
                    obj.created_by = request.user
                obj.updated_by = request.user
            obj.save()
        for obj in formset.deleted_objects:
            obj.delete()
        formset.save_m2m()


class VersionedInlineMixin:
    """Inline rows carry the version they were opened with, like the main form."""

    form = ContentAdminForm

    def get_fields(self, request, obj=None):
        return (*super().get_fields(request, obj), *VersionedFormMixin.version_fields)


class PublishableAdmin(
    ContentAdminMixin,
    RichTextAdminMixin,
    SpreadsheetAdminMixin,
    TranslationAdmin,
    SimpleHistoryAdmin,
):
    """Shared by every publishable model: status badge, publishing by role, who edited what.

    Editors save drafts and edit; only users with the model's "publish" permission
    (Publishers) may publish, schedule or unpublish: for anyone else the publication fields
    are read-only and the publish actions and buttons are absent.
    """

    publication_fields = ("publish_at", "unpublish_at")
    publish_fieldset = (
        _("Publication"),
        {"fields": ("state_badge", *publication_fields, "created_info", "updated_info")},
    )
    actions = ("publish", "unpublish")
    form = PublishableAdminForm
    # The status changes only by the buttons (Publish, Save draft, Unpublish) and the actions.
    readonly_fields = ("state_badge", "created_info", "updated_info")
    save_on_top = True

    def has_publish_permission(self, request, obj=None):
        return can_publish(request.user, self.model)

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        if not self.has_publish_permission(request, obj):
            fields = (*self.publication_fields, *fields)
        return fields

    @admin.display(description=_("status"), ordering="status")
    def state_badge(self, obj):
        state = obj.state
        return format_html('<span class="state state-{}">{}</span>', state, state.label)

    @admin.display(description=_("created"))
    def created_info(self, obj):
        if not obj.pk:
            return "—"
        return f"{timezone.localtime(obj.created_at):%Y-%m-%d %H:%M} · {obj.created_by or '—'}"

    @admin.display(description=_("last edited"))
    def updated_info(self, obj):
        if not obj.pk:
            return "—"
        return f"{timezone.localtime(obj.updated_at):%Y-%m-%d %H:%M} · {obj.updated_by or '—'}"

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        is_draft = obj is None or obj.pk is None or obj.status == obj.Status.DRAFT
        context.update(
            can_publish=self.has_publish_permission(request, obj),
            is_draft=is_draft,
            is_live=bool(obj and obj.pk and obj.is_live),
            preview_url=(
                obj.get_absolute_url()
                if obj and obj.pk and hasattr(obj, "get_absolute_url")
                else None
            ),
            # Our buttons replace "Save" and "Save and add another" (submit_line.html).
            show_save=False,
            show_save_and_add_another=False,
        )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def message_user(self, request, message, level=messages.INFO, *args, **kwargs):
        """After a save, say what happened to the item: drafted, published, scheduled …"""
        said = getattr(request, "publication_message", None)
        if said and level == messages.SUCCESS:
            message, request.publication_message = said, None
        super().message_user(request, message, level, *args, **kwargs)

    @staticmethod
    def publication_message(obj, was_live):
        item = {"item": obj}
        if obj.status == obj.Status.DRAFT:
            if was_live:
                return _("“%(item)s” was unpublished: it is a draft again.") % item
            return _("“%(item)s” was saved as a draft.") % item
        if obj.state == State.SCHEDULED:
            when = date_format(timezone.localtime(obj.publish_at), "Y-m-d H:i")
            return _("“%(item)s” is scheduled: it goes live on %(when)s.") % {**item, "when": when}
        if obj.state == State.EXPIRED:
            return _("“%(item)s” was saved; its unpublish time has passed, so it is not shown.") % (
                item
            )
        if was_live:
            return _("Your changes to “%(item)s” were saved; it stays published.") % item
        return _("“%(item)s” was published: it is on the site now.") % item

    def save_model(self, request, obj, form, change):
        # The form has asked the publishing rule; this repeats it for any other caller.
        before = self.model._default_manager.filter(pk=obj.pk).first() if obj.pk else None
        if publication_problem(request.user, self.model, before, obj):
            raise PermissionDenied
        if not change or before is None:
            obj.created_by = request.user
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)
        was_live = before is not None and before.status == before.Status.PUBLISHED
        message = self.publication_message(obj, was_live)
        record = getattr(obj, "_history", None)
        if record is not None:  # History → revert
            when = date_format(timezone.localtime(record.history_date), "Y-m-d H:i")
            message = _("“%(item)s” was restored to its version of %(when)s.") % {
                "item": obj,
                "when": when,
            } + (" " + message if obj.status == obj.Status.DRAFT or not was_live else "")
        request.publication_message = message

    @admin.action(description=_("Publish the selected items"), permissions=("publish",))
    def publish(self, request, queryset):
        blocked = [obj for obj in queryset.drafts() if getattr(obj, "missing_alt_text", list)()]
        if blocked:
            self.message_user(
                request,
                _("Not published until their images are described (alt text): %(items)s.")
                % {"items": ", ".join(str(obj) for obj in blocked)},
                messages.WARNING,
            )
        drafts = queryset.drafts().exclude(pk__in=[obj.pk for obj in blocked])
        now = now_to_the_second()
        ids = list(drafts.values_list("pk", flat=True))
        stamp = {"status": PublishableModel.Status.PUBLISHED, "updated_by": request.user}
        # A draft begun in the past goes live now; one with a future time is scheduled.
        drafts.filter(publish_at__lte=now).update(publish_at=now, updated_at=now, **stamp)
        drafts.filter(publish_at__gt=now).update(updated_at=now, **stamp)
        changed = self.model._default_manager.filter(pk__in=ids)
        record_history(changed, user=request.user, reason="Published")
        scheduled = changed.filter(publish_at__gt=now).count()
        self.message_user(
            request,
            ngettext(
                "%(count)d item published.", "%(count)d items published.", len(ids) - scheduled
            )
            % {"count": len(ids) - scheduled}
            + (
                " "
                + ngettext(
                    "%(count)d more is scheduled for later.",
                    "%(count)d more are scheduled for later.",
                    scheduled,
                )
                % {"count": scheduled}
                if scheduled
                else ""
            ),
            messages.SUCCESS,
        )

    @admin.action(
        description=_("Unpublish the selected items (back to draft)"), permissions=("publish",)
    )
    def unpublish(self, request, queryset):
        now = timezone.now()
        ids = list(
            queryset.exclude(status=PublishableModel.Status.DRAFT).values_list("pk", flat=True)
        )
        self.model._default_manager.filter(pk__in=ids).update(
            status=PublishableModel.Status.DRAFT, updated_by=request.user, updated_at=now
        )
        changed = self.model._default_manager.filter(pk__in=ids)
        record_history(changed, user=request.user, reason="Unpublished", when=now)
        self.message_user(
            request,
            ngettext("%(count)d item unpublished.", "%(count)d items unpublished.", len(ids))
            % {"count": len(ids)},
            messages.SUCCESS,
        )


@admin.register(City)
class CityAdmin(
    ContentAdminMixin,
    RichTextAdminMixin,
    SpreadsheetAdminMixin,
    TranslationAdmin,
    SimpleHistoryAdmin,
):
    list_display = (
        thumbnail,
        NAMES,
        "province",
        "is_member",
        "phase",
        "joined_year",
        "position",
    )
    list_editable = ("position",)
    list_filter = ("province", "is_member", "phase")
    search_fields = ("name_en", "name_zh_hans", "slug")
    prepopulated_fields = {"slug": ("name_en",)}
    fieldsets = (
        (None, {"fields": ("name", "slug", "province", "summary", "description")}),
        (_("In the corridor"), {"fields": ("is_member", "phase", "joined_year", "position")}),
        (
            _("Facts and place"),
            {"fields": ("latitude", "longitude", "area_km2", "population", "image", "image_alt")},
        ),
    )


@admin.register(Industry)
class IndustryAdmin(ContentAdminMixin, SpreadsheetAdminMixin, TranslationAdmin, SimpleHistoryAdmin):
    list_display = (NAMES, "is_strategic", "position")
    list_editable = ("position",)
    list_filter = ("is_strategic",)
    search_fields = ("name_en", "name_zh_hans", "slug")
    prepopulated_fields = {"slug": ("name_en",)}


@admin.register(Park)
class ParkAdmin(PublishableAdmin):
    list_display = (
        thumbnail,
        NAMES,
        "kind",
        "city",
        "opened_year",
        "state_badge",
    )
    list_filter = (PublishStateFilter, "kind", "city", CheckedFilter)
    list_select_related = ("city",)
    search_fields = ("name_en", "name_zh_hans", "slug", "summary_en", "summary_zh_hans")
    autocomplete_fields = ("city", "industries", "source")
    prepopulated_fields = {"slug": ("name_en",)}
    readonly_fields = (*PublishableAdmin.readonly_fields, "residents")
    fieldsets = (
        (None, {"fields": ("name", "slug", "kind", "city", "industries", "residents")}),
        (_("Facts"), {"fields": ("area_km2", "opened_year")}),
        (_("Text and image"), {"fields": ("summary", "description", "image", "image_alt")}),
        SOURCE_FIELDSET,
        PublishableAdmin.publish_fieldset,
    )

    @admin.display(description=_("resident enterprises"))
    def residents(self, obj):
        """A link to the enterprise list filtered to this park: a park may host thousands."""
        return admin_residents_link(obj, "park")


@admin.register(Enclave)
class EnclaveAdmin(PublishableAdmin):
    list_display = (
        thumbnail,
        NAMES,
        "home_city",
        "host_city",
        "opened_on",
        "is_featured",
        "state_badge",
    )
    list_filter = (PublishStateFilter, "home_city", "host_city", "is_featured", CheckedFilter)
    list_select_related = ("home_city", "host_city")
    search_fields = ("name_en", "name_zh_hans", "slug", "summary_en", "summary_zh_hans")
    autocomplete_fields = ("home_city", "host_city", "park", "industries", "source")
    prepopulated_fields = {"slug": ("name_en",)}
    readonly_fields = (*PublishableAdmin.readonly_fields, "residents")
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "name",
                    "slug",
                    "home_city",
                    "host_city",
                    "park",
                    "address",
                    "opened_on",
                    "industries",
                    "is_featured",
                    "residents",
                )
            },
        ),
        (_("Text and image"), {"fields": ("summary", "description", "image", "image_alt")}),
        SOURCE_FIELDSET,
        PublishableAdmin.publish_fieldset,
    )

    @admin.display(description=_("resident enterprises"))
    def residents(self, obj):
        """A link to the enterprise list filtered to this enclave: an enclave may host thousands."""
        return admin_residents_link(obj, "enclave")


class InvestmentInline(VersionedInlineMixin, TranslationTabularInline):
    model = FundInvestment
    fields = ("enterprise", "amount", "date", "note")
    autocomplete_fields = ("enterprise",)
    extra = 0


@admin.register(Enterprise)
class EnterpriseAdmin(PublishableAdmin):
    list_display = (
        thumbnail,
        NAMES,
        "city",
        "kind",
        "listing_board",
        "state_badge",
    )
    list_filter = (
        PublishStateFilter,
        "kind",
        "city",
        "industries",
        "enclave",
        "listing_board",
        "is_high_tech",
        "is_featured",
        CheckedFilter,
    )
    list_select_related = ("city",)
    search_fields = ("name_en", "name_zh_hans", "slug", "credit_code", "stock_code")
    search_identifiers = ("slug", "credit_code", "stock_code")
    autocomplete_fields = ("city", "park", "enclave", "industries", "source")
    prepopulated_fields = {"slug": ("name_en",)}
    inlines = (InvestmentInline,)
    fieldsets = (
        (None, {"fields": ("name", "slug", "kind", "credit_code")}),
        (_("Where and what"), {"fields": ("city", "park", "enclave", "industries")}),
        (
            _("Facts"),
            {
                "fields": (
                    "founded_year",
                    "listing_board",
                    "stock_code",
                    "is_high_tech",
                    "website",
                    "is_featured",
                )
            },
        ),
        (
            _("Text and logo"),
            {"fields": ("summary", "description", "highlights", "logo", "logo_alt")},
        ),
        SOURCE_FIELDSET,
        PublishableAdmin.publish_fieldset,
    )


@admin.register(Fund)
class FundAdmin(PublishableAdmin):
    list_display = (
        NAMES,
        "kind",
        "size_display",
        "launched_year",
        "is_featured",
        "state_badge",
    )
    list_filter = (PublishStateFilter, "kind", "cities", "is_featured", CheckedFilter)
    search_fields = ("name_en", "name_zh_hans", "slug", "manager_en", "manager_zh_hans")
    autocomplete_fields = ("cities", "industries", "source")
    prepopulated_fields = {"slug": ("name_en",)}
    inlines = (InvestmentInline,)
    fieldsets = (
        (None, {"fields": ("name", "slug", "kind", "manager", "is_featured")}),
        (
            _("Size and reach"),
            {"fields": ("size_amount", "currency", "launched_year", "cities", "industries")},
        ),
        (_("Text"), {"fields": ("summary", "description")}),
        SOURCE_FIELDSET,
        PublishableAdmin.publish_fieldset,
    )

    @admin.display(description=_("size"), ordering="size_amount")
    def size_display(self, obj):
        if obj.size_amount is None:
            return "—"
        return f"{obj.size_amount:,.0f} {obj.currency}"


@admin.register(FundInvestment)
class FundInvestmentAdmin(
    ContentAdminMixin, SpreadsheetAdminMixin, TranslationAdmin, SimpleHistoryAdmin
):
    list_display = ("fund", "enterprise", "amount", "date")
    list_filter = ("fund", CheckedFilter)
    list_select_related = ("fund", "enterprise")
    search_fields = (
        "fund__name_en",
        "fund__name_zh_hans",
        "enterprise__name_en",
        "enterprise__name_zh_hans",
    )
    autocomplete_fields = ("fund", "enterprise", "source")
    date_hierarchy = "date"


@admin.register(NewsItem)
class NewsItemAdmin(PublishableAdmin):
    list_display = (
        thumbnail,
        TITLES,
        "publish_at",
        "source_name",
        "is_featured",
        "state_badge",
    )
    list_filter = (PublishStateFilter, "is_featured", "cities", "industries")
    search_fields = (
        "title_en",
        "title_zh_hans",
        "standfirst_en",
        "standfirst_zh_hans",
        "source_name",
    )
    autocomplete_fields = ("cities", "industries", "enterprises", "enclaves", "funds", "parks")
    prepopulated_fields = {"slug": ("title_en",)}
    date_hierarchy = "publish_at"
    fieldsets = (
        (None, {"fields": ("title", "slug", "standfirst", "body", "byline", "is_featured")}),
        (_("Source"), {"fields": ("source_name", "source_url", "source_published_on")}),
        (_("Image"), {"fields": ("image", "image_alt", "image_caption", "image_credit")}),
        (
            _("Related"),
            {"fields": ("cities", "industries", "enterprises", "enclaves", "funds", "parks")},
        ),
        PublishableAdmin.publish_fieldset,
    )


@admin.register(Milestone)
class MilestoneAdmin(PublishableAdmin):
    list_display = (
        TITLES,
        "date",
        "precision",
        "phase",
        "city",
        "state_badge",
    )
    list_filter = (PublishStateFilter, "phase", "city", CheckedFilter)
    list_select_related = ("city",)
    search_fields = ("title_en", "title_zh_hans", "summary_en", "summary_zh_hans")
    autocomplete_fields = ("city", "source")
    prepopulated_fields = {"slug": ("title_en",)}
    date_hierarchy = "date"
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "title",
                    "slug",
                    "date",
                    "precision",
                    "phase",
                    "city",
                    "summary",
                )
            },
        ),
        SOURCE_FIELDSET,
        PublishableAdmin.publish_fieldset,
    )


@admin.register(Indicator)
class IndicatorAdmin(PublishableAdmin):
    list_display = (
        LABELS,
        "display_value",
        "year",
        "scope_display",
        # Headline and home-page choices are filters: a changelist must fit a laptop.
        "theme",
        "position",
        "state_badge",
    )
    list_editable = ("position",)
    list_filter = (
        PublishStateFilter,
        "theme",
        "is_headline",
        "is_key_figure",
        "year",
        "city",
        CheckedFilter,
    )
    list_select_related = ("city",)
    search_fields = ("label_en", "label_zh_hans", "source_note_en", "source_note_zh_hans")
    autocomplete_fields = ("city", "source")
    prepopulated_fields = {"slug": ("label_en",)}
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "label",
                    "slug",
                    "value",
                    "unit",
                    "year",
                    "city",
                    "theme",
                    "is_headline",
                    "is_key_figure",
                    "position",
                )
            },
        ),
        (_("Source"), {"fields": (*SOURCE_FIELDS[:-1], "source_note", "verified_on")}),
        PublishableAdmin.publish_fieldset,
    )

    @admin.display(description=_("scope"), ordering="city__name")
    def scope_display(self, obj):
        return obj.scope


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class CorridorUserAdmin(UserAdmin):
    """Site administrators manage users and roles, but nobody but a superuser can make a
    superuser (themselves included) or change a superuser's account.

    The list shows who has two-step verification and whose sign-in is paused after wrong
    passwords; the actions reset the one (a lost phone) and lift the other.
    """

    list_display = (
        "username",
        "email",
        "first_name",
        "last_name",
        "is_staff",
        "two_step",
        "locked_out",
    )
    actions = ("reset_two_step", "unlock")

    def get_queryset(self, request):
        from axes.models import AccessAttempt
        from django.conf import settings
        from django_otp.plugins.otp_totp.models import TOTPDevice

        since = timezone.now() - settings.AXES_COOLOFF_TIME
        return (
            super()
            .get_queryset(request)
            .annotate(
                has_two_step=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)),
                is_locked_out=Exists(
                    AccessAttempt.objects.filter(
                        username=OuterRef("username"),
                        failures_since_start__gte=settings.AXES_FAILURE_LIMIT,
                        attempt_time__gte=since,
                    )
                ),
            )
        )

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        if not request.user.is_superuser:
            fields = (*fields, "is_superuser")
        return fields

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)

    @admin.display(description=_("two-step verification"), boolean=True, ordering="has_two_step")
    def two_step(self, obj):
        return obj.has_two_step

    @admin.display(description=_("sign-in paused"), boolean=True, ordering="is_locked_out")
    def locked_out(self, obj):
        return obj.is_locked_out

    def allowed(self, request, queryset):
        return queryset if request.user.is_superuser else queryset.filter(is_superuser=False)

    @admin.action(
        description=_("Reset two-step verification (they set it up again)"),
        permissions=("change",),
    )
    def reset_two_step(self, request, queryset):
        from . import twofactor

        users = list(self.allowed(request, queryset))
        for user in users:
            twofactor.reset(user)
        self.message_user(
            request,
            ngettext(
                "Two-step verification was reset for %(count)d person.",
                "Two-step verification was reset for %(count)d people.",
                len(users),
            )
            % {"count": len(users)},
            messages.SUCCESS,
        )

    @admin.action(description=_("Let them sign in again now"), permissions=("change",))
    def unlock(self, request, queryset):
        from axes.utils import reset

        users = list(self.allowed(request, queryset))
        for user in users:
            reset(username=user.get_username())
        self.message_user(
            request,
            ngettext(
                "Sign-in was unpaused for %(count)d person.",
                "Sign-in was unpaused for %(count)d people.",
                len(users),
            )
            % {"count": len(users)},
            messages.SUCCESS,
        )
