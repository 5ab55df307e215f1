"""`manage.py extract_articles --all | --article ID ...`: (re)extract stored articles."""

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Extract claims from stored articles and save them (idempotent)."

    def add_arguments(self, parser):
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument("--all", action="store_true", help="every article")
        group.add_argument("--pending", action="store_true", help="articles not yet extracted")
        group.add_argument("--article", type=int, nargs="+", metavar="ID", dest="ids")

    def handle(self, *args, **options):
        from kzclaims.extraction.store import extract_articles
        from kzclaims.models import Article

        qs = Article.objects.order_by("pk")
        if options["ids"]:
            qs = qs.filter(pk__in=options["ids"])
            missing = set(options["ids"]) - set(qs.values_list("pk", flat=True))
            if missing:
                raise CommandError(f"no article with id {', '.join(map(str, sorted(missing)))}")
        elif options["pending"]:
            qs = qs.exclude(extraction_status=Article.Extraction.DONE)

        def progress(n, total, result):
            if result.error:
                self.stderr.write(f"[{n}/{total}] article {result.article_id}: {result.error}")
            elif options["verbosity"] > 1:
                self.stdout.write(
                    f"[{n}/{total}] article {result.article_id}: {result.created} new, "
                    f"{result.updated} kept, {result.removed} removed"
                )

        results = extract_articles(qs, progress=progress)
        failed = [r for r in results if r.error]
        claims = sum(r.created + r.updated for r in results)
        self.stdout.write(
            f"Extracted {len(results) - len(failed)} article(s), {claims} claim(s)"
            + (f"; {len(failed)} failed" if failed else "")
        )
        if failed:
            raise CommandError(f"{len(failed)} article(s) failed")
