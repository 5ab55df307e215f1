"""Numbers inside a claim and what they count: `5,969` people detained, `more than 2,000`,
`a third` of the troops."""

from decimal import Decimal, InvalidOperation

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
    # "5,969 people detained": a participle says what happened to them; "have", "be" say nothing.
    if verb is not None and verb.tag_ in ("VBN", "VBD") and verb.lemma_ not in ("have", "be"):
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


_WORD_VALUES = {"half": 0.5, "third": 1 / 3, "quarter": 0.25, "fifth": 0.2, "tenth": 0.1,
                "dozen": 12, "hundred": 100, "thousand": 1000, "million": 10**6,
                "billion": 10**9}  # fmt: skip


def numeric_value(text: str) -> Decimal | None:
    """The number a figure states, when it can be read ("more than 2,000" -> 2000,
    "1.5 million" -> 1500000, "a third" -> 0.3333)."""
    value = None
    for word in text.lower().replace(",", "").split():
        word = word.rstrip("%")
        try:
            num = Decimal(word)
        except InvalidOperation:
            mult = _WORD_VALUES.get(word.rstrip("s"))
            if mult is None:
                continue
            num = Decimal(str(mult))
            if value is not None and mult >= 100:
                value *= num
                continue
        value = num if value is None else value
    if value is None:
        return None
    return value.quantize(Decimal("0.0001")) if abs(value) < 10**15 else None
