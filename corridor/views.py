"""Public pages. Publishable content is read through ``.published()`` only."""

from django.conf import settings
from django.core.paginator import Paginator
from django.urls import reverse
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.functional import SimpleLazyObject
from django.utils.http import urlencode
from django.views.generic import DetailView, ListView, TemplateView
from django_filters.views import FilterView

from . import charts, search
from .directory import enterprise_preview
from .filters import EnterpriseFilter, NewsFilter
from .models import (
    City,
    Enclave,
    Enterprise,
    Fund,
    FundInvestment,
    Indicator,
    Industry,
    Milestone,
    NewsItem,
    Park,
)
from .pagination import CappedPaginator, count_cap
from .twofactor import is_trusted


class PublishedMixin:
    """Lists and pages read ``model.objects.published()``; reference models have no status."""

    model = None

    def base_queryset(self):
        return self.model._default_manager.published()

    def get_queryset(self):
        return self.base_queryset()


class PublishedDetailView(PublishedMixin, DetailView):
    """A detail page; staff who may edit the item also see its draft, with a banner."""

    def can_preview(self):
        """Staff who may edit the item, and have passed the admin's second step if they owe it."""
        opts = self.model._meta
        return (
            hasattr(self.model, "status")
            and is_trusted(self.request)
            and self.request.user.has_perm(f"{opts.app_label}.change_{opts.model_name}")
        )

    def get_queryset(self):
        if self.can_preview():
            return self.model._default_manager.all()
        return super().get_queryset()

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if self.can_preview():
            add_never_cache_headers(response)
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["is_preview"] = not getattr(self.object, "is_live", True)
        context.update(self.get_related())
        return context

    def get_related(self):
        """Published items linked to this one; templates never follow relations themselves."""
        return {}


class LenientPaginationMixin:
    """``?page=abc`` gives the first page and a page past the end the last: never an error.

    Lists page through at most ``LIST_COUNT_CAP`` items (``corridor.pagination``); an
    unfiltered list past the cap shows the planner's estimate of its length."""

    paginate_by = 20
    paginator_class = CappedPaginator

    def is_unfiltered(self):
        return True

    def get_paginator(self, queryset, per_page, **kwargs):
        return self.paginator_class(queryset, per_page, estimate=self.is_unfiltered(), **kwargs)

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(queryset, page_size)
        page = paginator.get_page(self.request.GET.get(self.page_kwarg))
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if context.get("paginator") is not None:
            context["total"] = context["paginator"].total
        return context


class PublishedListView(LenientPaginationMixin, PublishedMixin, ListView):
    pass


class FilteredListView(LenientPaginationMixin, PublishedMixin, FilterView):
    """A directory with django-filter: filters it cannot read are ignored, with a message."""

    strict = False

    def is_unfiltered(self):
        return not self.filterset.is_filtered

    def get_paginator(self, queryset, per_page, **kwargs):
        """The total of a set of filters is counted once until content changes, like its
        facets: at a million rows, a city and an industry take tens of milliseconds to count."""
        return super().get_paginator(queryset, per_page, remember=self.filterset.remember, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filterset = context["filter"]
        context.update(
            # Read only when the form is drawn: a page whose form is kept ({% keep %}) skips it.
            facets=SimpleLazyObject(lambda: self.facets(filterset)),
            filter_key=self.filter_key(),
            filter_errors=self.filter_errors(filterset),
            filter_notices=getattr(filterset.form, "notices", ()),
            is_filtered=filterset.is_filtered,
            result_count=context["paginator"].count,
        )
        return context

    def facets(self, filterset):
        counts = filterset.facet_counts()
        return {name: self.facet_options(filterset, name, counts[name]) for name in counts}

    def filter_key(self):
        """What the filter form shows depends on: the query string, less the page number."""
        query = self.request.GET
        return urlencode(
            sorted(
                (name, value)
                for name in query
                if name != self.page_kwarg
                for value in query.getlist(name)
            )
        )

    def facet_options(self, filterset, name, counts):
        selected = set(self.request.GET.getlist(name))
        cap = count_cap()
        return [
            {
                "value": option.slug,
                "item": option,
                "count": min(count, cap),
                "more": count > cap,
                "checked": option.slug in selected,
            }
            for option, count in counts
        ]

    @staticmethod
    def filter_errors(filterset):
        """Plain messages for the filters that were ignored, e.g. an unknown city."""
        form = filterset.form
        return [
            f"{form.fields[name].label}: {' '.join(errors)}"
            if name in form.fields
            else " ".join(errors)
            for name, errors in form.errors.items()
        ]


class HomeView(TemplateView):
    template_name = "corridor/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        cities = list(City.objects.filter(is_member=True))
        context.update(
            key_figures=Indicator.objects.published()
            .filter(is_key_figure=True, city__isnull=True)
            .select_related("source")[:8],
            cities=cities,
            map_points=charts.city_map(cities),
            latest_news=NewsItem.objects.published()[:5],
            featured_enterprises=Enterprise.objects.published()
            .filter(is_featured=True)
            .select_related("city")
            .prefetch_related("industries")[:6],
            featured_enclaves=Enclave.objects.published()
            .filter(is_featured=True)
            .select_related("home_city", "host_city")[:4],
            featured_funds=Fund.objects.published().filter(is_featured=True)[:4],
        )
        return context


class AboutView(TemplateView):
    template_name = "corridor/about.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        cities = list(City.objects.all())
        context.update(
            milestones=Milestone.objects.published().select_related("city"),
            figures=Indicator.objects.published().select_related("city"),
            growth_bars=charts.bar_chart(charts.members_by_year(cities)),
            phases=City.objects.filter(is_member=True)
            .exclude(phase="")
            .order_by("phase", "position"),
        )
        return context


class CityListView(PublishedListView):
    model = City
    template_name = "corridor/city_list.html"
    context_object_name = "cities"
    paginate_by = None


class CityDetailView(PublishedDetailView):
    model = City
    template_name = "corridor/city_detail.html"
    context_object_name = "city"

    def get_related(self):
        city = self.object
        return {
            "enterprise_preview": enterprise_preview(
                Enterprise.objects.published().filter(city=city), city=city.slug
            ),
            "parks": Park.objects.published().filter(city=city),
            "enclaves_run": Enclave.objects.published()
            .filter(home_city=city)
            .select_related("host_city"),
            "enclaves_hosted": Enclave.objects.published()
            .filter(host_city=city)
            .select_related("home_city"),
            "news_items": NewsItem.objects.published().filter(cities=city)[:10],
            "milestones": Milestone.objects.published().filter(city=city),
            "figures": Indicator.objects.published().filter(city=city),
        }


class IndustryListView(PublishedListView):
    model = Industry
    template_name = "corridor/industry_list.html"
    context_object_name = "industries"
    paginate_by = None


class IndustryDetailView(PublishedDetailView):
    model = Industry
    template_name = "corridor/industry_detail.html"
    context_object_name = "industry"

    def get_related(self):
        industry = self.object
        return {
            "enterprise_preview": enterprise_preview(
                Enterprise.objects.published().filter(industries=industry), industry=industry.slug
            ),
            "enclaves": Enclave.objects.published()
            .filter(industries=industry)
            .select_related("home_city", "host_city"),
            "funds": Fund.objects.published().filter(industries=industry),
            "parks": Park.objects.published().filter(industries=industry).select_related("city"),
            "news_items": NewsItem.objects.published().filter(industries=industry)[:10],
        }


class EnterpriseListView(FilteredListView):
    model = Enterprise
    filterset_class = EnterpriseFilter
    template_name = "corridor/enterprise_list.html"
    context_object_name = "enterprises"

    def get_queryset(self):
        return super().get_queryset().select_related("city").prefetch_related("industries")


class EnterpriseDetailView(PublishedDetailView):
    model = Enterprise
    template_name = "corridor/enterprise_detail.html"
    context_object_name = "enterprise"

    def get_queryset(self):
        return super().get_queryset().select_related("city").prefetch_related("industries")

    def get_related(self):
        enterprise = self.object
        return {
            "park": Park.objects.published().filter(pk=enterprise.park_id).first(),
            "enclave": Enclave.objects.published().filter(pk=enterprise.enclave_id).first(),
            "investments": FundInvestment.objects.published()
            .filter(enterprise=enterprise)
            .select_related("fund"),
            "news_items": NewsItem.objects.published().filter(enterprises=enterprise)[:10],
        }


class EnclaveListView(PublishedListView):
    model = Enclave
    template_name = "corridor/enclave_list.html"
    context_object_name = "enclaves"

    def get_queryset(self):
        return super().get_queryset().select_related("home_city", "host_city")


class EnclaveDetailView(PublishedDetailView):
    model = Enclave
    template_name = "corridor/enclave_detail.html"
    context_object_name = "enclave"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("home_city", "host_city")
            .prefetch_related("industries")
        )

    def get_related(self):
        enclave = self.object
        return {
            "park": Park.objects.published().filter(pk=enclave.park_id).first(),
            "enterprise_preview": enterprise_preview(
                Enterprise.objects.published().filter(enclave=enclave), enclave=enclave.slug
            ),
            "news_items": NewsItem.objects.published().filter(enclaves=enclave)[:10],
        }


class FundListView(PublishedListView):
    model = Fund
    template_name = "corridor/fund_list.html"
    context_object_name = "funds"


class FundDetailView(PublishedDetailView):
    model = Fund
    template_name = "corridor/fund_detail.html"
    context_object_name = "fund"

    def get_queryset(self):
        return super().get_queryset().prefetch_related("cities", "industries")

    def get_related(self):
        fund = self.object
        return {
            "investments": FundInvestment.objects.published()
            .filter(fund=fund)
            .select_related("enterprise", "enterprise__city"),
            "news_items": NewsItem.objects.published().filter(funds=fund)[:10],
        }


class ParkListView(PublishedListView):
    model = Park
    template_name = "corridor/park_list.html"
    context_object_name = "parks"

    def get_queryset(self):
        return super().get_queryset().select_related("city")


class ParkDetailView(PublishedDetailView):
    model = Park
    template_name = "corridor/park_detail.html"
    context_object_name = "park"

    def get_queryset(self):
        return super().get_queryset().select_related("city").prefetch_related("industries")

    def get_related(self):
        park = self.object
        return {
            "enterprise_preview": enterprise_preview(
                Enterprise.objects.published().filter(park=park), park=park.slug
            ),
            "enclaves": Enclave.objects.published().filter(park=park),
            "news_items": NewsItem.objects.published().filter(parks=park)[:10],
        }


class NewsListView(FilteredListView):
    model = NewsItem
    filterset_class = NewsFilter
    template_name = "corridor/news_list.html"
    context_object_name = "news_items"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["enterprise"] = self.filterset.cleaned_data.get("enterprise")
        return context


class NewsDetailView(PublishedDetailView):
    model = NewsItem
    template_name = "corridor/news_detail.html"
    context_object_name = "item"

    def get_related(self):
        item = self.object
        return {
            "cities": item.cities.all(),
            "industries": item.industries.all(),
            "enterprises": Enterprise.objects.published().filter(news=item),
            "enclaves": Enclave.objects.published().filter(news=item),
            "funds": Fund.objects.published().filter(news=item),
            "parks": Park.objects.published().filter(news=item),
        }


class SearchView(TemplateView):
    """``/search/?q=``: results grouped by type; ``&type=`` pages through one type. Counts past
    ``search.MAX_COUNT`` say "more than"."""

    template_name = "corridor/search.html"
    per_type = 5
    paginate_by = 20

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query, truncated = search.normalise_query(self.request.GET.get("q"))
        only = search.SEARCH_TYPES_BY_KEY.get(self.request.GET.get("type", ""))
        context.update(
            query=query,
            truncated=truncated,
            only=only,
            groups=[],
            page_obj=None,
            result_count=0,
            count_is_capped=False,
        )
        if not query:
            return context
        if only is None:
            groups = search.search(query, per_type=self.per_type)
        else:
            results = search.ranked(only, query)
            page = Paginator(results, self.paginate_by).get_page(self.request.GET.get("page"))
            context["page_obj"] = page
            groups = [
                search.ResultGroup(only, page.object_list, results.total, results.count_is_capped)
            ]
            groups = [group for group in groups if group.count]
        context.update(
            groups=groups,
            result_count=sum(group.count for group in groups),
            count_is_capped=any(group.count_is_capped for group in groups),
        )
        return context


class RobotsView(TemplateView):
    template_name = "robots.txt"
    content_type = "text/plain; charset=utf-8"

    def get_context_data(self, **kwargs):
        search_paths = []
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                search_paths.append(reverse("corridor:search"))
        return super().get_context_data(search_paths=search_paths, **kwargs)
