"""Tagging under load: 20 editors tagging claims at once through gunicorn on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kz_scale_100k \\
        .venv/bin/python bench/tagging_load.py [--editors 20] [--seconds 60] [--workers N]

Starts gunicorn on 127.0.0.1 (a free port; nothing else is contacted) with the project's
gunicorn.conf.py (as production does; --workers and --threads override it), logs in --editors
editor accounts, and lets each editor loop for --seconds: load a claim's queue row (GET, to read
its version, as the page does), then tag it (POST with the version and the CSRF token, as htmx
does), after a reading pause (--think seconds on average; 0 saturates the server instead of
modelling editors). Claims are drawn from a small hot set shared by all editors, so conflicting
writes (409, refused and reported) happen as they would on a desk. Prints throughput, p50/p95 of
the tag POSTs, and errors (anything but 200 and 409, or a failed connection), which must be 0.
Then verifies the database: every accepted write has exactly one review event, and no claim's
status disagrees with its last event. Bounded: at most --max-requests POSTs in all.
Target: tag p95 <= 100 ms."""

import argparse
import os
import random
import re
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kzclaims.settings")
# One key for this run, shared with gunicorn: the sessions made here are signed with it.
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))

VERSION = re.compile(r'name="version" value="(\d+)"')
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
STATUSES = ["verified", "disputed", "official_only", "unreviewed"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Editor(threading.Thread):
    def __init__(self, base, session_key, claims, stop_at, budget, rng, think):
        super().__init__(daemon=True)
        self.think = think
        self.base, self.claims, self.stop_at, self.budget, self.rng = (
            base, claims, stop_at, budget, rng
        )  # fmt: skip
        self.cookies = {"sessionid": session_key}
        self.tag_ms, self.accepted, self.conflicts, self.errors = [], [], 0, []

    def request(self, path, data=None, headers=None):
        cookie = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        headers = {**(headers or {}), "Cookie": cookie}
        req = urllib.request.Request(self.base + path, data=data, headers=headers)  # noqa: S310
        try:
            with urllib.request.urlopen(req, timeout=30) as response:  # noqa: S310 - 127.0.0.1
                for header in response.headers.get_all("Set-Cookie") or []:
                    name, _, rest = header.partition("=")
                    self.cookies[name.strip()] = rest.split(";", 1)[0]
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace")
        except OSError as error:  # refused, reset, timed out: an error like a 5xx
            return 0, str(error)

    def run(self):
        status, html = self.request("/")
        token = CSRF.search(html)
        if status != 200 or not token:
            self.errors.append(f"login page: {status}")
            return
        token = token[1]
        while time.monotonic() < self.stop_at and self.budget.acquire(blocking=False):
            if self.think:  # an editor reads the claim before tagging it
                time.sleep(self.rng.uniform(0.5, 1.5) * self.think)
            pk = self.rng.choice(self.claims)
            status, row = self.request(f"/claims/{pk}/row/")
            version = VERSION.search(row)
            if status != 200 or not version:
                self.errors.append(f"row {pk}: {status}")
                continue
            new = self.rng.choice(STATUSES)
            body = urlencode({"status": new, "version": version[1], "place": "row"}).encode()
            headers = {
                "HX-Request": "true",
                "X-CSRFToken": token,
                "Content-Type": "application/x-www-form-urlencoded",
                "Referer": self.base + "/",
            }
            t0 = time.perf_counter()
            status, _ = self.request(f"/claims/{pk}/tag/", body, headers)
            self.tag_ms.append((time.perf_counter() - t0) * 1000)
            if status == 200:
                self.accepted.append((pk, int(version[1]) + 1, new))
            elif status == 409:
                self.conflicts += 1
            else:
                self.errors.append(f"tag {pk}: HTTP {status or 'no answer'}")


def main() -> None:
    import django

    django.setup()
    import machine
    from django.conf import settings
    from django.contrib.auth.models import Group, User
    from django.contrib.sessions.backends.db import SessionStore
    from django.db import connection
    from django.db.models import F, Max, OuterRef, Subquery

    from kzclaims.models import Claim, ReviewEvent

    parser = argparse.ArgumentParser()
    parser.add_argument("--editors", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    # Unset: gunicorn.conf.py's, as in production.
    parser.add_argument("--workers", type=int, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, help="threads per worker (gthread when > 1)")
    parser.add_argument("--hot", type=int, default=2000, help="claims the editors share")
    parser.add_argument("--max-requests", type=int, default=50_000)
    parser.add_argument(
        "--think",
        type=float,
        default=2.0,
        help="mean seconds an editor reads before each tag (0: no pause, the server saturated)",
    )
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        raise SystemExit("Run against PostgreSQL (DATABASE_URL=postgres://...).")

    editor = Group.objects.get(name="editor")
    sessions = []
    for n in range(args.editors):
        user, _ = User.objects.get_or_create(username=f"load-editor-{n:02d}")
        user.groups.add(editor)
        session = SessionStore()
        session["_auth_user_id"] = str(user.pk)
        session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
        session["_auth_user_hash"] = user.get_session_auth_hash()
        session.create()
        sessions.append(session.session_key)
    claims = list(Claim.objects.order_by("?").values_list("pk", flat=True)[: args.hot])
    started_at_event = ReviewEvent.objects.aggregate(m=Max("id"))["m"] or 0

    config: dict = {}
    exec((ROOT / "gunicorn.conf.py").read_text(), config)  # noqa: S102 - the project's own file
    workers, threads = args.workers or config["workers"], args.threads or config["threads"]
    port = free_port()
    # Production settings, but plain HTTP on 127.0.0.1 (no TLS proxy in front here).
    env = {
        **os.environ,
        "ALLOWED_HOSTS": "127.0.0.1",
        "DEBUG": "false",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_COOKIES": "false",
        "STATIC_MANIFEST": "false",
    }
    server = subprocess.Popen(
        [
            str(Path(sys.executable)),
            "-m",
            "gunicorn",
            "kzclaims.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            *(["--workers", str(args.workers)] if args.workers else []),
            *(["--threads", str(args.threads)] if args.threads else []),
        ],
        cwd=ROOT,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=2)  # noqa: S310 - 127.0.0.1
                break
            except OSError:
                if server.poll() is not None:
                    raise SystemExit("gunicorn did not start") from None
                time.sleep(0.2)
        else:
            raise SystemExit("gunicorn did not answer within 60 s")
        budget = threading.BoundedSemaphore(args.max_requests)
        stop_at = time.monotonic() + args.seconds
        editors = [
            Editor(base, key, claims, stop_at, budget, random.Random(n), args.think)
            for n, key in enumerate(sessions)
        ]
        t0 = time.monotonic()
        for e in editors:
            e.start()
        for e in editors:
            e.join(args.seconds + 60)
        elapsed = time.monotonic() - t0
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(30)

    tag_ms = [ms for e in editors for ms in e.tag_ms]
    accepted = [a for e in editors for a in e.accepted]
    conflicts = sum(e.conflicts for e in editors)
    errors = [err for e in editors for err in e.errors]
    print(machine.describe())
    print(
        f"database: {settings.DATABASES['default']['NAME']}, {Claim.objects.count():,} claims; "
        f"gunicorn {workers} workers x {threads} threads on 127.0.0.1; "
        f"{args.editors} editors for "
        f"{elapsed:.0f} s over {len(claims)} shared claims, {args.think:g} s mean reading time "
        f"between tags"
    )
    s = machine.summary(tag_ms) if tag_ms else {"median": 0, "p95": 0, "max": 0}
    print(
        f"tag requests: {len(tag_ms)} ({len(tag_ms) / elapsed:.1f}/s), accepted {len(accepted)}, "
        f"refused as stale (409) {conflicts}, errors {len(errors)}"
    )
    print(f"tag latency ms: p50 {s['median']:.1f}, p95 {s['p95']:.1f}, max {s['max']:.1f} "
          f"(target p95 <= 100)")  # fmt: skip
    for err in errors[:10]:
        print("  error:", err)

    # Every accepted write is exactly one event, and statuses agree with the last event.
    events = ReviewEvent.objects.filter(id__gt=started_at_event)
    written = {(pk, version) for pk, version, _ in accepted}
    n_events = events.count()
    last = ReviewEvent.objects.filter(claim=OuterRef("pk")).order_by("-created_at", "-id")
    disagree = (
        Claim.objects.filter(pk__in=claims, events__isnull=False)
        .annotate(last_status=Subquery(last.values("to_status")[:1]))
        .exclude(status=F("last_status"))
        .distinct()
        .count()
    )
    print(
        f"check: {len(written)} accepted writes, {n_events} new events "
        f"({'one each' if n_events == len(written) else 'MISMATCH'}); "
        f"claims whose status disagrees with their last event: {disagree}"
    )
    ok = not errors and n_events == len(written) and disagree == 0
    raise SystemExit(0 if ok else 1)


if __name__ == "__main__":
    main()
