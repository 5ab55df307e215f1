"""gunicorn's settings for kzclaims, read from the working directory by `gunicorn kzclaims.wsgi`:
the Dockerfile, docker-compose.yml and bench/tagging_load.py all start it so, and nothing else
sets them. Sync workers, (2 x cores) + 1 of them as gunicorn's documentation advises (3 and 4
were set in two places before); WEB_CONCURRENCY and GUNICORN_THREADS override them (more
threads than 1 runs gthread workers). bench/README.md has what was measured."""

import os

workers = int(os.environ.get("WEB_CONCURRENCY") or 2 * (os.cpu_count() or 1) + 1)
threads = int(os.environ.get("GUNICORN_THREADS") or 1)
timeout = 30
