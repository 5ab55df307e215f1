"""The extraction entry points: one spaCy model per process, and the assembly of quotes,
dependency attributions and pattern attributions into claims with speaker and framing."""

import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from functools import cache

from spacy.language import Language
from spacy.tokens import Doc

from . import attribution, framing, lexicon, quotes, textprep
from .figures import figures as find_figures
from .furniture import find_furniture, in_furniture
from .speakers import SpeakerResolver, speaker_type

log = logging.getLogger(__name__)

# The extraction reads tags, lemmas, the parse and entities; nothing else runs.
NEEDED = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner")
MIN_CONFIDENCE = 0.25


@Language.component("kz_line_breaks")
def line_breaks(doc: Doc) -> Doc:
    """A line break ends a sentence: headlines, datelines and list items have no full stop,
    and the parser would otherwise run them into the next paragraph."""
    for tok in doc[1:]:
        if "\n" in doc[tok.i - 1].text_with_ws or (
            doc[tok.i - 1].is_space and "\n" in doc[tok.i - 1].text
        ):
            tok.is_sent_start = True
    return doc


def load_model(name: str | None = None):
    """A fresh model with the line-break rule before the parser and the components the
    extraction does not read disabled."""
    import spacy
    from django.conf import settings

    nlp = spacy.load(name or settings.KZCLAIMS_SPACY_MODEL)
    unneeded = [n for n in nlp.pipe_names if n not in NEEDED]
    if unneeded:
        nlp.disable_pipes(*unneeded)
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("kz_line_breaks", before="parser")
    return nlp


@cache
def get_nlp():
    """The spaCy model named by settings.KZCLAIMS_SPACY_MODEL, loaded once per process."""
    return load_model()


@dataclass
class ExtractedClaim:
    """One claim, with exactly the fields of `extract_claims --format jsonl` (file is set by the
    caller that knows it)."""

    kind: str
    content: str
    start: int
    end: int
    speaker: str | None = None
    speaker_mention: str | None = None
    speaker_start: int | None = None
    speaker_end: int | None = None
    speaker_type: str | None = None
    cue: str | None = None
    cue_start: int | None = None
    cue_end: int | None = None
    cue_stance: str | None = None
    channel: str | None = None
    via: str | None = None
    hedges: list[str] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    figures: list[dict] = field(default_factory=list)
    confidence: float = 0.5
    mode: str = "speech"  # speech | thought
    nested: bool = False  # reported inside another claim's content
    part_spans: list[list[int]] | None = None  # [start, end] of each part of a split claim
    parent: int | None = None  # position in the same output of the enclosing claim
    file: str | None = None

    def as_json(self) -> dict:
        data = asdict(self)
        return {"file": data.pop("file"), **data}


@dataclass
class Candidate:
    """A claim before its speaker is resolved and its framing read."""

    kind: str
    start: int
    end: int
    site: attribution.Site | None
    confidence: float
    parts: list[tuple[int, int]] | None = None
    # Quoted phrases inside a reported clause: each becomes a fragment pointing at the clause.
    fragments: list[tuple[int, int]] = field(default_factory=list)


@dataclass
class Analysis:
    """Claims plus what does not fit the command-line contract: the scare-quoted terms and the
    speaker kind (person or organisation) per claim, in the same order."""

    claims: list[ExtractedClaim]
    scare_quotes: list[list[str]]
    speaker_kinds: list[str | None]
    error: str = ""  # why the text was not read (textprep.TextRejected); no claims then
    exception: BaseException | None = None  # the failure behind `error`, when analysis failed


_WORD = re.compile(r"\w+")


def _is_title(words: list[str]) -> bool:
    return len(words) <= 6 and all(w[0].isupper() or w[0].isdigit() for w in words if len(w) > 3)


def _sentence_bounds(doc: Doc, start: int, end: int) -> tuple[int, int]:
    span = doc.char_span(start, max(start + 1, end), alignment_mode="expand")
    if span is None or len(span) == 0:
        return start, end
    return span[0].sent.start_char, span[-1].sent.end_char


def _own_attribution_after(doc: Doc, text: str, q: quotes.Quote) -> bool:
    """`"B" to drive up the price, she said`: the second quote has an attribution of its own."""
    if q.close_mark is None:
        return False
    end = text.find("\n", q.close_mark)
    end = len(text) if end < 0 else end
    stop = re.search(r"[.!?](\s|$)", text[q.close_mark + 1 : end])
    if stop:
        end = q.close_mark + 1 + stop.start()
    tail = text[q.close_mark + 1 : end]
    return len(tail.split()) >= 2 and bool(attribution.cue_tokens_in(doc, q.close_mark + 1, end))


def _merge_split_quotes(text: str, qs: list[quotes.Quote], doc: Doc) -> list[quotes.Quote]:
    """`"A," he said. "B"` is one claim: a quote that stops on a comma (or without full stop),
    followed by a short attribution and another quote in the same paragraph."""
    merged: list[quotes.Quote] = []
    for q in qs:
        prev = merged[-1] if merged else None
        if prev is not None and prev.close_mark is not None and not prev.dash:
            gap0, gap1 = prev.close_mark + 1, q.open_mark
            gap = text[gap0:gap1]
            last = text[prev.end - 1 : prev.end]
            if (
                0 < len(gap) < 90
                and "\n" not in gap
                # `"A," he said, "B"`: the first part stops on a comma or a dash, not a word.
                and (last in ",\u2014\u2013-\u2026" or gap.lstrip(' "\u201d').startswith(","))
                # The second part opens right after the attribution, not inside a new clause
                # of the writer's (`"A," she said, arguing that he will bring a "B"`).
                and gap.rstrip(" '\"\u201c\u00ab\u201e")[-1:] in ".,:;\u2014\u2013-"
                # One attribution between the parts: `"A," X said before asking, "B"` and
                # `"A," X said, adding later, "B"` introduce a second statement.
                and len(attribution.cue_tokens_in(doc, gap0, gap1)) == 1
                and not _own_attribution_after(doc, text, q)
            ):
                prev.gaps.append((gap0, gap1))
                prev.end = q.end
                prev.close_mark = q.close_mark
                prev.balanced = prev.balanced and q.balanced
                continue
        merged.append(q)
    return merged


def _classify(text: str, doc: Doc, q: quotes.Quote) -> str:
    """direct, embedded (a phrase inside the writer's sentence) or scare (a term or a name)."""
    words = _WORD.findall(text[q.start : q.end])
    if q.dash or q.gaps:
        return "direct"
    s0, _ = _sentence_bounds(doc, q.start, q.end)
    para0 = text.rfind("\n", 0, q.open_mark) + 1
    prefix = text[max(s0, para0) : q.open_mark].strip()
    # `said that "…"`: the quotation completes a reported clause; the clause is the claim and
    # the quotation its fragment.
    after_that = prefix.rstrip(" ,").endswith(" that") or prefix.rstrip(" ,") == "that"
    standalone = not after_that and (
        not prefix or prefix[-1] in ":,\u2014\u2013\u2015-" or prefix.endswith("saying")
    )
    if len(words) <= 3 and (not standalone or len(words) <= 2):
        return "scare" if (len(words) <= 2 or _is_title(words)) else "embedded"
    if _is_title(words) and len(words) <= 4:
        return "scare"
    if standalone and len(words) >= 4:
        return "direct"
    return "embedded"


_THAT_END = re.compile(r"\bthat[ \t,]*$")


_CLAUSE_END = re.compile(r"[\s.!?\u2026]*(?:\n|$|[\"\u201c\u00ab]?[A-Z])")


def _that_before(text: str, q: quotes.Quote) -> int | None:
    """Where `that` stands right before a quotation that completes the clause (`told Fox that
    "…".`): in the same paragraph, and nothing but the full stop after the closing mark. A
    quoted phrase followed by the rest of the clause (`that "the plotters" wanted …`) is a
    fragment of that clause instead."""
    if q.close_mark is None or not _CLAUSE_END.match(text, q.close_mark + 1):
        return None
    para0 = text.rfind("\n", 0, q.open_mark) + 1
    m = _THAT_END.search(text, max(para0, q.open_mark - 12), q.open_mark)
    return m.start() if m else None


def _overlap(a0: int, a1: int, b0: int, b1: int) -> int:
    return max(0, min(a1, b1) - max(a0, b0))


_DASH_BYLINE = re.compile(
    r"[ \t\u00a0]*(?P<dash>[\u2015\u2014\u2013-])[ \t\u00a0]*"
    r"(?P<name>[A-Z][\w.'\u2019-]*(?:[ \t][A-Z][\w.'\u2019-]*){0,4})[ \t\u00a0,]*(?:\n|$)"
)


def _in_quote_words(q: quotes.Quote, pos: int) -> bool:
    """Inside the quoted words, not in the attribution between the parts of a split quote."""
    return q.start <= pos < q.end and not any(a <= pos < b for a, b in q.gaps)


def _attribute_quote(
    doc: Doc, q: quotes.Quote, sites: list[attribution.Site]
) -> attribution.Site | None:
    """The attribution of a direct quote: a parsed attribution whose content is the quote; else
    a cue verb in the quote's own sentences (or between its parts); else a colon-ended
    sentence right before it."""
    text = attribution.text_of(doc)
    best, best_ov = None, 0
    for s in sites:
        if s.used or s.cue_start is None:
            continue
        if q.start <= s.cue_start < q.end and not any(a <= s.cue_start < b for a, b in q.gaps):
            continue
        ov = _overlap(q.start, q.end, s.start, s.end)
        if ov > best_ov and ov >= 0.3 * (q.end - q.start):
            best, best_ov = s, ov
    if best is not None:
        if best.source is None or _in_quote_words(q, best.source.start_char):
            # The parser took a word of the quote for the subject of its attribution, or found
            # none ("… - wrote on Facebook political scientist Marat Shibutov").
            tok = doc.char_span(best.cue_start, best.cue_end, alignment_mode="expand")
            if tok is not None:
                fixed = attribution.bare_site(tok[0], (q.start, q.end))
                best.source = fixed.source
        return best
    byline = _DASH_BYLINE.match(text, (q.close_mark or q.end) + 1)
    if byline:
        # `"…" \u2015 Sonya Herridge`: a name after a dash closing the line signs the quote.
        d0, d1 = byline.span("dash")
        n0, n1 = byline.span("name")
        return attribution.Site(0, 0, d0, d1, "say", None, 0.8, "direct", text[n0:n1], n0, n1)
    s0, s1 = _sentence_bounds(doc, q.start, q.end)
    s0 = max(s0, text.rfind("\n", 0, q.open_mark) + 1)
    nl = text.find("\n", q.end)
    s1 = min(s1, nl if nl >= 0 else s1)
    regions = [*q.gaps, (s0, q.open_mark), ((q.close_mark or q.end) + 1, s1)]
    nxt0 = text.find("\n", q.end)
    if nxt0 >= 0 and text[q.end - 1 : q.end] not in ".!?":
        # `"…,"` closing a paragraph, then "Zas said." or "- the press service says." alone.
        while nxt0 < len(text) and text[nxt0].isspace():
            nxt0 += 1
        nxt1 = text.find("\n", nxt0)
        nxt1 = len(text) if nxt1 < 0 else nxt1
        if len(text[nxt0:nxt1].split()) <= 15:
            regions.append((nxt0, nxt1))
    cands = []
    for a, b in regions:
        if b <= a:
            continue
        for tok in attribution.cue_tokens_in(doc, a, b):
            if tok.idx < a or tok.idx >= b:
                continue
            dist = min(abs(tok.idx - q.start), abs(tok.idx - q.end))
            cands.append((dist, tok.i, tok))
    if cands:
        site = attribution.bare_site(min(cands)[2], (q.start, q.end))
        if site.source is not None or len(cands) == 1:
            return site
    # "He said:" closing the sentence before the quote.
    before = text[:s0].rstrip()
    if before.endswith(":"):
        for tok in reversed(attribution.cue_tokens_in(doc, max(0, len(before) - 200), len(before))):
            return attribution.bare_site(tok)
    return None


def _scare_terms(text: str, scares: list[quotes.Quote], a: int, b: int) -> list[str]:
    return [text[q.start : q.end] for q in scares if a <= q.start < b]


def _found_quotes(doc: Doc, text: str) -> list[quotes.Quote]:
    """Stage 1: every quotation, dash quotations included, with split quotations joined."""
    qs = quotes.find_quotes(text)
    for dq in quotes.find_dash_quotes(text):
        if not any(_overlap(dq.start, dq.end, q.start, q.end) for q in qs):
            qs.append(dq)
    qs.sort(key=lambda q: q.start)
    return _merge_split_quotes(text, qs, doc)


_PART_EDGE = " \t\n\"'\u201c\u201d\u00ab\u00bb\u201e"


def _quote_parts(text: str, q: quotes.Quote) -> list[tuple[int, int]] | None:
    """Each part of a quotation split by its attribution, without the marks and without the
    comma or dash that hands over to the attribution."""
    if not q.gaps:
        return None
    bounds = [q.start]
    for g0, g1 in q.gaps:
        bounds += [g0, g1]
    bounds.append(q.end)
    parts = []
    for a, b in zip(bounds[::2], bounds[1::2], strict=True):
        while a < b and text[a] in _PART_EDGE:
            a += 1
        while b > a and text[b - 1] in _PART_EDGE + ",\u2014\u2013\u2015-":
            b -= 1
        if b > a:
            parts.append((a, b))
    return parts if len(parts) > 1 else None


def _candidates(
    doc: Doc, qs: list[quotes.Quote], sites: list[attribution.Site]
) -> tuple[list[Candidate], list[quotes.Quote]]:
    """Stage 2: direct quotations with their attribution, reported clauses (with the quoted
    phrases inside them as fragments) and headline or transcript patterns; one reading per
    span. Returns the candidates and the scare-quoted terms."""
    text = attribution.text_of(doc)
    paras = quotes.paragraphs(text)
    kinds = {id(q): _classify(text, doc, q) for q in qs}
    scares = [q for q in qs if kinds[id(q)] == "scare"]
    directs = [q for q in qs if kinds[id(q)] == "direct"]
    embedded = [q for q in qs if kinds[id(q)] == "embedded"]

    raw: list[Candidate] = []
    pattern = attribution.pattern_sites(text, paras)
    for q in directs:
        covering = next(
            (p for p in pattern if p.kind == "direct" and _overlap(p.start, p.end, q.start, q.end)),
            None,
        )
        if covering is not None:
            continue  # a transcript turn: the turn is the claim
        site = _attribute_quote(doc, q, sites)
        if site is not None:
            site.used = True
        conf = 0.9 if site is not None and site.source is not None else 0.6
        if not q.balanced:
            conf -= 0.2
        end = q.end
        if not q.gaps and text[end - 1 : end] == "," and end - 1 > q.start:
            end -= 1  # the comma that hands over to the attribution is not the speaker's
        raw.append(Candidate("direct", q.start, end, site, conf, _quote_parts(text, q)))

    accounted: set[int] = set()
    for s in sites:
        if s.used:
            continue
        # Reported content that is itself a direct quote is that quote's claim already.
        inside = [q for q in directs if _overlap(q.start, q.end, s.start, s.end)]
        if any(_overlap(q.start, q.end, s.start, s.end) >= 0.5 * (s.end - s.start) for q in inside):
            continue
        cand = Candidate("indirect", s.start, s.end, s, s.confidence, s.parts)
        for q in embedded:
            if _overlap(q.start, q.end, s.start, s.end) >= 0.5 * (q.end - q.start):
                # The outlet quoted these words of the reported clause verbatim.
                cand.fragments.append((q.start, q.end))
                accounted.add(id(q))
        raw.append(cand)
    for q in embedded:
        that_at = _that_before(text, q)
        if that_at is None:
            continue
        # `told Fox that "…"`: the quotation completes the reported clause, which runs to its
        # closing mark even when the parse ends the clause earlier.
        end = q.close_mark + 1 if q.close_mark is not None else q.end
        clause = next((c for c in raw if c.kind == "indirect" and c.start <= that_at < c.end), None)
        if clause is not None and not clause.parts and clause.end < end:
            clause.end = end
            if (q.start, q.end) not in clause.fragments:
                clause.fragments.append((q.start, q.end))
            accounted.add(id(q))
    for q in embedded:
        if id(q) in accounted:
            continue
        # A quoted phrase with a cue in its sentence but no parsed complement around it.
        s0, s1 = _sentence_bounds(doc, q.start, q.end)
        cues = [
            t
            for t in attribution.cue_tokens_in(doc, s0, s1)
            if not (q.start <= t.idx < q.end) and t.idx < q.start
        ]
        that_at = _that_before(text, q)
        if cues and that_at is not None and cues[-1].idx < that_at:
            # The reported clause is `that` and the quotation: a clause with its fragment.
            end = q.close_mark + 1 if q.close_mark is not None else q.end
            site = attribution.bare_site(cues[-1])
            cand = Candidate("indirect", that_at, end, site, 0.6 if site.source else 0.4)
            cand.fragments.append((q.start, q.end))
            raw.append(cand)
        elif cues and len(_WORD.findall(text[q.start : q.end])) >= 4:
            raw.append(Candidate("fragment", q.start, q.end, attribution.bare_site(cues[-1]), 0.5))
        else:
            scares.append(q)
    for p in pattern:
        if p.kind == "indirect" and any(_overlap(p.start, p.end, q.start, q.end) for q in directs):
            continue  # a quoted line signed after a dash is the quote's claim, not a headline
        raw.append(Candidate(p.kind, p.start, p.end, p, p.confidence))

    # One claim per span; the better-supported reading wins.
    rank = {"direct": 2, "fragment": 1, "indirect": 0}
    best: dict[tuple[int, int], Candidate] = {}
    for c in raw:
        key = (c.start, c.end)
        old = best.get(key)
        if old is None or (rank[c.kind], c.confidence) > (rank[old.kind], old.confidence):
            best[key] = c
    items = sorted(best.values(), key=lambda c: (c.start, c.end))
    return _drop_weaker_duplicates(items), scares


def _resolve_speakers(
    doc: Doc, items: list[Candidate], quote_ranges: list[tuple[int, int]]
) -> dict[int, tuple]:
    """Stage 3: each candidate's speaker, resolved in the order the speakers are written so that
    "he" finds the last name."""
    resolver = SpeakerResolver(doc, quote_ranges)
    order = sorted(
        range(len(items)),
        key=lambda i: (
            items[i].site.source.start_char
            if items[i].site is not None and items[i].site.source is not None
            else items[i].start
        ),
    )
    resolved: dict[int, tuple] = {}
    for i in order:
        site = items[i].site
        if site is None:
            continue
        if site.source is not None:
            m = resolver.resolve(site.source)
            resolved[i] = (m.canonical, m.text, m.start, m.end, m.speaker_type, m.kind)
        elif site.source_text:
            t = site.source_text
            typ = speaker_type(t)
            name = t.title() if t.isupper() else t
            span = doc.char_span(site.source_start, site.source_end, alignment_mode="expand")
            if span is not None and len(span):
                m = resolver.resolve(span)
                # A transcript's "PENCE:" reads better as "Pence" unless the text names him fully.
                if m.canonical and not m.canonical.isupper():
                    name = m.canonical
                typ = m.speaker_type if typ == "other" else typ
            resolved[i] = (name, t, site.source_start, site.source_end, typ, "person")
    _complete_surnames(resolved)
    return resolved


def _carry_speakers(text: str, items: list[Candidate], resolved: dict[int, tuple]) -> None:
    """A quotation standing alone continues the previous speaker's turn; a quoted line used as
    a subheading is spoken by the speaker introduced right below it."""
    paras = quotes.paragraphs(text)
    last_speaker: tuple | None = None
    last_para = -1
    for i, c in enumerate(items):
        para = next((n for n, (a, b) in enumerate(paras) if a <= c.start < b), -1)
        spk = resolved.get(i)
        if spk is None and c.kind == "direct" and last_speaker and para - last_para <= 1:
            resolved[i] = spk = last_speaker
            c.confidence -= 0.15
        elif spk is None and c.kind == "direct" and _is_quote_heading(text, paras, para, c.end):
            nxt = next((resolved[j] for j in range(i + 1, len(items)) if j in resolved), None)
            if (
                nxt is not None
                and 0 <= para + 1 < len(paras)
                and paras[para + 1][0] <= nxt[2] < (paras[para + 1][1])
            ):
                resolved[i] = spk = nxt
                c.confidence -= 0.2
        if spk is not None:
            last_speaker, last_para = spk, para


def _mode(kind: str, site: attribution.Site | None) -> str:
    """speech, or thought for a belief, a perception, a finding or an intention, and for a
    stance towards a thing (a noun phrase object: "criticised the plan") rather than a
    statement."""
    if site is None or site.cue_start is None:
        return "speech"
    lemma = site.cue_lemma
    if lemma in lexicon.word_set("cues", "nouns"):
        return "speech" if lemma in lexicon.word_set("modes", "speech_nouns") else "thought"
    if lemma in lexicon.word_set("modes", "thought"):
        return "thought"
    return "thought" if site.nominal and kind != "direct" else "speech"


def _claim(doc: Doc, c: Candidate, spk: tuple | None, start: int, end: int, kind: str):
    """Stage 4: one claim with its speaker and the outlet's framing read around it."""
    text = attribution.text_of(doc)
    site = c.site
    s0, s1 = _sentence_bounds(doc, start, end)
    context = text[s0:s1]
    outside = text[s0:start] + " " + text[end:s1]
    cue = text[site.cue_start : site.cue_end] if site and site.cue_start is not None else None
    parts = c.parts if kind == c.kind and c.parts else None
    content = " ".join(text[a:b] for a, b in parts) if parts else text[start:end]
    return ExtractedClaim(
        kind=kind,
        content=content,
        start=start,
        end=end,
        speaker=spk[0] if spk else None,
        speaker_mention=spk[1] if spk else None,
        speaker_start=spk[2] if spk else None,
        speaker_end=spk[3] if spk else None,
        speaker_type=spk[4] if spk else None,
        cue=cue,
        cue_start=site.cue_start if cue else None,
        cue_end=site.cue_end if cue else None,
        cue_stance=framing.cue_stance(site.cue_lemma) if cue else None,
        channel=framing.channel(outside) or None,
        via=framing.via(outside, spk[1] if spk else "") or None,
        hedges=framing.hedges(context),
        labels=framing.labels(context),
        figures=_figures(doc, start, end),
        confidence=round(max(0.0, min(1.0, c.confidence)), 2),
        mode=_mode(c.kind, site),
        part_spans=[list(p) for p in parts] if parts else None,
    )


def _relate(claims: list[ExtractedClaim], parents: dict[int, int]) -> None:
    """Stage 5: parent links. A fragment points at the clause it was quoted from; a claim whose
    cue stands inside another claim's content is reported inside it (nested) and points at the
    smallest such claim."""
    for i, c in enumerate(claims):
        if i in parents:
            c.parent = parents[i]
            continue
        anchor = c.cue_start if c.cue_start is not None else c.speaker_start
        if anchor is None:
            continue
        best = None
        for j, p in enumerate(claims):
            if j == i or p.nested or (p.kind == "fragment" and p.parent is not None):
                continue
            spans = p.part_spans or [[p.start, p.end]]
            if not any(a <= anchor < b for a, b in spans):
                continue
            if c.start < p.start or c.end > p.end + 1 or (c.start, c.end) == (p.start, p.end):
                continue
            if best is None or p.end - p.start < claims[best].end - claims[best].start:
                best = j
        if best is not None:
            c.nested, c.parent = True, best


def analyse(doc: Doc) -> Analysis:
    """Quotes and attributions -> candidates -> speakers -> claims with framing -> relations."""
    text = attribution.text_of(doc)
    qs = _found_quotes(doc, text)
    quote_ranges = [(q.start, q.end) for q in qs]
    sites = attribution.find_sites(doc, quote_ranges)
    sites.sort(key=lambda s: (s.start, -s.end))
    items, scares = _candidates(doc, qs, sites)
    furniture = find_furniture(doc)
    items = [c for c in items if not in_furniture(furniture, c.start)]
    resolved = _resolve_speakers(doc, items, quote_ranges)
    for i, spk in list(resolved.items()):
        if spk[2] is not None and in_furniture(furniture, spk[2]):
            del resolved[i]  # a page label is nobody
    _carry_speakers(text, items, resolved)

    rows: list[tuple[ExtractedClaim, int | None, list[str], str | None]] = []
    for i, c in enumerate(items):
        if c.confidence < MIN_CONFIDENCE:
            continue
        spk = resolved.get(i)
        claim = _claim(doc, c, spk, c.start, c.end, c.kind)
        parent_pos = len(rows)
        s0, s1 = _sentence_bounds(doc, c.start, c.end)
        rows.append((claim, None, _scare_terms(text, scares, s0, s1), spk[5] if spk else None))
        for f0, f1 in c.fragments:
            if any((f0, f1) == (o.start, o.end) for o in items):
                continue  # one claim per span: that reading is a claim of its own already
            frag = _claim(doc, c, spk, f0, f1, "fragment")
            rows.append((frag, parent_pos, [], spk[5] if spk else None))
    # Written order; parents re-pointed at their new positions.
    order = sorted(range(len(rows)), key=lambda k: (rows[k][0].start, -rows[k][0].end, k))
    pos = {old: new for new, old in enumerate(order)}
    claims = [rows[k][0] for k in order]
    parents = {pos[k]: pos[rows[k][1]] for k in order if rows[k][1] is not None}
    _relate(claims, parents)
    return Analysis(claims, [rows[k][2] for k in order], [rows[k][3] for k in order])


def _drop_weaker_duplicates(items: list[Candidate]) -> list[Candidate]:
    """Two readings of one stretch (a cue and a second cue inside the same sentence): keep the
    one with a source when the other has none and they mostly coincide."""
    drop = set()
    for i, a in enumerate(items):
        for j in range(i + 1, len(items)):
            b = items[j]
            if b.start >= a.end:
                break
            ov = _overlap(a.start, a.end, b.start, b.end)
            if ov < 0.8 * min(a.end - a.start, b.end - b.start):
                continue
            a_src = a.site is not None and (a.site.source is not None or a.site.source_text)
            b_src = b.site is not None and (b.site.source is not None or b.site.source_text)
            if a_src and not b_src and b.kind == "indirect":
                drop.add(j)
            elif b_src and not a_src and a.kind == "indirect":
                drop.add(i)
    return [it for k, it in enumerate(items) if k not in drop]


def _complete_surnames(resolved: dict[int, tuple]) -> None:
    """A surname named before the full name in the same article ("… - Petrov" in the headline,
    "President Ivan Petrov" below) is that person."""
    full = {}
    for name, _m, _s, _e, typ, kind in resolved.values():
        if name and kind == "person" and len(name.split()) > 1:
            full.setdefault(name.split()[-1], (name, typ))
    for i, (name, mention, s0, s1, typ, _kind) in list(resolved.items()):
        if name and len(name.split()) == 1 and name in full:
            fname, ftyp = full[name]
            resolved[i] = (fname, mention, s0, s1, ftyp if typ == "other" else typ, "person")


def _is_quote_heading(text: str, paras: list, para: int, end: int) -> bool:
    if para < 0:
        return False
    p0, p1 = paras[para]
    line = text[p0:p1].strip()
    return line[:1] in '"\u201c\u00ab' and text[end - 1 : end] not in ".!?" and len(line) < 150


def _figures(doc: Doc, start: int, end: int) -> list[dict]:
    span = doc.char_span(start, end, alignment_mode="expand")
    return find_figures(span) if span is not None else []


def extract(doc_or_text: Doc | str) -> list[ExtractedClaim]:
    if isinstance(doc_or_text, Doc):
        return analyse(doc_or_text).claims
    analysis = next(analyse_many([doc_or_text]))
    if analysis.error:
        raise textprep.TextRejected(analysis.error)
    return analysis.claims


def _shift(analysis: Analysis, prep: textprep.Prepared, offset: int, first: int, text: str):
    """Offsets of a section's claims into the whole text as given (with its BOM and line
    endings); parents into the whole output."""
    at = prep.original
    for c in analysis.claims:
        c.start, c.end = at(c.start + offset), at(c.end + offset)
        if c.speaker_start is not None:
            c.speaker_start = at(c.speaker_start + offset)
            c.speaker_end = at(c.speaker_end + offset)
        if c.cue_start is not None:
            c.cue_start, c.cue_end = at(c.cue_start + offset), at(c.cue_end + offset)
        if c.part_spans:
            c.part_spans = [[at(a + offset), at(b + offset)] for a, b in c.part_spans]
        if c.parent is not None:
            c.parent += first
        if prep.to_original is not None:
            # The content as the text gives it (a quote over two CRLF paragraphs keeps "\r").
            spans = c.part_spans or [[c.start, c.end]]
            c.content = " ".join(text[a:b] for a, b in spans)
            if c.speaker_start is not None:
                c.speaker_mention = text[c.speaker_start : c.speaker_end]
            if c.cue_start is not None:
                c.cue = text[c.cue_start : c.cue_end]


def analyse_many(
    texts: Iterable[str], *, nlp=None, batch_size: int = 16, analyse_doc=None
) -> Iterator[Analysis]:
    """One Analysis per text, offsets into the text as given. A text with a paragraph longer
    than any article's is not parsed, and a text whose analysis fails does not stop the
    others: its Analysis carries the reason in `error` (and the exception)."""
    nlp = nlp or get_nlp()
    analyse_doc = analyse_doc or analyse
    texts = list(texts)
    preps = [textprep.prepare(t) for t in texts]
    plan: list[tuple[int, int, str]] = []  # (text number, section offset, section)
    rejected: dict[int, textprep.TextRejected] = {}
    for n, prep in enumerate(preps):
        try:
            textprep.check_paragraphs(prep.text)
        except textprep.TextRejected as exc:
            rejected[n] = exc
            continue
        plan.extend((n, off, sec) for off, sec in textprep.sections(prep.text))
    docs = nlp.pipe((sec for _, _, sec in plan), batch_size=batch_size)
    k = 0
    for n, text in enumerate(texts):
        whole = Analysis([], [], [], error=str(rejected.get(n) or ""))
        while k < len(plan) and plan[k][0] == n:
            doc = next(docs)
            k += 1
            if whole.error:
                continue
            try:
                part = analyse_doc(doc)
            except Exception as exc:  # one text's failure is reported, the others go on
                log.exception("extraction failed on text %d", n)
                whole = Analysis([], [], [], error=f"{type(exc).__name__}: {exc}", exception=exc)
                continue
            _shift(part, preps[n], plan[k - 1][1], len(whole.claims), text)
            whole.claims += part.claims
            whole.scare_quotes += part.scare_quotes
            whole.speaker_kinds += part.speaker_kinds
        yield whole
