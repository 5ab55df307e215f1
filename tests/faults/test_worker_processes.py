"""Real worker processes under real faults: `manage.py db_worker` killed with SIGKILL in the
middle of a batch (a second worker finishes the batch, the killed task included), and a private
PostgreSQL stopped under a working worker (it backs off, resumes and finishes). Slow by nature:
a few worker start-ups with the spaCy model."""

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from django.db import connection
from django.test import override_settings
from django_tasks_db.models import DBTaskResult, TaskResultStatus

from kzclaims.imports.services import import_articles
from kzclaims.integrity import findings
from kzclaims.models import Article

ROOT = Path(__file__).resolve().parents[2]
LEASE = "3"  # seconds: a killed worker's article is extracted again this soon
PRIVATE_PG_PORT = 5451
BODY = (
    "ALMATY, Jan 10 (Interfax) - Kazakh President Kassym-Jomart Tokayev said the situation had "
    'stabilised in all regions. "Constitutional order has been restored," Tokayev said. The '
    "Interior Ministry said that 5,969 people had been detained. Protesters claimed the rallies "
    "were peaceful, according to local media. "
)


def articles_jsonl(n, tag):
    return "\n".join(
        json.dumps({"outlet": "Interfax", "title": f"{tag} {i}", "body": f"{BODY * 4}[{tag} {i}]"})
        for i in range(n)
    ).encode()


def worker_env(database_url):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL", "KZCLAIMS_TASKS_BACKEND"}
    }
    env.update(
        DATABASE_URL=database_url,
        DEBUG="false",
        KZCLAIMS_EXTRACTION_LEASE_SECONDS=LEASE,
        KZCLAIMS_WORKER_MAX_BACKOFF="2",
        PYTHONUNBUFFERED="1",
    )
    return env


def start_worker(env, log):
    return subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--no-reload", "--interval", "0.2"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def wait_until(condition, *, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


def stop(process):
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def suite_database_url():
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    user = settings["USER"] or "postgres"
    host = settings["HOST"] or "127.0.0.1"
    return f"postgres://{user}@{host}:{settings['PORT'] or 5432}/{settings['NAME']}"


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
def test_a_worker_killed_mid_batch_is_recovered_by_the_next(tmp_path):
    created = import_articles(files=[("batch.jsonl", articles_jsonl(4, "kill"))]).created
    env = worker_env(suite_database_url())
    log = (tmp_path / "workers.log").open("w")
    first = start_worker(env, log)
    second = None
    try:
        wait_until(
            lambda: Article.objects.filter(extraction_status="running").exists(),
            timeout=120,
            what="the first worker to start an extraction",
        )
        first.send_signal(signal.SIGKILL)
        first.wait()
        killed = list(Article.objects.filter(extraction_status="running"))
        assert len(killed) == 1  # before: running for ever, retry refused it
        [orphan] = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING)
        second = start_worker(env, log)
        wait_until(
            lambda: Article.objects.filter(pk__in=created, extraction_status="done").count() == 4,
            timeout=180,
            what="the second worker to finish the batch",
        )
        assert second.poll() is None
        assert Article.objects.get(pk=killed[0].pk).claims.exists()
        # The killed worker's task row no longer claims to be running. (The last task's own row
        # is marked successful just after its article is marked done: wait for it too.)
        wait_until(
            lambda: not DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).exists(),
            timeout=30,
            what="no task row left running",
        )
        orphan.refresh_from_db()
        assert orphan.exception_class_path == "kzclaims.tasks.WorkerLost"
        assert list(findings()) == []
    finally:
        for process in (first, second):
            if process is not None:
                stop(process)
        log.close()


class PrivatePostgres:
    """A throw-away PostgreSQL cluster in a temporary directory, as user postgres, on a port of
    this test's own, so stopping it never touches the shared server."""

    def __init__(self, port):
        self.port = port
        self.dir = Path(tempfile.mkdtemp(prefix="kz_faults_pg_"))
        self.data = self.dir / "data"
        self.as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self.as_postgres:
            self.dir.chmod(0o755)
            shutil.chown(self.dir, "postgres", "postgres")

    def run(self, *command):
        subprocess.run([*self.as_postgres, *command], check=True, capture_output=True, timeout=120)

    def init(self):
        self.run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8")
        self.start()
        self.run(
            "createdb",
            "-h",
            "127.0.0.1",
            "-p",
            str(self.port),
            "-U",
            "postgres",
            "kz_faults_outage",
        )

    def start(self):
        options = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off"
        self.run(
            "pg_ctl",
            "-D",
            str(self.data),
            "-l",
            str(self.dir / "log"),
            "-o",
            options,
            "-w",
            "start",
        )

    def stop(self, mode="fast"):
        self.run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop")

    @property
    def url(self):
        return f"postgres://postgres@127.0.0.1:{self.port}/kz_faults_outage"

    def count(self, status):
        import psycopg

        with psycopg.connect(self.url.replace("postgres://", "postgresql://")) as conn:
            row = conn.execute(
                "SELECT count(*) FROM kzclaims_article WHERE extraction_status = %s", [status]
            ).fetchone()
        return row[0]

    def remove(self):
        with contextlib.suppress(subprocess.CalledProcessError):
            self.stop("immediate")
        shutil.rmtree(self.dir, ignore_errors=True)


@pytest.fixture
def private_postgres():
    if connection.vendor != "postgresql":
        pytest.skip("runs in the PostgreSQL leg of the suite")
    if not shutil.which("initdb") or not shutil.which("pg_ctl"):
        pytest.skip("PostgreSQL's server programs (initdb, pg_ctl) are not on the PATH")
    server = PrivatePostgres(PRIVATE_PG_PORT)
    try:
        server.init()
        yield server
    finally:
        server.remove()


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


def test_a_worker_rides_out_a_database_outage(private_postgres, tmp_path):
    env = worker_env(private_postgres.url)
    manage(env, "migrate", "--noinput")
    batch = tmp_path / "before.jsonl"
    batch.write_bytes(articles_jsonl(3, "before"))
    manage(env, "import_articles", str(batch), "--enqueue")
    log_path = tmp_path / "worker.log"
    log = log_path.open("w")
    worker = start_worker(env, log)
    try:
        wait_until(
            lambda: private_postgres.count("done") >= 1,
            timeout=120,
            what="the worker's first extraction",
        )
        private_postgres.stop()
        time.sleep(4)
        # Before: the worker exited on the first OperationalError.
        assert worker.poll() is None, log_path.read_text()
        private_postgres.start()
        wait_until(
            lambda: private_postgres.count("done") == 3,
            timeout=180,
            what="the worker to finish the batch after the outage",
        )
        after = tmp_path / "after.jsonl"
        after.write_bytes(articles_jsonl(2, "after"))
        manage(env, "import_articles", str(after), "--enqueue")
        wait_until(
            lambda: private_postgres.count("done") == 5,
            timeout=120,
            what="the worker to take new work after the outage",
        )
        assert worker.poll() is None
        assert "Database unavailable" in log_path.read_text()
    finally:
        stop(worker)
        log.close()
