"""A profile's enterprises at any size: the first few by name, how many there are, and the
address of the directory filtered to them, which lists them all page by page. In the admin, an
enclave's or a park's form links to its residents in the enterprise list the same way.

Counts stop at a cap (``corridor.pagination``): past it they say "more than 1,000".
"""

from dataclasses import dataclass

from django.conf import settings
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import ngettext

from .pagination import capped_count, count_cap

SHOWN = 12


@dataclass(frozen=True)
class Preview:
    """``items`` (at most ``SHOWN``) of ``count`` in all; a ``count`` above ``cap`` means more."""

    items: list
    count: int
    cap: int
    url: str

    @property
    def has_more(self):
        return self.count > len(self.items)

    @property
    def is_capped(self):
        return self.count > self.cap


def enterprise_preview(queryset, exclude=None, **directory_filter):
    """The first enterprises of ``queryset`` by name, and the directory filtered to all of them
    (``directory_filter``: the directory's parameters, e.g. ``enclave="g60-hub"``). ``exclude``,
    an enterprise of ``queryset`` (the profile's own), is counted but not listed."""
    shown = queryset.exclude(pk=exclude.pk) if exclude is not None else queryset
    items = list(shown.order_by(Lower("name"), "pk")[:SHOWN])
    cap = count_cap()
    if len(items) < SHOWN:
        count = len(items) + (exclude is not None)
    else:
        count = capped_count(queryset, cap)
    url = f"{reverse('corridor:enterprise_list')}?{urlencode(directory_filter)}"
    return Preview(items=items, count=count, cap=cap, url=url)


def admin_residents_link(obj, field):
    """For the admin: "12 resident enterprises", linked to the enterprise list filtered to
    ``obj`` through the enterprise's ``field`` (``enclave``, ``park``); drafts count too."""
    if not obj or not obj.pk:
        return "—"
    cap = getattr(settings, "ADMIN_COUNT_CAP", 10_000)
    count = capped_count(obj.enterprises.all(), cap)
    if count > cap:
        label = ngettext(
            "more than %(count)s resident enterprise",
            "more than %(count)s resident enterprises",
            cap,
        ) % {"count": number_format(cap, force_grouping=True)}
    else:
        label = ngettext(
            "%(count)s resident enterprise", "%(count)s resident enterprises", count
        ) % {"count": count}
    url = f"{reverse('admin:corridor_enterprise_changelist')}?{field}__id__exact={obj.pk}"
    return format_html('<a href="{}">{}</a>', url, label)
