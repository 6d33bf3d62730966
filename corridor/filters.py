"""Directory filters. Every queryset here is built on ``.published()``."""

import django_filters as filters
from django import forms
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.db.models.functions import Lower
from django.forms.utils import flatatt
from django.utils.dates import MONTHS
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field

from .cache import for_this_generation
from .models import City, Enclave, Enterprise, Industry, NewsItem, Park
from .pagination import CappedCount, count_cap
from .search import MAX_TERMS, matching

MAX_QUERY_LENGTH = 200


class FilterForm(forms.Form):
    """Swaps a reversed year range rather than rejecting it, and says so."""

    notices = ()

    def clean(self):
        cleaned = super().clean()
        self.notices = []
        query = cleaned.get("q") or ""
        if len(query.split()) > MAX_TERMS:
            self.notices.append(
                _("Only the first %(count)s words of your search were used.") % {"count": MAX_TERMS}
            )
        for name, field in self.fields.items():
            value = cleaned.get(name)
            if (
                isinstance(field, filters.fields.RangeField)
                and value
                and value.start is not None
                and value.stop is not None
                and value.start > value.stop
            ):
                cleaned[name] = slice(value.stop, value.start)
                self.notices.append(
                    _("The range %(low)s–%(high)s was reversed; it is shown the right way round.")
                    % {"low": value.start, "high": value.stop}
                )
        return cleaned


class LinkFilter(filters.ModelMultipleChoiceFilter):
    """Items linked to any of the chosen options, through a foreign key or a link table.

    A link table is read with ``EXISTS``, so an item is listed once however many of the chosen
    options it has, without ``DISTINCT`` over the whole row."""

    def __init__(self, *args, link, **kwargs):
        self.link = link
        super().__init__(*args, **kwargs)

    def filter(self, queryset, value):
        if not value:
            return queryset
        return queryset.filter(self.linked_to(queryset.model, value))

    def linked_to(self, model, options):
        """A condition on ``model`` rows: linked to one of ``options`` (instances, or an
        ``OuterRef`` to one)."""
        field = model._meta.get_field(self.link)
        single = not isinstance(options, (list, tuple, models.QuerySet))
        if not field.many_to_many:
            return Q(**{self.link: options} if single else {f"{self.link}__in": options})
        through = field.remote_field.through._default_manager
        target = field.m2m_reverse_field_name()
        if isinstance(options, OuterRef):  # the option is one level further out
            options = OuterRef(options)
        return Exists(
            through.filter(
                **{field.m2m_field_name(): OuterRef("pk")},
                **({target: options} if single else {f"{target}__in": options}),
            )
        )


class FacetedFilterSet(filters.FilterSet):
    """Counts, for each option of a facet, the matches given every *other* filter.

    Each count reads at most ``LIST_COUNT_CAP + 1`` rows through the indexes (one query per
    facet), so a facet costs the same over a million rows as over a thousand; past the cap it
    says "more than"."""

    facets = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Each filter's form field is built for this request: its options (published parks,
        # the years of published news) as they are now. The class's own filters may hold a
        # field built once (the API schema's generator reads them), copied here with them.
        for each in self.filters.values():
            each.__dict__.pop("_field", None)

    @property
    def cleaned_data(self):
        """The valid filter values; empty when no filter was given (an unbound form)."""
        return getattr(self.form, "cleaned_data", {}) if self.is_bound else {}

    def queryset_without(self, name):
        queryset = self.queryset.all()
        for field_name, value in self.cleaned_data.items():
            if field_name != name:
                queryset = self.filters[field_name].filter(queryset, value)
        return queryset

    def facet_counts(self):
        """``{facet: [(option, count), …]}`` for each name in ``facets``, each count at most
        ``LIST_COUNT_CAP + 1``. The counts for one set of filters are kept until content
        changes (``corridor.cache.for_this_generation``); the options are read each time, one
        query per facet."""
        counts = for_this_generation("facets", self.state(), self.count_options)
        return {
            name: [
                (option, counts[name].get(option.pk, 0))
                for option in self.form.fields[name].queryset
            ]
            for name in self.facets
        }

    def state(self):
        """What the rows listed depend on: the model, the cap, and each filter but the order."""
        if self.is_bound:
            self.is_valid()
        chosen = sorted(
            (name, str(value))
            for name, value in self.cleaned_data.items()
            if name != "order" and value not in (None, "", [], (), False)
        )
        return (self._meta.model._meta.label, count_cap(), chosen)

    def remember(self, name, compute):
        """``compute()``, kept for this set of filters until content changes: for counts."""
        return for_this_generation(name, self.state(), compute)

    def count_options(self):
        """``{facet: {option pk: count}}``: one query per facet."""
        cap = count_cap()
        counts = {}
        for name in self.facets:
            facet = self.filters[name]
            matches = self.queryset_without(name).order_by()
            each = matches.filter(facet.linked_to(matches.model, OuterRef("pk"))).values("pk")
            options = (
                self.form.fields[name]
                .queryset.order_by()
                .annotate(matches=CappedCount(each[: cap + 1]))
            )
            # An impossible filter (``none()``) leaves the subquery empty: no count, 0.
            counts[name] = {pk: n or 0 for pk, n in options.values_list("pk", "matches")}
        return counts

    @property
    def is_filtered(self):
        return any(value not in (None, "", [], (), False) for value in self.cleaned_data.values())


def facet_filter(model, link, label):
    """Several options of ``model`` by slug, as checkboxes; counted by ``facet_counts``."""
    return LinkFilter(
        label=label,
        link=link,
        field_name=link,
        to_field_name="slug",
        queryset=model.objects.all(),
        widget=forms.CheckboxSelectMultiple,
    )


SELECTED = mark_safe(" selected")


class QuickSelect(forms.Select):
    """A ``<select>`` written in Python: the HTML of Django's own, without rendering a template
    (or building a context) for each option, which costs more than the rest of a directory
    page's form. Flat choices only."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = {str(each) for each in self.format_value(value)}
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            ((key, SELECTED if str(key) in chosen else "", label) for key, label in self.choices),
        )
        attrs = flatatt(self.build_attrs(self.attrs, attrs))
        return format_html('<select name="{}"{}>{}</select>', name, attrs, options)


# The options of the lists to choose from read only what they show.
OPTION_FIELDS = ("pk", "slug", "name_en", "name_zh_hans")


def published_parks(request):
    return Park.objects.published().only(*OPTION_FIELDS)


def published_enclaves(request):
    return Enclave.objects.published().only(*OPTION_FIELDS)


def published_enterprises(request):
    return Enterprise.objects.published()


class EnterpriseFilter(FacetedFilterSet):
    """The enterprise directory at ``/enterprises/``."""

    # Each ordering ends in the primary key, so that pages never overlap, and has an index
    # behind it (``Enterprise.Meta.indexes``).
    ORDERINGS = {
        "name": (Lower("name"), "id"),
        "-name": (Lower("name").desc(), "-id"),
        "founded": (F("founded_year").asc(nulls_last=True), "id"),
        "-founded": (F("founded_year").desc(nulls_last=True), "-id"),
        "newest": ("-created_at", "-id"),
    }

    q = filters.CharFilter(
        label=_("Name or keyword"), method="filter_text", max_length=MAX_QUERY_LENGTH
    )
    city = facet_filter(City, "city", _("City"))
    industry = facet_filter(Industry, "industries", _("Industry"))
    park = filters.ModelChoiceFilter(
        label=_("Park"),
        to_field_name="slug",
        queryset=published_parks,
        empty_label=_("Any park"),
        widget=QuickSelect,
    )
    enclave = filters.ModelChoiceFilter(
        label=_("Innovation enclave"),
        to_field_name="slug",
        queryset=published_enclaves,
        empty_label=_("Any enclave"),
        widget=QuickSelect,
    )
    board = filters.ChoiceFilter(
        label=_("Listing"),
        field_name="listing_board",
        choices=Enterprise.Board.choices,
        empty_label=_("Any listing"),
        widget=QuickSelect,
    )
    high_tech = filters.BooleanFilter(
        label=_("High-tech enterprises only"),
        method="filter_high_tech",
        widget=forms.CheckboxInput,
    )
    founded = filters.RangeFilter(label=_("Founded between"), field_name="founded_year")
    order = filters.ChoiceFilter(
        label=_("Sort by"),
        method="filter_order",
        empty_label=None,
        widget=QuickSelect,
        choices=(
            ("name", _("Name, A to Z")),
            ("-name", _("Name, Z to A")),
            ("founded", _("Founded, oldest first")),
            ("-founded", _("Founded, newest first")),
            ("newest", _("Recently added")),
        ),
    )

    facets = ("city", "industry")

    class Meta:
        model = Enterprise
        fields = ()
        form = FilterForm

    def filter_text(self, queryset, name, value):
        return matching(queryset, value)

    def filter_high_tech(self, queryset, name, value):
        return queryset.filter(is_high_tech=True) if value else queryset

    def filter_order(self, queryset, name, value):
        return queryset.order_by(*self.ORDERINGS.get(value, self.ORDERINGS["name"]))


@extend_schema_field({"type": "integer"})
class NumberChoiceFilter(filters.ChoiceFilter):
    """A choice of numbers (a year, a month): integers in the API's schema, whatever the
    field it filters on."""


class NewsFilter(FacetedFilterSet):
    """The news list at ``/news/``."""

    q = filters.CharFilter(
        label=_("Search news"), method="filter_text", max_length=MAX_QUERY_LENGTH
    )
    city = facet_filter(City, "cities", _("City"))
    industry = facet_filter(Industry, "industries", _("Industry"))
    enterprise = filters.ModelChoiceFilter(
        label=_("Enterprise"),
        field_name="enterprises",
        to_field_name="slug",
        queryset=published_enterprises,
        widget=forms.HiddenInput,
        # One enterprise: each article is linked to it once at most, so no DISTINCT.
        distinct=False,
    )
    year = NumberChoiceFilter(
        label=_("Year"),
        field_name="publish_at",
        lookup_expr="year",
        choices=(),
        empty_label=_("Any year"),
        widget=QuickSelect,
    )
    month = NumberChoiceFilter(
        label=_("Month"),
        field_name="publish_at",
        lookup_expr="month",
        choices=[(str(number), name) for number, name in sorted(MONTHS.items())],
        empty_label=_("Any month"),
        widget=QuickSelect,
    )

    facets = ("city", "industry")

    class Meta:
        model = NewsItem
        fields = ()
        form = FilterForm

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        years = NewsItem.objects.published().dates("publish_at", "year", order="DESC")
        self.filters["year"].extra["choices"] = [(str(d.year), d.year) for d in years]

    def filter_text(self, queryset, name, value):
        return matching(queryset, value)
