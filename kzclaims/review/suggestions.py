"""The official-only suggestion: claims are grouped by similar content (the same claim as
relayed by several outlets or speakers); when every source of a group is an official, the queue
suggests official-only for its unreviewed claims. Only an editor ever applies it."""

import re
from collections import defaultdict

from kzclaims.models import Claim, Speaker

STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "been",
        "by",
        "for",
        "from",
        "had",
        "has",
        "have",
        "he",
        "her",
        "his",
        "in",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "our",
        "that",
        "the",
        "their",
        "them",
        "there",
        "they",
        "this",
        "to",
        "was",
        "we",
        "were",
        "will",
        "with",
        "who",
        "which",
        "would",
        "not",
        "all",
        "also",
        "but",
        "been",
        "into",
        "than",
        "then",
        "these",
        "those",
        "i",
        "you",
        "she",
        "us",
    ]
)
WORD = re.compile(r"\w+", re.UNICODE)
SIMILAR = 0.5


def content_tokens(text: str) -> frozenset[str]:
    return frozenset(
        w for w in (m.casefold() for m in WORD.findall(text)) if w not in STOPWORDS and len(w) > 2
    )


def similarity(a: frozenset, b: frozenset) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def group_similar(rows, threshold: float = SIMILAR, same=None) -> list[list]:
    """Groups rows (objects with `.tokens`) whose contents are similar, transitively
    (union-find). Candidates come from an inverted index on tokens, so it stays near-linear.
    `same(a, b) -> float | None` may lower the threshold for a pair (the same speaker)."""
    parent = list(range(len(rows)))

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    index = defaultdict(list)
    for i, row in enumerate(rows):
        seen = set()
        for token in row.tokens:
            for j in index[token]:
                if j in seen:
                    continue
                seen.add(j)
                needed = threshold
                if same is not None:
                    needed = min(needed, same(row, rows[j]) or needed)
                if similarity(row.tokens, rows[j].tokens) >= needed:
                    parent[find(i)] = find(j)
            index[token].append(i)
    groups = defaultdict(list)
    for i, row in enumerate(rows):
        groups[find(i)].append(row)
    return list(groups.values())


class _Row:
    __slots__ = ("id", "speaker_type", "status", "tokens")

    def __init__(self, id, content, speaker_type, status):
        self.id, self.speaker_type, self.status = id, speaker_type, status
        self.tokens = content_tokens(content)


def official_only_suggestions(claim_ids=None) -> set[int]:
    """Ids of the unreviewed claims (among `claim_ids`, or all) whose whole group is official.
    One query over all claims, whatever the number asked about."""
    rows = [
        _Row(*values)
        for values in Claim.objects.order_by().values_list(
            "id", "content", "speaker__speaker_type", "status"
        )
    ]
    wanted = None if claim_ids is None else set(claim_ids)
    suggested = set()
    for group in group_similar(rows):
        if all(row.speaker_type == Speaker.Type.OFFICIAL for row in group):
            suggested.update(
                row.id
                for row in group
                if row.status == Claim.Status.UNREVIEWED and (wanted is None or row.id in wanted)
            )
    return suggested
