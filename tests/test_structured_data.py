"""schema.org JSON-LD on every profile, article and list, and an enterprise's related
companies."""

import json
import re

import pytest
from django.urls import reverse

from tests.factories import (
    CityFactory,
    EnclaveFactory,
    EnterpriseFactory,
    FundFactory,
    IndustryFactory,
    NewsItemFactory,
    ParkFactory,
)

pytestmark = pytest.mark.django_db

LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def json_ld(response):
    assert response.status_code == 200
    return [json.loads(block) for block in LD.findall(response.content.decode())]


def test_each_profile_describes_itself(client):
    city = CityFactory(name="Songjiang", latitude=31.03, longitude=121.23)
    industry = IndustryFactory(name="Biomedicine")
    park = ParkFactory(name="Biotech Park", city=city)
    enterprise = EnterpriseFactory(
        name="Henlius", name_zh_hans="复宏汉霖", city=city, founded_year=2010, industries=[industry]
    )
    enclave = EnclaveFactory(name="Wuhu Enclave", host_city=city)
    fund = FundFactory(name="G60 Fund")
    cases = {
        enterprise: ("Organization", "Henlius"),
        city: ("City", "Songjiang"),
        park: ("Place", "Biotech Park"),
        enclave: ("Organization", "Wuhu Enclave"),
        fund: ("Organization", "G60 Fund"),
        industry: ("DefinedTerm", "Biomedicine"),
    }
    for item, (kind, name) in cases.items():
        [data] = json_ld(client.get(item.get_absolute_url()))
        assert data["@context"] == "https://schema.org"
        assert (data["@type"], data["name"]) == (kind, name), item
        assert data["url"] == f"http://testserver{item.get_absolute_url()}"
    [data] = json_ld(client.get(enterprise.get_absolute_url()))
    assert data["alternateName"] == "复宏汉霖"
    assert data["foundingDate"] == "2010"
    assert data["knowsAbout"] == ["Biomedicine"]
    assert data["location"]["name"] == "Songjiang"
    [data] = json_ld(client.get(city.get_absolute_url()))
    assert data["geo"] == {"@type": "GeoCoordinates", "latitude": 31.03, "longitude": 121.23}


def test_an_article_is_a_news_article_crediting_its_source(client):
    item = NewsItemFactory(
        title="Corridor grows",
        standfirst="Nine cities now.",
        source_name="Shanghai Daily",
        source_url="https://example.com/story",
    )
    [data] = json_ld(client.get(item.get_absolute_url()))
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "Corridor grows"
    assert data["description"] == "Nine cities now."
    assert data["datePublished"].startswith(item.publish_at.date().isoformat())
    assert data["isBasedOn"]["publisher"]["name"] == "Shanghai Daily"
    assert data["isBasedOn"]["url"] == "https://example.com/story"


def test_chinese_pages_describe_in_chinese(client):
    enterprise = EnterpriseFactory(name="Henlius", name_zh_hans="复宏汉霖")
    [data] = json_ld(client.get(f"/zh-hans{enterprise.get_absolute_url()[3:]}"))
    assert (data["name"], data["alternateName"], data["inLanguage"]) == (
        "复宏汉霖",
        "Henlius",
        "zh-Hans",
    )


@pytest.mark.parametrize(
    "name, factory, field",
    [
        ("corridor:enterprise_list", EnterpriseFactory, "name"),
        ("corridor:news_list", NewsItemFactory, "title"),
        ("corridor:park_list", ParkFactory, "name"),
        ("corridor:enclave_list", EnclaveFactory, "name"),
        ("corridor:fund_list", FundFactory, "name"),
    ],
)
def test_each_list_is_an_item_list_of_its_page_published_only(client, name, factory, field):
    shown = [factory(**{field: f"Listed {n}"}) for n in range(3)]
    factory(**{field: "Draft one"}, status="draft")
    [data] = json_ld(client.get(reverse(name)))
    assert data["@type"] == "ItemList"
    listed = {element["name"]: element for element in data["itemListElement"]}
    assert set(listed) == {f"Listed {n}" for n in range(3)}
    assert {element["url"] for element in listed.values()} == {
        item.get_absolute_url() for item in shown
    }
    assert [element["position"] for element in data["itemListElement"]] == [1, 2, 3]


def test_the_city_and_industry_lists_are_item_lists(client):
    CityFactory(name="Hefei")
    IndustryFactory(name="New materials")
    for name, expected in (
        ("corridor:city_list", "Hefei"),
        ("corridor:industry_list", "New materials"),
    ):
        [data] = json_ld(client.get(reverse(name)))
        assert expected in {element["name"] for element in data["itemListElement"]}


def test_a_hostile_name_cannot_end_the_element(client):
    hostile = "</script><script>alert(1)</script>"
    enterprise = EnterpriseFactory(name=hostile)
    html = client.get(enterprise.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in html
    [data] = json_ld(client.get(enterprise.get_absolute_url()))
    assert data["name"] == hostile
    [listed] = json_ld(client.get(reverse("corridor:enterprise_list")))
    assert listed["itemListElement"][0]["name"] == hostile


def test_an_enterprise_links_to_companies_of_its_park_and_industry(client):
    city = CityFactory()
    park = ParkFactory(name="Photonics Park", slug="photonics-park", city=city)
    industry = IndustryFactory(name="Photonics", slug="photonics")
    subject = EnterpriseFactory(name="Subject Co", city=city, park=park, industries=[industry])
    neighbour = EnterpriseFactory(name="Neighbour Co", city=city, park=park)
    peer = EnterpriseFactory(name="Peer Co", city=city, industries=[industry])
    EnterpriseFactory(name="Hidden Co", city=city, park=park, industries=[industry], status="draft")
    response = client.get(subject.get_absolute_url())
    same_park, same_industry = response.context["same_park"], response.context["same_industry"]
    assert [e.name for e in same_park.items] == ["Neighbour Co"]
    assert [e.name for e in same_industry.items] == ["Peer Co"]
    # Counted with the profile's own company, as the filtered directory lists it.
    assert (same_park.count, same_industry.count) == (2, 2)
    html = response.content.decode()
    assert "Also in Photonics Park" in html and "Also in Photonics" in html
    assert f'href="{reverse("corridor:enterprise_list")}?park=photonics-park"' in html
    assert f'href="{reverse("corridor:enterprise_list")}?industry=photonics"' in html
    directory = client.get(reverse("corridor:enterprise_list"), {"park": "photonics-park"})
    assert {e.name for e in directory.context["enterprises"]} == {"Subject Co", "Neighbour Co"}
    assert "Hidden Co" not in html
    assert neighbour.get_absolute_url() in html and peer.get_absolute_url() in html
