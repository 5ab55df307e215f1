"""What the queue's flow adds to a request, on a generated database:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kz_scale_100k \\
        .venv/bin/python bench/queue_flow.py [--requests 200]

- after a tag in the queue, whether the claim still matches the page's filters
  (`selectors.still_matches`: the filters narrowed to one primary key), for a few filter sets;
- the newest claim id every queue page reads for its new-claims poll (`newest_claim_id`).
The poll itself is a page of bench/page_latency.py ("queue, new-claims poll"). Prints median,
p95 and max in ms and the machine (bench/machine.py)."""

import argparse
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kzclaims.settings")

FILTERS = [
    "status=unreviewed&sort=article",
    "status=unreviewed&outlet={outlet}",
    "speaker_type=official&stance=distancing",
    "q=fuel&status=unreviewed",
]


def main() -> None:
    import django

    django.setup()
    import machine
    from django.db import connection

    from kzclaims.models import Claim, Outlet
    from kzclaims.review import selectors

    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    ids = list(Claim.objects.order_by("?").values_list("pk", flat=True)[: args.requests])
    outlets = list(Outlet.objects.values_list("slug", flat=True))
    print(machine.describe())
    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}, {len(ids)} claims")
    print(f"{'measure':52} {'median':>7} {'p95':>7} {'max':>7}")

    def run(name, call):
        call()  # warm
        times = []
        for pk in ids:
            t0 = time.perf_counter()
            call(pk)
            times.append((time.perf_counter() - t0) * 1000)
        s = machine.summary(times)
        print(f"{name:52} {s['median']:7.2f} {s['p95']:7.2f} {s['max']:7.2f}", flush=True)

    for template in FILTERS:
        query = template.format(outlet=rng.choice(outlets))
        run(f"still_matches {query}", lambda pk=ids[0], q=query: selectors.still_matches(pk, q))
    run("newest_claim_id", lambda pk=None: selectors.newest_claim_id())


if __name__ == "__main__":
    main()
