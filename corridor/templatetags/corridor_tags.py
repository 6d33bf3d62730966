"""Template helpers: search-term highlighting, excerpts, and parts of pages kept until content
changes."""

import json
import re
from html import unescape

from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import translation
from django.utils.html import conditional_escape, escape, format_html, strip_tags
from django.utils.safestring import mark_safe

from corridor.search import query_terms

register = template.Library()

EXCERPT_LENGTH = 180


def _pattern(query):
    terms = sorted(set(query_terms(query or "")), key=len, reverse=True)
    if not terms:
        return None
    return re.compile("|".join(re.escape(term) for term in terms), re.IGNORECASE)


@register.filter(needs_autoescape=True)
def highlight(text, query, autoescape=True):
    """``text`` escaped, each search term wrapped in ``<mark>``.

    Terms are found in the text itself, then each piece is escaped once: a term never matches
    inside an entity (``R&D`` stays ``R&amp;D``) and nothing is escaped twice.
    """
    text = str(text or "")
    pattern = _pattern(query)
    if pattern is None:
        return conditional_escape(text)
    pieces, last = [], 0
    for match in pattern.finditer(text):
        pieces += [escape(text[last : match.start()]), f"<mark>{escape(match.group())}</mark>"]
        last = match.end()
    pieces.append(escape(text[last:]))
    return mark_safe("".join(pieces))


@register.filter(needs_autoescape=True)
def excerpt(text, query, autoescape=True):
    """A plain-text window of ``text`` around the first search term, highlighted."""
    plain = " ".join(unescape(strip_tags(text or "")).split())
    lowered = plain.lower()
    positions = [lowered.find(t.lower()) for t in query_terms(query or "")]
    positions = [p for p in positions if p >= 0]
    start = max(min(positions) - EXCERPT_LENGTH // 3, 0) if positions else 0
    window = plain[start : start + EXCERPT_LENGTH]
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + EXCERPT_LENGTH < len(plain) else ""
    return highlight(f"{prefix}{window}{suffix}", query, autoescape)


# --- Fragments kept until content changes ------------------------------------------------------


class KeepNode(template.Node):
    def __init__(self, nodelist, name, parts):
        self.nodelist = nodelist
        self.name = name
        self.parts = parts

    def render(self, context):
        from corridor.cache import for_this_generation, has_session

        request = context.get("request")
        if not settings.KEEP_PARTS or request is None or has_session(request):
            return self.nodelist.render(context)  # staff always see the live page
        parts = (translation.get_language(), *(str(part.resolve(context)) for part in self.parts))
        return for_this_generation(
            f"html:{self.name.resolve(context)}", parts, lambda: self.nodelist.render(context)
        )


@register.tag
def keep(parser, token):
    """``{% keep "name" part … %}…{% endkeep %}``: the HTML inside, rendered once per language
    and set of ``part`` values, and kept in the shared cache until content changes or the next
    scheduled change (``corridor.cache.for_this_generation``), page cache or not.

    For HTML that is the same for every visitor and depends only on published content and the
    parts named: never a form with a token, a nonce or anything of the request not named.
    Visitors with a session (staff) get it drawn afresh, as they get pages."""
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("'keep' needs a name, e.g. {% keep \"cards\" key %}")
    nodelist = parser.parse(("endkeep",))
    parser.delete_first_token()
    return KeepNode(
        nodelist, parser.compile_filter(bits[1]), [parser.compile_filter(bit) for bit in bits[2:]]
    )


# --- schema.org --------------------------------------------------------------------------------

JSON_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


@register.filter
def json_ld(data):
    """``data`` (``corridor.structured_data``) as a JSON-LD element; nothing for nothing. The
    characters that could end the element early are written as JSON escapes."""
    if not data:
        return ""
    text = json.dumps(data, ensure_ascii=False, cls=DjangoJSONEncoder).translate(JSON_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


@register.filter
def item_list_ld(items, field="name"):
    """A page of a list as a schema.org ``ItemList``, by name (or ``field``) and address."""
    from corridor.structured_data import item_list

    items = list(items or ())
    return json_ld(item_list(items, field)) if items else ""


@register.simple_tag
def map_credit():
    """Where the maps' boundaries come from, as the maps credit it."""
    from corridor.maps import credit_html

    return credit_html()
