"""The page's language tag, its addresses in every language, and the language switch."""

from urllib.parse import urlencode

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from corridor.languages import bcp47, page_in

register = template.Library()


@register.simple_tag
def language_tag():
    """``lang`` for the page: ``en`` or ``zh-Hans``."""
    return bcp47(translation.get_language())


@register.filter(name="bcp47")
def bcp47_filter(code):
    return bcp47(code)


@register.simple_tag(takes_context=True)
def page_languages(context):
    """This page in each language: its tag, its name, its address and the switch to it."""
    request = context.get("request")
    current = translation.get_language()
    languages = []
    for code, name in settings.LANGUAGES:
        path = page_in(request, code) if request else reverse("corridor:home")
        languages.append(
            {
                "code": code,
                "tag": bcp47(code),
                "name": name,
                "current": code == current,
                "url": request.build_absolute_uri(path) if request else path,
                "switch": reverse("switch_language", args=[code])
                + "?"
                + urlencode({"next": request.get_full_path() if request else "/"}),
            }
        )
    return languages


@register.simple_tag(takes_context=True)
def default_language_url(context):
    """``x-default``: the page's address without a language, which sends each visitor to
    theirs; the sitemap names the same address."""
    request = context.get("request")
    if request is None:
        return "/"
    path = request.get_full_path()
    prefix = f"/{translation.get_language()}/"
    if path.startswith(prefix):
        path = "/" + path[len(prefix) :]
    return request.build_absolute_uri(path)


@register.filter
def number(value):
    """A number as the page's language writes it."""
    from corridor.numbers import plain

    return plain(value)


@register.filter
def money(value, currency="CNY"):
    """An amount with its scale and currency, as the page's language writes it."""
    from corridor.numbers import amount

    return amount(value, currency)
