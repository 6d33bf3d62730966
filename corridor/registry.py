"""The content models, named once.

Everything that goes through all the kinds of content reads this list: the roles and their
permissions, the spreadsheet resources and commands, search, the sitemaps and the admin's index.
Names, not classes, so that a migration can read it before the models are loaded; ``models()``
gives the classes.

- ``plural``: the word for the kind in command-line arguments, sitemap sections and search;
- ``pages``: it has public pages (a list and profiles), so the sitemap lists it, as often as
  ``changefreq`` says.

``SEARCHED`` is what site search looks through, in the order it shows results; each of those
models says which of its fields are searched (``search_names``, ``search_texts``).

Whether a kind is drafted and published is the model's own business (``PublishableModel``);
``publishable()`` asks the classes.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Content:
    name: str
    plural: str
    pages: bool = True
    aliases: tuple = ()
    changefreq: str = "monthly"


CONTENT = (
    Content("city", "cities"),
    Content("industry", "industries"),
    Content("park", "parks"),
    Content("enclave", "enclaves"),
    Content("enterprise", "enterprises"),
    Content("fund", "funds"),
    Content("fundinvestment", "investments", pages=False, aliases=("fundinvestments",)),
    Content("newsitem", "news", changefreq="daily"),
    Content("milestone", "milestones", pages=False),
    Content("indicator", "figures", pages=False, aliases=("indicators", "keyfigures")),
)
NAMES = tuple(content.name for content in CONTENT)
SEARCHED = ("enterprise", "newsitem", "city", "park", "enclave", "fund")


def models(apps=None):
    """The content model classes, in the order above (``apps``: a migration's historical apps)."""
    if apps is None:
        from django.apps import apps
    return [apps.get_model("corridor", name) for name in NAMES]


def publishable(apps=None):
    """The content models editors draft and publishers publish."""
    return [model for model in models(apps) if hasattr(model, "status")]


def publishable_names():
    return [model._meta.model_name for model in publishable()]


def with_pages():
    """``(content, model)`` for each kind with public pages."""
    return [(c, model) for c, model in zip(CONTENT, models(), strict=True) if c.pages]


def searched():
    """``(content, model)`` for each kind site search looks through, in its order."""
    from django.apps import apps

    by_name = {content.name: content for content in CONTENT}
    return [(by_name[name], apps.get_model("corridor", name)) for name in SEARCHED]


def find(word):
    """The content named by ``word``: ``enterprise``, ``enterprises``, ``Enterprise`` …"""
    key = (word or "").strip().lower().replace("-", "").replace("_", "")
    for content in CONTENT:
        if key in (content.name, content.plural, *content.aliases):
            return content
    return None
