"""The hand-checked same-statement labels of the seed articles (same_statement_seeds.json) and
how the stored groups score against them; used by tests/test_same_claims_seeds.py and
bench/same_statement_pairs.py."""

import json
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path

LABELS = Path(__file__).with_name("same_statement_seeds.json")


@dataclass
class Score:
    found: set = field(default_factory=set)  # labelled pairs grouped
    missed: set = field(default_factory=set)  # labelled pairs not grouped
    wrong: set = field(default_factory=set)  # grouped pairs that are two statements
    names: dict = field(default_factory=dict)  # claim id -> (outlet, words), for messages

    @property
    def precision(self) -> float:
        grouped = len(self.found) + len(self.wrong)
        return len(self.found) / grouped if grouped else 1.0

    @property
    def recall(self) -> float:
        labelled = len(self.found) + len(self.missed)
        return len(self.found) / labelled if labelled else 1.0

    def describe(self, pairs) -> list[str]:
        return sorted(
            " / ".join(f"{self.names[c][0]}: {self.names[c][1]!r}" for c in p) for p in pairs
        )


def _resolve(claims, outlet: str, words: str) -> int:
    """The claim of that outlet whose content is these words, else the one that holds them."""
    mine = [c for c in claims if c.article.outlet.name == outlet]
    exact = [c for c in mine if c.content.strip() == words]
    found = exact or [c for c in mine if words in c.content]
    if len(found) != 1:
        raise AssertionError(f"{len(found)} claims of {outlet} hold {words!r}")
    return found[0].pk


def score(claims) -> Score:
    """Scores the groups of `claims` (Claim objects with article__outlet loaded, all claims of
    the seed articles) against the labels."""
    labels = json.loads(LABELS.read_text(encoding="utf-8"))
    result = Score()
    same, tolerated = set(), set()
    for statement in labels["statements"]:
        ids = [_resolve(claims, *report) for report in statement["reports"]]
        for report, pk in zip(statement["reports"], ids, strict=True):
            result.names[pk] = tuple(report)
        same |= {frozenset(p) for p in combinations(ids, 2)}
    for entry in labels["tolerated"]:
        for a, b in entry["pairs"]:
            pa, pb = _resolve(claims, *a), _resolve(claims, *b)
            result.names.setdefault(pa, tuple(a))
            result.names.setdefault(pb, tuple(b))
            tolerated.add(frozenset((pa, pb)))
    groups: dict[int, list[int]] = {}
    for claim in claims:
        if claim.same_group_id:
            groups.setdefault(claim.same_group_id, []).append(claim.pk)
        result.names.setdefault(claim.pk, (claim.article.outlet.name, claim.content[:60]))
    grouped = {frozenset(p) for members in groups.values() for p in combinations(members, 2)}
    result.found = grouped & same
    result.missed = same - grouped
    result.wrong = grouped - same - tolerated
    return result
