"""The data files under lexicons/, loaded once."""

import json
from functools import cache
from pathlib import Path

LEXICON_DIR = Path(__file__).with_name("lexicons")


@cache
def load(name: str) -> dict:
    with (LEXICON_DIR / f"{name}.json").open(encoding="utf-8") as fh:
        return json.load(fh)


@cache
def cue_stances() -> dict[str, str]:
    """Lemma -> stance; a lemma listed under a marked stance wins over 'neutral'."""
    data = load("cues")
    stances = {lemma: "neutral" for lemma in data["neutral"]}
    for stance in ("assertive", "distancing", "directive"):
        for lemma in data[stance]:
            stances[lemma] = stance
    return stances


@cache
def word_set(name: str, key: str) -> frozenset[str]:
    return frozenset(load(name)[key])
