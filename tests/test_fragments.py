"""Parts of the directories kept until content changes ({% keep %}), with the page cache off:
the filter form per query string and the cards per page of results, each per language. They
follow every change, and the scheduled times, as the page cache does."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from corridor.models import Enterprise, Industry
from tests.factories import EnterpriseFactory, IndustryFactory, NewsItemFactory, UserFactory

pytestmark = pytest.mark.django_db

DIRECTORY = "/en/enterprises/"
NEWS = "/en/news/"


@pytest.fixture(autouse=True)
def page_cache_off(settings):
    settings.PAGE_CACHE_SECONDS = 0


def queries_of(client, url, **params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    return response, [query["sql"] for query in queries]


def test_a_second_visit_reads_no_rows(client):
    industry = IndustryFactory(name="Photonics")
    for number in range(3):
        EnterpriseFactory(name=f"Laser Co {number}", industries=[industry])
    first, first_queries = queries_of(client, DIRECTORY)
    second, second_queries = queries_of(client, DIRECTORY)
    assert second.content == first.content
    assert b"Laser Co 2" in second.content and b"Photonics" in second.content
    # No rows, no industries, no facet options or counts: the cards and the form are kept.
    assert first_queries
    assert not any("corridor_" in sql for sql in second_queries)


def test_each_page_of_a_list_keeps_its_own_cards(client):
    for number in range(25):
        EnterpriseFactory(name=f"Paged Co {number:02}")
    first = client.get(DIRECTORY).content
    second = client.get(DIRECTORY, {"page": "2"}).content
    assert b"Paged Co 00" in first and b"Paged Co 00" not in second
    assert b"Paged Co 20" in second and b"Paged Co 20" not in first
    # Junk for a page number is the first page, and a page past the end the last: their cards.
    assert b"Paged Co 00" in client.get(DIRECTORY, {"page": "junk"}).content
    assert b"Paged Co 20" in client.get(DIRECTORY, {"page": "99"}).content


def test_kept_cards_follow_writes_without_signals(client):
    industry = IndustryFactory(name="Photonics")
    enterprise = EnterpriseFactory(name="Quiet Co", industries=[industry])
    assert b"Quiet Co" in client.get(DIRECTORY).content
    Enterprise.objects.filter(pk=enterprise.pk).update(name="Updated Co")
    page = client.get(DIRECTORY).content
    assert b"Updated Co" in page and b"Quiet Co" not in page
    # A tag on the card comes from another table: its rename reaches the card too.
    Industry.objects.filter(pk=industry.pk).update(name="Integrated Photonics")
    assert b"Integrated Photonics" in client.get(DIRECTORY).content


def test_kept_facet_counts_follow_a_save(client):
    industry = IndustryFactory(name="Photonics", slug="photonics")
    EnterpriseFactory(name="Laser Co", industries=[industry])
    response = client.get(DIRECTORY)
    counts = {o["value"]: o["count"] for o in response.context["facets"]["industry"]}
    assert counts["photonics"] == 1
    EnterpriseFactory(name="Optics Co", industries=[industry])
    response = client.get(DIRECTORY)
    assert b"Optics Co" in response.content
    assert 'value="photonics"' in response.content.decode()
    counts = {o["value"]: o["count"] for o in response.context["facets"]["industry"]}
    assert counts["photonics"] == 2


def test_the_filter_form_is_kept_per_query_string(client):
    EnterpriseFactory(name="Alpha Co")
    hostile = client.get(DIRECTORY, {"q": '"><script>alert(1)</script>'}).content.decode()
    plain = client.get(DIRECTORY, {"q": "alpha"}).content.decode()
    bare = client.get(DIRECTORY).content.decode()
    assert "<script>alert(1)</script>" not in hostile
    assert "&quot;&gt;&lt;script&gt;" in hostile
    assert 'value="alpha"' in plain and "script" not in form_of(plain)
    assert 'name="q" id="id_q" value=""' in bare
    # The page number is not part of the form: another page of the list shows the same one.
    second_page = client.get(DIRECTORY, {"q": "alpha", "page": "2"}).content.decode()
    assert form_of(second_page) == form_of(plain)
    assert form_of(bare) != form_of(plain)


def form_of(page):
    return page[
        page.index('<form class="filters"') : page.index(
            "</form>", page.index('<form class="filters"')
        )
    ]


def test_kept_parts_are_kept_per_language(client):
    EnterpriseFactory(name="Bilingual Co", name_zh_hans="双语公司")
    english = client.get(DIRECTORY).content.decode()
    chinese = client.get("/zh-hans/enterprises/").content.decode()
    assert "筛选" not in english
    assert client.get(DIRECTORY).content.decode() == english
    assert client.get("/zh-hans/enterprises/").content.decode() == chinese
    english_card = english.split('<article class="card">')[1]
    chinese_card = chinese.split('<article class="card">')[1]
    assert english_card.index("Bilingual Co") < english_card.index("双语公司")
    assert chinese_card.index("双语公司") < chinese_card.index("Bilingual Co")


def test_a_scheduled_item_reaches_kept_cards_at_its_publish_time(client):
    start = timezone.now().replace(microsecond=0)
    with time_machine.travel(start, tick=False):
        NewsItemFactory(title="Already out")
        NewsItemFactory(title="Embargoed story", publish_at=start + datetime.timedelta(hours=2))
        assert b"Embargoed story" not in client.get(NEWS).content
        assert b"Embargoed story" not in client.get(NEWS).content
    with time_machine.travel(start + datetime.timedelta(hours=2, seconds=-30), tick=False):
        assert b"Embargoed story" not in client.get(NEWS).content
    with time_machine.travel(start + datetime.timedelta(hours=2, seconds=1), tick=False):
        assert b"Embargoed story" in client.get(NEWS).content


def test_staff_see_the_parts_drawn_afresh(client):
    enterprise = EnterpriseFactory(name="Kept Co")
    assert b"Kept Co" in client.get(DIRECTORY).content
    # Changed behind the cache's back (raw SQL): visitors still get the kept cards …
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE corridor_enterprise SET name_en = %s WHERE id = %s", ["Live Co", enterprise.pk]
        )
    assert b"Kept Co" in client.get(DIRECTORY).content
    # … and staff, who have a session, the live list.
    staff = type(client)()
    staff.force_login(UserFactory(is_staff=True))
    page = staff.get(DIRECTORY).content
    assert b"Live Co" in page and b"Kept Co" not in page
