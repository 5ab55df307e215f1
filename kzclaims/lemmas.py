"""Lemmas of a text without running spaCy: the spaCy model's own rule-lemmatiser tables
(exceptions, suffix rules, the index of known lemmas), applied word by word.

spaCy's rule lemmatiser needs the tagger's part of speech; here each word tries verb, noun and
adjective in turn (the exceptions, then the suffix rules) and takes the first form the model's
index knows ("detained" → "detain", "troops" → "troop", "were" → "be", "stabilized" →
"stabilize"); a word no rule reduces stays as it is. That is cheap enough for the demo
generator's hundred thousand claims and for the candidates a store compares with, and one
lemmatiser for extracted and generated text alike keeps their comparison (kzclaims.same_claims)
the same."""

import re
from functools import cache
from pathlib import Path

# A number with its separators is one token ("5,969"); otherwise runs of letters.
TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+")
# The words that deny a clause. spaCy's stop list holds them all, so content_lemmas drops
# them: "will not be involved" and "will be involved" have the same lemmas.
NEGATION = re.compile(
    r"\b(?:not|no|never|nobody|nothing|none|neither|nor|cannot)\b|n[\u2019']t\b", re.IGNORECASE
)
_POS = ("verb", "noun", "adj")


@cache
def _tables():
    """The model's lemmatiser tables (read once per process from the model package)."""
    import spacy.util
    from django.conf import settings
    from spacy.lang.en.stop_words import STOP_WORDS
    from spacy.lookups import Lookups

    package = spacy.util.get_package_path(settings.KZCLAIMS_SPACY_MODEL)
    folder = next(package.glob("**/lemmatizer/lookups"), None) or Path(package, "lemmatizer")
    lookups = Lookups().from_disk(folder)
    rules, exc, index = (lookups.get_table(n) for n in ("lemma_rules", "lemma_exc", "lemma_index"))
    return (
        {pos: [tuple(r) for r in rules.get(pos, [])] for pos in _POS},
        {pos: dict(exc.get(pos, {})) for pos in _POS},
        {pos: frozenset(index.get(pos, [])) for pos in _POS},
        frozenset(STOP_WORDS),
    )


@cache
def lemma(word: str) -> str:
    """The lemma of one lower-cased word (the word itself when the tables know no other)."""
    rules, exc, index, _ = _tables()
    for pos in _POS:
        if word in exc[pos]:
            return exc[pos][word][0]
        for old, new in rules[pos]:
            if old and word.endswith(old):
                form = word[: len(word) - len(old)] + new
                if form in index[pos]:
                    return form
    return word


def content_lemmas(text: str) -> list[str]:
    """The lemmas of a text's content words, in order: stop words (spaCy's English list) and
    one-letter words left out; numbers kept as written."""
    stop = _tables()[3]
    out = []
    for word in TOKEN.findall(text.casefold()):
        if word[0].isdigit():
            out.append(word)
        elif len(word) > 1 and word not in stop:
            form = lemma(word)
            if form not in stop:
                out.append(form)
    return out


def negated(text: str) -> bool:
    """Whether a text denies something ("not", "no", "never", "n't"): a statement and its
    denial share their content lemmas."""
    return NEGATION.search(text) is not None
