"""Text helpers: slugs that work for English and Chinese names alike."""

import re

from django.utils.text import slugify

CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def slug_from(text, max_length=80):
    """A URL slug for ``text``; Chinese characters become pinyin (``嘉兴`` gives ``jia-xing``)."""
    text = (text or "").strip()
    if CJK.search(text):
        from pypinyin import lazy_pinyin  # its dictionaries take a quarter second to load

        text = " ".join(lazy_pinyin(text, errors="default"))
    return slugify(text)[:max_length].strip("-")
