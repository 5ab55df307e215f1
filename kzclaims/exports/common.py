"""What every export format reads: the selected claims as plain tuples, a chunk at a time, with
the figures of each chunk fetched in one extra query. Plain values rather than model instances
keep a million-row export fast and its memory flat (the article body is never loaded)."""

from collections import defaultdict
from itertools import batched

from django.db.models import QuerySet

from kzclaims.models import Figure

CHUNK_SIZE = 2000

FIELDS = (
    "id",
    "article_id",
    "article__title",
    "article__url",
    "article__published",
    "article__outlet__name",
    "speaker__name",
    "speaker__speaker_type",
    "speaker_mention",
    "kind",
    "content",
    "cue",
    "cue_stance",
    "channel",
    "via",
    "status",
    "reviewed_by__username",
    "reviewed_at",
    "note",
    "evidence_url",
    "framing",
    "confidence",
)


def claim_rows(claims: QuerySet, *, chunk_size: int = CHUNK_SIZE):
    """Yields (row, figures) for every claim of `claims`, in its order: `row` is a dict of FIELDS
    and `figures` a list of (text, value, subject)."""
    values = claims.values_list(*FIELDS).iterator(chunk_size=chunk_size)
    for chunk in batched(values, chunk_size):
        figures = defaultdict(list)
        ids = [row[0] for row in chunk]
        for claim_id, text, value, subject in (
            Figure.objects.filter(claim_id__in=ids)
            .order_by("claim_id", "id")
            .values_list("claim_id", "text", "value", "subject")
        ):
            figures[claim_id].append((text, value, subject))
        for row in chunk:
            yield dict(zip(FIELDS, row, strict=True)), figures.get(row[0], [])
