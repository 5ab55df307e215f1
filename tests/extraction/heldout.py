"""Speech precision on the held-out news set (tests/extraction/data/heldout_news.json): the
top-level claims with mode speech (not nested, not a fragment under its clause) that are right
as attributed statements, judged against the hand labels. Shared by the test and by
bench/speech_precision.py."""

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

DATA = Path(__file__).with_name("data") / "heldout_news.json"
_STOP = {"the", "a", "an", "of", "s", "for", "to", "its", "his", "her", "their", "one"}


def _words(s: str | None) -> set[str]:
    return set(re.findall(r"[a-z0-9]+", (s or "").lower())) - _STOP


@dataclass
class Score:
    speech: int = 0  # top-level speech claims emitted
    right: int = 0  # of those, right as attributed statements
    labelled: int = 0
    found: int = 0  # labelled statements covered by a right claim
    wrong: list[tuple[str, str | None]] = field(default_factory=list)
    missed: list[tuple[str, str]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.right / self.speech if self.speech else 0.0

    @property
    def recall(self) -> float:
        return self.found / self.labelled if self.labelled else 0.0


def _right(text: str, claim, label: dict) -> bool:
    """The claim lies mostly inside the labelled statement (a part of it is still a statement
    an editor accepts) and names its speaker (the mention or the resolved name)."""
    a = text.index(label["span"])
    b = a + len(label["span"])
    overlap = max(0, min(b, claim.end) - max(a, claim.start))
    if overlap < 0.5 * (claim.end - claim.start) or len(claim.content.split()) < 3:
        return False
    return bool(_words(label["speaker"]) & (_words(claim.speaker) | _words(claim.speaker_mention)))


def score(analyses) -> Score:
    """`analyses`: (article, claims) pairs for every article of the set."""
    result = Score()
    for article, claims in analyses:
        text, labels = article["text"], article["statements"]
        result.labelled += len(labels)
        covered = set()
        for c in claims:
            if c.mode != "speech" or c.nested or (c.kind == "fragment" and c.parent is not None):
                continue
            result.speech += 1
            hits = [n for n, label in enumerate(labels) if _right(text, c, label)]
            if hits:
                result.right += 1
                covered.update(hits)
            else:
                result.wrong.append((c.content, c.speaker_mention))
        result.found += len(covered)
        result.missed += [
            (lb["span"], lb["speaker"]) for n, lb in enumerate(labels) if n not in covered
        ]
    return result


def articles() -> list[dict]:
    return json.loads(DATA.read_text(encoding="utf-8"))["articles"]
