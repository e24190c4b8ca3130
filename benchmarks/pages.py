"""`make bench-pages` (`python -m benchmarks.pages`): public pages under gunicorn and wrk.

The demo site is built in a temporary SQLite database (dev settings, for the demo accounts), then
served by gunicorn with 2 workers and the production settings (DEBUG off, no SSL redirect since
wrk speaks plain HTTP on loopback). For each page: the SQL queries of one anonymous uncached
request (Django test client in this process), then `wrk -t2 -c16 -d<seconds>s` req/s and latency
percentiles. Writes benchmarks/results/pages-<label>-<date>.json.

Run it twice to compare two states of the code in the same conditions (2 cores: wrk competes
with the server; compare runs made the same day, never across machines).
"""

import argparse
import datetime
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULTS = HERE / "results"
SECRET = "bench-only-secret-key-" + "x" * 40  # noqa: S105 - loopback benchmark only


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def environment(data_dir: Path, settings: str, port: int) -> dict:
    return {
        **os.environ,
        "DATA_DIR": str(data_dir),
        "DATABASE_URL": "",
        "SEARCH_URL": "",
        "REDIS_URL": "",
        "DJANGO_SETTINGS_MODULE": settings,
        "DJANGO_SECRET_KEY": SECRET,
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SITE_BASE_URL": f"http://127.0.0.1:{port}",
        "STATIC_ROOT": str(data_dir / "static"),
    }


PROBE = r"""
import json, sys
import django
django.setup()
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

def first_url(model):
    page = Page.objects.live().public().type(model).order_by("path").first()
    return page.specific.url if page else None

from django.apps import apps
urls = {"home": "/"}
for name, label in [("minutes", "working_groups.MeetingMinutesPage"),
                    ("sheet", "articles.MethodSheetPage"),
                    ("group", "working_groups.WorkingGroupPage"),
                    ("resources", "articles.ResourceIndexPage"),
                    ("episode", "podcasts.PodcastEpisodePage")]:
    url = first_url(apps.get_model(label))
    if url:
        urls[name] = url
from site_core.models import Keyword, Theme
keyword, theme = Keyword.objects.order_by("pk").first(), Theme.objects.order_by("pk").first()
if keyword:
    urls["keyword"] = f"/mots-cles/{keyword.slug}/"
if theme:
    urls["theme"] = f"/thematiques/{theme.slug}/"
urls["search"] = "/recherche/?q=coop%C3%A9ration"
urls["feed"] = "/flux/site.rss"
urls["sitemap"] = "/sitemap.xml"
urls["site_map"] = "/plan-du-site/"
from working_groups.models import WorkingGroupPage
from podcasts.models import PodcastShowPage
group = WorkingGroupPage.objects.live().order_by("path").first()
if group:
    urls["group_feed"] = f"/flux/groupes/{group.slug}.rss"
show = PodcastShowPage.objects.live().order_by("path").first()
if show:
    urls["podcast_feed"] = show.feed_url
from django.core.cache import caches
from django.test import RequestFactory
from site_core import page_cache
out = {}
for name, url in urls.items():
    # One reader per page, the page cache on (production settings) but this page not stored:
    # an uncached page as a reader meets it once the site-wide data is kept (site_core/site_data.py).
    client = Client(HTTP_HOST="127.0.0.1")
    client.get(url)  # warm the per-process caches (site root paths, templates)
    caches["pages"].delete(page_cache.cache_key(RequestFactory(HTTP_HOST="127.0.0.1").get(url)))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    out[name] = {"url": url, "status": response.status_code, "queries": len(queries),
                 "page_cache": response.get("X-Page-Cache")}
print(json.dumps(out))
"""


# `--volume N`: N more minutes, spread over the demo's groups, each with the demo's first two
# themes and first keyword (the crowd « related resources », previous / next and the group
# pages face). Written in bulk (tests/working_groups/bulk.py) in a few seconds.
GENERATE = r"""
import sys
import django
django.setup()
from tests.working_groups.bulk import bulk_minutes
from site_core.models import Keyword, Theme
from working_groups.models import MeetingMinutesPage, WorkingGroupPage

total = int(sys.argv[1])
groups = list(WorkingGroupPage.objects.order_by("path"))
themes = list(Theme.objects.order_by("pk")[:2])
keyword = Keyword.objects.order_by("pk").first()
ids = []
for index, group in enumerate(groups):
    share = total // len(groups) + (1 if index < total % len(groups) else 0)
    ids += bulk_minutes(group, share)
through = MeetingMinutesPage.themes.through
through.objects.bulk_create(
    [through(meetingminutespage_id=pk, theme_id=t.pk) for pk in ids for t in themes],
    batch_size=2000,
)
if keyword:
    kw = MeetingMinutesPage.keywords.through
    kw.objects.bulk_create([kw(content_object_id=pk, tag_id=keyword.pk) for pk in ids],
                           batch_size=2000)
print(len(ids))
"""


def wrk(url: str, seconds: int, *, script: Path | None = None) -> dict:
    options = ["-s", str(script)] if script is not None else []
    output = subprocess.run(  # noqa: S603
        ["wrk", "-t2", "-c16", f"-d{seconds}s", "--timeout", "10s", "--latency", *options, url],  # noqa: S607
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))

    def percentile(label):
        match = re.search(rf"\s{label}%\s+([\d.]+)(us|ms|s)", output)
        if not match:
            return None
        value, unit = float(match.group(1)), match.group(2)
        return round(value / 1000 if unit == "us" else value * 1000 if unit == "s" else value, 2)

    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    errors = re.search(r"Socket errors: (.*)", output)
    return {
        "socket_errors": errors.group(1).strip() if errors else "",
        "req_per_s": rps,
        "p50_ms": percentile("50"),
        "p99_ms": percentile("99"),
        "non_2xx": int(non2xx.group(1)) if non2xx else 0,
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--label", default="current")
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--pages", nargs="*", default=None, help="only these page names")
    parser.add_argument(
        "--queries-only",
        action="store_true",
        help="only the SQL query counts (no gunicorn, no wrk)",
    )
    parser.add_argument(
        "--volume", type=int, default=0, help="generate this many more pages (e.g. 10000)"
    )
    args = parser.parse_args(argv)
    if not args.queries_only and not shutil.which("wrk"):
        sys.exit("wrk is required (apt-get install wrk)")
    data_dir = Path(tempfile.mkdtemp(prefix="maillage-bench-pages-"))
    port = free_port()
    py = sys.executable
    dev = environment(data_dir, "site_core.settings.dev", port)
    prod = environment(data_dir, "site_core.settings.production", port)
    run = {"cwd": ROOT, "check": True, "stdout": subprocess.DEVNULL}
    subprocess.run([py, "manage.py", "migrate", "--no-input"], env=dev, **run)  # noqa: S603
    subprocess.run([py, "manage.py", "load_demo_content"], env=dev, **run)  # noqa: S603
    if args.volume:
        subprocess.run([py, "-c", GENERATE, str(args.volume)], env=dev, **run)  # noqa: S603
    subprocess.run([py, "manage.py", "collectstatic", "--no-input"], env=prod, **run)  # noqa: S603
    probe = subprocess.run(  # noqa: S603
        [py, "-c", PROBE], env=prod, cwd=ROOT, check=True, capture_output=True, text=True
    )
    pages = json.loads(probe.stdout.strip().splitlines()[-1])
    if args.pages:
        pages = {name: value for name, value in pages.items() if name in args.pages}
    if args.queries_only:
        for name, page in pages.items():
            print(f"{name:<12} {page['queries']:>3} queries", flush=True)
        shutil.rmtree(data_dir, ignore_errors=True)
        return _write(args, pages, "queries only (Django test client in-process, no wrk)")
    gunicorn = subprocess.Popen(  # noqa: S603
        [py, "-m", "gunicorn", "site_core.wsgi:application", "--workers", "2"]
        + ["--bind", f"127.0.0.1:{port}", "--log-level", "warning"],
        env=prod,
        cwd=ROOT,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/health/", timeout=1)  # noqa: S310 - loopback
                break
            except OSError:
                time.sleep(0.2)
        for name, page in pages.items():
            page.update(wrk(base + page["url"], args.seconds))
            print(
                f"{name:<10} {page['queries']:>3} queries  {page['req_per_s']:>8.1f} req/s  "
                f"p50 {page['p50_ms']} ms  p99 {page['p99_ms']} ms",
                flush=True,
            )
    finally:
        gunicorn.terminate()
        gunicorn.wait(timeout=20)
        shutil.rmtree(data_dir, ignore_errors=True)
    return _write(args, pages, f"-t2 -c16 -d{args.seconds}s --timeout 10s")


def _write(args, pages, wrk_conditions):
    RESULTS.mkdir(exist_ok=True)
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%d-%H%M")
    result = {
        "label": args.label,
        "date": stamp,
        "generated_pages": args.volume,
        "cpus": os.cpu_count(),
        "wrk": wrk_conditions,
        "load_average_at_end": os.getloadavg(),
        "server": "gunicorn, 2 sync workers, site_core.settings.production, SQLite",
        "pages": pages,
    }
    size = f"-{args.volume}" if args.volume else ""
    path = RESULTS / f"pages-{args.label}{size}-{stamp}.json"
    path.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    print(f"-> {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
