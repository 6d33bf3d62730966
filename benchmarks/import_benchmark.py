"""Spreadsheet import benchmark: ours against django-import-export's own bulk mode.

For each database (SQLite, and PostgreSQL when reachable) it builds a fresh database with the
launch content and a 20,000-row enterprise workbook (English and Chinese names, credit codes,
cities given by English or Chinese name, parks, listing boards), then, for each engine, in
a fresh process each time:

1. creates the rows in an empty table, 2. updates every row, 3. imports the same file again
(nothing changed); and it reads the workbook with each engine's reader.

The alternative is django-import-export at its strongest: ``use_bulk`` with batches of 1,000,
``CachedInstanceLoader`` on the credit code, ``skip_diff``, and foreign-key and choice widgets
that read their table once and accept Chinese names; for the unchanged file the faster of
``skip_diff`` and ``skip_unchanged``. Its bulk mode writes no many-to-many fields, so the
head-to-head file has no Industries column; ours is also timed on the same file with one.
Ours validates every row (``full_clean``), writes a history record per row and a batch that
can be undone; the library's bulk mode does neither.

Times are of the import itself (``import_data`` or ``import_file``), in the process that ran
it; memory is that process's peak. Ratios are the library's time over ours.

Usage: python benchmarks/import_benchmark.py [--rows 20000] [--databases sqlite postgres]
"""

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PG_URL = os.environ.get("BENCHMARK_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/g60_bench")

SURNAMES = "华中新海东南北天宏远盛达金科智联创腾飞云瑞安泰恒通"
WORDS = "生物医药集成电路材料能源智能装备信息卫星数字机器人光电"
SUFFIXES = ["科技有限公司", "生物技术有限公司", "智能装备股份有限公司", "新材料有限公司"]
CITIES = [
    ("Songjiang", "松江"),
    ("Jiaxing", "嘉兴"),
    ("Hangzhou", "杭州"),
    ("Jinhua", "金华"),
    ("Suzhou", "苏州"),
    ("Huzhou", "湖州"),
    ("Xuancheng", "宣城"),
    ("Wuhu", "芜湖"),
    ("Hefei", "合肥"),
]
INDUSTRIES = ["Biomedicine", "Artificial Intelligence", "Integrated Circuits", "生物医药"]
PARKS = ["G60 Biomedicine Industrial Base", "G60 Star Chain Industrial Base"]
HEADERS = [
    "Name",
    "Chinese name",
    "Unified social credit code",
    "City",
    "Park",
    "Founded",
    "Listing board",
    "Summary",
    "Status",
]


def credit_code(n):
    from corridor.validators import credit_code_check_char

    first17 = f"91310117{n:09d}"
    return first17 + credit_code_check_char(first17)


def make_rows(count, variant="", industries=False):
    rng = random.Random(1)
    rows = []
    for n in range(count):
        city = rng.choice(CITIES)
        zh = (
            "".join(rng.choice(SURNAMES) for _ in range(2))
            + "".join(rng.choice(WORDS) for _ in range(2))
            + rng.choice(SUFFIXES)
        )
        row = [
            f"Corridor Company {n:05d}",
            zh,
            credit_code(n),
            rng.choice([city[0], city[1], city[0].upper()]),
            rng.choice(PARKS) if rng.random() < 0.3 else "",
            rng.randint(1990, 2024),
            rng.choice(["Unlisted", "STAR Market", "科创板"]),
            f"Company {n} of the corridor{variant}.",
            "Published",
        ]
        if industries:
            row.append("; ".join(rng.sample(INDUSTRIES, rng.randint(1, 3))))
        rows.append(row)
    headers = [*HEADERS, "Industries"] if industries else HEADERS
    return headers, rows


# --- The two engines, each run in a child process -------------------------------------------------


def library_resource(unchanged=False):
    """django-import-export's bulk mode, configured as well as it goes."""
    from import_export import fields, instance_loaders, resources, widgets

    from corridor.models import City, Enterprise, Park

    class CachedForeignKey(widgets.ForeignKeyWidget):
        """Reads the table once; finds a row by English or Chinese name, in any case."""

        def __init__(self, model):
            super().__init__(model, "name")
            self.cache = None

        def clean(self, value, row=None, **kwargs):
            if not value:
                return None
            if self.cache is None:
                self.cache = {}
                for obj in self.model.objects.all():
                    for key in (obj.name, getattr(obj, "name_zh_hans", "")):
                        if key:
                            self.cache[key.casefold()] = obj
            try:
                return self.cache[str(value).strip().casefold()]
            except KeyError:
                raise ValueError(f"{value} not found") from None

    class Choices(widgets.Widget):
        def __init__(self, choices, aliases=None):
            self.lookup = {str(label).casefold(): value for value, label in choices}
            self.lookup.update(aliases or {})

        def clean(self, value, row=None, **kwargs):
            return self.lookup[str(value).casefold()] if value else None

    class LibraryEnterpriseResource(resources.ModelResource):
        name = fields.Field("name", "Name")
        name_zh_hans = fields.Field("name_zh_hans", "Chinese name")
        credit_code = fields.Field("credit_code", "Unified social credit code")
        city = fields.Field("city", "City", CachedForeignKey(City))
        park = fields.Field("park", "Park", CachedForeignKey(Park))
        founded_year = fields.Field("founded_year", "Founded", widgets.IntegerWidget())
        listing_board = fields.Field(
            "listing_board",
            "Listing board",
            Choices(Enterprise.Board.choices, {"科创板": "star"}),
        )
        summary = fields.Field("summary", "Summary")
        status = fields.Field("status", "Status", Choices(Enterprise.Status.choices))

        class Meta:
            model = Enterprise
            import_id_fields = ("credit_code",)
            fields = (
                "name",
                "name_zh_hans",
                "credit_code",
                "city",
                "park",
                "founded_year",
                "listing_board",
                "summary",
                "status",
            )
            use_bulk = True
            batch_size = 1000
            instance_loader_class = instance_loaders.CachedInstanceLoader
            skip_diff = not unchanged
            skip_unchanged = unchanged

        def before_save_instance(self, instance, row, **kwargs):
            if not instance.slug:
                instance.slug = f"corridor-company-{instance.credit_code.lower()}"

    return LibraryEnterpriseResource


def read_with(engine, path):
    data = path.read_bytes()
    start = time.perf_counter()
    if engine == "ours":
        from corridor.spreadsheets.reader import read_table

        rows = len(read_table(data, path.name).rows)
    else:
        from import_export.formats.base_formats import XLSX

        rows = len(XLSX().create_dataset(data))
    return time.perf_counter() - start, rows


def import_with(engine, path, step):
    from django.db import connections

    from corridor.models import Enterprise

    data = path.read_bytes()
    if engine == "ours":
        from corridor.spreadsheets.service import import_file

        start = time.perf_counter()
        report = import_file("enterprise", data, path.name)
        seconds = time.perf_counter() - start
        assert report.saved, report.file_errors or report.problems[:3]
        counts = report.counts
    else:
        import tablib

        from corridor.spreadsheets.reader import read_table

        table = read_table(data, path.name)  # the same rows for both; reading is timed apart
        dataset = tablib.Dataset(*table.rows, headers=table.headers)
        resource = library_resource(unchanged=step == "unchanged")()
        start = time.perf_counter()
        result = resource.import_data(dataset, use_transactions=True)
        seconds = time.perf_counter() - start
        assert not result.has_errors() and not result.has_validation_errors()
        counts = result.totals
    total = Enterprise.objects.filter(credit_code__startswith="91310117").count()
    connections.close_all()
    return seconds, {"counts": {k: v for k, v in counts.items() if v}, "rows": total}


def child(args):
    """One measurement in this fresh process; prints JSON."""
    os.environ["DATABASE_URL"] = args.url
    import django

    django.setup()
    path = Path(args.file)
    if args.action == "read":
        seconds, detail = read_with(args.engine, path)
    elif args.action == "reset":
        from corridor.models import Enterprise

        Enterprise.objects.filter(credit_code__startswith="91310117").delete()
        seconds, detail = 0, None
    else:
        seconds, detail = import_with(args.engine, path, args.action)
    print(json.dumps({"seconds": seconds, "detail": detail}))


def measure(action, engine, path, url, env):
    """Run one child and return (seconds, peak memory in MB, detail)."""
    command = [sys.executable, __file__, "--child", action, engine, str(path), url]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
    output = process.stdout.read()
    _pid, status, usage = os.wait4(process.pid, 0)
    process.stdout.close()
    if status:
        raise SystemExit(f"{action} with {engine} failed: {output}")
    figures = json.loads(output.strip().splitlines()[-1])
    return figures["seconds"], usage.ru_maxrss / 1024, figures["detail"]


def prepare_database(url, env):
    if url.startswith("postgres"):
        import psycopg

        admin_url = url.rsplit("/", 1)[0] + "/postgres"
        name = url.rsplit("/", 1)[1]
        with psycopg.connect(admin_url, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
            connection.execute(
                f"CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8' "
                "LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'"
            )
    for args in (["migrate", "--noinput", "-v0"], ["load_launch", "-v0"]):
        subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


def bench(label, url, rows, workdir):
    from corridor.spreadsheets.reader import write_table

    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "g60site.settings.dev",
        "DEBUG": "False",
    }
    prepare_database(url, env)
    files = {}
    for key, variant, industries in (
        ("create", "", False),
        ("update", " (revised)", False),
        ("industries", "", True),
    ):
        headers, data = make_rows(rows, variant, industries)
        files[key] = workdir / f"{key}-{rows}.xlsx"
        files[key].write_bytes(write_table(headers, data, "xlsx", sheet_title="Enterprises"))

    results = {}
    for engine in ("ours", "library"):
        measure("reset", engine, files["create"], url, env)
        results[engine, "read"] = measure("read", engine, files["create"], url, env)
        results[engine, "create"] = measure("create", engine, files["create"], url, env)
        results[engine, "update"] = measure("update", engine, files["update"], url, env)
        results[engine, "unchanged"] = measure("unchanged", engine, files["update"], url, env)
    measure("reset", "ours", files["create"], url, env)
    with_links = measure("create", "ours", files["industries"], url, env)
    measure("reset", "ours", files["create"], url, env)

    print(f"\n== {label}: {rows:,} enterprise rows ==")
    print(f"{'step':<28}{'ours':>14}{'library bulk':>16}{'library ÷ ours':>16}")
    for step in ("read", "create", "update", "unchanged"):
        ours, library = results["ours", step][0], results["library", step][0]
        print(
            f"{step:<28}{ours:>9.2f} s   {library:>9.2f} s     {library / ours:>8.2f}×"
            f"   ({rows / ours:,.0f} vs {rows / library:,.0f} rows/s)"
        )
    for step in ("create", "update", "unchanged"):
        ours, library = results["ours", step][1], results["library", step][1]
        label = f"peak memory, {step}"
        print(f"{label:<28}{ours:>9.0f} MB  {library:>9.0f} MB    {library / ours:>8.2f}×")
    print(
        f"{'ours, create with industries':<28}{with_links[0]:>9.2f} s   "
        f"({rows / with_links[0]:,.0f} rows/s, {with_links[1]:.0f} MB; the library's bulk mode "
        "cannot write them)"
    )
    for step in ("create", "update", "unchanged"):
        print(f"  {step}: ours {results['ours', step][2]}, library {results['library', step][2]}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--databases", nargs="+", default=["sqlite", "postgres"])
    parser.add_argument("--child", nargs=4, metavar=("ACTION", "ENGINE", "FILE", "URL"))
    args = parser.parse_args()
    if args.child:
        action, engine, file, url = args.child
        child(argparse.Namespace(action=action, engine=engine, file=file, url=url))
        return
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "g60site.settings.dev")
    import django

    django.setup()
    with tempfile.TemporaryDirectory(prefix="g60-bench-") as folder:
        workdir = Path(folder)
        if "sqlite" in args.databases:
            bench("SQLite", f"sqlite:///{workdir / 'bench.sqlite3'}", args.rows, workdir)
        if "postgres" in args.databases:
            bench("PostgreSQL", PG_URL, args.rows, workdir)


if __name__ == "__main__":
    main()
