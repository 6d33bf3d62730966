"""One audit trail: imports, undo and the publish actions leave history like any save does."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from corridor.models import Enterprise, NewsItem
from corridor.roles import EDITORS, PUBLISHERS
from corridor.spreadsheets.service import import_file, undo_batch
from tests import spreadsheet_files as files
from tests.admin_forms import change_form, post_data
from tests.factories import CityFactory, EnterpriseFactory, IndustryFactory, NewsItemFactory, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue():
    city = CityFactory(name="Songjiang")
    bio, ai = IndustryFactory(name="Biomedicine"), IndustryFactory(name="AI")
    existing = EnterpriseFactory(name="Henlius", city=city, summary="Before", industries=[bio])
    return {"city": city, "bio": bio, "ai": ai, "existing": existing}


def import_rows(user):
    rows = [
        ["Name", "City", "Industries", "Summary"],
        ["Henlius", "Songjiang", "Biomedicine; AI", "After"],
        ["New One", "Songjiang", "AI", ""],
    ]
    return import_file("enterprise", files.xlsx(rows), "batch.xlsx", user=user)


def test_an_import_writes_a_history_record_for_each_item_with_its_relations(catalogue):
    editor = member(EDITORS)
    batch = import_rows(editor).batch
    existing = catalogue["existing"]
    latest = existing.history.first()
    assert (latest.history_user, latest.import_batch, latest.history_type) == (editor, batch, "~")
    assert latest.history_change_reason == f"Imported in batch #{batch.pk}"
    assert latest.summary_en == "After"
    assert set(latest.industries.values_list("industry_id", flat=True)) == {
        catalogue["bio"].pk,
        catalogue["ai"].pk,
    }
    new = Enterprise.objects.get(name="New One")
    record = new.history.get()
    assert (record.history_type, record.import_batch, record.history_user) == ("+", batch, editor)
    assert list(record.industries.values_list("industry_id", flat=True)) == [catalogue["ai"].pk]
    delta = latest.diff_against(latest.prev_record)
    assert sorted(change.field for change in delta.changes if change.field != "version") == [
        "industries",
        "summary_en",
    ]


def test_undo_writes_history_too(catalogue):
    editor = member(EDITORS)
    batch = import_rows(editor).batch
    new_pk = Enterprise.objects.get(name="New One").pk
    undo_batch(batch, editor)
    existing = catalogue["existing"]
    latest = existing.history.first()
    assert latest.summary_en == "Before"
    assert latest.history_change_reason == f"Undo of import batch #{batch.pk}"
    assert (latest.import_batch, latest.history_user) == (batch, editor)
    assert list(latest.industries.values_list("industry_id", flat=True)) == [catalogue["bio"].pk]
    deleted = Enterprise.history.get(id=new_pk, history_type="-")
    assert (deleted.history_user, deleted.import_batch) == (editor, batch)


def test_the_history_page_names_and_links_the_batch(client, catalogue):
    editor = member(EDITORS)
    batch = import_rows(editor).batch
    client.force_login(editor)
    existing = catalogue["existing"]
    html = client.get(reverse("admin:corridor_enterprise_history", args=[existing.pk])).content
    html = html.decode()
    batch_url = reverse("admin:corridor_importbatch_change", args=[batch.pk])
    assert f'<a href="{batch_url}">Imported in batch #{batch.pk}</a>' in html
    assert "<strong>Summary (English):</strong> Before → After" in html
    assert "AI; Biomedicine" in html  # relations by name


def test_the_batch_page_lists_what_it_added_and_changed(client, catalogue):
    editor = member(EDITORS)
    batch = import_rows(editor).batch
    client.force_login(editor)
    html = client.get(reverse("admin:corridor_importbatch_change", args=[batch.pk])).content
    html = html.decode()
    existing, new = catalogue["existing"], Enterprise.objects.get(name="New One")
    for item in (existing, new):
        url = reverse("admin:corridor_enterprise_change", args=[item.pk])
        assert f'<a href="{url}">{item.name}</a>' in html
    assert "Summary (English): Before → After" in html
    assert "Industries: Biomedicine → AI; Biomedicine" in html
    local = timezone.localtime(batch.created_at).strftime("%Y-%m-%d %H:%M")
    assert f"Batch #{batch.pk}, {local}" in html or local in html
    assert local in str(batch)


@pytest.mark.parametrize(("action", "reason"), [("publish", "Published"), ("unpublish", "")])
def test_the_publish_actions_write_history(client, action, reason):
    item = NewsItemFactory(status="draft" if action == "publish" else "published")
    item.save()
    publisher = member(PUBLISHERS)
    client.force_login(publisher)
    client.post(
        reverse("admin:corridor_newsitem_changelist"),
        {"action": action, "_selected_action": [item.pk]},
    )
    latest = item.history.first()
    assert latest.history_user == publisher
    assert latest.status == ("published" if action == "publish" else "draft")
    assert latest.history_change_reason == (reason or "Unpublished")


def test_publishing_a_draft_begun_in_the_past_puts_it_live_now(client):
    week_ago = timezone.now() - datetime.timedelta(days=7)
    item = NewsItemFactory(status="draft", publish_at=week_ago)
    client.force_login(member(PUBLISHERS))
    url = reverse("admin:corridor_newsitem_change", args=[item.pk])
    data = post_data(*change_form(client, url))
    response = client.post(url, {**data, "_publish": "1"}, follow=True)
    item.refresh_from_db()
    assert item.state == "published"
    assert timezone.now() - item.publish_at < datetime.timedelta(minutes=1)
    assert f"“{item}” was published: it is on the site now." in response.content.decode()


def test_publishing_with_a_future_time_schedules_and_says_so(client):
    item = NewsItemFactory(status="draft")
    client.force_login(member(PUBLISHERS))
    url = reverse("admin:corridor_newsitem_change", args=[item.pk])
    data = post_data(*change_form(client, url))
    data.update({"publish_at_0": "2099-01-01", "publish_at_1": "09:00:00", "_publish": "1"})
    response = client.post(url, data, follow=True)
    item.refresh_from_db()
    assert item.state == "scheduled"
    assert "is scheduled: it goes live on 2099-01-01 09:00" in response.content.decode()


@pytest.mark.parametrize(
    ("role", "status", "buttons"),
    [
        (EDITORS, "draft", ["_save_draft", "_continue"]),
        (EDITORS, "published", ["_save", "_continue"]),
        (PUBLISHERS, "draft", ["_publish", "_save_draft", "_continue"]),
        (PUBLISHERS, "published", ["_save", "_unpublish", "_continue"]),
    ],
)
def test_each_role_sees_the_buttons_that_fit_the_item(client, role, status, buttons):
    item = NewsItemFactory(status=status)
    client.force_login(member(role))
    html = client.get(reverse("admin:corridor_newsitem_change", args=[item.pk])).content.decode()
    submit = html[html.index('<div class="submit-row">') :]
    submit = submit[: submit.index("</div>")]
    found = [
        name
        for name in ("_publish", "_save_draft", "_save", "_unpublish", "_continue", "_addanother")
        if f'name="{name}"' in submit
    ]
    assert found == buttons
    assert 'name="status"' not in html  # the status changes by these buttons only


def test_saving_a_draft_says_so(client):
    client.force_login(member(EDITORS))
    item = NewsItemFactory(status="draft", title="Plans")
    url = reverse("admin:corridor_newsitem_change", args=[item.pk])
    data = post_data(*change_form(client, url))
    response = client.post(url, {**data, "_save_draft": "1"}, follow=True)
    assert "“Plans” was saved as a draft." in response.content.decode()


def test_history_shows_local_times_and_only_real_changes(client):
    item = NewsItemFactory(status="draft", title="First")
    client.force_login(member(PUBLISHERS))
    url = reverse("admin:corridor_newsitem_change", args=[item.pk])
    client.post(url, {**post_data(*change_form(client, url)), "title_en": "Second"})
    page = client.get(reverse("admin:corridor_newsitem_history", args=[item.pk]))
    html = page.content.decode()
    record = item.history.first()
    assert timezone.localtime(record.history_date).strftime("%Y-%m-%d %H:%M") in html
    assert "None" not in html
    changes = page.context["page_obj"].object_list[0].history_delta_changes
    assert [(c["field"], c["old"], c["new"]) for c in changes] == [
        ("Title (English)", "First", "Second")
    ]


def test_a_form_round_trip_changes_no_time():
    item = NewsItemFactory(status="draft")
    assert item.publish_at.microsecond == 0  # so a form, which drops them, changes nothing
    NewsItem.objects.filter(pk=item.pk).update(publish_at=timezone.now())
    item.refresh_from_db()
    item.save()
    assert item.publish_at.microsecond == 0


def test_every_changelist_links_names_to_their_forms(client):
    from django.contrib.admin.sites import site

    from corridor import registry

    client.force_login(member(PUBLISHERS))
    for model in registry.models():
        model_admin = site._registry[model]
        links = model_admin.get_list_display_links(None, model_admin.list_display)
        # The name, title or label in both languages; a model without one links its first column.
        names = [c for c in model_admin.list_display if getattr(c, "opens_item", False)]
        expected = names[0] if names else model_admin.list_display[0]
        assert list(links) == [expected], model


def test_the_publish_action_puts_a_draft_begun_in_the_past_live_now(client):
    week_ago = timezone.now() - datetime.timedelta(days=7)
    item = NewsItemFactory(status="draft", publish_at=week_ago)
    client.force_login(member(PUBLISHERS))
    client.post(
        reverse("admin:corridor_newsitem_changelist"),
        {"action": "publish", "_selected_action": [item.pk]},
    )
    item.refresh_from_db()
    assert item.state == "published"
    assert timezone.now() - item.publish_at < datetime.timedelta(minutes=1)
    assert item.history.first().publish_at == item.publish_at


def test_an_import_that_changes_only_links_records_them(catalogue):
    editor = member(EDITORS)
    rows = [["Name", "City", "Industries", "Summary"], ["Henlius", "Songjiang", "AI", "Before"]]
    report = import_file("enterprise", files.xlsx(rows), "links.xlsx", user=editor)
    assert report.counts["updated"] == 1
    existing = catalogue["existing"]
    latest = existing.history.first()
    assert (latest.import_batch, latest.history_user) == (report.batch, editor)
    assert list(latest.industries.values_list("industry_id", flat=True)) == [catalogue["ai"].pk]
    delta = latest.diff_against(latest.prev_record)
    assert [change.field for change in delta.changes if change.field != "version"] == ["industries"]
