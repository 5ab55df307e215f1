"""Background work: the extraction of imported articles, one task per article, so progress is
visible article by article and one failure never sinks a batch. Run by `manage.py db_worker`
(django-tasks-db); tests use Django's immediate backend."""

import logging
from contextlib import nullcontext

from django.db import transaction
from django.tasks import task

from kzclaims.models import Article

logger = logging.getLogger(__name__)


@task
def extract_article_task(article_id: int) -> str:
    """Extracts one article's claims: pending → running → done or failed (with the reason)."""
    from kzclaims.extraction.store import extract_article  # spaCy loads only in the worker

    article = Article.objects.select_related("outlet").filter(pk=article_id).first()
    if article is None:
        return "missing"
    Article.objects.filter(pk=article_id).update(
        extraction_status=Article.Extraction.RUNNING, extraction_error=""
    )
    try:
        extract_article(article)
    except Exception as error:
        # The extractor marks the article failed itself; this covers failures before it could.
        Article.objects.filter(pk=article_id, extraction_status=Article.Extraction.RUNNING).update(
            extraction_status=Article.Extraction.FAILED,
            extraction_error=f"{type(error).__name__}: {error}"[:2000],
        )
        logger.warning("Extraction of article %s failed: %s", article_id, error)
        raise
    return "done"


def enqueue_extraction(article_ids) -> int:
    """Marks the articles pending and enqueues one extraction task each, once the current
    transaction commits (a worker must never look for an article that is not there yet)."""
    ids = list(article_ids)
    if not ids:
        return 0
    Article.objects.filter(pk__in=ids).update(
        extraction_status=Article.Extraction.PENDING, extraction_error=""
    )

    def enqueue():
        backend = extract_article_task.get_backend()
        # A queue that stores tasks (django-tasks-db) takes them all in one transaction: one
        # commit for a batch of ten thousand, not ten thousand. A backend that runs tasks at
        # once (tests) runs each on its own.
        queued = transaction.atomic if backend.supports_defer else nullcontext
        with queued():
            for article_id in ids:
                extract_article_task.enqueue(article_id)

    transaction.on_commit(enqueue)
    return len(ids)
