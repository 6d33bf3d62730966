"""The public page types, named once for the page audit (``audit/run.py``) and the browser
tests (``tests/browser/test_pages.py``), and one address of each, picked from the published
content of the database at hand.

A page type whose route does not exist is left out of ``available()`` and named by it, so that
a page added later (the city comparison) is checked from the day its route appears.

Run as ``python -m audit.pages [name ...]`` with Django's settings in the environment, it
prints the addresses as JSON: ``{"pages": [{"name", "language", "path"}], "missing": [...]}``.
"""

import json
import sys
from dataclasses import dataclass
from urllib.parse import urlencode

# A search that matches nothing in any language: the shortest page a visitor can reach.
NO_RESULTS_QUERY = "qzxjvqzxjv"


@dataclass(frozen=True)
class PageType:
    """One kind of public page.

    - ``route``: its URL name;
    - ``model``: for a profile, the content model whose first published item it shows;
    - ``chinese``: it is also checked in Chinese (pages whose length or layout the language
      changes most).
    """

    name: str
    route: str
    model: str = ""
    chinese: bool = False


PAGE_TYPES = (
    PageType("home", "corridor:home", chinese=True),
    PageType("about", "corridor:about"),
    PageType("search", "corridor:search", chinese=True),
    PageType("search_no_results", "corridor:search"),
    PageType("city_list", "corridor:city_list"),
    PageType("city_detail", "corridor:city_detail", model="city", chinese=True),
    PageType("industry_list", "corridor:industry_list"),
    PageType("industry_detail", "corridor:industry_detail", model="industry"),
    PageType("enterprise_list", "corridor:enterprise_list", chinese=True),
    PageType("enterprise_detail", "corridor:enterprise_detail", model="enterprise", chinese=True),
    PageType("park_list", "corridor:park_list"),
    PageType("park_detail", "corridor:park_detail", model="park"),
    PageType("enclave_list", "corridor:enclave_list"),
    PageType("enclave_detail", "corridor:enclave_detail", model="enclave"),
    PageType("fund_list", "corridor:fund_list"),
    PageType("fund_detail", "corridor:fund_detail", model="fund"),
    PageType("news_list", "corridor:news_list"),
    PageType("news_detail", "corridor:news_detail", model="newsitem", chinese=True),
    PageType("compare", "corridor:compare"),
    PageType("data", "corridor:data", chinese=True),
)
BY_NAME = {page_type.name: page_type for page_type in PAGE_TYPES}
LANGUAGES = ("en", "zh-hans")


def route_exists(route):
    """Whether the URL name ``route`` is defined, with or without a slug."""
    from django.urls import NoReverseMatch, reverse

    for kwargs in ({}, {"slug": "x"}):
        try:
            reverse(route, kwargs=kwargs)
        except NoReverseMatch:
            continue
        return True
    return False


def available(names=None):
    """``(page types whose route exists, names of those whose route does not)``, in the order
    of ``PAGE_TYPES``; ``names`` restricts both to those page types."""
    unknown = set(names or ()) - set(BY_NAME)
    if unknown:
        raise ValueError(
            f"unknown page types: {', '.join(sorted(unknown))}; known: {', '.join(BY_NAME)}"
        )
    chosen = [p for p in PAGE_TYPES if not names or p.name in names]
    present = [p for p in chosen if route_exists(p.route)]
    return present, [p.name for p in chosen if p not in present]


def variants(page_types):
    """``(page type, language)`` for each page type in English, and in Chinese where asked."""
    return [
        (page_type, language)
        for page_type in page_types
        for language in LANGUAGES
        if language == "en" or page_type.chinese
    ]


def published(model_name):
    from django.apps import apps

    return apps.get_model("corridor", model_name)._default_manager.published()


def first_published(model_name):
    item = published(model_name).first()
    if item is None:
        raise LookupError(f"no published {model_name} to show: load the launch content first")
    return item


def address(page_type, language="en"):
    """The path (and query string) of one page of ``page_type`` in ``language``."""
    from django.urls import reverse
    from django.utils import translation

    with translation.override(language):
        if page_type.model:
            return first_published(page_type.model).get_absolute_url()
        path = reverse(page_type.route)
        if page_type.name == "search":
            # The name of the enterprise the profile shows, as a visitor would type it.
            query = {"q": first_published("enterprise").name}
        elif page_type.name == "search_no_results":
            query = {"q": NO_RESULTS_QUERY}
        elif page_type.name == "compare":
            # Three member cities, one parameter each, as the directory's filters ask.
            cities = published("city").filter(is_member=True)[:3]
            query = [("cities", city.slug) for city in cities]
        else:
            query = None
        return f"{path}?{urlencode(query)}" if query else path


def main(names):
    import django

    django.setup()
    present, missing = available(names)
    pages = [
        {"name": page_type.name, "language": language, "path": address(page_type, language)}
        for page_type, language in variants(present)
    ]
    json.dump({"pages": pages, "missing": missing}, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main(sys.argv[1:])
