"""The cost of regrouping one stored article (what the extraction store adds for the same-claim
groups), for the grouping on this tree and for another version of kzclaims/same_claims.py,
measured in turns on the same articles of the same database.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kz_grouping_100k \\
        .venv/bin/python bench/same_statement_regroup.py [--other /tmp/base/kzclaims/same_claims.py]
        [--articles 30] [--rounds 3]

Each regrouping runs in a transaction that is rolled back: the database is left as it was. The
articles are spread over the generated dates, so each meets a window of realistic size."""

import argparse
import importlib.util
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kzclaims.settings")


class Rollback(Exception):
    pass


def timed(regroup, article_id) -> float:
    from django.db import transaction

    t0 = time.perf_counter()
    try:
        with transaction.atomic():
            regroup([article_id])
            elapsed = time.perf_counter() - t0
            raise Rollback
    except Rollback:
        return elapsed


def main() -> None:
    import django

    django.setup()
    parser = argparse.ArgumentParser()
    parser.add_argument("--other", help="another same_claims.py to compare with")
    parser.add_argument("--articles", type=int, default=30)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    import machine

    from kzclaims import same_claims
    from kzclaims.models import Article, Claim

    versions = {"this tree": same_claims.regroup_articles}
    if args.other:
        spec = importlib.util.spec_from_file_location("other_same_claims", args.other)
        other = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(other)
        versions[f"other ({args.other})"] = other.regroup_articles
    ids = list(Article.objects.order_by("published", "id").values_list("pk", flat=True))
    step = max(1, len(ids) // args.articles)
    chosen = ids[step // 2 :: step][: args.articles]
    same_claims.content_lemmas("warm up")  # the lemmatiser's tables, once per process
    spent = {name: [] for name in versions}
    for _ in range(args.rounds):
        for pk in chosen:
            for name, regroup in versions.items():
                spent[name].append(timed(regroup, pk))
    claims = Claim.objects.filter(article_id__in=chosen).count()
    print(machine.describe())
    print(
        f"{Claim.objects.count():,} claims; {len(chosen)} articles ({claims} claims) regrouped "
        f"{args.rounds} times each, the versions in turns"
    )
    for name, times in spent.items():
        ms = sorted(t * 1000 for t in times)
        print(
            f"  {name}: median {statistics.median(ms):.0f} ms per article, "
            f"p90 {ms[int(len(ms) * 0.9)]:.0f} ms"
        )


if __name__ == "__main__":
    main()
