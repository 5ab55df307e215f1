from django.core.management.base import BaseCommand

from kzclaims import same_claims
from kzclaims.models import Article


class Command(BaseCommand):
    help = (
        "Places every claim in its same-claim group (normally kept as claims are stored): for a "
        "database whose claims were stored before the groups existed."
    )

    def handle(self, *args, **options):
        ids = list(
            Article.objects.order_by("published", "imported_at", "id").values_list("pk", flat=True)
        )
        for start in range(0, len(ids), 200):  # in date order, so each chunk's window is short
            same_claims.regroup_articles(ids[start : start + 200])
        self.stdout.write(f"Grouped the claims of {len(ids)} articles.")
