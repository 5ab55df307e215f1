"""Speakers: the mention as written, resolved within the article to a canonical name (pronouns,
surnames, definite descriptions like "the bank" or "the Russian leader"), and typed."""

import re
from dataclasses import dataclass
from functools import cache, lru_cache

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


def _name_run(span: Span) -> list:
    """The proper name a mention ends in: the run of proper nouns up to its head, without titles
    or country words in front ("President of Kazakhstan Kassym-Jomart Tokayev")."""
    head = span.root
    titles = _titles()
    if head.lower_ in titles or head.lower_ in lexicon.word_set("speakers", "person_titles"):
        # "the Minister of Defense ... Sergei Shoigu": the name is the last proper noun.
        names = [t for t in span if t.pos_ == "PROPN" and t.i > head.i]
        if (
            not names
            or names[-1].lower_ in titles
            or names[-1].ent_type_ in ("GPE", "NORP")
            or span.doc[names[-1].i - 1].lower_ in ("of", "the")
        ):
            return []  # "the Prime Minister of Armenia" names an office, not a person
        head = names[-1]
    if head.pos_ != "PROPN":
        return []
    run = [head]
    i = head.i - 1
    while i >= span.start:
        tok = span.doc[i]
        if i > 0 and span.doc[i - 1].lower_ == "of":
            break
        if tok.lower_ in lexicon.word_set("speakers", "org_words"):
            break  # "Secretary of Kazakhstan Erlan Karin": Kazakhstan belongs to the title
        if tok.text in ("-", ".") or (
            tok.pos_ == "PROPN"
            and tok.lower_ not in titles
            and tok.ent_type_ not in ("GPE", "NORP")
        ):
            run.insert(0, tok)
            i -= 1
            continue
        break
    while run and run[0].text in ("-", "."):
        run.pop(0)
    words = titles | lexicon.word_set("speakers", "person_titles")
    if len(run) == 1 and {run[0].lemma_.lower(), run[0].lower_.removesuffix("s")} & words:
        return []  # "NATO Foreign Ministers": a title, not a name
    return run


def canonical_name(span: Span) -> tuple[str | None, str]:
    """A display name and a kind for a mention that is not a pronoun: the proper name without
    titles ("Kazakh President Kassym-Jomart Tokayev" is "Kassym-Jomart Tokayev"), else the
    description without determiners when it names a kind of speaker ("the Interior Ministry",
    "a CSTO representative"); None for things that are no speaker ("the plan")."""
    head = span.root
    org_words = lexicon.word_set("speakers", "org_words")
    person_titles = lexicon.word_set("speakers", "person_titles")
    has_case = any(t.dep_ == "case" and t.head.i != head.i for t in span) or any(
        t.dep_ == "case" for t in span if t.i < head.i
    )
    run = [] if head.lower_ in org_words or has_case else _name_run(span)
    if head.ent_type_ == "PERSON" and any(t.ent_type_ == "PERSON" for t in run):
        # "Analyst Dana Ospanova": the capitalised role in front is no part of the name.
        run = [t for t in run if t.ent_type_ == "PERSON"]
    if run:
        name = "".join(t.text_with_ws for t in run).strip()
        before = [t.lower_ for t in span if t.i < run[0].i]
        titled = any(w in person_titles for w in before)
        org_ent = all(t.ent_type_ in _ORG_ENTS for t in run)
        is_media = speaker_type(name) == "media"
        if head.ent_type_ == "PERSON" or titled or not (org_ent or is_media):
            return _strip_possessive(name), "person"
        return _strip_possessive(name), "organisation"
    toks = [t for t in span if not t.is_punct or t.text in "-&.'\u2019"]
    while toks and (toks[0].dep_ in ("det", "predet") or toks[0].lower_ in ("the", "a", "an")):
        toks.pop(0)
    # "the country's National Security Committee": a common-noun possessor is no part of a name.
    if (
        len(toks) > 2
        and toks[0].pos_ in ("NOUN", "PRON")
        and toks[1].dep_ == "case"
        and any(t.pos_ == "PROPN" for t in toks[2:])
    ):
        toks = toks[2:]
    if not toks:
        return None, "organisation"
    lemma = head.lemma_.lower()
    typed = speaker_type(span.text) != "other" or lemma in _PERSON_ROLES
    # A bare common noun ("the plan", "information") names no one; "the petition of the
    # townspeople" does.
    described = len([t for t in toks if not t.is_punct]) >= 3
    if head.pos_ not in ("PROPN", "NOUN") or not (typed or described or head.pos_ == "PROPN"):
        return None, "organisation"
    kind = "organisation"
    if lemma in _PERSON_ROLES | person_titles and lemma not in org_words:
        kind = "person"
    name = "".join(t.text_with_ws for t in toks).strip()
    return _strip_possessive(name) or None, kind


@cache
def _type_patterns() -> list[tuple[str, re.Pattern]]:
    out = []
    for typ in ("media", "official", "expert", "public"):
        words = sorted(lexicon.word_set("speakers", typ), key=len, reverse=True)
        alts = "|".join(re.escape(w) for w in words)
        out.append((typ, re.compile(rf"(?<![\w])(?:{alts})(?=[\s'\u2019]|$)")))
    return out


@lru_cache(maxsize=4096)
def speaker_type(text: str) -> str:
    """official, media, expert, public or other, from the words of a name or description; a
    press service or a spokesman speaks for an official body."""
    low = text.lower()
    if "press service" in low or "spokes" in low:
        return "official"
    for typ, rx in _type_patterns():
        if rx.search(low):
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
    # A mention never runs over a line break (lists and footers glued to a sentence).
    for t in doc[lo:hi]:
        if "\n" in t.text_with_ws:
            if t.i < token.i:
                lo = t.i + 1
            else:
                hi = t.i + 1
                break
    while hi - 1 > lo and (doc[hi - 1].is_punct or doc[hi - 1].is_space):
        hi -= 1
    while lo < hi - 1 and (doc[lo].is_punct or doc[lo].is_space):
        lo += 1
    return doc[lo:hi]


def _addressee(ent: Span) -> bool:
    """The one spoken to: the object of "told", or "said to X"."""
    root = ent.root
    verbs = lexicon.word_set("speakers", "addressee_verbs")
    if root.dep_ in ("dobj", "dative") and root.head.lemma_.lower() in verbs:
        return True
    return (
        root.dep_ == "pobj" and root.head.lower_ == "to" and root.head.head.lemma_.lower() in verbs
    )


def is_vague(name: str) -> bool:
    """ "people", "experts", "the West": a group described, not named."""
    words = [w for w in name.lower().split() if w not in ("the", "a", "an", "some", "many")]
    return (
        bool(words)
        and words[-1] in lexicon.word_set("speakers", "vague")
        and (len(words) == 1 or name == name.lower())
    )


class SpeakerResolver:
    """Resolves mentions in reading order, remembering who has been named so far."""

    def __init__(self, doc: Doc, quote_spans: list[tuple[int, int]]):
        self.doc = doc
        self.text = doc.text
        self.history: list[Mention] = []
        self.quote_spans = quote_spans
        # An outlet or a person addressed ("told Izvestia", "told Petrov") is no antecedent
        # for a later "he said".
        self.persons = [
            e
            for e in doc.ents
            if e.label_ == "PERSON"
            and not self._in_quote(e.start_char)
            and not _addressee(e)
            and speaker_type(e.text) != "media"
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
        name = canonical_name(ent)[0] or _strip_possessive(ent.text)
        words = name.split()
        while len(words) > 1 and words[0].lower() in _titles():
            words.pop(0)
        name = " ".join(words)
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
                full = canonical_name(e)[0] or ""
                if len(full.split()) > 1 and full.split()[-1] == words[0]:
                    return full
        # The model may not have tagged the full name as a person: any capitalised first name
        # written before the surname earlier on ("Yermukhamet Yertysbayev, a former adviser").
        rx = re.compile(rf"\b([A-Z][\w\u2019'-]+)\s+{re.escape(words[0])}\b")
        for m in rx.finditer(self.text, 0, before):
            if m.group(1).lower() not in _titles() and m.group(1).lower() not in lexicon.word_set(
                "speakers", "demonyms"
            ):
                return f"{m.group(1)} {words[0]}"
        return None

    def resolve(self, span: Span) -> Mention:
        text = span.text
        low = text.lower()
        start, end = span.start_char, span.end_char
        verb = span.root.head
        if low in ("who", "which", "that") and verb.dep_ == "relcl" and verb.head.i != verb.i:
            # "…, who said …": the speaker is the noun the clause hangs off.
            ante = self.resolve(mention_span(verb.head))
            return Mention(start, end, text, ante.canonical, ante.kind, ante.speaker_type)
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
            named = None if _name_run(span) else self._appositive_name(span)
            if named:
                # "the Prime Minister of Armenia, Nikol Pashinyan": the apposition names him.
                name, kind = named, "person"
            elif name is None and span.root.lemma_.lower() in lexicon.word_set("cues", "nouns"):
                name = self._resolve_description(span, "", kind) or None
            elif name is not None:
                name = self._resolve_description(span, name, kind)
            if name is not None:
                full = self._expand_surname(name, start)
                if full:
                    name, kind = full, "person"
            if name is not None and kind == "person" and name == name.lower():
                # "an expert", "a source": a person nobody named is no speaker to follow from
                # article to article.
                name = None
            if name is not None and is_vague(name):
                name = None  # "people", "the West": a description, not a speaker
            if name is not None and not _name_run(span):
                # "the CSTO Secretary General": the holder of the title when the article
                # names one.
                name, kind = self._title_holder(span, start) or (name, kind)
            m = Mention(start, end, text, name, kind, "other")
        if m.canonical and m.speaker_type == "other":
            m.speaker_type = self._type_for(m.canonical)
        if m.speaker_type == "other":
            m.speaker_type = speaker_type(text)
        if m.speaker_type == "other" and low not in PRONOUNS:
            # "Igor Panarin, a political analyst, said": the apposition types the speaker.
            described = [c for c in span.root.children if c.dep_ in ("appos", "acl", "relcl")]
            around = " ".join(" ".join(t.text for t in c.subtree) for c in described)
            m.speaker_type = speaker_type(around) if around else "other"
        if m.canonical and span.root.pos_ in ("PROPN", "NOUN"):
            self.history.append(m)
        return m

    def _title_holder(self, span: Span, before: int) -> tuple[str, str] | None:
        """A person the article names with these title words right before or after the name
        ("CSTO Secretary General Stanislav Zas", "Stanislav Zas, the CSTO Secretary General"):
        the nearest such person written before the mention, else the first after it."""
        roles = lexicon.word_set("speakers", "person_titles") | _PERSON_ROLES
        words = [t.lower_ for t in span if t.pos_ in ("PROPN", "NOUN", "ADJ") and t.lower_ != "'s"]
        if not words or not any(w in roles for w in words) or words[-1] not in roles:
            return None
        best = None
        for e in self.persons:
            if e.start_char <= span.start_char < e.end_char:
                return None  # the mention is itself the name
            around = self.text[max(0, e.start_char - 80) : e.end_char + 80].lower()
            seen = set(re.findall(r"[\w.-]+", around))
            if not all(w in seen for w in words):
                continue
            name = self._person_canonical(e)
            if len(name.split()) < 2:
                continue
            if e.start_char < before:
                best = name
            elif best is None:
                return name, "person"
        return (best, "person") if best else None

    def _appositive_name(self, span: Span) -> str | None:
        for child in span.root.children:
            if child.dep_ != "appos" or child.i < span.root.i:
                continue
            sub = self.doc[child.left_edge.i : child.right_edge.i + 1]
            run = _name_run(sub)
            org_words = lexicon.word_set("speakers", "org_words")
            if len(run) >= 2 and not any(t.lower_ in org_words for t in run):
                return "".join(t.text_with_ws for t in run).strip()
        return None

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
        if first not in ("the", "this", "that", "its", "his", "her", "their") or head in _GENERIC:
            return name
        if span.root.lemma_.lower() in lexicon.word_set("cues", "nouns"):
            # "the statement said": the statement of whoever spoke last.
            prev = next((h for h in reversed(self.history) if h.canonical), None)
            return prev.canonical if prev else name
        if any(e.label_ in ("PERSON", "ORG") for e in span.ents):
            return name
        # Nouns decide; an adjective ("Belarusian") alone would tie a news agency to a president.
        words = {t.lower_ for t in span if t.pos_ in ("NOUN", "PROPN")}
        names = {t.lower_ for t in span if t.pos_ == "PROPN" and t.i != span.root.i}
        best, best_score = None, 0
        for h in reversed(self.history):
            if h.start >= span.start_char or not h.canonical:
                continue
            seen = set(h.canonical.lower().split()) | set(h.text.lower().split())
            if names and not names & seen:
                continue  # "the Prime Minister of Armenia" is no earlier minister of elsewhere
            # A modifier is the more telling word: "the security service" is the security
            # committee named before, not an earlier press service.
            score = 2 * len((words - {head}) & seen) + (head in seen)
            if score > best_score:
                best, best_score = h, score
        if best is not None:
            return best.canonical
        if head in _PERSON_ROLES:
            prev = next((h for h in reversed(self.history) if h.kind == "person"), None)
            if prev and head in prev.text.lower():
                return prev.canonical or name
            # "the expert" after "political scientist Daniyar Ashimbaev": the last person of
            # the same type.
            role = speaker_type(head)
            same = next(
                (
                    h
                    for h in reversed(self.history)
                    if h.kind == "person" and h.speaker_type == role
                ),
                None,
            )
            if role != "other" and same is not None and same.canonical:
                return same.canonical
            # "the Russian leader" after "Russian President Vladimir Putin".
            for e in reversed(self.persons):
                if e.start_char < span.start_char:
                    around = self.text[max(0, e.start_char - 60) : e.end_char].lower()
                    mods = [t.lower_ for t in span if t.dep_ == "amod" or t.pos_ == "ADJ"]
                    if (mods or head in around) and all(mod in around for mod in mods):
                        return self._person_canonical(e)
        for e in reversed(self.orgs):
            if e.start_char < span.start_char and head in e.text.lower().split():
                return canonical_name(e)[0] or name
        return name
