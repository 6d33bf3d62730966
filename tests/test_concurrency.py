"""Two people saving the same item: the second is told who changed what, and nothing is lost."""

import pytest
from django.db import transaction
from django.urls import reverse

from corridor.models import Enterprise, FundInvestment, NewsItem
from corridor.roles import EDITORS, PUBLISHERS
from corridor.spreadsheets.service import import_file, undo_batch
from tests import spreadsheet_files as files
from tests.admin_forms import change_form, post_data
from tests.factories import (
    CityFactory,
    EnterpriseFactory,
    FundInvestmentFactory,
    IndustryFactory,
    NewsItemFactory,
    member,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def item():
    return NewsItemFactory(title="Title", standfirst="Standfirst", body="<p>Body</p>")


def two_editors(client, django_user_model):
    from django.test import Client

    first, second = Client(), Client()
    first.force_login(member(EDITORS, name="wang"))
    second.force_login(member(EDITORS, name="li"))
    return first, second


def open_form(client, item):
    url = reverse("admin:corridor_newsitem_change", args=[item.pk])
    form, inlines = change_form(client, url)
    return url, post_data(form, inlines)


def test_every_save_advances_the_version_and_a_stale_copy_cannot_overwrite(item):
    from corridor.models import EditConflict

    stale = NewsItem.objects.get(pk=item.pk)
    item.title = "Saved first"
    item.save()
    assert item.version == stale.version + 1
    stale.title = "Saved from an old copy"
    with pytest.raises(EditConflict), transaction.atomic():
        stale.save()
    item.refresh_from_db()
    assert item.title == "Saved first"


def test_different_fields_are_both_kept(client, django_user_model, item):
    wang, li = two_editors(client, django_user_model)
    url, wang_form = open_form(wang, item)
    _url, li_form = open_form(li, item)
    assert wang.post(url, {**wang_form, "title_en": "Wang's title"}).status_code == 302
    response = li.post(url, {**li_form, "standfirst_en": "Li's standfirst"}, follow=True)
    item.refresh_from_db()
    assert (item.title, item.standfirst) == ("Wang's title", "Li's standfirst")
    messages = [str(m) for m in response.context["messages"]]
    assert any("wang" in m and "title" in m and "kept" in m for m in messages)


def test_the_same_field_is_refused_with_who_and_what_then_saved_on_purpose(
    client, django_user_model, item
):
    wang, li = two_editors(client, django_user_model)
    url, wang_form = open_form(wang, item)
    _url, li_form = open_form(li, item)
    wang.post(url, {**wang_form, "title_en": "Wang's title", "standfirst_en": "Wang's standfirst"})
    response = li.post(url, {**li_form, "title_en": "Li's title"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "While you were editing, this item was saved by wang" in html
    assert "Wang&#x27;s title" in html  # their value, shown beside the editor's own
    assert 'value="Li&#x27;s title"' in html  # the editor's own value, still in the form
    item.refresh_from_db()
    assert item.title == "Wang's title"

    # Saving again keeps Li's title and Wang's standfirst: nobody's work is lost.
    form = response.context["adminform"].form
    again = li.post(url, post_data(form))
    assert again.status_code == 302
    item.refresh_from_db()
    assert (item.title, item.standfirst) == ("Li's title", "Wang's standfirst")


def test_relations_merge_too(client, django_user_model):
    city = CityFactory()
    bio, ai = IndustryFactory(name="Biomedicine"), IndustryFactory(name="AI")
    enterprise = EnterpriseFactory(city=city, industries=[bio], summary="Old")
    wang, li = two_editors(client, django_user_model)
    url = reverse("admin:corridor_enterprise_change", args=[enterprise.pk])
    wang_form = post_data(*change_form(wang, url))
    li_form = post_data(*change_form(li, url))
    wang.post(url, {**wang_form, "industries": [str(bio.pk), str(ai.pk)]})
    assert li.post(url, {**li_form, "summary_en": "New"}).status_code == 302
    enterprise.refresh_from_db()
    assert enterprise.summary == "New"
    assert set(enterprise.industries.all()) == {bio, ai}


def test_an_inline_row_is_versioned_too(client, django_user_model):
    investment = FundInvestmentFactory(amount=10)
    fund = investment.fund
    wang, li = two_editors(client, django_user_model)
    for person in (wang, li):
        person.user = None
    publisher = member(PUBLISHERS, name="pub")
    wang.force_login(publisher)
    li.force_login(member(PUBLISHERS, name="pub2"))
    url = reverse("admin:corridor_fund_change", args=[fund.pk])
    wang_form = post_data(*change_form(wang, url))
    li_form = post_data(*change_form(li, url))
    wang.post(url, {**wang_form, "investments-0-amount": "20"})
    response = li.post(url, {**li_form, "investments-0-amount": "30"})
    assert response.status_code == 200
    assert "While you were editing" in response.content.decode()
    investment.refresh_from_db()
    assert investment.amount == 20


def test_changelist_actions_imports_undo_and_revert_advance_the_version(client):
    city = CityFactory(name="Songjiang")
    enterprise = EnterpriseFactory(name="Henlius", city=city, status="draft", summary="One")
    start = enterprise.version

    publisher = member(PUBLISHERS)
    client.force_login(publisher)
    client.post(
        reverse("admin:corridor_enterprise_changelist"),
        {"action": "publish", "_selected_action": [enterprise.pk]},
    )
    enterprise.refresh_from_db()
    assert enterprise.version == start + 1

    rows = [["Name", "City", "Summary"], ["Henlius", "Songjiang", "Two"]]
    batch = import_file("enterprise", files.xlsx(rows), "e.xlsx", user=publisher).batch
    enterprise.refresh_from_db()
    assert (enterprise.summary, enterprise.version) == ("Two", start + 2)

    undo_batch(batch, publisher)
    enterprise.refresh_from_db()
    assert (enterprise.summary, enterprise.version) == ("One", start + 3)

    first = enterprise.history.order_by("history_date").first()
    url = reverse("admin:corridor_enterprise_simple_history", args=[enterprise.pk, first.pk])
    form, _inlines = change_form(client, url)
    assert client.post(url, post_data(form)).status_code == 302
    enterprise.refresh_from_db()
    assert enterprise.version == start + 4  # a revert never brings back an old number


def test_an_import_refuses_when_someone_saves_its_rows_meanwhile(monkeypatch):
    city = CityFactory(name="Songjiang")
    enterprise = EnterpriseFactory(name="Henlius", city=city, summary="One")
    from corridor.spreadsheets import engine

    original = engine.bulk_update_rows

    def someone_saves_first(model, objects, fields):
        Enterprise.objects.filter(pk=enterprise.pk).update(summary="Saved meanwhile")
        return original(model, objects, fields)

    monkeypatch.setattr(engine, "bulk_update_rows", someone_saves_first)
    rows = [["Name", "City", "Summary"], ["Henlius", "Songjiang", "From the file"]]
    report = import_file("enterprise", files.xlsx(rows), "e.xlsx", user=member(EDITORS))
    assert not report.saved
    assert "Someone saved Henlius while the import was running" in report.file_errors[0]
    enterprise.refresh_from_db()
    assert enterprise.summary == "One"  # the import's transaction rolled back, theirs too


def test_deleted_while_editing(client, django_user_model, item):
    wang, _li = two_editors(client, django_user_model)
    url, form = open_form(wang, item)
    NewsItem.objects.filter(pk=item.pk).delete()
    response = wang.post(url, {**form, "title_en": "Too late"})
    assert response.status_code in (200, 302)
    assert not NewsItem.objects.filter(title="Too late").exists()


def test_fund_investment_rows_carry_versions():
    from corridor.models import EditConflict

    investment = FundInvestmentFactory()
    stale = FundInvestment.objects.get(pk=investment.pk)
    investment.note = "first"
    investment.save()
    with pytest.raises(EditConflict), transaction.atomic():
        stale.save()
