"""Public pages. Publishable content is read through ``.published()`` only."""

from django.conf import settings
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.urls import reverse
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.functional import SimpleLazyObject
from django.utils.http import urlencode
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.generic import DetailView, ListView, TemplateView, View
from django_filters.views import FilterView

from . import maps, opendata, search, statistics
from . import structured_data as schema
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
from .security import AnonymousRate
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
        context["structured_data"] = self.get_structured_data(context)
        return context

    # A function of ``corridor.structured_data``: the page's schema.org description.
    structured_data = None

    def get_structured_data(self, context):
        if self.structured_data is None:
            return None
        return self.structured_data(self.object, self.request)

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
        # Every published enclave is an arc on the map; the featured ones come from the same
        # rows, in the same order, so the map adds no query.
        enclaves = list(Enclave.objects.published().select_related("home_city", "host_city"))
        context.update(
            key_figures=Indicator.objects.published()
            .filter(is_key_figure=True, city__isnull=True)
            .select_related("source")[:8],
            cities=cities,
            corridor_map=maps.corridor_drawing(cities, enclaves),
            latest_news=NewsItem.objects.published()[:5],
            featured_enterprises=Enterprise.objects.published()
            .filter(is_featured=True)
            .select_related("city")
            .prefetch_related("industries")[:6],
            featured_enclaves=[enclave for enclave in enclaves if enclave.is_featured][:4],
            featured_funds=Fund.objects.published().filter(is_featured=True)[:4],
        )
        return context


class AboutView(TemplateView):
    template_name = "corridor/about.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        cities = list(City.objects.all())
        figures = list(Indicator.objects.published().select_related("city", "source"))
        context.update(
            milestones=Milestone.objects.published().select_related("city", "source"),
            figures=figures,
            corridor_figures=statistics.arrange(
                [figure for figure in figures if figure.city_id is None], prefix="corridor"
            ),
            members_chart=statistics.members_chart(cities),
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
    structured_data = staticmethod(schema.city)

    def get_related(self):
        city = self.object
        figures = list(Indicator.objects.published().filter(city=city))
        return {
            "locator_map": maps.city_locator(city),
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
            "figures": figures,
            "figure_page": statistics.arrange(figures),
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
    structured_data = staticmethod(schema.industry)

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


# The directory's own condition: an ``EXISTS`` on the link table, read along the name index.
LINKED_TO_INDUSTRY = EnterpriseFilter.base_filters["industry"].linked_to


class EnterpriseDetailView(PublishedDetailView):
    model = Enterprise
    template_name = "corridor/enterprise_detail.html"
    context_object_name = "enterprise"

    def get_structured_data(self, context):
        return schema.enterprise(self.object, self.request, self.object.industries.all())

    def get_queryset(self):
        return (
            super().get_queryset().select_related("city", "source").prefetch_related("industries")
        )

    def get_related(self):
        enterprise = self.object
        park = Park.objects.published().filter(pk=enterprise.park_id).first()
        industry = next(iter(enterprise.industries.all()), None)  # prefetched, in order
        published = Enterprise.objects.published()
        return {
            "locator_map": maps.city_locator(enterprise.city, subject=enterprise),
            "park": park,
            # Related companies: a page of each, and the directory filtered to all of them.
            "same_park": park
            and enterprise_preview(published.filter(park=park), exclude=enterprise, park=park.slug),
            "same_industry": industry
            and enterprise_preview(
                published.filter(LINKED_TO_INDUSTRY(Enterprise, [industry])),
                exclude=enterprise,
                industry=industry.slug,
            ),
            "related_industry": industry,
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

    def get_context_data(self, **kwargs):
        """Beside the list, every published enclave by home and host city."""
        return super().get_context_data(enclave_matrix=statistics.enclave_matrix(), **kwargs)


class EnclaveDetailView(PublishedDetailView):
    model = Enclave
    template_name = "corridor/enclave_detail.html"
    context_object_name = "enclave"
    structured_data = staticmethod(schema.enclave)

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("home_city", "host_city", "source")
            .prefetch_related("industries")
        )

    def get_related(self):
        enclave = self.object
        return {
            "locator_map": maps.enclave_locator(enclave),
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

    def get_context_data(self, **kwargs):
        """Beside the list, every published investment by city and by industry."""
        investments = statistics.investment_charts()
        return super().get_context_data(
            investment_charts=investments.charts,
            investments_summary=statistics.investments_summary(investments),
            **kwargs,
        )


class FundDetailView(PublishedDetailView):
    model = Fund
    template_name = "corridor/fund_detail.html"
    context_object_name = "fund"
    structured_data = staticmethod(schema.fund)

    def get_queryset(self):
        return (
            super().get_queryset().select_related("source").prefetch_related("cities", "industries")
        )

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
    structured_data = staticmethod(schema.park)

    def get_queryset(self):
        return (
            super().get_queryset().select_related("city", "source").prefetch_related("industries")
        )

    def get_related(self):
        park = self.object
        return {
            "locator_map": maps.city_locator(park.city, subject=park),
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
    structured_data = staticmethod(schema.article)

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


class CompareView(TemplateView):
    """``/compare/?cities=songjiang&cities=hangzhou``: two to four cities side by side, in the
    order the address names them. The address is the whole state: shared, it shows the same
    comparison. Fewer or more cities, unknown names and junk give a message and the form."""

    template_name = "corridor/compare.html"
    fewest, most = 2, 4
    most_read = 20  # names read from the address; past the fourth, only to say "too many"

    def asked(self):
        """The slugs asked for, in their order, each once; ``a,b`` counts as two. Characters
        that cannot be printed are dropped, so that a message can quote what is left."""
        slugs = []
        for value in self.request.GET.getlist("cities")[: self.most_read]:
            for part in value.split(","):
                slug = "".join(char for char in part if char.isprintable()).strip().lower()
                if slug and slug not in slugs:
                    slugs.append(slug)
        return slugs[: self.most_read]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        cities = list(City.objects.all())
        by_slug = {city.slug: city for city in cities}
        asked = self.asked()
        chosen = [by_slug[slug] for slug in asked if slug in by_slug]
        unknown = [Truncator(slug).chars(40) for slug in asked if slug not in by_slug]
        notices = []
        if unknown:
            notices.append(
                ngettext(
                    "There is no city called %(names)s: it was left out.",
                    "There are no cities called %(names)s: they were left out.",
                    len(unknown),
                )
                % {"names": ", ".join(f"“{name}”" for name in unknown[:5])}
            )
        if asked and len(chosen) < self.fewest:
            notices.append(_("Choose two to four cities to compare them."))
        elif len(chosen) > self.most:
            notices.append(
                _("Choose at most four cities: %(count)s were chosen.") % {"count": len(chosen)}
            )
        comparison = None
        if self.fewest <= len(chosen) <= self.most:
            figures = Indicator.objects.published().filter(city__in=chosen)
            comparison = statistics.compare(chosen, list(figures))
        context.update(
            cities=cities,
            chosen=chosen,
            chosen_slugs={city.slug for city in chosen},
            notices=notices,
            comparison=comparison,
            # One address per comparison: the cities asked for, known ones only, in order.
            canonical_url=self.request.build_absolute_uri(
                f"{self.request.path}?{urlencode([('cities', city.slug) for city in chosen])}"
                if comparison
                else self.request.path
            ),
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


class DownloadView(View):
    """A public list as CSV, xlsx or JSON (``corridor.opendata``): published rows only, with
    the filters and order the list's page reads from the same query string."""

    def get(self, request, dataset, format):
        found = opendata.DATASETS.get(dataset)
        if found is None or format not in opendata.FORMATS:
            raise Http404
        rows = found.rows(request.GET)
        name = opendata.filename(found, format)
        absolute = request.build_absolute_uri
        if format == "xlsx":
            return FileResponse(
                opendata.xlsx_file(found, rows, absolute),
                as_attachment=True,
                filename=name,
                content_type=opendata.FORMATS[format],
            )
        if format == "csv":
            parts = opendata.csv_lines(found, rows, absolute)
        else:
            parts = opendata.json_parts(found, rows, absolute, translation.get_language())
        response = StreamingHttpResponse(parts, content_type=opendata.FORMATS[format])
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


class DataCatalogueView(TemplateView):
    """``/data/``: every dataset with its fields, licence, latest change and downloads, and
    the same as DCAT-AP and schema.org JSON-LD for harvesters and search engines."""

    template_name = "corridor/data_catalogue.html"

    def get_context_data(self, **kwargs):
        entries = opendata.catalogue()
        absolute = self.request.build_absolute_uri
        count, seconds = AnonymousRate().parse_rate(settings.API_RATE_LIMIT)
        return super().get_context_data(
            entries=entries,
            api_root=reverse("api:root"),
            api_schema=reverse("api:schema"),
            api_docs=reverse("api:docs"),
            rate_per_minute=round(count * 60 / seconds),
            licence=opendata.LICENCE,
            licence_url=opendata.LICENCE_URL,
            dcat=opendata.dcat(entries, absolute),
            structured_data=opendata.schema_org(entries, absolute),
            **kwargs,
        )
