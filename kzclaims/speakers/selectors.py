"""Reads for the speaker identity page; each bounded (no list of every speaker)."""

from django.db.models import Count, Q

from kzclaims.models import Speaker

CANDIDATES = 20


def merge_candidates(speaker: Speaker, query: str) -> list[Speaker]:
    """Up to 20 other speakers whose name or a spelling contains the query."""
    query = " ".join(query.split())
    if len(query) < 2:
        return []
    return list(
        Speaker.objects.filter(merged_into__isnull=True)
        .exclude(pk=speaker.pk)
        .filter(Q(name__icontains=query) | Q(aliases__alias__icontains=query))
        .annotate(n_claims=Count("claims", distinct=True))
        .distinct()
        .order_by("name")[:CANDIDATES]
    )


def history(speaker: Speaker):
    return speaker.events.select_related("user", "other")[:100]
