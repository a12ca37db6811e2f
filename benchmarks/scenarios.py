"""What the bench measures: dashboard pages, posts-list variants, exports, ingestion and roll-ups, each with
the baseline of the same run (naive aggregate, Django's stock count and OR search, in-memory import-export,
per-row get_or_create)."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
import time
from datetime import timedelta

from django.core.cache import cache
from django.core.management import call_command
from django.db.models import Count, Q
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from admin_dashboards.caching import empty_caches
from admin_dashboards.warming import warm_dashboards
from analytics.models import Post
from analytics.selectors.periods import PRESET_DAYS
from benchmarks.load import ROOT, child_env
from benchmarks.measure import Row, time_calls, time_get
from benchmarks.seed import POPULAR_TAGS, rare_word, remote_id_of

PERIODS = (30, 90, 365)
PAGE_TARGET = "< 300 ms"


def dashboard_rows(client: Client, repeat: int) -> list[Row]:
    rows = []
    post_id = Post.all_objects.order_by("-posted_at").values_list("pk", flat=True).first()
    pages = [("unified", reverse("admin:index"))]
    pages += [(f"platform {p}", reverse("admin:admin_dashboards_platform", args=[p]))
              for p in ("mastodon", "pixelfed", "instagram")]
    pages += [("comparison", reverse("admin:admin_dashboards_comparison")),
              ("best time", reverse("admin:admin_dashboards_best_time")),
              ("hashtags", reverse("admin:admin_dashboards_hashtags")),
              ("growth", reverse("admin:admin_dashboards_growth")),
              ("fans", reverse("admin:admin_dashboards_fans")),
              ("content", reverse("admin:admin_dashboards_content")),
              ("decay", reverse("admin:admin_dashboards_decay"))]
    for name, url in pages:
        for days in PERIODS:
            page = f"{url}?{period_query(days)}"
            p50, p95, queries = time_get(client, page, repeat)
            baseline = naive_aggregate(days, repeat) if name == "unified" else ""
            rows.append(Row("dashboards", f"{name}, {days} d", p50, p95, queries, baseline, PAGE_TARGET,
                            extra={"url": page}))
    for days in PERIODS:  # the first request per filter set and roll-up, in any worker: nothing cached
        page = f"{reverse('admin:index')}?{period_query(days)}"
        p50, p95, queries = time_get(client, page, repeat, before=empty_caches)
        rows.append(Row("dashboards", f"unified, {days} d, cache cold", p50, p95, queries, "", PAGE_TARGET,
                        note="both caches emptied before each request", extra={"url": page}))
    rows.append(warm_up_row())
    for name in ("fans", "content", "best_time", "decay"):  # computed from posts and events, kept per roll-up
        label = name.replace("_", " ")
        page = f"{reverse(f'admin:admin_dashboards_{name}')}?{period_query(30)}"
        p50, p95, queries = time_get(client, page, repeat, before=cache.clear)
        rows.append(Row("dashboards", f"{label}, 30 d, first request after the roll-up", p50, p95, queries, "",
                        PAGE_TARGET, note="warmed by the job; this worker's own cache emptied",
                        extra={"url": page}))
        page = f"{reverse(f'admin:admin_dashboards_{name}')}?{period_query(365)}"
        p50, p95, queries = time_get(client, page, min(repeat, 2), before=empty_caches)
        rows.append(Row("dashboards", f"{label}, 365 d range, first request", p50, p95, queries, "",
                        PAGE_TARGET, note="no preset: computed by the first request after each roll-up",
                        extra={"url": page}))
    page = reverse("admin:admin_dashboards_post_detail", args=[post_id])
    p50, p95, queries = time_get(client, page, repeat)
    rows.append(Row("dashboards", "post detail", p50, p95, queries, "", PAGE_TARGET, extra={"url": page}))
    return rows


def warm_up_row() -> Row:
    """The job that runs after each roll-up and ranking, on caches emptied first (its full cost)."""
    empty_caches()
    started = time.perf_counter()
    message = warm_dashboards()
    seconds = time.perf_counter() - started
    return Row("dashboards", "warm-up job (after each roll-up and ranking)", seconds * 1000, seconds * 1000, None,
               note=message)


def period_query(days: int) -> str:
    """The filter form's query for the last `days` days: a preset, else a date range (365 is no preset, and
    `period=365` would silently fall back to the default 30 days)."""
    if days in PRESET_DAYS:
        return f"period={days}"
    today = timezone.localdate()
    return f"period=range&start={today - timedelta(days=days - 1):%Y-%m-%d}&end={today:%Y-%m-%d}"


def naive_aggregate(days: int, repeat: int) -> str:
    """The naive per-request aggregate: engagement of the period counted from the event tables."""
    since = timezone.now() - timedelta(days=days)

    def run():
        list(Post.objects.filter(posted_at__gte=since).values("account_id")
             .annotate(likes=Count("likes", distinct=True), shares=Count("shares", distinct=True)))

    _, p95, _ = time_calls(run, max(1, repeat // 3))
    return f"naive aggregate from events: p95 {p95:,.0f} ms"


def list_variants() -> dict[str, str]:
    return {
        "unfiltered": "",
        "sorted by likes": "o=6",
        "sorted by likes, descending": "o=-6",
        "rare caption word": f"q={rare_word()}",
        "popular #tag": f"q=%23tag{POPULAR_TAGS // 2}",
        "remote id": f"q={remote_id_of(17)}",
        "platform + last 30 days": "platform__exact=instagram&posted_at_from="
                                   + (timezone.now() - timedelta(days=30)).strftime("%Y-%m-%d"),
    }


def posts_list_rows(client: Client, repeat: int) -> list[Row]:
    url = reverse("admin:analytics_post_changelist")
    rows = []
    for name, query in list_variants().items():
        page = f"{url}?{query}"
        p50, p95, queries = time_get(client, page, repeat)
        rows.append(Row("posts list", name, p50, p95, queries, stock_admin(name, query, repeat), PAGE_TARGET,
                        extra={"url": page}))
    return rows


def stock_admin(name: str, query: str, repeat: int) -> str:
    """Django's stock changelist SQL for the same request: exact COUNT(*), the OR search, then one page."""
    queryset = Post.all_objects.select_related("account__instance", "summary")
    term = query.partition("q=")[2].replace("%23", "#")
    if term:
        queryset = queryset.filter(Q(caption_text__icontains=term) | Q(remote_id__iexact=term))
    order = "summary__likes" if name.startswith("sorted") else "-posted_at"

    def run():
        queryset.count()
        list(queryset.order_by(order)[:100])

    _, p95, _ = time_calls(run, max(1, repeat // 3))
    return f"stock count + OR search: p95 {p95:,.0f} ms"


def export_rows(max_rows: int) -> list[Row]:
    """Each export runs in its own process (`bench_export`), which reports its own peak RSS (VmHWM)."""
    total = Post.all_objects.count() if not max_rows else min(max_rows, Post.all_objects.count())
    baseline_rows = min(total, 20_000)
    base = run_export("csv", baseline_rows, in_memory=True)
    projected = base["seconds"] * total / max(baseline_rows, 1)
    baseline = (f"import-export in memory: {baseline_rows:,} rows {base['seconds']:.1f} s, peak {base['rss']:.0f} MB "
                f"(≈ {projected:.0f} s for {total:,})")
    rows = []
    for file_format, target in (("csv", "< 30 s, < 150 MB at 1M"), ("xlsx", "< 120 s at 1M")):
        result = run_export(file_format, max_rows)
        rows.append(Row("exports", f"posts {file_format.upper()}, {result['rows']:,} rows", result["seconds"] * 1000,
                        result["seconds"] * 1000, None, baseline, target,
                        note=f"peak RSS {result['rss']:.0f} MB, file {result['bytes'] / 1e6:.1f} MB, no temp file"))
    return rows


def run_export(file_format: str, rows: int, *, in_memory: bool = False) -> dict:
    argv = [sys.executable, str(ROOT / "manage.py"), "bench_export", "--format", file_format, "--rows", str(rows)]
    if in_memory:
        argv.append("--in-memory")
    env = child_env()
    child = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)  # noqa: S603 (fixed argv)
    if child.returncode:
        raise RuntimeError(f"bench_export {file_format} failed ({child.returncode}): {child.stderr[-500:]}")
    return json.loads(child.stdout.strip().splitlines()[-1])


def ingestion_rows(scale: float) -> list[Row]:
    """The existing benchmark_ingest (bulk store_engagers vs per-row get_or_create), sized to the scale."""
    posts = 1000 if scale >= 0.1 else max(10, round(10_000 * scale))
    per_row = 5000 if scale >= 0.1 else 200
    out = io.StringIO()
    call_command("benchmark_ingest", posts=posts, likes_per_post=100, per_row_likes=per_row, stdout=out)
    text = out.getvalue()
    bulk = re.search(r"bulk upsert .*?: (\d+) likes in ([\d.]+) s = ([\d,]+) likes/s", text)
    rerun = re.search(r"nothing new \(idempotent\): ([\d.]+) s", text)
    row_rate = re.search(r"per-row get_or_create .*?= ([\d,]+) likes/s", text)
    speedup = re.search(r"speed-up: ([\d.]+)x", text)
    seconds = float(bulk.group(2))
    return [Row("ingestion", f"{int(bulk.group(1)):,} likes, bulk store_engagers", seconds * 1000, seconds * 1000,
                None, f"per-row get_or_create: {row_rate.group(1)} likes/s", "< 5 s at load ≤ 2, ≥ 50x",
                note=f"{bulk.group(3)} likes/s, {speedup.group(1)}x per-row; re-run {rerun.group(1)} s")]


def rollup_row(seconds: float, peak_mb: float) -> Row:
    return Row("roll-ups", "full rebuild (rebuild_rollups(full=True))", seconds * 1000, seconds * 1000, None,
               "", "< 60 s, < 300 MB at 1M", note=f"+{peak_mb:.0f} MB RSS")
