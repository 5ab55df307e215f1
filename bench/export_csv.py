"""CSV export of 1,000,000 claims streamed from PostgreSQL: rows/s and peak memory growth of the
real export (queue filters → csv_lines → StreamingHttpResponse) against a bare server-side
cursor loop writing the same query with csv.writer, both to a null sink.

    .venv/bin/python bench/export_csv.py [--claims 1000000] [--database kz_bench] [--keep]

Creates the database (dropping one of that name), migrates, generates the rows with
INSERT ... SELECT generate_series, then measures each side in a fresh child process (peak RSS
reset through /proc/self/clear_refs just before the run), and drops the database unless --keep.
Targets: under 150 MB growth, at least 50,000 rows/s."""

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SERVER = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")


def setup_django(database):
    os.environ["DATABASE_URL"] = f"{SERVER}/{database}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kzclaims.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def create_database(database):
    import psycopg

    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{database}"')
        admin.execute(f'CREATE DATABASE "{database}"')


def drop_database(database):
    import psycopg

    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


GENERATE = [
    """INSERT INTO kzclaims_outlet (name, slug, country, ownership, language, homepage)
       VALUES ('Interfax', 'interfax', 'Russia', 'private', 'en', ''),
              ('TASS', 'tass', 'Russia', 'state', 'en', ''),
              ('Казинформ', 'kazinform', 'Kazakhstan', 'state', 'kk', '')""",
    """INSERT INTO kzclaims_speaker (name, kind, speaker_type, affiliation)
       SELECT CASE WHEN s % 3 = 0 THEN 'Қасым-Жомарт Тоқаев ' || s
                   WHEN s % 3 = 1 THEN 'МВД Казахстана ' || s ELSE 'Speaker ' || s END,
              'person', (ARRAY['official','expert','media','public','other'])[1 + s % 5], ''
       FROM generate_series(1, 500) s""",
    """INSERT INTO kzclaims_article (outlet_id, title, published, published_zone, url, body,
              content_hash, language, imported_at, extraction_status, extraction_error)
       SELECT (SELECT min(id) FROM kzclaims_outlet) + a % 3,
              'Situation in Kazakhstan, report ' || a,
              timestamptz '2022-01-01' + a * interval '7 minutes',
              (ARRAY['Asia/Almaty', 'Europe/Moscow', '+03:00', ''])[1 + a % 4], '',
              'Body of article ' || a, md5(a::text) || md5((a + 1)::text), 'en', now(),
              'done', ''
       FROM generate_series(1, @ARTICLES@) a""",
    """INSERT INTO kzclaims_claim (article_id, speaker_id, kind, content, start, "end",
              speaker_mention, cue, cue_stance, channel, via, framing, confidence, status,
              note, evidence_url, version, created_at, reviewed_at)
       SELECT (SELECT min(id) FROM kzclaims_article) + (g - 1) / @PER_ARTICLE@,
              CASE WHEN g % 7 = 0 THEN NULL
                   ELSE (SELECT min(id) FROM kzclaims_speaker) + g % 500 END,
              (ARRAY['direct','fragment','indirect'])[1 + g % 3],
              CASE WHEN g % 50 = 0 THEN '=HYPERLINK("http://x.example/' || g || '")'
                   WHEN g % 2 = 0 THEN 'Ситуация стабилизировалась, заявил ' || g
                   ELSE 'Some 5,800 people have been detained since the unrest began, '
                        || 'the ministry said (claim ' || g || ')' END,
              ((g - 1) % @PER_ARTICLE@) * 100, ((g - 1) % @PER_ARTICLE@) * 100 + 80,
              'the ministry', 'said', 'neutral', 'statement', 'Khabar 24 reported',
              '{"hedges": [], "labels": ["terrorists"], "scare_quotes": []}'::jsonb, 0.8,
              (ARRAY['unreviewed','verified','disputed','official_only'])[1 + g % 4],
              CASE WHEN g % 4 = 0 THEN '' ELSE 'Тексерілді / checked ' || g END, '', 1,
              now(), CASE WHEN g % 4 = 0 THEN NULL ELSE now() END
       FROM generate_series(1, @CLAIMS@) g""",
    """INSERT INTO kzclaims_figure (claim_id, text, value, subject)
       SELECT id, '5,800', 5800, 'people detained' FROM kzclaims_claim WHERE id % 10 = 0""",
    "ANALYZE",
]


def generate(database, claims):
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    per_article = 500
    params = {
        "@CLAIMS@": claims,
        "@PER_ARTICLE@": per_article,
        "@ARTICLES@": -(-claims // per_article),
    }
    with connection.cursor() as cursor:
        for statement in GENERATE:
            for token, value in params.items():
                statement = statement.replace(token, str(int(value)))
            cursor.execute(statement)


def rss_kb(field):
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def measure(kind):
    """In a fresh child: the rows written, seconds, bytes and peak RSS growth."""
    from django.db import connection
    from django.http import StreamingHttpResponse

    from kzclaims.claim_filters import claims_from_query
    from kzclaims.exports.csv import COLUMNS, HEADER, csv_lines
    from kzclaims.exports.fields import selected

    _, claims = claims_from_query({})
    connection.ensure_connection()
    if kind == "baseline":
        # The same SELECT (the CSV's own COLUMNS), a bare server-side cursor and csv.writer: no
        # labels, no neutralising, no figures, no time zones.
        import csv

        sql, params = selected(claims).values_list(*COLUMNS).query.sql_with_params()

        class Sink:
            """Counts what it is given and keeps nothing."""

            size = 0

            def write(self, value):
                self.size += len(value.encode())

        def run():
            sink = Sink()
            writer = csv.writer(sink)
            writer.writerow(HEADER)
            rows = 0
            with connection.connection.cursor(name="bench") as cursor:
                cursor.itersize = 2000
                with connection.connection.transaction():
                    cursor.execute(sql, params)
                    for row in cursor:
                        writer.writerow(row)
                        rows += 1
            return rows, sink.size

    else:

        def run():
            rows = size = 0
            response = StreamingHttpResponse(csv_lines(claims), content_type="text/csv")
            for chunk in response:  # encoded bytes, as the server would send them
                rows += chunk.count(b"\r\n")
                size += len(chunk)
            return rows - 1, size

    Path("/proc/self/clear_refs").write_text("5")  # reset the peak RSS to the current RSS
    before = rss_kb("VmRSS")
    cpu_before = time.process_time()
    started = time.perf_counter()
    rows, size = run()
    seconds = time.perf_counter() - started
    cpu = time.process_time() - cpu_before
    peak = rss_kb("VmHWM")
    return {
        "kind": kind,
        "rows": rows,
        "seconds": round(seconds, 2),
        "rows_per_s": round(rows / seconds),
        "cpu_seconds": round(cpu, 2),
        "rows_per_cpu_s": round(rows / cpu),
        "mb": round(size / 1e6, 1),
        "rss_before_mb": round(before / 1024, 1),
        "peak_growth_mb": round((peak - before) / 1024, 1),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--claims", type=int, default=1_000_000)
    parser.add_argument("--database", default="kz_bench")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--reuse", action="store_true", help="measure an existing database")
    parser.add_argument("--measure", choices=["export", "baseline"], help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.measure:
        setup_django(args.database)
        print(json.dumps(measure(args.measure)))
        return

    if not args.reuse:
        started = time.perf_counter()
        create_database(args.database)
        setup_django(args.database)
        generate(args.database, args.claims)
        print(f"generated {args.claims:,} claims in {time.perf_counter() - started:.1f} s")
    results = {}
    try:
        for kind in ("baseline", "export"):
            child = subprocess.run(
                [sys.executable, __file__, "--database", args.database, "--measure", kind],
                capture_output=True,
                text=True,
                check=True,
                cwd=ROOT,
            )
            results[kind] = json.loads(child.stdout.strip().splitlines()[-1])
            print(json.dumps(results[kind]))
    finally:
        if not args.keep:
            drop_database(args.database)

    export, baseline = results["export"], results["baseline"]
    print(
        f"CSV export: {export['rows']:,} rows in {export['seconds']} s = "
        f"{export['rows_per_s']:,} rows/s, {export['mb']} MB, peak RSS growth "
        f"{export['peak_growth_mb']} MB"
    )
    print(
        f"baseline (bare cursor + csv.writer): {baseline['rows_per_s']:,} rows/s, peak RSS "
        f"growth {baseline['peak_growth_mb']} MB; export/baseline speed "
        f"{export['rows_per_s'] / baseline['rows_per_s']:.2f}"
    )
    print(
        f"client CPU: export {export['rows_per_cpu_s']:,} rows per CPU-second, baseline "
        f"{baseline['rows_per_cpu_s']:,} (ratio "
        f"{export['rows_per_cpu_s'] / baseline['rows_per_cpu_s']:.2f}); load average "
        f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
    )
    ok = export["peak_growth_mb"] < 150 and export["rows_per_s"] >= 50_000
    print("targets (< 150 MB growth, >= 50,000 rows/s):", "met" if ok else "NOT met")


if __name__ == "__main__":
    main()
