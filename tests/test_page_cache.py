"""The page cache: served to anonymous visitors, cleared by every kind of change, correct at
scheduled times, with validators for 304 answers, and shared by every worker process."""

import datetime
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from corridor import cache as page_cache
from corridor.models import Enterprise, Industry, NewsItem
from corridor.roles import PUBLISHERS
from corridor.spreadsheets.service import import_file, undo_batch
from tests import spreadsheet_files as files
from tests.admin_forms import post_data
from tests.factories import (
    CityFactory,
    EnterpriseFactory,
    IndustryFactory,
    NewsItemFactory,
    UserFactory,
    member,
)

pytestmark = pytest.mark.django_db

DIRECTORY = "/en/enterprises/"
NEWS = "/en/news/"
WORKER = Path(__file__).with_name("cache_worker.py")


def fetch(client, url, **headers):
    """The page and the number of queries it cost."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, headers=headers)
    return response, len(queries)


def test_a_second_visit_is_served_from_the_cache(client):
    EnterpriseFactory(name="Cached Co")
    first, first_queries = fetch(client, DIRECTORY)
    second, second_queries = fetch(client, DIRECTORY)
    assert first.status_code == second.status_code == 200
    assert first_queries > 0
    assert second_queries == 0
    assert second.content == first.content
    for response in (first, second):
        assert response["ETag"]
        assert response["Last-Modified"]
        assert "public" in response["Cache-Control"]
        assert "max-age=60" in response["Cache-Control"]
        assert "Cookie" in response["Vary"]
    assert second["ETag"] == first["ETag"]


def test_pages_are_kept_per_language_and_query(client):
    EnterpriseFactory(name="Bilingual Co", name_zh_hans="双语公司")
    english = client.get(DIRECTORY).content.decode()
    chinese = client.get("/zh-hans/enterprises/").content.decode()
    filtered = client.get(DIRECTORY, {"q": "nothing-matches-this"}).content.decode()
    assert 'lang="en"' in english and 'lang="zh-Hans"' in chinese
    assert "Bilingual Co" in english and "Bilingual Co" not in filtered
    # Each from the cache on the second visit, still its own.
    assert client.get("/zh-hans/enterprises/").content.decode() == chinese
    assert client.get(DIRECTORY, {"q": "nothing-matches-this"}).content.decode() == filtered


def test_a_save_clears_the_cache(client):
    enterprise = EnterpriseFactory(name="Before Co")
    assert b"Before Co" in client.get(DIRECTORY).content
    enterprise.name = "After Co"
    enterprise.save()
    content = client.get(DIRECTORY).content
    assert b"After Co" in content and b"Before Co" not in content


def test_a_delete_and_a_change_of_links_clear_the_cache(client):
    city = CityFactory()
    enterprise = EnterpriseFactory(name="Linked Co", city=city)
    industry = IndustryFactory(name="Quantum Sensing")
    page = f"/en/industries/{industry.slug}/"
    assert b"Linked Co" not in client.get(page).content
    enterprise.industries.add(industry)
    assert b"Linked Co" in client.get(page).content
    enterprise.delete()
    assert b"Linked Co" not in client.get(page).content


def test_writes_without_signals_clear_the_cache(client):
    enterprise = EnterpriseFactory(name="Quiet Co")
    assert b"Quiet Co" in client.get(DIRECTORY).content
    Enterprise.objects.filter(pk=enterprise.pk).update(name="Updated Co")
    assert b"Updated Co" in client.get(DIRECTORY).content
    Enterprise.objects.bulk_create(
        [Enterprise(name="Bulk Co", slug="bulk-co", city=enterprise.city)]
    )
    Enterprise.objects.filter(slug="bulk-co").update(
        status=Enterprise.Status.PUBLISHED, publish_at=timezone.now()
    )
    assert b"Bulk Co" in client.get(DIRECTORY).content
    enterprise.refresh_from_db()
    enterprise.name = "Bulk Updated Co"
    Enterprise.objects.bulk_update([enterprise], ["name"])
    assert b"Bulk Updated Co" in client.get(DIRECTORY).content


def test_a_changelist_action_clears_the_cache(client):
    item = NewsItemFactory(title="Withdrawn story")
    assert b"Withdrawn story" in client.get(NEWS).content
    publisher = UserFactory(is_staff=True)
    publisher.user_permissions.set(
        Permission.objects.filter(
            codename__in=("view_newsitem", "change_newsitem", "publish_newsitem")
        )
    )
    staff = type(client)()
    staff.force_login(publisher)
    response = staff.post(
        "/admin/corridor/newsitem/",
        {"action": "unpublish", "_selected_action": [item.pk]},
    )
    assert response.status_code == 302
    assert b"Withdrawn story" not in client.get(NEWS).content


def test_staff_never_get_the_cached_page(client):
    enterprise = EnterpriseFactory(name="Staff Co")
    client.get(DIRECTORY)
    editor = UserFactory(is_staff=True)
    staff = type(client)()
    staff.force_login(editor)
    # Changed behind the cache's back: only a page rendered afresh shows it.
    Enterprise.objects.filter(pk=enterprise.pk).update(name="Fresh Co")
    page_cache.start_generation()
    client.get(DIRECTORY)  # cached again, for visitors
    with CaptureQueriesContext(connection) as queries:
        response = staff.get(DIRECTORY)
    assert len(queries) > 0
    assert "private" in response["Cache-Control"]


def test_unchanged_pages_answer_304(client):
    EnterpriseFactory(name="Validated Co")
    first = client.get(DIRECTORY)
    by_tag = client.get(DIRECTORY, headers={"if-none-match": first["ETag"]})
    by_date = client.get(DIRECTORY, headers={"if-modified-since": first["Last-Modified"]})
    assert by_tag.status_code == 304
    assert by_date.status_code == 304
    assert by_tag.content == b""
    EnterpriseFactory(name="Another Co")
    assert client.get(DIRECTORY, headers={"if-none-match": first["ETag"]}).status_code == 200


def test_pages_are_compressed(client):
    EnterpriseFactory(name="Compressed Co")
    response = client.get(DIRECTORY, headers={"accept-encoding": "gzip, br"})
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    cached = client.get(DIRECTORY, headers={"accept-encoding": "gzip"})
    assert cached["Content-Encoding"] == "gzip"


def test_a_scheduled_item_appears_on_a_cached_page_at_its_publish_time(client, settings):
    settings.PAGE_CACHE_SECONDS = 24 * 3600  # kept all day, but for the publish time
    start = timezone.now().replace(microsecond=0)
    with time_machine.travel(start, tick=False):
        NewsItemFactory(title="Already out")
        NewsItemFactory(title="Embargoed story", publish_at=start + datetime.timedelta(hours=2))
        before = client.get(NEWS)
        assert b"Embargoed story" not in before.content
        assert "max-age=60" in before["Cache-Control"]
    # Just before the time the page is still the cached one, and browsers may keep it only
    # until the publish time.
    with time_machine.travel(start + datetime.timedelta(hours=2, seconds=-30), tick=False):
        with CaptureQueriesContext(connection) as queries:
            almost = client.get(NEWS)
        assert len(queries) == 0
        assert b"Embargoed story" not in almost.content
        assert "max-age=30" in almost["Cache-Control"]
    with time_machine.travel(start + datetime.timedelta(hours=2, seconds=1), tick=False):
        after = client.get(NEWS)
        assert b"Embargoed story" in after.content
        assert after["Last-Modified"] != before["Last-Modified"]
        assert (
            client.get(NEWS, headers={"if-modified-since": before["Last-Modified"]}).status_code
            == 200
        )


def test_an_unpublish_time_takes_the_item_off_cached_pages():
    start = timezone.now().replace(microsecond=0)
    with time_machine.travel(start, tick=False):
        NewsItemFactory(title="Short-lived story", unpublish_at=start + datetime.timedelta(days=1))
        assert page_cache.next_scheduled_change() == start + datetime.timedelta(days=1)


def test_the_next_scheduled_change_ignores_drafts_and_the_past():
    now = timezone.now()
    NewsItemFactory(publish_at=now - datetime.timedelta(days=1))
    NewsItemFactory(status=NewsItem.Status.DRAFT, publish_at=now + datetime.timedelta(hours=1))
    assert page_cache.next_scheduled_change(now) is None
    soon = EnterpriseFactory(publish_at=now + datetime.timedelta(hours=5))
    assert page_cache.next_scheduled_change(now) == soon.publish_at


def test_uncacheable_answers_are_not_kept(client):
    assert client.get("/en/enterprises/no-such-company/").status_code == 404
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/en/enterprises/no-such-company/").status_code == 404
    assert len(queries) > 0
    # The address without a language redirects by the visitor's language: never kept.
    assert client.get("/", headers={"accept-language": "zh-CN"})["Location"] == "/zh-hans/"
    assert client.get("/", headers={"accept-language": "en"})["Location"] == "/en/"


def test_the_cache_can_be_turned_off(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    EnterpriseFactory(name="Uncached Co")
    client.get(DIRECTORY)
    response = client.get(DIRECTORY)
    # Rendered afresh (the view ran and drew its template), not served whole from the cache.
    assert response.context is not None and "Uncached Co" in response.content.decode()
    assert "public" not in response.get("Cache-Control", "")


def test_tags_of_an_industry_rename_reach_every_page(client):
    industry = IndustryFactory(name="Photonics")
    EnterpriseFactory(name="Laser Co", industries=[industry])
    assert b"Photonics" in client.get(DIRECTORY).content
    Industry.objects.filter(pk=industry.pk).update(name="Integrated Photonics")
    assert b"Integrated Photonics" in client.get(DIRECTORY).content


def run_worker(*args, env):
    result = subprocess.run(
        [sys.executable, str(WORKER), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_two_processes_share_the_cache(tmp_path):
    """A change made through one process is seen through another: the cache is not kept in
    any one process's memory."""
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'site.sqlite3'}",
        "CACHE_DIR": str(tmp_path / "cache"),
    }
    env.pop("REDIS_URL", None)
    run_worker("setup", env=env)
    first = run_worker("visit", env=env)
    again = run_worker("visit", env=env)
    assert first["name"] == again["name"] == "Shared Co"
    assert first["queries"] > 0
    assert again["queries"] == 0  # the other process's page
    run_worker("rename", "Renamed Co", env=env)
    after = run_worker("visit", env=env)
    assert after["name"] == "Renamed Co"
    assert after["queries"] > 0


def test_an_import_and_its_undo_clear_the_cache(client):
    city = CityFactory(name="Songjiang")
    EnterpriseFactory(name="Henlius", city=city, summary="Before")
    assert b"Imported Co" not in client.get(DIRECTORY).content
    rows = [
        ["Name", "City", "Summary", "Status"],
        ["Imported Co", "Songjiang", "New", "published"],
    ]
    publisher = member(PUBLISHERS)
    report = import_file("enterprise", files.xlsx(rows), "batch.xlsx", user=publisher)
    assert report.ok, report.problems
    assert b"Imported Co" in client.get(DIRECTORY).content
    undo_batch(report.batch, publisher)
    assert b"Imported Co" not in client.get(DIRECTORY).content


def test_a_revert_clears_the_cache(client):
    item = NewsItemFactory(title="Original story")
    item.title = "Changed story"
    item.save()
    assert b"Changed story" in client.get(NEWS).content
    staff = type(client)()
    staff.force_login(member(PUBLISHERS))
    original = item.history.earliest()
    url = reverse("admin:corridor_newsitem_simple_history", args=[item.pk, original.pk])
    form = staff.get(url).context["adminform"].form
    assert staff.post(url, post_data(form)).status_code == 302
    content = client.get(NEWS).content
    assert b"Original story" in content and b"Changed story" not in content
