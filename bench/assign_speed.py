"""Time to assign claims to editors (kzclaims/team/services.create_assignment) on a generated
database, and the number of SQL statements it takes (bulk inserts, never one per claim).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kz_team_assign_100k \\
        .venv/bin/python bench/assign_speed.py [--claims 100000] [--reviews 1|2] [--editors 4]

Each run assigns the first --claims claims of the queue's default view (newest first), passing
the query as the assign page does (one INSERT … SELECT), inside a transaction that is rolled
back, so the database is left as it was."""

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kzclaims.settings")


class Rollback(Exception):
    pass


def main() -> None:
    import django

    django.setup()
    import machine
    from django.contrib.auth.models import Group, User
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from kzclaims.claim_filters import claims_from_query
    from kzclaims.team import services

    parser = argparse.ArgumentParser()
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--reviews", type=int, choices=[1, 2], default=2)
    parser.add_argument("--editors", type=int, default=4)
    args = parser.parse_args()
    print(machine.describe())
    editors = []
    for n in range(args.editors):
        user, _ = User.objects.get_or_create(username=f"bench-assign-{n}")
        user.groups.add(Group.objects.get(name="editor"))
        editors.append(User.objects.get(pk=user.pk))
    admin = User.objects.filter(is_superuser=True).first() or editors[0]
    _, claims = claims_from_query({"superseded": "include", "mode": "any", "nested": "on"})
    try:
        with transaction.atomic(), CaptureQueriesContext(connection) as ctx:
            t0 = time.perf_counter()
            # As the assign page does: the queue's query goes to the database, not its ids.
            assignment = services.create_assignment(
                user=admin, title="bench", editors=editors, reviews_required=args.reviews,
                claim_ids=claims.values_list("pk", flat=True)[: args.claims],
            )  # fmt: skip
            total = time.perf_counter() - t0
            raise Rollback
    except Rollback:
        pass
    count = assignment.claim_count
    rows = count * args.reviews
    print(
        f"database: {connection.vendor} {connection.settings_dict['NAME']}; assigned "
        f"{count:,} claims to {args.editors} editors, {args.reviews} review(s) each "
        f"({rows:,} assigned rows): {total:.2f} s in all, "
        f"{len(ctx.captured_queries)} SQL statements; rolled back"
    )


if __name__ == "__main__":
    main()
