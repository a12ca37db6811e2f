"""gunicorn settings for the web container (docs/operations.md, "Web server"): threaded workers sized to the
machine, requests bounded in time, workers recycled so a slow leak never grows without limit."""

from __future__ import annotations

import multiprocessing
import os

# One process per core keeps CPU-bound template rendering parallel; threads inside each process cover the
# time a request waits on PostgreSQL. On 2 cores: 2 workers x 8 threads = 16 requests in flight; with 20
# users, 8 threads served 24-28 requests/s against 20-21 with 4 (docs/benchmarks.md, same machine and data).
workers = int(os.environ.get("WEB_CONCURRENCY", max(2, multiprocessing.cpu_count())))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", 8))
bind = os.environ.get("GUNICORN_BIND", f"0.0.0.0:{os.environ.get('PORT', '8000')}")

# A page that has not answered in 30 s is stuck: the worker is restarted instead of holding a slot forever.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
graceful_timeout = 30
keepalive = 5

# Recycle each worker after about a thousand requests (jittered so they do not all restart at once).
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 1000))
max_requests_jitter = 100

accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
# Behind the TLS-terminating proxy only: trust its X-Forwarded-* headers.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
