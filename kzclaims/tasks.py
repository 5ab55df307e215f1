"""Background work: the extraction of imported articles, one task per article, so progress is
visible article by article and one failure never sinks a batch. Run by `manage.py db_worker`
(django-tasks-db, with kzclaims's recovery: management/commands/db_worker.py); tests use
Django's immediate backend.

Nothing stays stuck: a task takes a lease on its article (KZCLAIMS_EXTRACTION_LEASE_SECONDS)
and renews it from a heartbeat thread while it works; if its worker dies the lease lapses, and
`recover_stalled_extractions` (run by every worker between tasks, and by Retry) enqueues the
article again. A long extraction is never mistaken for a dead one."""

import datetime as dt
import logging
import threading
from contextlib import contextmanager

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.db.models import Q
from django.tasks import task
from django.utils import timezone

from kzclaims.models import Article

logger = logging.getLogger(__name__)
Extraction = Article.Extraction


def lease_seconds() -> float:
    return settings.KZCLAIMS_EXTRACTION_LEASE_SECONDS


STALLED_REASON = "The worker stopped during the extraction (its lease lapsed); retry it."


def stalled_q() -> Q:
    """Articles marked running whose lease has lapsed: their worker died."""
    return Q(extraction_status=Extraction.RUNNING) & (
        Q(extraction_lease_until__lt=timezone.now()) | Q(extraction_lease_until__isnull=True)
    )


def stalled(articles):
    return articles.filter(stalled_q())


def _take_lease(article_id: int) -> bool:
    """Marks the article running for this worker, unless it is already extracted (since it was
    enqueued: enqueueing marks it pending) or another live worker holds it."""
    return bool(
        Article.objects.filter(pk=article_id)
        .filter(
            Q(extraction_status__in=[Extraction.PENDING, Extraction.FAILED])
            | Q(pk__in=stalled(Article.objects.filter(pk=article_id)).values("pk"))
        )
        .update(
            extraction_status=Extraction.RUNNING,
            extraction_error="",
            extraction_lease_until=_lease_until(),
        )
    )


def _lease_until() -> dt.datetime:
    return timezone.now() + dt.timedelta(seconds=lease_seconds())


@contextmanager
def heartbeat(article_id: int):
    """Renews the article's lease every third of the lease while the block runs, from a thread
    with its own database connection (the extraction's may be inside a transaction)."""
    stop = threading.Event()

    def beat():
        try:
            while not stop.wait(lease_seconds() / 3):
                try:
                    Article.objects.filter(
                        pk=article_id, extraction_status=Extraction.RUNNING
                    ).update(extraction_lease_until=_lease_until())
                except DatabaseError as error:  # the next beat tries again
                    logger.warning("Lease of article %s not renewed: %s", article_id, error)
        finally:
            connection.close()

    thread = threading.Thread(target=beat, name=f"lease-{article_id}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


@task
def extract_article_task(article_id: int) -> str:
    """Extracts one article's claims: pending → running → done or failed (with the reason)."""
    from kzclaims.extraction.store import extract_article  # spaCy loads only in the worker

    if not _take_lease(article_id):
        exists = Article.objects.filter(pk=article_id).exists()
        return "skipped: extracted or being extracted by another worker" if exists else "missing"
    article = Article.objects.select_related("outlet").get(pk=article_id)
    try:
        with heartbeat(article_id):
            extract_article(article)
    except Exception as error:
        # The extractor marks the article failed itself; this covers failures before it could.
        Article.objects.filter(pk=article_id, extraction_status=Extraction.RUNNING).update(
            extraction_status=Extraction.FAILED,
            extraction_error=f"{type(error).__name__}: {error}"[:2000],
            extraction_lease_until=None,
        )
        logger.warning("Extraction of article %s failed: %s", article_id, error)
        raise
    return "done"


def enqueue_extraction(article_ids) -> int:
    """Marks the articles pending and enqueues one extraction task each. A queue that stores its
    tasks in this database (django-tasks-db) gets them in the caller's transaction: they commit
    together with the articles or not at all, and a worker sees neither before the commit. A
    backend that runs tasks at once (tests) runs them once the transaction has committed."""
    ids = list(article_ids)
    if not ids:
        return 0
    Article.objects.filter(pk__in=ids).update(
        extraction_status=Extraction.PENDING, extraction_error="", extraction_lease_until=None
    )

    def enqueue():
        for article_id in ids:
            extract_article_task.enqueue(article_id)

    if extract_article_task.get_backend().supports_defer:
        # One transaction for a batch of ten thousand, not ten thousand commits.
        with transaction.atomic():
            enqueue()
    else:
        transaction.on_commit(enqueue)
    return len(ids)


def _fail_orphaned_task_results(before: dt.datetime) -> int:
    """django-tasks-db leaves the task row of a killed worker "running" for ever; marks those
    older than the lease failed, so the admin's task list tells the truth."""
    from django_tasks_db.models import DBTaskResult, TaskResultStatus

    return DBTaskResult.objects.filter(
        status=TaskResultStatus.RUNNING,
        task_path=extract_article_task.module_path,
        started_at__lt=before,
    ).update(
        status=TaskResultStatus.FAILED,
        finished_at=timezone.now(),
        exception_class_path="kzclaims.tasks.WorkerLost",
        traceback="The worker running this task stopped (its lease lapsed); "
        "the article was enqueued again.",
    )


def recover_stalled_extractions() -> int:
    """Enqueues again every article whose extraction lease lapsed; returns how many."""
    with transaction.atomic():
        ids = list(
            stalled(Article.objects.select_for_update(skip_locked=True)).values_list(
                "pk", flat=True
            )
        )
        if ids:
            logger.warning("Extraction of %d article(s) stalled; enqueued again", len(ids))
            enqueue_extraction(ids)
    if extract_article_task.get_backend().supports_defer:
        _fail_orphaned_task_results(timezone.now() - dt.timedelta(seconds=lease_seconds()))
    return len(ids)
