"""sitemap.xml: every public page in every language, read through ``.published()``."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from . import registry


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
        ]

    def location(self, item):
        return reverse(item)


class ContentSitemap(LanguagesSitemap):
    model = None

    def items(self):
        return self.model._default_manager.published().only("slug", "updated_at").order_by("pk")

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
    **{
        content.plural: content_sitemap(model, content.changefreq)
        for content, model in registry.with_pages()
    },
}
