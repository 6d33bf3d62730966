"""The corridor's domain: reference data (cities, industries) and publishable content."""

import datetime
import functools
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from .images import ImageMixin, validate_image
from .managers import FundInvestmentManager, PublishableManager, SlugManager
from .sanitize import clean_html
from .text import CJK, chinese_document, search_document, slug_from
from .validators import (
    validate_credit_code,
    validate_not_future_date,
    validate_not_future_year,
)

NOT_NEGATIVE = MinValueValidator(0)
NOT_NEGATIVE_DECIMAL = MinValueValidator(Decimal("0"))
YEAR_VALIDATORS = [MinValueValidator(1800), validate_not_future_year]


# --- Abstract bases -------------------------------------------------------------------------


class EditConflict(Exception):
    """The row was saved by someone else after this copy of it was read."""

    def __init__(self, obj):
        self.obj = obj
        super().__init__(
            _("%(item)s was changed by someone else in the meantime; reload it and try again.")
            % {"item": obj}
        )


def translated_names(model, field):
    """The columns of ``field`` in each language (``summary_en``, ``summary_zh_hans``) when it
    is translated (``corridor.translation``), or the field itself."""
    from modeltranslation.settings import AVAILABLE_LANGUAGES
    from modeltranslation.translator import NotRegistered, translator
    from modeltranslation.utils import build_localized_fieldname

    try:
        translated = translator.get_options_for_model(model).all_fields
    except NotRegistered:
        return (field,)
    if field not in translated:
        return (field,)
    return tuple(build_localized_fieldname(field, code) for code in AVAILABLE_LANGUAGES)


@functools.cache
def texts_in_each_language(model):
    """Every per-language column of ``model``'s translated text fields."""
    from modeltranslation.translator import NotRegistered, translator

    try:
        translated = translator.get_options_for_model(model).all_fields
    except NotRegistered:
        return ()
    return tuple(
        field.name
        for fields in translated.values()
        for field in fields
        if isinstance(field, (models.CharField, models.TextField))
    )


def now_to_the_second():
    """The time now, without the microseconds a form would drop (and History then report)."""
    return timezone.now().replace(microsecond=0)


class Normalised(models.Model):
    """The end of the ``normalise()`` chain: each base below adds its part and calls ``super``.

    ``save()`` calls ``normalise()``, and so does every path that writes rows without
    ``save()`` (spreadsheet imports in bulk), so a rule added here holds for all of them.
    """

    class Meta:
        abstract = True

    def normalise(self):
        """Put the item's own values in their stored form (slug, clean HTML, whole seconds)."""
        self.empty_texts_as_blank()

    def empty_texts_as_blank(self):
        """A text not written in a language is stored as "" (modeltranslation would store NULL),
        so that an item reads the same however it was saved, and an import of an unchanged row
        finds nothing changed."""
        for name in texts_in_each_language(type(self)):
            if getattr(self, name) is None:
                setattr(self, name, "")


class HistoryLinks(models.Model):
    """Extra columns of every history record: the import batch that wrote it, if one did."""

    import_batch = models.ForeignKey(
        "corridor.ImportBatch",
        verbose_name=_("import batch"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        abstract = True


class TimeStampedModel(Normalised):
    """Created and updated times, a version, and a history of every change (simple-history).

    Defaults rather than ``auto_now`` so that fixtures load as they are. Every save advances
    ``version`` and writes only if the row still has the version this copy was read with, so a
    save made from a stale copy raises ``EditConflict`` instead of overwriting someone's work
    (``corridor.editing`` turns that into a merge in the admin). Bulk writes advance it too.
    """

    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now, editable=False)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    # History (simple-history) is registered in ``corridor.translation``, after the fields in
    # each language exist. Many-to-many fields named in a model's ``_history_m2m_fields`` are
    # kept in history too.

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.normalise()
        self.updated_at = timezone.now()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "updated_at", "version"}
        expected = None if self._state.adding else self.version
        if expected is not None:
            self.version = expected + 1
        self._expected_version = expected
        try:
            super().save(*args, **kwargs)
        except BaseException:
            if expected is not None:
                self.version = expected
            raise
        finally:
            self._expected_version = None

    def stamp(self, user=None, when=None):
        """Record who changes the item and when (and who created it, for a new one)."""
        self.updated_at = when or timezone.now()
        if hasattr(self, "updated_by_id"):
            if self._state.adding or self.pk is None:
                self.created_by = user
            self.updated_by = user

    def _do_update(self, base_qs, using, pk_val, values, update_fields, forced_update):
        expected = getattr(self, "_expected_version", None)
        if expected is None:  # a new row, or a fixture loaded as it is
            return super()._do_update(base_qs, using, pk_val, values, update_fields, forced_update)
        if super()._do_update(
            base_qs.filter(version=expected), using, pk_val, values, update_fields, forced_update
        ):
            return True
        if base_qs.filter(pk=pk_val).exists():
            raise EditConflict(self)
        return False  # the row is gone (a deleted item restored from its history): insert it


class SluggedModel(Normalised):
    """A unique slug made from ``slug_source`` when left blank; Chinese names become pinyin."""

    slug_source = "name"

    slug = models.SlugField(
        _("slug"),
        max_length=90,
        unique=True,
        blank=True,
        allow_unicode=False,
        help_text=_("The last part of the page address. Left blank, it is made from the name."),
    )

    objects = SlugManager()

    class Meta:
        abstract = True

    def normalise(self):
        super().normalise()
        if not self.slug:
            self.slug = self.make_slug()

    def natural_key(self):
        return (self.slug,)

    def slug_candidates(self):
        """The English text first, then the Chinese (as pinyin), whatever language is active."""
        yield getattr(self, f"{self.slug_source}_en", None) or getattr(self, self.slug_source, "")
        yield getattr(self, f"{self.slug_source}_zh_hans", None) or ""

    def make_slug(self):
        base = next((s for s in map(slug_from, self.slug_candidates()) if s), "")
        base = base or self._meta.model_name
        slug, n = base, 2
        others = type(self)._default_manager.exclude(pk=self.pk)
        while others.filter(slug=slug).exists():
            suffix = f"-{n}"
            slug = f"{base[: 90 - len(suffix)]}{suffix}"
            n += 1
        return slug


class NamedModel(SluggedModel):
    """A name, in English (``name_en``, required) and Chinese (``name_zh_hans``): see
    ``corridor.translation``. ``name`` reads the active language's, or else the other."""

    name = models.CharField(_("name"), max_length=200)

    class Meta:
        abstract = True

    def __str__(self):
        return self.name

    @property
    def display_name(self):
        english, chinese = self.name_en or "", self.name_zh_hans or ""
        return f"{english} ({chinese})" if chinese and english else english or chinese


class State(models.TextChoices):
    """Where an item stands for its visitors, as an editor thinks of it."""

    DRAFT = "draft", _("Draft")
    SCHEDULED = "scheduled", _("Scheduled")
    PUBLISHED = "published", _("Published")
    EXPIRED = "expired", _("Expired")


def is_live_at(status, publish_at, unpublish_at, now=None):
    """Whether an item of this status and publication window is public (``now`` by default):
    what ``.published()`` asks of the database, asked of values already read."""
    now = now or timezone.now()
    return (
        status == PublishableModel.Status.PUBLISHED
        and publish_at <= now
        and (unpublish_at is None or unpublish_at > now)
    )


class PublishableModel(TimeStampedModel):
    """Draft or published, with a publish time (future = scheduled) and an optional end.

    List it before the slug bases so that its manager, with ``.published()``, is the default.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    publish_at = models.DateTimeField(
        _("publish at"),
        default=now_to_the_second,
        help_text=_("A future time schedules the item: it goes live then by itself."),
    )
    unpublish_at = models.DateTimeField(
        _("unpublish at"),
        null=True,
        blank=True,
        help_text=_("Optional: the item leaves the public site at this time."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last edited by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = PublishableManager()

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        if self.unpublish_at and self.publish_at and self.unpublish_at <= self.publish_at:
            raise ValidationError(
                {"unpublish_at": _("The unpublish time must come after the publish time.")}
            )

    @property
    def is_live(self):
        return is_live_at(self.status, self.publish_at, self.unpublish_at)

    def normalise(self):
        super().normalise()
        for name in ("publish_at", "unpublish_at"):
            moment = getattr(self, name)
            if moment is not None and moment.microsecond:
                setattr(self, name, moment.replace(microsecond=0))

    @property
    def state(self):
        """A ``State``: draft, scheduled, published or expired, what an editor needs to see."""
        if self.status == self.Status.DRAFT:
            return State.DRAFT
        now = timezone.now()
        if self.publish_at > now:
            return State.SCHEDULED
        if self.unpublish_at and self.unpublish_at <= now:
            return State.EXPIRED
        return State.PUBLISHED


# Every model also has "import" and "export" permissions: spreadsheets are granted separately.
PERMISSIONS = ("add", "change", "delete", "view", "import", "export")
# Publishable content adds "publish": publishing, scheduling and unpublishing are a publisher's.
PUBLISHABLE_PERMISSIONS = (*PERMISSIONS, "publish")


def publishable_indexes(prefix, featured=False, by_name=False):
    """What every list of the model reads: the publish window (``published()`` and the page
    cache's next scheduled change), and where the model has them, the featured few and the
    order by name."""
    indexes = [
        models.Index(fields=["status", "publish_at"], name=f"{prefix}_pub_idx"),
        models.Index(fields=["status", "unpublish_at"], name=f"{prefix}_unpub_idx"),
    ]
    if featured:
        indexes.append(
            models.Index(
                fields=["status", "publish_at"],
                condition=models.Q(is_featured=True),
                name=f"{prefix}_featured_idx",
            )
        )
    if by_name:
        indexes.append(models.Index(Lower("name"), F("id"), name=f"{prefix}_name_idx"))
    return indexes


class Province(models.TextChoices):
    SHANGHAI = "shanghai", _("Shanghai")
    ZHEJIANG = "zhejiang", _("Zhejiang")
    JIANGSU = "jiangsu", _("Jiangsu")
    ANHUI = "anhui", _("Anhui")
    OTHER = "other", _("Other")


class Phase(models.TextChoices):
    ONE = "1.0", _("G60 1.0 (2016, Songjiang)")
    TWO = "2.0", _("G60 2.0 (2017, with Jiaxing and Hangzhou)")
    THREE = "3.0", _("G60 3.0 (2018, nine cities)")


def upload_to(folder):
    return f"{folder}/%Y/%m/"


class RichTextMixin(Normalised):
    """Sanitises the ``rich_text_fields`` whenever the item is normalised: on every save and on
    every bulk write, whatever path the data came by."""

    rich_text_fields = ("description",)

    class Meta:
        abstract = True

    def normalise(self):
        super().normalise()
        for field in self.rich_text_fields:
            for name in translated_names(type(self), field):
                setattr(self, name, clean_html(getattr(self, name) or ""))


# The columns made from an item's texts for search, which no form shows and no history keeps.
DOCUMENT_FIELDS = ("search_document", "search_names_document", "search_chinese_document")


class Searchable(Normalised):
    """An item site search finds: ``search_document`` holds the tokens of its
    ``search_names`` and ``search_texts`` in both languages (``corridor.text``), and
    ``search_names_document`` those of its names alone, and ``search_chinese_document`` the
    runs of Chinese characters of both; all three are remade whenever the item is normalised,
    so on every save and every bulk write. Each database indexes them itself (migrations 0015
    and 0017): a weighted ``search_vector`` column and a pg_trgm index on PostgreSQL, FTS5
    tables kept by triggers on SQLite, so rows written by any path are found as soon as they
    are written."""

    search_names = ()
    search_texts = ()
    search_tags = ()
    # A table of tens of thousands of rows or more, whose search reads each of its arms
    # through one index (``corridor.search.arms``); a smaller one is read in one scan.
    search_many = False

    search_document = models.TextField(_("search document"), blank=True, default="", editable=False)
    search_names_document = models.TextField(
        _("search document of the names"), blank=True, default="", editable=False
    )
    search_chinese_document = models.TextField(
        _("Chinese text for search"), blank=True, default="", editable=False
    )

    class Meta:
        abstract = True

    def normalise(self):
        super().normalise()
        self.refresh_search_document()

    def refresh_search_document(self):
        names = [getattr(self, name) or "" for name in self.search_names]
        texts = [strip_tags(getattr(self, name) or "") for name in self.search_texts]
        self.search_names_document = search_document(names)
        self.search_document = search_document(names, texts)
        self.search_chinese_document = chinese_document([*names, *texts])


class Sourced(models.Model):
    """Where an item's facts come from, and when an editor last checked them there.

    The source is a publication or document (``source_name``, with a link and a date), or an
    article of this site (``source``), whose own source stands in for whatever is left blank.
    ``verified_on`` is the day an editor last checked the facts against it; the admin lists
    the items not checked for ``CHECK_EVERY`` (``stale``)."""

    CHECK_EVERY = datetime.timedelta(days=365)

    source = models.ForeignKey(
        "corridor.NewsItem",
        verbose_name=_("source article"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("An article of this site that the facts come from."),
    )
    source_name = models.CharField(
        _("source"),
        max_length=200,
        blank=True,
        help_text=_("The publication or document the facts come from, e.g. “Shanghai Daily”."),
    )
    source_url = models.URLField(_("source link"), max_length=500, blank=True)
    source_date = models.DateField(
        _("source date"), null=True, blank=True, validators=[validate_not_future_date]
    )
    verified_on = models.DateField(
        _("last checked"),
        null=True,
        blank=True,
        validators=[validate_not_future_date],
        help_text=_("The day an editor last checked these facts against the source."),
    )

    class Meta:
        abstract = True

    @property
    def citation(self):
        """``Citation`` of the source, the article's own filling what is left blank (only an
        article a visitor may read); None when nothing names a source."""
        article = self.source if self.source_id and self.source.is_live else None
        return Citation.of(
            self.source_name, self.source_url, self.source_date, self.verified_on, article
        )

    @classmethod
    def stale_condition(cls, today=None):
        """A ``Q`` for items never checked, or last checked ``CHECK_EVERY`` ago or longer."""
        today = today or timezone.localdate()
        return models.Q(verified_on__isnull=True) | models.Q(
            verified_on__lte=today - cls.CHECK_EVERY
        )


@dataclass(frozen=True)
class Citation:
    """A source as pages, downloads and the API show it."""

    name: str
    url: str
    date: datetime.date | None
    article: object
    verified_on: datetime.date | None

    @classmethod
    def of(cls, name, url, day, verified_on, article):
        """A record's own source, the ``article``'s (anything with ``source_name``,
        ``source_url`` and ``source_published_on``, or None) filling what it leaves blank;
        None when nothing names a source."""
        name = name or (article.source_name if article else "")
        url = url or (article.source_url if article else "")
        day = day or (article.source_published_on if article else None)
        if not (name or url or article):
            return None
        return cls(name, url, day, article, verified_on)


# --- Reference data ---------------------------------------------------------------------------


class City(ImageMixin, RichTextMixin, Searchable, NamedModel, TimeStampedModel):
    """A member city of the corridor, or another city that runs an innovation enclave."""

    search_names = ("name_en", "name_zh_hans")
    search_texts = ("summary_en", "summary_zh_hans")

    image_fields = (("image", "image_alt", "image_renditions"),)

    province = models.CharField(_("province"), max_length=20, choices=Province.choices)
    is_member = models.BooleanField(_("member city"), default=True)
    phase = models.CharField(_("joined in phase"), max_length=3, choices=Phase.choices, blank=True)
    joined_year = models.PositiveSmallIntegerField(
        _("year joined"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    position = models.PositiveSmallIntegerField(
        _("position along the corridor"),
        default=0,
        help_text=_("1 for Songjiang, then outward along the G60 Expressway."),
    )
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("-90")), MaxValueValidator(Decimal("90"))],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("-180")), MaxValueValidator(Decimal("180"))],
    )
    area_km2 = models.DecimalField(
        _("area (km²)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[NOT_NEGATIVE_DECIMAL],
    )
    population = models.PositiveIntegerField(
        _("population"), null=True, blank=True, validators=[NOT_NEGATIVE]
    )
    summary = models.TextField(_("summary"), blank=True)
    description = models.TextField(_("description"), blank=True)
    image = models.ImageField(
        _("image"),
        upload_to=upload_to("cities"),
        blank=True,
        validators=[validate_image],
        help_text=_("JPEG, PNG or WebP. Metadata such as GPS positions is removed."),
    )
    image_renditions = models.JSONField(default=dict, blank=True, editable=False)
    image_alt = models.CharField(_("image alt text"), max_length=250, blank=True)

    class Meta:
        ordering = ("position", "name")
        verbose_name = _("city")
        verbose_name_plural = _("cities")
        default_permissions = PERMISSIONS
        indexes = [models.Index(fields=["is_member", "position"], name="city_member_idx")]

    def get_absolute_url(self):
        return reverse("corridor:city_detail", kwargs={"slug": self.slug})


class Industry(Searchable, NamedModel, TimeStampedModel):
    """A strategic industry (the "6+X") or another sector the corridor reports on."""

    is_strategic = models.BooleanField(_("strategic (6+X)"), default=False)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    summary = models.TextField(_("summary"), blank=True)

    search_names = ("name_en", "name_zh_hans")

    class Meta:
        ordering = ("position", "name")
        verbose_name = _("industry")
        verbose_name_plural = _("industries")
        default_permissions = PERMISSIONS

    def get_absolute_url(self):
        return reverse("corridor:industry_detail", kwargs={"slug": self.slug})


# --- Publishable content ----------------------------------------------------------------------


class Park(ImageMixin, RichTextMixin, Searchable, Sourced, PublishableModel, NamedModel):
    """An industrial park, base, science city, innovation hub or R&D platform."""

    search_names = ("name_en", "name_zh_hans")
    search_texts = ("summary_en", "summary_zh_hans")
    search_related = ("city",)
    # A query word naming one of these (an industry, a city) finds the items tagged with it.
    search_tags = ("industries", "city")

    _history_m2m_fields = ["industries"]
    image_fields = (("image", "image_alt", "image_renditions"),)

    class Kind(models.TextChoices):
        INDUSTRIAL_PARK = "park", _("Industrial park")
        BASE = "base", _("Industrial base")
        SCIENCE_CITY = "science_city", _("Science city")
        HUB = "hub", _("Innovation hub")
        PLATFORM = "platform", _("R&D platform")
        OTHER = "other", _("Other")

    kind = models.CharField(
        _("kind"), max_length=20, choices=Kind.choices, default=Kind.INDUSTRIAL_PARK
    )
    city = models.ForeignKey(
        City, verbose_name=_("city"), on_delete=models.PROTECT, related_name="parks"
    )
    area_km2 = models.DecimalField(
        _("area (km²)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[NOT_NEGATIVE_DECIMAL],
    )
    opened_year = models.PositiveSmallIntegerField(
        _("opened"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    industries = models.ManyToManyField(
        Industry, verbose_name=_("industries"), blank=True, related_name="parks"
    )
    summary = models.TextField(_("summary"), blank=True)
    description = models.TextField(_("description"), blank=True)
    image = models.ImageField(
        _("image"),
        upload_to=upload_to("parks"),
        blank=True,
        validators=[validate_image],
        help_text=_("JPEG, PNG or WebP. Metadata such as GPS positions is removed."),
    )
    image_renditions = models.JSONField(default=dict, blank=True, editable=False)
    image_alt = models.CharField(_("image alt text"), max_length=250, blank=True)

    class Meta:
        ordering = (Lower("name"),)
        verbose_name = _("park or platform")
        verbose_name_plural = _("parks and platforms")
        default_permissions = PUBLISHABLE_PERMISSIONS
        indexes = publishable_indexes("park", by_name=True)

    def get_absolute_url(self):
        return reverse("corridor:park_detail", kwargs={"slug": self.slug})


class Enclave(ImageMixin, RichTextMixin, Searchable, Sourced, PublishableModel, NamedModel):
    """An "Innovation Enclave": a city's sci-tech centre hosted in another city."""

    search_names = ("name_en", "name_zh_hans")
    search_texts = ("summary_en", "summary_zh_hans")
    search_related = ("home_city", "host_city")
    search_tags = ("industries", "home_city", "host_city")

    _history_m2m_fields = ["industries"]
    image_fields = (("image", "image_alt", "image_renditions"),)

    home_city = models.ForeignKey(
        City,
        verbose_name=_("home city (runs it)"),
        on_delete=models.PROTECT,
        related_name="enclaves_run",
    )
    host_city = models.ForeignKey(
        City,
        verbose_name=_("host city (where it is)"),
        on_delete=models.PROTECT,
        related_name="enclaves_hosted",
    )
    park = models.ForeignKey(
        Park,
        verbose_name=_("park"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="enclaves",
    )
    address = models.CharField(_("address"), max_length=250, blank=True)
    opened_on = models.DateField(
        _("opened on"), null=True, blank=True, validators=[validate_not_future_date]
    )
    industries = models.ManyToManyField(
        Industry, verbose_name=_("focus industries"), blank=True, related_name="enclaves"
    )
    summary = models.TextField(_("summary"), blank=True)
    description = models.TextField(_("description"), blank=True)
    image = models.ImageField(
        _("image"),
        upload_to=upload_to("enclaves"),
        blank=True,
        validators=[validate_image],
        help_text=_("JPEG, PNG or WebP. Metadata such as GPS positions is removed."),
    )
    image_renditions = models.JSONField(default=dict, blank=True, editable=False)
    image_alt = models.CharField(_("image alt text"), max_length=250, blank=True)
    is_featured = models.BooleanField(_("featured"), default=False)

    class Meta:
        ordering = (Lower("name"),)
        verbose_name = _("innovation enclave")
        verbose_name_plural = _("innovation enclaves")
        default_permissions = PUBLISHABLE_PERMISSIONS
        indexes = publishable_indexes("enclave", featured=True, by_name=True)

    def get_absolute_url(self):
        return reverse("corridor:enclave_detail", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()
        if self.home_city_id and self.home_city_id == self.host_city_id:
            raise ValidationError(
                {"host_city": _("An enclave's host city must differ from the city that runs it.")}
            )


class Enterprise(ImageMixin, RichTextMixin, Searchable, Sourced, PublishableModel, NamedModel):
    """A company or research institute in the corridor."""

    search_names = ("name_en", "name_zh_hans")
    search_texts = ("summary_en", "summary_zh_hans", "highlights_en", "highlights_zh_hans")
    search_related = ("city",)
    search_tags = ("industries", "city")
    search_many = True

    _history_m2m_fields = ["industries"]
    image_fields = (("logo", "logo_alt", "logo_renditions"),)

    class Kind(models.TextChoices):
        COMPANY = "company", _("Company")
        INSTITUTE = "institute", _("Research institute")
        UNIVERSITY = "university", _("University")

    class Board(models.TextChoices):
        STAR = "star", _("STAR Market")
        SSE = "sse", _("Shanghai Stock Exchange")
        SZSE = "szse", _("Shenzhen Stock Exchange")
        BSE = "bse", _("Beijing Stock Exchange")
        HKEX = "hkex", _("Hong Kong Stock Exchange")
        OVERSEAS = "overseas", _("Overseas exchange")
        UNLISTED = "unlisted", _("Unlisted")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.COMPANY)
    credit_code = models.CharField(
        _("unified social credit code"),
        max_length=18,
        blank=True,
        validators=[validate_credit_code],
        help_text=_("统一社会信用代码: 18 characters. Optional, unique when given."),
    )
    city = models.ForeignKey(
        City, verbose_name=_("city"), on_delete=models.PROTECT, related_name="enterprises"
    )
    park = models.ForeignKey(
        Park,
        verbose_name=_("park"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="enterprises",
    )
    enclave = models.ForeignKey(
        Enclave,
        verbose_name=_("innovation enclave"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="enterprises",
    )
    industries = models.ManyToManyField(
        Industry, verbose_name=_("industries"), blank=True, related_name="enterprises"
    )
    founded_year = models.PositiveSmallIntegerField(
        _("founded"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    listing_board = models.CharField(
        _("listing board"), max_length=10, choices=Board.choices, default=Board.UNLISTED
    )
    stock_code = models.CharField(_("stock code"), max_length=20, blank=True)
    is_high_tech = models.BooleanField(_("high-tech enterprise"), default=False)
    website = models.URLField(_("website"), blank=True)
    logo = models.ImageField(
        _("logo"),
        upload_to=upload_to("logos"),
        blank=True,
        validators=[validate_image],
        help_text=_("JPEG, PNG or WebP. Metadata such as GPS positions is removed."),
    )
    logo_renditions = models.JSONField(default=dict, blank=True, editable=False)
    logo_alt = models.CharField(_("logo alt text"), max_length=250, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    description = models.TextField(_("description"), blank=True)
    highlights = models.TextField(
        _("highlights"), blank=True, help_text=_("One achievement or figure per line.")
    )
    is_featured = models.BooleanField(_("featured"), default=False)

    class Meta:
        ordering = (Lower("name"),)
        verbose_name = _("enterprise or institute")
        verbose_name_plural = _("enterprises and institutes")
        default_permissions = PUBLISHABLE_PERMISSIONS
        indexes = [
            *publishable_indexes("enterprise", featured=True, by_name=True),
            # Oldest first (nulls last, as PostgreSQL's index order); newest first is
            # PostgreSQL-only, in migration 0014, as SQLite cannot write NULLS LAST there.
            models.Index(fields=["founded_year", "id"], name="enterprise_founded_idx"),
            models.Index(fields=["listing_board"], name="enterprise_board_idx"),
            models.Index(fields=["stock_code"], name="enterprise_stock_idx"),
            models.Index(fields=["-created_at", "-id"], name="enterprise_newest_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["credit_code"],
                condition=~models.Q(credit_code=""),
                name="enterprise_unique_credit_code",
                violation_error_message=_(
                    "Another enterprise already has this unified social credit code."
                ),
            ),
        ]

    def get_absolute_url(self):
        return reverse("corridor:enterprise_detail", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()
        self.credit_code = self.credit_code.strip().upper()
        if self.stock_code and self.listing_board == self.Board.UNLISTED:
            raise ValidationError(
                {"listing_board": _("Choose the board this stock code is listed on.")}
            )

    @property
    def highlight_list(self):
        return [line.strip() for line in self.highlights.splitlines() if line.strip()]


class Fund(RichTextMixin, Searchable, Sourced, PublishableModel, NamedModel):
    """An investment or special fund backing corridor companies."""

    search_names = ("name_en", "name_zh_hans")
    search_texts = ("summary_en", "summary_zh_hans", "manager_en", "manager_zh_hans")
    search_tags = ("industries", "cities")

    _history_m2m_fields = ["cities", "industries"]

    class Kind(models.TextChoices):
        TRANSFORMATION = "transformation", _("Achievement transformation fund")
        SPECIAL = "special", _("Special fund")
        GUIDANCE = "guidance", _("Government guidance fund")
        VENTURE = "venture", _("Venture capital fund")
        OTHER = "other", _("Other")

    class Currency(models.TextChoices):
        CNY = "CNY", _("yuan (CNY)")
        USD = "USD", _("US dollars (USD)")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    size_amount = models.DecimalField(
        _("total size"),
        max_digits=18,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[NOT_NEGATIVE_DECIMAL],
        help_text=_("In units of the currency, e.g. 10000000000."),
    )
    currency = models.CharField(
        _("currency"), max_length=3, choices=Currency.choices, default=Currency.CNY
    )
    launched_year = models.PositiveSmallIntegerField(
        _("launched"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    manager = models.CharField(_("manager"), max_length=200, blank=True)
    cities = models.ManyToManyField(
        City, verbose_name=_("cities covered"), blank=True, related_name="funds"
    )
    industries = models.ManyToManyField(
        Industry, verbose_name=_("industries"), blank=True, related_name="funds"
    )
    summary = models.TextField(_("summary"), blank=True)
    description = models.TextField(_("description"), blank=True)
    is_featured = models.BooleanField(_("featured"), default=False)

    class Meta:
        ordering = (Lower("name"),)
        verbose_name = _("fund")
        verbose_name_plural = _("funds")
        default_permissions = PUBLISHABLE_PERMISSIONS
        indexes = publishable_indexes("fund", featured=True, by_name=True)

    def get_absolute_url(self):
        return reverse("corridor:fund_detail", kwargs={"slug": self.slug})


class FundInvestment(Sourced, TimeStampedModel):
    """A fund's support for an enterprise."""

    fund = models.ForeignKey(
        Fund, verbose_name=_("fund"), on_delete=models.CASCADE, related_name="investments"
    )
    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name=_("enterprise"),
        on_delete=models.CASCADE,
        related_name="investments",
    )
    amount = models.DecimalField(
        _("amount"),
        max_digits=18,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[NOT_NEGATIVE_DECIMAL],
    )
    date = models.DateField(_("date"), null=True, blank=True, validators=[validate_not_future_date])
    note = models.CharField(_("note"), max_length=300, blank=True)

    objects = FundInvestmentManager()

    class Meta:
        ordering = ("-date", "fund__name")
        verbose_name = _("fund investment")
        verbose_name_plural = _("fund investments")
        default_permissions = PERMISSIONS
        constraints = [
            models.UniqueConstraint(fields=["fund", "enterprise"], name="investment_unique_pair"),
        ]

    def __str__(self):
        return f"{self.fund} → {self.enterprise}"

    def natural_key(self):
        return (self.fund.slug, self.enterprise.slug)

    natural_key.dependencies = ["corridor.fund", "corridor.enterprise"]


class NewsItem(ImageMixin, RichTextMixin, Searchable, PublishableModel, SluggedModel):
    """A news article. ``publish_at`` is its publication time."""

    search_names = ("title_en", "title_zh_hans")
    search_texts = ("standfirst_en", "standfirst_zh_hans", "body_en", "body_zh_hans")
    search_tags = ("industries", "cities")
    search_many = True

    _history_m2m_fields = ["cities", "industries", "enterprises", "enclaves", "funds", "parks"]
    image_fields = (("image", "image_alt", "image_renditions"),)

    slug_source = "title"
    rich_text_fields = ("body",)

    title = models.CharField(_("title"), max_length=250)
    standfirst = models.TextField(
        _("standfirst"), blank=True, help_text=_("One or two sentences shown under the title.")
    )
    body = models.TextField(_("body"), blank=True)
    byline = models.CharField(_("byline"), max_length=200, blank=True)
    source_name = models.CharField(_("source"), max_length=200, blank=True)
    source_url = models.URLField(_("source link"), max_length=500, blank=True)
    source_published_on = models.DateField(_("source published on"), null=True, blank=True)
    image = models.ImageField(
        _("image"),
        upload_to=upload_to("news"),
        blank=True,
        validators=[validate_image],
        help_text=_("JPEG, PNG or WebP. Metadata such as GPS positions is removed."),
    )
    image_renditions = models.JSONField(default=dict, blank=True, editable=False)
    image_alt = models.CharField(_("image alt text"), max_length=250, blank=True)
    image_caption = models.CharField(_("image caption"), max_length=300, blank=True)
    image_credit = models.CharField(_("image credit"), max_length=200, blank=True)
    is_featured = models.BooleanField(_("featured"), default=False)
    cities = models.ManyToManyField(City, verbose_name=_("cities"), blank=True, related_name="news")
    industries = models.ManyToManyField(
        Industry, verbose_name=_("industries"), blank=True, related_name="news"
    )
    enterprises = models.ManyToManyField(
        Enterprise, verbose_name=_("enterprises"), blank=True, related_name="news"
    )
    enclaves = models.ManyToManyField(
        Enclave, verbose_name=_("enclaves"), blank=True, related_name="news"
    )
    funds = models.ManyToManyField(Fund, verbose_name=_("funds"), blank=True, related_name="news")
    parks = models.ManyToManyField(Park, verbose_name=_("parks"), blank=True, related_name="news")

    class Meta:
        ordering = ("-publish_at",)
        get_latest_by = "publish_at"
        verbose_name = _("news item")
        verbose_name_plural = _("news")
        default_permissions = PUBLISHABLE_PERMISSIONS
        indexes = publishable_indexes("news", featured=True)

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("corridor:news_detail", kwargs={"slug": self.slug})


class Milestone(Sourced, PublishableModel, SluggedModel):
    """A dated event on the corridor's timeline."""

    slug_source = "title"

    class Precision(models.TextChoices):
        DAY = "day", _("Day")
        MONTH = "month", _("Month")
        YEAR = "year", _("Year")

    date = models.DateField(
        _("date"),
        validators=[validate_not_future_date],
        help_text=_("For a month or a year, use its first day."),
    )
    precision = models.CharField(
        _("date precision"), max_length=5, choices=Precision.choices, default=Precision.DAY
    )
    title = models.CharField(_("title"), max_length=250)
    summary = models.TextField(_("summary"), blank=True)
    phase = models.CharField(_("phase"), max_length=3, choices=Phase.choices, blank=True)
    city = models.ForeignKey(
        City,
        verbose_name=_("city"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="milestones",
    )

    class Meta:
        ordering = ("date", "title")
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        default_permissions = PUBLISHABLE_PERMISSIONS
        indexes = publishable_indexes("milestone")

    def __str__(self):
        return f"{self.date:%Y} {self.title}"

    def get_absolute_url(self):
        return f"{reverse('corridor:about')}#{self.slug}"

    def slug_candidates(self):
        title = self.title_en or self.title
        yield f"{self.date:%Y} {title}" if self.date else title
        yield self.title_zh_hans or ""


def with_unit(number, unit):
    """A number and its unit as a page writes them: ``76,200 km²``, ``3.55%``, ``1000亿元``."""
    if not unit:
        return number
    separator = "" if unit.startswith("%") or CJK.match(unit) else " "
    return f"{number}{separator}{unit}"


class Indicator(Sourced, PublishableModel, SluggedModel):
    """A key figure: for the whole corridor (no city) or for one city.

    Each has a ``Theme``. A page shows its headline figures (``is_headline``) as tiles grouped
    by theme, a figure given for two or more years as a chart, and history figures with its
    timeline, never among the headlines (``corridor.statistics``). ``is_key_figure`` picks the
    whole corridor's figures for the home page.
    """

    class Theme(models.TextChoices):
        ECONOMY = "economy", _("Economy")
        INNOVATION = "innovation", _("Innovation")
        TALENT = "talent", _("People and talent")
        LAND = "land", _("Land and environment")
        COOPERATION = "cooperation", _("Cooperation")
        HISTORY = "history", _("History")

    slug_source = "label"

    label = models.CharField(_("label"), max_length=200)
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=4)
    unit = models.CharField(
        _("unit"),
        max_length=50,
        blank=True,
        help_text=_('E.g. "km²", "billion yuan", "%", "enterprises".'),
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    city = models.ForeignKey(
        City,
        verbose_name=_("city (blank: whole corridor)"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="indicators",
    )
    source = models.ForeignKey(
        NewsItem,
        verbose_name=_("source article"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="indicators",
    )
    source_note = models.CharField(_("source note"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    is_key_figure = models.BooleanField(_("show on the home page"), default=False)
    theme = models.CharField(
        _("theme"),
        max_length=20,
        choices=Theme.choices,
        blank=True,
        help_text=_(
            "Pages group their figures by theme. History figures are shown with the timeline, "
            "never among the headline figures."
        ),
    )
    # Null: not chosen yet (a figure saved before the choice existed); such a figure is not a
    # headline, and ``load_launch`` fills the launch content's choice in.
    is_headline = models.BooleanField(
        _("show among the headline figures of its page"),
        null=True,
        blank=True,
        help_text=_(
            "Yes: a tile at the top of its city's page (or of About, for the whole corridor). "
            "No or unknown: in the table of its other figures. A figure given for two or more "
            "years is drawn as a chart either way."
        ),
    )

    class Meta:
        ordering = ("position", "-year", "label")
        verbose_name = _("key figure")
        verbose_name_plural = _("key figures")
        default_permissions = PUBLISHABLE_PERMISSIONS
        indexes = publishable_indexes("indicator")

    def __str__(self):
        return f"{self.label}: {self.display_value} ({self.year})"

    def slug_candidates(self):
        scope = self.city.slug if self.city_id else "g60"
        yield f"{scope} {self.label_en or self.label} {self.year}"
        yield self.label_zh_hans or ""

    @property
    def scope(self):
        return self.city.name if self.city_id else _("Whole corridor")

    @property
    def page_unit_scale(self):
        """How many ones the unit this page shows counts: the Chinese unit's on a Chinese page
        (``亿元``, 10⁸) where the figure has one, else the English one's (``billion yuan``)."""
        from .numbers import unit_scale

        if self.unit_zh_hans and translation.get_language() == "zh-hans":
            return unit_scale(self.unit_zh_hans)
        return unit_scale(self.unit_en)

    def value_in(self, scale):
        """The value counted in a unit of ``scale`` ones: ``value_in(10**8)`` of 10 billion
        yuan is 100. A chart draws every year of a figure in one unit."""
        from .numbers import unit_scale

        return self.value * unit_scale(self.unit_en) / scale

    @property
    def display_number(self):
        """The value as the page's language writes it, no trailing zeros: ``76,200``, ``3.55``.
        Where the Chinese unit counts in 万 or 亿 and the English one in millions or billions
        (``万元`` beside ``million yuan``), the Chinese page shows the number converted."""
        from .numbers import plain

        if self.value is None:
            return ""
        return plain(self.value_in(self.page_unit_scale))

    @property
    def display_value(self):
        return with_unit(self.display_number, self.unit)


# The import batches belong to the spreadsheet feature; the app's models module loads them.
from .spreadsheets.models import ImportBatch  # noqa: E402, F401


class Preference(models.Model):
    """What a member of staff chose for themself: the language of their admin."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="preference",
    )
    language = models.CharField(
        _("language of the admin"), max_length=10, choices=settings.LANGUAGES, blank=True
    )

    class Meta:
        verbose_name = _("preference")
        verbose_name_plural = _("preferences")

    def __str__(self):
        return str(self.user)
