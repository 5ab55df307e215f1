"""Reads for the import screens: how far the extraction of imported articles has got."""

from dataclasses import dataclass

from django.db.models import Count, Q

from kzclaims.models import Article, ImportBatch
from kzclaims.tasks import STALLED_REASON, stalled_q

FAILURES_SHOWN = 50


@dataclass
class Progress:
    total: int
    done: int
    failed: int
    running: int
    pending: int
    failures: list
    batch: ImportBatch | None

    @property
    def active(self) -> bool:
        """Still work to wait for: the fragment keeps polling while this is true."""
        return bool(self.running or self.pending)

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 100


def extraction_progress(*, batch: ImportBatch | None = None) -> Progress:
    """Articles extracted N of M, of one import batch or of every article, with the failures
    and their reasons (newest first)."""
    articles = Article.objects.all()
    if batch is not None:
        articles = articles.filter(import_batch=batch)
    status = Article.Extraction
    # An extraction whose worker died (lease lapsed) counts as failed: it needs a retry.
    failed = Q(extraction_status=status.FAILED) | stalled_q()
    counts = articles.aggregate(
        total=Count("pk"),
        done=Count("pk", filter=Q(extraction_status=status.DONE)),
        failed=Count("pk", filter=failed),
        running=Count("pk", filter=Q(extraction_status=status.RUNNING) & ~stalled_q()),
        pending=Count("pk", filter=Q(extraction_status=status.PENDING)),
    )
    failures = list(
        articles.filter(failed)
        .select_related("outlet")
        .only("pk", "title", "extraction_status", "extraction_error", "outlet__name")
        .order_by("-pk")[:FAILURES_SHOWN]
    )
    for article in failures:
        if article.extraction_status == status.RUNNING:
            article.extraction_error = STALLED_REASON
    return Progress(failures=failures, batch=batch, **counts)
