"""factory_boy factories for every model."""

import datetime

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from corridor import models
from corridor.validators import credit_code_check_char


def many_to_many(name):
    """A post-generation hook: ``Factory(industries=[...])`` sets that relation."""

    @factory.post_generation
    def hook(self, create, extracted, **kwargs):
        if create and extracted:
            getattr(self, name).set(extracted)

    return hook


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("correct horse battery staple")


class CityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.City

    name = factory.Sequence(lambda n: f"City {n}")
    province = models.Province.ZHEJIANG
    position = factory.Sequence(lambda n: n)


class IndustryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Industry

    name = factory.Sequence(lambda n: f"Industry {n}")


class PublishedFactory(factory.django.DjangoModelFactory):
    status = models.PublishableModel.Status.PUBLISHED
    publish_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))

    class Meta:
        abstract = True


class ParkFactory(PublishedFactory):
    industries = many_to_many("industries")

    class Meta:
        skip_postgeneration_save = True
        model = models.Park

    name = factory.Sequence(lambda n: f"Park {n}")
    city = factory.SubFactory(CityFactory)


class EnclaveFactory(PublishedFactory):
    industries = many_to_many("industries")

    class Meta:
        skip_postgeneration_save = True
        model = models.Enclave

    name = factory.Sequence(lambda n: f"Enclave {n}")
    home_city = factory.SubFactory(CityFactory)
    host_city = factory.SubFactory(CityFactory)


def make_credit_code(n):
    first17 = f"91310117{n:09d}"
    return first17 + credit_code_check_char(first17)


class EnterpriseFactory(PublishedFactory):
    class Meta:
        model = models.Enterprise
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Enterprise {n}")
    city = factory.SubFactory(CityFactory)

    industries = many_to_many("industries")


class FundFactory(PublishedFactory):
    class Meta:
        model = models.Fund

    name = factory.Sequence(lambda n: f"Fund {n}")


class FundInvestmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.FundInvestment

    fund = factory.SubFactory(FundFactory)
    enterprise = factory.SubFactory(EnterpriseFactory)


class NewsItemFactory(PublishedFactory):
    class Meta:
        model = models.NewsItem

    title = factory.Sequence(lambda n: f"News item {n}")
    body = "<p>Body.</p>"


class MilestoneFactory(PublishedFactory):
    class Meta:
        model = models.Milestone

    title = factory.Sequence(lambda n: f"Milestone {n}")
    date = datetime.date(2018, 6, 1)


class IndicatorFactory(PublishedFactory):
    class Meta:
        model = models.Indicator

    label = factory.Sequence(lambda n: f"Figure {n}")
    value = 100
    year = 2023


def member(role, name=None):
    """A member of staff in one of the roles (``roles.EDITORS`` …), named after it by default."""
    from django.contrib.auth.models import Group

    user = UserFactory(username=name or role.split()[0].lower(), is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    return user


def hidden_variants(factory, **kwargs):
    """A draft and a scheduled item made by ``factory``, neither of which a visitor may see."""
    return [
        factory(status="draft", **kwargs),
        factory(publish_at=timezone.now() + datetime.timedelta(days=1), **kwargs),
    ]
