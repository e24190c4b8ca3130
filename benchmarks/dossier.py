"""`python -m benchmarks.dossier` (part of `make bench`): how long a group's dossier takes to build.

Targets (issue 15): a demo group's dossier in under 10 s, one of 200 minutes in under 60 s, on
these 2-core machines. Runs on a temporary SQLite database: migrate, load the demo content, build
the dossier of each demo group, then of a group of 200 minutes (participants, a body and three
register rows each). Prints a table and writes benchmarks/results/dossier-latest.json.
"""

import datetime
import io
import json
import os
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
TARGET_DEMO_S = 10
TARGET_200_S = 60


def main():
    load_at_start = [round(x, 1) for x in os.getloadavg()]
    workdir = Path(tempfile.mkdtemp(prefix="bench-dossier-"))
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site_core.settings.test")
    os.environ["MEDIA_ROOT"] = str(workdir / "media")
    import django

    django.setup()
    from django.core.management import call_command
    from django.test.utils import override_settings

    call_command("migrate", verbosity=0)
    with override_settings(MEDIA_ROOT=str(workdir / "media")):
        call_command("load_demo_content", stdout=io.StringIO())
        results = {"demo": demo_dossiers(), "large": large_dossier(200)}
    results["date"] = datetime.date.today().isoformat()
    results["load_average_at_start"] = load_at_start
    results["load_average_at_end"] = [round(x, 1) for x in os.getloadavg()]
    (HERE / "results").mkdir(exist_ok=True)
    (HERE / "results" / "dossier-latest.json").write_text(json.dumps(results, indent=2))
    print(f"{'group':<40} {'minutes':>8} {'pages':>6} {'seconds':>8} {'cpu s':>6} {'target':>7}")
    for row in results["demo"] + [results["large"]]:
        target = TARGET_200_S if row["minutes"] >= 200 else TARGET_DEMO_S
        ok = "yes" if row["seconds"] <= target else "NO"
        print(
            f"{row['group'][:40]:<40} {row['minutes']:>8} {row['pages']:>6} "
            f"{row['seconds']:>8} {row['cpu_seconds']:>6} {ok:>7}"
        )


def timed_build(group):
    from pypdf import PdfReader

    from working_groups.dossier import build_group_dossier

    started, cpu_started = time.perf_counter(), time.process_time()
    pdf = build_group_dossier(group)
    seconds = round(time.perf_counter() - started, 2)
    cpu_seconds = round(time.process_time() - cpu_started, 2)
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    minutes = group.published_minutes().count()
    return {
        "group": group.title,
        "minutes": minutes,
        "pages": pages,
        "seconds": seconds,
        "cpu_seconds": cpu_seconds,  # less noisy than wall time on a shared machine
    }


def demo_dossiers():
    from working_groups.models import WorkingGroupPage

    return [timed_build(group) for group in WorkingGroupPage.objects.live().order_by("title")]


def large_dossier(count):
    from working_groups.choices import DecisionStatus
    from working_groups.factories import (
        MeetingMinutesDecisionFactory,
        MeetingMinutesPageFactory,
        MeetingMinutesParticipantFactory,
        WorkingGroupPageFactory,
    )
    from working_groups.models import WorkingGroupIndexPage

    index = WorkingGroupIndexPage.objects.first()
    group = WorkingGroupPageFactory(
        parent=index, title="Groupe de deux cents rencontres", slug="deux-cents"
    )
    body = [
        ("heading", {"text": "Ce que nous avons partagé", "level": "h2"}),
        ("paragraph", "<p>" + "Le groupe a comparé ses pratiques d'accueil. " * 12 + "</p>"),
    ]
    for number in range(1, count + 1):
        minutes = MeetingMinutesPageFactory(
            parent=group,
            sequence_number=number,
            meeting_date=datetime.date(2010, 1, 4) + datetime.timedelta(weeks=number),
            body=body,
        )
        for person in range(6):
            MeetingMinutesParticipantFactory(page=minutes, name=f"Personne {person}")
        for status in (DecisionStatus.TO_DO, DecisionStatus.DONE, DecisionStatus.IN_PROGRESS):
            MeetingMinutesDecisionFactory(page=minutes, status=status)
    return timed_build(group)


if __name__ == "__main__":
    main()
