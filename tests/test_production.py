"""The commands docker-compose runs (migrate, collectstatic, gunicorn, the task worker), run here
directly with production settings, since no container engine is available to the suite."""

import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def manage(env, *args):
    run = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    return run.stdout


@pytest.fixture(scope="module")
def production_env(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("production")
    # Only what a container would have: not the suite's own switches (async-unsafe, plain HTTP).
    inherited = {"PATH", "HOME", "LANG", "PYTHONPATH", "TMPDIR"}
    env = {
        **{key: value for key, value in os.environ.items() if key in inherited},
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"sqlite:///{tmp / 'db.sqlite3'}",
        "STATIC_ROOT": str(tmp / "static"),
        "BEHIND_TLS_PROXY": "true",
        "SITE_URL": "https://kzclaims.example.org",
    }
    manage(env, "migrate", "--noinput")
    manage(env, "collectstatic", "--noinput")
    return env


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url, headers=None):
    """GET without following redirects: (status, headers, body)."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        request = urllib.request.Request(url, headers=headers or {})
        with opener.open(request, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


@pytest.fixture(scope="module")
def gunicorn(production_env):
    port = free_port()
    process = subprocess.Popen(
        [BIN / "gunicorn", "kzclaims.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
        cwd=ROOT,
        env=production_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            fetch(base + "/healthz")
            break
        except OSError:
            assert process.poll() is None, process.stdout.read().decode()
            time.sleep(0.2)
    yield base
    process.terminate()
    process.wait(timeout=10)


def test_deploy_check_is_clean_with_production_settings(production_env):
    assert "no issues" in manage(production_env, "check", "--deploy", "--fail-level", "WARNING")


def test_serving_refuses_the_development_key(production_env):
    env = {**production_env, "SECRET_KEY": ""}
    run = subprocess.run(
        [sys.executable, "-c", "import kzclaims.wsgi"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode != 0
    assert "Set SECRET_KEY" in run.stderr


def test_gunicorn_serves_health_over_plain_http(gunicorn):
    status, _, body = fetch(gunicorn + "/healthz")
    assert (status, body) == (200, b'{"status": "ok", "database": "ok"}')


def test_gunicorn_redirects_plain_http_to_https(gunicorn):
    status, headers, _ = fetch(gunicorn + "/")
    assert status == 301
    assert headers["Location"].startswith("https://")


def test_gunicorn_sends_strangers_to_the_login_page(gunicorn):
    status, headers, _ = fetch(gunicorn + "/", {"X-Forwarded-Proto": "https"})
    assert status == 302
    assert headers["Location"].startswith("/accounts/login/")
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    assert "max-age=31536000" in headers["Strict-Transport-Security"]


def test_whitenoise_serves_collected_static_files_with_long_cache(gunicorn, production_env):
    manifest = Path(production_env["STATIC_ROOT"]) / "staticfiles.json"
    hashed = __import__("json").loads(manifest.read_text())["paths"]["admin/css/base.css"]
    # As the TLS-terminating proxy in front of gunicorn would send it.
    status, headers, body = fetch(f"{gunicorn}/static/{hashed}", {"X-Forwarded-Proto": "https"})
    assert status == 200
    assert "immutable" in headers["Cache-Control"]
    assert b"body" in body


def test_the_worker_extracts_what_an_import_enqueued(production_env, tmp_path):
    article = tmp_path / "briefing.txt"
    article.write_text(
        "Ministry reports calm in Almaty\n\n"
        "ALMATY, Jan 9 (Interfax) - The situation in Almaty is calm, the city's police chief "
        'told reporters on Sunday. "All checkpoints are staffed and traffic is moving," he said.\n',
        encoding="utf-8",
    )
    manage(production_env, "import_articles", "--enqueue", str(article))
    report = "from kzclaims.models import Article as A; print(A.objects.get().extraction_status)"
    assert manage(production_env, "shell", "--no-imports", "-c", report).strip() == "pending"

    manage(production_env, "db_worker", "--batch", "--no-startup-delay")

    report = (
        "from kzclaims.models import Article as A; a = A.objects.get(); "
        "print(a.extraction_status, a.outlet.name, a.claims.filter(kind='direct').count())"
    )
    summary = manage(production_env, "shell", "--no-imports", "-c", report).split()
    assert summary == ["done", "Interfax", "1"]
