"""Directory filters. Every queryset here is built on ``.published()``."""

import django_filters as filters
from django import forms
from django.db.models import Count, F
from django.db.models.functions import Lower
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _

from .models import City, Enclave, Enterprise, Industry, NewsItem, Park
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


class FacetedFilterSet(filters.FilterSet):
    """Counts, for each option of a facet, the matches given every *other* filter."""

    facets = ()

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
        """``{facet: {slug: count}}`` for each name in ``facets``: one query per facet."""
        if self.is_bound:
            self.is_valid()
        counts = {}
        for name in self.facets:
            lookup = self.filters[name].field_name
            rows = (
                self.queryset_without(name)
                .order_by()
                .values(lookup)
                .annotate(n=Count("pk", distinct=True))
            )
            counts[name] = {row[lookup]: row["n"] for row in rows if row[lookup] is not None}
        return counts

    @property
    def is_filtered(self):
        return any(value not in (None, "", [], (), False) for value in self.cleaned_data.values())


def facet_filter(model, field_name, label):
    """Several options of ``model`` by slug, as checkboxes; counted by ``facet_counts``."""
    return filters.ModelMultipleChoiceFilter(
        label=label,
        field_name=f"{field_name}__slug",
        to_field_name="slug",
        queryset=model.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        distinct=True,
    )


def published_parks(request):
    return Park.objects.published()


def published_enclaves(request):
    return Enclave.objects.published()


def published_enterprises(request):
    return Enterprise.objects.published()


class EnterpriseFilter(FacetedFilterSet):
    """The enterprise directory at ``/enterprises/``."""

    ORDERINGS = {
        "name": (Lower("name"),),
        "-name": (Lower("name").desc(),),
        "founded": (F("founded_year").asc(nulls_last=True), Lower("name")),
        "-founded": (F("founded_year").desc(nulls_last=True), Lower("name")),
        "newest": ("-created_at", Lower("name")),
    }

    q = filters.CharFilter(
        label=_("Name or keyword"), method="filter_text", max_length=MAX_QUERY_LENGTH
    )
    city = facet_filter(City, "city", _("City"))
    industry = facet_filter(Industry, "industries", _("Industry"))
    park = filters.ModelChoiceFilter(
        label=_("Park"), to_field_name="slug", queryset=published_parks, empty_label=_("Any park")
    )
    enclave = filters.ModelChoiceFilter(
        label=_("Innovation enclave"),
        to_field_name="slug",
        queryset=published_enclaves,
        empty_label=_("Any enclave"),
    )
    board = filters.ChoiceFilter(
        label=_("Listing"),
        field_name="listing_board",
        choices=Enterprise.Board.choices,
        empty_label=_("Any listing"),
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
        distinct=True,
    )
    year = filters.ChoiceFilter(
        label=_("Year"),
        field_name="publish_at",
        lookup_expr="year",
        choices=(),
        empty_label=_("Any year"),
    )
    month = filters.ChoiceFilter(
        label=_("Month"),
        field_name="publish_at",
        lookup_expr="month",
        choices=[(str(number), name) for number, name in sorted(MONTHS.items())],
        empty_label=_("Any month"),
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
