"""One spelling for the many ways English names one institution.

"Russian Defense Ministry", "the Defense Ministry of Russia", "Russia's Ministry of Defense" and
"the Ministry of Defense of the Russian Federation" are one speaker: an institution's name is a
head ("ministry", "committee", "service"; the lexicon's org_heads), what it is about ("defense",
"national security") and whose it is (a country, written as a demonym, a possessive or an "of"
phrase). The order of those parts, "the", "of" and the possessive carry no identity, so the key
keeps the three parts and orders each: heads, then "of" and the other words (sorted: "press
service of the president" and "president's press service" meet), then "of" and the countries.
The extraction stores the key as one more spelling of the speaker it creates
(kzclaims.extraction.store), so the next article that spells the institution another way finds
the same speaker; the key is data-driven (the lexicon's countries and synonyms), never a list of
particular names."""

from functools import cache

from kzclaims.extraction import lexicon
from kzclaims.models import normalize_alias

_FILLER = frozenset({"the", "of", "s"})


@cache
def _phrases() -> tuple[tuple[str, str], ...]:
    """(words, replacement) pairs, longest first: the lexicon's synonyms ("interior" is
    "internal affairs", "foreign affairs" is "foreign") and countries ("russian federation" is
    "russia"), a country's words joined into one token so that "united states" stays one."""
    data = lexicon.load("speakers")
    pairs = {**data["org_synonyms"], **data["institution_synonyms"]}
    for name, country in data["countries"].items():
        pairs[name] = country.replace(" ", "_")
    for country in set(data["countries"].values()):
        pairs.setdefault(country, country.replace(" ", "_"))
    return tuple(sorted(pairs.items(), key=lambda p: len(p[0].split()), reverse=True))


@cache
def _countries() -> frozenset[str]:
    return frozenset(c.replace(" ", "_") for c in lexicon.load("speakers")["countries"].values())


def institution_key(name: str) -> str | None:
    """The spelling every name of this institution shares ("ministry of defense of russia"), or
    None when the name has no institution's head word (a person, "local authorities")."""
    text = f" {normalize_alias(name)} "
    for words, replacement in _phrases():
        text = text.replace(f" {words} ", f" {replacement} ")
    heads = lexicon.word_set("speakers", "org_heads")
    countries, head, found, rest = _countries(), [], [], []
    for word in text.split():
        if word in _FILLER:
            continue
        if word in heads:
            head.append(word)
        elif word in countries:
            found.append(word)
        else:
            rest.append(word)
    if not head or not (rest or found):
        return None
    key = head
    if rest:
        key = [*key, "of", *sorted(rest)]
    if found:
        key = [*key, "of", *sorted(set(found))]
    return " ".join(key).replace("_", " ")
