"""Template helpers: search-term highlighting and excerpts."""

import re

from django import template
from django.utils.html import conditional_escape, strip_tags
from django.utils.safestring import mark_safe

from corridor.search import query_terms

register = template.Library()

EXCERPT_LENGTH = 180


def _pattern(query):
    terms = sorted({conditional_escape(t) for t in query_terms(query or "")}, key=len, reverse=True)
    if not terms:
        return None
    return re.compile("|".join(re.escape(term) for term in terms), re.IGNORECASE)


@register.filter(needs_autoescape=True)
def highlight(text, query, autoescape=True):
    """Escape ``text`` and wrap each search term in ``<mark>``."""
    escaped = conditional_escape(text or "")
    pattern = _pattern(query)
    if pattern is None:
        return escaped
    return mark_safe(pattern.sub(lambda m: f"<mark>{m.group(0)}</mark>", escaped))


@register.filter(needs_autoescape=True)
def excerpt(text, query, autoescape=True):
    """A plain-text window of ``text`` around the first search term, highlighted."""
    plain = " ".join(strip_tags(text or "").split())
    lowered = plain.lower()
    positions = [lowered.find(t.lower()) for t in query_terms(query or "")]
    positions = [p for p in positions if p >= 0]
    start = max(min(positions) - EXCERPT_LENGTH // 3, 0) if positions else 0
    window = plain[start : start + EXCERPT_LENGTH]
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + EXCERPT_LENGTH < len(plain) else ""
    return highlight(f"{prefix}{window}{suffix}", query, autoescape)
