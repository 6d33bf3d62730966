"""History of every change, revert, and imports recorded as batches that can be undone."""

import pytest
from django.urls import reverse

from corridor.models import City, Enterprise, FundInvestment, ImportBatch, Indicator, NewsItem
from corridor.roles import EDITORS, PUBLISHERS
from corridor.spreadsheets.service import import_file, undo_batch
from tests import spreadsheet_files as files
from tests.admin_forms import post_data
from tests.factories import (
    CityFactory,
    EnterpriseFactory,
    FundFactory,
    FundInvestmentFactory,
    IndicatorFactory,
    IndustryFactory,
    UserFactory,
    member,
)

pytestmark = pytest.mark.django_db


def test_admin_edits_are_recorded_with_who_and_what(client):
    publisher = member(PUBLISHERS)
    client.force_login(publisher)
    item = NewsItem.objects.create(title="First title", body="<p>One</p>", slug="story")
    url = reverse("admin:corridor_newsitem_change", args=[item.pk])
    form = client.get(url).context["adminform"].form
    client.post(url, {**post_data(form), "title_en": "Second title"})
    item.refresh_from_db()
    assert item.title == "Second title"
    latest = item.history.first()
    assert latest.history_user == publisher
    assert latest.history_type == "~"
    delta = latest.diff_against(latest.prev_record)
    assert [(c.field, c.old, c.new) for c in delta.changes if c.field == "title_en"] == [
        ("title_en", "First title", "Second title")
    ]
    history_page = client.get(reverse("admin:corridor_newsitem_history", args=[item.pk]))
    html = history_page.content.decode()
    assert "Second title" in html and "First title" in html


def test_revert_to_an_earlier_version(client):
    client.force_login(member(PUBLISHERS))
    item = NewsItem.objects.create(title="Original", slug="story", body="<p>One</p>")
    item.title = "Changed"
    item.save()
    original = item.history.earliest()
    url = reverse("admin:corridor_newsitem_simple_history", args=[item.pk, original.pk])
    form = client.get(url).context["adminform"].form
    response = client.post(url, post_data(form))
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.title == "Original"
    assert item.history.count() == 3


@pytest.fixture
def catalogue():
    city = CityFactory(name="Songjiang")
    bio, ai = IndustryFactory(name="Biomedicine"), IndustryFactory(name="AI")
    existing = EnterpriseFactory(name="Henlius", city=city, summary="Before", industries=[bio])
    return {"city": city, "bio": bio, "ai": ai, "existing": existing}


def import_rows(user=None, dry_run=False):
    rows = [
        ["Name", "City", "Industries", "Summary"],
        ["Henlius", "Songjiang", "Biomedicine; AI", "After"],
        ["New One", "Songjiang", "AI", ""],
        ["New Two", "Songjiang", "", ""],
    ]
    return import_file("enterprise", files.xlsx(rows), "batch.xlsx", user=user, dry_run=dry_run)


def test_an_import_is_recorded_as_one_batch(catalogue):
    editor = member(EDITORS)
    report = import_rows(editor)
    batch = report.batch
    assert batch == ImportBatch.objects.get()
    assert (batch.model_name, batch.file_name, batch.created_by) == (
        "enterprise",
        "batch.xlsx",
        editor,
    )
    assert batch.counts == {"new": 2, "updated": 1, "unchanged": 0, "invalid": 0}
    assert sorted(batch.created_ids) == sorted(
        Enterprise.objects.filter(name__startswith="New").values_list("pk", flat=True)
    )
    changes = batch.changes[str(catalogue["existing"].pk)]
    assert changes["summary_en"] == ["Before", "After"]
    assert changes["industries"] == [
        [catalogue["bio"].pk],
        sorted([catalogue["bio"].pk, catalogue["ai"].pk]),
    ]


def test_dry_runs_and_refused_imports_record_nothing(catalogue):
    import_rows(dry_run=True)
    import_file("enterprise", files.xlsx([["Name", "City"], ["X", "Atlantis"]]), "bad.xlsx")
    assert not ImportBatch.objects.exists()


def test_undo_reverses_the_whole_import(catalogue):
    report = import_rows(member(EDITORS))
    undo_batch(report.batch)
    assert list(Enterprise.objects.values_list("name", flat=True)) == ["Henlius"]
    existing = Enterprise.objects.get()
    assert existing.summary == "Before"
    assert list(existing.industries.all()) == [catalogue["bio"]]
    report.batch.refresh_from_db()
    assert report.batch.undone_at is not None
    with pytest.raises(ValueError, match="already been undone"):
        undo_batch(report.batch)


def test_undo_in_the_admin_by_the_importer(client, catalogue):
    editor = member(EDITORS)
    batch = import_rows(editor).batch
    client.force_login(editor)
    page = client.get(reverse("admin:corridor_importbatch_change", args=[batch.pk]))
    assert "Undo this import" in page.content.decode()
    undo_url = reverse("admin:corridor_importbatch_undo", args=[batch.pk])
    assert "deletes the 2 rows it added" in client.get(undo_url).content.decode()
    client.post(undo_url)
    assert Enterprise.objects.count() == 1
    assert client.get(undo_url).status_code == 403  # once only


@pytest.mark.parametrize(("role", "status"), [(EDITORS, 403), (PUBLISHERS, 302)])
def test_undo_by_someone_else_needs_delete_permission(client, catalogue, role, status):
    batch = import_rows(member(EDITORS)).batch
    client.force_login(member(role, name="other"))
    assert (
        client.post(reverse("admin:corridor_importbatch_undo", args=[batch.pk])).status_code
        == status
    )


def test_batches_are_listed_for_importers_only(client, catalogue):
    import_rows(member(EDITORS))
    client.force_login(member(EDITORS, name="colleague"))
    assert client.get(reverse("admin:corridor_importbatch_changelist")).status_code == 200
    client.force_login(UserFactory(username="outsider", is_staff=True))
    assert client.get(reverse("admin:corridor_importbatch_changelist")).status_code == 403


def test_relation_changes_are_kept_and_reverted(client):
    client.force_login(member(PUBLISHERS))
    city = CityFactory(name="Songjiang")
    bio, ai = IndustryFactory(name="Biomedicine"), IndustryFactory(name="AI")
    item = NewsItem.objects.create(title="Story", slug="story", body="<p>x</p>")
    item.industries.set([bio])
    item.cities.set([city])
    first = item.history.first()
    url = reverse("admin:corridor_newsitem_change", args=[item.pk])
    form = client.get(url).context["adminform"].form
    client.post(url, {**post_data(form), "industries": [str(ai.pk)]})
    assert list(item.industries.all()) == [ai]
    latest = item.history.first()
    delta = latest.diff_against(first)
    assert "industries" in [change.field for change in delta.changes]

    revert_url = reverse("admin:corridor_newsitem_simple_history", args=[item.pk, first.pk])
    form = client.get(revert_url).context["adminform"].form
    assert [str(v) for v in form.initial["industries"]] == [str(bio.pk)]
    client.post(revert_url, post_data(form))
    assert list(item.industries.all()) == [bio]
    assert list(item.cities.all()) == [city]


def test_undo_refuses_clearly_when_added_rows_are_in_use(client):
    publisher = member(PUBLISHERS)
    rows = [["Name", "Province"], ["Lishui", "Zhejiang"]]
    batch = import_file("city", files.xlsx(rows), "cities.xlsx", user=publisher).batch
    EnterpriseFactory(name="Lishui Co", city=CityFactory._meta.model.objects.get(name="Lishui"))
    client.force_login(publisher)
    response = client.post(reverse("admin:corridor_importbatch_undo", args=[batch.pk]), follow=True)
    assert response.status_code == 200
    assert "Nothing was undone" in response.content.decode()
    assert "Lishui Co" in response.content.decode()
    batch.refresh_from_db()
    assert batch.undone_at is None
    assert CityFactory._meta.model.objects.filter(name="Lishui").exists()


def test_undo_refuses_when_other_peoples_rows_would_go_by_cascade(client, catalogue):
    """A key figure for an imported city and an investment in an imported enterprise are
    other people's work: undo would delete them through CASCADE, so it refuses and names them."""
    editor, publisher = member(EDITORS), member(PUBLISHERS, name="publisher")
    city_batch = import_file(
        "city", files.xlsx([["Name", "Province"], ["Lishui", "Zhejiang"]]), "c.xlsx", user=editor
    ).batch
    company_batch = import_rows(editor).batch
    lishui = City.objects.get(name="Lishui")
    IndicatorFactory(label="Lishui output", city=lishui, created_by=publisher)
    FundInvestmentFactory(
        fund=FundFactory(name="Delta Fund"), enterprise=Enterprise.objects.get(name="New One")
    )
    client.force_login(editor)
    for batch, other in ((city_batch, "Lishui output"), (company_batch, "Delta Fund")):
        url = reverse("admin:corridor_importbatch_undo", args=[batch.pk])
        response = client.post(url, follow=True)
        html = response.content.decode()
        assert response.status_code == 200
        assert "Nothing was undone" in html and other in html
        batch.refresh_from_db()
        assert batch.undone_at is None
    assert Indicator.objects.filter(label="Lishui output").exists()
    assert FundInvestment.objects.filter(fund__name="Delta Fund").exists()
    assert City.objects.filter(name="Lishui").exists()
