"""Import and export in the admin: permissions, preview, confirm, invalid rows, templates."""

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from corridor.models import Enterprise
from corridor.spreadsheets.reader import read_table
from tests import spreadsheet_files as files
from tests.factories import CityFactory, EnterpriseFactory

pytestmark = pytest.mark.django_db
IMPORT = reverse("admin:corridor_enterprise_import")
CHANGELIST = reverse("admin:corridor_enterprise_changelist")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def city():
    return CityFactory(name="Songjiang", name_zh_hans="松江")


def upload(rows, name="companies.xlsx"):
    return SimpleUploadedFile(name, files.xlsx(rows))


@pytest.fixture
def importer(client, staff_with_perms):
    user = staff_with_perms(
        "view_enterprise", "change_enterprise", "add_enterprise", "import_enterprise"
    )
    client.force_login(user)
    client.user = user
    return client


def test_import_needs_its_own_permission(client, staff_with_perms, city):
    client.force_login(staff_with_perms("view_enterprise", "change_enterprise", "add_enterprise"))
    assert client.get(IMPORT).status_code == 403
    assert (
        client.post(IMPORT, {"file": upload([["Name", "City"], ["A", "Songjiang"]])}).status_code
        == 403
    )
    assert 'class="import_link"' not in client.get(CHANGELIST).content.decode()
    assert Enterprise.objects.count() == 0


def test_export_needs_its_own_permission(client, staff_with_perms, city):
    EnterpriseFactory(city=city)
    client.force_login(staff_with_perms("view_enterprise"))
    export_url = reverse("admin:corridor_enterprise_export")
    assert client.get(export_url).status_code == 403
    client.force_login(staff_with_perms("view_enterprise", "export_enterprise"))
    assert client.get(export_url).status_code == 200


def test_preview_then_confirm(importer, city):
    response = importer.post(
        IMPORT, {"file": upload([["Name", "City"], ["A", "Songjiang"], ["B", "松江"]])}
    )
    html = response.content.decode()
    assert "Checked: 2 new, 0 updated, 0 unchanged, 0 invalid" in html
    assert Enterprise.objects.count() == 0
    token = response.context["token"]
    response = importer.post(IMPORT, {"token": token})
    assert "Imported: 2 new" in response.content.decode()
    assert set(Enterprise.objects.values_list("name", flat=True)) == {"A", "B"}
    assert Enterprise.objects.get(name="A").created_by == importer.user


def test_preview_lists_row_statuses(importer, city):
    EnterpriseFactory(name="Same", city=city, summary="s")
    EnterpriseFactory(name="Changed", city=city)
    response = importer.post(
        IMPORT,
        {
            "file": upload(
                [
                    ["Name", "City", "Summary"],
                    ["Same", "Songjiang", "s"],
                    ["Changed", "Songjiang", "new"],
                    ["Fresh", "Songjiang", ""],
                    ["Broken", "Nowhere", ""],
                ]
            )
        },
    )
    report = response.context["report"]
    assert [(row["number"], row["status"]) for row in report.rows] == [
        (2, "unchanged"),
        (3, "updated"),
        (4, "new"),
        (5, "invalid"),
    ]
    assert str(report.problems[0]) == 'Row 5, City: "Nowhere" not found'
    assert "Row 5, City: &quot;Nowhere&quot; not found" in response.content.decode()


def test_preview_shows_which_item_each_row_is_and_what_will_change(importer, city):
    EnterpriseFactory(name="Henlius", name_zh_hans="复宏汉霖", city=city, summary="Old words")
    rows = [
        ["Name", "City", "Summary", "Status"],
        ["Henlius", "Songjiang", "New words", ""],
        ["Fresh Co", "松江", "", "Draft"],
    ]
    response = importer.post(IMPORT, {"file": upload(rows)})
    updated, new = response.context["report"].rows
    assert (updated["item"], updated["second"], updated["place"], updated["state"]) == (
        "Henlius",
        "复宏汉霖",
        "Songjiang",
        "Published",
    )
    assert updated["changes"] == [("Summary (English)", "Old words", "New words")]
    assert (new["item"], new["place"], new["state"], new["changes"]) == (
        "Fresh Co",
        "Songjiang",
        "Draft",
        [],
    )
    html = response.content.decode()
    assert "<strong>Summary (English):</strong> Old words → New words" in html
    assert '<td lang="zh-Hans">复宏汉霖</td>' in html


def test_confirm_works_from_another_process(importer, city):
    """The upload waits in shared storage: a second client (another worker) can confirm it."""
    response = importer.post(IMPORT, {"file": upload([["Name", "City"], ["A", "Songjiang"]])})
    token = response.context["token"]
    assert len(default_storage.listdir("imports")[1]) == 1
    other_worker = Client()
    other_worker.force_login(importer.user)
    response = other_worker.post(IMPORT, {"token": token})
    assert response.context["report"].saved
    assert default_storage.listdir("imports")[1] == []  # cleaned up


def test_token_of_another_user_is_refused(importer, staff_with_perms, city):
    response = importer.post(IMPORT, {"file": upload([["Name", "City"], ["A", "Songjiang"]])})
    token = response.context["token"]
    intruder = Client()
    intruder.force_login(staff_with_perms("import_enterprise", "view_enterprise"))
    response = intruder.post(IMPORT, {"token": token}, follow=True)
    assert "expired" in response.content.decode()
    assert Enterprise.objects.count() == 0


def test_tampered_token_is_refused(importer, city):
    response = importer.post(IMPORT, {"token": "not-a-token"}, follow=True)
    assert "expired" in response.content.decode()


def test_invalid_rows_block_until_the_editor_chooses_to_skip(importer, city):
    rows = [["Name", "City"], ["Good", "Songjiang"], ["Bad", "Atlantis"]]
    response = importer.post(IMPORT, {"file": upload(rows)})
    html = response.content.decode()
    assert "Import the valid rows and skip 1 invalid row" in html
    token = response.context["token"]
    response = importer.post(IMPORT, {"token": token})  # no choice made
    assert not response.context["report"].saved
    assert Enterprise.objects.count() == 0
    response = importer.post(IMPORT, {"token": token, "skip_invalid": "on"})
    assert response.context["report"].saved
    assert list(Enterprise.objects.values_list("name", flat=True)) == ["Good"]
    download = importer.get(response.context["invalid_url"])
    table = read_table(download.content, "invalid.xlsx")
    assert table.rows == [["Bad", "Atlantis", 'City: "Atlantis" not found']]


def test_bad_files_get_a_message_not_an_error_page(importer, city):
    for name, data, message in [
        ("x.xlsx", b"not a workbook at all", "is named .xlsx but is not a spreadsheet workbook"),
        ("x.csv", b"", "The submitted file is empty."),
        ("x.csv", b"Name,Colour\nA,blue\n", "no &quot;City&quot; column"),
    ]:
        response = importer.post(IMPORT, {"file": SimpleUploadedFile(name, data)})
        assert response.status_code == 200
        assert message in response.content.decode(), name
        assert response.context["token"] is None


def test_oversized_upload_is_refused(importer, city, settings):
    settings.IMPORT_MAX_FILE_SIZE = 100
    response = importer.post(IMPORT, {"file": SimpleUploadedFile("x.csv", b"Name,City\n" * 50)})
    assert "largest file that can be imported" in response.content.decode()


@pytest.mark.parametrize("file_format", ["xlsx", "csv"])
def test_template_download(importer, file_format):
    url = reverse("admin:corridor_enterprise_import_template")
    response = importer.get(url, {"format": file_format})
    assert response["Content-Disposition"] == (
        f'attachment; filename="enterprise-template.{file_format}"'
    )
    table = read_table(response.content, f"t.{file_format}")
    assert "Unified social credit code" in table.headers


def test_export_of_the_filtered_changelist_with_chosen_fields(client, staff_with_perms, city):
    hefei = CityFactory(name="Hefei")
    EnterpriseFactory(name="In Songjiang", city=city, summary="=1+1")
    EnterpriseFactory(name="In Hefei", city=hefei)
    client.force_login(staff_with_perms("view_enterprise", "export_enterprise"))
    export_url = reverse("admin:corridor_enterprise_export") + f"?city__id__exact={city.pk}"
    response = client.post(
        export_url,
        {
            "format": "0",
            "resource": "0",
            "enterpriseresource_name_en": "on",
            "enterpriseresource_city": "on",
            "enterpriseresource_summary_en": "on",
        },
    )
    assert response.status_code == 200, response.content[:500]
    table = read_table(response.content, "export.xlsx")
    assert table.headers == ["Name", "City", "Summary"]
    assert table.rows == [["In Songjiang", "Songjiang", "'=1+1"]]


@pytest.mark.parametrize(("index", "name"), [(0, "xlsx"), (1, "ods"), (2, "csv"), (3, "json")])
def test_export_in_every_format_reads_back(client, staff_with_perms, city, index, name):
    EnterpriseFactory(name="Henlius", name_zh_hans="复宏汉霖", city=city)
    client.force_login(staff_with_perms("view_enterprise", "export_enterprise"))
    response = client.post(
        reverse("admin:corridor_enterprise_export"),
        {
            "format": str(index),
            "resource": "0",
            "enterpriseresource_name_en": "on",
            "enterpriseresource_name_zh_hans": "on",
        },
    )
    assert response.status_code == 200
    table = read_table(response.content, f"export.{name}")
    assert table.rows == [["Henlius", "复宏汉霖"]]


def test_import_needs_the_permission_the_library_setting_names(client, staff_with_perms, settings):
    settings.IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "change"
    client.force_login(staff_with_perms("view_enterprise", "change_enterprise"))
    assert client.get(IMPORT).status_code == 200


def test_rows_written_in_bulk_are_normalised_like_saves(importer, city, monkeypatch):
    """A rule added to ``normalise()`` holds for imported rows too, without writing it twice."""
    original = Enterprise.normalise

    def normalise(self):
        original(self)
        self.website = self.website.lower()

    monkeypatch.setattr(Enterprise, "normalise", normalise)
    rows = [["Name", "City", "Website", "Description"]]
    rows.append(["A", "Songjiang", "HTTPS://EXAMPLE.ORG/", "<p>Hi<script>x()</script></p>"])
    response = importer.post(IMPORT, {"file": upload(rows)})
    importer.post(IMPORT, {"token": response.context["token"]})
    saved = Enterprise.objects.get()
    assert saved.website == "https://example.org/"
    assert saved.description == "<p>Hi</p>"
    assert saved.slug == "a"


def test_abandoned_uploads_are_cleared_after_a_day(importer, city):
    import datetime
    import os
    import time

    importer.post(IMPORT, {"file": upload([["Name", "City"], ["A", "Songjiang"]])})
    (old,) = default_storage.listdir("imports")[1]
    day_ago = time.time() - 25 * 60 * 60
    os.utime(default_storage.path(f"imports/{old}"), (day_ago, day_ago))
    importer.post(IMPORT, {"file": upload([["Name", "City"], ["B", "Songjiang"]])})
    remaining = default_storage.listdir("imports")[1]
    assert old not in remaining and len(remaining) == 1
    assert datetime.timedelta(hours=25).total_seconds() > 0


def test_a_hostile_workbook_gets_a_message_in_the_preview_not_an_error(importer, city):
    bomb = SimpleUploadedFile("bomb.xlsx", files.shared_string_bomb(8 * 1024 * 1024, 200))
    response = importer.post(IMPORT, {"file": bomb})
    assert response.status_code == 200
    assert "more than 32,767 characters" in response.content.decode()
    assert response.context["token"] is None
