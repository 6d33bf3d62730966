from django.urls import path

from . import feeds, views

app_name = "corridor"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("about/", views.AboutView.as_view(), name="about"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("cities/", views.CityListView.as_view(), name="city_list"),
    path("cities/<slug:slug>/", views.CityDetailView.as_view(), name="city_detail"),
    path("compare/", views.CompareView.as_view(), name="compare"),
    path("industries/", views.IndustryListView.as_view(), name="industry_list"),
    path("industries/<slug:slug>/", views.IndustryDetailView.as_view(), name="industry_detail"),
    path("enterprises/", views.EnterpriseListView.as_view(), name="enterprise_list"),
    path(
        "enterprises/<slug:slug>/",
        views.EnterpriseDetailView.as_view(),
        name="enterprise_detail",
    ),
    path("enclaves/", views.EnclaveListView.as_view(), name="enclave_list"),
    path("enclaves/<slug:slug>/", views.EnclaveDetailView.as_view(), name="enclave_detail"),
    path("funds/", views.FundListView.as_view(), name="fund_list"),
    path("funds/<slug:slug>/", views.FundDetailView.as_view(), name="fund_detail"),
    path("parks/", views.ParkListView.as_view(), name="park_list"),
    path("parks/<slug:slug>/", views.ParkDetailView.as_view(), name="park_detail"),
    path("news/", views.NewsListView.as_view(), name="news_list"),
    path("data/", views.DataCatalogueView.as_view(), name="data"),
    path("data/<slug:dataset>.<slug:format>", views.DownloadView.as_view(), name="download"),
    path("news/feed/rss/", feeds.NewsFeed(), name="news_feed_rss"),
    path("news/feed/atom/", feeds.AtomNewsFeed(), name="news_feed_atom"),
    path(
        "news/feed/rss/city/<slug:slug>/", feeds.NewsFeed(), {"scope": "city"}, name="city_feed_rss"
    ),
    path(
        "news/feed/atom/city/<slug:slug>/",
        feeds.AtomNewsFeed(),
        {"scope": "city"},
        name="city_feed_atom",
    ),
    path(
        "news/feed/rss/industry/<slug:slug>/",
        feeds.NewsFeed(),
        {"scope": "industry"},
        name="industry_feed_rss",
    ),
    path(
        "news/feed/atom/industry/<slug:slug>/",
        feeds.AtomNewsFeed(),
        {"scope": "industry"},
        name="industry_feed_atom",
    ),
    path("news/<slug:slug>/", views.NewsDetailView.as_view(), name="news_detail"),
]
