"""Speech precision of the extraction on the hand-labelled held-out news set
(tests/extraction/data/heldout_news.json): the share of top-level speech claims (not nested,
not a fragment under its clause) that are right as attributed statements, and the share of
labelled statements found.

    .venv/bin/python bench/speech_precision.py [-v]
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kzclaims.settings")


def main() -> None:
    import django

    django.setup()
    from kzclaims.extraction.pipeline import analyse, get_nlp
    from tests.extraction import heldout

    nlp = get_nlp()
    arts = heldout.articles()
    score = heldout.score([(a, analyse(nlp(a["text"])).claims) for a in arts])
    print(
        f"{len(arts)} articles, {score.labelled} labelled statements, {score.speech} speech "
        f"claims: precision {score.precision:.3f} ({score.right}/{score.speech}), "
        f"recall {score.recall:.3f} ({score.found}/{score.labelled})"
    )
    for name in sorted({a.get("set", "") for a in arts}):
        part = [a for a in arts if a.get("set", "") == name]
        sub = heldout.score([(a, analyse(nlp(a["text"])).claims) for a in part])
        print(
            f"  set {name}: {len(part)} articles, precision {sub.precision:.3f} "
            f"({sub.right}/{sub.speech}), recall {sub.recall:.3f} ({sub.found}/{sub.labelled})"
        )
    if "-v" in sys.argv:
        for content, mention in score.wrong:
            print(f"  wrong: {mention!r}: {content!r}")
        for span, speaker in score.missed:
            print(f"  missed: {speaker!r}: {span!r}")


if __name__ == "__main__":
    main()
