FROM python:3.12-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app
COPY requirements.lock .
RUN pip install --no-cache-dir --require-hashes --no-deps -r requirements.lock

COPY manage.py pyproject.toml gunicorn.conf.py ./
COPY kzclaims kzclaims
COPY templates templates
COPY static static
COPY fixtures fixtures

RUN useradd --system --uid 1000 --home-dir /app kzclaims \
    && mkdir -p /app/staticfiles && chown kzclaims /app/staticfiles
USER kzclaims

EXPOSE 8000
# Workers and threads: gunicorn.conf.py (WEB_CONCURRENCY, GUNICORN_THREADS).
CMD ["gunicorn", "kzclaims.wsgi", "--bind", "0.0.0.0:8000", "--access-logfile", "-"]
