"""What one outlet's wording of a statement kept and another left out: a word-level diff.

Words are compared case-folded and without surrounding punctuation, so that "Order has been
restored," and "order has been restored." are the same words; each side keeps its own text."""

import re
import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher

_WORD = re.compile(r"\S+")


def _key(word: str) -> str:
    """A word without the punctuation around it (any Unicode punctuation), case-folded."""
    start, end = 0, len(word)
    while start < end and unicodedata.category(word[start]).startswith("P"):
        start += 1
    while end > start and unicodedata.category(word[end - 1]).startswith("P"):
        end -= 1
    return word[start:end].casefold()


@dataclass(frozen=True)
class Segment:
    """A run of one side's text: `shared` when the other side has the same words there."""

    text: str
    shared: bool


def _words(text: str) -> list[tuple[str, str]]:
    """(comparison key, the word with the space after it) for each word of `text`."""
    out = []
    matches = list(_WORD.finditer(text))
    for i, match in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        out.append((_key(match.group()), text[match.start() : end]))
    return out


def _segments(words: list[tuple[str, str]], shared_flags: list[bool]) -> list[Segment]:
    out: list[Segment] = []
    for (_key, text), shared in zip(words, shared_flags, strict=True):
        if out and out[-1].shared == shared:
            out[-1] = Segment(out[-1].text + text, shared)
        else:
            out.append(Segment(text, shared))
    return out


def word_diff(a: str, b: str) -> tuple[list[Segment], list[Segment]]:
    """Both texts cut into runs of words the other shares or lacks, each in its own wording."""
    wa, wb = _words(a), _words(b)
    matcher = SequenceMatcher(None, [k for k, _ in wa], [k for k, _ in wb], autojunk=False)
    shared_a, shared_b = [False] * len(wa), [False] * len(wb)
    for block in matcher.get_matching_blocks():
        for k in range(block.size):
            shared_a[block.a + k] = shared_b[block.b + k] = True
    return _segments(wa, shared_a), _segments(wb, shared_b)


def overlap(a: str, b: str) -> float:
    """The share of words the two wordings have in common (0..1), order respected."""
    wa, wb = _words(a), _words(b)
    if not wa or not wb:
        return 0.0
    matcher = SequenceMatcher(None, [k for k, _ in wa], [k for k, _ in wb], autojunk=False)
    return 2 * sum(b.size for b in matcher.get_matching_blocks()) / (len(wa) + len(wb))


def _shared_flags(wa, wb) -> tuple[list[bool], list[bool]]:
    matcher = SequenceMatcher(None, [k for k, _ in wa], [k for k, _ in wb], autojunk=False)
    shared_a, shared_b = [False] * len(wa), [False] * len(wb)
    for block in matcher.get_matching_blocks():
        for k in range(block.size):
            shared_a[block.a + k] = shared_b[block.b + k] = True
    return shared_a, shared_b


@dataclass(frozen=True)
class Version:
    """One wording set beside a reference: its runs (`shared` where the reference has the same
    words) and the runs of the reference it left out."""

    segments: list[Segment]
    left_out: list[str]


def against_reference(reference: str, others: list[str]) -> tuple[list[Segment], list[Version]]:
    """The reference cut into runs that every other wording shares or not, and each other
    wording against the reference: what it added (not shared) and what it left out."""
    wr = _words(reference)
    in_all = [True] * len(wr)
    versions = []
    for other in others:
        wo = _words(other)
        shared_r, shared_o = _shared_flags(wr, wo)
        in_all = [x and y for x, y in zip(in_all, shared_r, strict=True)]
        left_out = [s.text.strip() for s in _segments(wr, shared_r) if not s.shared]
        versions.append(Version(_segments(wo, shared_o), [t for t in left_out if t]))
    return _segments(wr, in_all), versions
