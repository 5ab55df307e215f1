"""`manage.py export_claims --format csv|jsonl|claimreview|factcheck|articles [filters]`:
the same exports as the queue's download links, to stdout, with the queue's filters as options."""

from django.core.management.base import BaseCommand, CommandError

from kzclaims.claim_filters import ClaimFilterForm, claims_from_query
from kzclaims.exports.claimreview import claimreview_chunks
from kzclaims.exports.csv import csv_lines
from kzclaims.exports.factcheck import factcheck_lines
from kzclaims.exports.jsonl import article_lines, jsonl_lines, selected_articles

FORMATS = ("csv", "jsonl", "claimreview", "factcheck", "articles")


class Command(BaseCommand):
    help = (
        "Writes the claims the filters select to stdout as CSV, JSON Lines, ClaimReview JSON-LD "
        "or Fact Check Tools markup pages (reviewed claims only, with SITE_URL's addresses); "
        "`--format articles` writes their articles in the JSON Lines import format."
    )

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=FORMATS, default="csv")
        parser.add_argument(
            "--bom", action="store_true", help="CSV: start with a UTF-8 byte order mark"
        )
        for name, field in ClaimFilterForm.base_fields.items():
            parser.add_argument(
                f"--{name.replace('_', '-')}",
                dest=f"filter_{name}",
                help=f"Queue filter {name!r} ({field.label or name})",
            )

    def handle(self, *args, **options):
        params = {
            name: options[f"filter_{name}"]
            for name in ClaimFilterForm.base_fields
            if options.get(f"filter_{name}") is not None
        }
        form, claims = claims_from_query(params)
        if form.errors:
            problems = "; ".join(
                f"--{field.replace('_', '-')}: {' '.join(errors)}"
                for field, errors in form.errors.items()
            )
            raise CommandError(f"Invalid filters: {problems}")
        match options["format"]:
            case "csv":
                chunks = csv_lines(claims, bom=options["bom"])
            case "jsonl":
                chunks = jsonl_lines(claims)
            case "claimreview":
                chunks = claimreview_chunks(claims)
            case "factcheck":
                chunks = factcheck_lines(claims)
            case "articles":
                unfiltered = not any(v for k, v in form.cleaned_data.items() if k != "sort")
                chunks = article_lines(selected_articles(claims, everything=unfiltered))
        out = self.stdout
        for chunk in chunks:
            out.write(chunk, ending="")
        out.flush()
