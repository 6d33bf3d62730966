"""Setting up again (``make run`` → ``load_launch``) never overwrites anyone's work."""

import io
import json

import pytest
from django.conf import settings
from django.core.management import call_command

from corridor.models import Enterprise, Indicator, NewsItem
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def load(*args):
    out = io.StringIO()
    call_command("load_launch", *args, stdout=out)
    return out.getvalue()


def test_a_fresh_database_gets_everything_and_a_second_run_changes_nothing():
    first = load()
    assert "195 added" in first
    before = {(e.pk, e.updated_at, e.version, e.summary) for e in Enterprise.objects.order_by("pk")}
    second = load()
    assert "0 added, 0 filled in (0 fields), 0 deleted by editors and left out, 195 unchanged" in (
        second
    )
    after = {(e.pk, e.updated_at, e.version, e.summary) for e in Enterprise.objects.order_by("pk")}
    assert before == after


def test_an_editors_changes_survive_setting_up_again():
    load()
    publisher = UserFactory(username="publisher")
    henlius = Enterprise.objects.get(slug="henlius")
    henlius.summary = "Rewritten by the district's editor"
    henlius.updated_by = publisher
    henlius.save()
    saved = Enterprise.objects.get(pk=henlius.pk)
    load()
    henlius.refresh_from_db()
    assert henlius.summary == "Rewritten by the district's editor"
    assert henlius.updated_by == publisher
    assert (henlius.updated_at, henlius.version) == (saved.updated_at, saved.version)


def test_an_emptied_field_stays_empty_and_a_deleted_item_stays_deleted():
    load()
    henlius = Enterprise.objects.get(slug="henlius")
    henlius.summary_en = henlius.summary_zh_hans = ""
    henlius.save()
    news = NewsItem.objects.order_by("pk").first()
    news_slug = news.slug
    news.delete()
    report = load()
    assert "1 deleted by editors and left out" in report
    henlius.refresh_from_db()
    assert (henlius.summary_en, henlius.summary_zh_hans) == ("", "")
    assert not NewsItem.objects.filter(slug=news_slug).exists()


def test_missing_items_are_added_and_empty_fields_filled(tmp_path):
    load()
    # A later release of the launch content: one new figure, and a text for an empty field.
    source = settings.FIXTURE_DIRS[0] / "launch.json"
    fixture = json.loads(source.read_text(encoding="utf-8"))
    henlius = next(e for e in fixture if e["fields"].get("slug") == "henlius")
    assert not henlius["fields"].get("website")
    henlius["fields"]["website"] = "https://www.henlius.com/"
    figure = next(e for e in fixture if e["model"] == "corridor.indicator")
    figure = json.loads(json.dumps(figure))
    figure["fields"]["slug"] = "g60-new-figure-2024"
    figure["fields"]["label"] = "A new figure"
    fixture.append(figure)
    Enterprise.objects.filter(slug="henlius").update(summary="Kept")
    path = tmp_path / "launch.json"
    path.write_text(json.dumps(fixture), encoding="utf-8")

    report = load(str(path))
    assert "1 added, 1 filled in (1 fields)" in report
    henlius = Enterprise.objects.get(slug="henlius")
    assert henlius.website == "https://www.henlius.com/"
    assert henlius.summary == "Kept"
    assert Indicator.objects.filter(slug="g60-new-figure-2024").exists()
    assert henlius.history.first().history_change_reason == "Launch content"


def test_dry_run_saves_nothing():
    report = load("--dry-run")
    assert "195 added" in report and "Nothing was saved" in report
    assert not Enterprise.objects.exists()
