# The site under gunicorn, for docker-compose.yml.
FROM python:3.12-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=site_core.settings.production
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends libpq5 postgresql-client libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core && rm -rf /var/lib/apt/lists/*
COPY pyproject.toml README.md ./
RUN pip install --no-cache-dir -e .
COPY . .
RUN DJANGO_SECRET_KEY=build-only-collectstatic-key-not-used-at-run-time-000000 \
    python manage.py collectstatic --no-input
RUN useradd --system --home /app maillage && mkdir -p /data/media /data/static /data/backups && chown -R maillage /data
USER maillage
EXPOSE 8000
CMD ["gunicorn", "site_core.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
