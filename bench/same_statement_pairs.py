"""Precision and recall of "the same statement" (kzclaims.same_claims) on hand-labelled pairs
of the five seed articles, at several thresholds.

    DATABASE_URL=sqlite:////tmp/seeds.sqlite3 .venv/bin/python manage.py migrate
    DEBUG=true DATABASE_URL=sqlite:////tmp/seeds.sqlite3 .venv/bin/python manage.py demo_setup
    DATABASE_URL=sqlite:////tmp/seeds.sqlite3 .venv/bin/python bench/same_statement_pairs.py

Reads the seed articles' claims as extracted (the statements that can group), takes the IDF
over all of them (the five articles are six to fourteen January: one window, give or take a
day), and scores the pairs of bench/same_statement_labels.json with the whole decision
(`same_claims.same_statement`: similarity, speakers, denial, headline) at each threshold. Any
same-speaker pair that reaches the lowest threshold without a label is listed, so the labels
stay complete.

Then the groups as stored (by the extraction, article by article, as `make run` leaves them)
and as `manage.py group_same_claims` regroups them (the five articles at once), each against
the hand-read statements of tests/same_statement_seeds.json: every pair of claims in one group
must be one statement (precision), and the labelled statements found are the recall."""

import json
import os
import sys
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kzclaims.settings")
THRESHOLDS = (0.3, 0.35, 0.4, 0.41, 0.45, 0.5, 0.6)


def main() -> None:
    import django

    django.setup()
    from kzclaims import same_claims
    from kzclaims.models import Claim

    claims = list(Claim.objects.filter(same_claims.STATEMENTS).select_related("speaker", "article"))
    corpus = same_claims.Corpus([same_claims.content_lemmas(c.content) for c in claims])
    said = [
        same_claims.Said(
            c.speaker and (c.speaker.merged_into_id or c.speaker_id),
            c.article_id,
            c.content,
            c.article.title,
        )
        for c in claims
    ]

    def find(prefix):
        found = [i for i, c in enumerate(claims) if c.content.startswith(prefix)]
        if len(found) != 1:
            raise SystemExit(f"{len(found)} claims start with {prefix!r}")
        return found[0]

    def decide(i, j, t):
        """The grouping's decision for the pair with SAME_SPEAKER at t."""
        kept = same_claims.SAME_SPEAKER
        same_claims.SAME_SPEAKER = t
        try:
            return same_claims.same_statement(corpus, i, j, said[i], said[j])
        finally:
            same_claims.SAME_SPEAKER = kept

    labels = json.loads((ROOT / "bench" / "same_statement_labels.json").read_text())["pairs"]
    scored = []
    for pair in labels:
        i, j = find(pair["a"]), find(pair["b"])
        decided = {t: decide(i, j, t) for t in THRESHOLDS}
        scored.append((corpus.similarity(i, j), pair["same"], pair["why"], decided))
    labelled = {frozenset((find(p["a"]), find(p["b"]))) for p in labels}
    unlabelled = [
        (corpus.similarity(i, j), claims[i].content[:60], claims[j].content[:60])
        for i, j in combinations(range(len(claims)), 2)
        if claims[i].speaker_id
        and claims[i].speaker_id == claims[j].speaker_id
        and frozenset((i, j)) not in labelled
        and claims[i].pk not in (claims[j].parent_id,)
        and claims[j].pk not in (claims[i].parent_id,)
    ]
    unlabelled = [u for u in unlabelled if u[0] >= min(THRESHOLDS)]
    print(f"{len(claims)} statements of the seed articles, {len(scored)} labelled pairs")
    for score, same, why, decided in sorted(scored, key=lambda x: x[0], reverse=True):
        rule = (
            ""
            if decided[same_claims.SAME_SPEAKER] or score < same_claims.SAME_SPEAKER
            else ("  (refused by a rule)")
        )
        print(f"  {score:.2f} {'same ' if same else 'other'} {why}{rule}")
    print("threshold  precision  recall  (same-speaker pairs)")
    for t in THRESHOLDS:
        tp = sum(1 for *_, same, _, d in scored if d[t] and same)
        fp = sum(1 for *_, same, _, d in scored if d[t] and not same)
        fn = sum(1 for *_, same, _, d in scored if not d[t] and same)
        mark = "  <- SAME_SPEAKER" if t == same_claims.SAME_SPEAKER else ""
        print(f"  {t:.2f}     {tp / max(1, tp + fp):.2f}       {tp / max(1, tp + fn):.2f}{mark}")
    for score, a, b in unlabelled:
        print(f"unlabelled pair at {score:.2f}: {a!r} / {b!r}")
    seed_groups()


def seed_groups() -> None:
    """The stored groups, then the groups regrouped at once, against the hand-read statements
    (the regrouping is rolled back)."""
    from django.db import transaction

    from kzclaims import same_claims
    from kzclaims.models import Article, Claim
    from tests.same_statement_seeds import score

    def report(when):
        result = score(list(Claim.objects.select_related("article__outlet")))
        print(
            f"{when}: precision {result.precision:.2f}, recall {result.recall:.2f} "
            f"({len(result.found)} of {len(result.found) + len(result.missed)} labelled pairs)"
        )
        for line in result.describe(result.wrong):
            print(f"  two statements grouped: {line}")
        for line in result.describe(result.missed):
            print(f"  missed: {line}")

    report("groups as stored by the extraction")
    with transaction.atomic():
        same_claims.regroup_articles(Article.objects.values_list("pk", flat=True))
        report("groups after regrouping the five articles at once")
        transaction.set_rollback(True)


if __name__ == "__main__":
    main()
