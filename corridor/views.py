"""Public pages. Publishable content is read through ``.published()`` only."""

from django.utils.cache import add_never_cache_headers
from django.views.generic import DetailView, ListView, TemplateView

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


class PublishedMixin:
    """Lists and pages read ``model.objects.published()``; reference models have no status."""

    model = None

    def base_queryset(self):
        manager = self.model._default_manager
        return manager.published() if hasattr(manager, "published") else manager.all()

    def get_queryset(self):
        return self.base_queryset()


class PublishedDetailView(PublishedMixin, DetailView):
    """A detail page; staff who may edit the item also see its draft, with a banner."""

    def can_preview(self):
        user = self.request.user
        opts = self.model._meta
        return (
            hasattr(self.model._default_manager, "published")
            and user.is_active
            and user.is_staff
            and user.has_perm(f"{opts.app_label}.change_{opts.model_name}")
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


class PublishedListView(PublishedMixin, ListView):
    paginate_by = 20


class HomeView(TemplateView):
    template_name = "corridor/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            key_figures=Indicator.objects.published()
            .filter(is_key_figure=True, city__isnull=True)
            .select_related("source")[:8],
            cities=City.objects.filter(is_member=True),
            latest_news=NewsItem.objects.published()[:5],
            featured_enterprises=Enterprise.objects.published()
            .filter(is_featured=True)
            .select_related("city")
            .prefetch_related("industries")[:6],
        )
        return context


class AboutView(TemplateView):
    template_name = "corridor/about.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            milestones=Milestone.objects.published().select_related("city"),
            figures=Indicator.objects.published().select_related("city", "source"),
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
            "enterprises": Enterprise.objects.published()
            .filter(city=city)
            .prefetch_related("industries")[:50],
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
            "enterprises": Enterprise.objects.published()
            .filter(industries=industry)
            .select_related("city")[:50],
            "enclaves": Enclave.objects.published()
            .filter(industries=industry)
            .select_related("home_city", "host_city"),
            "funds": Fund.objects.published().filter(industries=industry),
            "parks": Park.objects.published().filter(industries=industry).select_related("city"),
            "news_items": NewsItem.objects.published().filter(industries=industry)[:10],
        }


class EnterpriseListView(PublishedListView):
    model = Enterprise
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
            "investments": FundInvestment.objects.filter(
                enterprise=enterprise, fund__in=Fund.objects.published()
            ).select_related("fund"),
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
            "enterprises": Enterprise.objects.published()
            .filter(enclave=enclave)
            .select_related("city"),
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
            "investments": FundInvestment.objects.filter(
                fund=fund, enterprise__in=Enterprise.objects.published()
            ).select_related("enterprise", "enterprise__city"),
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
            "enterprises": Enterprise.objects.published().filter(park=park),
            "enclaves": Enclave.objects.published().filter(park=park),
            "news_items": NewsItem.objects.published().filter(parks=park)[:10],
        }


class NewsListView(PublishedListView):
    model = NewsItem
    template_name = "corridor/news_list.html"
    context_object_name = "news_items"


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
