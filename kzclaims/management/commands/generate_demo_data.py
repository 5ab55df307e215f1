import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from kzclaims.demo_data import generate


class Command(BaseCommand):
    help = (
        "Adds N generated articles (varied outlets, dates, speakers, quotes, reported speech and "
        "figures) with their claims, to try the app at a desk's volume. Claims come from the "
        "generator's own sentence plan, not from spaCy; about ten claims per article."
    )

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, required=True, help="How many articles to add")
        parser.add_argument("--seed", type=int, default=1, help="Random seed (default 1)")

    def handle(self, *args, articles, seed, **options):
        if not 1 <= articles <= 1_000_000:
            raise CommandError("--articles must be between 1 and 1,000,000.")
        started = time.monotonic()

        def progress(result):
            self.stdout.write(f"  {result.articles} articles, {result.claims} claims…")

        result = generate(articles=articles, seed=seed, progress=progress)
        if connection.vendor == "postgresql":
            # A bulk load leaves the planner's statistics behind (PostgreSQL's "Populating a
            # Database": run ANALYZE afterwards); autovacuum would catch up only later, and
            # until then the queue's plans are built for an empty table. VACUUM also marks the
            # new rows visible to all, which lets the queue's sort indexes answer deep pages
            # from the index alone; it cannot run inside a transaction (the tests' one).
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)")
        self.stdout.write(
            self.style.SUCCESS(
                f"Created {result.articles} articles with {result.claims} claims and "
                f"{result.figures} figures ({result.reviewed} claims tagged, each with its review "
                f"event) from {result.outlets} outlets and {result.speakers} speakers "
                f"in {time.monotonic() - started:.1f} s."
            )
        )
