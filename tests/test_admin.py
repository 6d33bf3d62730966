"""Every model's admin pages load for staff; the publish actions work; editors are recorded."""

import pytest
from django.contrib.admin.sites import site
from django.urls import reverse

from corridor.models import NewsItem
from tests.factories import (
    CityFactory,
    EnclaveFactory,
    EnterpriseFactory,
    FundFactory,
    FundInvestmentFactory,
    IndicatorFactory,
    IndustryFactory,
    MilestoneFactory,
    NewsItemFactory,
    ParkFactory,
)

pytestmark = pytest.mark.django_db

FACTORIES = {
    "city": CityFactory,
    "industry": IndustryFactory,
    "park": ParkFactory,
    "enclave": EnclaveFactory,
    "enterprise": EnterpriseFactory,
    "fund": FundFactory,
    "fundinvestment": FundInvestmentFactory,
    "newsitem": NewsItemFactory,
    "milestone": MilestoneFactory,
    "indicator": IndicatorFactory,
}


def test_every_corridor_model_is_registered():
    registered = {m._meta.model_name for m in site._registry if m._meta.app_label == "corridor"}
    assert registered == {*FACTORIES, "importbatch"}


@pytest.mark.parametrize("model_name", sorted(FACTORIES))
def test_changelist_add_and_change_pages_load(admin_client, model_name):
    obj = FACTORIES[model_name]()
    for url in (
        reverse(f"admin:corridor_{model_name}_changelist"),
        reverse(f"admin:corridor_{model_name}_add"),
        reverse(f"admin:corridor_{model_name}_change", args=[obj.pk]),
    ):
        response = admin_client.get(url)
        assert response.status_code == 200, url


@pytest.mark.parametrize("model_name", ["city", "enterprise", "newsitem", "industry"])
def test_changelist_search_accepts_chinese(admin_client, model_name):
    url = reverse(f"admin:corridor_{model_name}_changelist")
    assert admin_client.get(url, {"q": "松江"}).status_code == 200


def test_changelist_search_finds_chinese_name(admin_client):
    EnterpriseFactory(name="Zhongke", name_zh_hans="中科")
    EnterpriseFactory(name="Other")
    response = admin_client.get(reverse("admin:corridor_enterprise_changelist"), {"q": "中科"})
    assert response.context["cl"].result_count == 1


def test_publish_and_unpublish_actions(admin_client, admin_user):
    drafts = NewsItemFactory.create_batch(2, status="draft")
    url = reverse("admin:corridor_newsitem_changelist")
    response = admin_client.post(
        url, {"action": "publish", "_selected_action": [d.pk for d in drafts]}, follow=True
    )
    assert "2 items published." in response.content.decode()
    assert NewsItem.objects.published().count() == 2
    assert set(NewsItem.objects.values_list("updated_by", flat=True)) == {admin_user.pk}
    admin_client.post(url, {"action": "unpublish", "_selected_action": [drafts[0].pk]})
    assert NewsItem.objects.published().count() == 1


def test_state_filter(admin_client):
    NewsItemFactory(status="draft", title="Draft one")
    NewsItemFactory(title="Live one")
    url = reverse("admin:corridor_newsitem_changelist")
    response = admin_client.get(url, {"state": "draft"})
    assert [o.title for o in response.context["cl"].result_list] == ["Draft one"]
    response = admin_client.get(url, {"state": "published"})
    assert [o.title for o in response.context["cl"].result_list] == ["Live one"]
    assert 'class="state state-published"' in response.content.decode()


def test_add_records_creator_and_makes_slug_from_chinese_title(admin_client, admin_user):
    city = CityFactory()
    response = admin_client.post(
        reverse("admin:corridor_enterprise_add"),
        {
            "name_en": "上海新微",
            "name_zh_hans": "",
            "slug": "",
            "kind": "company",
            "credit_code": "",
            "city": city.pk,
            "listing_board": "unlisted",
            "status": "draft",
            "publish_at_0": "2024-01-01",
            "publish_at_1": "10:00:00",
            "investments-TOTAL_FORMS": "0",
            "investments-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    from corridor.models import Enterprise

    enterprise = Enterprise.objects.get()
    assert enterprise.slug == "shang-hai-xin-wei"
    assert enterprise.created_by == admin_user == enterprise.updated_by


def test_add_rejects_same_home_and_host_city(admin_client):
    city = CityFactory()
    response = admin_client.post(
        reverse("admin:corridor_enclave_add"),
        {
            "name_en": "Loop",
            "home_city": city.pk,
            "host_city": city.pk,
            "status": "draft",
            "publish_at_0": "2024-01-01",
            "publish_at_1": "10:00:00",
            "enterprises-TOTAL_FORMS": "0",
            "enterprises-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "must differ" in str(response.context["adminform"].form.errors)


def test_view_on_site_link(admin_client):
    enterprise = EnterpriseFactory()
    response = admin_client.get(reverse("admin:corridor_enterprise_change", args=[enterprise.pk]))
    assert "View on site" in response.content.decode()


def test_branded_header(admin_client):
    response = admin_client.get(reverse("admin:index"))
    assert "G60 Corridor Portal" in response.content.decode()


def test_autocomplete_finds_cities_by_chinese_name(admin_client):
    CityFactory(name="Songjiang", name_zh_hans="松江")
    response = admin_client.get(
        reverse("admin:autocomplete"),
        {"term": "松江", "app_label": "corridor", "model_name": "enterprise", "field_name": "city"},
    )
    assert [r["text"] for r in response.json()["results"]] == ["Songjiang"]


def test_index_shows_drafts_scheduled_and_recent_changes(admin_client):
    import datetime

    from django.utils import timezone

    NewsItemFactory(title="Waiting draft", status="draft")
    NewsItemFactory(
        title="Tomorrow's story", publish_at=timezone.now() + datetime.timedelta(days=1)
    )
    NewsItemFactory(title="Already live")
    city = CityFactory(name="Wuhu")
    admin_client.post(
        reverse("admin:corridor_city_change", args=[city.pk]),
        {
            "name_en": "Wuhu City",
            "slug": city.slug,
            "province": "anhui",
            "position": 1,
            "is_member": "on",
        },
    )
    html = admin_client.get(reverse("admin:index")).content.decode()
    drafts = html.split('id="drafts-title"')[1].split("</section>")[0]
    scheduled = html.split('id="scheduled-title"')[1].split("</section>")[0]
    recent = html.split('id="changes-title"')[1].split("</section>")[0]
    assert "Waiting draft" in drafts and "Already live" not in drafts
    assert "Tomorrow&#x27;s story" in scheduled
    assert "Wuhu City" in recent


def test_changelist_thumbnails_come_from_stored_renditions(admin_client):
    item = NewsItemFactory(title="Pictured")
    NewsItemFactory._meta.model.objects.filter(pk=item.pk).update(
        image="news/x.jpg",
        image_renditions={"list": {"url": "/media/news/x.list.jpg", "width": 320, "height": 200}},
    )
    html = admin_client.get(reverse("admin:corridor_newsitem_changelist")).content.decode()
    assert 'src="/media/news/x.list.jpg"' in html
