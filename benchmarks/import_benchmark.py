"""Spreadsheet import benchmark: prints its figures; run with ``make benchmark``.

For each database (SQLite, and PostgreSQL when reachable) it builds a fresh database with the
launch content, generates a 20,000-row enterprise workbook (cities, industries, parks,
Chinese names, credit codes) and times:

1. ``manage.py import_corridor`` into an empty enterprise table (creates), in a subprocess,
   with its peak memory;
2. the same command with every row changed (updates);
3. django-import-export's default row-by-row import of the same file;
4. the admin flow: upload and preview, then confirm, through the Django test client.

Usage: python benchmarks/import_benchmark.py [--rows 20000] [--databases sqlite postgres]
"""

import argparse
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PG_URL = os.environ.get("BENCHMARK_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/g60_bench")

SURNAMES = "华中新海东南北天宏远盛达金科智联创腾飞云瑞安泰恒通"
WORDS = "生物医药集成电路材料能源智能装备信息卫星数字机器人光电"
SUFFIXES = ["科技有限公司", "生物技术有限公司", "智能装备股份有限公司", "新材料有限公司"]


def credit_code(n):
    from corridor.validators import credit_code_check_char

    first17 = f"91310117{n:09d}"
    return first17 + credit_code_check_char(first17)


def make_rows(count, seed, cities, industries, parks, variant=""):
    rng = random.Random(seed)
    headers = [
        "Name",
        "Chinese name",
        "Unified social credit code",
        "Kind",
        "City",
        "Park",
        "Industries",
        "Founded",
        "Listing board",
        "High-tech enterprise",
        "Summary",
        "Status",
    ]
    rows = []
    for n in range(count):
        city = rng.choice(cities)
        zh = (
            "".join(rng.choice(SURNAMES) for _ in range(2))
            + "".join(rng.choice(WORDS) for _ in range(2))
            + rng.choice(SUFFIXES)
        )
        rows.append(
            [
                f"Corridor Company {n:05d}",
                zh,
                credit_code(n),
                "Company",
                rng.choice([city[0], city[1], city[0].upper()]),
                rng.choice(parks) if rng.random() < 0.3 else "",
                "; ".join(rng.sample(industries, rng.randint(1, 3))),
                rng.randint(1990, 2024),
                rng.choice(["Unlisted", "STAR Market", "科创板", "unlisted"]),
                rng.choice(["yes", "no", "是"]),
                f"Company {n} of the corridor{variant}, working on {rng.choice(industries)}.",
                "Published",
            ]
        )
    return headers, rows


def write_workbook(path, headers, rows):
    from corridor.spreadsheets import write_table

    path.write_bytes(write_table(headers, rows, "xlsx", sheet_title="Enterprises"))


def run_command(args, env):
    """Run ``manage.py`` in a subprocess; return (seconds, peak RSS in MB, completed process)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if done.returncode != 0:
        print(done.stdout, done.stderr, file=sys.stderr)
        raise SystemExit(f"manage.py {' '.join(args)} failed")
    return seconds, max(peak, before) / 1024, done


def measure_peak(args, env):
    """Peak RSS of one command alone, read from /usr/bin/time when available."""
    timer = Path("/usr/bin/time")
    if not timer.exists():
        return None
    done = subprocess.run(
        [str(timer), "-v", sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    for line in done.stderr.splitlines():
        if "Maximum resident set size" in line:
            return int(line.split(":")[1]) / 1024
    return None


def prepare_database(url, env):
    if url.startswith("postgres"):
        import psycopg

        admin_url = url.rsplit("/", 1)[0] + "/postgres"
        name = url.rsplit("/", 1)[1]
        with psycopg.connect(admin_url, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
            connection.execute(f'CREATE DATABASE "{name}"')
    run_command(["migrate", "--noinput", "-v0"], env)
    run_command(["loaddata", "launch", "-v0"], env)


def default_row_by_row(path, env_url):
    """django-import-export's defaults: a plain ModelResource, one row at a time."""
    os.environ["DATABASE_URL"] = env_url
    import django

    django.setup()
    from django.db import connections
    from import_export import fields, resources, widgets

    from corridor.importing import ImportReport, map_columns
    from corridor.models import City, Enterprise, Industry, Park
    from corridor.resources import EnterpriseResource
    from corridor.spreadsheets import read_table

    class DefaultEnterpriseResource(resources.ModelResource):
        name = fields.Field("name", "Name")
        name_zh = fields.Field("name_zh", "Chinese name")
        credit_code = fields.Field("credit_code", "Unified social credit code")
        city = fields.Field("city", "City", widgets.ForeignKeyWidget(City, "name__iexact"))
        park = fields.Field("park", "Park", widgets.ForeignKeyWidget(Park, "name"))
        industries = fields.Field(
            "industries", "Industries", widgets.ManyToManyWidget(Industry, ";", "name")
        )
        founded_year = fields.Field("founded_year", "Founded", widgets.IntegerWidget())
        summary = fields.Field("summary", "Summary")

        class Meta:
            model = Enterprise
            import_id_fields = ("credit_code",)
            fields = (
                "name",
                "name_zh",
                "credit_code",
                "city",
                "park",
                "industries",
                "founded_year",
                "summary",
            )

    table = read_table(path.read_bytes(), path.name)
    dataset = map_columns(table, EnterpriseResource, ImportReport("enterprise"))
    start = time.perf_counter()
    result = DefaultEnterpriseResource().import_data(dataset, use_transactions=True)
    seconds = time.perf_counter() - start
    invalid = len(result.invalid_rows) + len(result.row_errors())
    reasons = Counter(
        f"{type(error.error).__name__}: {str(error.error)[:60]}"
        for _, errors in result.row_errors()
        for error in errors
    )
    print("default path errors:", dict(reasons.most_common(3)), file=sys.stderr)
    Enterprise.objects.filter(credit_code__startswith="91310117").delete()
    connections.close_all()
    return seconds, invalid


def admin_flow(path, env_url):
    os.environ["DATABASE_URL"] = env_url
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.test.utils import setup_test_environment

    from corridor.models import Enterprise

    setup_test_environment()  # lets the client see the response's context
    Enterprise.objects.filter(credit_code__startswith="91310117").delete()
    user, _ = get_user_model().objects.get_or_create(
        username="benchmark", defaults={"is_staff": True, "is_superuser": True}
    )
    client = Client()
    client.force_login(user)
    url = "/admin/corridor/enterprise/import/"
    start = time.perf_counter()
    with path.open("rb") as upload:
        preview = client.post(url, {"file": upload})
    middle = time.perf_counter()
    token = preview.context["token"]
    assert token, "preview refused the file"
    confirm = client.post(url, {"token": token})
    end = time.perf_counter()
    assert confirm.context["report"].saved, "confirm did not save"
    return middle - start, end - middle, Enterprise.objects.count()


def child(mode, path, url):
    """Run one in-process measurement in a fresh interpreter and print its figures."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "g60site.settings.dev")
    os.environ["DEBUG"] = "False"
    if mode == "default":
        seconds, invalid = default_row_by_row(Path(path), url)
        print(f"{seconds} {invalid}")
    else:
        preview, confirm, count = admin_flow(Path(path), url)
        print(f"{preview} {confirm} {count}")


def bench(label, url, rows, workdir):
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "g60site.settings.dev",
        "DEBUG": "False",
    }
    prepare_database(url, env)
    os.environ["DATABASE_URL"] = url
    cities = [
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
    industries = [
        "Biomedicine",
        "Artificial Intelligence",
        "Integrated Circuits",
        "New Materials",
        "New Energy",
        "Satellite Internet",
        "生物医药",
        "人工智能",
    ]
    parks = ["G60 Biomedicine Industrial Base", "G60 Star Chain Industrial Base"]
    first = workdir / f"enterprises-{rows}.xlsx"
    second = workdir / f"enterprises-{rows}-changed.xlsx"
    headers, data = make_rows(rows, 1, cities, industries, parks)
    write_workbook(first, headers, data)
    headers, data = make_rows(rows, 1, cities, industries, parks, variant=" (revised)")
    write_workbook(second, headers, data)

    create_s, _, done = run_command(["import_corridor", "enterprise", str(first)], env)
    update_s, _, done_update = run_command(["import_corridor", "enterprise", str(second)], env)
    unchanged_s, _, _ = run_command(["import_corridor", "enterprise", str(second)], env)
    run_command(
        [
            "shell",
            "-c",
            "from corridor.models import Enterprise;"
            "Enterprise.objects.filter(credit_code__startswith='91310117').delete()",
        ],
        env,
    )
    peak = measure_peak(["import_corridor", "enterprise", str(first), "--dry-run"], env)
    run_command(
        [
            "shell",
            "-c",
            "from corridor.models import Enterprise;"
            "Enterprise.objects.filter(credit_code__startswith='91310117').delete()",
        ],
        env,
    )

    default = subprocess.run(
        [sys.executable, __file__, "--child", "default", str(first), url],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
    )
    if default.returncode:
        print(default.stderr, file=sys.stderr)
    reasons = [line for line in default.stderr.splitlines() if line.startswith("default path")]
    default_s, default_invalid = default.stdout.split()[-2:]
    admin = subprocess.run(
        [sys.executable, __file__, "--child", "admin", str(first), url],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
    )
    if admin.returncode:
        print(admin.stderr, file=sys.stderr)
    preview_s, confirm_s, admin_count = admin.stdout.split()[-3:]
    default_s, preview_s, confirm_s = float(default_s), float(preview_s), float(confirm_s)
    admin_s = preview_s + confirm_s

    print(f"\n== {label}: {rows:,} enterprise rows ==")
    print(
        f"command line, create : {create_s:6.1f} s  {rows / create_s:7.0f} rows/s   "
        f"[{done.stdout.strip()}]"
    )
    print(
        f"command line, update : {update_s:6.1f} s  {rows / update_s:7.0f} rows/s   "
        f"[{done_update.stdout.strip()}]"
    )
    print(f"command line, no change: {unchanged_s:4.1f} s  {rows / unchanged_s:7.0f} rows/s")
    print(
        f"default row-by-row   : {default_s:6.1f} s  {rows / default_s:7.0f} rows/s   "
        f"(rows it could not import: {default_invalid})"
    )
    for line in reasons:
        print(f"  {line}")
    print(f"speed-up over default: {default_s / create_s:6.1f}x (whole command, start-up included)")
    if peak:
        print(f"peak memory (dry run): {peak:6.0f} MB")
    print(
        f"admin preview+confirm: {admin_s:6.1f} s  (preview {preview_s:.1f} s, confirm "
        f"{confirm_s:.1f} s; {int(admin_count):,} saved) = {admin_s / create_s:.2f}x the "
        "command line"
    )
    return True


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--databases", nargs="+", default=["sqlite", "postgres"])
    parser.add_argument("--child", nargs=3, metavar=("MODE", "FILE", "URL"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    with tempfile.TemporaryDirectory(prefix="g60-bench-") as folder:
        workdir = Path(folder)
        if "sqlite" in args.databases:
            bench("SQLite", f"sqlite:///{workdir / 'bench.sqlite3'}", args.rows, workdir)
        if "postgres" in args.databases:
            bench("PostgreSQL", PG_URL, args.rows, workdir)


if __name__ == "__main__":
    main()
