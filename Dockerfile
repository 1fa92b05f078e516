# Image for web, worker and beat (see docker-compose.yml).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app

# WeasyPrint (certificates, badges, calendars) needs Pango and HarfBuzz, and fonts to draw with.
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
    libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*

COPY requirements/base.txt requirements/base.txt
RUN pip install --no-cache-dir -r requirements/base.txt

COPY . .
# Static files and translations are built into the image; the settings need a key to load.
RUN DJANGO_SECRET_KEY=build-only DJANGO_DEBUG=0 python manage.py compile_translations \
 && DJANGO_SECRET_KEY=build-only DJANGO_DEBUG=0 python manage.py collectstatic --noinput

RUN useradd --create-home portal && mkdir -p /data/media && chown -R portal /data
USER portal
EXPOSE 8000
