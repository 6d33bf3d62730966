"""Page audit: Lighthouse (mobile and desktop presets) and the W3C Nu HTML checker over one page
of every public page type, served with production settings.

In a temporary folder it makes a fresh SQLite database with the launch content
(``manage.py migrate``, ``manage.py load_launch``), collects the static files and serves the
site with gunicorn and ``g60site.settings.prod`` over plain HTTP on 127.0.0.1
(``SECURE_SSL_REDIRECT=False``: no HTTPS proxy in front). ``audit/pages.py`` picks one address
per page type from the published content, in English, and in Chinese for a few; a page type
whose route does not exist yet is left out and named. Each page's HTML goes through the Nu
checker (``vnu.jar`` from the npm package ``vnu-jar``, run with the machine's Java), then
Lighthouse (``audit/node_modules``, Chromium at ``CHROME_PATH``) runs on it once per preset,
one run at a time, its JSON reports in the temporary folder.

Printed: a table of page, language, preset, the four Lighthouse scores and the Nu errors, with
the failing audits' ids under any score below its target, then the Nu checker's messages.
Targets: accessibility, best practices and SEO 100, performance 95 or more, no Nu error; the
exit status is 1 when any is missed. A score kept below its target only by audits that a page
type fails by design (``ON_PURPOSE``: search results ask not to be indexed) is marked † with the
reason and counts as met. Nothing is fetched from the internet: the Node packages
come from ``make audit`` (``npm ci --prefix audit``).

Usage: python audit/run.py [--pages home enterprise_detail ...] [--keep]
"""

import argparse
import http.client
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

AUDIT = Path(__file__).resolve().parent
ROOT = AUDIT.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from audit.pages import BY_NAME  # noqa: E402

BIN = Path(sys.executable).parent
NODE_MODULES = AUDIT / "node_modules"
LIGHTHOUSE = NODE_MODULES / "lighthouse" / "cli" / "index.js"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
CHROME_PATH = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --disable-sync"
)
PRESETS = ("mobile", "desktop")
CATEGORIES = {
    "performance": ("perf", 95),
    "accessibility": ("a11y", 100),
    "best-practices": ("best pr.", 100),
    "seo": ("SEO", 100),
}
LIGHTHOUSE_TIMEOUT = 300
# A run that fails (Lighthouse's own advice for a trace it could not record, NO_NAVSTART and the
# like, on a busy machine) is run again up to this many times; the table says so.
LIGHTHOUSE_RETRIES = 2
# Audits a page type fails by design, and why. A score kept below its target by these alone is
# shown with a † and the reason, and counts as met.
NOT_INDEXED = "search results ask search engines not to index them (noindex; robots.txt too)"
ON_PURPOSE = {
    "search": {"is-crawlable": NOT_INDEXED},
    "search_no_results": {"is-crawlable": NOT_INDEXED},
}


def production_env(folder):
    """Production settings, as ``benchmarks/scale_benchmark.py`` serves them, on files of the
    temporary folder: database, static files, media and the page cache."""
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "g60site.settings.prod",
        "SECRET_KEY": secrets.token_urlsafe(48),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "False",
        "STATIC_ROOT": str(folder / "static"),
        "MEDIA_ROOT": str(folder / "media"),
        "CACHE_DIR": str(folder / "cache"),
        "LOG_LEVEL": "WARNING",
    }
    for name in ("REDIS_URL", "DEBUG", "PAGE_CACHE_SECONDS", "KEEP_PARTS"):
        env.pop(name, None)
    return env


def check_tools():
    """Stop with what to do when a tool is missing."""
    missing = []
    if not LIGHTHOUSE.exists() or not VNU_JAR.exists():
        missing.append(f"the Node packages in {NODE_MODULES} ('npm ci --prefix audit')")
    if not shutil.which("node"):
        missing.append("Node.js ('node')")
    if not shutil.which("java"):
        missing.append("Java ('sudo apt-get install default-jre-headless')")
    if not Path(CHROME_PATH).exists():
        missing.append(f"Chromium at {CHROME_PATH} ('make browser')")
    if not (BIN / "gunicorn").exists():
        missing.append(f"gunicorn in {BIN}")
    if missing:
        raise SystemExit("Missing: " + "; ".join(missing) + ". 'make audit' installs them.")


def manage(env, *args):
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if result.returncode:
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{result.stdout}{result.stderr}")
    return result.stdout


def prepare_site(env):
    print("Fresh database with the launch content; collecting static files …", flush=True)
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "load_launch", "-v0")
    manage(env, "collectstatic", "--noinput", "-v0")


def pick_pages(env, names):
    """``(pages, missing)`` from ``audit/pages.py`` run against the fresh database."""
    result = subprocess.run(
        [sys.executable, "-m", "audit.pages", *names],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if result.returncode:
        raise SystemExit(f"Picking the pages failed:\n{result.stderr}")
    picked = json.loads(result.stdout)
    return picked["pages"], picked["missing"]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(env, port, log):
    process = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "g60site.wsgi:application",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            # No control socket in the home folder, shared with any other gunicorn.
            "--no-control-socket",
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
            status, _headers, _body = get(port, "/robots.txt")
            if status == 200:
                return process
        except OSError:
            time.sleep(0.3)
    stop(process)
    raise SystemExit(f"gunicorn did not answer within 60 s; see {log.name}")


def stop(process):
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def get(port, path):
    """``(status, headers, body)`` of one plain GET, redirects not followed."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request("GET", path, headers={"Accept": "text/html"})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def stem(page):
    return f"{page['name']}.{page['language']}"


def nu_check(files):
    """``{file name: [messages]}``: each file's Nu checker messages (errors and warnings)."""
    if not files:
        return {}
    result = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--format", "json", "--stdout", "--exit-zero-always"]
        + [str(path) for path in files],
        capture_output=True,
        text=True,
    )
    try:
        messages = json.loads(result.stdout or result.stderr)["messages"]
    except (json.JSONDecodeError, KeyError) as error:
        raise SystemExit(
            f"The Nu checker failed ({error}):\n{result.stdout}{result.stderr}"
        ) from error
    found = {path.name: [] for path in files}
    for message in messages:
        name = Path(unquote(urlsplit(message.get("url", "")).path)).name
        found.setdefault(name, []).append(message)
    return found


def nu_errors(messages):
    return [m for m in messages if m.get("type") in ("error", "non-document-error")]


def lighthouse(url, preset, output):
    """Run Lighthouse once; ``(report or None, error text)``."""
    command = [
        "node",
        str(LIGHTHOUSE),
        url,
        "--output=json",
        f"--output-path={output}",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags={CHROME_FLAGS}",
        "--quiet",
        "--no-enable-error-reporting",
    ]
    if preset == "desktop":
        command.append("--preset=desktop")
    try:
        result = subprocess.run(
            command,
            env={**os.environ, "CHROME_PATH": CHROME_PATH},
            capture_output=True,
            text=True,
            timeout=LIGHTHOUSE_TIMEOUT,
        )
    except subprocess.TimeoutExpired:
        return None, f"Lighthouse took more than {LIGHTHOUSE_TIMEOUT} s"
    if result.returncode or not output.exists():
        return None, (result.stderr or result.stdout).strip()[-1500:]
    report = json.loads(output.read_text())
    error = report.get("runtimeError")
    if error:
        return report, f"{error.get('code')}: {error.get('message')}"
    return report, ""


def scores(report):
    """``{category: score 0–100 or None}``."""
    categories = (report or {}).get("categories", {})
    found = {}
    for key in CATEGORIES:
        score = categories.get(key, {}).get("score")
        found[key] = None if score is None else round(score * 100)
    return found


def failing_audits(report, category):
    """The ids of the audits that keep ``category`` below its target: for performance the
    metrics and diagnostics under Lighthouse's "passed" mark (0.9), elsewhere every weighted
    audit that did not pass."""
    audits = report.get("audits", {})
    failing = []
    for ref in report["categories"][category]["auditRefs"]:
        audit = audits.get(ref["id"], {})
        score = audit.get("score")
        if score is None or audit.get("scoreDisplayMode") in ("informative", "notApplicable"):
            continue
        if category == "performance":
            if score < 0.9:
                failing.append(ref["id"])
        elif ref.get("weight", 0) > 0 and score < 1:
            failing.append(ref["id"])
    return failing


def run_audit(args, folder):
    env = production_env(folder)
    prepare_site(env)
    pages, missing = pick_pages(env, args.pages or [])
    for name in missing:
        print(f"Skipped {name}: its route ({BY_NAME[name].route}) does not exist yet.")
    html_folder = folder / "html"
    reports_folder = folder / "lighthouse"
    html_folder.mkdir()
    reports_folder.mkdir()

    rows, problems = [], []
    port = free_port()
    log_path = folder / "gunicorn.log"
    with open(log_path, "a") as log:
        process = start_gunicorn(env, port, log)
        try:
            # The HTML for the Nu checker; this first request also fills the page cache, so
            # that every Lighthouse run meets the server as visitors after the first do.
            files, served = [], []
            for page in pages:
                status, headers, body = get(port, page["path"])
                if status != 200:
                    problems.append(f"{page['path']}: HTTP {status} {headers.get('Location', '')}")
                    continue
                path = html_folder / f"{stem(page)}.html"
                path.write_bytes(body)
                files.append(path)
                served.append(page)
            print(f"Nu HTML checker on {len(files)} pages …", flush=True)
            nu = nu_check(files)
            for page in served:
                for preset in PRESETS:
                    print(f"  Lighthouse {preset:<7} {page['path']}", flush=True)
                    output = reports_folder / f"{stem(page)}.{preset}.json"
                    url = f"http://127.0.0.1:{port}{page['path']}"
                    retried = []
                    report, error = lighthouse(url, preset, output)
                    while error and len(retried) < LIGHTHOUSE_RETRIES:
                        retried.append(error.splitlines()[-1][:160])
                        output.unlink(missing_ok=True)
                        report, error = lighthouse(url, preset, output)
                    rows.append(
                        {
                            "page": page,
                            "preset": preset,
                            "report": report,
                            "error": error,
                            "retried": retried,
                            "nu": nu_errors(nu.get(f"{stem(page)}.html", [])),
                        }
                    )
        finally:
            stop(process)
    log_text = log_path.read_text(errors="replace")
    if "Traceback" in log_text or "ERROR" in log_text:
        problems.append("gunicorn reported errors:\n" + log_text[-3000:])
    return print_report(rows, problems, missing, nu)


def mark(value, target):
    if value is None:
        return "–", True
    return (f"{value}" if value >= target else f"{value}*"), value < target


def print_report(rows, problems, missing, nu):
    """Print the table and the Nu messages; ``True`` when every target is met."""
    print()
    print(
        "Targets: performance ≥ 95; accessibility, best practices, SEO 100; Nu errors 0 "
        "(* = missed; † = below target by design, see below).\nServed over plain HTTP from "
        "127.0.0.1 with production settings and SECURE_SSL_REDIRECT=False: Lighthouse counts "
        "127.0.0.1 as a secure origin,\nso HTTPS itself, HSTS and Secure cookies are outside "
        "what this run can show."
    )
    header = f"{'page':<22}{'lang':<9}{'preset':<9}"
    header += "".join(f"{label:>10}" for label, _target in CATEGORIES.values())
    header += f"{'Nu errors':>11}"
    print(header)
    print("-" * len(header))
    all_met = not problems
    on_purpose = set()
    for row in rows:
        name = row["page"]["name"]
        line = f"{name:<22}{row['page']['language']:<9}{row['preset']:<9}"
        found = scores(row["report"])
        notes = []
        for key, (_label, target) in CATEGORIES.items():
            text, missed = mark(found[key], target)
            if missed and row["report"] and found[key] is not None:
                ids = failing_audits(row["report"], key)
                expected = ON_PURPOSE.get(name, {})
                if ids and all(audit in expected for audit in ids):
                    # Below target only through what this page does on purpose.
                    text, missed = f"{found[key]}†", False
                    on_purpose.update((name, audit) for audit in ids)
                else:
                    notes.append(f"failing {key}: {', '.join(ids) or '(none under the mark)'}")
            line += f"{text:>10}"
            all_met = all_met and not missed
        errors = len(row["nu"])
        line += f"{errors if not errors else f'{errors}*':>11}"
        all_met = all_met and not errors
        if row["error"]:
            all_met = False
            notes.append(f"Lighthouse: {row['error']}")
        notes.extend(f"(run again after: {error})" for error in row["retried"])
        print(line)
        for note in notes:
            print(f"{'':<6}{note}")
    for name, audit in sorted(on_purpose):
        print(f"† {name}: {audit} fails on purpose: {ON_PURPOSE[name][audit]}")

    if missing:
        print(f"\nNot audited (no route yet): {', '.join(missing)}")
    shown = False
    for name, messages in nu.items():
        errors = nu_errors(messages)
        if not errors:
            continue
        if not shown:
            print("\nNu HTML checker errors:")
            shown = True
        print(f"  {name}")
        for message in errors:
            print(f"    line {message.get('lastLine', '?')}: {message.get('message', '')}")
            extract = " ".join((message.get("extract") or "").split())
            if extract:
                print(f"      {extract[:160]}")
    for problem in problems:
        print(f"\nProblem: {problem}")
    print("\nAll targets met." if all_met else "\nSome targets missed.")
    return all_met


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--pages",
        nargs="+",
        choices=list(BY_NAME),
        metavar="PAGE",
        help=f"only these page types (default: all): {', '.join(BY_NAME)}",
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep the temporary folder (HTML, reports, log)"
    )
    args = parser.parse_args()
    check_tools()
    folder = Path(tempfile.mkdtemp(prefix="g60-audit-"))
    try:
        met = run_audit(args, folder)
    finally:
        if args.keep:
            print(f"Reports kept in {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)
    sys.exit(0 if met else 1)


if __name__ == "__main__":
    main()
