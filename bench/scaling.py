"""Page time at 10,000 claims against 100,000: the ratio should stay near 1.

    .venv/bin/python bench/scaling.py \\
        --small postgres://postgres@127.0.0.1:5432/kz_scale_10k \\
        --large postgres://postgres@127.0.0.1:5432/kz_scale_100k [--requests 50]

Build the two databases first with `generate_demo_data --articles 1000` and `--articles 10000`.
Runs bench/page_latency.py against each (one after the other, the same pages and seed) and
prints, per page, the medians and the ratio large / small. A page whose time grows with the
number of claims shows a ratio near 10; one that does not, near 1."""

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))


def run(url: str, requests: int) -> dict:
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        subprocess.run(
            [sys.executable, "-W", "ignore", str(ROOT / "bench" / "page_latency.py"),
             "--requests", str(requests), "--json", out.name],
            env={**os.environ, "DATABASE_URL": url},
            check=True,
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        return json.loads(Path(out.name).read_text())


def main() -> None:
    import machine

    parser = argparse.ArgumentParser()
    parser.add_argument("--small", required=True, help="DATABASE_URL of the ~10,000-claim database")
    parser.add_argument("--large", required=True, help="DATABASE_URL of the ~100,000-claim one")
    parser.add_argument("--requests", type=int, default=50)
    args = parser.parse_args()
    small, large = run(args.small, args.requests), run(args.large, args.requests)
    print(machine.describe())
    print(
        f"{args.requests} requests per page; medians in ms at {small['claims']:,} and "
        f"{large['claims']:,} claims ({large['claims'] / small['claims']:.1f}x the claims)"
    )
    print(f"{'page':44} {'small':>8} {'large':>8} {'ratio':>6}")
    ratios = []
    for name, figures in large["pages"].items():
        base = next(
            (
                v
                for k, v in small["pages"].items()
                if k.split(" with ")[0] == name.split(" with ")[0]
            ),
            None,
        )
        if base is None:
            continue
        ratio = figures["median"] / base["median"]
        ratios.append(ratio)
        print(f"{name:44} {base['median']:8.1f} {figures['median']:8.1f} {ratio:6.2f}")
    ratios.sort()
    print(f"median ratio {ratios[len(ratios) // 2]:.2f}, largest {ratios[-1]:.2f}")


if __name__ == "__main__":
    main()
