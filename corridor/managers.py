"""Querysets. Public code reads publishable content through ``.published()`` and nowhere else."""

from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from .cache import content_changed


class ContentQuerySet(models.QuerySet):
    """Every content model's queryset.

    ``published()`` is what visitors may see; for reference data (cities, industries) that is
    everything. ``update()`` advances each row's ``version``, as a save does, and every write
    clears the page cache (``corridor.cache``).
    """

    def published(self, at=None):
        return self.all()

    def update(self, **kwargs):
        if "version" not in kwargs and any(
            f.name == "version" for f in self.model._meta.concrete_fields
        ):
            kwargs["version"] = F("version") + 1
        count = super().update(**kwargs)
        content_changed()
        return count

    # Writes that send no signal clear the page cache themselves.

    def bulk_create(self, *args, **kwargs):
        created = super().bulk_create(*args, **kwargs)
        content_changed()
        return created

    def bulk_update(self, *args, **kwargs):
        count = super().bulk_update(*args, **kwargs)
        content_changed()
        return count


class SlugQuerySet(ContentQuerySet):
    """Natural-key lookups by slug, used by fixtures and spreadsheet imports."""

    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class SlugManager(models.Manager.from_queryset(SlugQuerySet)):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class PublishableQuerySet(SlugQuerySet):
    """Status and publish window of content that editors draft, schedule and publish."""

    def published(self, at=None):
        """Items a visitor may see: published, live from ``publish_at``, until ``unpublish_at``."""
        now = at or timezone.now()
        return self.filter(
            Q(unpublish_at__isnull=True) | Q(unpublish_at__gt=now),
            status=self.model.Status.PUBLISHED,
            publish_at__lte=now,
        )

    def drafts(self):
        return self.filter(status=self.model.Status.DRAFT)

    def scheduled(self, at=None):
        """Published by an editor, but with a publish time still in the future."""
        now = at or timezone.now()
        return self.filter(status=self.model.Status.PUBLISHED, publish_at__gt=now)


class PublishableManager(models.Manager.from_queryset(PublishableQuerySet)):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class FundInvestmentQuerySet(ContentQuerySet):
    def published(self, at=None):
        """Investments whose fund and enterprise are both public."""
        opts = self.model._meta
        fund = opts.get_field("fund").related_model._default_manager
        enterprise = opts.get_field("enterprise").related_model._default_manager
        return self.filter(
            fund__in=fund.published(at).values("pk"),
            enterprise__in=enterprise.published(at).values("pk"),
        )


class FundInvestmentManager(models.Manager.from_queryset(FundInvestmentQuerySet)):
    def get_by_natural_key(self, fund_slug, enterprise_slug):
        return self.get(fund__slug=fund_slug, enterprise__slug=enterprise_slug)
