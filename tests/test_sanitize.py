"""Rich text is sanitised with nh3 on save: what editors may write, and nothing hostile."""

import re

import pytest

from corridor.sanitize import clean_html
from tests.factories import EnterpriseFactory, NewsItemFactory

HOSTILE = [
    "<script>alert(1)</script><p>x</p>",
    '<p onclick="alert(1)" onmouseover="x()">x</p>',
    '<img src=x onerror="alert(1)">',
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href="&#106;avascript:alert(1)">x</a>',
    '<a href="&#x6A;&#x61;vascript&#58;alert(1)">x</a>',
    '<a href="java&#x09;script:alert(1)">x</a>',
    '<a href=" javascript:alert(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<iframe src="https://evil.example"></iframe>',
    '<object data="x.swf"></object><embed src="x.swf">',
    '<p style="background:url(javascript:alert(1))">x</p>',
    '<svg onload="alert(1)"><circle r="1"/></svg>',
    '<form action="https://evil.example"><input name="p"></form>',
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    '<base href="https://evil.example/">',
    '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    "<style>body{display:none}</style>",
    "<p><!-- <script>alert(1)</script> --></p>",
    '<img src="https://tracker.example/pixel.gif" alt="x">',
    '<img src="/media//evil.example/x.png" alt="x">',
]


@pytest.mark.parametrize("html", HOSTILE)
def test_hostile_markup_is_neutralised(html):
    cleaned = clean_html(html).lower()
    for bad in (
        "<script",
        "onerror",
        "onclick",
        "onload",
        "onmouseover",
        "javascript:",
        "vbscript:",
        "data:",
        "<iframe",
        "<object",
        "<embed",
        "style=",
        "<svg",
        "<form",
        "<input",
        "<math",
        "<base",
        "<meta",
        "<style",
        "tracker.example",
        "evil.example",
    ):
        assert bad not in cleaned, (bad, cleaned)


@pytest.mark.parametrize("html", [*HOSTILE, "<p>plain</p>", '<a href="https://x.org">x</a>'])
def test_cleaning_twice_equals_cleaning_once(html):
    once = clean_html(html)
    assert clean_html(once) == once


def test_allowed_formatting_survives():
    html = (
        "<h2>Title</h2><h3>Sub</h3><p><strong>b</strong> <em>i</em> <u>u</u> <s>s</s> "
        "H<sub>2</sub>O x<sup>2</sup><br>line</p><ul><li>one</li></ul><ol><li>two</li></ol>"
        "<blockquote><p>quote</p></blockquote><hr>"
        '<figure><img src="/media/news/2024/06/a.jpg" alt="A"><figcaption>Cap</figcaption>'
        "</figure>"
    )
    assert clean_html(html) == html


@pytest.mark.parametrize(
    ("href", "kept"),
    [
        ("https://example.org/a", True),
        ("http://example.org", True),
        ("mailto:press@example.org", True),
        ("ftp://example.org", False),
        ("/relative", True),
    ],
)
def test_link_schemes_and_rel(href, kept):
    cleaned = clean_html(f'<a href="{href}" target="_blank">x</a>')
    assert (f'href="{href}"' in cleaned) is kept
    if kept:
        assert 'rel="noopener noreferrer"' in cleaned
    assert "target" not in cleaned


def test_headings_outside_the_outline_are_dropped_but_text_kept():
    cleaned = clean_html("<h1>Big</h1><div>block</div>")
    assert "<h1>" not in cleaned and "<div>" not in cleaned
    assert "Big" in cleaned and "block" in cleaned


@pytest.mark.django_db
def test_every_rich_text_field_is_cleaned_on_save():
    item = NewsItemFactory(body='<p onclick="x()">Body</p><script>1</script>')
    enterprise = EnterpriseFactory(description='<iframe src="//x"></iframe><p>About</p>')
    item.refresh_from_db()
    enterprise.refresh_from_db()
    assert item.body == "<p>Body</p>"
    assert enterprise.description == "<p>About</p>"


@pytest.mark.django_db
def test_admin_change_form_uses_the_local_editor(admin_client):
    item = NewsItemFactory()
    html = admin_client.get(f"/admin/corridor/newsitem/{item.pk}/change/").content.decode()
    assert "data-django-prose-editor-configurable" in html
    assert "/static/django_prose_editor/editor.js" in html
    # Every script and style sheet comes from our own static files, none from another host
    # (a random token in the page may spell "cdn": look at the addresses only).
    addresses = re.findall(r'<(?:script|link)\b[^>]*?\b(?:src|href)="([^"]*)"', html)
    assert addresses and all(address.startswith("/") for address in addresses), addresses
