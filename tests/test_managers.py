"""The one published rule: drafts, scheduled and expired items never leak."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from corridor.models import Enclave, Enterprise, Fund, Indicator, Milestone, NewsItem, Park
from tests.factories import (
    EnclaveFactory,
    EnterpriseFactory,
    FundFactory,
    IndicatorFactory,
    MilestoneFactory,
    NewsItemFactory,
    ParkFactory,
)

pytestmark = pytest.mark.django_db

PUBLISHABLE = [
    (Park, ParkFactory),
    (Enclave, EnclaveFactory),
    (Enterprise, EnterpriseFactory),
    (Fund, FundFactory),
    (NewsItem, NewsItemFactory),
    (Milestone, MilestoneFactory),
    (Indicator, IndicatorFactory),
]


@pytest.mark.parametrize(("model", "factory"), PUBLISHABLE)
def test_published_excludes_drafts_scheduled_and_expired(model, factory):
    now = timezone.now()
    live = factory()
    factory(status="draft")
    factory(publish_at=now + datetime.timedelta(hours=1))
    factory(unpublish_at=now - datetime.timedelta(minutes=1))
    still_live = factory(unpublish_at=now + datetime.timedelta(days=1))
    assert set(model.objects.published()) == {live, still_live}


def test_scheduled_item_goes_live_at_its_time_without_a_job():
    start = timezone.now()
    item = NewsItemFactory(publish_at=start + datetime.timedelta(hours=2))
    assert item not in NewsItem.objects.published()
    assert item in NewsItem.objects.scheduled()
    with time_machine.travel(start + datetime.timedelta(hours=2, seconds=1)):
        assert item in NewsItem.objects.published()
        assert item not in NewsItem.objects.scheduled()


def test_unpublish_time_takes_item_down():
    start = timezone.now()
    item = NewsItemFactory(unpublish_at=start + datetime.timedelta(days=7))
    assert item in NewsItem.objects.published()
    with time_machine.travel(start + datetime.timedelta(days=7, seconds=1)):
        assert item not in NewsItem.objects.published()


def test_drafts_and_scheduled_helpers():
    draft = NewsItemFactory(status="draft")
    NewsItemFactory()
    assert list(NewsItem.objects.drafts()) == [draft]
    assert list(NewsItem.objects.scheduled()) == []


def test_natural_keys_round_trip():
    enterprise = EnterpriseFactory(name="Natural")
    assert Enterprise.objects.get_by_natural_key("natural") == enterprise
    assert enterprise.natural_key() == ("natural",)
