"""Import of 10,000 generated articles: articles/s of the preview (parse, validate, detect the
outlet, look for duplicates), of the all-or-nothing import itself, and of a re-import where
every article is a duplicate. Extraction is left out (it has its own benchmark).

    .venv/bin/python bench/import_speed.py [--articles 10000] [--postgres]

SQLite: a fresh database file in a temporary directory. --postgres: a fresh database
`kz_bench_import` on BENCH_POSTGRES (default postgres://postgres@127.0.0.1:5432), dropped after."""

import argparse
import json
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SERVER = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
DATABASE = "kz_bench_import"

DATELINES = [
    "NUR-SULTAN. Jan {day} (Interfax) - ",
    "MOSCOW, January {day} /TASS/. ",
    "ALMATY, Jan {day} (Reuters) - ",
    "",  # no dateline: "Unknown outlet" unless given
]
SENTENCES = [
    "The situation in all the regions of Kazakhstan has stabilized, the president said.",
    '"Law enforcement forces have liberated all the administration buildings," the press '
    "service said in a statement.",
    "As many as 5,800 people have been detained since the unrest began, the Interior Ministry "
    "told reporters.",
    "Қасым-Жомарт Тоқаев ordered the troops to fire without warning, according to Khabar 24.",
    "The CSTO peacekeepers will leave the country within ten days, the ministry added.",
    "Internet service has been restored in Almaty after a five-day blackout.",
]


def generate(count, seed=7):
    """JSON Lines of `count` distinct articles, about 2 KB each; every third names no outlet."""
    rng = random.Random(seed)
    lines = []
    for number in range(count):
        day = 2 + number % 12
        body = DATELINES[number % 4].format(day=day) + " ".join(
            rng.choice(SENTENCES) for _ in range(18)
        )
        record = {"title": f"Report {number}", "body": f"{body} (ref {number})"}
        if number % 3:
            record["outlet"] = ["Interfax", "TASS", "Kazinform"][number % 3]
            record["published"] = f"2022-01-{day:02d}T09:00:00+06:00"
        lines.append(json.dumps(record, ensure_ascii=False))
    return ("\n".join(lines) + "\n").encode()


def setup(postgres):
    if postgres:
        import psycopg

        with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{DATABASE}"')
            admin.execute(f'CREATE DATABASE "{DATABASE}"')
        os.environ["DATABASE_URL"] = f"{SERVER}/{DATABASE}"
    else:
        directory = tempfile.mkdtemp(prefix="kz-bench-")
        os.environ["DATABASE_URL"] = f"sqlite:///{directory}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kzclaims.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def teardown(postgres):
    from django.db import connections

    connections.close_all()
    if not postgres:
        shutil.rmtree(Path(os.environ["DATABASE_URL"].removeprefix("sqlite:///")).parent)
    else:
        import psycopg

        with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')


def timed(label, count, function):
    started = time.perf_counter()
    result = function()
    seconds = time.perf_counter() - started
    print(f"{label:<34} {count:>6} articles in {seconds:6.2f} s = {count / seconds:8,.0f} /s")
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--postgres", action="store_true")
    args = parser.parse_args()

    setup(args.postgres)
    from django.db import connection

    from kzclaims.imports.services import import_articles, preview_import
    from kzclaims.models import Article

    data = generate(args.articles)
    files = [("bench.jsonl", data)]
    print(
        f"{connection.vendor}: {args.articles:,} articles, {len(data) / 1e6:.1f} MB of JSON Lines"
    )
    try:
        plan = timed(
            "preview (parse, detect, plan)", args.articles, lambda: preview_import(files=files)
        )
        assert plan.ok and len(plan.to_create) == args.articles
        result = timed(
            "import (preview + one transaction)",
            args.articles,
            lambda: import_articles(files=files, extract=False),
        )
        assert len(result.created) == args.articles == Article.objects.count()
        again = timed(
            "re-import (all duplicates)",
            args.articles,
            lambda: import_articles(files=files, extract=False),
        )
        assert not again.created and len(again.skipped) == args.articles
    finally:
        teardown(args.postgres)


if __name__ == "__main__":
    main()
