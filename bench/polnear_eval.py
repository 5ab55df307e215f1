"""Score the extraction on the PolNeAR dev split with the shared scorer.

    DJANGO_SETTINGS_MODULE=kzclaims.settings .venv/bin/python bench/polnear_eval.py \
        [--polnear ../shared/benchmarks/polnear] [--scorer ../shared/tools/score_polnear.py] \
        [--out /tmp/polnear_dev.jsonl]

Runs the same code path as `manage.py extract_claims --format jsonl` over all dev texts in one
process (one model load, nlp.pipe), writes the JSONL and prints the scorer's JSON."""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kzclaims.settings")


def main() -> None:
    import django

    django.setup()
    from kzclaims.extraction.pipeline import analyse_many

    parser = argparse.ArgumentParser()
    # The shared directory beside the checkout (or beside the worktrees' parent).
    shared = next(
        (p / "shared" for p in ROOT.parents if (p / "shared/benchmarks/polnear").is_dir()),
        ROOT.parent / "shared",
    )
    parser.add_argument("--polnear", default=str(shared / "benchmarks/polnear"))
    parser.add_argument("--scorer", default=str(shared / "tools/score_polnear.py"))
    parser.add_argument("--split", default="dev")
    parser.add_argument("--out", default=os.path.join(tempfile.gettempdir(), "polnear_dev.jsonl"))
    args = parser.parse_args()

    files = sorted((Path(args.polnear) / args.split / "text").glob("*.txt"))
    texts = [f.read_text(encoding="utf-8") for f in files]
    t0 = time.perf_counter()
    n = 0
    with open(args.out, "w", encoding="utf-8") as out:
        for path, analysis in zip(files, analyse_many(texts), strict=True):
            for claim in analysis.claims:
                claim.file = str(path)
                out.write(json.dumps(claim.as_json(), ensure_ascii=False) + "\n")
                n += 1
    elapsed = time.perf_counter() - t0
    print(f"{len(files)} texts, {n} claims, {elapsed:.1f}s -> {args.out}", file=sys.stderr)
    result = subprocess.run(
        [sys.executable, args.scorer, args.polnear, args.split, args.out],
        check=True,
        capture_output=True,
        text=True,
    )
    print(result.stdout.strip())


if __name__ == "__main__":
    main()
