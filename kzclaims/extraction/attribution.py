"""Reported speech found through the dependency parse: a cue verb from the lexicon, its clausal
complement as the content and its subject as the source; "according to X"; inverted "…, X said";
headline attributions ("… - Tokayev", "Tokayev: …") and transcript turns ("PENCE: …")."""

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from . import lexicon
from .speakers import mention_span

_EDGE_PUNCT = " \t\n,.;:\u2014\u2013\u2015-\ufeff\u200b"  # a stray BOM or zero-width space too
_COMPLEMENTS = ("ccomp",)


def text_of(doc: Doc) -> str:
    """doc.text rebuilds the string on every call; the extraction asks for it often."""
    text = doc.user_data.get("kz_text")
    if text is None:
        text = doc.user_data["kz_text"] = doc.text
    return text


@dataclass
class Site:
    """One attribution: char offsets of content, cue and source."""

    start: int
    end: int
    cue_start: int | None
    cue_end: int | None
    cue_lemma: str
    source: Span | None
    confidence: float
    kind: str = "indirect"
    source_text: str | None = None  # for sources found by pattern, not by parse
    source_start: int | None = None
    source_end: int | None = None
    used: bool = False
    nominal: bool = False  # the content is a noun phrase object, not a reported clause
    # (start, end) of each part when a parenthetical attribution splits the content.
    parts: list[tuple[int, int]] | None = None


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _EDGE_PUNCT:
        start += 1
    while end > start and text[end - 1] in _EDGE_PUNCT:
        end -= 1
    return start, end


def _clip_to_line(text: str, anchor: int, start: int, end: int) -> tuple[int, int]:
    """Reported content stays on the line of its cue: a headline or a list item run into the
    sentence by the parser is not part of it."""
    line0 = text.rfind("\n", 0, anchor) + 1
    nl = text.find("\n", anchor)
    line1 = len(text) if nl < 0 else nl
    return _trim(text, max(start, line0), min(end, line1))


def _span_of(tokens) -> tuple[int, int]:
    toks = sorted(tokens, key=lambda t: t.i)
    return toks[0].idx, toks[-1].idx + len(toks[-1])


def _subject(tok: Token, depth: int = 0) -> Token | None:
    """The source of a cue: its subject, the agent of a passive, or the subject of the verb a
    participle or coordinated verb hangs off ("…, adding that", "and said")."""
    if tok.dep_ in ("advcl", "pcomp") and "quote" in (tok.head.lemma_, tok.head.head.lemma_):
        # "BelTA quoted Lukashenko as saying": the one quoted is the speaker.
        verb = tok.head if tok.head.lemma_ == "quote" else tok.head.head
        quoted = [c for c in verb.children if c.dep_ == "dobj"]
        if quoted:
            return quoted[0]
    if tok.lemma_.lower() == "quote" and any(
        t.lemma_.lower() == "say"
        for c in tok.children
        if c.dep_ in ("advcl", "prep")
        for t in (c, *c.children)
    ):
        quoted = [c for c in tok.children if c.dep_ == "dobj"]
        if quoted:
            return quoted[0]
    passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in tok.children)
    subjects = [c for c in tok.children if c.dep_ == "nsubj"]
    if len(subjects) > 1 and not passive:
        # "ALMATY, March 3 - The operator said": of two subjects the parser found, the one
        # nearest before the verb (a dateline is nobody's subject).
        before = [c for c in subjects if c.i < tok.i]
        return before[-1] if before else subjects[0]
    for child in tok.children:
        if child.dep_ == "nsubj" and not passive:
            return child
        if child.dep_ == "agent":
            objs = [c for c in child.children if c.dep_ == "pobj"]
            if objs:
                return objs[0]
    if passive:
        return None
    if depth < 2 and tok.dep_ in ("advcl", "conj", "xcomp", "acl") and tok.head.i != tok.i:
        if tok.dep_ == "acl":
            # "a statement saying …": the noun the participle modifies is the source.
            return tok.head if tok.head.pos_ in ("NOUN", "PROPN") else None
        return _subject(tok.head, depth + 1)
    return None


def source_token(tok: Token) -> Token | None:
    """The speaker of a cue as a noun phrase's head: the subject (or agent) found by the parse;
    "one of the bankers" is a source too, and a description with a name in apposition ("a
    spokeswoman for the company, Madina Ospanova") is that named person."""
    source = _subject(tok)
    if source is None:
        return None
    if source.pos_ == "NUM" and any(c.dep_ == "prep" and c.lower_ == "of" for c in source.children):
        return source
    if source.pos_ == "NOUN":
        named = [
            c for c in source.children if c.dep_ == "appos" and c.pos_ == "PROPN" and c.i > source.i
        ]
        # The parser often hangs the name on the body the description names ("for the
        # company, Madina Ospanova"): a person's name there is the speaker's, not the body's.
        named += [
            a
            for p in source.children
            if p.dep_ == "prep" and p.lower_ in ("for", "of", "at") and p.i > source.i
            for o in p.children
            if o.dep_ == "pobj" and o.pos_ == "NOUN"
            for a in o.children
            if a.dep_ == "appos" and a.ent_type_ == "PERSON"
        ]
        if named:
            return named[0]
    return source if source.pos_ in ("NOUN", "PROPN", "PRON") else None


def _subjunctive(clause: Token) -> bool:
    """ "asked that his name not be used", "demanded that the mayor resign": a mandative
    subjunctive (a base-form verb with its own subject and no modal) is a request, not a
    statement."""
    if not any(c.dep_ in ("nsubj", "nsubjpass") for c in clause.children):
        return False
    if not any(c.dep_ == "mark" and c.lower_ == "that" for c in clause.children):
        return False
    auxes = [c for c in clause.children if c.dep_ in ("aux", "auxpass") and c.i < clause.i]
    if any(a.tag_ in ("MD", "TO") for a in auxes):
        return False
    finite = auxes[0] if auxes else clause
    return finite.tag_ == "VB"


def _complement_read_as_relative(cue: Token) -> list[Token]:
    """ "told a briefing that tax receipts had exceeded the plan": the parser took the
    that-clause for a relative clause on the object; a clause with a subject and an object of
    its own besides `that` is no relative clause but what was told."""
    if cue.lemma_.lower() not in lexicon.word_set("speakers", "addressee_verbs"):
        return []
    for obj in cue.children:
        if obj.dep_ not in ("dobj", "dative") or obj.i < cue.i:
            continue
        for rel in obj.children:
            if rel.dep_ != "relcl" or rel.left_edge.lower_ != "that":
                continue
            own = [
                c for c in rel.children if c.dep_ in ("nsubj", "nsubjpass") and c.lower_ != "that"
            ]
            objects = [c for c in rel.children if c.dep_ in ("dobj", "attr", "acomp", "ccomp")]
            if own and any(o.lower_ != "that" for o in objects):
                return [rel]
    return []


def _confidence(lemma: str, has_source: bool, n_tokens: int) -> float:
    weak = lemma in lexicon.word_set("cues", "weak")
    conf = 0.5 if weak else 0.8
    if not has_source:
        conf -= 0.3
    if n_tokens < 4:
        conf -= 0.2
    return round(max(0.05, conf), 2)


def is_infinitive(tok: Token) -> bool:
    """`to resume`, `to shoot`: a verb with its infinitival `to` (an order, a decision or an
    intention, which is no statement)."""
    return tok.tag_ == "VB" and any(c.dep_ == "aux" and c.tag_ == "TO" for c in tok.children)


def _relay_tail(toks: list[Token]) -> set[int]:
    """ ", citing TASS" / ", according to X" / ", X said" at the edge of a clause is the outlet's
    relay or a second attribution, not part of what was said."""
    cut: set[int] = set()
    for r in toks:
        relay = r.lower_ in ("citing", "quoting", "according") and r.dep_ in (
            "advcl", "prep", "acl", "npadvmod"
        )  # fmt: skip
        reporting = (
            r.dep_ in ("parataxis", "advcl")
            and r.pos_ == "VERB"
            and r.lemma_.lower() in lexicon.cue_stances()
            and r.i > 0
            and r.doc[r.left_edge.i - 1].text in (",", "\u2014", "\u2013")
            and not any(c.dep_ in _COMPLEMENTS for c in r.children)
        )
        if relay or reporting:
            cut.update(t.i for t in r.subtree)
        elif (
            r.lower_ in ("according", "citing", "quoting")
            and r.i > 0
            and r.doc[r.i - 1].text in (",", "\u2014", "\u2013", "-")
        ):
            # Set off at the end whatever the parser hung it on: the rest is the relay.
            cut.update(t.i for t in toks if t.i >= r.i - 1)
    return cut


def _content_tokens(cue: Token) -> tuple[list[Token], bool]:
    """The reported content under a cue, and whether it is only a noun phrase object (a
    weaker reading than a clause). An infinitive (`decided to resume`, `urged them to vote`)
    reports an order or an intention, not a statement: no content."""
    comps = [c for c in cue.children if c.dep_ in _COMPLEMENTS and not is_infinitive(c)]
    if any(_subjunctive(c) for c in comps):
        return [], False
    comps = comps or _complement_read_as_relative(cue)
    infinitives = [c for c in cue.children if c.dep_ in ("xcomp", "ccomp") and is_infinitive(c)]
    if infinitives:
        if cue.lemma_.lower() not in lexicon.word_set("modes", "thought_infinitive"):
            return [], False
        # "expects the currency to weaken": an expectation about something, with its
        # subject; "wants to leave" (no subject of its own) is the speaker's intention.
        objs = [c for c in cue.children if c.dep_ == "dobj" and c.i < infinitives[0].i]
        if not objs:
            return [], False
        toks = [t for c in objs + infinitives for t in c.subtree]
        cut = _relay_tail(toks)
        return [t for t in toks if t.i not in cut], False
    after_colon = [
        c
        for c in cue.children
        if c.dep_ in ("parataxis", "dobj", "conj")
        and c.i > cue.i
        and ":" in text_of(cue.doc)[cue.idx : c.left_edge.idx]
    ]
    comps += after_colon
    if not comps and cue.lemma_.lower() not in ("say", "tell", "add", "ask", "write", "know"):
        # "cited criticism of NBC", "called for an inquiry": the object is what is attributed.
        objs = [c for c in cue.children if c.dep_ in ("dobj", "oprd") and c.i > cue.i]
        for c in cue.children:
            if c.dep_ == "prep" and c.lower_ in ("for", "on") and c.i == cue.i + 1:
                objs += [o for o in c.children if o.dep_ in ("pobj", "pcomp")]
        # A stance verb's target may be a bare name ("attacked Clinton"); for other verbs a
        # short object ("discussed it", "the plan") says too little to be worth reviewing.
        shortest = 1 if cue.lemma_.lower() in lexicon.word_set("modes", "evaluative") else 3
        # "called climate change a hoax": the object goes with its predicate, however short.
        predicated = any(o.dep_ == "oprd" for o in objs)
        objs = [
            o for o in objs if o.pos_ != "PRON" and (predicated or len(list(o.subtree)) >= shortest)
        ]
        # "raised questions about X", "voiced criticism of X": the content is what the
        # attitude is about.
        attitudes = lexicon.word_set("modes", "attitude_nouns")
        about = []
        for o in objs:
            preps = [
                c for c in o.children
                if c.dep_ == "prep" and c.lower_ in ("about", "of", "on", "over", "for", "with")
            ]  # fmt: skip
            targets = [p for c in preps[:1] for p in c.children if p.dep_ in ("pobj", "pcomp")]
            if o.lower_ in attitudes and targets:
                about += targets
        if about:
            toks = [t for a in about for t in a.subtree]
            cut = _relay_tail(toks)
            return [t for t in toks if t.i not in cut], True
        if objs:
            # "attacked Clinton for her vote", "blasted him as a disgrace", "called the plan
            # reckless": what the stance says about its target goes with it.
            objs += [
                c
                for c in cue.children
                if c.i > objs[0].i
                and c not in objs
                and (
                    (c.dep_ == "prep" and c.lower_ in ("for", "as", "of", "over"))
                    or (c.dep_ in ("oprd", "xcomp", "acomp") and not is_infinitive(c))
                )
            ]
            toks = [t for comp in objs for t in comp.subtree]
            cut = _relay_tail(toks)
            return [t for t in toks if t.i not in cut], True
    toks: list[Token] = []
    for comp in comps:
        toks.extend(comp.subtree)
    cut = _relay_tail(toks)
    return [t for t in toks if t.i not in cut], False


def find_sites(doc: Doc, quote_ranges: list[tuple[int, int]]) -> list[Site]:
    stances = lexicon.cue_stances()
    text = text_of(doc)
    sites: list[Site] = []
    quoted: set[int] = set()
    for a, b in quote_ranges:
        span = doc.char_span(a, b, alignment_mode="expand")
        if span is not None:
            quoted.update(range(span.start, span.end))
    for tok in doc:
        if tok.i in quoted:
            continue
        lemma = tok.lemma_.lower()
        if tok.lower_ == "according" and any(c.lower_ == "to" for c in tok.children):
            site = _according_to(tok)
            if site:
                sites.append(site)
            continue
        if tok.pos_ == "NOUN" and lemma in lexicon.word_set("cues", "nouns"):
            site = _noun_cue(tok)
            if site:
                sites.append(site)
            continue
        if lemma not in stances or tok.pos_ not in ("VERB", "AUX"):
            continue
        if (
            tok.tag_ == "VB"
            and tok.dep_ in ("ROOT", "conj")
            and not any(c.dep_ in ("nsubj", "aux", "mark") for c in tok.children)
        ):
            continue  # an imperative ("highlight it and press …") reports nothing
        content, nominal = _content_tokens(tok)
        inverted = False
        if not content and _set_off(tok):
            # "Y, X said." / "Police, X says, have …" / "As X reported, Y": the reporting clause
            # is set off inside the sentence it attributes; the rest of that sentence is the
            # content, in two parts when the clause stands in the middle.
            excluded = {t.i for t in tok.subtree}
            content = [t for t in tok.head.subtree if t.i not in excluded]
            after = [t for t in content if t.i > tok.right_edge.i]
            if tok.head.i < tok.i and all(t.is_punct or t.is_space for t in after):
                content = [t for t in content if t.i < tok.left_edge.i]
            cut = _relay_tail(content)
            content = _without_opening_conjunction([t for t in content if t.i not in cut])
            content = _without_writer_opening(content)
            inverted = True
        if not content:
            continue
        if tok.tag_ == "VBN" and tok.dep_ in ("acl", "amod"):
            continue
        source = source_token(tok)
        if source is not None and any(t.i == source.i for t in content):
            source = None
        if not inverted and not nominal:
            # A reported clause ends with the cue's sentence; the parser sometimes runs the
            # next sentence into it.
            sent = tok.sent
            content = [t for t in content if t.i < sent.end or t.i < tok.i]
            heads = [t for t in content if t.head.i == tok.i]
            if any(h.i > tok.i for h in heads):
                # A complement written after its cue starts after it: a clause before the
                # attribution that the parser hung inside the complement ("While …, X noted
                # that …"; "It is unlikely; X says …") is the writer's.
                content = [t for t in content if t.i > tok.i]
            elif heads:
                # "However, Y, X said": the complement before its cue keeps the writer's
                # opening out, as a set-off attribution does.
                content = _without_writer_opening(content)
            if not content:
                continue
        content = _without_trailing_relative(_without_dateline(content))
        parts = _parts(text, content)
        start, end = _clip_to_line(text, tok.idx, *_trim(text, *_span_of(content)))
        if parts is not None and not (start <= parts[0][0] and parts[-1][1] <= end):
            parts = None
        if end - start < 3:
            continue
        if text[end : end + 1] in ("?", "!") and end > tok.idx and not _writers_question(tok):
            end += 1  # a reported question keeps its mark, wherever the parser hung it
        if text[end : end + 1] == ":" and end > tok.idx:
            # "…three things are happening at once: home values are rising, …" runs on to the
            # end of the sentence.
            start, end = _clip_to_line(text, tok.idx, *_trim(text, start, tok.sent.end_char))
        src_span = mention_span(source) if source is not None else None
        conf = _confidence(lemma, src_span is not None, len(content))
        if inverted:
            conf = round(conf - 0.1, 2)
        if nominal:
            conf = min(conf, 0.45)
        # A cue phrase is the verb plus its particle ("pointed out", "called for").
        cue_end_tok = tok
        for c in tok.children:
            if c.dep_ == "prt" or (
                lemma == "call"
                and c.dep_ == "prep"
                and c.lower_ in ("for", "on")
                and c.i == tok.i + 1
            ):
                cue_end_tok = c
        site = Site(start, end, tok.idx, cue_end_tok.idx + len(cue_end_tok), lemma, src_span, conf)
        site.nominal, site.parts = nominal, parts
        sites.append(site)
    return sites


def _without_opening_conjunction(tokens: list[Token]) -> list[Token]:
    """ "And Mrs. Clinton now holds …, according to the poll": the sentence's opening "and" or
    "but" links it to the writer's previous sentence; it is not what the source said."""
    toks = sorted(tokens, key=lambda t: t.i)
    if toks and toks[0].dep_ == "cc" and toks[0].lower_ in ("and", "but", "yet", "so", "or"):
        toks = toks[1:]
        while toks and toks[0].is_punct:
            toks = toks[1:]
    return toks


_DASHES = ("\u2014", "\u2013", "\u2015", "-", "--")
_FRAMING_DEPS = ("advmod", "prep", "advcl", "npadvmod", "intj")


def _without_writer_opening(tokens: list[Token]) -> list[Token]:
    """The writer's opening of a sentence whose source is named elsewhere in it ("However,",
    "In addition,", "As it stands,", a dateline "WASHINGTON \u2015"): a modifier of the main
    clause set off before its subject links the sentence to the article, it is not what the
    source said."""
    toks = _without_dateline(tokens)
    while toks:
        first = toks[0]
        mod = first
        while mod.head.i != mod.i and mod.dep_ not in _FRAMING_DEPS and mod.head.i < mod.i + 8:
            if mod.head.i < first.i:
                break
            mod = mod.head
        if mod.dep_ not in _FRAMING_DEPS or mod.left_edge.i != first.i:
            break
        head = mod.head
        if head.i < mod.i or head.pos_ not in ("VERB", "AUX"):
            break
        last = mod.right_edge.i
        nxt = first.doc[last + 1] if last + 1 < len(first.doc) else None
        set_off = nxt is not None and nxt.text == ","
        connective = mod.pos_ == "ADV" and mod.i == last
        # A short linking phrase ("In addition,", "As it stands,") is the writer's; a longer
        # one that says when, where or how ("During the riots in Almaty,") qualifies the claim.
        short = last - first.i < 3 and not any(t.pos_ in ("PROPN", "NUM") for t in mod.subtree)
        if not ((set_off and short) or connective):
            break
        rest = [t for t in toks if t.i > last]
        while rest and (rest[0].is_punct or rest[0].is_space):
            rest = rest[1:]
        # Something of the clause must stay: its subject at least.
        if not rest or not any(t.dep_ in ("nsubj", "nsubjpass", "expl") for t in rest):
            break
        toks = rest
    return toks


def _writers_question(tok: Token) -> bool:
    """ "Why has he called for X?" / "Do you know what …?": the question mark is the writer's
    when the sentence around the cue is itself a question (a wh-word or an auxiliary first)."""
    first = next((t for t in tok.sent if not (t.is_punct or t.is_space)), None)
    if first is None or first.i >= tok.i:
        return False
    return first.tag_ in ("WDT", "WP", "WRB", "MD") or (
        first.pos_ == "AUX" and first.head.i >= tok.i
    )


def _without_dateline(tokens: list[Token]) -> list[Token]:
    """A dateline opening the paragraph ("WASHINGTON \u2015 ", "MOSCOW, May 12 - ") is the
    outlet's."""
    toks = sorted(tokens, key=lambda t: t.i)
    k = 0
    while k < len(toks) and toks[k].is_upper and toks[k].is_alpha and len(toks[k]) > 1:
        k += 1
    place = k
    # The date after the place: ", May 12" / "(Reuters)".
    while place > 0 and k < len(toks) and k - place < 5 and toks[k].text not in _DASHES:
        if not (toks[k].text in ",()" or toks[k].like_num or toks[k].is_title):
            break
        k += 1
    if (
        place > 0
        and k < len(toks)
        and toks[k].text in _DASHES
        and (toks[0].i == 0 or "\n" in toks[0].doc[toks[0].i - 1].text_with_ws)
    ):
        toks = toks[k + 1 :]
    return toks


def _without_trailing_relative(tokens: list[Token]) -> list[Token]:
    """ "…, who is 70" / "…, which the court has put on hold" closing the content: a
    non-restrictive relative clause the writer adds about the last noun, not the source's
    words."""
    toks = sorted(tokens, key=lambda t: t.i)
    if len(toks) < 4:
        return toks
    ids = {t.i for t in toks}
    for t in toks:
        closing = t.right_edge.i == toks[-1].i or all(
            x.is_punct or x.is_space for x in toks if x.i > t.right_edge.i
        )
        if t.dep_ not in ("relcl", "advcl", "acl") or not closing:
            continue
        left = t.left_edge
        if left.lower_ not in ("who", "which", "whom", "whose") or left.i == 0:
            continue
        comma = t.doc[left.i - 1]
        if comma.text != "," or comma.i not in ids:
            continue
        kept = [x for x in toks if x.i < comma.i]
        if len(kept) >= 3:
            return kept
    return toks


def _set_off(tok: Token) -> bool:
    """A reporting clause set off by commas or dashes from the sentence it attributes, or
    introduced by `as`: "Y, X said", "Police, X says, have …", "as X reported"."""
    if tok.dep_ not in ("parataxis", "ccomp", "advcl") or tok.head.i == tok.i:
        return False
    doc = tok.doc
    marks = (",", "\u2014", "\u2013", "-")
    as_clause = any(c.dep_ == "mark" and c.lower_ == "as" for c in tok.children)
    if tok.dep_ == "advcl" and not as_clause and tok.head.i > tok.i:
        return False
    words = [t.i for t in tok.subtree if not t.is_punct]
    lo, hi = words[0], words[-1]
    before = lo > 0 and doc[lo - 1].text in marks
    after = hi + 1 < len(doc) and doc[hi + 1].text in marks
    if tok.head.i < tok.i:
        return before
    # The clause comes first: it opens the sentence ("As X reported,") or sits between commas.
    return (as_clause or before) and after


def _parts(text: str, tokens: list[Token]) -> list[tuple[int, int]] | None:
    """Runs of content tokens separated by words that are not content (a parenthetical
    attribution); None when the content is one run."""
    idx = sorted(t.i for t in tokens)
    doc = tokens[0].doc if tokens else None
    runs: list[list[int]] = []
    for i in idx:
        if runs and i == runs[-1][-1] + 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    if doc is None or len(runs) < 2:
        return None
    parts = []
    for run in runs:
        a, b = _trim(text, doc[run[0]].idx, doc[run[-1]].idx + len(doc[run[-1]]))
        if b > a and any(ch.isalnum() for ch in text[a:b]):
            parts.append((a, b))
    return parts if len(parts) > 1 else None


def _noun_cue(tok: Token) -> Site | None:
    """ "Tokayev's statement that …", "the ministry's claim that …": a reporting noun with a
    that-clause; its possessor is the source."""
    clauses = [
        c
        for c in tok.children
        if c.dep_ in ("acl", "ccomp", "relcl") and c.i > tok.i and c.left_edge.lower_ == "that"
    ]
    clauses = [
        c
        for c in clauses
        if not any(g.dep_ in ("nsubj", "dobj") and g.lower_ == "that" for g in c.children)
    ]
    if not clauses:
        return None
    text = text_of(tok.doc)
    start, end = _clip_to_line(text, tok.idx, *_span_of(list(clauses[0].subtree)))
    if end - start < 3:
        return None
    owner = next((c for c in tok.children if c.dep_ == "poss"), None)
    src = mention_span(owner) if owner is not None and owner.pos_ in ("PROPN", "NOUN") else None
    return Site(start, end, tok.idx, tok.idx + len(tok), tok.lemma_.lower(), src, 0.45)


def _according_to(tok: Token) -> Site | None:
    to = next(c for c in tok.children if c.lower_ == "to")
    objs = [c for c in to.children if c.dep_ == "pobj"]
    if not objs or objs[0].lemma_.lower() in lexicon.word_set("cues", "according_to_not_sources"):
        return None  # "according to plan" is no attribution
    head = tok.head
    if head.i == tok.i:
        # "According to X, …" parsed as the root: the content is the rest of the sentence.
        sent = tok.sent
        rest = [t for t in sent if t.i > to.right_edge.i]
        if not rest:
            return None
        start, end = _span_of(rest)
    else:
        excluded = {t.i for t in tok.subtree}
        tokens = [t for t in head.subtree if t.i not in excluded]
        if not tokens:
            return None
        if tok.i < tokens[0].i or tok.right_edge.i < tokens[0].i:
            tokens = [t for t in tokens if t.i > tok.right_edge.i]
        elif tok.i > tokens[-1].i:
            tokens = [t for t in tokens if t.i < tok.i]
        else:
            # "X, according to Y, said …": the content on both sides of the phrase.
            before = [t for t in tokens if t.i < tok.i]
            after = [t for t in tokens if t.i > tok.right_edge.i]
            # A paragraph's closing full stop and line break are not content after the phrase.
            if all(t.is_punct or t.is_space for t in after):
                after = []
            if all(t.is_punct or t.is_space for t in before):
                before = []
            tokens = before + after
        if not tokens:
            return None
        tokens = _without_writer_opening(_without_opening_conjunction(tokens))
        if not tokens:
            return None
        start, end = _span_of(tokens)
    text = text_of(tok.doc)
    parts = None if head.i == tok.i else _parts(text, tokens)
    start, end = _clip_to_line(text, tok.idx, *_trim(text, start, end))
    if parts is not None and not (start <= parts[0][0] and parts[-1][1] <= end):
        parts = None
    if end - start < 3:
        return None
    src = mention_span(objs[0])
    site = Site(start, end, tok.idx, to.idx + len(to), "accord", src, 0.7)
    site.parts = parts
    return site


def cue_tokens_in(doc: Doc, start: int, end: int) -> list[Token]:
    """Cue verbs inside a stretch of text (the attribution part of `"…," he said.`)."""
    stances = lexicon.cue_stances()
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return []
    return [
        t
        for t in span
        if t.lemma_.lower() in stances and t.pos_ in ("VERB", "AUX") and t.lower_ != "according"
    ]


def _noun_before(tok: Token, after: int) -> Token | None:
    """The head of the noun phrase just before a cue, written after position `after`:
    `"…," Obama's former campaign strategist said`."""
    i = tok.i - 1
    while i >= 0 and tok.doc[i].idx >= after and tok.doc[i].pos_ in ("ADV", "AUX", "PART"):
        i -= 1
    if i < 0 or tok.doc[i].idx < after or tok.doc[i].pos_ not in ("NOUN", "PROPN", "PRON"):
        return None
    head = tok.doc[i]
    while head.head.i != head.i and head.head.idx >= after and head.head.i < tok.i:
        if head.head.pos_ not in ("NOUN", "PROPN"):
            break
        head = head.head
    return head


def bare_site(tok: Token, outside: tuple[int, int] | None = None) -> Site:
    """An attribution around a quote that the parser did not link to it: the cue verb and its
    subject, or the proper noun right after it ("…, said Tokayev"). A subject the parser found
    inside the quote (`outside`) is the quote's own word, not the speaker."""
    source = source_token(tok)
    if (
        source is not None
        and outside is not None
        and outside[0] <= source.idx < outside[1]
        and not outside[0] <= tok.idx < outside[1]
    ):
        source = _noun_before(tok, outside[1]) if tok.idx >= outside[1] else None
    if source is None:
        nxt = tok.i + 1
        while nxt < len(tok.doc) and tok.doc[nxt].pos_ in ("DET", "ADJ", "PROPN", "NOUN"):
            if tok.doc[nxt].pos_ in ("PROPN", "NOUN"):
                source = tok.doc[nxt]
            nxt += 1
            if source is not None and tok.doc[nxt - 1].pos_ != "PROPN":
                break
    if source is None:
        # "- said acting Ambulance Director Andrey Lozhkin.": the first name on the line.
        text = text_of(tok.doc)
        line_end = text.find("\n", tok.idx)
        line_end = len(text) if line_end < 0 else line_end
        after = [e for e in tok.doc.ents if tok.idx < e.start_char < line_end]
        person = next((e for e in after if e.label_ == "PERSON"), None)
        if person is not None:
            return Site(0, 0, tok.idx, tok.idx + len(tok), tok.lemma_.lower(), person, 0.7)
    src = mention_span(source) if source is not None else None
    lemma = tok.lemma_.lower()
    return Site(0, 0, tok.idx, tok.idx + len(tok), lemma, src, 0.8 if src else 0.5)


_HEADLINE_DASH = re.compile(
    r"^(?P<content>\S.{10,}?)\s+[-\u2013\u2014\u2015]\s+(?P<src>[A-Z][\w.'\u2019-]*(?:\s+[\w.'\u2019-]+){0,4})$"
)
_HEADLINE_COLON = re.compile(
    r"^(?P<src>[A-Z][\w.'\u2019-]*(?:\s+[A-Z][\w.'\u2019-]*){0,3}):\s+(?P<content>\S.{10,})$"
)
_TRANSCRIPT = re.compile(
    r"^\s*[\"\u201c]?(?P<src>[A-Z][A-Z.'\u2019-]+(?:\s+[A-Z][A-Z.'\u2019-]+){0,2}):\s+(?P<content>\S.*)$"
)
_NOT_SOURCES = {"update", "updated", "breaking", "watch", "video", "photos", "exclusive",
                "opinion", "analysis", "editorial", "live", "note", "read"}  # fmt: skip


def pattern_sites(text: str, paras: list[tuple[int, int]]) -> list[Site]:
    """Headlines (the first short lines without a full stop) and transcript turns."""
    sites = []
    for n, (p0, p1) in enumerate(paras):
        line = text[p0:p1]
        stripped = line.rstrip()
        # The title (whatever its last character) and short lines without a full stop below it.
        if (n == 0 or (n < 3 and not stripped.endswith("."))) and len(stripped) < 200:
            for rx in (_HEADLINE_DASH, _HEADLINE_COLON):
                m = rx.match(stripped)
                if m and m.group("src").split()[0].lower() not in _NOT_SOURCES:
                    if any(ch.isdigit() for ch in m.group("src")):
                        continue
                    c0, c1 = _trim(text, p0 + m.start("content"), p0 + m.end("content"))
                    s0, s1 = p0 + m.start("src"), p0 + m.end("src")
                    cue = (s1, s1 + 1) if rx is _HEADLINE_COLON else (c1, s0)
                    cue0, cue1 = _trim_cue(text, *cue)
                    sites.append(
                        Site(c0, c1, cue0, cue1, "say", None, 0.6, "indirect", text[s0:s1], s0, s1)
                    )
                    break
        m = _TRANSCRIPT.match(line)
        if m:
            c0, c1 = _trim(text, p0 + m.start("content"), p0 + m.end("content"))
            c1 = c1 - 1 if text[c1 - 1 : c1] in '"\u201d' else c1
            s0, s1 = p0 + m.start("src"), p0 + m.end("src")
            if c1 - c0 > 3:
                sites.append(
                    Site(c0, c1, s1, s1 + 1, "say", None, 0.7, "direct", text[s0:s1], s0, s1)
                )
    return sites


def _trim_cue(text: str, a: int, b: int) -> tuple[int | None, int | None]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return (a, b) if b > a else (None, None)
