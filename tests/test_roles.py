"""The role matrix: Editors, Publishers and Site administrators, each action allowed or refused."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from corridor.models import Enterprise
from corridor.roles import EDITORS, PUBLISHERS, SITE_ADMINISTRATORS
from tests.factories import CityFactory, EnterpriseFactory, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def as_role(client):
    def login(role):
        client.force_login(member(role))
        return client

    return login


@pytest.fixture
def city():
    return CityFactory(name="Songjiang")


def form_data(city, **extra):
    return {
        "name_en": "Example Co",
        "slug": "",
        "kind": "company",
        "city": city.pk,
        "listing_board": "unlisted",
        "status": "published",
        "publish_at_0": "2024-01-01",
        "publish_at_1": "09:00:00",
        "investments-TOTAL_FORMS": "0",
        "investments-INITIAL_FORMS": "0",
        **extra,
    }


ADD = reverse("admin:corridor_enterprise_add")
CHANGELIST = reverse("admin:corridor_enterprise_changelist")


def change_url(obj):
    return reverse("admin:corridor_enterprise_change", args=[obj.pk])


@pytest.mark.parametrize(
    ("role", "url_name", "expected"),
    [
        (EDITORS, "admin:corridor_enterprise_add", 200),
        (PUBLISHERS, "admin:corridor_enterprise_add", 200),
        (SITE_ADMINISTRATORS, "admin:corridor_enterprise_add", 403),
        (EDITORS, "admin:corridor_enterprise_import", 200),
        (PUBLISHERS, "admin:corridor_enterprise_import", 200),
        (SITE_ADMINISTRATORS, "admin:corridor_enterprise_import", 403),
        (EDITORS, "admin:corridor_enterprise_export", 200),
        (SITE_ADMINISTRATORS, "admin:corridor_enterprise_export", 403),
        (EDITORS, "admin:auth_user_changelist", 403),
        (PUBLISHERS, "admin:auth_user_changelist", 403),
        (SITE_ADMINISTRATORS, "admin:auth_user_changelist", 200),
        (SITE_ADMINISTRATORS, "admin:auth_group_changelist", 200),
        (SITE_ADMINISTRATORS, "admin:corridor_enterprise_changelist", 200),
    ],
)
def test_pages_by_role(as_role, role, url_name, expected):
    assert as_role(role).get(reverse(url_name)).status_code == expected


@pytest.mark.parametrize(
    ("role", "expected"), [(EDITORS, 403), (PUBLISHERS, 200), (SITE_ADMINISTRATORS, 403)]
)
def test_delete_by_role(as_role, city, role, expected):
    enterprise = EnterpriseFactory(city=city)
    url = reverse("admin:corridor_enterprise_delete", args=[enterprise.pk])
    client = as_role(role)
    assert client.get(url).status_code == expected
    client.post(url, {"post": "yes"})
    assert Enterprise.objects.filter(pk=enterprise.pk).exists() == (expected != 200)


def test_editor_creates_drafts_only(as_role, city):
    client = as_role(EDITORS)
    response = client.post(ADD, form_data(city))  # "status: published" is ignored
    assert response.status_code == 302
    assert Enterprise.objects.get().status == "draft"
    response = client.post(ADD, form_data(city, name="Other", _publish="Publish"))
    assert response.status_code == 200  # the form again, with the reason
    assert "Only publishers can publish or schedule" in response.content.decode()
    assert Enterprise.objects.count() == 1


def test_editor_sees_save_draft_but_no_publish_or_status(as_role, city):
    draft = EnterpriseFactory(city=city, status="draft")
    html = as_role(EDITORS).get(change_url(draft)).content.decode()
    assert 'name="_save_draft"' in html
    assert 'name="_publish"' not in html
    assert 'name="status"' not in html  # read-only
    assert "Preview" in html


def test_editor_may_edit_a_live_item_but_not_unpublish_it(as_role, city):
    live = EnterpriseFactory(city=city, name="Live Co")
    client = as_role(EDITORS)
    assert 'name="_save_draft"' not in client.get(change_url(live)).content.decode()
    response = client.post(
        change_url(live),
        form_data(city, name_en="Live Co (renamed)", slug=live.slug, _save_draft="1"),
    )
    assert "Only publishers can unpublish" in response.content.decode()
    live.refresh_from_db()
    assert (live.name, live.status) == ("Live Co", "published")
    response = client.post(
        change_url(live),
        form_data(city, name_en="Live Co (renamed)", slug=live.slug, status="draft"),
    )
    assert response.status_code == 302
    live.refresh_from_db()
    assert (live.name, live.status) == ("Live Co (renamed)", "published")


def test_publisher_publishes_schedules_and_unpublishes(as_role, city):
    client = as_role(PUBLISHERS)
    html = client.get(ADD).content.decode()
    assert 'name="_publish"' in html and 'name="_save_draft"' in html
    client.post(ADD, form_data(city, status="draft", _publish="Publish"))
    enterprise = Enterprise.objects.get()
    assert enterprise.state == "published"
    client.post(
        change_url(enterprise),
        form_data(city, slug=enterprise.slug, publish_at_0="2099-01-01", _publish="1"),
    )
    enterprise.refresh_from_db()
    assert enterprise.state == "scheduled"
    client.post(change_url(enterprise), form_data(city, slug=enterprise.slug, _save_draft="1"))
    enterprise.refresh_from_db()
    assert enterprise.state == "draft"


@pytest.mark.parametrize(("role", "allowed"), [(EDITORS, False), (PUBLISHERS, True)])
def test_publish_and_unpublish_actions_by_role(as_role, city, role, allowed):
    drafts = EnterpriseFactory.create_batch(2, city=city, status="draft")
    client = as_role(role)
    html = client.get(CHANGELIST).content.decode()
    assert ('value="publish"' in html) is allowed
    assert ('value="unpublish"' in html) is allowed
    assert ('value="delete_selected"' in html) is allowed
    client.post(CHANGELIST, {"action": "publish", "_selected_action": [d.pk for d in drafts]})
    assert Enterprise.objects.published().count() == (2 if allowed else 0)


def test_editor_previews_a_draft(as_role, city):
    draft = EnterpriseFactory(city=city, status="draft", name="Hidden Co")
    client = as_role(EDITORS)
    response = client.get(draft.get_absolute_url())
    assert response.status_code == 200
    assert "Draft preview" in response.content.decode()


def test_create_role_user_command(monkeypatch, capsys):
    monkeypatch.setenv("ROLE_USER_PASSWORD", "a-long-enough-passphrase")
    call_command("create_role_user", "wang", "publisher", "--email", "wang@example.org")
    user = Group.objects.get(name=PUBLISHERS).user_set.get()
    assert (user.username, user.is_staff, user.is_superuser) == ("wang", True, False)
    assert user.check_password("a-long-enough-passphrase")
    with pytest.raises(CommandError, match="already exists"):
        call_command("create_role_user", "wang", "editor")


def test_create_role_user_makes_a_password_without_a_terminal(monkeypatch, capsys):
    monkeypatch.delenv("ROLE_USER_PASSWORD", raising=False)
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    call_command("create_role_user", "li", "editor")
    out = capsys.readouterr().out
    password = out.split("Password (shown once): ")[1].strip()
    assert Group.objects.get(name=EDITORS).user_set.get().check_password(password)


def test_weak_password_is_refused(monkeypatch):
    monkeypatch.setenv("ROLE_USER_PASSWORD", "123")
    with pytest.raises(CommandError, match="too short"):
        call_command("create_role_user", "zhao", "admin")


def test_sync_roles_is_repeatable():
    call_command("sync_roles")
    call_command("sync_roles")
    assert Group.objects.filter(name__in=[EDITORS, PUBLISHERS, SITE_ADMINISTRATORS]).count() == 3
    editors = Group.objects.get(name=EDITORS)
    assert not editors.permissions.filter(codename__startswith="publish_").exists()
    assert not editors.permissions.filter(codename__startswith="delete_").exists()
