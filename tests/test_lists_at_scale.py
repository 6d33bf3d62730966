"""Lists that cost the same however long they grow: capped counts, capped pages, facets
through ``EXISTS``, no ``DISTINCT`` over whole rows, and the admin's changelists alike."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from corridor.models import Enterprise
from corridor.pagination import CappedPaginator, estimated_count, list_total
from tests.factories import CityFactory, EnterpriseFactory, IndustryFactory, UserFactory

pytestmark = pytest.mark.django_db

DIRECTORY = "/en/enterprises/"


@pytest.fixture
def many(settings):
    """Twelve enterprises, more than a cap of five."""
    settings.LIST_COUNT_CAP = 5
    songjiang = CityFactory(name="Songjiang")
    hefei = CityFactory(name="Hefei")
    bio = IndustryFactory(name="Biomedicine")
    chips = IndustryFactory(name="Integrated Circuits")
    for n in range(8):
        EnterpriseFactory(name=f"Songjiang Bio {n:02}", city=songjiang, industries=[bio, chips])
    for n in range(4):
        EnterpriseFactory(name=f"Hefei Chips {n:02}", city=hefei, industries=[chips])
    return {"songjiang": songjiang, "hefei": hefei, "bio": bio, "chips": chips}


def sql_of(queries):
    return [query["sql"].upper() for query in queries.captured_queries]


def test_counts_stop_at_the_cap():
    for n in range(4):
        EnterpriseFactory(name=f"Company {n}")
    queryset = Enterprise.objects.published()
    assert list_total(queryset, cap=10).number == 4
    assert list_total(queryset, cap=10).exact
    capped = list_total(queryset, cap=2)
    assert (capped.number, capped.capped, capped.exact) == (2, True, False)
    with CaptureQueriesContext(connection) as queries:
        list_total(queryset, cap=2)
    assert "LIMIT 3" in sql_of(queries)[0]


def test_a_long_filtered_list_says_more_than(client, many):
    response = client.get(DIRECTORY, {"industry": "integrated-circuits"})
    total = response.context["total"]
    assert total.capped and total.number == 5
    assert "More than 5 enterprises and institutes" in response.content.decode()
    # One page of five at four per page would be two; the rest is reached by narrowing.
    assert response.context["paginator"].count == 5


def test_a_short_list_is_counted_exactly(client, many):
    response = client.get(DIRECTORY, {"city": "hefei"})
    assert response.context["total"].exact
    assert "4 enterprises and institutes" in response.content.decode()


def test_pages_never_go_past_the_cap(client, many, settings):
    settings.LIST_COUNT_CAP = 3
    response = client.get(DIRECTORY, {"page": "40000"})
    page = response.context["page_obj"]
    assert response.status_code == 200
    assert page.paginator.num_pages == 1
    assert "narrow the filters" in response.content.decode().lower()


def test_facet_counts_are_capped_and_use_exists(client, many):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(DIRECTORY, {"city": "songjiang"})
    facets = {
        option["value"]: (option["count"], option["more"])
        for option in response.context["facets"]["industry"]
    }
    # Eight Songjiang companies in biomedicine: more than the cap of five.
    assert facets["biomedicine"] == (5, True)
    cities = {o["value"]: (o["count"], o["more"]) for o in response.context["facets"]["city"]}
    assert cities["hefei"] == (4, False)
    assert "(5+" in response.content.decode()
    statements = sql_of(queries)
    assert not any("DISTINCT" in sql for sql in statements)
    assert any("EXISTS" in sql for sql in statements)


def test_an_enterprise_in_two_chosen_industries_is_listed_once(client, many, settings):
    settings.LIST_COUNT_CAP = 1000
    response = client.get(DIRECTORY, {"industry": ["biomedicine", "integrated-circuits"]})
    names = [e.name for e in response.context["enterprises"]]
    assert len(names) == len(set(names)) == 12


def test_orderings_end_in_the_primary_key(client):
    city = CityFactory()
    first = EnterpriseFactory(name="Same", city=city, founded_year=2000)
    second = EnterpriseFactory(name="same", city=city, founded_year=2000)
    for order, expected in (("name", [first, second]), ("-name", [second, first])):
        response = client.get(DIRECTORY, {"order": order})
        assert list(response.context["enterprises"]) == expected
    response = client.get(DIRECTORY, {"order": "-founded"})
    assert list(response.context["enterprises"]) == [second, first]


def test_an_unfiltered_list_past_the_cap_gives_an_estimate_where_there_is_one(client, many):
    """PostgreSQL's planner knows the table's size; SQLite has no estimate: "more than"."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE corridor_enterprise")
        guess = estimated_count(Enterprise.objects.published())
        assert 5 < guess < 100
        response = client.get(DIRECTORY)
        total = response.context["total"]
        assert total.estimated and total.number == guess
        assert f"About {guess} enterprises and institutes" in response.content.decode()
    else:
        assert estimated_count(Enterprise.objects.published()) is None
        response = client.get(DIRECTORY)
        assert response.context["total"].capped
        assert "More than 5 enterprises and institutes" in response.content.decode()


def test_the_admin_changelist_never_counts_the_whole_table(client, many, settings):
    settings.ADMIN_COUNT_CAP = 5
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/admin/corridor/enterprise/")
    assert response.status_code == 200
    counts = [sql for sql in sql_of(queries) if "COUNT(" in sql and "CORRIDOR_ENTERPRISE" in sql]
    assert counts and all("LIMIT 6" in sql for sql in counts)
    changelist = response.context["cl"]
    assert changelist.full_result_count is None
    assert changelist.paginator.total.number >= 5
    assert "more than 5" in response.content.decode() or "about" in response.content.decode()


def test_the_admin_search_reads_the_search_index(client, many):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    EnterpriseFactory(name="Battery Works", slug="battery-works")
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/admin/corridor/enterprise/", {"q": "batteries"})
    assert [e.name for e in response.context["cl"].result_list] == ["Battery Works"]
    assert not any("LIKE" in sql and "NAME_EN" in sql for sql in sql_of(queries))
    # An identifier finds its item exactly.
    response = client.get("/admin/corridor/enterprise/", {"q": "battery-works"})
    assert [e.slug for e in response.context["cl"].result_list] == ["battery-works"]


def test_the_capped_paginator_is_lenient():
    EnterpriseFactory()
    paginator = CappedPaginator(Enterprise.objects.published().order_by("pk"), 20, cap=10)
    assert paginator.get_page("abc").number == 1
    assert paginator.get_page("99").number == 1


def test_facet_counts_are_kept_until_content_changes(client, many, settings):
    settings.PAGE_CACHE_SECONDS = 0  # the page itself is rendered each time
    client.get(DIRECTORY, {"city": "songjiang"})
    with CaptureQueriesContext(connection) as queries:
        client.get(DIRECTORY, {"city": "songjiang"})
    assert not any("COUNT(" in sql and "CAPPED" in sql for sql in sql_of(queries))
    EnterpriseFactory(name="Hefei Newcomer", city=many["hefei"], industries=[many["bio"]])
    response = client.get(DIRECTORY, {"city": "songjiang"})
    cities = {o["value"]: o["count"] for o in response.context["facets"]["city"]}
    assert cities["hefei"] == 5


def test_a_filtered_total_is_counted_once_until_content_changes(client, many, settings):
    """The total of a set of filters is kept like its facets (page cache or not); any change
    counts it again."""
    settings.PAGE_CACHE_SECONDS = 0
    hefei = many["hefei"]
    query = {"city": hefei.slug}
    first = client.get(DIRECTORY, query)
    assert first.context["total"].number == 4
    with CaptureQueriesContext(connection) as queries:
        again = client.get(DIRECTORY, query)
    assert again.context["total"].number == 4
    assert not [sql for sql in sql_of(queries) if "COUNT(" in sql], sql_of(queries)
    EnterpriseFactory(name="Hefei Chips 99", city=hefei, industries=[many["chips"]])
    assert client.get(DIRECTORY, query).context["total"].number == 5
    # another set of filters is another total
    assert (
        client.get(DIRECTORY, {**query, "industry": many["bio"].slug}).context["total"].number == 0
    )


def test_an_admin_search_is_counted_once_until_content_changes(client, many):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    EnterpriseFactory(name="Battery Works", city=many["hefei"])
    first = client.get("/admin/corridor/enterprise/", {"q": "battery"})
    assert first.context["cl"].paginator.count == 1
    with CaptureQueriesContext(connection) as queries:
        second = client.get("/admin/corridor/enterprise/", {"q": "battery", "p": "1"})
    assert second.context["cl"].paginator.count == 1
    assert not any("COUNT(" in sql for sql in sql_of(queries))
    # A new match is a change of content: counted again.
    EnterpriseFactory(name="Battery Cells", city=many["hefei"])
    third = client.get("/admin/corridor/enterprise/", {"q": "battery"})
    assert third.context["cl"].paginator.count == 2
    assert {e.name for e in third.context["cl"].result_list} == {"Battery Works", "Battery Cells"}
