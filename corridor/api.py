"""The read-only API at ``/api/v1/``: every public list and item, as the open-data downloads
give them (``corridor.opendata``), with an OpenAPI 3 schema at ``/api/schema/`` and its
documentation at ``/api/docs/``.

Built on Django REST framework with drf-spectacular: DRF's django-filter backend reads the very
FilterSets of the directory pages, so a list has the page's filters, and drf-spectacular writes
their parameters into the schema; DRF throttles in Django's cache, the one every worker shares.

- **Published items only**, as on the pages: a draft or scheduled item is absent from every
  list and its address answers 404; links to one (a draft park) are empty.
- **Pagination by keyset** (``KeysetPagination``): a page starts after the sort keys of the
  last item of the one before, carried in a signed ``cursor``, so the millionth row costs what
  the first does, and an item saved meanwhile never shifts a page.
- **ETag and Last-Modified** from the content generation (``corridor.cache``): any change to
  content, or a scheduled publication coming due, changes both; ``If-None-Match`` and
  ``If-Modified-Since`` answer 304 without reading the database.
- **A rate limit for anonymous clients** (``API_RATE_LIMIT``), counted in the shared cache,
  answers 429 with ``Retry-After``. Every client is anonymous: the API reads what visitors read.
- **GET-only CORS** (django-cors-headers, ``CORS_URLS_REGEX``).
"""

import datetime
import hashlib
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core import signing
from django.db import models
from django.db.models import F, OrderBy, Q, Value
from django.http import Http404, JsonResponse
from django.urls import path, reverse
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.defaults import page_not_found
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework import exceptions, generics, serializers
from rest_framework.pagination import BasePagination
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param
from rest_framework.views import APIView

from . import opendata
from .cache import PageCacheMiddleware, current_generation, generation_started

VERSION = "v1"
LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


# --- Keyset pagination --------------------------------------------------------------------------


def may_be_null(model, expression):
    """Whether ``expression`` (a sort key) can be NULL on ``model``'s rows: a field that
    allows it or is reached through a link that does (a LEFT JOIN), or a function of one."""
    if isinstance(expression, F):
        return model_field(model, expression.name)[1]
    if isinstance(expression, Value):
        return expression.value is None
    sources = expression.get_source_expressions()
    return not sources or any(may_be_null(model, source) for source in sources)


@dataclass(frozen=True)
class Key:
    """One sort key: its expression, its direction, whether it can be NULL, and if so whether
    NULLs come after the other values. Where an ordering does not say, NULLs sort as
    PostgreSQL's indexes keep them (after on the way up, first on the way down) on every
    database."""

    alias: str
    expression: object
    descending: bool
    nullable: bool
    nulls_after: bool

    @classmethod
    def of(cls, model, number, item):
        if isinstance(item, str):
            descending, name = item.startswith("-"), item.lstrip("-")
            expression, nulls_first, nulls_last = F(name), None, None
        elif isinstance(item, OrderBy):
            expression, descending = item.expression, item.descending
            nulls_first, nulls_last = item.nulls_first, item.nulls_last
        else:
            expression, descending, nulls_first, nulls_last = item, False, None, None
        if nulls_last:
            nulls_after = True
        elif nulls_first:
            nulls_after = False
        else:
            nulls_after = not descending
        nullable = may_be_null(model, expression)
        return cls(f"keyset_{number}", expression, descending, nullable, nulls_after)

    def reversed(self):
        return Key(
            self.alias, self.expression, not self.descending, self.nullable, not self.nulls_after
        )

    def order_by(self):
        nulls = {"nulls_last": True} if self.nulls_after else {"nulls_first": True}
        return OrderBy(F(self.alias), descending=self.descending, **nulls)

    def empty(self):
        return Q(**{f"{self.alias}__isnull": True})

    def beyond(self, value):
        """Rows whose key has a value past ``value`` (never NULL)."""
        return Q(**{f"{self.alias}__{'lt' if self.descending else 'gt'}": value})

    def from_(self, value):
        """Rows whose key is ``value`` or past it: the bound an index is read from."""
        return Q(**{f"{self.alias}__{'lte' if self.descending else 'gte'}": value})


def after(keys, values):
    """The condition "sorts after ``values``" on ``keys``, as one condition."""
    key, value, rest = keys[0], values[0], keys[1:]
    if value is None:
        if key.nulls_after:  # among the last: only other empties can follow
            return key.empty() & after(rest, values[1:]) if rest else Q(pk__in=[])
        return ~key.empty() | (key.empty() & after(rest, values[1:])) if rest else ~key.empty()
    beyond = key.beyond(value)
    if key.nullable and key.nulls_after:
        beyond |= key.empty()
    if not rest:
        return beyond
    return beyond | (Q(**{key.alias: value}) & after(rest, values[1:]))


def segments(keys, values):
    """What sorts after ``values`` on ``keys``, as conditions each read in turn until a page is
    full: each reads an index on the first key in one range. Past a value, the rows from it on
    (its ties, then the values beyond); then, where NULLs come after, the NULLs. Past a NULL,
    its ties; then, where NULLs come first, every value."""
    key, value, rest = keys[0], values[0], keys[1:]
    ties = after(rest, values[1:]) if rest else Q(pk__in=[])
    if value is None:
        found = [key.empty() & ties]
        if not key.nulls_after:
            found.append(~key.empty())
        return found
    found = [key.from_(value) & (key.beyond(value) | (Q(**{key.alias: value}) & ties))]
    if key.nullable and key.nulls_after:
        found.append(key.empty())
    return found


def plain(value):
    """A sort key's value as the cursor carries it (JSON)."""
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


class KeysetPagination(BasePagination):
    """Pages of ``page_size`` items (at most ``max_page_size``) in a total order (the list's,
    ending in the primary key), each starting after the keys of the item before it.

    The ``cursor`` is signed: a client cannot forge one, and one made for another order is
    refused. ``next`` and ``previous`` are full addresses, also sent as a ``Link`` header."""

    page_size = 50
    max_page_size = 200
    cursor_query_param = "cursor"
    page_size_query_param = "page_size"
    salt = "corridor.api.cursor"
    invalid = _("This cursor is not one this list gave, or was made for another order.")

    def page_size_of(self, request):
        given = request.query_params.get(self.page_size_query_param)
        if given in (None, ""):
            return self.page_size
        try:
            size = int(given)
        except ValueError:
            size = 0
        if not 1 <= size <= self.max_page_size:
            raise exceptions.ValidationError(
                {
                    self.page_size_query_param: [
                        _("Ask for 1 to %(most)s items a page.") % {"most": self.max_page_size}
                    ]
                }
            )
        return size

    def decode(self, request, order):
        given = request.query_params.get(self.cursor_query_param)
        if not given:
            return None
        try:
            cursor = signing.loads(given, salt=self.salt)
            if cursor["o"] != order or not isinstance(cursor["v"], list):
                raise ValueError
        except (signing.BadSignature, ValueError, KeyError, TypeError):
            raise exceptions.ValidationError({self.cursor_query_param: [self.invalid]}) from None
        return cursor

    def encode(self, order, values, before=False):
        payload = {"o": order, "v": [plain(value) for value in values]}
        if before:
            payload["b"] = 1
        return signing.dumps(payload, salt=self.salt, compress=True)

    def paginate(self, queryset, ordering, paths, request, order=""):
        """The page's rows of ``queryset`` (model instances' query, filtered), as dicts of
        ``paths``, in ``ordering``; ``order`` names the ordering in cursors."""
        self.request = request
        size = self.page_size_of(request)
        cursor = self.decode(request, order)
        keys = [Key.of(queryset.model, number, item) for number, item in enumerate(ordering)]
        queryset = queryset.annotate(**{key.alias: key.expression for key in keys})
        before = bool(cursor and cursor.get("b"))
        walk = [key.reversed() for key in keys] if before else keys
        if cursor and len(cursor["v"]) != len(keys):
            raise exceptions.ValidationError({self.cursor_query_param: [self.invalid]})
        aliases = [key.alias for key in keys]
        ordered = queryset.order_by(*(key.order_by() for key in walk))
        rows = []
        for condition in segments(walk, cursor["v"]) if cursor else [Q()]:
            wanted = size + 1 - len(rows)
            rows += ordered.filter(condition).values(*paths, *aliases)[:wanted]
            if len(rows) > size:
                break
        more = len(rows) > size
        rows = rows[:size]
        if before:
            rows.reverse()
        self.next = self.previous = None
        if rows:
            first = [rows[0][alias] for alias in aliases]
            last = [rows[-1][alias] for alias in aliases]
            if more or before:
                self.next = self.encode(order, last)
            if cursor and (more or not before):
                self.previous = self.encode(order, first, before=True)
        elif cursor and not before:
            # Past the end: the way back starts from the cursor's own position.
            self.previous = self.encode(order, cursor["v"], before=True)
        return rows

    def link(self, cursor):
        if cursor is None:
            return None
        url = self.request.build_absolute_uri()
        return replace_query_param(url, self.cursor_query_param, cursor)

    def get_paginated_response(self, data):
        links = {"next": self.link(self.next), "previous": self.link(self.previous)}
        response = Response({**links, "results": data})
        found = [f'<{url}>; rel="{rel}"' for rel, url in links.items() if url]
        if found:
            response["Link"] = ", ".join(found)
        return response

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["next", "previous", "results"],
            "properties": {
                "next": {
                    "type": "string",
                    "format": "uri",
                    "nullable": True,
                    "description": "The next page, or null on the last.",
                },
                "previous": {
                    "type": "string",
                    "format": "uri",
                    "nullable": True,
                    "description": "The page before, or null on the first.",
                },
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.cursor_query_param,
                "in": "query",
                "required": False,
                "description": "Where a page starts: copy it from `next` or `previous`.",
                "schema": {"type": "string"},
            },
            {
                "name": self.page_size_query_param,
                "in": "query",
                "required": False,
                "description": f"Items a page (default {self.page_size}).",
                "schema": {"type": "integer", "minimum": 1, "maximum": self.max_page_size},
            },
        ]


# --- Serializers (for the schema: what each column holds) --------------------------------------


def model_field(model, path):
    """The model field at ``path`` (``city__slug``), and whether the value may be empty."""
    empty = False
    field = None
    for part in path.split("__"):
        field = model._meta.pk if part == "pk" else model._meta.get_field(part)
        empty = empty or field.null
        if field.is_relation:
            model = field.related_model
    return field, empty


SOURCE_FIELDS = {
    "source:name": serializers.CharField,
    "source:url": serializers.URLField,
    "source:date": serializers.DateField,
    "source:article": serializers.URLField,
    "source:verified_on": serializers.DateField,
}
# Decimals are strings without padding zeros ("3.55"), as in the JSON downloads.
FIELDS_BY_TYPE = {
    models.BooleanField: serializers.BooleanField,
    models.IntegerField: serializers.IntegerField,
    models.PositiveIntegerField: serializers.IntegerField,
    models.PositiveSmallIntegerField: serializers.IntegerField,
    models.SmallIntegerField: serializers.IntegerField,
    models.BigIntegerField: serializers.IntegerField,
    models.FloatField: serializers.FloatField,
    models.DecimalField: serializers.CharField,
    models.DateField: serializers.DateField,
    models.DateTimeField: serializers.DateTimeField,
    models.SlugField: serializers.SlugField,
}


def serializer_field(dataset, column):
    """A read-only DRF field describing ``column``'s JSON value (``Column.json``)."""
    options = {"read_only": True, "help_text": column.header}
    if column.kind in SOURCE_FIELDS:
        return SOURCE_FIELDS[column.kind](allow_null=True, **options)
    if column.kind == "address":
        return serializers.URLField(**options)
    if column.kind == "slugs":
        return serializers.ListField(child=serializers.SlugField(), **options)
    if column.link:
        return serializers.SlugField(allow_null=True, **options)
    if column.kind == "choice":
        found, empty = model_field(dataset.model, column.key)
        choices = [key for key, _label in found.flatchoices]
        return serializers.ChoiceField(
            choices=choices, allow_null=empty, allow_blank=found.blank, **options
        )
    found, empty = model_field(dataset.model, column.paths[0])
    kind = FIELDS_BY_TYPE.get(type(found), serializers.CharField)
    return kind(allow_null=empty, **options)


class DatasetSerializer(serializers.Serializer):
    """A row of a dataset as its JSON download writes it (``Dataset.record``)."""

    dataset = None

    def to_representation(self, instance):
        return self.dataset.record(instance, self.context["request"].build_absolute_uri)


def serializer_for(dataset):
    fields = {column.key: serializer_field(dataset, column) for column in dataset.columns}
    name = dataset.model.__name__
    attributes = {"dataset": dataset, "__doc__": str(dataset.description), **fields}
    return type(name, (DatasetSerializer,), attributes)


class ProblemSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="What went wrong.")


INVALID = OpenApiResponse(
    {
        "type": "object",
        "additionalProperties": {"type": "array", "items": {"type": "string"}},
    },
    description="A parameter could not be read: each one's problems, by name.",
)
PROBLEM = OpenApiResponse(ProblemSerializer, description="The problem, in words.")
NOT_MODIFIED = OpenApiResponse(description="Unchanged since the ETag or date the client sent.")
THROTTLED = OpenApiResponse(
    ProblemSerializer, description="Too many requests: wait the seconds `Retry-After` says."
)


# --- Views --------------------------------------------------------------------------------------


class ConditionalMixin:
    """ETag and Last-Modified from the content generation; 304 before any query is read."""

    def validators(self, request):
        generation, next_change = current_generation()
        language = translation.get_language()
        digest = hashlib.sha256(
            f"{generation}|{language}|{request.get_full_path()}".encode()
        ).hexdigest()[:32]
        return f'"{digest}"', generation_started(generation), next_change

    def get(self, request, *args, **kwargs):
        etag, modified, next_change = self.validators(request)
        response = get_conditional_response(request, etag=etag, last_modified=int(modified))
        if response is None:
            response = self.answer(request, *args, **kwargs)
        if response.status_code in (200, 304):
            response["ETag"] = etag
            response["Last-Modified"] = http_date(modified)
            PageCacheMiddleware.browser_headers(response, next_change)
        patch_vary_headers(response, ("Accept-Language",))
        return response


class DatasetListView(ConditionalMixin, generics.ListAPIView):
    """A dataset's published items, filtered as its page is, a page at a time."""

    dataset = None
    pagination_class = KeysetPagination

    @property
    def filterset_class(self):
        return self.dataset.filterset_class

    @property
    def filter_backends(self):
        return [DjangoFilterBackend] if self.dataset.filterset_class else []

    def get_queryset(self):
        return self.dataset.published()

    def answer(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        order = request.query_params.get("order", "") if self.filterset_class else ""
        rows = self.paginator.paginate(
            queryset,
            self.dataset.ordering_for(request.query_params),
            self.dataset.paths,
            request,
            order=order,
        )
        rows = self.dataset.with_links(rows) if rows else rows
        return self.get_paginated_response(self.get_serializer(rows, many=True).data)


class DatasetDetailView(ConditionalMixin, generics.RetrieveAPIView):
    """One published item, by its slug."""

    dataset = None
    lookups = ("slug",)

    def get_queryset(self):
        return self.dataset.published()

    def answer(self, request, *args, **kwargs):
        found = list(
            self.get_queryset()
            .filter(**{lookup: kwargs[lookup.replace("__", "_")] for lookup in self.lookups})
            .values(*self.dataset.paths)[:1]
        )
        if not found:
            raise Http404
        row = self.dataset.with_links(found)[0]
        return Response(self.get_serializer(row).data)


def own_get():
    """A ``get`` of a view's own, for its own schema (drf-spectacular marks the function)."""

    def get(self, request, *args, **kwargs):
        return ConditionalMixin.get(self, request, *args, **kwargs)

    return get


def dataset_views(dataset):
    """The list and detail views of ``dataset``, each a class of its own for the schema."""
    serializer = serializer_for(dataset)
    name = dataset.model.__name__
    title = str(dataset.title)
    list_view = type(
        f"{name}ListView", (DatasetListView,), {"dataset": dataset, "serializer_class": serializer}
    )
    list_view.get = extend_schema(
        operation_id=f"{dataset.key}_list",
        summary=f"{title}: list",
        description=str(dataset.description),
        tags=[dataset.key],
        responses={200: serializer(many=True), 304: NOT_MODIFIED, 400: INVALID, 429: THROTTLED},
    )(own_get())
    detail = {"dataset": dataset, "serializer_class": serializer}
    parameters = [OpenApiParameter("slug", OpenApiTypes.STR, OpenApiParameter.PATH)]
    if dataset.key == "investments":
        detail["lookups"] = ("fund__slug", "enterprise__slug")
        parameters = [
            OpenApiParameter("fund_slug", OpenApiTypes.STR, OpenApiParameter.PATH),
            OpenApiParameter("enterprise_slug", OpenApiTypes.STR, OpenApiParameter.PATH),
        ]
    detail_view = type(f"{name}DetailView", (DatasetDetailView,), detail)
    detail_view.get = extend_schema(
        operation_id=f"{dataset.key}_retrieve",
        summary=f"{title}: one item",
        tags=[dataset.key],
        parameters=parameters,
        responses={200: serializer, 304: NOT_MODIFIED, 404: PROBLEM, 429: THROTTLED},
    )(own_get())
    return list_view, detail_view


class RootView(ConditionalMixin, APIView):
    """``/api/v1/``: the address of each list, of the schema and of the documentation."""

    def answer(self, request, *args, **kwargs):
        absolute = request.build_absolute_uri
        return Response(
            {
                "lists": {key: absolute(reverse(f"api:{key}-list")) for key in opendata.DATASETS},
                "schema": absolute(reverse("api:schema")),
                "documentation": absolute(reverse("api:docs")),
                "licence": {"name": opendata.LICENCE, "url": opendata.LICENCE_URL},
            }
        )

    get = extend_schema(
        operation_id="root",
        summary="Where everything is",
        responses={
            200: OpenApiResponse(
                {
                    "type": "object",
                    "required": ["lists", "schema", "documentation", "licence"],
                    "properties": {
                        "lists": {
                            "type": "object",
                            "additionalProperties": {"type": "string", "format": "uri"},
                        },
                        "schema": {"type": "string", "format": "uri"},
                        "documentation": {"type": "string", "format": "uri"},
                        "licence": {
                            "type": "object",
                            "properties": {
                                "name": {"type": "string"},
                                "url": {"type": "string", "format": "uri"},
                            },
                        },
                    },
                },
                description="Addresses",
            ),
            304: NOT_MODIFIED,
            429: THROTTLED,
        },
    )(own_get())


class SchemaView(SpectacularAPIView):
    """The OpenAPI 3 schema, made once per language and process: it changes only with the
    code."""

    made = {}

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        language = request.query_params.get("lang")
        if language is not None and language not in dict(settings.LANGUAGES):
            raise exceptions.ValidationError(
                {"lang": [_("Choose one of: %(codes)s.") % {"codes": ", ".join(LANGUAGE_CODES)}]}
            )
        return super().get(request, *args, **kwargs)

    def _get_schema_response(self, request):
        language = translation.get_language()
        version = self.api_version or request.version or self._get_version_parameter(request)
        key = (language, version, request.build_absolute_uri("/"))
        if key not in self.made:
            generator = self.generator_class(
                urlconf=self.urlconf, api_version=version, patterns=self.patterns
            )
            self.made[key] = generator.get_schema(request=request, public=self.serve_public)
        return Response(
            data=self.made[key],
            headers={
                "Content-Disposition": f'inline; filename="{self._get_filename(request, version)}"'
            },
        )


class DocsView(SpectacularSwaggerSplitView):
    """Swagger UI, from our own static files (drf-spectacular-sidecar), its start-up script
    served apart so that the page runs no inline script (the site's content policy). Its page
    and the schema it reads speak the visitor's language, or ``?lang=``'s."""

    url_name = "api:schema"
    title = "G60 Corridor API"

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        language = request.query_params.get("lang")
        if language in LANGUAGE_CODES:
            # For the rest of this request: the page is drawn after the view returns.
            translation.activate(language)
        return super().get(request, *args, **kwargs)


def not_found(request, exception=None):
    """The site's 404: JSON under ``/api/``, the site's page elsewhere."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": gettext("Not found.")}, status=404)
    return page_not_found(request, exception)


def urls():
    patterns = [path(f"{VERSION}/", RootView.as_view(), name="root")]
    for dataset in opendata.DATASETS.values():
        list_view, detail_view = dataset_views(dataset)
        base = f"{VERSION}/{dataset.key}/"
        patterns.append(path(base, list_view.as_view(), name=f"{dataset.key}-list"))
        address = (
            "<slug:fund_slug>/<slug:enterprise_slug>/"
            if dataset.key == "investments"
            else "<slug:slug>/"
        )
        patterns.append(path(base + address, detail_view.as_view(), name=f"{dataset.key}-detail"))
    patterns += [
        path("schema/", SchemaView.as_view(), name="schema"),
        path("docs/", DocsView.as_view(), name="docs"),
    ]
    return patterns


app_name = "api"
urlpatterns = urls()
