"""Server time of the agreement page, its exports and the resolution queue on a generated database
with a few thousand double-reviewed claims.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kz_team_agree_100k \\
        .venv/bin/python bench/agreement_latency.py [--claims 3000] [--requests 200] [--json out]

The database is one made by `manage.py generate_demo_data --articles 10000` (about 100,000
claims); run it on a copy: the first run adds the double-blind work it measures (bench-agree-*
editors, a resolver, assignments named "bench: agreement …", --claims claims each tagged blind
by two of six editors, about a quarter in disagreement, a tenth with a later change of mind) and
later runs reuse it. Each page is requested --requests times in-process through Django's test
client (middleware, views, queries, templates; no network) as an admin and as a resolver; it
prints the machine and its load, then the median, p95 and max wall-clock time in ms, the median
CPU time of the process and of its SQL (on a shared machine the wall clock also holds the wait
for a core, which these two show apart) and the number of queries (the same for every request
of a page)."""

import argparse
import json
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
import machine  # noqa: E402 - found on the path set above

machine.in_process_settings()

TITLE = "bench: agreement"
EDITORS = 6
TAGS = ["verified", "disputed", "official_only"]


def make_work(n_claims: int, rng: random.Random):
    """The double-blind work measured: created once, in bulk."""
    from django.contrib.auth.models import Group, User
    from django.db import transaction

    from kzclaims.models import (
        AssignedClaim,
        Assignment,
        BlindReview,
        Claim,
        DoubleReview,
    )

    editor_group = Group.objects.get(name="editor")
    editors = []
    for i in range(1, EDITORS + 1):
        user, _ = User.objects.get_or_create(username=f"bench-agree-{i}")
        user.groups.add(editor_group)
        editors.append(user)
    resolver, _ = User.objects.get_or_create(username="bench-agree-resolver")
    resolver.groups.add(editor_group)
    admin, _ = User.objects.get_or_create(username="bench-agree-admin", defaults={"is_staff": True})
    admin.groups.add(Group.objects.get(name="admin"))
    if Assignment.objects.filter(title__startswith=TITLE).exists():
        return admin, resolver
    claim_ids = list(
        Claim.objects.filter(superseded_at__isnull=True)
        .order_by("?")
        .values_list("pk", flat=True)[:n_claims]
    )
    with transaction.atomic():
        # Two assignments: one the resolver decides, one left to admins.
        assignments = [
            Assignment.objects.create(
                title=f"{TITLE} (resolver)", reviews_required=2, resolver=resolver
            ),
            Assignment.objects.create(title=f"{TITLE} (admins)", reviews_required=2),
        ]
        assigned, blind, doubles, later = [], [], [], []
        for n, claim_id in enumerate(claim_ids):
            assignment = assignments[n % 2]
            a, b = rng.sample(editors, 2)
            first = rng.choice(TAGS)
            second = first if rng.random() < 0.75 else rng.choice([t for t in TAGS if t != first])
            for editor, status in ((a, first), (b, second)):
                assigned.append(
                    AssignedClaim(assignment=assignment, claim_id=claim_id, editor=editor)
                )
                blind.append(
                    BlindReview(
                        assignment=assignment,
                        claim_id=claim_id,
                        editor=editor,
                        status=status,
                        note=f"bench note {n}",
                    )
                )
            if rng.random() < 0.1:  # a change of mind: a later row, not the original tag
                later.append(
                    BlindReview(assignment=assignment, claim_id=claim_id, editor=b, status=first)
                )
            doubles.append(
                DoubleReview(
                    assignment=assignment,
                    claim_id=claim_id,
                    state="agreed" if first == second else "disagreed",
                )
            )
        AssignedClaim.objects.bulk_create(assigned, batch_size=2000)
        BlindReview.objects.bulk_create(blind, batch_size=2000)
        BlindReview.objects.bulk_create(later, batch_size=2000)
        DoubleReview.objects.bulk_create(doubles, batch_size=2000)
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return admin, resolver


def main() -> None:
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from kzclaims.agreement.selectors import RESOLVE_PAGE_SIZE, disagreement_count, disagreements
    from kzclaims.models import BlindReview, Claim, DoubleReview

    parser = argparse.ArgumentParser()
    parser.add_argument("--claims", type=int, default=3000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", help="write the figures here too")
    args = parser.parse_args()
    rng = random.Random(args.seed)

    admin, resolver = make_work(args.claims, rng)
    clients = {}
    for who, user in (("admin", admin), ("resolver", resolver)):
        clients[who] = Client()
        clients[who].force_login(user)
    doubles = DoubleReview.objects.filter(assignment__title__startswith=TITLE)
    item_ids = list(
        doubles.filter(state="disagreed", assignment__resolver=resolver).values_list(
            "pk", flat=True
        )
    )
    pages = {
        who: max(1, -(-disagreements(user).count() // RESOLVE_PAGE_SIZE))
        for who, user in (("admin", admin), ("resolver", resolver))
    }
    one = rng.choice
    plan = {
        "agreement page (admin: all)": ("admin", lambda: reverse("agreement:page")),
        "agreement page (resolver: theirs)": ("resolver", lambda: reverse("agreement:page")),
        "agreement CSV (admin)": ("admin", lambda: reverse("agreement:csv")),
        "agreement JSON (admin)": ("admin", lambda: reverse("agreement:json")),
        "resolution queue, any page (admin)": (
            "admin",
            lambda: reverse("agreement:resolve") + f"?page={rng.randint(1, pages['admin'])}",
        ),
        "resolution queue, any page (resolver)": (
            "resolver",
            lambda: reverse("agreement:resolve") + f"?page={rng.randint(1, pages['resolver'])}",
        ),
        "resolution item partial (resolver)": (
            "resolver",
            lambda: reverse("agreement:item", args=[one(item_ids)]),
        ),
    }
    print(machine.describe())
    print(
        f"database: {connection.vendor} {connection.settings_dict['NAME']}, "
        f"{Claim.objects.count():,} claims, {doubles.count():,} double-reviewed "
        f"({doubles.filter(state='disagreed').count():,} in disagreement), "
        f"{BlindReview.objects.count():,} blind tags; {args.requests} requests per page, "
        "in-process (server time)"
    )
    print(f"{'page':40} {'median':>7} {'p95':>7} {'max':>7} {'cpu':>6} {'sql':>6} {'queries':>7}")
    results = {}
    for name, (who, make) in plan.items():
        client = clients[who]
        client.get(make())  # warm the connection and caches once
        s = machine.time_pages(client, make, args.requests)
        q = "/".join(str(n) for n in s["queries"])
        print(
            f"{name:40} {s['median']:7.1f} {s['p95']:7.1f} {s['max']:7.1f} "
            f"{s['cpu_median']:6.1f} {s['sql_median']:6.1f} {q:>7}",
            flush=True,
        )
        results[name] = s
    # The navigation's count, called as the other branch's notice will: once per page view.
    for who, user in (("admin", admin), ("resolver", resolver)):
        times = []
        for _ in range(args.requests):
            t0 = time.perf_counter()
            disagreement_count(user)
            times.append((time.perf_counter() - t0) * 1000)
        s = machine.summary(times)
        name = f"disagreement_count ({who})"
        print(f"{name:40} {s['median']:7.2f} {s['p95']:7.2f} {s['max']:7.2f}")
        results[name] = s
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
