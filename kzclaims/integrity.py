"""The invariants the rest of kzclaims relies on, checked against the stored data (by
`manage.py check_integrity`, and by the test suite after every test that wrote data):

- every current claim's content is the article's text at its offsets, and its speaker and
  cue spans lie inside the text;
- every claim's status is the status its last review event set (unreviewed without events);
- every article's text is normalised (kzclaims.text.normalize_body) and its hash matches it;
- every claim's speaker sort key is its speaker's name (none without a speaker).

Superseded claims keep the offsets of the text they were found in, so only their history is
checked. Articles are read in chunks: memory stays flat however many there are."""

from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import F, OuterRef, Q, Subquery

from kzclaims.models import (
    Article,
    Claim,
    ClaimStatus,
    ReviewEvent,
    Speaker,
    content_hash,
    span_content,
)
from kzclaims.text import normalize_body

CHUNK = 200


@dataclass(frozen=True)
class Finding:
    what: str  # "article" or "claim"
    pk: int
    message: str

    def __str__(self):
        return f"{self.what} {self.pk}: {self.message}"


def _articles() -> Iterator[list[tuple[int, str, str]]]:
    last = 0
    while True:
        chunk = list(
            Article.objects.filter(pk__gt=last)
            .order_by("pk")
            .values_list("pk", "body", "content_hash")[:CHUNK]
        )
        if not chunk:
            return
        yield chunk
        last = chunk[-1][0]


def _span_findings(body: str, claim) -> Iterator[Finding]:
    pk, content, start, end, parts, s_start, s_end, c_start, c_end = claim
    if span_content(body, start, end, parts) != content:
        yield Finding("claim", pk, f"content does not match the article at {start}..{end}")
    for name, a, b in (("speaker", s_start, s_end), ("cue", c_start, c_end)):
        if a is not None and not (0 <= a < b <= len(body)):
            yield Finding("claim", pk, f"{name} span {a}..{b} lies outside the article")


def offset_findings() -> Iterator[Finding]:
    for chunk in _articles():
        bodies = {}
        for pk, body, digest in chunk:
            bodies[pk] = body
            if normalize_body(body) != body:
                yield Finding("article", pk, "text is not normalised (CR, BOM or not NFC)")
            if content_hash(body) != digest:
                yield Finding("article", pk, "content hash does not match the text")
        claims = Claim.objects.filter(article_id__in=bodies, superseded_at__isnull=True)
        fields = ("pk", "content", "start", "end", "part_spans", "speaker_start", "speaker_end")
        for article_id, *claim in claims.values_list(
            "article_id", *fields, "cue_start", "cue_end"
        ).iterator(chunk_size=2000):
            yield from _span_findings(bodies[article_id], claim)


def status_findings() -> Iterator[Finding]:
    last = ReviewEvent.objects.filter(claim=OuterRef("pk")).order_by("-created_at", "-id")
    mismatched = (
        Claim.objects.annotate(last_status=Subquery(last.values("to_status")[:1]))
        .filter(
            Q(last_status__isnull=True) & ~Q(status=ClaimStatus.UNREVIEWED)
            | Q(last_status__isnull=False) & ~Q(status=F("last_status"))
        )
        .values_list("pk", "status", "last_status")
    )
    for pk, status, last_status in mismatched.iterator(chunk_size=2000):
        expected = last_status or "unreviewed"
        yield Finding("claim", pk, f"status is {status} but its history ends at {expected}")


def speaker_sort_findings() -> Iterator[Finding]:
    """The queue's speaker sort reads the name kept on each claim (Claim.speaker_sort)."""
    name = Subquery(Speaker.objects.filter(pk=OuterRef("speaker_id")).values("name")[:1])
    stale = (
        Claim.objects.annotate(speaker_name=name)
        .filter(
            Q(speaker__isnull=True) & Q(speaker_sort__isnull=False)
            | Q(speaker__isnull=False)
            & (Q(speaker_sort__isnull=True) | ~Q(speaker_sort=F("speaker_name")))
        )
        .values_list("pk", "speaker_sort", "speaker_name")
    )
    for pk, key, name in stale.iterator(chunk_size=2000):
        yield Finding("claim", pk, f"speaker sort key is {key!r} but its speaker is {name!r}")


def findings() -> Iterator[Finding]:
    yield from offset_findings()
    yield from status_findings()
    yield from speaker_sort_findings()
