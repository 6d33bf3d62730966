"""RSS and Atom feeds of published news: all of it, or one city's or one industry's."""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .languages import bcp47
from .models import City, Industry, NewsItem

FEED_LENGTH = 30
SCOPES = {"city": (City, "cities"), "industry": (Industry, "industries")}


class NewsFeed(Feed):
    feed_type = Rss201rev2Feed

    @property
    def language(self):
        """The language of the feed's address (/en/… or /zh-hans/…)."""
        return bcp47(get_language())

    def get_object(self, request, scope=None, slug=None):
        if scope is None:
            return None
        model, _relation = SCOPES[scope]
        return get_object_or_404(model, slug=slug)

    def title(self, obj):
        if obj is None:
            return _("G60 Science and Technology Innovation Corridor: news")
        return _("G60 Corridor news: %(name)s") % {"name": obj.name}

    def link(self, obj):
        if obj is None:
            return reverse("corridor:news_list")
        return obj.get_absolute_url()

    def description(self, obj):
        if obj is None:
            return _(
                "News from the nine cities of the G60 Science and Technology Innovation Corridor."
            )
        return _("News about %(name)s from the G60 Science and Technology Innovation Corridor.") % {
            "name": obj.name
        }

    subtitle = description

    def items(self, obj):
        items = NewsItem.objects.published().prefetch_related("industries")
        if obj is not None:
            relation = SCOPES["city" if isinstance(obj, City) else "industry"][1]
            items = items.filter(**{relation: obj})
        return items[:FEED_LENGTH]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.standfirst or item.title

    def item_pubdate(self, item):
        return item.publish_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return item.byline or None

    def item_categories(self, item):
        return [industry.name for industry in item.industries.all()]


class AtomNewsFeed(NewsFeed):
    feed_type = Atom1Feed
