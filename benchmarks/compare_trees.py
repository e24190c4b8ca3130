"""`python -m benchmarks.compare_trees BASE_TREE [--label …]`: uncached req/s, this tree vs another.

Issue 10's « 3× today's req/s » compares two states of the code in the same conditions. This
builds the demo in its own temporary SQLite database for each tree (this checkout and BASE_TREE,
e.g. a `git worktree` of an older commit), serves each with gunicorn (2 sync workers, production
settings, the page cache off: every request is rendered), and runs `wrk` on the same page types
of both, interleaved (base, this, base, this…) so that both see the same machine. Prints the best
and median req/s of each and the ratio; writes benchmarks/results/compare-<label>-<date>.json.

`--misses`: the page cache stays on in this tree, and every request carries a query string of its
own (`?_=<n>`, which the page cache does not serve), so that each page is rendered as for a
reader the cache did not answer: the site-wide bundle and the blocks kept under the stamp
(site_core/site_data.py) are read from the store, as on a server where readers meet pages not
stored yet. The base tree ignores the query string.
"""

import argparse
import datetime
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from benchmarks.pages import ROOT, environment, free_port, wrk

URLS = r"""
import json
import django
django.setup()
from django.apps import apps
from wagtail.models import Page

def first_url(label):
    page = Page.objects.live().public().type(apps.get_model(label)).order_by("path").first()
    return page.specific.url if page else None

print(json.dumps({
    "home": "/",
    "minutes": first_url("working_groups.MeetingMinutesPage"),
    "sheet": first_url("articles.MethodSheetPage"),
    "group": first_url("working_groups.WorkingGroupPage"),
    "resources": first_url("articles.ResourceIndexPage"),
    "episode": first_url("podcasts.PodcastEpisodePage"),
}))
"""


# wrk's Lua hook: a query string of its own on every request (`--misses`).
MISSES_LUA = """
counter = 0
request = function()
    counter = counter + 1
    return wrk.format(nil, wrk.path .. "?_=" .. counter)
end
"""


class Tree:
    def __init__(self, root: Path, *, page_cache: bool = False):
        self.root = root
        self.data = Path(tempfile.mkdtemp(prefix="maillage-compare-"))
        self.port = free_port()
        env = {"PAGE_CACHE": "true" if page_cache else "false"}
        self.dev = {**environment(self.data, "site_core.settings.dev", self.port), **env}
        self.prod = {**environment(self.data, "site_core.settings.production", self.port), **env}
        self.server = None

    def manage(self, *args, env):
        subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", *args],
            env=env,
            cwd=self.root,
            check=True,
            stdout=subprocess.DEVNULL,
        )

    def prepare(self) -> dict:
        self.manage("migrate", "--no-input", env=self.dev)
        self.manage("load_demo_content", env=self.dev)
        self.manage("collectstatic", "--no-input", env=self.prod)
        out = subprocess.run(  # noqa: S603
            [sys.executable, "-c", URLS],
            env=self.prod,
            cwd=self.root,
            check=True,
            capture_output=True,
            text=True,
        )
        return json.loads(out.stdout.strip().splitlines()[-1])

    def start(self):
        self.server = subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "gunicorn", "site_core.wsgi:application", "--workers", "2"]
            + ["--bind", f"127.0.0.1:{self.port}", "--log-level", "warning"],
            env=self.prod,
            cwd=self.root,
        )
        for _ in range(150):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/", timeout=2)  # noqa: S310
                return
            except OSError:
                time.sleep(0.2)

    def stop(self):
        if self.server:
            self.server.terminate()
            self.server.wait(timeout=20)
        shutil.rmtree(self.data, ignore_errors=True)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("base", type=Path, help="the other checkout (e.g. a git worktree)")
    parser.add_argument("--label", default="compare")
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--pages", nargs="*", default=["minutes", "sheet", "home", "group"])
    parser.add_argument(
        "--misses",
        action="store_true",
        help="this tree with the page cache on, every request a miss (see the module's doc)",
    )
    args = parser.parse_args(argv)
    if not shutil.which("wrk"):
        sys.exit("wrk is required (apt-get install wrk)")
    trees = {"base": Tree(args.base.resolve()), "this": Tree(ROOT, page_cache=args.misses)}
    script = None
    if args.misses:
        script = Path(tempfile.mkdtemp(prefix="maillage-compare-lua-")) / "misses.lua"
        script.write_text(MISSES_LUA)
    try:
        urls = {name: tree.prepare() for name, tree in trees.items()}
        for tree in trees.values():
            tree.start()
        figures = {page: {"base": [], "this": []} for page in args.pages}
        for _ in range(args.rounds):
            for page in args.pages:
                for name, tree in trees.items():
                    url = f"http://127.0.0.1:{tree.port}{urls[name][page]}"
                    figures[page][name].append(wrk(url, args.seconds, script=script))
        result = {}
        for page, runs in figures.items():
            best = {name: max(r["req_per_s"] for r in rs) for name, rs in runs.items()}
            median = {
                name: statistics.median(r["req_per_s"] for r in rs) for name, rs in runs.items()
            }
            result[page] = {
                "urls": {name: urls[name][page] for name in trees},
                "best_req_per_s": best,
                "median_req_per_s": median,
                "ratio_best": round(best["this"] / best["base"], 2) if best["base"] else None,
                "runs": runs,
            }
            print(
                f"{page:<10} base {best['base']:>7.1f}  this {best['this']:>7.1f} req/s  "
                f"×{result[page]['ratio_best']}",
                flush=True,
            )
    finally:
        for tree in trees.values():
            tree.stop()
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%d-%H%M")
    out = {
        "label": args.label,
        "date": stamp,
        "base": str(args.base),
        "cpus": os.cpu_count(),
        "wrk": f"-t2 -c16 -d{args.seconds}s --timeout 10s, {args.rounds} interleaved rounds",
        "server": "gunicorn, 2 sync workers each, production settings, SQLite, "
        + (
            "this tree: PAGE_CACHE=true, every request a miss (own query string)"
            if args.misses
            else "PAGE_CACHE=false"
        ),
        "load_average_at_end": os.getloadavg(),
        "pages": result,
    }
    results = ROOT / "benchmarks" / "results"
    results.mkdir(exist_ok=True)
    path = results / f"compare-{args.label}-{stamp}.json"
    path.write_text(json.dumps(out, indent=2, ensure_ascii=False) + "\n")
    print(f"-> {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
