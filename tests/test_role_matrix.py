"""The role matrix over every write path: an Editor may not publish, unpublish or remove a live
item by any of them; a Publisher may. Each path calls ``roles.publication_problem``."""

import datetime

import pytest
from django.contrib.admin.sites import site
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from corridor.models import Enclave, Enterprise, NewsItem
from corridor.roles import EDITORS, PUBLISHERS
from corridor.spreadsheets.service import import_file, undo_batch
from tests import spreadsheet_files as files
from tests.admin_forms import change_form, post_data
from tests.factories import (
    CityFactory,
    EnclaveFactory,
    EnterpriseFactory,
    NewsItemFactory,
    UserFactory,
    member,
)

pytestmark = pytest.mark.django_db
REFUSED = "Only publishers can"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def city():
    return CityFactory(name="Songjiang")


def signed_in(client, role):
    user = member(role)
    client.force_login(user)
    client.user = user
    return client


# --- The rule itself ---------------------------------------------------------------------------


def test_the_rule_compares_what_visitors_would_see(city):
    from corridor.roles import publication_problem

    editor, publisher = member(EDITORS), member(PUBLISHERS, name="pub")
    live = EnterpriseFactory(city=city)
    draft = EnterpriseFactory(city=city, status="draft")
    later = EnterpriseFactory(city=city)
    later.publish_at = timezone.now() + datetime.timedelta(days=3)
    assert publication_problem(editor, Enterprise, None, draft) is None  # a new draft
    assert publication_problem(editor, Enterprise, draft, draft) is None
    assert publication_problem(editor, Enterprise, None, live).startswith(REFUSED)
    assert publication_problem(editor, Enterprise, live, None).startswith(REFUSED)
    assert publication_problem(editor, Enterprise, live, draft).startswith(REFUSED)
    assert publication_problem(editor, Enterprise, live, later).startswith(REFUSED)
    assert publication_problem(editor, Enterprise, live, live) is None  # editing a live item
    assert publication_problem(publisher, Enterprise, live, None) is None
    assert publication_problem(None, Enterprise, None, live) is None  # the command line
    assert publication_problem(editor, type(city), city, city) is None  # reference data


# --- Form -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("role", "published"), [(EDITORS, False), (PUBLISHERS, True)])
def test_form_publish_button(client, city, role, published):
    item = NewsItemFactory(status="draft", title="Draft story")
    client = signed_in(client, role)
    url = reverse("admin:corridor_newsitem_change", args=[item.pk])
    form, inlines = change_form(client, url)
    response = client.post(url, {**post_data(form, inlines), "_publish": "1"})
    item.refresh_from_db()
    assert (item.status == "published") is published
    if not published:
        assert REFUSED in response.content.decode()


# --- Inline -----------------------------------------------------------------------------------


def test_enclave_form_links_to_its_residents_instead_of_listing_them(client, city):
    enclave = EnclaveFactory(name="Xuancheng Centre")
    EnterpriseFactory.create_batch(3, city=city, enclave=enclave)
    client = signed_in(client, EDITORS)
    response = client.get(reverse("admin:corridor_enclave_change", args=[enclave.pk]))
    assert response.context["inline_admin_formsets"] == []
    html = response.content.decode()
    link = reverse("admin:corridor_enterprise_changelist") + f"?enclave__id__exact={enclave.pk}"
    assert f'href="{link}"' in html and "3 resident enterprises" in html
    listed = client.get(link)
    assert listed.status_code == 200
    assert listed.context["cl"].result_count == 3


def test_a_crafted_inline_post_on_the_enclave_form_creates_nothing(client, city):
    enclave = EnclaveFactory(status="draft")
    client = signed_in(client, EDITORS)
    url = reverse("admin:corridor_enclave_change", args=[enclave.pk])
    form, inlines = change_form(client, url)
    crafted = {
        "enterprises-TOTAL_FORMS": "1",
        "enterprises-INITIAL_FORMS": "0",
        "enterprises-0-name": "Sneaky Co",
        "enterprises-0-city": str(city.pk),
        "enterprises-0-status": "published",
    }
    client.post(url, {**post_data(form, inlines), **crafted})
    assert not Enterprise.objects.filter(name="Sneaky Co").exists()


def test_no_inline_anywhere_offers_the_publication_fields(rf):
    request = rf.get("/")
    request.user = UserFactory(is_staff=True, is_superuser=True)
    for model_admin in site._registry.values():
        for inline in model_admin.inlines:
            fields = inline(model_admin.model, site).get_fields(request)
            assert not {"status", "publish_at", "unpublish_at"} & set(fields), inline


# --- Changelist action ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "action", "expected"),
    [
        (EDITORS, "publish", "draft"),
        (PUBLISHERS, "publish", "published"),
        (EDITORS, "unpublish", "published"),
        (PUBLISHERS, "unpublish", "draft"),
    ],
)
def test_changelist_actions(client, city, role, action, expected):
    item = EnterpriseFactory(city=city, status="published" if action == "unpublish" else "draft")
    client = signed_in(client, role)
    client.post(
        reverse("admin:corridor_enterprise_changelist"),
        {"action": action, "_selected_action": [item.pk]},
    )
    item.refresh_from_db()
    assert item.status == expected


# --- Import (admin) ---------------------------------------------------------------------------


@pytest.mark.parametrize(("role", "allowed"), [(EDITORS, False), (PUBLISHERS, True)])
def test_import_that_publishes_or_unpublishes(client, city, role, allowed):
    live = EnterpriseFactory(name="Live Co", city=city)
    client = signed_in(client, role)
    sheet = files.xlsx(
        [
            ["Name", "City", "Status"],
            ["New Co", "Songjiang", "Published"],
            ["Live Co", "Songjiang", "Draft"],
        ]
    )
    url = reverse("admin:corridor_enterprise_import")
    preview = client.post(url, {"file": SimpleUploadedFile("rows.xlsx", sheet)})
    html = preview.content.decode()
    if allowed:
        assert "1 new, 1 updated" in html
        client.post(url, {"token": preview.context["token"]})
        live.refresh_from_db()
        assert live.status == "draft"
        assert Enterprise.objects.get(name="New Co").status == "published"
    else:
        assert "2 invalid" in html
        assert "Row 2, Status: Only publishers can publish or schedule" in html
        assert "Row 3, Status: Only publishers can unpublish" in html
        client.post(url, {"token": preview.context["token"], "skip_invalid": "on"})
        live.refresh_from_db()
        assert live.status == "published"
        assert not Enterprise.objects.filter(name="New Co").exists()


def test_an_editor_import_may_edit_live_items_and_add_drafts(city):
    live = EnterpriseFactory(name="Live Co", city=city, summary="Old")
    rows = [["Name", "City", "Summary", "Status"], ["Live Co", "Songjiang", "New", "Published"]]
    rows.append(["Draft Co", "Songjiang", "", "草稿"])
    report = import_file("enterprise", files.xlsx(rows), "rows.xlsx", user=member(EDITORS))
    assert report.saved and report.counts["invalid"] == 0
    live.refresh_from_db()
    assert (live.summary, live.status) == ("New", "published")
    assert Enterprise.objects.get(name="Draft Co").status == "draft"


# --- Revert -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("role", "allowed"), [(EDITORS, False), (PUBLISHERS, True)])
def test_revert_to_a_published_version(client, role, allowed):
    item = NewsItemFactory(title="Story")
    published_version = item.history.first()
    NewsItem.objects.filter(pk=item.pk).update(status="draft")  # a publisher unpublished it
    item.refresh_from_db()
    item.save()
    client = signed_in(client, role)
    url = reverse("admin:corridor_newsitem_simple_history", args=[item.pk, published_version.pk])
    form, _inlines = change_form(client, url)
    response = client.post(url, post_data(form))
    item.refresh_from_db()
    assert (item.status == "published") is allowed
    if not allowed:
        assert REFUSED in response.content.decode()


@pytest.mark.parametrize(("role", "allowed"), [(EDITORS, False), (PUBLISHERS, True)])
def test_restoring_a_deleted_live_item(client, role, allowed):
    item = NewsItemFactory(title="Deleted story")
    pk = item.pk
    item.delete()
    last = (
        NewsItem.history.filter(id=pk, history_type="~").first()
        or NewsItem.history.filter(id=pk, history_type="+").first()
    )
    client = signed_in(client, role)
    url = reverse("admin:corridor_newsitem_simple_history", args=[pk, last.pk])
    form, _inlines = change_form(client, url)
    response = client.post(url, post_data(form))
    assert NewsItem.objects.filter(pk=pk).exists() is allowed
    if not allowed:
        assert REFUSED in response.content.decode()


# --- Undo -------------------------------------------------------------------------------------


def test_undoing_an_import_that_published_needs_a_publisher(city):
    from corridor.spreadsheets.service import UndoRefused

    draft = EnterpriseFactory(name="Draft Co", city=city, status="draft")
    publisher = member(PUBLISHERS, name="pub")
    rows = [["Name", "City", "Status"], ["Draft Co", "Songjiang", "Published"]]
    batch = import_file("enterprise", files.xlsx(rows), "p.xlsx", user=publisher).batch
    draft.refresh_from_db()
    assert draft.status == "published"
    with pytest.raises(UndoRefused, match="Only publishers can undo"):
        undo_batch(batch, member(EDITORS))
    undo_batch(batch, publisher)
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_an_editor_cannot_undo_rows_a_publisher_has_since_published(client, city):
    editor = member(EDITORS)
    batch = import_file(
        "enterprise",
        files.xlsx([["Name", "City"], ["Fresh Co", "Songjiang"]]),
        "e.xlsx",
        user=editor,
    ).batch
    fresh = Enterprise.objects.get(name="Fresh Co")
    fresh.status = "published"
    fresh.save()
    client.force_login(editor)
    url = reverse("admin:corridor_importbatch_undo", args=[batch.pk])
    page = client.get(url).content.decode()
    assert "saved again since the import" in page and "Only publishers can undo" in page
    client.post(url)
    assert Enterprise.objects.filter(name="Fresh Co", status="published").exists()


# --- Delete -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("role", "allowed"), [(EDITORS, False), (PUBLISHERS, True)])
def test_delete(client, city, role, allowed):
    item = EnterpriseFactory(city=city)
    client = signed_in(client, role)
    response = client.post(
        reverse("admin:corridor_enterprise_delete", args=[item.pk]), {"post": "yes"}
    )
    assert Enterprise.objects.filter(pk=item.pk).exists() is not allowed
    assert response.status_code == (302 if allowed else 403)


def test_enclave_model_admin_has_no_inlines():
    assert site._registry[Enclave].inlines == ()
