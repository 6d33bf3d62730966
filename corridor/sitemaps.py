"""sitemap.xml: every public page, read through ``.published()``."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import City, Enclave, Enterprise, Fund, Industry, NewsItem, Park


class StaticSitemap(Sitemap):
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
        ]

    def location(self, item):
        return reverse(item)


class ContentSitemap(Sitemap):
    model = None

    def items(self):
        manager = self.model._default_manager
        queryset = manager.published() if hasattr(manager, "published") else manager.all()
        return queryset.only("slug", "updated_at").order_by("pk")

    def lastmod(self, obj):
        return obj.updated_at


def content_sitemap(model_class, frequency="monthly"):
    return type(
        f"{model_class.__name__}Sitemap",
        (ContentSitemap,),
        {"model": model_class, "changefreq": frequency},
    )


SITEMAPS = {
    "pages": StaticSitemap,
    "cities": content_sitemap(City),
    "industries": content_sitemap(Industry),
    "enterprises": content_sitemap(Enterprise),
    "enclaves": content_sitemap(Enclave),
    "funds": content_sitemap(Fund),
    "parks": content_sitemap(Park),
    "news": content_sitemap(NewsItem, "daily"),
}
