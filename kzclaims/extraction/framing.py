"""How the outlet frames a claim: the stance of its cue, the channel and relay it names, hedges,
its labels for the actors, and scare-quoted terms."""

import re
from functools import cache

from . import lexicon


def cue_stance(lemma: str) -> str:
    return lexicon.cue_stances().get(lemma.lower(), "neutral")


@cache
def _phrase_re(phrases: tuple[str, ...]) -> re.Pattern:
    alts = "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])({alts})(?![\w-])", re.IGNORECASE)


_TOLD_RE = re.compile(
    r"\btold\s+((?:the\s+)?[A-Z][\w.&-]*(?:\s+[A-Z0-9][\w.&-]*){0,3}"
    r"|reporters|journalists|the press|(?:local\s+)?media"
    r"|(?:a|the)\s+(?:newspaper|news agency|TV channel))"
)


def channel(context: str) -> str:
    m = _TOLD_RE.search(context)
    if m:
        return f"told {m.group(1).rstrip('.')}"
    pairs = lexicon.load("framing")["channels"]
    m = _phrase_re(tuple(p for p, _ in pairs)).search(context)
    if not m:
        return ""
    found = m.group(1).lower()
    return next(name for phrase, name in pairs if phrase == found)


_VIA_OUTLET_RE = re.compile(
    r"((?:[A-Z][\w.&-]*\s+){0,3}[A-Z][\w.&-]*(?:\s+\d+)?)\s+(?:reported|reports)\b"
    r"|(?:citing|with reference to|quoting|as quoted by|according to)\s+"
    r"((?:the\s+)?(?:local\s+)?(?:media|[A-Z][\w.&-]*(?:\s+[A-Z0-9][\w.&-]*){0,3}))"
    r"|((?:[A-Z][\w.&-]*\s+){0,3}[A-Z][\w.&-]*)\s+quoted\s+\S+(?:\s+\S+){0,3}\s+as\s+saying"
)


def via(context: str, speaker_mention: str = "") -> str:
    """A relay through another outlet: "Khabar 24 reported", "citing TASS", "according to local
    media". The speaker's own cue is not a relay."""
    for m in _VIA_OUTLET_RE.finditer(context):
        name = (m.group(1) or m.group(2) or m.group(3) or "").strip().rstrip(".,;:")
        if not name or (speaker_mention and name in speaker_mention):
            continue
        # Whoever "quoted X as saying" relays X; a name before "reported" relays only when it
        # is a medium (otherwise it is the speaker itself).
        if m.group(3) or lexicon_type(name) == "media" or "media" in name.lower():
            return name
    return ""


def lexicon_type(name: str) -> str:
    from .speakers import speaker_type

    return speaker_type(name)


_APPROXIMATORS = {"about", "some", "around", "approximately", "roughly", "nearly", "almost",
                  "up to", "estimated"}  # fmt: skip
_NUMBER_AFTER = re.compile(r"\s+(?:\d|a (?:third|half|quarter)|(?:one|two|three|several) )")


def hedges(context: str) -> list[str]:
    """Words that soften a claim ("reportedly", "allegedly", "may"); "about", "some" and the
    like only where they blur a number ("some 5,800 people")."""
    words = tuple(lexicon.load("framing")["hedges"])
    seen: list[str] = []
    for m in _phrase_re(words).finditer(context):
        w = m.group(1).lower()
        if w in _APPROXIMATORS and not _NUMBER_AFTER.match(context, m.end()):
            continue
        if w not in seen:
            seen.append(w)
    return seen


def label_lemma(label: str) -> str:
    """A label in its dictionary form ("terrorists" and "terrorist" are one label): the labels
    are the lexicon's words, which lists each plural beside its singular."""
    groups = lexicon.load("framing")["labels"]
    words = set(groups["hostile"] + groups["neutral"])
    word = " ".join(str(label).split()).casefold()
    if word.endswith("s") and word[:-1] in words:
        return word[:-1]
    return word


def labels(context: str) -> list[str]:
    groups = lexicon.load("framing")["labels"]
    words = tuple(groups["hostile"] + groups["neutral"])
    seen: list[str] = []
    for m in _phrase_re(words).finditer(context):
        w = m.group(1).lower()
        if w not in seen:
            seen.append(w)
    return seen
