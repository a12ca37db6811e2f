"""`manage.py bench_export`: one export of the posts dataset in a fresh process, so its peak memory is its own;
prints one JSON line (rows, seconds, output bytes, peak RSS in MB) for `manage.py bench`."""

from __future__ import annotations

import json
import tempfile
import time
from pathlib import Path

from django.core.management.base import BaseCommand

from analytics.exports.columns import DATASETS
from analytics.exports.resources import EXPORT_RESOURCES
from analytics.exports.streaming import stream_dataset
from analytics.models import Post


class Command(BaseCommand):
    help = "Export N posts (streaming CSV/XLSX, or django-import-export in memory) and print the figures."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--format", choices=["csv", "xlsx"], default="csv")
        parser.add_argument("--rows", type=int, default=0, help="0 = every post.")
        parser.add_argument("--in-memory", action="store_true", help="The baseline: import-export's resource.")

    def handle(self, *args, format: str, rows: int, in_memory: bool, **options) -> None:
        queryset = Post.all_objects.order_by("pk")
        if rows:
            queryset = queryset[:rows]
        with tempfile.TemporaryDirectory() as directory:
            path = Path(directory) / f"posts.{format}"
            started = time.perf_counter()
            if in_memory:
                data = EXPORT_RESOURCES["posts"]().export(queryset=queryset)
                content = data.export(format)
                path.write_bytes(content if isinstance(content, bytes) else content.encode())
                written = len(data)
            else:
                written = stream_dataset(queryset, DATASETS["posts"], format, path)
            seconds = time.perf_counter() - started
            self.stdout.write(json.dumps({"rows": written, "seconds": seconds, "bytes": path.stat().st_size,
                                          "rss": _peak_rss_mb()}))


def _peak_rss_mb() -> float:
    """VmHWM: this process's own peak (ru_maxrss would carry the parent's peak across fork and exec)."""
    with open("/proc/self/status") as status:
        line = next(line for line in status if line.startswith("VmHWM:"))
    return int(line.split()[1]) / 1024
