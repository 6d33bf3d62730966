"""Counting and paging long lists at the same cost at a million rows as at a thousand.

A list never counts more than ``LIST_COUNT_CAP`` rows: past it, a visitor reads "more than
1,000" (or, for a whole unfiltered table on PostgreSQL, the planner's estimate, "about
1,000,000") and pages through the first ``LIST_COUNT_CAP`` rows; a narrower filter reaches the
rest. Counts come from ``SELECT COUNT(*) FROM (… LIMIT cap + 1)``, which stops reading at the
cap, and pages never lie deeper than the cap, so OFFSET stays small.
"""

import json
from functools import cached_property

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.db import connections
from django.db.models import IntegerField, Subquery


def count_cap():
    return getattr(settings, "LIST_COUNT_CAP", 1000)


def capped_count(queryset, cap=None):
    """The number of rows of ``queryset``, but at most ``cap + 1``: ``cap + 1`` means more."""
    cap = count_cap() if cap is None else cap
    return queryset.order_by().values("pk")[: cap + 1].count()


def estimated_count(queryset):
    """The planner's estimate of the rows of ``queryset`` on PostgreSQL, else None."""
    connection = connections[queryset.db]
    if connection.vendor != "postgresql":
        return None
    sql, params = queryset.order_by().values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    return int(plan[0]["Plan"]["Plan Rows"])


class CappedCount(Subquery):
    """``COUNT(*)`` of a subquery read no further than its LIMIT: ``queryset[:cap + 1]``."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) capped)"
    output_field = IntegerField()


class Total:
    """How many items a list holds, as honestly as can be said cheaply.

    ``exact`` when the list holds no more than the cap; otherwise ``capped`` with ``number``
    the cap (shown as "more than"), or ``estimated`` with the planner's figure ("about")."""

    def __init__(self, number, capped=False, estimated=False):
        self.number = number
        self.capped = capped
        self.estimated = estimated

    @property
    def exact(self):
        return not (self.capped or self.estimated)

    def __int__(self):
        return self.number

    def __repr__(self):
        return f"Total({self.number}, capped={self.capped}, estimated={self.estimated})"


def list_total(queryset, estimate=False, cap=None):
    """The ``Total`` of ``queryset``; ``estimate`` asks for the planner's figure past the cap
    (for unfiltered lists, where it is close)."""
    cap = count_cap() if cap is None else cap
    number = capped_count(queryset, cap)
    if number <= cap:
        return Total(number)
    if estimate:
        guess = estimated_count(queryset)
        if guess is not None and guess > cap:
            return Total(guess, estimated=True)
    return Total(cap, capped=True)


class CappedPaginator(Paginator):
    """Pages through at most the first ``cap`` rows; ``total`` says how many there are."""

    def __init__(self, object_list, per_page, estimate=False, cap=None, remember=None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.estimate = estimate
        self.cap = count_cap() if cap is None else cap
        # ``remember(name, compute)`` may keep the total (a filtered list's, until content
        # changes: ``FacetedFilterSet.remember``).
        self.remember = remember

    @cached_property
    def total(self):
        def count():
            return list_total(self.object_list, estimate=self.estimate, cap=self.cap)

        return self.remember("total", count) if self.remember else count()

    @cached_property
    def count(self):
        return min(self.total.number, self.cap)

    @property
    def is_truncated(self):
        return not self.total.exact


class AdminPaginator(CappedPaginator):
    """The admin's changelists: exact up to a larger cap, then estimated or "more than".

    A searched or filtered list's total is counted once until content changes, as the
    directory's are: at a million rows, a search's index lookup alone takes tens of
    milliseconds, and editors page through the same results."""

    def __init__(self, object_list, per_page, orphans=0, allow_empty_first_page=True):
        super().__init__(
            object_list,
            per_page,
            estimate=not object_list.query.where,
            cap=getattr(settings, "ADMIN_COUNT_CAP", 10_000),
            remember=self.remember_for_this_query,
            orphans=orphans,
            allow_empty_first_page=allow_empty_first_page,
        )

    def remember_for_this_query(self, name, compute):
        """``compute()``, kept under the list's SQL (the search, the filters and any rule of
        the editor's role all in it) until content changes."""
        from .cache import for_this_generation

        queryset = self.object_list
        try:
            sql, params = queryset.query.sql_with_params()
        except EmptyResultSet:
            return compute()
        parts = (queryset.db, self.cap, self.estimate, sql, [repr(p) for p in params])
        return for_this_generation(f"admin-{name}", parts, compute)
