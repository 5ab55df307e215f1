"""Extraction speed against bare spaCy, in one process.

    .venv/bin/python bench/extraction_speed.py [--words 50000] [--rounds 2] [--processes 1]

The seed articles are repeated to at least --words words. Each round times (1) bare
`nlp.pipe` of the model named by settings.KZCLAIMS_SPACY_MODEL, loaded plainly with
`spacy.load`, and (2) the full extraction (`get_nlp()`: the same model with the components the
extraction does not read disabled and a line-break rule, `nlp.pipe` + `analyse` per doc) over
the same text. The best round of each is reported, as words per second and as the ratio
extraction / spaCy; the time spent in `analyse` alone is also measured, since on a shared
machine the two wall-clock figures drift by more than the extraction costs. Target: <= 1.25."""

import argparse
import os
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kzclaims.settings")


def cpu_name() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor()


def seed_texts() -> list[str]:
    seeds = ROOT.parent / "shared" / "seeds"
    if seeds.is_dir():
        return [p.read_text(encoding="utf-8") for p in sorted(seeds.glob("*.txt"))]
    import json

    rows = json.loads((ROOT / "fixtures" / "articles.json").read_text(encoding="utf-8"))
    return [r["fields"]["body"] for r in rows if r["model"] == "kzclaims.article"]


def main() -> None:
    import django

    django.setup()
    import spacy

    from kzclaims.extraction.pipeline import analyse, get_nlp

    parser = argparse.ArgumentParser()
    parser.add_argument("--words", type=int, default=50_000)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--processes", type=int, default=1, help="nlp.pipe n_process")
    args = parser.parse_args()

    base = seed_texts()
    base_words = sum(len(t.split()) for t in base)
    texts = base * -(-args.words // base_words)
    words = sum(len(t.split()) for t in texts)
    from django.conf import settings

    bare = spacy.load(settings.KZCLAIMS_SPACY_MODEL)
    nlp = get_nlp()
    bare("warm up")
    nlp("warm up")
    pipe = {"batch_size": args.batch_size, "n_process": args.processes}

    spacy_times, extract_times, analyse_times = [], [], []
    claims = 0
    for _ in range(args.rounds):
        t0 = time.perf_counter()
        for _doc in bare.pipe(texts, **pipe):
            pass
        spacy_times.append(time.perf_counter() - t0)

        t0 = time.perf_counter()
        analyse_s = 0.0
        claims = 0
        for doc in nlp.pipe(texts, **pipe):
            a0 = time.perf_counter()
            claims += len(analyse(doc).claims)
            analyse_s += time.perf_counter() - a0
        extract_times.append(time.perf_counter() - t0)
        analyse_times.append(analyse_s)

    sp, ex, an = min(spacy_times), min(extract_times), min(analyse_times)
    print(
        f"machine: {platform.machine()} {cpu_name()}, {os.cpu_count()} cpus, "
        f"python {platform.python_version()}, spacy {spacy.__version__}, model "
        f"{nlp.meta['name']} {nlp.meta['version']}, components {nlp.pipe_names}"
    )
    print(
        f"text: {len(texts)} articles, {words} words; {claims} claims per pass; "
        f"{args.rounds} rounds, best of each; n_process={args.processes}"
    )
    print(f"bare nlp.pipe: {sp:.2f}s  {words / sp:,.0f} words/s")
    print(f"extraction:    {ex:.2f}s  {words / ex:,.0f} words/s  (analyse alone {an:.2f}s)")
    print(f"bare components: {bare.pipe_names}")
    print(f"ratio extraction / spaCy: {ex / sp:.3f}  (wall clock)")
    print(f"ratio (spaCy + analyse) / spaCy: {(sp + an) / sp:.3f}  (analyse adds {an / sp:.1%})")


if __name__ == "__main__":
    main()
