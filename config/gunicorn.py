"""gunicorn settings for the web container (docs/operations.md, "Web server"): threaded workers sized to the
machine, requests bounded in time, workers recycled so a slow leak never grows without limit."""

from __future__ import annotations

import multiprocessing
import os

# One process per core keeps CPU-bound template rendering parallel; threads inside each process cover the
# time a request waits on PostgreSQL. More threads only fight over the GIL: at 1M posts with 20 users and no
# think time, 2 workers x 4 threads served 60.6 requests/s (p95 0.72/0.76 s), x 8 threads 47.2 (p95
# 1.13/1.31 s), x 2 threads 65.7 (p95 0.60/0.65 s); 4 keeps 8 requests in flight for the slow first
# requests of a cold page (docs/load-test.md, "Threads per worker").
workers = int(os.environ.get("WEB_CONCURRENCY", max(2, multiprocessing.cpu_count())))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", 4))
bind = os.environ.get("GUNICORN_BIND", f"0.0.0.0:{os.environ.get('PORT', '8000')}")

# A page that has not answered in 30 s is stuck: the worker is restarted instead of holding a slot forever.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
graceful_timeout = 30
keepalive = 5

# Recycle each worker after about 5,000 requests (jittered so they do not all restart at once): a guard
# against a slow leak. Load the application once in the master, so a recycled worker is a fork of it,
# ready at once. At 1,000 requests without preloading, each recycle imported Django and the project again
# while that worker's requests waited: the paced 20-user test's p95 went from 74-117 ms (no recycle) to
# 0.3-1.6 s; with preloading 132-365 ms (docs/load-test.md). No connection or thread exists at import.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 5000))
max_requests_jitter = 500
preload_app = True

accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
# Behind the TLS-terminating proxy only: trust its X-Forwarded-* headers.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
