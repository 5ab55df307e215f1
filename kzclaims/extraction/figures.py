"""Numbers inside a claim and what they count: `5,969` people detained, `more than 2,000`,
`a third` of the troops."""

from spacy.tokens import Span

_FRACTIONS = {"half", "third", "quarter", "fifth", "tenth", "thirds", "quarters", "dozen"}
_APPROX = {"more", "less", "fewer", "over", "under", "about", "around", "nearly", "almost",
           "some", "approximately", "roughly", "up", "at", "least", "most", "as", "many",
           "than", "to", "much"}  # fmt: skip
_SKIP_ENTS = {"DATE", "TIME", "ORDINAL"}


def _subject(tok) -> str:
    """The noun a number counts: its head when it is a nummod, else the object of a following
    "of" ("a third of the troops"), else the noun it is subject of."""
    if tok.dep_ in ("nummod", "quantmod") and tok.head.pos_ in ("NOUN", "PROPN"):
        head = tok.head
    else:
        head = None
        for child in tok.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                objs = [c for c in child.children if c.dep_ == "pobj"]
                if objs:
                    head = objs[0]
        if head is None and tok.head.dep_ in ("nummod", "quantmod"):
            return _subject(tok.head)
        if head is None and tok.head.pos_ in ("NOUN", "PROPN") and tok.head.i > tok.i:
            head = tok.head
    if head is None:
        return ""
    mods = [c for c in head.children if c.dep_ in ("amod", "compound") and c.i < head.i]
    words = [*(m.text for m in mods), head.text]
    verb = head.head if head.dep_ in ("nsubj", "nsubjpass") else None
    if verb is not None and verb.pos_ == "VERB":
        words.append(verb.text)
    return " ".join(words)


def figures(span: Span) -> list[dict]:
    out = []
    used: set[int] = set()
    for tok in span:
        if tok.i in used or tok.ent_type_ in _SKIP_ENTS:
            continue
        is_num = tok.like_num and (tok.pos_ == "NUM" or any(c.isdigit() for c in tok.text))
        is_frac = (
            tok.lower_ in _FRACTIONS
            and tok.i > span.start
            and (tok.nbor(-1).lower_ in ("a", "one", "two", "half"))
        )
        if not (is_num or is_frac):
            continue
        lo = tok.i
        while lo > span.start and (
            tok.doc[lo - 1].lower_ in _APPROX or tok.doc[lo - 1].lower_ in ("a", "one")
        ):
            lo -= 1
        hi = tok.i + 1
        while hi < span.end and tok.doc[hi].like_num and tok.doc[hi].ent_type_ not in _SKIP_ENTS:
            hi += 1
        # Bare four-digit numbers in prose are mostly years the NER missed.
        if tok.text.isdigit() and 1900 <= int(tok.text) <= 2100 and tok.head.pos_ != "NOUN":
            continue
        used.update(range(lo, hi))
        last = tok.doc[hi - 1]
        value = tok.doc[lo:hi].text
        if tok.i + 1 < len(tok.doc) and tok.nbor(1).text == "%":
            value += "%"
        out.append({"value": value, "subject": _subject(last)})
    return out
