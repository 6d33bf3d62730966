"""schema.org descriptions of the public pages, for search engines and other readers, as
JSON-LD: an ``Organization`` for an enterprise, a fund or an enclave, a ``Place`` for a city or
a park, a ``NewsArticle`` for a news item, a ``DefinedTerm`` for an industry, and an
``ItemList`` for a page of any list.

Each function takes what the page already shows (no query of its own) and the request, for
absolute addresses; ``item_list`` takes none, so that a list's description can be kept with
its cards (``{% keep %}``): its addresses are relative, which JSON-LD resolves against the page.
The texts are in the page's language, as the page shows them.
"""

from django.utils import translation

from .languages import bcp47
from .templatetags.languages import written_in

CONTEXT = "https://schema.org"


def _text(obj, field):
    return written_in(obj, field)[0]


def _absolute(request, path):
    return request.build_absolute_uri(path) if request is not None else path


def _named(type_, obj, request, field="name", **extra):
    data = {
        "@context": CONTEXT,
        "@type": type_,
        "name": _text(obj, field),
        "url": _absolute(request, obj.get_absolute_url()),
        "inLanguage": bcp47(translation.get_language()),
    }
    alternate = [
        getattr(obj, f"{field}_{code}", "")
        for code in ("en", "zh_hans")
        if getattr(obj, f"{field}_{code}", "") not in ("", data["name"])
    ]
    if alternate:
        data["alternateName"] = alternate[0]
    summary = _text(obj, "summary") if hasattr(obj, "summary") else ""
    if summary:
        data["description"] = summary
    data.update({key: value for key, value in extra.items() if value not in (None, "", [])})
    return data


def _city_place(city, request):
    return {
        "@type": "City",
        "name": _text(city, "name"),
        "url": _absolute(request, city.get_absolute_url()),
    }


def enterprise(item, request, industries=()):
    return _named(
        "Organization",
        item,
        request,
        foundingDate=str(item.founded_year) if item.founded_year else None,
        location=_city_place(item.city, request),
        sameAs=item.website or None,
        tickerSymbol=item.stock_code or None,
        knowsAbout=[_text(industry, "name") for industry in industries],
    )


def city(item, request):
    geo = None
    if item.latitude is not None and item.longitude is not None:
        geo = {
            "@type": "GeoCoordinates",
            "latitude": float(item.latitude),
            "longitude": float(item.longitude),
        }
    return _named("City", item, request, geo=geo)


def park(item, request):
    return _named("Place", item, request, containedInPlace=_city_place(item.city, request))


def enclave(item, request):
    return _named(
        "Organization",
        item,
        request,
        location=_city_place(item.host_city, request),
        parentOrganization={
            "@type": "GovernmentOrganization",
            "name": _text(item.home_city, "name"),
        },
        foundingDate=item.opened_on.isoformat() if item.opened_on else None,
    )


def fund(item, request):
    return _named("Organization", item, request, foundingDate=str(item.launched_year or "") or None)


def industry(item, request):
    return _named("DefinedTerm", item, request)


def article(item, request):
    data = {
        "@context": CONTEXT,
        "@type": "NewsArticle",
        "headline": _text(item, "title"),
        "url": _absolute(request, item.get_absolute_url()),
        "inLanguage": bcp47(translation.get_language()),
        "datePublished": item.publish_at.isoformat() if item.publish_at else None,
        "dateModified": item.updated_at.isoformat() if item.updated_at else None,
        "description": _text(item, "standfirst") or None,
    }
    if item.source_name:
        data["isBasedOn"] = {
            "@type": "NewsArticle",
            "publisher": {"@type": "Organization", "name": item.source_name},
            **({"url": item.source_url} if item.source_url else {}),
            **(
                {"datePublished": item.source_published_on.isoformat()}
                if item.source_published_on
                else {}
            ),
        }
    return {key: value for key, value in data.items() if value is not None}


def item_list(items, field="name"):
    """The items of one page of a list, in their order, by relative address."""
    return {
        "@context": CONTEXT,
        "@type": "ItemList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "url": item.get_absolute_url(),
                "name": _text(item, field),
            }
            for position, item in enumerate(items, start=1)
        ],
    }
