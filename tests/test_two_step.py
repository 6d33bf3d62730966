"""Two-step verification (django-otp): required of publishers and administrators."""

import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from corridor.roles import EDITORS, PUBLISHERS, SITE_ADMINISTRATORS
from tests.factories import NewsItemFactory, member

pytestmark = pytest.mark.django_db
INDEX = reverse("admin:index")


def sign_in_with_password(client, user):
    client.force_login(user, second_step=False)
    return client


@pytest.mark.parametrize("role", [PUBLISHERS, SITE_ADMINISTRATORS])
def test_a_publisher_or_administrator_without_it_sees_only_the_set_up_page(client, role):
    client = sign_in_with_password(client, member(role))
    for url in (
        INDEX,
        reverse("admin:corridor_enterprise_changelist"),
        reverse("admin:auth_user_changelist"),
        reverse("admin:twofactor"),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("admin:twofactor_enrol"))
    page = client.get(reverse("admin:twofactor_enrol"))
    assert page.status_code == 200
    assert "<svg" in page.content.decode()  # the QR code, drawn here: no third party


def test_setting_it_up_turns_it_on_and_gives_recovery_codes(client):
    publisher = member(PUBLISHERS)
    client = sign_in_with_password(client, publisher)
    client.get(reverse("admin:twofactor_enrol"))
    device = TOTPDevice.objects.get(user=publisher)
    assert not device.confirmed
    wrong = client.post(reverse("admin:twofactor_enrol"), {"code": "000000"})
    assert "That code is not right" in wrong.content.decode()
    code = f"{TOTP(device.bin_key).token():06d}"
    too_soon = client.post(reverse("admin:twofactor_enrol"), {"code": code})
    assert "Too many wrong codes in a row: wait 1 second" in too_soon.content.decode()
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_timestamp=None)  # later
    response = client.post(reverse("admin:twofactor_enrol"), {"code": code})
    codes = response.context["codes"]
    assert len(codes) == 10 and len(set(codes)) == 10
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(INDEX).status_code == 200


def test_signing_in_asks_for_the_code_and_a_recovery_code_works_once(client):
    publisher = member(PUBLISHERS)
    device = TOTPDevice.objects.create(user=publisher, name="app", confirmed=True)
    from corridor import twofactor

    codes = twofactor.new_recovery_codes(publisher)
    client = sign_in_with_password(client, publisher)
    response = client.get(reverse("admin:corridor_newsitem_changelist"))
    assert response.url.startswith(reverse("admin:twofactor_verify"))
    verify = reverse("admin:twofactor_verify")
    assert "not right" in client.post(verify, {"code": "123456"}).content.decode()
    assert "Too many wrong codes" in client.post(verify, {"code": codes[0]}).content.decode()
    TOTPDevice.objects.update(throttling_failure_timestamp=None)  # a few seconds later
    StaticDevice.objects.update(throttling_failure_timestamp=None)
    response = client.post(verify, {"code": codes[0], "next": "/admin/corridor/"})
    assert response.status_code == 302 and response.url == "/admin/corridor/"
    assert client.get(INDEX).status_code == 200

    again = type(client)()
    again.force_login(publisher, second_step=False)
    assert "not right" in again.post(verify, {"code": codes[0]}).content.decode()  # used up
    TOTPDevice.objects.update(throttling_failure_timestamp=None)
    StaticDevice.objects.update(throttling_failure_timestamp=None)
    again.post(verify, {"code": f"{TOTP(device.bin_key).token():06d}"})
    assert again.get(INDEX).status_code == 200


def test_an_editor_may_work_without_it_or_turn_it_on_and_off(client):
    editor = member(EDITORS)
    client = sign_in_with_password(client, editor)
    assert client.get(INDEX).status_code == 200
    assert "Set it up" in client.get(reverse("admin:twofactor")).content.decode()
    client.get(reverse("admin:twofactor_enrol"))
    device = TOTPDevice.objects.get(user=editor)
    client.post(reverse("admin:twofactor_enrol"), {"code": f"{TOTP(device.bin_key).token():06d}"})
    assert TOTPDevice.objects.get(user=editor).confirmed
    client.post(reverse("admin:twofactor"), {"turn_off": "1"})
    assert not TOTPDevice.objects.filter(user=editor).exists()


def test_a_publisher_cannot_turn_it_off(client):
    publisher = member(PUBLISHERS)
    TOTPDevice.objects.create(user=publisher, name="app", confirmed=True)
    client.force_login(publisher)
    assert client.post(reverse("admin:twofactor"), {"turn_off": "1"}).status_code == 403
    assert TOTPDevice.objects.filter(user=publisher).exists()


def test_a_site_administrator_resets_a_lost_phone(client):
    publisher = member(PUBLISHERS)
    from corridor import twofactor

    TOTPDevice.objects.create(user=publisher, name="app", confirmed=True)
    twofactor.new_recovery_codes(publisher)
    client.force_login(member(SITE_ADMINISTRATORS, name="admin"))
    client.post(
        reverse("admin:auth_user_changelist"),
        {"action": "reset_two_step", "_selected_action": [publisher.pk]},
    )
    assert not TOTPDevice.objects.filter(user=publisher).exists()
    assert not StaticDevice.objects.filter(user=publisher).exists()


def test_draft_preview_waits_for_the_second_step(client):
    draft = NewsItemFactory(status="draft", title="Unannounced")
    client = sign_in_with_password(client, member(PUBLISHERS))
    assert client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(member(PUBLISHERS, name="verified"))
    assert client.get(draft.get_absolute_url()).status_code == 200
