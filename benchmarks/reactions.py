"""`python -m benchmarks.reactions` (part of `make bench`): what approved reactions cost a page.

Issue 19 measured that 500 approved reactions doubled a page's time (×2.06). This builds the demo
in a temporary SQLite database (test settings: no page cache, no typography middleware), takes the
first live public minutes page that accepts reactions, and times anonymous GETs of it through Django's test client
(CPU time of this process, median of `--rounds` requests after a warm-up) with the demo's reactions,
then again after adding `--reactions` approved ones (saved one by one, so counters and signals run
as in real moderation). Prints the two medians, their ratio and the queries of each request, and
writes benchmarks/results/reactions-<date>.json.
"""

import argparse
import datetime
import io
import json
import os
import statistics
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def timed_get(client, url, rounds):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm-up: templates, per-process caches
    times = []
    for _ in range(rounds):
        start = time.process_time()
        response = client.get(url)
        times.append(time.process_time() - start)
        assert response.status_code == 200, response.status_code  # noqa: S101 - benchmark guard
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return statistics.median(times) * 1000, len(queries), len(response.content)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reactions", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args(argv)
    load_at_start = [round(x, 1) for x in os.getloadavg()]
    workdir = Path(tempfile.mkdtemp(prefix="bench-reactions-"))
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site_core.settings.test")
    os.environ["MEDIA_ROOT"] = str(workdir / "media")
    import django

    django.setup()
    from django.apps import apps
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import override_settings
    from wagtail.models import Page

    from contributions.models import Reaction

    call_command("migrate", verbosity=0)
    with override_settings(MEDIA_ROOT=str(workdir / "media"), ALLOWED_HOSTS=["*"]):
        call_command("load_demo_content", stdout=io.StringIO())
        minutes = apps.get_model("working_groups", "MeetingMinutesPage")
        page = next(
            p
            for p in Page.objects.live().public().type(minutes).specific().order_by("path")
            if getattr(p, "accepts_reactions", False) and getattr(p, "reactions_open", True)
        )
        url = page.url
        client = Client()
        before = Reaction.objects.filter(page=page, status="approved").count()
        base_ms, base_queries, base_bytes = timed_get(client, url, args.rounds)
        for number in range(args.reactions):
            Reaction.objects.create(
                page=page,
                author_name=f"Lectrice {number}",
                body=f"Retour d'expérience numéro {number} sur la rencontre. " * 4,
                status="approved",
            )
        after_ms, after_queries, after_bytes = timed_get(client, url, args.rounds)
    result = {
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="minutes"),
        "page": url,
        "approved_before": before,
        "approved_after": before + args.reactions,
        "median_cpu_ms": {"before": round(base_ms, 2), "after": round(after_ms, 2)},
        "ratio": round(after_ms / base_ms, 2),
        "queries": {"before": base_queries, "after": after_queries},
        "bytes": {"before": base_bytes, "after": after_bytes},
        "rounds": args.rounds,
        "load_average_at_start": load_at_start,
        "load_average_at_end": [round(x, 1) for x in os.getloadavg()],
    }
    print(
        f"{url}: {before} approved reactions {base_ms:.1f} ms ({base_queries} queries), "
        f"{before + args.reactions}: {after_ms:.1f} ms ({after_queries} queries), "
        f"×{result['ratio']}"
    )
    results = HERE / "results"
    results.mkdir(exist_ok=True)
    path = results / f"reactions-{datetime.date.today().isoformat()}.json"
    path.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    print(f"-> {path}")


if __name__ == "__main__":
    main()
