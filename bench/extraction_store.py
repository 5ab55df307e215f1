"""Extraction with storing, against extraction without the database, and two workers against one.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kz_scale_extract \\
        .venv/bin/python bench/extraction_store.py [--articles 60] [--background 10000]

Use a database of its own: the script adds --articles articles (the seed articles of
../shared/seeds, each copy made distinct by a line of its own) and deletes them at the end.
--background first fills the database with that many generated articles (generate_demo_data,
once), so storing is measured against a database of realistic size, where the same-claim
groups have candidates to compare with.

It times, after the model is loaded:
  1. extraction without the database, as `extract_claims` does (`analyse_many`): articles/s;
  2. `extract_articles` on the same articles stored as new rows (spaCy, analysis, and storing
     the claims, figures, speakers and same-claim groups): articles/s, and the ratio to 1
     (target: storing adds at most 30%);
  3. the same with two worker processes (each half of the articles, started together) against
     one: the throughput ratio. On a machine with two cores shared with other jobs, the second
     worker competes for the same cores; the ratio says what the database side allows."""

import argparse
import os
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kzclaims.settings")
MARK = "kzclaims extraction benchmark"


def texts(n: int) -> list[str]:
    seeds = sorted((ROOT.parent.parent / "shared" / "seeds").glob("*.txt"))
    if not seeds:
        seeds = sorted(Path("/work/shared/seeds").glob("*.txt"))
    bodies = [p.read_text(encoding="utf-8") for p in seeds]
    return [f"{bodies[i % len(bodies)]}\n\n[{MARK}, copy {i}]" for i in range(n)]


def make_articles(bodies):
    from django.db.models import Min

    from kzclaims.models import Article, ImportBatch, Outlet

    outlet, _ = Outlet.objects.get_or_create(name="Benchmark Wire")
    batch = ImportBatch.objects.create(source=MARK)
    # Dated among the generated articles, so the same-claim groups have candidates to compare.
    start = Article.objects.aggregate(m=Min("published"))["m"] or datetime(2024, 1, 1, tzinfo=UTC)
    return [
        Article.objects.create(
            outlet=outlet,
            title=f"Benchmark {i}",
            body=b,
            import_batch=batch,
            published=start + timedelta(days=30 + i, hours=i % 24),
        )
        for i, b in enumerate(bodies)
    ]


def cleanup():
    from kzclaims import same_claims
    from kzclaims.models import Article, Claim, ImportBatch

    groups = set(
        Claim.objects.filter(
            article__import_batch__source=MARK, same_group__isnull=False
        ).values_list("same_group_id", flat=True)
    )
    Article.objects.filter(import_batch__source=MARK).delete()
    ImportBatch.objects.filter(source=MARK).delete()
    same_claims.refresh_groups(groups)  # the generated claims' groups, without the benchmark's


def worker(ids: list[int], start_at: float) -> None:
    """One extraction worker: loads the model, waits for the common start, extracts."""
    from kzclaims.extraction.pipeline import get_nlp
    from kzclaims.extraction.store import extract_articles
    from kzclaims.models import Article

    nlp = get_nlp()
    nlp("warm up")
    articles = list(Article.objects.filter(pk__in=ids))
    from django.db import connection

    connection.close()
    time.sleep(max(0.0, start_at - time.time()))
    extract_articles(articles, nlp=nlp)
    print(f"{time.time():.6f}")


def _time_grouping() -> list[float]:
    """Times every same-claim regrouping the store does, by wrapping the one call it makes."""
    from kzclaims import same_claims

    spent: list[float] = []
    regroup = same_claims.regroup_articles

    def timed(ids):
        t0 = time.perf_counter()
        try:
            return regroup(ids)
        finally:
            spent.append(time.perf_counter() - t0)

    same_claims.regroup_articles = timed
    return spent


def run_workers(id_lists, lead=25.0) -> float:
    start_at = time.time() + lead
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                __file__,
                "--worker",
                ",".join(map(str, ids)),
                "--start-at",
                str(start_at),
            ],
            stdout=subprocess.PIPE,
            text=True,
        )
        for ids in id_lists
    ]
    ends = []
    for p in procs:
        out, _ = p.communicate()
        if p.returncode:
            raise SystemExit("a worker failed")
        ends.append(float(out.strip().splitlines()[-1]))
    return max(ends) - start_at


def main() -> None:
    import django

    django.setup()
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=60)
    parser.add_argument("--background", type=int, default=0)
    parser.add_argument("--worker")
    parser.add_argument("--start-at", type=float)
    args = parser.parse_args()
    if args.worker:
        worker([int(x) for x in args.worker.split(",")], args.start_at)
        return

    import machine
    from django.db import connection

    from kzclaims.demo_data import generate
    from kzclaims.extraction.pipeline import analyse_many, get_nlp
    from kzclaims.extraction.store import extract_articles
    from kzclaims.models import Article, Claim

    if args.background and Article.objects.count() < args.background:
        generate(articles=args.background - Article.objects.count(), seed=7)
    cleanup()
    bodies = texts(args.articles)
    words = sum(len(b.split()) for b in bodies)
    nlp = get_nlp()
    nlp("warm up")

    t0 = time.perf_counter()
    analyses = list(analyse_many(bodies))
    bare = time.perf_counter() - t0
    n_claims = sum(len(a.claims) for a in analyses)

    articles = make_articles(bodies)
    grouping = _time_grouping()
    t0 = time.perf_counter()
    results = extract_articles(articles, nlp=nlp)
    stored = time.perf_counter() - t0
    grouped = sum(grouping)
    failed = [r for r in results if not r.ok]

    ids = [a.pk for a in articles]
    connection.close()
    one = run_workers([ids])  # re-extraction: the claims exist, matched and kept
    two = run_workers([ids[0::2], ids[1::2]])

    print(machine.describe())
    print(
        f"database: {connection.vendor} {connection.settings_dict['NAME']} with "
        f"{Claim.objects.exclude(article__import_batch__source=MARK).count():,} other claims; "
        f"{len(bodies)} articles ({words:,} words, {n_claims} claims) from the seed articles"
    )
    print(f"1. without the database (extract_claims): {len(bodies) / bare:6.2f} articles/s")
    print(
        f"2. with storing (extract_articles):       {len(bodies) / stored:6.2f} articles/s; "
        f"time ratio {stored / bare:.2f} (storing adds {stored / bare - 1:.0%}; target <= 30%)"
        + (f"; {len(failed)} failed" if failed else "")
    )
    print(
        f"   of which same-claim grouping {grouped:.2f}s ({grouped / bare:.0%} of the time "
        f"without the database), the rest of storing {stored - bare - grouped:.2f}s "
        f"({(stored - bare - grouped) / bare:.0%})"
    )
    print(
        f"3. re-extraction in worker processes:     1 worker {len(ids) / one:6.2f} articles/s, "
        f"2 workers {len(ids) / two:6.2f} articles/s (x{one / two:.2f})"
    )
    cleanup()


if __name__ == "__main__":
    main()
