"""What every scale benchmark prints first: the machine and its load, so figures from a shared
machine can be read for what they are."""

import os
import platform
import statistics
import time


def cpu_name() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def describe() -> str:
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return (
        f"machine: {platform.machine()} {cpu_name()}, {os.cpu_count()} cores, "
        f"load average {load}, python {platform.python_version()}"
    )


def percentile(values, p: float) -> float:
    """The p-th percentile (nearest rank) of a non-empty list."""
    ordered = sorted(values)
    rank = max(1, round(p / 100 * len(ordered) + 0.5 - 1e-9))
    return ordered[min(rank, len(ordered)) - 1]


def summary(ms: list[float]) -> dict:
    return {
        "n": len(ms),
        "median": statistics.median(ms),
        "p95": percentile(ms, 95),
        "max": max(ms),
    }


def time_pages(client, make_url, requests: int) -> dict:
    """Requests `make_url()` through a Django test client `requests` times, in process: the
    server time of each (wall, CPU and SQL) and the query counts seen. Streamed responses (the
    exports) are read to their end. Needs Django set up; stops at the first non-200 answer."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times, cpu, sql, queries = [], [], [], set()
    for _ in range(requests):
        url = make_url()
        with CaptureQueriesContext(connection) as ctx:
            c0, t0 = time.process_time(), time.perf_counter()
            response = client.get(url)
            if hasattr(response, "streaming_content"):
                b"".join(response.streaming_content)
            elapsed = (time.perf_counter() - t0) * 1000
            cpu.append((time.process_time() - c0) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{url}: HTTP {response.status_code}")
        times.append(elapsed)
        sql.append(sum(float(q["time"]) for q in ctx.captured_queries) * 1000)
        queries.add(len(ctx.captured_queries))
    return {
        **summary(times),
        "cpu_median": summary(cpu)["median"],
        "sql_median": summary(sql)["median"],
        "queries": sorted(queries),
    }


def in_process_settings() -> None:
    """The production settings, for requests made in-process through Django's test client (call
    before django.setup()): the client's host, plain HTTP (the settings otherwise redirect to
    HTTPS and mark cookies secure), and static files unhashed, as they are not what is
    measured."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kzclaims.settings")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
    os.environ.setdefault("SECURE_COOKIES", "false")
    os.environ.setdefault("STATIC_MANIFEST", "false")
