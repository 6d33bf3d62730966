"""Download benchmark: the time and peak memory of streaming a 200,000-row list as CSV, JSON
and xlsx (``/en/data/enterprises.<format>``), beside the same rows built in memory first.

The list is the enterprise directory on PostgreSQL, grown to ``--rows`` published enterprises
with ``benchmarks/scale_data.py`` (COPY). Each answer runs in a fresh process, which reports
its resident set before the request and at its high-water mark after reading every byte.

The alternative is the strongest way to build the same file without streaming: one query of
the columns as tuples (``values_list``, no model instances), written by ``csv.writer`` into one
string in memory, then sent whole. Its time is the floor of any non-streaming answer; its
memory grows with the rows.

Usage: python benchmarks/download_benchmark.py [--rows 200000] [--database-url postgres://…]
"""

import argparse
import json
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

import scale_benchmark  # noqa: E402


def measure(which):
    """In a fresh process: time and memory of one answer; prints JSON."""
    import django

    django.setup()
    from django.test import Client

    client = Client()
    client.get("/robots.txt")
    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    begin = time.perf_counter()
    if which == "in-memory":
        size = len(in_memory_csv())
    else:
        response = client.get(f"/en/data/enterprises.{which}")
        size = sum(len(part) for part in response.streaming_content)
        response.close()
    seconds = time.perf_counter() - begin
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {"which": which, "baseline": baseline, "peak": peak, "bytes": size, "seconds": seconds}
        )
    )


def in_memory_csv():
    """The alternative: every row as a tuple, written to one string, as an answer would send
    it whole (the same columns as the CSV download, less the ones read through links)."""
    import csv
    import io

    from corridor.models import Enterprise
    from corridor.opendata import ENTERPRISE_ORDER

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    columns = (
        "slug",
        "name_en",
        "name_zh_hans",
        "kind",
        "city__slug",
        "park__slug",
        "enclave__slug",
        "founded_year",
        "listing_board",
        "stock_code",
        "is_high_tech",
        "website",
        "summary_en",
        "summary_zh_hans",
    )
    writer.writerow(columns)
    rows = Enterprise.objects.published().order_by(*ENTERPRISE_ORDER).values_list(*columns)
    writer.writerows(rows)
    return ("\ufeff" + buffer.getvalue()).encode()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"))
    parser.add_argument("--keep", action="store_true", help="keep the database made here")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        measure(args.child)
        return
    own = None
    if args.database_url:
        url = args.database_url
    else:
        own = f"g60_download_{os.getpid()}"
        url = scale_benchmark.create_database(own)
    try:
        import scale_data

        scale_data.migrate(url)
        scale_benchmark.grow(url, args.rows, 0)
        results = [
            scale_benchmark.run_script(__file__, url, which)
            for which in ("in-memory", "csv", "json", "xlsx")
        ]
    finally:
        if own and not args.keep:
            scale_benchmark.drop_database(own)
    floor = results[0]
    print(f"\n== Downloads of {args.rows:,} enterprises (fresh process each; PostgreSQL) ==")
    print(
        f"{'answer':<30}{'time':>9}{'MB':>9}{'peak RSS':>10}{'added':>9}{'× time':>9}{'× added':>9}"
    )
    for row in results:
        added = row["peak"] - row["baseline"]
        label = (
            "in memory (values_list + csv)"
            if row["which"] == "in-memory"
            else (f"streamed {row['which']}")
        )
        print(
            f"{label:<30}{row['seconds']:>8.1f}s{row['bytes'] / 2**20:>9.1f}"
            f"{row['peak']:>9.0f}M{added:>8.0f}M"
            f"{row['seconds'] / floor['seconds']:>9.2f}"
            f"{added / max(floor['peak'] - floor['baseline'], 1):>9.2f}"
        )
    print("(× columns: each answer against the in-memory CSV, in the same run)")


if __name__ == "__main__":
    main()
