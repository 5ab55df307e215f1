"""One definition of "the same claim", and the stored groups that follow from it.

Two claims are the same claim when their content words overlap enough (Jaccard over content
words, stop words and short words left out): `SIMILAR`, or the lower `SAME_SPEAKER_SIMILAR` when
the same canonical speaker said both. Groups are transitive (what is the same as the same is the
same). The queue's official-only suggestion and the compare page both read the stored groups.

Groups are kept when claims are stored (`regroup_articles`, called by the extraction store and
the demo generator), never computed over all claims per request. The candidates for one claim
are the claims of articles published within `WINDOW` of its own: the same statement relayed by
several outlets is news within days, and the window keeps the work per stored article bounded
whatever the size of the database. A claim's group is dissolved or shrunk when it is stored
again; a group is not split when a claim in the middle of a chain goes away (re-storing the
article regroups its claims against the window again)."""

import re
from collections import defaultdict
from datetime import timedelta

from django.db import connection, transaction
from django.db.models import Count, Q

from kzclaims.models import Article, Claim, SameClaimGroup, Speaker

SIMILAR = 0.45
SAME_SPEAKER_SIMILAR = 0.25
WINDOW = timedelta(days=3)
# Words that carry no claim of their own.
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


def content_tokens(text: str) -> frozenset[str]:
    return frozenset(w for w in WORD.findall(text.casefold()) if len(w) > 2) - STOPWORDS


def similarity(a: frozenset, b: frozenset) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def is_same(a_tokens, a_speaker_id, b_tokens, b_speaker_id) -> bool:
    """The definition: are these two claims the same claim?"""
    needed = SAME_SPEAKER_SIMILAR if a_speaker_id and a_speaker_id == b_speaker_id else SIMILAR
    return similarity(a_tokens, b_tokens) >= needed


class _Row:
    __slots__ = ("article_id", "group_id", "id", "speaker_id", "tokens", "when")

    def __init__(self, id, content, speaker_id, group_id, article_id, when):
        self.id, self.speaker_id, self.group_id = id, speaker_id, group_id
        self.article_id, self.when = article_id, when
        self.tokens = content_tokens(content)


_FIELDS = ("id", "content", "speaker_id", "same_group_id", "article_id", "article__published")


def _rows(queryset) -> list[_Row]:
    return [_Row(*values) for values in queryset.order_by().values_list(*_FIELDS)]


def _candidates(articles: list[Article], exclude: set[int]) -> list[_Row]:
    """Claims of other articles published within WINDOW of any of `articles` (undated articles
    meet the undated ones imported within the window)."""
    dated = sorted(a.published for a in articles if a.published)
    ranges, query = [], Q()
    for when in dated:  # merge overlapping windows into few range conditions
        lo, hi = when - WINDOW, when + WINDOW
        if ranges and lo <= ranges[-1][1]:
            ranges[-1][1] = hi
        else:
            ranges.append([lo, hi])
    for lo, hi in ranges:
        query |= Q(article__published__range=(lo, hi))
    undated = sorted(a.imported_at for a in articles if not a.published and a.imported_at)
    if undated:
        query |= Q(
            article__published__isnull=True,
            article__imported_at__range=(undated[0] - WINDOW, undated[-1] + WINDOW),
        )
    if not query:
        return []
    return _rows(Claim.objects.filter(query).exclude(article_id__in=exclude))


def _close(a: _Row, b: _Row) -> bool:
    if a.when is None or b.when is None:
        return a.when is None and b.when is None
    return abs(a.when - b.when) <= WINDOW


@transaction.atomic
def regroup_articles(article_ids) -> None:
    """Places the claims of these articles in their groups: they leave their old groups and
    join (and merge) the groups of the claims they are the same as."""
    article_ids = set(article_ids)
    if not article_ids:
        return
    articles = list(Article.objects.filter(pk__in=article_ids).only("published", "imported_at"))
    mine = _rows(Claim.objects.filter(article_id__in=article_ids))
    old_groups = {r.group_id for r in mine if r.group_id}
    if old_groups:
        Claim.objects.filter(article_id__in=article_ids).update(same_group=None)
        for r in mine:
            r.group_id = None
    others = _candidates(articles, article_ids)
    pool = others + mine
    index = defaultdict(list)  # token -> rows of the pool, for candidate pairs
    for i, row in enumerate(pool):
        for token in row.tokens:
            index[token].append(i)
    parent = {}

    def find(key):
        parent.setdefault(key, key)
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    def key_of(row):  # a claim already grouped stands for its whole group
        return ("g", row.group_id) if row.group_id else ("c", row.id)

    first_mine = len(others)
    for i in range(first_mine, len(pool)):
        row = pool[i]
        seen = set()
        for token in row.tokens:
            for j in index[token]:
                if j == i or j in seen:
                    continue
                seen.add(j)
                other = pool[j]
                if j >= first_mine and j > i:
                    continue  # each pair among the stored claims once
                if _close(row, other) and is_same(
                    row.tokens, row.speaker_id, other.tokens, other.speaker_id
                ):
                    parent[find(key_of(row))] = find(key_of(other))
    components = defaultdict(list)
    for key in list(parent):
        components[find(key)].append(key)
    touched = set(old_groups)
    joining: list[tuple[list[int], int | None]] = []  # (claims, the group they join or None)
    for keys in components.values():
        if len(keys) < 2:
            continue
        groups = sorted(k[1] for k in keys if k[0] == "g")
        claims = [k[1] for k in keys if k[0] == "c"]
        keep = groups[0] if groups else None
        if groups[1:]:  # this claim joins groups that were apart: they become one
            Claim.objects.filter(same_group_id__in=groups[1:]).update(same_group_id=keep)
            SameClaimGroup.objects.filter(pk__in=groups[1:]).delete()
            touched.difference_update(groups[1:])
        joining.append((claims, keep))
    new_groups = iter(
        SameClaimGroup.objects.bulk_create(
            [SameClaimGroup() for _, keep in joining if keep is None]
        )
    )
    placed = []
    for claims, keep in joining:
        keep = keep or next(new_groups).pk
        touched.add(keep)
        placed += [(pk, keep) for pk in claims]
    _place(placed)
    refresh_groups(touched)


def _place(pairs: list[tuple[int, int]]) -> None:
    """Sets each claim's group with one UPDATE per 500 claims from a VALUES list (the same SQL on
    PostgreSQL and SQLite); the ORM's bulk_update builds a CASE per row, which costs more than
    the grouping itself."""
    table = connection.ops.quote_name(Claim._meta.db_table)
    for start in range(0, len(pairs), 500):
        chunk = pairs[start : start + 500]
        values = ", ".join(["(%s, %s)"] * len(chunk))
        with connection.cursor() as cursor:
            cursor.execute(
                f"WITH v(id, g) AS (VALUES {values}) "  # noqa: S608 - placeholders only
                f"UPDATE {table} SET same_group_id = (SELECT g FROM v WHERE v.id = {table}.id) "
                f"WHERE id IN (SELECT id FROM v)",
                [x for pair in chunk for x in pair],
            )


def refresh_groups(group_ids) -> None:
    """Recounts these groups from their claims (in the database: the counts, and the distinct
    speakers); a group left with one claim is dissolved."""
    group_ids = set(group_ids)
    if not group_ids:
        return
    members = Claim.objects.filter(same_group_id__in=group_ids).order_by()
    counts = {
        row["same_group_id"]: row
        for row in members.values("same_group_id").annotate(
            claims=Count("id"), outlets=Count("article__outlet", distinct=True)
        )
    }
    names = defaultdict(list)
    for gid, name in (
        members.exclude(speaker=None)
        .values_list("same_group_id", "speaker__name")
        .distinct()
        .order_by("same_group_id", "speaker__name")
    ):
        names[gid].append(name)
    gone = [gid for gid in group_ids if gid not in counts or counts[gid]["claims"] < 2]
    if gone:
        Claim.objects.filter(same_group_id__in=gone).update(same_group=None)
        SameClaimGroup.objects.filter(pk__in=gone).delete()
    groups = [
        SameClaimGroup(
            pk=gid,
            outlet_count=row["outlets"],
            claim_count=row["claims"],
            label=", ".join(names[gid])[:300],
        )
        for gid, row in counts.items()
        if row["claims"] >= 2
    ]
    SameClaimGroup.objects.bulk_update(groups, ["outlet_count", "claim_count", "label"])


def official_only_suggestions(claims) -> set[int]:
    """Ids of the unreviewed claims among `claims` (Claim objects with speaker loaded, or a
    queryset) whose whole group is official; a claim alone is its own group. Reads only the
    groups of the claims asked about."""
    claims = list(claims)
    group_ids = {c.same_group_id for c in claims if c.same_group_id}
    not_official = set()
    if group_ids:
        not_official = set(
            Claim.objects.filter(same_group_id__in=group_ids)
            .exclude(speaker__speaker_type=Speaker.Type.OFFICIAL)
            .order_by()
            .values_list("same_group_id", flat=True)
            .distinct()
        )
    suggested = set()
    for claim in claims:
        if claim.status != Claim.Status.UNREVIEWED:
            continue
        if claim.same_group_id:
            if claim.same_group_id not in not_official:
                suggested.add(claim.pk)
        elif claim.speaker_id and claim.speaker.speaker_type == Speaker.Type.OFFICIAL:
            suggested.add(claim.pk)
    return suggested


def group_sizes() -> dict:
    """How many groups of each width there are (for the benchmark's report)."""
    return dict(
        SameClaimGroup.objects.values_list("outlet_count").annotate(n=Count("id")).order_by()
    )
