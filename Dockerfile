# Production image: gunicorn serves the web; the same image runs `python manage.py qcluster`.
FROM python:3.13-slim-bookworm AS build
ENV UV_LINK_MODE=copy UV_COMPILE_BYTECODE=1 UV_PYTHON_DOWNLOADS=never
RUN pip install --no-cache-dir uv
WORKDIR /app
COPY pyproject.toml uv.lock ./
RUN uv sync --frozen --no-dev --no-install-project
COPY . .
# collectstatic needs settings that import; these throwaway values never reach the running image.
RUN DEBUG=0 SECRET_KEY=collectstatic-only TOKEN_ENCRYPTION_KEYS=Y29sbGVjdHN0YXRpYy1vbmx5LW5vdC1hLXJlYWwta2V5ISE= \
    .venv/bin/python manage.py collectstatic --noinput

FROM python:3.13-slim-bookworm
ENV PATH=/app/.venv/bin:$PATH PYTHONUNBUFFERED=1 DJANGO_SETTINGS_MODULE=config.settings
RUN useradd --system --uid 10001 --home /app postflow
WORKDIR /app
COPY --from=build --chown=postflow:postflow /app /app
USER postflow
EXPOSE 8000
# Web by default; run the workers with: docker run IMAGE python manage.py qcluster
# Worker class, count, threads, timeouts and recycling live in config/gunicorn.py (docs/operations.md).
CMD ["gunicorn", "--config", "config/gunicorn.py", "config.wsgi:application"]
