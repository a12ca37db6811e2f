"""`manage.py bench --scale S`: seed the realistic dataset (PostgreSQL, set-based SQL), build roll-ups with the
project's own rebuild, measure every dashboard, posts-list variant, export, ingestion path, report (PDF, CSV
zip, scheduled sends) and a 20-user load test beside same-run baselines, print the table and write it into
docs/benchmarks.md."""

from __future__ import annotations

import os
import time
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client
from django.utils import timezone

from analytics.models import AccountDailyStats, DailyTopPost, HashtagStats
from analytics.services.maintenance.flows import rebuild_rollups
from benchmarks import scenarios
from benchmarks.load import load_test
from benchmarks.measure import PeakRSS, explain_slowest
from benchmarks.report import table, write_docs
from benchmarks.reports import report_rows
from benchmarks.rollups import incremental_rows
from benchmarks.seed import Sizes, seed

DOCS = Path(settings.BASE_DIR) / "docs" / "benchmarks.md"


class Command(BaseCommand):
    help = "Seed the realistic dataset at --scale and measure pages, lists, exports, ingestion, reports and load."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--scale", type=float, default=0.1, help="1 = 1M posts, 19.5M likes (issue 12).")
        parser.add_argument("--repeat", type=int, default=10, help="Timed requests per page (p50/p95 over them).")
        parser.add_argument("--reuse", action="store_true", help="Measure the data already seeded.")
        parser.add_argument("--rebuild", action="store_true",
                            help="With --reuse: empty the roll-up tables and time their full rebuild again.")
        parser.add_argument("--users", type=int, default=20)
        parser.add_argument("--load-seconds", type=float, default=30)
        parser.add_argument("--export-rows", type=int, default=0, help="Cap the export (0 = every post).")
        parser.add_argument("--reports", type=int, default=100,
                            help="Scheduled reports due in the same minute, sent through the locmem backend.")
        parser.add_argument("--skip", nargs="*", default=[],
                            choices=["rollups", "dashboards", "list", "exports", "ingestion", "reports", "load"])
        parser.add_argument("--no-docs", action="store_true", help="Print only; leave docs/benchmarks.md alone.")

    def handle(self, *args, scale: float, repeat: int, reuse: bool, rebuild: bool, users: int, load_seconds: float,
               export_rows: int, reports: int, skip: list[str], no_docs: bool, **options) -> None:
        load_start = os.getloadavg()
        sizes = Sizes.at(scale)
        self.stdout.write(f"bench at scale {scale}: {sizes}; load average {_load(load_start)}")
        rows, seeded, full_rebuild_ms = [], "", None
        if not reuse or rebuild:
            if not reuse:
                started = time.perf_counter()
                seed(sizes, self.stdout.write)
                seeding = f"seeded in {time.perf_counter() - started:.0f} s (set-based SQL)"
            else:
                seeding = "reused the seeded data"
                empty_rollups()
            with PeakRSS() as memory:
                started = time.perf_counter()
                rebuild_rollups(full=True)
                rollups = time.perf_counter() - started
            rows.append(scenarios.rollup_row(rollups, memory.grown))
            full_rebuild_ms = rollups * 1000
            seeded = f"{seeding}, roll-ups {rollups:.0f} s"
            self.stdout.write(seeded)
        user = self._superuser()
        client = Client(HTTP_HOST="localhost")
        client.force_login(user)
        steps = [("rollups", lambda: incremental_rows(min(repeat, 3), full_rebuild_ms=full_rebuild_ms)),
                 ("dashboards", lambda: scenarios.dashboard_rows(client, repeat)),
                 ("list", lambda: scenarios.posts_list_rows(client, repeat)),
                 ("exports", lambda: scenarios.export_rows(export_rows)),
                 ("ingestion", lambda: scenarios.ingestion_rows(scale)),
                 ("reports", lambda: report_rows(client, repeat, reports)),
                 ("load", lambda: load_test(user, users=users, seconds=load_seconds))]
        for name, step in steps:
            if name in skip:
                continue
            new_rows = step()
            rows.extend(new_rows)
            for row in new_rows:
                self.stdout.write(f"{row.section:<11} {row.name:<40} p50 {row.p50 or 0:9.1f} ms  "
                                  f"p95 {row.p95 or 0:9.1f} ms  queries {row.queries or '-':>3}  {row.verdict}  "
                                  f"{row.note}  | {row.baseline}")
        plans = _plans_of_misses(rows)
        load_end = os.getloadavg()
        flags = (" --reuse" if reuse else "") + (" --rebuild" if reuse and rebuild else "")
        header = (f"Run {timezone.now():%Y-%m-%d %H:%M} UTC, "
                  f"`manage.py bench --scale {scale} --repeat {repeat}{flags}`: "
                  f"{sizes.posts:,} posts, {sizes.accounts} accounts, {sizes.actors:,} actors; {seeded}. "
                  f"Load average at start {_load(load_start)}, at end {_load(load_end)}.")
        self.stdout.write(table(rows))
        self.stdout.write(f"load average at end {_load(load_end)}")
        self.stdout.write(plans)
        if not no_docs:
            write_docs(DOCS, header, rows, plans)
            self.stdout.write(f"wrote {DOCS}")

    def _superuser(self):
        user, _ = get_user_model().objects.get_or_create(
            username="bench-admin", defaults={"is_staff": True, "is_superuser": True})
        return user


def empty_rollups() -> None:
    """The roll-up tables as a fresh seed leaves them, so a rebuild on reused data times the same work."""
    tables = [model._meta.db_table for model in (AccountDailyStats, DailyTopPost, HashtagStats)]
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(tables)}")


def _plans_of_misses(rows, worst: int = 3) -> str:
    """EXPLAIN ANALYZE of the slowest statement of the pages that missed their target by most."""
    missed = sorted((row for row in rows if row.verdict.startswith("missed") and "url" in row.extra),
                    key=lambda row: row.p95 or 0, reverse=True)[:worst]
    return "\n\n".join(f"{row.section} / {row.name} (p95 {row.p95:,.0f} ms): slowest statement "
                         + explain_slowest(row.extra["url"]) for row in missed)


def _load(values) -> str:
    return " / ".join(f"{value:.2f}" for value in values)
