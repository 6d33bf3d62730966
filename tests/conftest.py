import pytest
from django.contrib.auth.models import Permission
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.utils import translation
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticDevice

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
    UserFactory,
    hidden_variants,
)


@pytest.fixture(autouse=True)
def empty_page_cache():
    """Each test starts with no cached page: a rolled-back test leaves no signal behind."""
    cache.clear()


@pytest.fixture
def launch_content(db):
    """The launch content, loaded the way the README's first command loads it."""
    call_command("loaddata", "launch", verbosity=0)


@pytest.fixture
def staff_with_perms(db):
    """A staff user holding the named permissions, e.g. staff_with_perms("change_enterprise")."""

    def make(*codenames):
        user = UserFactory(is_staff=True)
        user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
        return user

    return make


@pytest.fixture(autouse=True)
def second_step_with_force_login(monkeypatch):
    """``client.force_login(user)`` signs in past the second step too, as if the person had
    typed a code, so that tests of other things need not repeat it. Tests of the second step
    itself sign in with ``force_login(user, second_step=False)``."""
    original = Client.force_login

    def force_login(self, user, backend=None, second_step=True):
        original(self, user, backend)
        if second_step:
            device, _ = StaticDevice.objects.get_or_create(user=user, name="Test sign-in")
            session = self.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()

    monkeypatch.setattr(Client, "force_login", force_login)


@pytest.fixture(autouse=True)
def english_unless_a_test_says_otherwise(monkeypatch):
    """Each test starts in English, whatever the machine's locale or an earlier request chose:
    commands read the environment's language, and a request leaves its language active."""
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    translation.activate("en")
    yield
    translation.activate("en")


@pytest.fixture
def everything():
    """One visible item of each public list, beside a draft and a scheduled one (downloads and
    the API); the visible enterprise is in a park that is a draft."""
    city = CityFactory(name="Songjiang", slug="songjiang")
    industry = IndustryFactory(name="Biomedicine")
    visible = {
        "enterprises": EnterpriseFactory(
            name="Visible Co",
            city=city,
            industries=[industry],
            park=ParkFactory(name="Hidden draft park", slug="hidden-park", status="draft"),
        ),
        "news": NewsItemFactory(title="Visible news"),
        "parks": ParkFactory(name="Visible park", city=city),
        "enclaves": EnclaveFactory(name="Visible enclave"),
        "funds": FundFactory(name="Visible fund"),
        "milestones": MilestoneFactory(title="Visible milestone"),
        "figures": IndicatorFactory(label="Visible figure"),
    }
    hidden_variants(EnterpriseFactory, name="Hidden Co", city=city)
    hidden_variants(NewsItemFactory, title="Hidden news")
    hidden_variants(ParkFactory, name="Hidden park", city=city)
    hidden_variants(EnclaveFactory, name="Hidden enclave")
    hidden_variants(FundFactory, name="Hidden fund")
    hidden_variants(MilestoneFactory, title="Hidden milestone")
    hidden_variants(IndicatorFactory, label="Hidden figure")
    FundInvestmentFactory(fund=visible["funds"], enterprise=visible["enterprises"])
    for hidden_fund in hidden_variants(FundFactory, name="Hidden fund 2"):
        FundInvestmentFactory(fund=hidden_fund, enterprise=visible["enterprises"])
    for hidden_enterprise in hidden_variants(EnterpriseFactory, name="Hidden Co 2", city=city):
        FundInvestmentFactory(fund=visible["funds"], enterprise=hidden_enterprise)
    return visible


@pytest.fixture
def two_cities():
    """Five enterprises of one city and industry (founded 2001 to 2005, names mixing case),
    one of another city and one of another industry: for lists filtered as the directory is.
    Returns (the city, the other city, the industry)."""
    songjiang, suzhou = CityFactory(name="Songjiang"), CityFactory(name="Suzhou")
    bio, chips = IndustryFactory(name="Biomedicine"), IndustryFactory(name="Chips")
    for year, name in enumerate(["delta", "Alpha", "charlie", "Bravo", "echo"], start=2001):
        EnterpriseFactory(name=name, city=songjiang, industries=[bio], founded_year=year)
    EnterpriseFactory(name="Other city", city=suzhou, industries=[bio])
    EnterpriseFactory(name="Other industry", city=songjiang, industries=[chips])
    return songjiang, suzhou, bio
