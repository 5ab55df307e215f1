"""Server time of every review page on a generated database, against the targets of issue 9.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kz_scale_100k \\
        .venv/bin/python bench/page_latency.py [--requests 200] [--only NAME…] [--json out.json]

The database is built first with `manage.py generate_demo_data --articles 10000` (about
100,000 claims). Each page is requested --requests times in-process through Django's test
client as a logged-in editor (the whole request: middleware, views, queries, templates; no
network), with varying ids, filters and page numbers; it prints the median, p95 and max
wall-clock time in ms, the median CPU time of the Django process and the median time of its SQL
queries (on a shared machine the wall clock also holds the time spent waiting for a core, which
these two show apart), the number of SQL queries (which must be the same for every request of a
page), and the target.
"My queue" is measured as `bench-assigned`, an editor with 5,000 assigned claims (4,000 for one
review, 1,000 double-blind with `bench-partner`, a fifth of those already tagged blind by the
partner), made once in the database by the team services and reused on later runs.
Targets (PostgreSQL, 100,000 claims): queue with each filter, search and sort p95 <= 150 ms;
claim, article, speaker and compare pages p95 <= 300 ms."""

import argparse
import json
import random
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
import machine  # noqa: E402 - found on the path set above

machine.in_process_settings()

QUEUE_TARGET, PAGE_TARGET = 150.0, 300.0


MY_QUEUE_TITLE = "bench: my queue"


def assigned_editor(rng):
    """The editor with about 5,000 assigned claims that My queue is measured as."""
    from django.contrib.auth.models import Group, User

    from kzclaims.models import Assignment, Claim
    from kzclaims.team import services

    editors = []
    for name in ("bench-assigned", "bench-partner"):
        user, _ = User.objects.get_or_create(username=name)
        user.groups.add(Group.objects.get(name="editor"))
        editors.append(User.objects.get(pk=user.pk))  # fresh permission cache
    user, partner = editors
    admin = User.objects.filter(is_superuser=True).first() or user
    if not Assignment.objects.filter(title=MY_QUEUE_TITLE).exists():
        ids = list(
            Claim.objects.filter(parent__isnull=True, mode="speech", superseded_at__isnull=True)
            .order_by("?")
            .values_list("pk", flat=True)[:5000]
        )
        t0 = time.perf_counter()
        services.create_assignment(
            user=admin, title=MY_QUEUE_TITLE, editors=[user], reviews_required=1,
            claim_ids=ids[:4000],
        )  # fmt: skip
        services.create_assignment(
            user=admin, title=MY_QUEUE_TITLE + " (blind)", editors=[user, partner],
            reviews_required=2, claim_ids=ids[4000:],
        )  # fmt: skip
        print(f"assigned 5,000 claims (4,000 + 1,000 double-blind) in "
              f"{time.perf_counter() - t0:.2f} s")  # fmt: skip
        for claim_id in ids[4000:4200]:
            services.blind_tag(claim_id=claim_id, user=partner, status="verified", note="bench")
    return user


def scenarios(rng):
    """name -> (target ms, function returning the next URL, as whom: None for the editor)."""
    from django.db.models import Count
    from django.urls import reverse

    from kzclaims.models import Article, Claim, Outlet, SameClaimGroup, Speaker

    claim_ids = list(Claim.objects.order_by("?").values_list("pk", flat=True)[:2000])
    article_ids = list(Article.objects.order_by("?").values_list("pk", flat=True)[:2000])
    outlets = list(
        Outlet.objects.filter(articles__isnull=False).distinct().values_list("slug", flat=True)
    )
    speakers = list(
        Speaker.objects.annotate(n=Count("claims"))
        .filter(n__gt=0)
        .order_by("-n")
        .values_list("pk", "n")
    )
    top_speaker, top_n = speakers[0]
    words = ["fuel", "pipel", "harvest", "Almaty", "tariffs", "privatis", "refinery", "audit"]
    names = [
        s.name.split()[-1] for s in Speaker.objects.filter(pk__in=[s for s, _ in speakers[:50]])
    ]
    titles = ["fuel prices", "Astana", "speaks", "census"]
    queue = reverse("review:queue")
    total = Claim.objects.count()
    newest = Claim.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    last_page = max(1, -(-total // 50))
    from kzclaims.comparison.selectors import GROUPS_PER_PAGE

    groups = SameClaimGroup.objects.filter(outlet_count__gte=2).count()
    group_pages = max(1, -(-groups // GROUPS_PER_PAGE))
    one = rng.choice

    def q(**params):
        return f"{queue}?{urlencode(params)}"

    plan = {
        "queue (default: newest first)": lambda: queue,
        "my queue (5,000 assigned; default view)": lambda: q(assigned="me"),
        "my queue, any sort and page": lambda: q(
            assigned="me",
            sort=one(["date", "-date", "article", "status", "confidence"]),
            page=rng.randint(1, 100),
        ),
        "my queue, outlet": lambda: q(assigned="me", outlet=one(outlets)),
        # The same editor in all claims, by status: their 1,000 due blind claims read as
        # unreviewed (the blind rule), a subquery in the filter and a computed sort key.
        "my queue's editor, all claims by status": lambda: q(
            assigned="",
            **one(
                [
                    {"status": one(["unreviewed", "verified", "disputed"])},
                    {"sort": "status", "page": rng.randint(1, last_page)},
                ]
            ),
        ),
        "queue, outlet": lambda: q(outlet=one(outlets)),
        "queue, speaker": lambda: q(speaker=one(speakers)[0]),
        "queue, speaker type": lambda: q(speaker_type=one(["official", "expert", "public"])),
        "queue, kind": lambda: q(kind=one(["direct", "indirect", "fragment"])),
        "queue, status": lambda: q(status=one(["unreviewed", "verified", "disputed"])),
        "queue, stance": lambda: q(stance=one(["neutral", "assertive", "distancing"])),
        "queue, dates": lambda: q(
            date_from="2024-03-01", date_to=one(["2024-03-31", "2024-06-30"])
        ),
        "queue, article": lambda: q(article=one(article_ids)),
        "queue, title": lambda: q(title=one(titles)),
        "queue, search word": lambda: q(q=one(words)),
        "queue, search two words": lambda: q(q=f"{one(words)} {one(words)}"),
        "queue, search speaker": lambda: q(q=one(names)),
        "queue, search + status + outlet": lambda: q(
            q=one(words), status="unreviewed", outlet=one(outlets)
        ),
        "queue, sort oldest": lambda: q(sort="-date"),
        "queue, sort article": lambda: q(sort="article"),
        "queue, sort speaker": lambda: q(sort="speaker"),
        "queue, sort status": lambda: q(sort="status"),
        "queue, sort confidence": lambda: q(sort="confidence"),
        "queue, deep pages (any sort)": lambda: q(
            sort=one(["date", "confidence", "status", "speaker"]), page=rng.randint(1, last_page)
        ),
        "queue, page 2000": lambda: q(page=min(2000, last_page)),
        # The open queue's poll (every 30 s): claims newer than the page, with its filters.
        "queue, new-claims poll": lambda: (
            reverse("review:new_claims")
            + "?"
            + urlencode(
                {
                    **one([{}, {"status": "unreviewed"}, {"outlet": one(outlets)}]),
                    "since": newest - rng.randint(0, 200),
                }
            )
        ),
        "claim page": lambda: reverse("review:claim", args=[one(claim_ids)]),
        "claim panel (htmx)": lambda: reverse("review:claim_panel", args=[one(claim_ids)]),
        "article reader": lambda: reverse("review:article", args=[one(article_ids)]),
        "speaker (any)": lambda: reverse("review:speaker", args=[one(speakers)[0]]),
        f"speaker with {top_n} claims, any page": lambda: (
            reverse("review:speaker", args=[top_speaker])
            + f"?page={rng.randint(1, max(1, -(-top_n // 50)))}"
        ),
        "compare, any page": lambda: (
            reverse("comparison:compare") + f"?page={rng.randint(1, group_pages)}"
        ),
        "compare, outlets + dates": lambda: (
            reverse("comparison:compare")
            + f"?outlet={one(outlets)}&outlet={one(outlets)}&date_from=2024-03-01"
            + f"&date_to={one(['2024-03-31', '2024-06-30'])}"
        ),
        "compare, speaker": lambda: (
            reverse("comparison:compare") + f"?speaker={one(speakers[:200])[0]}"
        ),
    }
    return {
        name: ((QUEUE_TARGET if name.startswith(("queue", "my queue")) else PAGE_TARGET), make)
        for name, make in plan.items()
    }, total


def main() -> None:
    import django

    django.setup()
    from django.contrib.auth.models import Group, User
    from django.db import connection
    from django.test import Client

    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--only",
        action="append",
        help="run the scenarios whose name contains this (repeatable, or comma-separated)",
    )
    parser.add_argument("--json", help="write the figures here too")
    args = parser.parse_args()
    rng = random.Random(args.seed)

    user, _ = User.objects.get_or_create(username="bench-editor")
    user.groups.add(Group.objects.get(name="editor"))
    client = Client()
    client.force_login(user)
    assigned = Client()
    assigned.force_login(assigned_editor(rng))
    plan, total = scenarios(rng)
    print(machine.describe())
    print(
        f"database: {connection.vendor} {connection.settings_dict['NAME']}, {total:,} claims; "
        f"{args.requests} requests per page, in-process (server time)"
    )
    print(
        f"{'page':44} {'median':>7} {'p95':>7} {'max':>7} {'cpu':>6} {'sql':>6} {'queries':>7} "
        f"{'target':>6}  ok"
    )
    only = [part for option in args.only or [] for part in option.split(",")]
    results = {}
    for name, (target, make) in plan.items():
        if only and not any(part in name for part in only):
            continue
        who = assigned if name.startswith("my queue") else client
        who.get(make())  # warm the connection and caches once
        s = machine.time_pages(who, make, args.requests)
        ok = "yes" if s["p95"] <= target else "NO"
        q = "/".join(str(n) for n in s["queries"])
        print(
            f"{name:44} {s['median']:7.1f} {s['p95']:7.1f} {s['max']:7.1f} {s['cpu_median']:6.1f} "
            f"{s['sql_median']:6.1f} {q:>7} {target:6.0f}  {ok}",
            flush=True,
        )
        results[name] = {**s, "target": target}
    if args.json:
        Path(args.json).write_text(json.dumps({"claims": total, "pages": results}, indent=1))


if __name__ == "__main__":
    main()
