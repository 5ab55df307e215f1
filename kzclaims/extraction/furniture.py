"""Page furniture: the lines of a page that are the site's, not the story's. Navigation and
teaser labels before a colon ("READ MORE:", "WATCH:") that name no person or body in the text,
lines that are links or calls to action ("press Ctrl+Enter", "subscribe"), and lines the page
repeats. None of them is a claim or a speaker."""

import re

from spacy.tokens import Doc

from .attribution import text_of

_LABEL = re.compile(
    r"[ \t]*(?P<label>[^\W\d_][\w&'\u2019.-]*(?:[ \t]+[\w&'\u2019.-]+){0,3})[ \t]*:"
)
_URL = re.compile(r"(https?://|www\.)\S+", re.IGNORECASE)
_NAMED = ("PERSON", "ORG", "NORP", "GPE", "FAC")
_OPENERS = "\"'\u201c\u00ab\u201e\u2013\u2014\u2015-"


def _lines(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text) if m.group().strip()]


def _is_label(label: str) -> bool:
    words = label.split()
    return bool(words) and (
        label.isupper() or all(w[:1].isupper() or not w[:1].isalpha() for w in words)
    )


def _named_words(doc: Doc, skip: list[tuple[int, int]]) -> set[str]:
    """Lower-cased words of the people and bodies the text names outside the label lines."""
    words: set[str] = set()
    for ent in doc.ents:
        if ent.label_ in _NAMED and not any(a <= ent.start_char < b for a, b in skip):
            words.update(w.lower().strip("'\u2019s") for w in ent.text.split())
    return words


def _noun_label(doc: Doc, a: int, b: int) -> bool:
    """A title-case label that is a noun phrase ("Poll:", "Politifact:") may name the source of
    a headline; one headed by a verb or an adjective ("Read more:", "Related:") does not."""
    span = doc.char_span(a, b, alignment_mode="expand")
    words = [t for t in span or [] if not t.is_punct]
    return bool(words) and words[-1].pos_ in ("NOUN", "PROPN")


def _call_to_action(doc: Doc, a: int, b: int) -> bool:
    """Every sentence of the line is an instruction to the reader: an imperative verb without a
    subject ("Subscribe to …", "If you notice a mistake, press Ctrl+Enter")."""
    span = doc.char_span(a, b, alignment_mode="expand")
    if span is None or len(span) == 0:
        return False
    roots = [s.root for s in span.sents]
    imperative = bool(roots) and all(
        r.tag_ == "VB"
        and r.pos_ == "VERB"
        and not any(c.dep_ in ("nsubj", "nsubjpass", "aux", "expl") for c in r.children)
        for r in roots
    )
    # "If you notice a mistake …": a condition put to the reader (the parser often misreads
    # the instruction that follows it).
    to_reader = any(
        t.lower_ == "you"
        and t.dep_ == "nsubj"
        and any(c.dep_ == "mark" and c.lower_ in ("if", "when") for c in t.head.children)
        for t in span
    )
    return imperative or to_reader


def find_furniture(doc: Doc) -> list[tuple[int, int]]:
    """(start, end) of every furniture line."""
    text = text_of(doc)
    lines = _lines(text)
    labels = []
    for a, b in lines:
        m = _LABEL.match(text, a, b)
        if m and _is_label(m.group("label")):
            labels.append((a, b, m.group("label")))
    named = _named_words(doc, [(a, b) for a, b, _ in labels])
    found = [
        (a, b)
        for a, b, label in labels
        if not {w.lower().strip(".") for w in label.split()} & named
        and (label.isupper() or not _noun_label(doc, a, a + len(label) + 1))
    ]
    seen: dict[str, int] = {}
    for a, b in lines:
        line = text[a:b].strip()
        seen[line] = seen.get(line, 0) + 1
    for a, b in lines:
        line = text[a:b].strip()
        if line[:1] in _OPENERS:
            continue  # a quotation is the story's, whatever its words
        link = _URL.search(line)
        if (
            (link and len(line) - len(link.group()) < 40)
            # A line the page repeats that is no sentence ("Follow us on Telegram").
            or (seen[line] > 1 and 3 <= len(line.split()) <= 15 and line[-1] not in ".!?")
            or (len(line.split()) <= 25 and _call_to_action(doc, a, b))
        ):
            found.append((a, b))
    return sorted(set(found))


def in_furniture(furniture: list[tuple[int, int]], pos: int) -> bool:
    return any(a <= pos < b for a, b in furniture)
