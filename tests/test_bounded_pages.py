"""Profiles with thousands of enterprises: a page of them, a capped count, the directory for all."""

import datetime
import re

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from corridor import directory
from corridor.models import Enclave, Enterprise, Park
from tests.factories import (
    CityFactory,
    EnclaveFactory,
    EnterpriseFactory,
    IndustryFactory,
    ParkFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def rendered_pages(settings):
    """Each request renders its page, so that its queries are counted, rather than reading it
    from the page cache."""
    settings.PAGE_CACHE_SECONDS = 0


@pytest.fixture
def hub():
    """A city, an industry, a park and an enclave that enterprises are linked to."""
    city = CityFactory(name="Songjiang")
    industry = IndustryFactory(name="Biomedicine")
    park = ParkFactory(name="Hub Park", city=city)
    enclave = EnclaveFactory(name="Hub Centre", host_city=city, park=park)
    return {"city": city, "industry": industry, "park": park, "enclave": enclave}


def link(hub, names, prefix="Co"):
    """Published enterprises in every place of the hub, plus a draft and a scheduled one."""
    for name in names:
        EnterpriseFactory(
            name=f"{prefix} {name}",
            city=hub["city"],
            park=hub["park"],
            enclave=hub["enclave"],
            industries=[hub["industry"]],
        )
    for extra in (
        {"name": f"{prefix} draft", "status": "draft"},
        {"name": f"{prefix} later", "publish_at": timezone.now() + datetime.timedelta(days=2)},
    ):
        EnterpriseFactory(
            **extra,
            city=hub["city"],
            park=hub["park"],
            enclave=hub["enclave"],
            industries=[hub["industry"]],
        )


PROFILES = [
    ("city", "cities"),
    ("industry", "industries"),
    ("park", "parks"),
    ("enclave", "enclaves"),
]


def profile_url(hub, kind, plural):
    return f"/en/{plural}/{hub[kind].slug}/"


def listed(response):
    """The enterprise names in the profile's enterprise section, in order."""
    html = response.content.decode()
    section = html.split('id="enterprises-heading"', 1)[1].split("</section>", 1)[0]
    return re.findall(r'<a href="/en/enterprises/[^"/]+/">([^<]+)</a>', section)


@pytest.mark.parametrize(("kind", "plural"), PROFILES)
def test_a_profile_shows_a_page_of_enterprises_and_links_to_the_rest(client, hub, kind, plural):
    link(hub, [f"{n:03d}" for n in range(100)])
    response = client.get(profile_url(hub, kind, plural))
    assert response.status_code == 200
    assert listed(response) == [f"Co {n:03d}" for n in range(12)]
    html = response.content.decode()
    directory_url = f"/en/enterprises/?{kind}={hub[kind].slug}"
    assert f'<a href="{directory_url}">See all 100 enterprises in the directory</a>' in html
    assert "Co draft" not in html and "Co later" not in html
    in_directory = client.get(directory_url)
    assert in_directory.context["paginator"].count == 100


@pytest.mark.parametrize(("kind", "plural"), PROFILES)
def test_a_few_enterprises_are_all_shown_without_a_link(client, hub, kind, plural):
    link(hub, ["Beta", "alpha", "Gamma"])
    response = client.get(profile_url(hub, kind, plural))
    assert listed(response) == ["Co alpha", "Co Beta", "Co Gamma"]
    assert "in the directory" not in response.content.decode()


@pytest.mark.parametrize(("kind", "plural"), PROFILES)
def test_counts_stop_at_the_cap(client, hub, settings, kind, plural):
    settings.LIST_COUNT_CAP = 20
    link(hub, [f"{n:02d}" for n in range(30)])
    with CaptureQueriesContext(connection) as queries:
        response = client.get(profile_url(hub, kind, plural))
    assert len(listed(response)) == 12
    assert "See more than 20 enterprises in the directory" in response.content.decode()
    counts = [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"]]
    assert len(counts) == 1 and "LIMIT 21" in counts[0]


def test_the_chinese_page_links_to_the_chinese_directory(client, hub):
    link(hub, [f"{n:02d}" for n in range(13)])
    html = client.get(f"/zh-hans/enclaves/{hub['enclave'].slug}/").content.decode()
    assert f'href="/zh-hans/enterprises/?enclave={hub["enclave"].slug}"' in html


@pytest.mark.parametrize(("kind", "plural"), PROFILES)
def test_queries_do_not_grow_with_the_enterprises_linked(client, hub, kind, plural):
    link(hub, [f"{n:03d}" for n in range(13)])
    url = profile_url(hub, kind, plural)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    link(hub, [f"{n:03d}" for n in range(13, 100)], prefix="More")
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(listed(response)) == 12
    assert len(many) == len(few)


# --- Admin ------------------------------------------------------------------------------------


@pytest.mark.parametrize("model", [Enclave, Park])
def test_enclave_and_park_forms_have_no_inline_of_enterprises(rf, admin_user, model):
    model_admin = admin.site._registry[model]
    request = rf.get("/")
    request.user = admin_user
    inlines = model_admin.get_inline_instances(request, model())
    assert Enterprise not in [inline.model for inline in inlines]


@pytest.mark.parametrize(("kind", "model"), [("enclave", Enclave), ("park", Park)])
def test_the_form_links_to_the_residents_in_the_enterprise_list(admin_client, hub, kind, model):
    link(hub, ["One", "Two", "Three"])
    EnterpriseFactory(name="Elsewhere")
    place = hub[kind]
    response = admin_client.get(
        reverse(f"admin:corridor_{model._meta.model_name}_change", args=[place.pk])
    )
    html = response.content.decode()
    url = f"/admin/corridor/enterprise/?{kind}__id__exact={place.pk}"
    assert f'<a href="{url}">5 resident enterprises</a>' in html
    residents = admin_client.get(url)
    assert residents.status_code == 200
    names = {enterprise.name for enterprise in residents.context["cl"].result_list}
    assert names == {"Co One", "Co Two", "Co Three", "Co draft", "Co later"}


def test_the_admin_count_stops_at_the_cap(hub, settings, django_assert_num_queries):
    settings.ADMIN_COUNT_CAP = 3
    link(hub, ["One", "Two", "Three"])
    enclave = hub["enclave"]
    assert directory.admin_residents_link(None, "enclave") == "—"
    with django_assert_num_queries(1) as queries:
        html = directory.admin_residents_link(enclave, "enclave")
    assert "LIMIT 4" in queries.captured_queries[0]["sql"]
    assert html == (
        f'<a href="/admin/corridor/enterprise/?enclave__id__exact={enclave.pk}">'
        "more than 3 resident enterprises</a>"
    )
