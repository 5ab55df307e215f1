"""Speakers: the mention as written, resolved within the article to a canonical name (pronouns,
surnames, definite descriptions like "the bank" or "the Russian leader"), and typed."""

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span

from . import lexicon

PERSON_PRONOUNS = {"he", "she", "him", "his", "her", "i", "me"}
GROUP_PRONOUNS = {"it", "its", "they", "them", "their", "we", "us"}
PRONOUNS = PERSON_PRONOUNS | GROUP_PRONOUNS
_PERSON_ROLES = {
    "leader", "president", "minister", "spokesman", "spokeswoman", "spokesperson", "official",
    "head", "chief", "governor", "mayor", "premier", "chairman", "secretary", "ambassador",
    "commander", "senator", "candidate", "nominee", "adviser", "advisor", "director", "man",
    "woman", "representative", "analyst", "expert", "source",
}  # fmt: skip
_ORG_ENTS = {"ORG", "NORP", "GPE", "FAC"}
_GENERIC = {"source", "sources", "official", "officials", "people", "observers", "experts"}


@dataclass
class Mention:
    start: int
    end: int
    text: str
    canonical: str | None
    kind: str  # person | organisation
    speaker_type: str


def _strip_possessive(name: str) -> str:
    return re.sub(r"[\u2019']s?$", "", name).strip()


def _titles() -> frozenset[str]:
    return lexicon.word_set("speakers", "titles")


def canonical_name(span: Span) -> tuple[str, str]:
    """A display name and a kind for a mention that is not a pronoun. Titles and nationality
    words in front of a proper name go ("Kazakh President Kassym-Jomart Tokayev" is
    "Kassym-Jomart Tokayev"); a description keeps its words without determiners."""
    toks = [t for t in span if not t.is_punct or t.text in "-&.'\u2019"]
    while toks and (toks[0].dep_ in ("det", "predet") or toks[0].lower_ in ("the", "a", "an")):
        toks.pop(0)
    if not toks:
        return span.text, "organisation"
    head = span.root
    org_words = lexicon.word_set("speakers", "org_words")
    person_titles = lexicon.word_set("speakers", "person_titles")
    is_org = any(t.lower_ in org_words for t in toks) or speaker_type(span.text) == "media"
    kind = "organisation"
    if not is_org and head.pos_ == "PROPN" and not any(t.dep_ == "case" for t in toks):
        titled = False
        while len(toks) > 1 and (
            toks[0].lower_ in _titles() or toks[0].ent_type_ in ("NORP", "GPE")
        ):
            titled = titled or toks[0].lower_ in person_titles
            toks.pop(0)
        # A proper name is a person when the model says so or a personal title precedes it.
        if head.ent_type_ == "PERSON" or titled or head.ent_type_ not in _ORG_ENTS:
            kind = "person"
    elif not is_org and head.lower_ in _PERSON_ROLES | person_titles:
        kind = "person"
    name = "".join(t.text_with_ws for t in toks).strip()
    return _strip_possessive(name) or span.text, kind


def speaker_type(text: str) -> str:
    low = f" {text.lower()} "
    for typ in ("media", "official", "expert", "public"):
        for word in lexicon.word_set("speakers", typ):
            if f" {word} " in low or f" {word}'" in low or f" {word}\u2019" in low:
                return typ
    return "other"


def mention_span(token) -> Span:
    """The noun phrase of a source token, without relative clauses or appositions hanging off
    it, so "Tokayev, who chaired the meeting," is written as "Tokayev"."""
    doc = token.doc
    keep = [token]
    for child in token.children:
        if child.dep_ in ("relcl", "acl", "appos", "punct", "cc", "conj", "advmod", "prep"):
            if child.dep_ == "prep" and child.i < token.i:
                continue
            if child.dep_ == "prep" and child.lower_ == "of":
                keep.extend(child.subtree)
            continue
        keep.extend(child.subtree)
    lo = min(t.i for t in keep)
    hi = max(t.i for t in keep) + 1
    while hi - 1 > lo and doc[hi - 1].is_punct:
        hi -= 1
    while lo < hi - 1 and doc[lo].is_punct:
        lo += 1
    return doc[lo:hi]


class SpeakerResolver:
    """Resolves mentions in reading order, remembering who has been named so far."""

    def __init__(self, doc: Doc, quote_spans: list[tuple[int, int]]):
        self.doc = doc
        self.history: list[Mention] = []
        self.quote_spans = quote_spans
        self.persons = [
            e for e in doc.ents if e.label_ == "PERSON" and not self._in_quote(e.start_char)
        ]
        self.orgs = [e for e in doc.ents if e.label_ == "ORG" and not self._in_quote(e.start_char)]

    def _in_quote(self, pos: int) -> bool:
        return any(a <= pos < b for a, b in self.quote_spans)

    def _last_person_name(self, before: int) -> tuple[str, int] | None:
        best = None
        for m in self.history:
            if m.kind == "person" and m.canonical and m.start < before:
                best = (m.canonical, m.start)
        for e in self.persons:
            if e.end_char <= before and (best is None or e.start_char > best[1]):
                best = (self._person_canonical(e), e.start_char)
        return best

    def _person_canonical(self, ent: Span) -> str:
        name = canonical_name(ent)[0]
        return self._expand_surname(name, ent.start_char) or name

    def _expand_surname(self, name: str, before: int) -> str | None:
        words = name.split()
        if len(words) != 1:
            return None
        for m in reversed(self.history):
            if m.kind == "person" and m.canonical and m.canonical.split()[-1] == words[0]:
                return m.canonical
        for e in self.persons:
            if e.start_char < before:
                full = canonical_name(e)[0]
                if len(full.split()) > 1 and full.split()[-1] == words[0]:
                    return full
        return None

    def resolve(self, span: Span) -> Mention:
        text = span.text
        low = text.lower()
        start, end = span.start_char, span.end_char
        if low in PERSON_PRONOUNS:
            found = self._last_person_name(start)
            canonical = found[0] if found else None
            m = Mention(start, end, text, canonical, "person", "other")
        elif low in GROUP_PRONOUNS:
            prev = next(
                (h for h in reversed(self.history) if h.kind == "organisation" and h.canonical),
                None,
            )
            canonical = prev.canonical if prev else None
            m = Mention(start, end, text, canonical, "organisation", "other")
            if prev:
                m.speaker_type = prev.speaker_type
        else:
            name, kind = canonical_name(span)
            name = self._resolve_description(span, name, kind)
            if kind == "person":
                name = self._expand_surname(name, start) or name
            m = Mention(start, end, text, name, kind, "other")
        if m.canonical and m.speaker_type == "other":
            m.speaker_type = self._type_for(m.canonical)
        if m.speaker_type == "other":
            m.speaker_type = speaker_type(text)
        if m.canonical and span.root.pos_ in ("PROPN", "NOUN"):
            self.history.append(m)
        return m

    def _type_for(self, canonical: str) -> str:
        for h in self.history:
            if h.canonical == canonical and h.speaker_type != "other":
                return h.speaker_type
        ctx = [h.text for h in self.history if h.canonical == canonical]
        return speaker_type(" ".join([canonical, *ctx]))

    def _resolve_description(self, span: Span, name: str, kind: str) -> str:
        """ "the bank", "the committee", "the Russian leader": a definite description whose
        head word appeared in an earlier speaker or organisation name refers to it."""
        first = span[0].lower_
        head = span.root.lower_
        if first not in ("the", "this", "that") or head in _GENERIC:
            return name
        if any(e.label_ in ("PERSON", "ORG") for e in span.ents):
            return name
        for h in reversed(self.history):
            if h.start >= span.start_char or not h.canonical:
                continue
            if head in h.canonical.lower().split() or head in h.text.lower().split():
                return h.canonical
        if head in _PERSON_ROLES:
            prev = next((h for h in reversed(self.history) if h.kind == "person"), None)
            if prev and head in prev.text.lower():
                return prev.canonical or name
            # "the Russian leader" after "Russian President Vladimir Putin".
            for e in reversed(self.persons):
                if e.start_char < span.start_char:
                    around = self.doc.text[max(0, e.start_char - 60) : e.start_char].lower()
                    mods = [t.lower_ for t in span if t.dep_ == "amod" or t.pos_ == "ADJ"]
                    if mods and all(mod in around for mod in mods):
                        return self._person_canonical(e)
        for e in reversed(self.orgs):
            if e.start_char < span.start_char and head in e.text.lower().split():
                return _strip_possessive(e.text.removeprefix("the ").strip())
        return name
