"""Each public page runs a fixed number of queries, whether a list has 20 rows or 200."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from corridor.models import City, Enclave, Enterprise, Fund, Industry, NewsItem, Park
from tests.factories import (
    CityFactory,
    EnclaveFactory,
    EnterpriseFactory,
    FundFactory,
    FundInvestmentFactory,
    IndicatorFactory,
    IndustryFactory,
    MilestoneFactory,
    NewsItemFactory,
    ParkFactory,
)

pytestmark = pytest.mark.django_db

# (url, budget): the most queries the page may run. Sessions and auth add none for visitors.
PAGES = [
    ("/en/", 8),
    ("/en/about/", 5),
    ("/en/cities/", 3),
    ("/en/cities/songjiang/", 10),
    ("/en/industries/", 3),
    ("/en/industries/biomedicine/", 8),
    ("/en/enterprises/", 10),
    ("/en/enterprises/?city=songjiang&industry=biomedicine&order=-founded&high_tech=on", 11),
    # Its related companies: a page of its park's and of its industry's, each with a capped count.
    ("/en/enterprises/hub/", 12),
    ("/en/enclaves/", 4),
    ("/en/enclaves/hub-centre/", 7),
    ("/en/funds/", 4),
    ("/en/funds/hub-fund/", 7),
    ("/en/parks/", 4),
    ("/en/parks/hub-park/", 7),
    ("/en/news/", 8),
    ("/en/news/?city=songjiang&industry=biomedicine&year=2024", 9),
    ("/en/news/hub-news/", 9),
    # Per type, each from its index with a LIMIT: the candidates, the names past the limit, a
    # count up to the cap, the page of rows; and the tags a term names.
    ("/en/search/?q=item", 26),
    ("/en/search/?q=item&type=enterprises", 4),
    ("/en/news/feed/rss/", 3),
    ("/en/news/feed/atom/city/songjiang/", 4),
    ("/sitemap-enterprises.xml", 3),
]


def build_hub():
    """One of everything, linked together: the profiles whose lists grow around them."""
    songjiang = CityFactory(name="Songjiang", is_member=True, latitude=31, longitude=121.2)
    hefei = CityFactory(name="Hefei", is_member=True, latitude=31.8, longitude=117.2)
    industries = [IndustryFactory(name="Biomedicine"), *IndustryFactory.create_batch(3)]
    park = ParkFactory(name="Hub Park", city=songjiang, industries=industries)
    enclave = EnclaveFactory(
        name="Hub Centre", home_city=hefei, host_city=songjiang, park=park, industries=industries
    )
    fund = FundFactory(name="Hub Fund", is_featured=True)
    fund.cities.set([songjiang, hefei])
    fund.industries.set(industries)
    EnterpriseFactory(name="Hub", city=songjiang, park=park, enclave=enclave, industries=industries)
    news = NewsItemFactory(title="Hub news")
    news.cities.set([songjiang])
    news.industries.set(industries)


def grow(count, prefix="Item"):
    """Add ``count`` rows to every list around the hub: enterprises, news, parks, funds..."""
    songjiang, hefei = City.objects.get(slug="songjiang"), City.objects.get(slug="hefei")
    industries = list(Industry.objects.all())
    park, enclave = Park.objects.get(slug="hub-park"), Enclave.objects.get(slug="hub-centre")
    fund, hub = Fund.objects.get(slug="hub-fund"), Enterprise.objects.get(slug="hub")
    hub_news = NewsItem.objects.get(slug="hub-news")
    for n in range(count):
        enterprise = EnterpriseFactory(
            name=f"{prefix} {n}",
            city=songjiang,
            park=park,
            enclave=enclave,
            industries=industries,
            is_featured=True,
            is_high_tech=True,
            founded_year=2000 + n % 20,
        )
        FundInvestmentFactory(fund=fund, enterprise=enterprise, amount=1000)
        FundInvestmentFactory(fund=FundFactory(name=f"{prefix} fund {n}"), enterprise=hub)
        ParkFactory(name=f"{prefix} park {n}", city=songjiang, industries=industries)
        EnclaveFactory(
            name=f"{prefix} enclave {n}",
            home_city=hefei,
            host_city=songjiang,
            industries=industries,
        )
        news = NewsItemFactory(title=f"{prefix} news {n}")
        news.cities.set([songjiang, hefei])
        news.industries.set(industries)
        news.enterprises.add(hub, enterprise)
        news.enclaves.add(enclave)
        news.funds.add(fund)
        news.parks.add(park)
        hub_news.enterprises.add(enterprise)
        MilestoneFactory(title=f"{prefix} milestone {n}", city=songjiang, phase="3.0")
        IndicatorFactory(
            label=f"{prefix} figure {n}", city=None if n % 2 else songjiang, is_key_figure=True
        )


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.mark.parametrize("size", [20, 200])
def test_pages_stay_within_budget(client, django_assert_max_num_queries, size):
    build_hub()
    grow(size)
    for url, budget in PAGES:
        with django_assert_max_num_queries(budget, info=url):
            response = client.get(url)
        assert response.status_code == 200, url


def test_query_count_does_not_grow_with_rows(client):
    build_hub()
    grow(20)
    small = {url: count_queries(client, url) for url, _ in PAGES}
    grow(180, prefix="More")
    large = {url: count_queries(client, url) for url, _ in PAGES}
    assert large == small
