"""Admin sign-in: throttled passwords; users' admin and dashboard show no more than allowed."""

import pytest
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from corridor.roles import EDITORS, SITE_ADMINISTRATORS
from tests.factories import NewsItemFactory, UserFactory, member

pytestmark = pytest.mark.django_db
LOGIN = reverse("admin:login")
INDEX = reverse("admin:index")
PASSWORD = "correct horse battery staple"


def attempt(client, username, password, address="10.0.0.1"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


# --- Throttling (django-axes) ------------------------------------------------------------------


def test_five_wrong_passwords_pause_signing_in_even_with_the_right_one(client):
    member(EDITORS, name="wang")
    for _ in range(4):
        assert attempt(client, "wang", "wrong").status_code == 200  # the form, with its error
    assert attempt(client, "wang", "wrong").status_code == 429  # the fifth: paused
    response = attempt(client, "wang", PASSWORD)
    assert response.status_code == 429
    html = response.content.decode()
    assert "Signing in is paused" in html and "Try again in 30 minutes" in html
    assert "_auth_user_id" not in client.session


def test_the_pause_is_per_user_and_address(client):
    member(EDITORS, name="wang")
    member(EDITORS, name="li")
    for _ in range(5):
        attempt(client, "wang", "wrong")
    assert attempt(client, "li", PASSWORD).status_code == 302  # another person
    client.logout()
    assert attempt(client, "wang", PASSWORD, address="10.0.0.2").status_code == 302


def test_a_site_administrator_lifts_the_pause(client):
    wang = member(EDITORS, name="wang")
    for _ in range(5):
        attempt(client, "wang", "wrong")
    admin_client = type(client)()
    admin_client.force_login(member(SITE_ADMINISTRATORS, name="admin"))
    users = reverse("admin:auth_user_changelist")
    listing = admin_client.get(users)
    row = next(u for u in listing.context["cl"].result_list if u.pk == wang.pk)
    assert row.is_locked_out
    admin_client.post(users, {"action": "unlock", "_selected_action": [wang.pk]})
    assert attempt(client, "wang", PASSWORD).status_code == 302


# --- The users' admin -------------------------------------------------------------------------


def test_a_site_administrator_cannot_make_anyone_a_superuser(client):
    administrator = member(SITE_ADMINISTRATORS, name="admin")
    client.force_login(administrator)
    url = reverse("admin:auth_user_change", args=[administrator.pk])
    form = client.get(url).context["adminform"].form
    assert "is_superuser" not in form.fields
    client.post(
        url,
        {
            "username": "admin",
            "is_active": "on",
            "is_staff": "on",
            "is_superuser": "on",
            "groups": [str(g.pk) for g in administrator.groups.all()],
            "date_joined_0": "2024-01-01",
            "date_joined_1": "09:00:00",
        },
    )
    administrator.refresh_from_db()
    assert not administrator.is_superuser


def test_a_site_administrator_cannot_change_a_superuser(client):
    root = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(member(SITE_ADMINISTRATORS, name="admin"))
    assert (
        client.post(
            reverse("admin:auth_user_password_change", args=[root.pk]),
            {"password1": "a new password 123", "password2": "a new password 123"},
        ).status_code
        == 403
    )
    root.refresh_from_db()
    assert root.check_password(PASSWORD)
    assert (
        client.post(reverse("admin:auth_user_delete", args=[root.pk]), {"post": "yes"}).status_code
        == 403
    )


# --- The dashboard ------------------------------------------------------------------------------


def test_the_editors_dashboard_lists_only_changes_they_may_see(client):
    administrator = member(SITE_ADMINISTRATORS, name="admin")
    newcomer = UserFactory(username="newcomer")
    story = NewsItemFactory(title="A story")
    for obj in (newcomer, story):
        LogEntry.objects.create(
            user=administrator,
            content_type=ContentType.objects.get_for_model(obj),
            object_id=str(obj.pk),
            object_repr=str(obj),
            action_flag=ADDITION,
        )
    client.force_login(member(EDITORS))
    html = client.get(INDEX).content.decode()
    assert "A story" in html
    assert "newcomer" not in html
