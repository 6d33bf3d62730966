"""Scale benchmark: the public pages, search, sitemaps and the admin at 10,000 and 1,000,000
enterprises on PostgreSQL.

It makes its own database (``g60_scale_<pid>``, dropped at the end) unless ``--database-url``
or ``DATABASE_URL`` names one (synthetic rows are then added to it and it is kept), applies
the migrations, loads the launch content, then grows the enterprises to each size in turn with
``benchmarks/scale_data.py`` (COPY; news items: a quarter of the enterprises, at most
``--news``). At each size, in a fresh process with DEBUG off, the page cache off
(``PAGE_CACHE_SECONDS=0``) and nothing kept of pages (``KEEP_PARTS=False``), Django's test
client times each page in-process: a few requests to warm up, then ``--runs`` timed requests
(fewer, but at least 5, where one page would take more than ``--budget`` seconds in all).
Printed: p50 and p95 server time at each size and the ratio
of the largest size's p50 to the smallest's.

Also:

- search at ``--search-size`` enterprises and ``--news`` news items, p50 and p95 per term;
- peak memory (RSS high-water mark) of a fresh process serving the sitemap index and the
  deepest enterprise sitemap page, beside the same process's mark after Django's setup and
  one small request;
- requests per second under gunicorn (``g60site.settings.prod``, two sync workers, static
  files collected into a temporary folder) with the page cache on (file cache in a temporary
  folder) and off, each as a ratio to ``/robots.txt`` in the same run. "Page cache off" still
  keeps the parts of pages that ``{% keep %}`` names (a directory's filter form per query
  string, its cards per page of results) and the counts per set of filters; so the last row,
  "directory, each new", asks for a different founding year, order and page on every request
  (20,000 addresses, none asked twice in a run), which none of those can answer from what is
  kept: the cost of a miss. The load comes from
  ``wrk`` (Debian's package: one event-loop thread in C, a few per cent of a core at these
  rates, so on two cores the workers and not the client set the pace); without it, a Python
  client of threads over keep-alive connections, which costs more CPU and says so.

Usage: python benchmarks/scale_benchmark.py [--quick] [--sizes 10000 1000000]
       [--search-size 200000] [--news 50000] [--runs 30] [--database-url postgres://…]
"""

import argparse
import http.client
import itertools
import json
import math
import os
import random
import re
import resource
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
BIN = Path(sys.executable).parent
SERVER_URL = os.environ.get("BENCHMARK_POSTGRES_SERVER", "postgres://postgres@127.0.0.1:5432")
SEARCH_TERMS = ["battery", "semiconductor", "电池", "芯片", "杭州", "生物医药"]
ADMIN_USER = "scale-benchmark"

TARGETS = {
    "list_ratio": 1.5,
    "search_p95_ms": 50,
    "cached_directory": 0.85,
    "uncached_directory": 0.1,
    "sitemap_mb": 100,
}


def page_paths(sitemap_page="/sitemap-enterprises.xml"):
    """``[(label, path, target kind)]``: the pages timed at each size."""
    return [
        ("directory", "/en/enterprises/", "list"),
        (
            "directory, city + industry",
            "/en/enterprises/?city=hangzhou&industry=new-energy",
            "list",
        ),
        ("directory, ?page=40000", "/en/enterprises/?page=40000", "list"),
        *[(f"search {term}", f"/en/search/?q={quote(term)}", "search") for term in SEARCH_TERMS],
        ("sitemap index", "/sitemap.xml", ""),
        ("sitemap page", sitemap_page, ""),
        ("admin changelist", "/admin/corridor/enterprise/", "list"),
        ("admin ?q=battery", "/admin/corridor/enterprise/?q=battery", "list"),
    ]


# --- Child processes: Django in-process ---------------------------------------------------------


def django_env(url, **extra):
    """The environment of a child that serves pages in-process: DEBUG, the page cache and the
    parts kept ({% keep %}) off."""
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "g60site.settings.dev",
        "DEBUG": "False",
        "ALLOWED_HOSTS": "testserver,127.0.0.1,localhost",
        "PAGE_CACHE_SECONDS": "0",
        # Every part of each page drawn: what the lists cost, not what was kept of them.
        "KEEP_PARTS": "False",
        "LOG_LEVEL": "ERROR",
        # No collected static files are needed in-process (WhiteNoise would warn of them).
        "PYTHONWARNINGS": "ignore:No directory at:UserWarning",
    }
    env.pop("REDIS_URL", None)
    env.update(extra)
    return env


def read_all(response):
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def percentile(values, share):
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def deepest_sitemap_page(client):
    """The last page of the enterprise section that the sitemap index lists."""
    index = read_all(client.get("/sitemap.xml")).decode()
    pages = [int(n) for n in re.findall(r"sitemap-enterprises\.xml\?p=(\d+)", index)]
    return f"/sitemap-enterprises.xml?p={max(pages)}" if pages else "/sitemap-enterprises.xml"


def signed_in_client():
    """A client signed in as a superuser, past the second step (as the tests sign in)."""
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_static.models import StaticDevice

    user, _ = get_user_model().objects.get_or_create(
        username=ADMIN_USER, defaults={"is_staff": True, "is_superuser": True}
    )
    client = Client()
    client.force_login(user)
    device, _ = StaticDevice.objects.get_or_create(user=user, name="Scale benchmark")
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def time_pages(which, runs, budget):
    """Time each page; prints ``{label: {p50, p95, runs, status, bytes}}`` as JSON."""
    import django

    django.setup()
    from django.test import Client

    public = Client()
    admin = signed_in_client()
    paths = page_paths(deepest_sitemap_page(public))
    if which == "search":
        paths = [p for p in paths if p[2] == "search"]
    results = {}
    for label, path, _kind in paths:
        client = admin if path.startswith("/admin/") else public
        for _ in range(2):
            response = client.get(path)
            body = read_all(response)
        times = []
        started = time.perf_counter()
        while len(times) < runs and (len(times) < 5 or time.perf_counter() - started < budget):
            begin = time.perf_counter()
            response = client.get(path)
            body = read_all(response)
            times.append(time.perf_counter() - begin)
        results[label] = {
            "path": path,
            "p50": statistics.median(times) * 1000,
            "p95": percentile(times, 0.95) * 1000,
            "runs": len(times),
            "status": response.status_code,
            "bytes": len(body),
        }
        print(f"    {label:<28} {results[label]['p50']:9.1f} ms", file=sys.stderr, flush=True)
    print(json.dumps(results))


def sitemap_memory(path):
    """Peak RSS of this process around one sitemap answer; prints JSON (MB)."""
    import django

    django.setup()
    from django.test import Client

    client = Client()
    read_all(client.get("/robots.txt"))
    if path == "deepest":
        path = deepest_sitemap_page(client)
        # Reading the index to find the page is part of the baseline, not of the page.
    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    begin = time.perf_counter()
    response = client.get(path)
    size = len(read_all(response))
    seconds = time.perf_counter() - begin
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "path": path,
                "baseline": baseline,
                "peak": peak,
                "bytes": size,
                "seconds": seconds,
                "status": response.status_code,
            }
        )
    )


def run_script(script, url, *args, **env):
    """``script --child args…`` in a fresh process serving ``url`` in-process (``django_env``
    with ``env``): the JSON its last line prints."""
    command = [sys.executable, str(script), "--child", *map(str, args)]
    process = subprocess.run(
        command, cwd=ROOT, env=django_env(url, **env), stdout=subprocess.PIPE, text=True
    )
    if process.returncode:
        raise SystemExit(f"{' '.join(command[1:])} failed (exit {process.returncode})")
    return json.loads(process.stdout.strip().splitlines()[-1])


def run_child(url, *args):
    return run_script(__file__, url, *args)


# --- Databases ----------------------------------------------------------------------------------


def create_database(name):
    import psycopg

    with psycopg.connect(f"{SERVER_URL}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(
            f"CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8' "
            "LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'"
        )
    return f"{SERVER_URL}/{name}"


def drop_database(name):
    import psycopg

    with psycopg.connect(f"{SERVER_URL}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def counts(url):
    import psycopg

    with psycopg.connect(url) as connection:
        enterprises = connection.execute("SELECT count(*) FROM corridor_enterprise").fetchone()
        news = connection.execute("SELECT count(*) FROM corridor_newsitem").fetchone()
    return enterprises[0], news[0]


def grow(url, enterprises, news):
    """Add synthetic rows until the database holds ``enterprises`` and ``news`` items."""
    have_enterprises, have_news = counts(url)
    add_enterprises = max(0, enterprises - have_enterprises)
    add_news = max(0, news - have_news)
    if not add_enterprises and not add_news:
        return None
    print(f"  loading {add_enterprises:,} enterprises and {add_news:,} news items …", flush=True)
    started = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "scale_data.py"),
            "--database-url",
            url,
            "--enterprises",
            str(add_enterprises),
            "--news",
            str(add_news),
        ],
        cwd=ROOT,
        env=django_env(url),
        check=True,
    )
    seconds = time.perf_counter() - started
    return {"enterprises": add_enterprises, "news": add_news, "seconds": seconds}


VARIED = "directory, each new"

# --- Gunicorn and the load generator ------------------------------------------------------------


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def production_env(url, folder, cache_on):
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "g60site.settings.prod",
        "SECRET_KEY": secrets.token_urlsafe(48),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "False",
        "STATIC_ROOT": str(folder / "static"),
        "CACHE_DIR": str(folder / "cache"),
        "PAGE_CACHE_SECONDS": "600" if cache_on else "0",
        "LOG_LEVEL": "WARNING",
    }
    env.pop("REDIS_URL", None)
    env.pop("DEBUG", None)
    return env


def start_gunicorn(env, port, log):
    process = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "g60site.wsgi:application",
            "--workers",
            "2",
            "--worker-class",
            "sync",
            "--bind",
            f"127.0.0.1:{port}",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=log,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn exited with {process.returncode}; see {log.name}")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/robots.txt")
            if connection.getresponse().status == 200:
                connection.close()
                return process
        except OSError:
            time.sleep(0.3)
    process.terminate()
    raise SystemExit(f"gunicorn did not answer within 60 s; see {log.name}")


def stop(process):
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


# wrk asks for each address of a file in turn (``paths``), one per request.
WRK_ROTATE = """
local paths = {}
for line in io.lines(os.getenv("G60_PATHS")) do paths[#paths + 1] = line end
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i - 1) % #paths + 1])
end
"""


def varied_paths(count=20_000):
    """Directory addresses that are all different, so that nothing of them is kept yet: a
    founding year, a page and an order, as a crawler or many visitors filtering would ask."""
    orders = ("name", "-name", "founded", "-founded", "newest")
    paths = [
        f"/en/enterprises/?founded_min={year}&order={order}&page={page}"
        for page in range(1, 51)
        for year in range(1950, 2025)
        for order in orders
    ]
    random.Random(60).shuffle(paths)
    return paths[:count]


def wrk(port, path, seconds, connections):
    """``path``: one address, or a list to ask for in turn."""
    command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--timeout", "30s"]
    with tempfile.TemporaryDirectory(prefix="g60-wrk-") as folder:
        env = dict(os.environ)
        if isinstance(path, list):
            script, addresses = Path(folder) / "rotate.lua", Path(folder) / "paths.txt"
            script.write_text(WRK_ROTATE)
            addresses.write_text("\n".join(path) + "\n")
            env["G60_PATHS"] = str(addresses)
            command += ["-s", str(script)]
            path = path[0]
        output = subprocess.run(
            [*command, f"http://127.0.0.1:{port}{path}"],
            capture_output=True,
            text=True,
            check=True,
            env=env,
        ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    errors = re.search(r"Socket errors:.*", output)
    return rate, int(bad.group(1)) if bad else 0, errors.group(0) if errors else ""


def python_load(port, path, seconds, connections):
    """Threads, each with its own keep-alive connection, for ``seconds``."""
    done, bad, stop_at = [0], [0], time.monotonic() + seconds
    lock = threading.Lock()
    paths = itertools.cycle(path if isinstance(path, list) else [path])

    def worker():
        connection = None
        n = errors = 0
        while time.monotonic() < stop_at:
            try:
                if connection is None:
                    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                with lock:
                    address = next(paths)
                connection.request("GET", address)
                response = connection.getresponse()
                response.read()
                n += 1
                errors += response.status >= 400
                if response.getheader("Connection", "").lower() == "close":
                    connection.close()
                    connection = None
            except OSError:
                connection = None
        with lock:
            done[0] += n
            bad[0] += errors

    threads = [threading.Thread(target=worker) for _ in range(connections)]
    begin = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return done[0] / (time.monotonic() - begin), bad[0], ""


def throughput(url, seconds, connections):
    """``{cache: {label: (req/s, non-2xx, socket errors)}}`` under gunicorn."""
    load = wrk if shutil.which("wrk") else python_load
    paths = [
        ("/robots.txt", "/robots.txt"),
        ("/en/enterprises/", "/en/enterprises/"),
        ("/en/search/?q=battery", "/en/search/?q=battery"),
        ("/en/ (home)", "/en/"),
        (VARIED, varied_paths()),
    ]
    results = {}
    with tempfile.TemporaryDirectory(prefix="g60-scale-") as name:
        folder = Path(name)
        log_path = folder / "gunicorn.log"
        env = production_env(url, folder, cache_on=True)
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
            cwd=ROOT,
            env=env,
            check=True,
        )
        with open(log_path, "a") as log:
            for cache_on in (True, False):
                env = production_env(url, folder, cache_on)
                env["SECRET_KEY"] = secrets.token_urlsafe(48)
                port = free_port()
                process = start_gunicorn(env, port, log)
                mode = "on" if cache_on else "off"
                results[mode] = {}
                try:
                    for label, path in paths:
                        warm_up = measured = path
                        if isinstance(path, list):
                            # Each run its own addresses, never asked for before.
                            quarter = len(path) // 4
                            first = 0 if cache_on else 2 * quarter
                            warm_up = path[first + quarter : first + 2 * quarter]
                            measured = path[first : first + quarter]
                        load(port, warm_up, min(3, seconds), connections)
                        results[mode][label] = load(port, measured, seconds, connections)
                        print(
                            f"    cache {mode}: {label:<24} {results[mode][label][0]:8.1f} req/s",
                            flush=True,
                        )
                finally:
                    stop(process)
        log_text = log_path.read_text(errors="replace")
        if "Traceback" in log_text or "ERROR" in log_text:
            print("  gunicorn reported errors:\n" + log_text[-3000:])
    return results, "wrk" if load is wrk else "python threads"


# --- Report -------------------------------------------------------------------------------------


def fmt(ms):
    return f"{ms:,.1f}" if ms < 1000 else f"{ms:,.0f}"


def report(args, page_results, search_results, memory, rates, client, loads):
    small, large = min(page_results), max(page_results)
    print(
        f"\n== Server time in-process (DEBUG off, page cache off), ms: p50 / p95 "
        f"({args.runs} runs or {args.budget:.0f} s a page, at least 5) =="
    )
    header = f"{'page':<30}{small:>12,} ent.  {large:>12,} ent.   {'p50 ratio':>9}   target"
    print(header)
    for label, _path, kind in page_paths():
        a, b = page_results[small].get(label), page_results[large].get(label)
        if not a or not b:
            continue
        ratio = b["p50"] / a["p50"] if a["p50"] else float("nan")
        target = ""
        if kind == "list":
            met = "met" if ratio <= TARGETS["list_ratio"] else "missed"
            target = f"≤ {TARGETS['list_ratio']}: {met}"
        status = (
            "" if a["status"] == b["status"] == 200 else f"  (HTTP {a['status']}/{b['status']})"
        )
        print(
            f"{label:<30}{fmt(a['p50']):>8} / {fmt(a['p95']):<8}{fmt(b['p50']):>8} / "
            f"{fmt(b['p95']):<8} {ratio:>8.2f}×   {target}{status}"
        )
    page = page_results[large]["sitemap page"]["path"]
    print(f"(sitemap page at {large:,}: {page}; runs at {large:,}: "
          f"{', '.join(str(r['runs']) for r in page_results[large].values())})")  # fmt: skip

    if search_results:
        size, news = search_results["size"], search_results["news"]
        print(f"\n== Search at {size:,} enterprises + {news:,} news items, ms ==")
        print(f"{'term':<30}{'p50':>10}{'p95':>10}   target p95 ≤ {TARGETS['search_p95_ms']} ms")
        for label, figures in search_results["pages"].items():
            met = "met" if figures["p95"] <= TARGETS["search_p95_ms"] else "missed"
            print(f"{label:<30}{fmt(figures['p50']):>10}{fmt(figures['p95']):>10}   {met}")

    if memory:
        print(
            f"\n== Sitemap peak memory at {large:,} enterprises (fresh process, RSS high-water) =="
        )
        print(f"{'answer':<40}{'after setup':>12}{'peak':>10}{'added':>10}{'time':>9}   target")
        for label, figures in memory.items():
            met = "met" if figures["peak"] <= TARGETS["sitemap_mb"] else "missed"
            print(
                f"{label + ' ' + figures['path']:<40}{figures['baseline']:>9.0f} MB"
                f"{figures['peak']:>7.0f} MB{figures['peak'] - figures['baseline']:>7.0f} MB"
                f"{figures['seconds']:>8.1f}s   peak ≤ {TARGETS['sitemap_mb']} MB: {met}"
            )

    if rates:
        print(
            f"\n== Requests per second under gunicorn at {large:,} enterprises "
            f"(prod settings, 2 sync workers; load: {client}, {args.connections} connections, "
            f"{args.duration} s each) =="
        )
        print(
            f"{'path':<26}{'cache on':>10}{'÷ robots':>10}{'cache off':>11}{'÷ robots':>10}"
            "   target"
        )
        for label in rates["on"]:
            on, off = rates["on"][label], rates["off"][label]
            ratio_on = on[0] / rates["on"]["/robots.txt"][0]
            ratio_off = off[0] / rates["off"]["/robots.txt"][0]
            target = ""
            if label == "/en/enterprises/":
                target = (
                    f"on ≥ {TARGETS['cached_directory']}: "
                    f"{'met' if ratio_on >= TARGETS['cached_directory'] else 'missed'}; "
                    f"off ≥ {TARGETS['uncached_directory']}: "
                    f"{'met' if ratio_off >= TARGETS['uncached_directory'] else 'missed'}"
                )
            errors = on[1] + off[1]
            note = f"  ({errors} non-2xx)" if errors else ""
            print(
                f"{label:<26}{on[0]:>10.1f}{ratio_on:>10.2f}{off[0]:>11.1f}{ratio_off:>10.2f}"
                f"   {target}{note}"
            )

    if loads:
        print("\n== Loading (COPY, benchmarks/scale_data.py) ==")
        for size, figures in loads:
            rows = figures["enterprises"] + figures["news"]
            print(
                f"to {size:>10,} enterprises: +{figures['enterprises']:,} enterprises, "
                f"+{figures['news']:,} news in {figures['seconds']:.1f} s "
                f"({rows / figures['seconds']:,.0f} rows/s, migrations excluded)"
            )


# --- Main ---------------------------------------------------------------------------------------


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="2,000 and 20,000; 10 runs")
    parser.add_argument("--sizes", type=int, nargs="+", help="default 10000 1000000")
    parser.add_argument("--search-size", type=int, help="default 200000 (--quick: 5000)")
    parser.add_argument("--news", type=int, default=50_000, help="at most; a quarter of size")
    parser.add_argument("--runs", type=int, help="timed runs a page (default 30; --quick 10)")
    parser.add_argument("--budget", type=float, default=30.0, help="seconds a page, at most")
    parser.add_argument("--duration", type=int, help="seconds of load a path (default 10)")
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"))
    parser.add_argument("--keep", action="store_true", help="keep the database made here")
    parser.add_argument("--no-gunicorn", action="store_true")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        action, *rest = args.child
        if action == "pages":
            time_pages(rest[0], int(rest[1]), float(rest[2]))
        else:
            sitemap_memory(rest[0])
        return

    args.sizes = sorted(args.sizes or ([2_000, 20_000] if args.quick else [10_000, 1_000_000]))
    if args.search_size is None:
        args.search_size = 5_000 if args.quick else 200_000
    args.runs = args.runs or (10 if args.quick else 30)
    args.duration = args.duration or (4 if args.quick else 10)
    if args.database_url and not args.database_url.startswith("postgres"):
        parser.error("the scale benchmark needs PostgreSQL: --database-url postgres://…")

    own = None
    if args.database_url:
        url = args.database_url
    else:
        own = f"g60_scale_{os.getpid()}"
        url = create_database(own)
    print(f"database: {url.rsplit('/', 1)[1]} ({'made here' if own else 'given'})", flush=True)
    page_results, search_results, memory, rates, client, loads = {}, None, {}, None, "", []
    try:
        started = time.perf_counter()
        sys.path.insert(0, str(ROOT / "benchmarks"))
        import scale_data

        scale_data.migrate(url)
        print(f"  migrated, launch content loaded in {time.perf_counter() - started:.1f} s")
        for size in sorted({*args.sizes, args.search_size}):
            news = min(args.news, size // 4)
            loaded = grow(url, size, news)
            if loaded:
                loads.append((size, loaded))
            if size in args.sizes:
                print(f"  timing pages at {size:,} enterprises …", flush=True)
                page_results[size] = run_child(
                    url, "pages", "all", str(args.runs), str(args.budget)
                )
            if size == args.search_size:
                print(f"  timing search at {size:,} enterprises, {news:,} news …", flush=True)
                search_results = {
                    "size": size,
                    "news": news,
                    "pages": run_child(url, "pages", "search", str(args.runs), str(args.budget)),
                }
            if size == args.sizes[-1]:
                print(f"  sitemap memory at {size:,} …", flush=True)
                memory["index"] = run_child(url, "memory", "/sitemap.xml")
                memory["page"] = run_child(url, "memory", "deepest")
                if not args.no_gunicorn:
                    print(f"  gunicorn at {size:,} …", flush=True)
                    rates, client = throughput(url, args.duration, args.connections)
    finally:
        if own and not args.keep:
            drop_database(own)
    report(args, page_results, search_results, memory, rates, client, loads)


if __name__ == "__main__":
    main()
