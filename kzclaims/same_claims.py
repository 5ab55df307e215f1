"""One definition of "the same statement", and the stored groups that follow from it.

Two claims make the same statement when their lemmas (kzclaims.lemmas) are close under BM25
(the bm25s library): each claim is scored as a query against the other and against itself, and
the smaller of the two ratios, `similarity`, must reach `SAME_SPEAKER` when the same canonical
speaker (a merged speaker counts as the one it was merged into) said both. Claims of two
different speakers (an unknown speaker is a speaker of its own) join only when they say the same
words (`OTHER_SPEAKER`, near identity): the compare page shows that speaker's wording apart, and
it is what tells the official-only suggestion that a non-official source says it too. The IDF is
that of a bounded corpus: the claims of the articles published within `WINDOW` of the stored
ones, which are also the only candidates. Only statements group: a claim in thought mode, a
superseded claim and a quoted fragment of another claim (its parent stands for it) never do, and
a claim never groups with the claim it is part of. Groups are transitive.

Two rules come before the similarity, because lemmas cannot see them (`same_statement`):
- A statement and its denial share their lemmas ("not", "no", "never" are stop words): a claim
  that denies groups only with claims that deny (kzclaims.lemmas.negated).
- A headline is the article's summary of one of its own claims, in the fewest words; those few
  words match any other report of the topic ("Situation stabilizes across all regions" and "the
  situation in the country is stabilizing", said on another day). A headline therefore groups
  only with a claim of its own article that holds nearly all of its words (`HEADLINE`: the
  claim it summarises); that claim carries it to the other outlets' reports.

Groups are kept when claims are stored (`regroup_articles`, called by the extraction store and
the demo generator), never computed over all claims per request: the same statement relayed by
several outlets is news within days, and the window keeps the work per stored article bounded
whatever the size of the database. A claim's group is dissolved or shrunk when it is stored
again; a group is not split when a claim in the middle of a chain goes away (re-storing the
article regroups its claims against the window again)."""

import logging
from collections import defaultdict
from datetime import timedelta
from functools import lru_cache

import bm25s
import numpy as np
from django.db import connection, transaction
from django.db.models import Count, Q

from kzclaims.lemmas import content_lemmas, negated
from kzclaims.models import Article, Claim, SameClaimGroup, Speaker, normalize_alias

# bm25s sets its own logger to DEBUG when imported, over the settings' LOGGING: one line per
# index built would fill the worker's log.
logging.getLogger("bm25s").setLevel(logging.WARNING)

# Chosen on hand-labelled pairs of the seed articles (bench/same_statement_pairs.py): the same
# speaker's reports of one statement score 0.41-0.76, other statements of theirs up to 0.40.
SAME_SPEAKER = 0.41
OTHER_SPEAKER = 0.8
# How much of a headline the claim it summarises must hold (its ratio against that claim): all
# of its content words but perhaps one rare one; a headline of four lemmas missing one scores
# about 0.6 ("Situation stabilizes across all regions of Kazakhstan" against "the situation in
# the country is stabilizing", a statement on another occasion, 0.63).
HEADLINE = 0.8
WINDOW = timedelta(days=3)


class Corpus:
    """A BM25 index over a bounded list of lemma lists, and the similarity of two of them."""

    def __init__(self, docs: list[list[str]]):
        self.docs = [sorted(set(d)) for d in docs]
        self.retriever = bm25s.BM25()
        # bm25s wants at least one token in the corpus; an empty document scores nothing.
        self.retriever.index([list(d) or [""] for d in docs] or [[""]], show_progress=False)

    def scores(self, i: int) -> np.ndarray:
        """Document i as a query against every document."""
        if not self.docs[i]:
            return np.zeros(len(self.docs), dtype=np.float32)
        return self.retriever.get_scores(self.docs[i])

    def ratio(self, i: int, j: int, scores=None) -> float:
        """How much of i's own score document j earns: 1.0 when j holds all of i's lemmas."""
        row = self.scores(i) if scores is None else scores
        return float(row[j] / row[i]) if row[i] > 0 else 0.0

    def similarity(self, i: int, j: int) -> float:
        """The smaller of the two ratios: each claim must say most of what the other says."""
        return min(self.ratio(i, j), self.ratio(j, i))


def similarity(a: str, b: str, corpus: list[str] = ()) -> float:
    """The similarity of two texts, the IDF taken over them and `corpus` (for tests and the
    benchmark's labelled pairs)."""
    index = Corpus([content_lemmas(t) for t in (a, b, *corpus)])
    return index.similarity(0, 1)


def threshold(a_speaker, b_speaker) -> float:
    """The similarity two claims need: lower when the same canonical speaker said both."""
    return SAME_SPEAKER if a_speaker is not None and a_speaker == b_speaker else OTHER_SPEAKER


def is_headline(content: str, title: str) -> bool:
    """Whether a claim is (part of) its article's title: the extraction reads the title where
    the body repeats it."""
    words = normalize_alias(content)
    return len(words.split()) >= 2 and f" {words} " in f" {normalize_alias(title or '')} "


class Said:
    """What the decision needs of a claim besides its words: its canonical speaker, its
    article, whether it is that article's headline and whether it denies."""

    __slots__ = ("article_id", "headline", "negated", "speaker")

    def __init__(self, speaker, article_id, content: str, title: str):
        self.speaker, self.article_id = speaker, article_id
        self.headline, self.negated = _facts(content, title)


def same_statement(corpus: Corpus, i: int, j: int, a: Said, b: Said, scores=None) -> bool:
    """Whether documents i and j of the corpus, said as `a` and `b`, are one statement (the
    module's rules; `scores`, i's row against the corpus, when the caller has it)."""
    if a.negated != b.negated:
        return False
    needed = threshold(a.speaker, b.speaker)
    forward = corpus.ratio(i, j, scores)
    if forward < needed:
        return False  # before the reverse ratio, which scores j against the whole corpus
    backward = corpus.ratio(j, i)
    if backward < needed:
        return False
    if a.headline == b.headline:
        return True
    # A headline and a claim of the body: the claim it summarises, in its own article.
    held = forward if a.headline else backward
    return a.article_id == b.article_id and held >= HEADLINE


class _Row(Said):
    __slots__ = ("group_id", "id", "lemmas", "parent_id", "when")

    def __init__(
        self, id, content, speaker_id, merged_into, group_id, article_id, when, parent, title
    ):
        # The canonical speaker: a merged speaker counts as the one it was merged into.
        super().__init__(merged_into or speaker_id, article_id, content, title)
        self.id, self.group_id, self.when = id, group_id, when
        self.parent_id = parent
        self.lemmas = _lemmas(content)


_FIELDS = (
    "id",
    "content",
    "speaker_id",
    "speaker__merged_into_id",
    "same_group_id",
    "article_id",
    "article__published",
    "parent_id",
    "article__title",
)
# What can be the same statement: statements (not thoughts) that are still in their article,
# and not a quoted fragment of another claim (that claim groups for it).
STATEMENTS = Q(mode=Claim.Mode.SPEECH, superseded_at__isnull=True) & ~Q(
    kind=Claim.Kind.FRAGMENT, parent__isnull=False
)


@lru_cache(maxsize=50_000)
def _facts(content: str, title: str) -> tuple[bool, bool]:
    """Whether a claim is its article's headline and whether it denies, kept like its lemmas."""
    return is_headline(content, title), negated(content)


@lru_cache(maxsize=50_000)
def _lemmas(content: str) -> tuple[str, ...]:
    """A claim's lemmas, kept for the next store: the windows of articles stored one after
    another overlap, and most of a window's claims were lemmatised for the article before."""
    return tuple(content_lemmas(content))


def _is_statement(claim) -> bool:
    """STATEMENTS for a claim in hand."""
    return (
        claim.mode == Claim.Mode.SPEECH
        and claim.superseded_at is None
        and not (claim.kind == Claim.Kind.FRAGMENT and claim.parent_id)
    )


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
    return _rows(Claim.objects.filter(query, STATEMENTS).exclude(article_id__in=exclude))


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
    stored = Claim.objects.filter(article_id__in=article_ids)
    old_groups = set(
        stored.exclude(same_group=None).order_by().values_list("same_group_id", flat=True)
    )
    if old_groups:
        stored.update(same_group=None)
    mine = _rows(stored.filter(STATEMENTS))
    others = _candidates(articles, article_ids)
    pool = others + mine
    corpus = Corpus([row.lemmas for row in pool])
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
        scores = corpus.scores(i)
        if scores[i] <= 0:
            continue
        # Candidates: the claims that earn enough of this one's own score (the lower threshold;
        # the reverse ratio and the speakers decide).
        for j in np.flatnonzero(scores >= scores[i] * SAME_SPEAKER).tolist():
            other = pool[j]
            if j == i or (j >= first_mine and j > i):
                continue  # itself, or a pair among the stored claims seen from its other side
            if other.id == row.parent_id or other.parent_id == row.id:
                continue  # a claim and the claim it is reported in are one report
            if _close(row, other) and same_statement(corpus, i, j, row, other, scores):
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


def official_only_suggestions(claims) -> dict[int, str]:
    """The unreviewed statements among `claims` (Claim objects with speaker and outlet loaded)
    that only official sources make, each with why: its speaker is official (an unknown speaker
    never is) and so is every speaker in its group, which holds the other outlets' reports of
    the statement and any other speaker saying the same words (a non-official one confirms it,
    and then nothing is suggested). Reads the groups of the claims asked about in one query:
    their distinct speakers and outlets, not their claims."""
    claims = list(claims)
    group_ids = {c.same_group_id for c in claims if c.same_group_id}
    sources = defaultdict(dict)  # group -> speaker name -> (official?, outlets)
    if group_ids:
        rows = (
            Claim.objects.filter(same_group_id__in=group_ids)
            .order_by("same_group_id", "speaker__name", "article__outlet__name")
            .values_list(
                "same_group_id", "speaker__name", "speaker__speaker_type", "article__outlet__name"
            )
            .distinct()
        )
        for gid, name, kind, outlet in rows:
            official, outlets = sources[gid].get(name, (True, []))
            outlets.append(outlet)
            sources[gid][name] = (official and kind == Speaker.Type.OFFICIAL, outlets)
    suggested = {}
    for claim in claims:
        if claim.status != Claim.Status.UNREVIEWED or not _is_statement(claim):
            continue
        if claim.speaker_id is None or claim.speaker.speaker_type != Speaker.Type.OFFICIAL:
            continue
        if claim.same_group_id:
            group = sources.get(claim.same_group_id, {})
            if not group or not all(official for official, _ in group.values()):
                continue
            said = [f"{name} ({', '.join(outlets)})" for name, (_, outlets) in group.items()]
        else:
            said = [f"{claim.speaker.name} ({claim.article.outlet.name})"]
        suggested[claim.pk] = "Only official sources: " + "; ".join(said)
    return suggested


def group_sizes() -> dict:
    """How many groups of each width there are (for the benchmark's report)."""
    return dict(
        SameClaimGroup.objects.values_list("outlet_count").annotate(n=Count("id")).order_by()
    )
