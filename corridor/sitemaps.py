"""sitemap.xml: every public page in every language, read through ``.published()``.

A section costs the same at ten items and at a million: the index asks the database for each
section's size and latest change in one aggregate (kept until content changes), and a page reads
its ``limit`` items by primary key, only the columns their addresses need, before it lists each
of them once per language.
"""

from django.contrib.sitemaps import Sitemap
from django.core.paginator import Paginator
from django.db.models import Count, Max
from django.urls import reverse
from django.utils.functional import cached_property

from . import registry
from .cache import for_this_generation


class LanguagesSitemap(Sitemap):
    """Each page once per language, each entry naming the others (hreflang) and x-default."""

    i18n = True
    alternates = True
    x_default = True


class StaticSitemap(LanguagesSitemap):
    changefreq = "weekly"
    priority = 0.8

    def items(self):
        return [
            "corridor:home",
            "corridor:about",
            "corridor:city_list",
            "corridor:industry_list",
            "corridor:enterprise_list",
            "corridor:enclave_list",
            "corridor:fund_list",
            "corridor:park_list",
            "corridor:news_list",
            "corridor:data",
        ]

    def location(self, item):
        return reverse(item)


class ItemPaginator(Paginator):
    """Pages of ``limit`` items, counted and sliced by the database.

    Django's ``Sitemap`` pairs every item with every language in a Python list before it
    paginates; here a page slices the queryset first and pairs only its own items.
    """

    def __init__(self, sitemap):
        super().__init__(sitemap.items(), sitemap.limit)
        self.sitemap = sitemap

    @cached_property
    def count(self):
        return self.sitemap.totals["count"]

    def _get_page(self, items, number, paginator):
        if not self.sitemap.i18n:
            return super()._get_page(items, number, paginator)
        entries = [
            (item, code) for item in items for code in self.sitemap.get_languages_for_item(item)
        ]
        return super()._get_page(entries, number, paginator)


class ContentSitemap(LanguagesSitemap):
    """The published items of one model, ``limit`` items (each in every language) a page."""

    model = None
    # Each item is listed in every language, with its alternates: 1,000 items make 2,000
    # entries, a page a worker builds in little memory (``make benchmark-scale`` measures it;
    # 2,000 items took 15 MB over the worker's 85, at the edge of the 100 MB it may use).
    limit = 1000

    def items(self):
        return self.model._default_manager.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, obj):
        return obj.updated_at

    @cached_property
    def totals(self):
        """How many published items there are and when the latest changed: one query, kept
        until content changes (at a million rows it reads them all, a third of a second)."""

        def count():
            published = self.model._default_manager.published()
            return published.aggregate(count=Count("pk"), latest=Max("updated_at"))

        return for_this_generation("sitemap", (self.model._meta.label,), count)

    def get_latest_lastmod(self):
        return self.totals["latest"]

    @property
    def paginator(self):
        return ItemPaginator(self)


def content_sitemap(model_class, frequency="monthly"):
    return type(
        f"{model_class.__name__}Sitemap",
        (ContentSitemap,),
        {"model": model_class, "changefreq": frequency},
    )


SITEMAPS = {
    "pages": StaticSitemap,
    **{
        content.plural: content_sitemap(model, content.changefreq)
        for content, model in registry.with_pages()
    },
}
