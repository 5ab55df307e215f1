"""Numbers inside a claim and what they count: `5,969` people detained, `more than 2,000`,
`a third` of the troops."""

from decimal import Decimal, InvalidOperation

from spacy.tokens import Span

_FRACTIONS = {"half", "third", "quarter", "fifth", "tenth", "thirds", "quarters", "dozen"}
_APPROX = {"more", "less", "fewer", "over", "under", "about", "around", "nearly", "almost",
           "some", "approximately", "roughly", "as", "many", "than", "much"}  # fmt: skip
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
        return _clause_subject(tok)
    mods = [c for c in head.children if c.dep_ in ("amod", "compound") and c.i < head.i]
    words = [*(m.text for m in mods), head.text]
    verb = head.head if head.dep_ in ("nsubj", "nsubjpass") else None
    # "5,969 people detained": a participle says what happened to them; "have", "be" say nothing.
    if verb is not None and verb.tag_ in ("VBN", "VBD") and verb.lemma_ not in ("have", "be"):
        words.append(verb.text)
    return " ".join(words)


def _clause_subject(tok) -> str:
    """ "The number of detainees rose to 5,969": the subject of the verb the number completes,
    through "the number of" to what is counted."""
    verb = tok
    for _ in range(4):
        if verb.pos_ in ("VERB", "AUX") or verb.head.i == verb.i:
            break
        verb = verb.head
    subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is None or subj.pos_ not in ("NOUN", "PROPN"):
        return ""
    of = next((c for c in subj.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    obj = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
    return f"{subj.text} of {obj.text}" if obj is not None else subj.text


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
        if (
            tok.lower_ == "one"
            or (tok.lower_.endswith(("st", "nd", "rd", "th")) and tok.text[0].isdigit())
            or (
                # "Article 175", "Part 1": a number naming a thing, not counting it.
                tok.i > span.start
                and tok.nbor(-1).is_title
                and tok.nbor(-1).pos_ in ("NOUN", "PROPN")
            )
        ):
            continue
        lo = tok.i
        while lo > span.start:
            prev = tok.doc[lo - 1].lower_
            if prev in _APPROX or (prev == "a" and is_frac):
                lo -= 1
            elif (prev == "to" and lo - 2 >= span.start and tok.doc[lo - 2].lower_ == "up") or (
                prev in ("least", "most")
                and lo - 2 >= span.start
                and tok.doc[lo - 2].lower_ == "at"
            ):
                lo -= 2
            else:
                break
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
