"""The read-only API (``corridor.api``): every answer checked against the OpenAPI schema the
site serves; published items only; the directory's filters; keyset pages; 304 answers; the rate
limit; GET-only CORS."""

import datetime
import json

import pytest
import time_machine
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse
from openapi_core import OpenAPI
from openapi_core.contrib.django import DjangoOpenAPIRequest, DjangoOpenAPIResponse
from openapi_spec_validator import validate

from corridor.opendata import DATASETS
from tests.factories import (
    CityFactory,
    EnterpriseFactory,
    FundInvestmentFactory,
    IndustryFactory,
    NewsItemFactory,
    ParkFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema(client):
    response = client.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    document = json.loads(response.content)
    validate(document)  # a valid OpenAPI 3 document
    return document


class Checked:
    """A test client whose every API answer is checked against the schema: status, headers,
    body. A response the schema does not describe fails the test."""

    def __init__(self, client, schema):
        self.client = client
        self.openapi = OpenAPI.from_dict(schema)
        self.checked = 0

    def get(self, url, data=None, **headers):
        response = self.client.get(url, data, **headers)
        self.openapi.validate_response(
            DjangoOpenAPIRequest(response.wsgi_request), DjangoOpenAPIResponse(response)
        )
        self.checked += 1
        return response


@pytest.fixture
def api(client, schema):
    return Checked(client, schema)


def list_of(api, key, **params):
    response = api.get(f"/api/v1/{key}/", params)
    assert response.status_code == 200, response.content
    return response.json()


def test_the_schema_describes_a_list_and_an_item_of_every_dataset(schema):
    paths = schema["paths"]
    for key in DATASETS:
        assert f"/api/v1/{key}/" in paths
        item = [path for path in paths if path.startswith(f"/api/v1/{key}/{{")]
        assert len(item) == 1, key
        assert set(paths[item[0]]["get"]["responses"]) >= {"200", "304", "404", "429"}
    filters = {p["name"] for p in paths["/api/v1/enterprises/"]["get"]["parameters"]}
    # The directory's own filters (one FilterSet for the page and the API), and the pages.
    assert {"q", "city", "industry", "park", "board", "founded_min", "order"} <= filters
    assert {"cursor", "page_size"} <= filters
    assert schema["info"]["license"]["url"] == "https://creativecommons.org/licenses/by/4.0/"


def test_drafts_and_future_items_are_absent_from_every_answer(api, everything):
    for key in DATASETS:
        body = api.get(f"/api/v1/{key}/").content.decode()
        assert "Hidden" not in body and "hidden" not in body, key
        results = json.loads(body)["results"]
        if key != "cities":
            assert len(results) == 1, (key, results)
    visible = list_of(api, "enterprises")["results"][0]
    assert visible["name_en"] == "Visible Co"
    assert visible["park"] is None  # its park is a draft
    for key in ("enterprises", "news", "parks", "enclaves", "funds", "milestones", "figures"):
        model = DATASETS[key].model
        for hidden in model.objects.exclude(pk__in=model.objects.published()):
            response = api.get(f"/api/v1/{key}/{hidden.slug}/")
            assert response.status_code == 404, (key, hidden)
    shown = everything["enterprises"]
    assert api.get(f"/api/v1/enterprises/{shown.slug}/").json()["name_en"] == "Visible Co"
    investment = list_of(api, "investments")["results"][0]
    one = api.get(f"/api/v1/investments/{investment['fund']}/{investment['enterprise']}/")
    assert one.status_code == 200 and one.json() == investment
    hidden_investment = shown.investments.exclude(fund__slug=investment["fund"]).first()
    address = f"/api/v1/investments/{hidden_investment.fund.slug}/{shown.slug}/"
    assert api.get(address).status_code == 404


def page_names(client, query):
    return [e.name for e in client.get("/en/enterprises/", query).context["enterprises"]]


def test_a_filtered_list_holds_exactly_the_page_in_its_order(client, api, two_cities):
    songjiang, suzhou, bio = two_cities
    for order in ("-founded", "name", "-name", "founded", "newest"):
        query = {"city": songjiang.slug, "industry": bio.slug, "order": order}
        names = [item["name_en"] for item in list_of(api, "enterprises", **query)["results"]]
        assert names == page_names(client, query), order
        assert len(names) == 5
    query = {"city": [songjiang.slug, suzhou.slug], "q": "other"}
    names = [item["name_en"] for item in list_of(api, "enterprises", **query)["results"]]
    assert names == page_names(client, query) == ["Other city", "Other industry"]
    item = list_of(api, "enterprises", city=suzhou.slug)["results"][0]
    assert item["industries"] == [bio.slug] and item["city"] == suzhou.slug


def test_the_news_list_has_the_news_page_filters(api):
    city = CityFactory(name="Jiaxing")
    NewsItemFactory(title="In Jiaxing").cities.set([city])
    NewsItemFactory(title="Elsewhere")
    titles = [item["title_en"] for item in list_of(api, "news", city=city.slug)["results"]]
    assert titles == ["In Jiaxing"]


def walk(api, key, direction="next", start=None, **params):
    """Every item, page by page, following ``direction`` links from ``start``."""
    seen, url, pages = [], start or f"/api/v1/{key}/", 0
    query = params
    while url:
        page = api.get(url, query).json()
        query = None  # the links carry the query
        items = [item["slug"] for item in page["results"]]
        seen.extend(items if direction == "next" else reversed(items))
        url, pages = page[direction], pages + 1
        assert pages < 50
    return seen, pages


@pytest.mark.parametrize("order", ["name", "-name", "founded", "-founded", "newest"])
def test_pages_follow_each_other_without_gaps_or_overlaps(client, api, order):
    """Ties on the first key (names equal but for case, a shared year, no year at all) are
    ordered by the primary key, so that pages never overlap and never skip."""
    for n, (name, year) in enumerate(
        [("Acme", 2001), ("acme", 2001), ("ACME", None), ("Beta", None), ("beta", 2010)]
        + [(f"Company {n}", 2000 + n % 3) for n in range(6)]
    ):
        EnterpriseFactory(name=name, founded_year=year, slug=f"company-{n:02d}")
    expected = [
        e.slug for e in client.get("/en/enterprises/", {"order": order}).context["enterprises"]
    ]
    assert len(expected) == 11
    forward, pages = walk(api, "enterprises", order=order, page_size=3)
    assert forward == expected and pages == 4
    # Back from the last page to the first, by ``previous``.
    last = api.get("/api/v1/enterprises/", {"order": order, "page_size": 3})
    while last.json()["next"]:
        last = api.get(last.json()["next"])
    backward, _pages = walk(api, "enterprises", direction="previous", start=last.json()["previous"])
    assert backward[::-1] + [item["slug"] for item in last.json()["results"]] == expected


def test_a_page_does_not_shift_when_items_are_added_before_it(api):
    for n in range(6):
        EnterpriseFactory(name=f"Firm {n}")
    first = list_of(api, "enterprises", page_size=3)
    EnterpriseFactory(name="Firm 0a")  # sorts into the first page, already read
    second = api.get(first["next"]).json()
    assert [item["name_en"] for item in second["results"]] == ["Firm 3", "Firm 4", "Firm 5"]
    assert second["next"] is None
    assert 'rel="previous"' in api.get(first["next"])["Link"]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"cursor": "not-a-cursor"}, "cursor"),
        ({"page_size": "0"}, "page_size"),
        ({"page_size": "lots"}, "page_size"),
        ({"page_size": "201"}, "page_size"),
        ({"city": "no-such-city"}, "city"),
        ({"founded_min": "abc"}, "founded"),
        ({"order": "price"}, "order"),
    ],
)
def test_junk_parameters_get_a_400_that_names_them(api, params, field):
    EnterpriseFactory()
    response = api.get("/api/v1/enterprises/", params)
    assert response.status_code == 400
    assert field in response.json() and response.json()[field][0]


def test_a_cursor_serves_only_its_own_order(api):
    for n in range(3):
        EnterpriseFactory(name=f"Firm {n}")
    next_page = list_of(api, "enterprises", page_size=1)["next"]
    cursor = next_page.split("cursor=")[1].split("&")[0]
    response = api.get("/api/v1/enterprises/", {"cursor": cursor, "order": "-founded"})
    assert response.status_code == 400 and "cursor" in response.json()
    forged = cursor[:-2] + ("AA" if not cursor.endswith("AA") else "BB")
    assert api.get("/api/v1/enterprises/", {"cursor": forged}).status_code == 400


@pytest.mark.django_db(transaction=True)
def test_an_unchanged_answer_is_a_304_and_a_change_makes_it_new(api, django_assert_num_queries):
    # Committed writes, as in production: a change starts a new generation when it commits.
    enterprise = EnterpriseFactory(name="Cached Co")
    first = api.get("/api/v1/enterprises/")
    etag, modified = first["ETag"], first["Last-Modified"]
    assert etag and modified and "Accept-Language" in first["Vary"]
    with django_assert_num_queries(0):
        again = api.get("/api/v1/enterprises/", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again["ETag"] == etag and not again.content
    since = api.get("/api/v1/enterprises/", HTTP_IF_MODIFIED_SINCE=modified)
    assert since.status_code == 304
    detail = api.get(f"/api/v1/enterprises/{enterprise.slug}/")
    assert detail["ETag"] != etag
    assert api.get(detail.wsgi_request.path, HTTP_IF_NONE_MATCH=detail["ETag"]).status_code == 304
    enterprise.name = "Renamed Co"
    enterprise.save()
    changed = api.get("/api/v1/enterprises/", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag
    assert changed.json()["results"][0]["name_en"] == "Renamed Co"


def test_a_scheduled_item_coming_due_changes_the_etag(api):
    EnterpriseFactory(name="Live now")
    due = datetime.datetime.now(datetime.UTC) + datetime.timedelta(seconds=30)
    EnterpriseFactory(name="Soon", publish_at=due)
    first = api.get("/api/v1/enterprises/")
    assert [item["name_en"] for item in first.json()["results"]] == ["Live now"]
    # The answer may be kept only until the scheduled item comes due.
    assert int(first["Cache-Control"].split("max-age=")[1].split(",")[0]) <= 30
    with time_machine.travel(due + datetime.timedelta(seconds=1)):
        later = api.get("/api/v1/enterprises/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert later.status_code == 200
    assert [item["name_en"] for item in later.json()["results"]] == ["Live now", "Soon"]


@override_settings(API_RATE_LIMIT="3/minute")
def test_anonymous_clients_are_limited_in_the_shared_cache(api, client):
    cache.clear()  # the schema the checks read was one request
    for _ in range(3):
        assert api.get("/api/v1/cities/").status_code == 200
    refused = api.get("/api/v1/cities/")
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 60
    assert "throttled" in refused.json()["detail"]
    # A 304 counts too, and so does every address under /api/.
    assert api.get("/api/v1/", HTTP_IF_NONE_MATCH='"x"').status_code == 429
    # Another client has its own count.
    assert api.get("/api/v1/cities/", REMOTE_ADDR="10.0.0.7").status_code == 200
    # The count is in the cache every worker reads: emptied, the client may ask again.
    keys = [key for key in ("throttle_anon_127.0.0.1",) if cache.get(key)]
    assert keys and len(cache.get(keys[0])) == 3
    cache.clear()
    assert api.get("/api/v1/cities/").status_code == 200
    # Pages are not limited.
    assert client.get("/en/cities/").status_code == 200


def test_the_limit_counts_the_address_the_proxy_saw(api, settings):
    from rest_framework.settings import api_settings

    settings.API_RATE_LIMIT = "3/minute"
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    assert api_settings.NUM_PROXIES == 1
    cache.clear()  # the schema the checks read was one request
    for n in range(3):
        api.get("/api/v1/cities/", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}, 203.0.113.9")
    # A client cannot escape by writing its own X-Forwarded-For before the proxy's.
    response = api.get("/api/v1/cities/", HTTP_X_FORWARDED_FOR="198.51.100.1, 203.0.113.9")
    assert response.status_code == 429
    assert api.get("/api/v1/cities/", HTTP_X_FORWARDED_FOR="203.0.113.10").status_code == 200


def test_other_sites_may_read_the_api_with_get_only(client):
    CityFactory()
    origin = {"HTTP_ORIGIN": "https://analyst.example"}
    response = client.get("/api/v1/cities/", **origin)
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response["Access-Control-Expose-Headers"]
    preflight = client.options(
        "/api/v1/cities/",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="if-none-match",
        **origin,
    )
    assert preflight.status_code == 200
    allowed = preflight["Access-Control-Allow-Methods"]
    assert "GET" in allowed and "POST" not in allowed and "DELETE" not in allowed
    assert "Access-Control-Allow-Credentials" not in preflight
    for method in (client.post, client.put, client.delete, client.patch):
        assert method("/api/v1/cities/", **origin).status_code == 405
    # The site's pages are not shared with other origins.
    assert "Access-Control-Allow-Origin" not in client.get("/en/cities/", **origin)


def test_a_list_reads_a_fixed_number_of_queries(api, django_assert_max_num_queries):
    city, industry = CityFactory(), IndustryFactory()
    park = ParkFactory(city=city)
    for n in range(3):
        EnterpriseFactory(name=f"Few {n}", city=city, industries=[industry], park=park)
    with django_assert_max_num_queries(8) as few:
        list_of(api, "enterprises")
    for n in range(40):
        EnterpriseFactory(name=f"Many {n}", city=city, industries=[industry], park=park)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(list_of(api, "enterprises")["results"]) == 43


def test_every_item_names_its_source(api, everything):
    article = NewsItemFactory(title="Chips", source_name="Shanghai Daily")
    enterprise = everything["enterprises"]
    enterprise.source = article
    enterprise.source_date = datetime.date(2024, 6, 11)
    enterprise.verified_on = datetime.date(2026, 11, 25)
    enterprise.save()
    FundInvestmentFactory(enterprise=enterprise, fund__name="Another fund")
    item = api.get(f"/api/v1/enterprises/{enterprise.slug}/").json()
    assert item["source"] == "Shanghai Daily" and item["source_date"] == "2024-06-11"
    assert item["source_article"] == "http://testserver" + article.get_absolute_url()
    assert item["verified_on"] == "2026-11-25"


def test_the_root_names_every_list_and_the_documentation(api):
    root = api.get("/api/v1/").json()
    assert set(root["lists"]) == set(DATASETS)
    assert root["lists"]["enterprises"] == "http://testserver/api/v1/enterprises/"
    assert root["documentation"] == "http://testserver" + reverse("api:docs")


def test_the_documentation_runs_no_inline_script(client):
    html = client.get("/api/docs/").content.decode()
    assert 'src="/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js"' in html
    assert "<script>" not in html and "<style>" not in html and "style=" not in html
    assert '<html lang="en">' in html
    script = client.get("/api/docs/", {"script": ""})
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert "/api/schema/" in script.content.decode()


def test_the_schema_speaks_each_language_and_refuses_others(client):
    chinese = client.get("/api/schema/", {"format": "json", "lang": "zh-hans"}).json()
    parameters = chinese["paths"]["/api/v1/enterprises/"]["get"]["parameters"]
    assert {"name": "city", "description": "城市"}.items() <= next(
        p for p in parameters if p["name"] == "city"
    ).items()
    refused = client.get("/api/schema/", {"lang": "xx"})
    assert refused.status_code == 400 and b"lang" in refused.content


def test_a_compressed_answer_is_a_304_on_its_weak_etag(api):
    for n in range(30):
        EnterpriseFactory(name=f"Compressed {n}", summary="A long summary. " * 20)
    zipped = api.client.get("/api/v1/enterprises/", HTTP_ACCEPT_ENCODING="gzip")
    assert zipped["Content-Encoding"] == "gzip" and zipped["ETag"].startswith('W/"')
    again = api.get(
        "/api/v1/enterprises/", HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=zipped["ETag"]
    )
    assert again.status_code == 304


def test_the_schema_leaves_the_pages_filters_as_they_were(client, schema):
    """Writing the schema reads each filter's form field once; the pages' options are still
    those of their own request (the years of published news, today's parks)."""
    for year in (2023, 2024):
        NewsItemFactory(
            title=f"News of {year}",
            publish_at=datetime.datetime(year, 6, 1, tzinfo=datetime.UTC),
        )
    html = client.get("/en/news/").content.decode()
    assert '<option value="2023">2023</option>' in html
    assert '<option value="2024">2024</option>' in html
    park = ParkFactory(name="Opened today")
    assert f'value="{park.slug}"' in client.get("/en/enterprises/").content.decode()


def test_an_address_under_the_api_that_names_nothing_answers_in_json(client):
    response = client.get("/api/v2/enterprises/")
    assert response.status_code == 404 and response.json() == {"detail": "Not found."}
    assert b"<html" in client.get("/en/no-such-page/").content


def test_the_documentation_speaks_the_language_asked_for(client):
    html = client.get("/api/docs/", {"lang": "zh-hans"}).content.decode()
    assert '<html lang="zh-hans">' in html and "G60科创走廊 API" in html
    assert "lang=zh-hans" in html  # the schema it reads, in Chinese too
