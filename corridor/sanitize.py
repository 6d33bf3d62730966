"""Rich-text sanitising with nh3: the only HTML that reaches the database and the page."""

import nh3

ALLOWED_TAGS = {
    "p",
    "br",
    "h2",
    "h3",
    "h4",
    "ul",
    "ol",
    "li",
    "strong",
    "b",
    "em",
    "i",
    "u",
    "s",
    "blockquote",
    "a",
    "img",
    "figure",
    "figcaption",
    "hr",
    "sub",
    "sup",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height"},
}
URL_SCHEMES = {"http", "https", "mailto"}


def _filter_attribute(tag, attribute, value):
    # Images only from our own media: relative URLs under MEDIA_URL.
    if tag == "img" and attribute == "src":
        from django.conf import settings

        media = "/" + settings.MEDIA_URL.lstrip("/")
        return value if value.startswith(media) and "//" not in value else None
    return value


def clean_html(html):
    """Return ``html`` with every tag, attribute and URL scheme not on the allow-lists removed."""
    if not html:
        return html or ""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        attribute_filter=_filter_attribute,
        strip_comments=True,
    )
