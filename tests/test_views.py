"""Public pages render published content only; staff may preview drafts."""

import pytest
from django.urls import reverse

from tests.factories import (
    CityFactory,
    EnclaveFactory,
    EnterpriseFactory,
    FundFactory,
    IndicatorFactory,
    IndustryFactory,
    NewsItemFactory,
    ParkFactory,
    hidden_variants,
)

pytestmark = pytest.mark.django_db


def test_home_shows_figures_cities_news_and_featured(client):
    CityFactory(name="Songjiang", name_zh_hans="松江", is_member=True)
    IndicatorFactory(label="Area", value=76200, unit="km²", is_key_figure=True)
    NewsItemFactory(title="Corridor news")
    EnterpriseFactory(name="Featured Co", is_featured=True)
    html = client.get("/en/").content.decode()
    for text in ("Area", "76,200", "km²", "Songjiang", "松江", "Corridor news", "Featured Co"):
        assert text in html


def test_home_hides_unpublished_content(client):
    for hidden in hidden_variants(NewsItemFactory):
        hidden.title = f"Hidden {hidden.state}"
        hidden.save()
    hidden_variants(EnterpriseFactory, is_featured=True, name="Secret Co")
    hidden_variants(IndicatorFactory, is_key_figure=True, label="Secret figure")
    html = client.get("/en/").content.decode()
    assert "Hidden" not in html
    assert "Secret" not in html


@pytest.mark.parametrize(
    "factory",
    [EnterpriseFactory, ParkFactory, EnclaveFactory, FundFactory, NewsItemFactory],
)
def test_detail_pages_404_for_drafts_and_scheduled(client, factory):
    live = factory()
    assert client.get(live.get_absolute_url()).status_code == 200
    for hidden in hidden_variants(factory):
        assert client.get(hidden.get_absolute_url()).status_code == 404


@pytest.mark.parametrize(
    ("url_name", "factory", "text_attr"),
    [
        ("corridor:enterprise_list", EnterpriseFactory, "name"),
        ("corridor:park_list", ParkFactory, "name"),
        ("corridor:enclave_list", EnclaveFactory, "name"),
        ("corridor:fund_list", FundFactory, "name"),
        ("corridor:news_list", NewsItemFactory, "title"),
    ],
)
def test_lists_show_only_published(client, url_name, factory, text_attr):
    live = factory()
    hidden = hidden_variants(factory)
    html = client.get(reverse(url_name)).content.decode()
    assert getattr(live, text_attr) in html
    for item in hidden:
        assert f">{getattr(item, text_attr)}<" not in html


def test_related_lists_on_city_page_hide_drafts(client):
    city = CityFactory(name="Jiaxing")
    EnterpriseFactory(city=city, name="Live Co")
    EnterpriseFactory(city=city, name="Draft Co", status="draft")
    html = client.get(city.get_absolute_url()).content.decode()
    assert "Live Co" in html
    assert "Draft Co" not in html


def test_staff_editor_previews_draft_with_banner(client, staff_with_perms):
    draft = NewsItemFactory(status="draft", title="Work in progress")
    client.force_login(staff_with_perms("change_newsitem"))
    response = client.get(draft.get_absolute_url())
    assert response.status_code == 200
    assert "Draft preview" in response.content.decode()
    assert "no-cache" in response["Cache-Control"]


def test_staff_without_change_permission_gets_404(client, staff_with_perms):
    draft = NewsItemFactory(status="draft")
    client.force_login(staff_with_perms("view_enterprise"))
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_unknown_slug_is_404(client):
    assert client.get("/en/enterprises/no-such-company/").status_code == 404


def test_industry_and_city_pages(client):
    industry = IndustryFactory(name="Biomedicine", name_zh_hans="生物医药")
    city = CityFactory(name="Hefei")
    EnterpriseFactory(name="Bio Co", city=city, industries=[industry])
    assert "Bio Co" in client.get(industry.get_absolute_url()).content.decode()
    assert "Bio Co" in client.get(city.get_absolute_url()).content.decode()
    assert "Hefei" in client.get(reverse("corridor:city_list")).content.decode()
    assert "生物医药" in client.get(reverse("corridor:industry_list")).content.decode()


def test_rich_text_body_rendered_as_html_but_title_escaped(client):
    item = NewsItemFactory(title="<b>bold?</b>", body="<p><strong>Strong</strong></p>")
    html = client.get(item.get_absolute_url()).content.decode()
    assert "<strong>Strong</strong>" in html
    assert "&lt;b&gt;bold?&lt;/b&gt;" in html
