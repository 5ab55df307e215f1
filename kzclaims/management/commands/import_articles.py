"""`manage.py import_articles FILE...`: the admin import page on the command line. Same formats
(Django fixture .json, JSON Lines .jsonl, plain .txt), same all-or-nothing rule: anything
rejected is printed with its file and line, the exit status is non-zero and nothing is
imported. One extraction task per new article is enqueued in the import's own transaction, so
an import killed at any point leaves no article without its task; the articles are then
extracted here, with a progress bar on a terminal (the queued tasks find them done), unless
`--enqueue` leaves them to the task worker or `--no-extract` leaves them pending, unqueued."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from kzclaims.imports.services import ImportRejected, import_articles, preview_import
from kzclaims.models import Article
from kzclaims.tasks import extract_article_task


class Command(BaseCommand):
    help = "Imports articles from Django fixtures, JSON Lines or text files, all or nothing."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE")
        parser.add_argument(
            "--dry-run", action="store_true", help="Show what would be imported; write nothing"
        )
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument(
            "--enqueue",
            action="store_true",
            help="Enqueue one extraction task per new article for the worker (db_worker)",
        )
        mode.add_argument(
            "--no-extract", action="store_true", help="Import only; leave extraction pending"
        )

    def handle(self, *args, files, dry_run, enqueue, no_extract, verbosity, **options):
        loaded = []
        for name in self._bar(files, desc="Reading", unit="file", quiet=verbosity == 0):
            path = Path(name)
            try:
                loaded.append((str(path), path.read_bytes()))
            except OSError as error:
                raise CommandError(f"{name}: cannot read ({error.strerror})") from error

        if dry_run:
            plan = preview_import(files=loaded)
            self._report_plan(plan)
            if plan.problems:
                self._fail(plan.problems)
            return

        try:
            result = import_articles(
                files=loaded, source=" ".join(files)[:500], extract=not no_extract
            )
        except ImportRejected as rejected:
            self._fail(rejected.problems)

        for planned in result.skipped:
            self.stdout.write(f"skipped {planned.record.where}: {planned.skip_reason}")
        for name in result.new_outlets:
            self.stdout.write(f"new outlet: {name}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {len(result.created)} articles, skipped {len(result.skipped)}"
                + (f" (batch {result.batch.pk})" if result.batch else "")
            )
        )
        if enqueue:
            self.stdout.write(f"Enqueued {len(result.created)} extractions for the task worker.")
        elif not no_extract and result.created:
            self._extract(result.created, quiet=verbosity == 0)

    def _bar(self, items, *, desc, unit, quiet):
        """A progress bar on stderr when it is a terminal; silent otherwise."""
        stream = self.stderr._out
        return tqdm(items, desc=desc, unit=unit, file=stream, disable=quiet or not stream.isatty())

    def _fail(self, problems):
        for problem in problems:
            self.stderr.write(str(problem))
        raise CommandError(f"{len(problems)} problem(s): nothing was imported.")

    def _report_plan(self, plan):
        for planned in plan.to_create:
            self.stdout.write(
                f"create {planned.record.where}: “{planned.record.title}” "
                f"({planned.outlet}, {planned.outlet_how})"
            )
        for planned in plan.to_skip:
            self.stdout.write(f"skip {planned.record.where}: {planned.skip_reason}")
        for name in plan.new_outlets:
            self.stdout.write(f"new outlet: {name}")
        self.stdout.write(
            f"Would import {len(plan.to_create)} articles and skip {len(plan.to_skip)}; "
            f"{len(plan.problems)} problem(s)."
        )

    def _extract(self, article_ids, *, quiet):
        """Runs the queued tasks' work here and now (each takes the article's lease, so a worker
        never extracts it twice); one article's failure is reported, not fatal."""
        failures = []
        with self._bar(article_ids, desc="Extracting", unit="article", quiet=quiet) as bar:
            for article_id in bar:
                try:
                    extract_article_task.call(article_id)
                except Exception as error:
                    failures.append((Article.objects.get(pk=article_id), error))
        done = len(article_ids) - len(failures)
        self.stdout.write(f"Extracted {done} of {len(article_ids)} articles.")
        for article, error in failures:
            self.stderr.write(f"extraction failed for article {article.pk} “{article}”: {error}")
        if failures:
            # The import stands; the failed articles can be retried from the admin.
            self.stderr.write(
                f"{len(failures)} extraction(s) failed; retry them from the admin "
                "(Articles → Retry extraction)."
            )
