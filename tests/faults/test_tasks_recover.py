"""Nothing stuck: an extraction whose worker died is recovered (its lease lapses; Retry in the
admin and in the queue's progress works on it; workers re-enqueue it by themselves), and a
command-line import queues its extractions in its own transaction. The process-level proofs
(a real db_worker killed with SIGKILL, a PostgreSQL stopped under a worker) are in
test_worker_processes.py."""

import datetime as dt
import json
import time

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, TaskResultStatus

from kzclaims.imports.selectors import extraction_progress
from kzclaims.imports.services import import_articles
from kzclaims.models import Article
from kzclaims.tasks import (
    STALLED_REASON,
    extract_article_task,
    recover_stalled_extractions,
    stalled_q,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("integrity")]

IMMEDIATE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
BODY = 'ALMATY, Jan 10 (Interfax) - "Order has been restored," Tokayev said on Monday.'


def lines(n):
    records = [
        {"outlet": "Interfax", "title": f"Report {i}", "body": f"{BODY} Report number {i}."}
        for i in range(n)
    ]
    return "\n".join(json.dumps(r) for r in records).encode()


def left_running(article, *, lapsed=True):
    """What a worker killed during the extraction leaves behind."""
    until = timezone.now() + dt.timedelta(seconds=-5 if lapsed else 600)
    Article.objects.filter(pk=article.pk).update(
        extraction_status="running", extraction_lease_until=until
    )


@pytest.fixture
def stuck(seeds):
    left_running(seeds[0])
    return seeds[0]


def test_a_stalled_extraction_shows_as_failed_with_a_retry(client, admin_user, stuck):
    progress = extraction_progress()
    assert (progress.failed, progress.running) == (1, 0)
    assert progress.failures[0].extraction_error == STALLED_REASON
    client.force_login(admin_user)
    fragment = client.get(reverse("imports:progress"))
    assert STALLED_REASON in fragment.text and "Retry" in fragment.text


@override_settings(TASKS=IMMEDIATE)
def test_retry_from_the_queue_recovers_a_stalled_extraction(
    client, admin_user, stuck, django_capture_on_commit_callbacks
):
    client.force_login(admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("imports:retry"), {"article": stuck.pk})
    stuck.refresh_from_db()  # before: left "running" for ever
    assert stuck.extraction_status == "done" and stuck.claims.exists()


@override_settings(TASKS=IMMEDIATE)
def test_retry_from_the_admin_recovers_a_stalled_extraction(
    client, admin_user, stuck, django_capture_on_commit_callbacks
):
    client.force_login(admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("admin:kzclaims_article_changelist"),
            {"action": "retry_extraction", "_selected_action": [stuck.pk]},
        )
    stuck.refresh_from_db()
    assert stuck.extraction_status == "done"


@override_settings(TASKS=IMMEDIATE)
def test_a_live_lease_is_left_alone(client, admin_user, seeds, django_capture_on_commit_callbacks):
    left_running(seeds[0], lapsed=False)
    client.force_login(admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("admin:kzclaims_article_changelist"),
            {"action": "retry_extraction", "_selected_action": [seeds[0].pk]},
        )
        assert recover_stalled_extractions() == 0
    assert Article.objects.get(pk=seeds[0].pk).extraction_status == "running"
    assert extraction_progress().running == 1


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DATABASE_QUEUE)
def test_workers_re_enqueue_stalled_extractions_and_close_the_orphaned_task(stuck):
    orphan = extract_article_task.enqueue(stuck.pk)
    DBTaskResult.objects.filter(pk=orphan.id).update(
        status=TaskResultStatus.RUNNING, started_at=timezone.now() - dt.timedelta(hours=1)
    )
    assert recover_stalled_extractions() == 1
    assert Article.objects.get(pk=stuck.pk).extraction_status == "pending"
    assert DBTaskResult.objects.get(pk=orphan.id).status == TaskResultStatus.FAILED
    assert DBTaskResult.objects.ready().count() == 1
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    assert Article.objects.get(pk=stuck.pk).extraction_status == "done"


@override_settings(TASKS=IMMEDIATE)
def test_a_task_for_an_article_already_extracted_does_nothing(seeds):
    Article.objects.filter(pk=seeds[0].pk).update(extraction_status="done")
    assert extract_article_task.call(seeds[0].pk).startswith("skipped")
    assert not seeds[0].claims.exists()


@override_settings(TASKS=DATABASE_QUEUE)
def test_a_killed_command_line_import_leaves_every_article_queued(tmp_path, monkeypatch):
    path = tmp_path / "batch.jsonl"
    path.write_bytes(lines(3))
    calls = []

    def killed(article, **kwargs):
        calls.append(article.pk)
        raise KeyboardInterrupt  # the operator's Ctrl-C, or the OOM killer, mid-extraction

    monkeypatch.setattr("kzclaims.extraction.store.extract_article", killed)
    with pytest.raises(KeyboardInterrupt):
        call_command("import_articles", str(path), verbosity=0)
    assert len(calls) == 1
    statuses = dict(Article.objects.values_list("pk", "extraction_status"))
    # The one being extracted holds a lease that lapses; the others wait for a worker.
    assert sorted(statuses.values()) == ["pending", "pending", "running"]
    queued = {task.args_kwargs["args"][0] for task in DBTaskResult.objects.ready()}
    assert queued == set(statuses)  # before: no task at all


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DATABASE_QUEUE)
def test_the_command_line_import_extracts_here_and_its_queued_tasks_then_skip(tmp_path):
    path = tmp_path / "batch.jsonl"
    path.write_bytes(lines(2))
    call_command("import_articles", str(path), verbosity=0)
    assert set(Article.objects.values_list("extraction_status", flat=True)) == {"done"}
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    returned = set(DBTaskResult.objects.values_list("return_value", flat=True))
    assert returned == {"skipped: extracted or being extracted by another worker"}


def test_import_enqueues_inside_the_import_transaction(
    settings, django_capture_on_commit_callbacks
):
    settings.TASKS = DATABASE_QUEUE
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        result = import_articles(files=[("b.jsonl", lines(2))])
    assert callbacks == []  # nothing waits for a commit that a kill could prevent
    assert DBTaskResult.objects.ready().count() == len(result.created) == 2


@pytest.mark.django_db(transaction=True)
def test_a_long_extraction_keeps_its_lease_alive(settings, monkeypatch, seeds):
    """The heartbeat renews the lease: an extraction longer than the lease is not taken for a
    dead one (and extracted twice)."""
    settings.KZCLAIMS_EXTRACTION_LEASE_SECONDS = 0.6
    looked = []

    def slow_extraction(article, **kwargs):
        for _ in range(4):
            time.sleep(0.4)
            looked.append(Article.objects.filter(stalled_q()).exists())
        Article.objects.filter(pk=article.pk).update(extraction_status="done")

    monkeypatch.setattr("kzclaims.extraction.store.extract_article", slow_extraction)
    Article.objects.filter(pk=seeds[0].pk).update(extraction_status="pending")
    assert extract_article_task.call(seeds[0].pk) == "done"
    assert looked == [False, False, False, False]
