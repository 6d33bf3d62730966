"""Every changelist fits a 1280-pixel screen: no column is cut off."""

import pytest

from corridor import registry
from corridor.roles import PUBLISHERS
from tests.browser.conftest import sign_in
from tests.factories import member

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_changelists_fit_1280_pixels(site, browser, screenshot):
    member(PUBLISHERS, name="publisher")
    page = sign_in(browser, site, "publisher", viewport={"width": 1280, "height": 800})
    cut = {}
    for model in registry.models():
        opts = model._meta
        page.goto(f"{site}/admin/{opts.app_label}/{opts.model_name}/")
        overflow = page.evaluate(
            """() => {
              const table = document.querySelector('#result_list');
              if (!table) return null;
              const box = table.closest('.results') || table.parentElement;
              return {table: table.scrollWidth, room: box.clientWidth,
                      page: document.documentElement.scrollWidth};
            }"""
        )
        if overflow and (overflow["table"] > overflow["room"] or overflow["page"] > 1280):
            cut[opts.model_name] = overflow
            screenshot(page, f"admin_{opts.model_name}_changelist_1280")
    assert cut == {}
