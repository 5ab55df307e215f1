"""Precision and recall of "the same statement" (kzclaims.same_claims) on hand-labelled pairs
of the five seed articles, at several thresholds.

    DATABASE_URL=sqlite:////tmp/seeds.sqlite3 .venv/bin/python manage.py migrate
    DEBUG=true DATABASE_URL=sqlite:////tmp/seeds.sqlite3 .venv/bin/python manage.py demo_setup
    DATABASE_URL=sqlite:////tmp/seeds.sqlite3 .venv/bin/python bench/same_statement_pairs.py

Reads the seed articles' claims as extracted (the statements that can group), takes the IDF
over all of them (the five articles are six to fourteen January: one window, give or take a
day), and scores the pairs of bench/same_statement_labels.json. Any same-speaker pair that
reaches the lowest threshold without a label is listed, so the labels stay complete."""

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

    claims = list(Claim.objects.filter(same_claims.STATEMENTS).select_related("speaker"))
    corpus = same_claims.Corpus([same_claims.content_lemmas(c.content) for c in claims])

    def find(prefix):
        found = [i for i, c in enumerate(claims) if c.content.startswith(prefix)]
        if len(found) != 1:
            raise SystemExit(f"{len(found)} claims start with {prefix!r}")
        return found[0]

    labels = json.loads((ROOT / "bench" / "same_statement_labels.json").read_text())["pairs"]
    scored = []
    for pair in labels:
        i, j = find(pair["a"]), find(pair["b"])
        scored.append((corpus.similarity(i, j), pair["same"], pair["why"]))
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
    for score, same, why in sorted(scored, reverse=True):
        print(f"  {score:.2f} {'same ' if same else 'other'} {why}")
    print("threshold  precision  recall  (same-speaker pairs)")
    for t in THRESHOLDS:
        tp = sum(1 for s, same, _ in scored if s >= t and same)
        fp = sum(1 for s, same, _ in scored if s >= t and not same)
        fn = sum(1 for s, same, _ in scored if s < t and same)
        mark = "  <- SAME_SPEAKER" if t == same_claims.SAME_SPEAKER else ""
        print(f"  {t:.2f}     {tp / max(1, tp + fp):.2f}       {tp / max(1, tp + fn):.2f}{mark}")
    for score, a, b in unlabelled:
        print(f"unlabelled pair at {score:.2f}: {a!r} / {b!r}")


if __name__ == "__main__":
    main()
