"""What every export format reads: the selected claims as plain tuples, a chunk at a time, with
the figures of each chunk fetched in one extra query. Plain values rather than model instances
keep a million-row export fast and its memory flat (the article body is never loaded)."""

from collections import defaultdict
from contextlib import contextmanager
from itertools import batched

from django.db import connections, transaction
from django.db.models import QuerySet

from kzclaims.models import Figure
from kzclaims.team.selectors import HIDDEN_REVIEW

CHUNK_SIZE = 2000


# What an export says of each figure, in this order (fields._figures reads them).
FIGURE_COLUMNS = ("text", "value", "subject", "low", "high", "approx", "measure", "counted",
                  "reference_date")  # fmt: skip


def figures_of(claim_ids, *, using) -> dict[int, list[list]]:
    """{claim id: [(text, value, subject), ...]} for the claims of one chunk, in figure order."""
    figures = defaultdict(list)
    if not claim_ids:
        return figures
    connection = connections[using]
    if connection.vendor == "postgresql":
        # One array parameter (as its text form: the ids are ints) instead of thousands of
        # placeholders: a large share of the export's time otherwise goes into the IN list.
        table = connection.ops.quote_name(Figure._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT claim_id, {', '.join(FIGURE_COLUMNS)} FROM {table} "  # noqa: S608 - names
                "WHERE claim_id = ANY(%s::bigint[]) ORDER BY claim_id, id",
                ["{" + ",".join(map(str, claim_ids)) + "}"],
            )
            rows = cursor.fetchall()
    else:
        rows = (
            Figure.objects.using(using)
            .filter(claim_id__in=claim_ids)
            .order_by("claim_id", "id")
            .values_list("claim_id", *FIGURE_COLUMNS)
        )
    for claim_id, *figure in rows:
        figures[claim_id].append(figure)
    return figures


@contextmanager
def snapshot(using):
    """On PostgreSQL, one read-only repeatable-read transaction for the whole export: the
    claims and their figures come from one snapshot, and the server-side cursor streams rows
    as the query yields them (outside a transaction Django declares it WITH HOLD, which makes
    PostgreSQL materialise the whole result first). Elsewhere, and inside an existing
    transaction, nothing changes: SQLite would hold its write lock for the whole export."""
    connection = connections[using]
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        yield
        return
    with transaction.atomic(using=using):
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


def _hiding(fields, hidden):
    """A function hiding the review columns of the chunk's rows that `hidden` names, as the
    blind rule hides them on a page (kzclaims.team.selectors.HIDDEN_REVIEW; a column
    `reviewed_by__username` is of the field `reviewed_by`)."""
    base = [name.split("__")[0] for name in fields]
    blank = {i: HIDDEN_REVIEW[name] for i, name in enumerate(base) if name in HIDDEN_REVIEW}

    def hide(rows):
        ids = hidden([row[0] for row in rows])
        if not ids:
            return rows
        return [
            tuple(blank.get(i, v) for i, v in enumerate(row)) if row[0] in ids else row
            for row in rows
        ]

    return hide


def claim_chunks(claims: QuerySet, fields, *, chunk_size: int = CHUNK_SIZE, hidden=None):
    """Yields (rows, figures) a chunk at a time, in the order of `claims`: `rows` are tuples of
    `fields` (the first must be "id") and `figures` maps a claim id to its figures. `hidden`
    (claim ids -> the ids among them whose review the reader may not see yet) blanks those
    claims' review columns."""
    assert fields[0] == "id"
    hide = _hiding(fields, hidden) if hidden is not None else None
    with snapshot(claims.db):
        values = claims.values_list(*fields).iterator(chunk_size=chunk_size)
        for rows in batched(values, chunk_size):
            yield (
                (hide(rows) if hide else rows),
                figures_of([row[0] for row in rows], using=claims.db),
            )
