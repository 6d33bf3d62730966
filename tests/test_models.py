import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone

from corridor.models import City, Enterprise, Fund, Indicator, Milestone, NewsItem
from corridor.validators import validate_credit_code
from tests.factories import (
    CityFactory,
    EnclaveFactory,
    EnterpriseFactory,
    FundFactory,
    FundInvestmentFactory,
    IndicatorFactory,
    MilestoneFactory,
    NewsItemFactory,
    ParkFactory,
    make_credit_code,
)

pytestmark = pytest.mark.django_db

NEXT_YEAR = timezone.localdate().year + 1


def errors_of(obj):
    with pytest.raises(ValidationError) as info:
        obj.full_clean()
    return info.value.message_dict


class TestSlugs:
    def test_slug_made_from_english_name(self):
        city = CityFactory(name="Jiaxing")
        assert city.slug == "jiaxing"

    def test_chinese_only_name_gets_pinyin_slug(self):
        city = CityFactory(name="嘉兴")
        assert city.slug == "jia-xing"

    def test_chinese_name_used_when_english_name_gives_nothing(self):
        city = CityFactory(name="—", name_zh_hans="湖州")
        assert city.slug == "hu-zhou"

    def test_duplicate_names_get_unique_slugs(self):
        first = EnterpriseFactory(name="Acme")
        second = EnterpriseFactory(name="Acme")
        third = EnterpriseFactory(name="ACME")
        assert (first.slug, second.slug, third.slug) == ("acme", "acme-2", "acme-3")

    def test_explicit_slug_kept(self):
        assert CityFactory(name="Hefei", slug="hefei-city").slug == "hefei-city"

    def test_punctuation_only_name_falls_back_to_model_name(self):
        assert EnterpriseFactory(name="!!!").slug == "enterprise"

    def test_news_slug_from_title_and_indicator_slug_from_scope(self):
        assert NewsItemFactory(title="Corridor grows").slug == "corridor-grows"
        city = CityFactory(name="Wuhu")
        figure = IndicatorFactory(label="GDP", year=2023, city=city)
        assert figure.slug == "wuhu-gdp-2023"
        assert IndicatorFactory(label="GDP", year=2023).slug == "g60-gdp-2023"


class TestValidation:
    def test_enclave_home_city_must_differ_from_host(self):
        city = CityFactory()
        enclave = EnclaveFactory.build(home_city=city, host_city=city, slug="x")
        assert "host_city" in errors_of(enclave)

    def test_enclave_with_different_cities_is_valid(self):
        EnclaveFactory().full_clean()

    def test_founded_year_not_in_future(self):
        enterprise = EnterpriseFactory(founded_year=NEXT_YEAR)
        assert "founded_year" in errors_of(enterprise)

    def test_opened_on_and_milestone_date_not_in_future(self):
        tomorrow = timezone.localdate() + datetime.timedelta(days=1)
        assert "opened_on" in errors_of(EnclaveFactory(opened_on=tomorrow))
        assert "date" in errors_of(MilestoneFactory(date=tomorrow))

    @pytest.mark.parametrize(
        ("factory", "field", "value"),
        [
            (CityFactory, "area_km2", Decimal("-1")),
            (CityFactory, "population", -5),
            (ParkFactory, "area_km2", Decimal("-0.5")),
            (FundFactory, "size_amount", Decimal("-100")),
            (FundInvestmentFactory, "amount", Decimal("-1")),
        ],
    )
    def test_sizes_not_negative(self, factory, field, value):
        obj = factory()
        setattr(obj, field, value)
        assert field in errors_of(obj)

    @pytest.mark.parametrize(("field", "value"), [("latitude", "91"), ("longitude", "-181")])
    def test_coordinates_in_range(self, field, value):
        city = CityFactory()
        setattr(city, field, Decimal(value))
        assert field in errors_of(city)

    def test_coordinates_on_the_corridor_are_valid(self):
        CityFactory(latitude=Decimal("31.03243"), longitude=Decimal("121.22770")).full_clean()

    def test_credit_code_valid(self):
        validate_credit_code("91350100M000100Y43")
        validate_credit_code(make_credit_code(7))

    @pytest.mark.parametrize(
        "code",
        [
            "91350100M000100Y4",  # 17 characters
            "91350100M000100Y44",  # wrong check character
            "91350100M000100I43",  # I is not in the alphabet
            "9135X100M000100Y43",  # region code is not digits
        ],
    )
    def test_credit_code_invalid(self, code):
        with pytest.raises(ValidationError):
            validate_credit_code(code)

    def test_credit_code_unique_when_set(self):
        code = make_credit_code(1)
        EnterpriseFactory(credit_code=code)
        duplicate = EnterpriseFactory.build(credit_code=code, slug="dup", city=CityFactory())
        assert "__all__" in errors_of(duplicate)
        with pytest.raises(IntegrityError):
            EnterpriseFactory(credit_code=code)

    def test_blank_credit_codes_may_repeat(self):
        EnterpriseFactory(credit_code="")
        EnterpriseFactory(credit_code="")
        assert Enterprise.objects.filter(credit_code="").count() == 2

    def test_stock_code_needs_a_board(self):
        enterprise = EnterpriseFactory(stock_code="688001", listing_board=Enterprise.Board.UNLISTED)
        assert "listing_board" in errors_of(enterprise)
        enterprise.listing_board = Enterprise.Board.STAR
        enterprise.full_clean()

    def test_unpublish_must_follow_publish(self):
        item = NewsItemFactory()
        item.unpublish_at = item.publish_at - datetime.timedelta(hours=1)
        assert "unpublish_at" in errors_of(item)


class TestBehaviour:
    def test_str_and_urls(self):
        city = CityFactory(name="Hangzhou", name_zh_hans="杭州")
        assert str(city) == "Hangzhou"
        assert city.display_name == "Hangzhou (杭州)"
        assert city.get_absolute_url() == "/en/cities/hangzhou/"
        enterprise = EnterpriseFactory(name="Chint", city=city)
        assert enterprise.get_absolute_url() == "/en/enterprises/chint/"
        assert FundFactory(name="Fund A").get_absolute_url() == "/en/funds/fund-a/"
        milestone = MilestoneFactory(title="Nine cities", date=datetime.date(2018, 6, 1))
        assert milestone.get_absolute_url() == f"/en/about/#{milestone.slug}"
        assert str(FundInvestmentFactory(fund__name="F", enterprise__name="E")) == "F → E"

    def test_indicator_display_value_and_scope(self):
        figure = IndicatorFactory(value=Decimal("76200.0000"), unit="km²")
        assert figure.display_value == "76,200 km²"
        assert IndicatorFactory(value=Decimal("3.5500"), unit="%").display_value == "3.55%"
        assert IndicatorFactory(value=Decimal("9"), unit="").display_value == "9"
        assert str(figure.scope) == "Whole corridor"
        figure.city = CityFactory(name="Jinhua")
        assert figure.scope == "Jinhua"

    def test_rich_text_sanitised_on_save(self):
        item = NewsItemFactory(
            body='<p onclick="x()">Hi<script>alert(1)</script></p>'
            '<a href="javascript:alert(1)">bad</a>'
        )
        item.refresh_from_db()
        assert "script" not in item.body
        assert "onclick" not in item.body
        assert "javascript" not in item.body
        assert item.body.startswith("<p>Hi</p>")

    def test_updated_at_moves_on_save(self):
        city = CityFactory()
        before = city.updated_at
        city.save(update_fields=["name"])
        city.refresh_from_db()
        assert city.updated_at > before

    def test_state_labels(self):
        now = timezone.now()
        assert NewsItemFactory(status="draft").state == "draft"
        assert NewsItemFactory(publish_at=now + datetime.timedelta(days=1)).state == "scheduled"
        assert NewsItemFactory().state == "published"
        expired = NewsItemFactory(unpublish_at=now - datetime.timedelta(minutes=1))
        assert expired.state == "expired"

    def test_highlight_list_skips_blank_lines(self):
        enterprise = EnterpriseFactory(highlights="First\n\n  Second  \n")
        assert enterprise.highlight_list == ["First", "Second"]

    def test_orderings(self):
        assert City._meta.ordering == ("position", "name")
        assert NewsItem._meta.ordering == ("-publish_at",)
        assert Milestone._meta.ordering == ("date", "title")
        assert Indicator._meta.ordering[0] == "position"
        assert [str(o) for o in Fund._meta.ordering] == ["Lower(F(name))"]
