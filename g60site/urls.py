from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path

from corridor.languages import switch_language
from corridor.sitemaps import SITEMAPS
from corridor.views import RobotsView

# The admin, the sitemaps and robots.txt have one address each; every public page has one per
# language (/en/…, /zh-hans/…). An address without a language redirects to the visitor's
# language: the one they chose last (a cookie), else their browser's.
# Under /api/, an address that names nothing answers in JSON, as the API does.
handler404 = "corridor.api.not_found"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("corridor.api")),
    path("sitemap.xml", sitemap_views.index, {"sitemaps": SITEMAPS}, name="sitemap_index"),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="django.contrib.sitemaps.views.sitemap",
    ),
    path("robots.txt", RobotsView.as_view(), name="robots"),
    path("language/<str:code>/", switch_language, name="switch_language"),
    *i18n_patterns(path("", include("corridor.urls")), prefix_default_language=True),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
