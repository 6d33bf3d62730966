"""Content-Security-Policy and Permissions-Policy: strict on public pages, nonces in the admin."""

import re

import pytest
from django.urls import reverse

from tests.factories import UserFactory
from tests.html_checks import parse
from tests.test_html import page_urls

pytestmark = pytest.mark.django_db


def directives(response):
    policy = response.headers["Content-Security-Policy"]
    return {
        part.split()[0]: part.split()[1:] for part in (p.strip() for p in policy.split(";")) if part
    }


def test_public_pages_send_a_strict_policy_and_carry_no_inline_script_or_style(
    client, launch_content
):
    for url in [*page_urls(), "/no/such/page/"]:
        response = client.get(url)
        policy = directives(response)
        assert policy["script-src"] == ["'self'"], url
        assert policy["style-src"] == ["'self'"], url
        assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"]
        assert "nonce" not in response.headers["Content-Security-Policy"]  # cacheable as it is
        document = parse(response.content.decode())
        inline_scripts = [
            s
            for s in document.iter("{http://www.w3.org/1999/xhtml}script")
            if not s.get("src") and s.get("type") != "application/ld+json"
        ]
        assert inline_scripts == [], url
        assert not list(document.iter("{http://www.w3.org/1999/xhtml}style")), url
        styled = [e.tag for e in document.iter() if isinstance(e.tag, str) and e.get("style")]
        assert styled == [], url
        assert not re.search(r"\son[a-z]+=", response.content.decode()), url


def test_every_response_denies_browser_features(client):
    response = client.get("/en/")
    policy = response.headers["Permissions-Policy"]
    for feature in ("camera=()", "geolocation=()", "microphone=()", "payment=()"):
        assert feature in policy


def test_the_admin_runs_inline_script_only_with_the_requests_nonce(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = client.get(reverse("admin:corridor_newsitem_add"))
    policy = directives(response)
    nonce = next(v for v in policy["script-src"] if v.startswith("'nonce-"))[7:-1]
    assert "'unsafe-inline'" not in policy["script-src"]
    assert "'unsafe-eval'" not in policy["script-src"]
    html = response.content.decode()
    assert f'<script type="importmap" nonce="{nonce}">' in html  # the rich-text editor's map
    again = client.get(reverse("admin:corridor_newsitem_add"))
    assert nonce not in again.headers["Content-Security-Policy"]  # a new one each time
