"""The page's language tag, its addresses in every language, and the language switch."""

from urllib.parse import urlencode

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from modeltranslation import settings as mt_settings
from modeltranslation.utils import build_localized_fieldname, resolution_order

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


# --- Editors' texts in the page's language ---------------------------------------------------


def written_in(obj, field):
    """``(value, language)`` of ``obj.field`` as a page in the active language shows it: its own
    value, or else the other language's (``MODELTRANSLATION_FALLBACK_LANGUAGES``)."""
    current = translation.get_language() or settings.LANGUAGE_CODE
    for code in resolution_order(current, mt_settings.FALLBACK_LANGUAGES):
        value = getattr(obj, build_localized_fieldname(field, code), None)
        if value:
            return value, code
    return "", current


@register.simple_tag
def text(obj, field, rich=False, hint=False, words=None):
    """An editor's text in the page's language. A text not yet written in that language is
    shown in the other, inside an element with its own ``lang``; with ``hint``, a note says so.
    ``rich`` texts are HTML already sanitised when saved. ``words`` shortens a plain text to
    that many words (Chinese, written without spaces, to twice as many characters)."""
    value, code = written_in(obj, field)
    if not value:
        return ""
    if words and not rich:
        truncator = Truncator(value)
        value = truncator.chars(2 * words) if code.startswith("zh") else truncator.words(words)
    content = mark_safe(value) if rich else conditional_escape(value)
    if code == translation.get_language():
        return content
    element = "div" if rich else "span"
    shown = format_html('<{0} lang="{1}">{2}</{0}>', element, bcp47(code), content)
    if not hint:
        return shown
    note = _("Not yet written in %(language)s; shown in %(other)s.") % {
        "language": language_name(translation.get_language()),
        "other": language_name(code),
    }
    if rich:
        return format_html('<p class="fallback-note">{}</p>{}', note, shown)
    return format_html('{} <small class="fallback-note">{}</small>', shown, note)


@register.simple_tag
def other_name(obj, field="name", query=None):
    """The item's name in the other language, after the one the page shows: ``复宏汉霖`` on an
    English page, ``Henlius`` on a Chinese one, each with its ``lang``; search terms of
    ``query`` marked."""
    shown, _code = written_in(obj, field)
    current = translation.get_language()
    for code, _name in settings.LANGUAGES:
        if code == current:
            continue
        value = getattr(obj, build_localized_fieldname(field, code), None)
        if value and value != shown:
            css = "zh" if code.startswith("zh") else "alt-name"
            if query:
                from .corridor_tags import highlight

                value = highlight(value, query)
            return format_html(' <span lang="{}" class="{}">{}</span>', bcp47(code), css, value)
    return ""


def language_name(code):
    from corridor.translation import LANGUAGE_NAMES

    return str(LANGUAGE_NAMES.get(code, code))


def _day(day):
    return format_html(
        '<time datetime="{}">{}</time>', day.isoformat(), date_format(day, "DATE_FORMAT")
    )


@register.simple_tag
def citation(item, label=True):
    """The source of a record (``models.Sourced.citation``), or nothing: "Source: Shanghai
    Daily, 11 June 2024 · checked 25 November 2026". The name links to the article of this
    site it comes from, else to the source's own address. Without ``label``, the line alone,
    for a table's source column."""
    cited = item.citation
    if cited is None:
        return ""
    if item.source_name:
        name = text(item, "source_name")
    elif cited.name:
        name = cited.name
    else:
        name = text(cited.article, "title") if cited.article else cited.url
    if cited.article:
        name = format_html('<a href="{}">{}</a>', cited.article.get_absolute_url(), name)
    elif cited.url.startswith(("https://", "http://")):  # never javascript: and the like
        name = format_html('<a href="{}" rel="noopener">{}</a>', cited.url, name)
    line = name
    if cited.date:
        line = format_html(_("{source}, {date}"), source=name, date=_day(cited.date))
    if cited.verified_on:
        checked = format_html(_("checked {date}"), date=_day(cited.verified_on))
        line = format_html("{} · {}", line, checked)
    if not label:
        return line
    return format_html('<p class="source">{} {}</p>', _("Source:"), line)
