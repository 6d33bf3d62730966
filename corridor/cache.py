"""The page cache for anonymous visitors, and what clears it.

A public page is rendered once per *content generation* and served from the shared cache
(Redis with ``REDIS_URL``, otherwise files every worker reads) until content changes. The
rule:

- **Any change to content starts a new generation**: a save, a delete, a change of links, a
  ``queryset.update()`` (a changelist action), a bulk write (imports), an undo or a revert all
  call ``content_changed()``, through the model signals or ``ContentQuerySet``. Pages are
  stored under their generation, so pages of an older one are never served again.
- **Scheduled publishing is a change too.** Each generation knows when the next item is due
  to go live or come down; no page is kept past that moment, and when it comes, a new
  generation starts (so ``Last-Modified`` moves with it).
- Pages are kept per language and per query string, for visitors without a session (staff
  always see the live page), and only answers that are the same for every such visitor: a 200
  with no cookie and no ``private`` or ``no-store``.

Each page carries an ``ETag`` and a ``Last-Modified`` (Django's ``ConditionalGetMiddleware``,
just above this one, answers 304 from them) and a ``Cache-Control`` that lets browsers and a
shared proxy keep it briefly: ``PAGE_BROWSER_SECONDS``, and never past the next scheduled
change.
"""

import hashlib
import secrets
import time
from datetime import UTC

from django.conf import settings
from django.core.cache import caches
from django.db import DatabaseError, connections, transaction
from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.dateparse import parse_datetime
from django.utils.http import http_date

GENERATION_KEY = "pages:generation"
# How long figures kept by ``for_this_generation`` last at most, page cache or not.
DATA_SECONDS = 3600
# Paths that are never cached: staff pages, files, the language switch (it sets a cookie), and
# the API, whose every request its rate limit counts (it answers 304 by itself).
UNCACHED_PREFIXES = ("/admin/", "/static/", "/media/", "/language/", "/api/")
# Headers a cached page keeps; the rest (security, content policy) are added on each answer.
KEPT_HEADERS = (
    "Content-Type",
    "Content-Language",
    "ETag",
    "Last-Modified",
    "Cache-Control",
    "Vary",
    "X-Frame-Options",
    "Link",
)


def page_cache():
    return caches[getattr(settings, "PAGE_CACHE_ALIAS", "default")]


def enabled():
    return getattr(settings, "PAGE_CACHE_SECONDS", 0) > 0


# --- Generations -------------------------------------------------------------------------------


def new_generation(at=None):
    """A generation label that no earlier one shares: its start time, and a random tail."""
    moment = at if at is not None else time.time()
    return f"{moment:.6f}-{secrets.token_hex(4)}"


def generation_started(generation):
    return float(generation.split("-", 1)[0])


def start_generation(at=None):
    generation = new_generation(at)
    page_cache().set(GENERATION_KEY, generation, None)
    return generation


# Whether this process has stored a page (or figures) since it last started a generation: they
# may show writes of a transaction not committed yet (the same connection sees its own writes).
_stored_since_change = False


def _stored():
    global _stored_since_change
    _stored_since_change = True


def _committed():
    start_generation()


def content_changed():
    """Every cached page is stale from now on.

    Outside a transaction, a new generation starts at once. Inside one, it starts when the
    transaction commits (once, however many rows it writes: before that, other connections
    still see the old content), and at once too if this process has stored a page since, as
    that page may show writes not yet committed."""
    global _stored_since_change
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        start_generation()
        _stored_since_change = False
        return
    if not any(callback is _committed for _, callback, _ in connection.run_on_commit):
        transaction.on_commit(_committed)
    if _stored_since_change:
        start_generation()
        _stored_since_change = False


def content_saved(sender, raw=False, **kwargs):
    """Receives every model signal: content of this app (not its history) starts a new
    generation."""
    if kwargs.get("action", "post_").startswith("pre_"):  # links about to change: not yet
        return
    if sender._meta.app_label == "corridor" and not sender.__name__.startswith("Historical"):
        content_changed()


def next_scheduled_change(now=None):
    """The first moment after ``now`` at which an item goes live or comes down, or None.

    One query: the smallest of each publishable table's next publish and unpublish times,
    each read from the end of an index (``publishable_indexes``)."""
    from . import registry

    now = now or timezone.now()
    connection = connections["default"]
    quote = connection.ops.quote_name
    parts, params = [], []
    for model in registry.publishable():
        opts = model._meta
        for name in ("publish_at", "unpublish_at"):
            column = quote(opts.get_field(name).column)
            status = quote(opts.get_field("status").column)
            parts.append(
                f"SELECT MIN({column}) AS moment FROM {quote(opts.db_table)} "
                f"WHERE {status} = %s AND {column} > %s"
            )
            params += [model.Status.PUBLISHED, connection.ops.adapt_datetimefield_value(now)]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT MIN(moment) FROM ({' UNION ALL '.join(parts)}) moments", params)
        moment = cursor.fetchone()[0]
    if isinstance(moment, str):  # SQLite hands back the stored text
        moment = parse_datetime(moment)
    if moment is not None and timezone.is_naive(moment):
        moment = timezone.make_aware(moment, UTC)
    return moment


def current_generation():
    """``(generation, next scheduled change as a timestamp or None)``, starting a new
    generation when a scheduled change has come since."""
    cache = page_cache()
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        # Lost (a cache restart or eviction): a new one, so nothing older can be served.
        cache.add(GENERATION_KEY, new_generation(), None)
        generation = cache.get(GENERATION_KEY) or new_generation()
    schedule = _schedule_of(generation)
    if schedule and schedule[0] <= time.time():
        # The moment came: what visitors may see changed without anyone saving.
        generation = start_generation(at=schedule[0])
        schedule = _schedule_of(generation)
    return generation, (schedule[0] if schedule else None)


# A generation's schedule never changes, so each process keeps the ones it has read.
_schedules = {}


def _schedule_of(generation):
    """``(next scheduled change,)`` or ``()`` as of the generation's start: from this
    process's memory, else from the shared cache, else from the database."""
    schedule = _schedules.get(generation)
    if schedule is not None:
        return schedule
    key = f"pages:schedule:{generation}"
    cache = page_cache()
    schedule = cache.get(key)
    if schedule is None:
        moment = next_scheduled_change()
        schedule = (moment.timestamp(),) if moment else ()
        cache.set(key, schedule, DATA_SECONDS)
    if len(_schedules) > 100:
        _schedules.clear()
    _schedules[generation] = schedule
    return schedule


def for_this_generation(name, parts, compute):
    """``compute()``, kept in the shared cache until content changes (or the next scheduled
    change): for figures that are slow to count and the same for every visitor, such as the
    directory's facet counts for one set of filters."""
    try:
        generation, next_change = current_generation()
    except DatabaseError:
        return compute()
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()
    key = f"data:{name}:{generation}:{digest}"
    cache = page_cache()
    value = cache.get(key)
    if value is None:
        value = compute()
        seconds = PageCacheMiddleware.seconds_left(next_change, DATA_SECONDS)
        if seconds > 0:
            cache.set(key, value, seconds)
            _stored()
    return value


# --- The middleware ----------------------------------------------------------------------------


def has_session(request):
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies


def is_cacheable_request(request):
    return (
        request.method in ("GET", "HEAD")
        and not request.path.startswith(UNCACHED_PREFIXES)
        and not has_session(request)
    )


def is_cacheable_response(response):
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    cache_control = response.get("Cache-Control", "")
    return not any(word in cache_control for word in ("private", "no-cache", "no-store"))


def page_key(generation, request):
    """The cache key of the page: its generation, language, path and query string."""
    language = translation.get_language_from_path(
        request.path_info
    ) or translation.get_language_from_request(request)
    address = f"{request.get_host()}|{language}|{request.get_full_path()}"
    digest = hashlib.sha256(address.encode()).hexdigest()
    return f"pages:page:{generation}:{digest}"


class PageCacheMiddleware:
    """Serves anonymous visitors' pages from the shared cache (see the module's rule)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not enabled() or not is_cacheable_request(request):
            response = self.get_response(request)
            if has_session(request):
                patch_cache_control(response, private=True)
            return response
        try:
            generation, next_change = current_generation()
        except DatabaseError:  # no schedule to go by (a database not yet migrated): no cache
            return self.get_response(request)
        key = page_key(generation, request)
        stored = page_cache().get(key)
        if stored is not None:
            return self.rebuild(stored, next_change)
        response = self.get_response(request)
        if is_cacheable_response(response):
            self.store(key, response, generation, next_change)
        return response

    @staticmethod
    def seconds_left(next_change, limit):
        if next_change is None:
            return limit
        return max(0, min(limit, int(next_change - time.time())))

    def store(self, key, response, generation, next_change):
        seconds = self.seconds_left(next_change, settings.PAGE_CACHE_SECONDS)
        if not response.has_header("ETag"):
            digest = hashlib.md5(response.content, usedforsecurity=False).hexdigest()
            response["ETag"] = f'"{digest}"'
        response["Last-Modified"] = http_date(generation_started(generation))
        self.browser_headers(response, next_change)
        patch_vary_headers(response, ("Cookie",))
        if seconds > 0:
            headers = [(name, response[name]) for name in KEPT_HEADERS if response.has_header(name)]
            page_cache().set(key, (response.content, headers), seconds)
            _stored()

    @staticmethod
    def browser_headers(response, next_change):
        seconds = PageCacheMiddleware.seconds_left(next_change, settings.PAGE_BROWSER_SECONDS)
        patch_cache_control(response, public=True, max_age=seconds)

    def rebuild(self, stored, next_change):
        content, headers = stored
        response = HttpResponse(content)
        for name, value in headers:
            response[name] = value
        # The browser's share is counted from now, and never past the next scheduled change.
        del response["Cache-Control"]
        self.browser_headers(response, next_change)
        return response
