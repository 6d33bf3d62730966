"""API benchmark: the latency of an API list (``/api/v1/enterprises/``) at page 1 and at page
5,000, on PostgreSQL at ``--rows`` published enterprises (1,000,000 by default), beside the
strongest offset pagination of the same list.

The enterprises are loaded with ``benchmarks/scale_data.py`` (COPY). A fresh process then times
each answer in-process (the whole view: filters, page, links, JSON), ``--runs`` times, and
prints p50 / p95 in milliseconds.

- **Keyset** is the API as served: page 5,000 is asked for with the cursor its page 4,999 gives
  (made here from the keys of that page's last row, and checked against the rows the list's
  order puts there).
- **Offset** is the alternative at its strongest: the same view, filters, order, index and
  JSON, with the page read by ``OFFSET`` / ``LIMIT`` and no count (a count of a million rows
  would be its own cost on every page).

Usage: python benchmarks/api_benchmark.py [--rows 1000000] [--runs 30] [--database-url …]
"""

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

import scale_benchmark  # noqa: E402

PAGE_SIZE = 50
DEEP = 5_000
CASES = [
    ("by name", {}),
    ("founded, oldest first", {"order": "founded"}),
    ("founded, newest first", {"order": "-founded"}),
    ("recently added", {"order": "newest"}),
]


def measure(runs):
    """In a fresh process: every case at page 1 and page ``DEEP``, keyset and offset; prints
    JSON."""
    import django

    django.setup()
    from django.test import RequestFactory
    from rest_framework import exceptions

    from corridor import api
    from corridor.opendata import DATASETS

    dataset = DATASETS["enterprises"]
    list_view, _detail = api.dataset_views(dataset)

    class OffsetPagination(api.KeysetPagination):
        """The page by OFFSET / LIMIT, no count: the strongest offset pagination."""

        def paginate(self, queryset, ordering, paths, request, order=""):
            self.request = request
            size = self.page_size_of(request)
            try:
                offset = int(request.query_params.get("offset", 0))
            except ValueError:
                raise exceptions.ValidationError({"offset": ["?"]}) from None
            rows = list(queryset.order_by(*ordering).values(*paths)[offset : offset + size + 1])
            self.next = self.previous = None
            return rows[:size]

    offset_view = type("OffsetView", (list_view,), {"pagination_class": OffsetPagination})
    views = {"keyset": list_view.as_view(), "offset": offset_view.as_view()}
    factory = RequestFactory()

    def answer(which, params):
        request = factory.get("/api/v1/enterprises/", params)
        response = views[which](request)
        response.render()
        assert response.status_code == 200, response.content[:300]
        return json.loads(response.content)

    def timed(which, params):
        answer(which, params)  # warm
        times = []
        for _ in range(runs):
            begin = time.perf_counter()
            answer(which, params)
            times.append((time.perf_counter() - begin) * 1000)
        return times

    results = []
    paginator = api.KeysetPagination()
    for label, params in CASES:
        ordering = dataset.ordering_for(params)
        published = dataset.published()
        keys = [api.Key.of(dataset.model, n, item) for n, item in enumerate(ordering)]
        rows = published.annotate(**{key.alias: key.expression for key in keys}).order_by(
            *(key.order_by() for key in keys)
        )
        aliases = [key.alias for key in keys]
        before = rows.values(*aliases, "slug")[(DEEP - 1) * PAGE_SIZE - 1]
        expected = list(
            rows.values_list("slug", flat=True)[
                (DEEP - 1) * PAGE_SIZE : (DEEP - 1) * PAGE_SIZE + PAGE_SIZE
            ]
        )
        cursor = paginator.encode(params.get("order", ""), [before[a] for a in aliases])
        pages = {
            "page 1": ({**params}, {**params}),
            f"page {DEEP:,}": (
                {**params, "cursor": cursor},
                {**params, "offset": (DEEP - 1) * PAGE_SIZE},
            ),
        }
        for page, (keyset_params, offset_params) in pages.items():
            if page != "page 1":
                got = [item["slug"] for item in answer("keyset", keyset_params)["results"]]
                assert got == expected, "the cursor's page is not the list's page 5,000"
                got = [item["slug"] for item in answer("offset", offset_params)["results"]]
                assert got == expected
            results.append(
                {
                    "case": label,
                    "page": page,
                    "keyset": timed("keyset", keyset_params),
                    "offset": timed("offset", offset_params),
                }
            )
    print(json.dumps(results))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"))
    parser.add_argument("--keep", action="store_true", help="keep the database made here")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        measure(int(args.child))
        return
    if args.rows < DEEP * PAGE_SIZE:
        parser.error(f"--rows must be at least {DEEP * PAGE_SIZE:,} for page {DEEP:,}")
    own = None
    if args.database_url:
        url = args.database_url
    else:
        own = f"g60_api_{os.getpid()}"
        url = scale_benchmark.create_database(own)
    try:
        import scale_data

        scale_data.migrate(url)
        scale_benchmark.grow(url, args.rows, 0)
        results = scale_benchmark.run_script(
            __file__, url, args.runs, API_RATE_LIMIT="1000000/minute"
        )
    finally:
        if own and not args.keep:
            scale_benchmark.drop_database(own)
    print(
        f"\n== API list latency, /api/v1/enterprises/ at {args.rows:,} enterprises "
        f"(PostgreSQL; in-process, {PAGE_SIZE} a page, {args.runs} runs), ms p50 / p95 =="
    )
    heads = f"{'keyset (API)':>16}{'offset, no count':>20}{'offset ÷ keyset':>18}"
    print(f"{'order':<24}{'page':<12}{heads}")
    for row in results:
        keyset, offset = row["keyset"], row["offset"]
        k50, o50 = statistics.median(keyset), statistics.median(offset)
        print(
            f"{row['case']:<24}{row['page']:<12}"
            f"{k50:>8.1f} / {scale_benchmark.percentile(keyset, 0.95):>5.1f}"
            f"{o50:>12.1f} / {scale_benchmark.percentile(offset, 0.95):>5.1f}"
            f"{o50 / k50:>17.2f}×"
        )
    print("(page 5,000 is read by each with the same rows; the keyset page checked against them)")


if __name__ == "__main__":
    main()
