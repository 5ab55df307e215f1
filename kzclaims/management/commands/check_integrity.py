"""`manage.py check_integrity`: verifies that every claim's offsets match its article's text and
every claim's status matches its last review event (kzclaims.integrity). Prints each finding;
the exit status is non-zero when there is any."""

from django.core.management.base import BaseCommand, CommandError

from kzclaims.integrity import findings


class Command(BaseCommand):
    help = "Checks claim offsets against article texts and claim statuses against their history."

    def add_arguments(self, parser):
        parser.add_argument(
            "--limit", type=int, default=100, help="Findings printed at most (default 100)"
        )

    def handle(self, *args, limit, **options):
        count = 0
        for finding in findings():
            count += 1
            if count <= limit:
                self.stderr.write(str(finding))
        if count:
            raise CommandError(f"{count} integrity problem(s) found.")
        self.stdout.write(self.style.SUCCESS("Integrity: every offset and status checks out."))
