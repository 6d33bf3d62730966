"""The launch content: loads into an empty database, twice without change, with its links."""

from decimal import Decimal

import pytest
from django.core.management import call_command

from corridor.models import (
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
)

pytestmark = pytest.mark.django_db

EXPECTED_COUNTS = {
    City: 9,
    Industry: 27,
    Park: 28,
    Enclave: 2,
    Enterprise: 47,
    Fund: 2,
    FundInvestment: 1,
    NewsItem: 5,
    Milestone: 17,
    Indicator: 57,
}


def counts():
    return {model: model.objects.count() for model in EXPECTED_COUNTS}


def test_counts(launch_content):
    assert counts() == EXPECTED_COUNTS


def test_loading_twice_changes_nothing(launch_content):
    before = {
        model: sorted(model.objects.values_list("pk", "updated_at")) for model in EXPECTED_COUNTS
    }
    call_command("loaddata", "launch", verbosity=0)
    assert counts() == EXPECTED_COUNTS
    after = {
        model: sorted(model.objects.values_list("pk", "updated_at")) for model in EXPECTED_COUNTS
    }
    assert {m: [pk for pk, _ in rows] for m, rows in after.items()} == {
        m: [pk for pk, _ in rows] for m, rows in before.items()
    }


def test_every_object_is_valid(launch_content):
    for model in EXPECTED_COUNTS:
        for obj in model._default_manager.all():
            obj.full_clean()


def test_everything_launches_published(launch_content):
    for model in (Park, Enclave, Enterprise, Fund, NewsItem, Milestone, Indicator):
        assert model.objects.published().count() == EXPECTED_COUNTS[model], model


def test_nine_member_cities_in_corridor_order(launch_content):
    cities = list(City.objects.filter(is_member=True))
    assert [c.slug for c in cities] == [
        "songjiang",
        "jiaxing",
        "hangzhou",
        "jinhua",
        "suzhou",
        "huzhou",
        "xuancheng",
        "wuhu",
        "hefei",
    ]
    phases = {c.slug: (c.phase, c.joined_year) for c in cities}
    assert phases["songjiang"] == ("1.0", 2016)
    assert phases["jiaxing"] == phases["hangzhou"] == ("2.0", 2017)
    assert phases["hefei"] == ("3.0", 2018)
    assert {c.province for c in cities} == {"shanghai", "zhejiang", "jiangsu", "anhui"}
    assert all(c.latitude and c.longitude for c in cities)
    assert City.objects.get(slug="songjiang").name_zh_hans == "松江"


def test_sample_links(launch_content):
    henlius = Enterprise.objects.get(slug="henlius")
    assert henlius.city.slug == "songjiang"
    assert henlius.park.slug == "g60-biomedicine-industrial-base"
    assert set(henlius.industries.values_list("slug", flat=True)) == {"biomedicine"}

    huasun = Enterprise.objects.get(slug="huasun-new-energy")
    assert huasun.city.slug == "xuancheng"
    assert huasun.enclave.slug == "xuancheng-sci-tech-center"
    assert "new-energy" in huasun.industries.values_list("slug", flat=True)

    assert Enterprise.objects.get(slug="iflytek").city.slug == "hefei"
    assert Enterprise.objects.get(slug="landspace").city.slug == "huzhou"
    assert Enterprise.objects.get(slug="starpower-semiconductor").city.slug == "jiaxing"

    enclave = Enclave.objects.get(slug="xuancheng-sci-tech-center")
    assert (enclave.home_city.slug, enclave.host_city.slug) == ("xuancheng", "songjiang")
    assert enclave.park.slug == "lingang-songjiang-science-and-technology-city"
    assert str(enclave.opened_on) == "2023-09-22"

    fund = Fund.objects.get(slug="g60-science-and-technology-achievement-transformation-fund")
    assert fund.size_amount == Decimal("10000000000")
    assert fund.cities.count() == 9
    assert list(fund.investments.values_list("enterprise__slug", flat=True)) == ["huihe-medical"]


def test_industries_include_the_strategic_six_plus_x(launch_content):
    strategic = set(Industry.objects.filter(is_strategic=True).values_list("slug", flat=True))
    assert {
        "artificial-intelligence",
        "biomedicine",
        "integrated-circuits",
        "new-materials",
        "new-energy",
        "intelligent-security",
    } <= strategic


def test_key_figures_match_the_articles(launch_content):
    figures = {
        f.slug: (f.value, f.unit)
        for f in Indicator.objects.filter(city__isnull=True, is_key_figure=True)
    }
    assert figures["g60-area-2023"] == (Decimal("76200"), "km²")
    assert figures["g60-population-2023"] == (Decimal("57.92"), "million people")
    assert figures["g60-member-cities-2023"][0] == 9
    assert figures["g60-high-tech-enterprises-2023"][0] == 44200


def test_news_credit_their_source(launch_content):
    for item in NewsItem.objects.all():
        assert item.source_name == "Shanghai Daily"
        assert item.source_published_on == item.publish_at.date()
        assert item.body.startswith("<p>")
        assert item.cities.exists()
    assert [d.isoformat() for d in NewsItem.objects.dates("publish_at", "day")] == [
        "2022-12-25",
        "2023-06-13",
        "2023-07-11",
        "2023-11-05",
        "2024-06-11",
    ]


def test_milestones_cover_the_three_phases(launch_content):
    phases = set(Milestone.objects.exclude(phase="").values_list("phase", flat=True))
    assert phases == {"1.0", "2.0", "3.0"}


def test_home_page_renders_launch_content(client, launch_content):
    html = client.get("/en/").content.decode()
    assert '76,200</span> <span class="figure-unit">km²' in html
    assert '57.92</span> <span class="figure-unit">million people' in html
    for city in City.objects.filter(is_member=True):
        assert city.get_absolute_url() in html
    latest = NewsItem.objects.published().first()
    assert latest.get_absolute_url() in html


def test_every_page_of_launch_content_renders(client, launch_content):
    for model in (City, Industry, Park, Enclave, Enterprise, Fund, NewsItem):
        for obj in model.objects.all():
            response = client.get(obj.get_absolute_url())
            assert response.status_code == 200, obj.get_absolute_url()
    assert client.get("/en/about/").status_code == 200
