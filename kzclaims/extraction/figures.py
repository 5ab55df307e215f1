"""Numbers inside a claim read as measurements: what is counted (`measure`), of whom
(`subject`), the range the words allow (`low`..`high`: "more than 2,000" has no upper bound,
"up to 2,500" no lower one) and the time they refer to ("as of January 10", "on Friday").

The words that carry this are data (lexicons/figures.json); this module reads the parse."""

import calendar
import re
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from functools import cache

from spacy.tokens import Span, Token

from .lexicon import load

_SKIP_ENTS = {"DATE", "TIME", "ORDINAL"}
_NOUNS = ("NOUN", "PROPN")


@cache
def _lex() -> dict:
    data = load("figures")
    approximators = [
        (tuple(phrase.split()), kind)
        for kind, phrases in data["approximators"].items()
        for phrase in phrases
    ]
    # Longest first, so "no more than" wins over "more than".
    approximators.sort(key=lambda item: -len(item[0]))
    measure_by_lemma = {}
    phrases = {}
    for measure, entry in data["measures"].items():
        for lemma in entry.get("lemmas", []):
            measure_by_lemma[lemma] = measure
        for phrase in entry.get("phrases", []):
            phrases[phrase] = measure
    plural = {tuple(k.split()): v for k, v in data["plural_quantities"].items()}
    return {
        **data,
        "approximator_list": approximators,
        "measure_by_lemma": measure_by_lemma,
        "measure_phrases": phrases,
        "plural": sorted(plural.items(), key=lambda item: -len(item[0])),
        "generic": frozenset(data["generic"]),
        "time_nouns": frozenset(data["time_nouns"]),
    }


# -- numbers -----------------------------------------------------------------------------------


def read_number(words: list[str]) -> float | None:
    """The number that words state: "5,969", "two thousand", "1.5 million", "a third",
    "two thirds", "a dozen". None when nothing in them is a number."""
    lex = _lex()
    total = 0.0
    current = None
    words = [w.lower().replace(",", "").rstrip("%") for w in words]
    for i, word in enumerate(words):
        if not word:
            continue
        if word in ("a", "an"):
            # Only "a hundred", "a third", "a dozen" count; "a total of" does not.
            following = words[i + 1] if i + 1 < len(words) else ""
            if following in lex["scales"] or following in lex["fractions"]:
                current = (current or 0) + 1
            continue
        try:
            num = float(Decimal(word))
        except InvalidOperation:
            num = None
        if num is not None:
            current = (current or 0) + num
        elif word in lex["number_words"]:
            current = (current or 0) + lex["number_words"][word]
        elif word in lex["scales"]:
            scale = lex["scales"][word]
            current = (current or 1) * scale
            if scale >= 1000:
                total += current
                current = None
        elif word in lex["fractions"]:
            current = (current or 1) * lex["fractions"][word]
    if current is None and total == 0:
        return None
    return total + (current or 0)


def bounds(value: float, approx_kind: str | None) -> tuple[float | None, float | None]:
    """The range an approximator leaves: exact (and emphatic "as many as") is one point."""
    lex = _lex()
    if approx_kind == "lower":
        return value, None
    if approx_kind == "upper":
        return None, value
    if approx_kind == "below":
        return value * (1 - lex["below_band"]), value
    if approx_kind == "about":
        return value * (1 - lex["about_band"]), value * (1 + lex["about_band"])
    return value, value


def _approximator_before(doc, lo: int, floor: int) -> tuple[int, str | None, str | None]:
    """The approximator phrase ending just before token `lo`: (new lo, its words, its kind)."""
    for words, kind in _lex()["approximator_list"]:
        start = lo - len(words)
        if start < floor:
            continue
        if tuple(t.lower_ for t in doc[start:lo]) == words:
            return start, doc[start:lo].text, kind
    return lo, None, None


def _plural_quantity(tok: Token, span: Span):
    """ "dozens of", "hundreds of", "tens of thousands of": (end token, smallest value)."""
    doc = tok.doc
    for words, value in _lex()["plural"]:
        end = tok.i + len(words)
        if (
            end < span.end
            and tuple(t.lower_ for t in doc[tok.i : end]) == words
            and doc[end].lower_ == "of"
        ):
            return end, value
    return None


# -- what is counted ---------------------------------------------------------------------------


def _counted(tok: Token) -> Token | None:
    """The noun a number counts: its head when it is a nummod, else the object of a following
    "of" ("a third of the troops"), else the noun after it."""
    if tok.dep_ in ("nummod", "quantmod") and tok.head.pos_ in _NOUNS and tok.head.i != tok.i:
        return tok.head
    for child in tok.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            objs = [c for c in child.children if c.dep_ == "pobj"]
            if objs:
                return objs[0]
    if tok.head.dep_ in ("nummod", "quantmod") and tok.head.i != tok.i:
        return _counted(tok.head)
    if tok.head.pos_ in _NOUNS and tok.head.i > tok.i:
        return tok.head
    return None


def _of_object(noun: Token) -> Token | None:
    of = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    return next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None


def _subject(tok: Token) -> str:
    """The counted thing as written: "people detained", "police units", "number of detainees"."""
    head = _counted(tok)
    if head is None:
        return _clause_subject(tok)
    mods = [c for c in head.children if c.dep_ in ("amod", "compound") and c.i < head.i]
    words = [*(m.text for m in mods), head.text]
    verb = head.head if head.dep_ in ("nsubj", "nsubjpass") else None
    # "5,969 people detained": a participle says what happened to them; "have", "be" say nothing.
    if verb is not None and verb.tag_ in ("VBN", "VBD") and verb.lemma_ not in ("have", "be"):
        words.append(verb.text)
    return " ".join(words)


def _clause_verb(tok: Token) -> Token:
    verb = tok
    for _ in range(4):
        if verb.pos_ in ("VERB", "AUX") or verb.head.i == verb.i:
            break
        verb = verb.head
    return verb


def _clause_subject(tok: Token) -> str:
    """ "The number of detainees rose to 5,969": the subject of the verb the number completes,
    through "the number of" to what is counted."""
    subj = next((c for c in _clause_verb(tok).children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is None or subj.pos_ not in _NOUNS:
        return ""
    obj = _of_object(subj)
    return f"{subj.text} of {obj.text}" if obj is not None else subj.text


def _lemma(tok: Token) -> str:
    return tok.lemma_.lower()


def _verb_phrases(verb: Token) -> list[str]:
    """ "take to police", "seek medical assistance": the verb with each object it governs."""
    out = []
    for child in verb.children:
        if child.dep_ == "prep":
            for obj in (c for c in child.children if c.dep_ == "pobj"):
                out.append(f"{_lemma(verb)} {child.lower_} {_lemma(obj)}")
        elif child.dep_ == "dobj":
            mods = [_lemma(m) for m in child.children if m.dep_ in ("amod", "compound")]
            out.append(" ".join([_lemma(verb), *mods, _lemma(child)]))
            out.append(f"{_lemma(verb)} {_lemma(child)}")
    return out


def _measure_near(node: Token) -> str | None:
    """The measure named on or around the counted node, nearest first: a participle or clause on
    it ("people detained", "2,000 injured", "who were killed"), the noun itself ("troops",
    "detainees"), then the verb it is subject or object of ("were killed", "taken to police")."""
    lex = _lex()
    measure_by_lemma = lex["measure_by_lemma"]
    for child in node.children:
        participle = child.dep_ in ("acl", "relcl", "amod") and child.pos_ in ("VERB", "ADJ")
        if participle and _lemma(child) in measure_by_lemma:
            return measure_by_lemma[_lemma(child)]
        if child.dep_ == "compound" and _lemma(child) in measure_by_lemma:
            return measure_by_lemma[_lemma(child)]  # "death toll", "detention figures"
    if node.pos_ in _NOUNS and _lemma(node) in measure_by_lemma:
        return measure_by_lemma[_lemma(node)]
    if node.dep_ == "pobj" and node.head.lower_ == "of" and node.head.head.pos_ in _NOUNS:
        node = node.head.head  # "a total of 40 people were wounded": the verb's own subject
    while node.dep_ == "conj" and node.head.pos_ in _NOUNS:
        node = node.head  # "16 officers and 148 people were killed": the first conjunct's verb
    if node.dep_ in ("nsubj", "nsubjpass", "dobj", "attr"):
        verb = node.head
        if verb.pos_ in ("VERB", "AUX", "ADJ"):
            for phrase in _verb_phrases(verb):
                if phrase in lex["measure_phrases"]:
                    return lex["measure_phrases"][phrase]
            if verb.lemma_ not in ("have", "be") and _lemma(verb) in measure_by_lemma:
                return measure_by_lemma[_lemma(verb)]
    return None


def measure_of(tok: Token) -> tuple[str | None, str]:
    """(measure, subject key) for the number `tok`: the key is the counted noun's lemma unless it
    is generic ("people") or the measure's own noun ("troops"), so that "164 people killed" and
    "16 police officers killed" are never compared."""
    lex = _lex()
    node = _counted(tok) or tok
    if node.pos_ in _NOUNS and _lemma(node) in ("number", "total", "figure", "toll"):
        node = _of_object(node) or node
    elif node is tok and tok.dep_ == "pobj":
        # "The number of detainees rose to 5,969": what the clause's subject counts.
        subj = next(
            (c for c in _clause_verb(tok).children if c.dep_ in ("nsubj", "nsubjpass")), None
        )
        if subj is not None and subj.pos_ in _NOUNS:
            node = _of_object(subj) or subj
    measure = _measure_near(node)
    if measure is None:
        return None, ""
    key = _lemma(node) if node.pos_ in _NOUNS else ""
    if key in lex["generic"] or lex["measure_by_lemma"].get(key) == measure:
        key = ""
    owner = _owner(node)
    if owner:
        key = f"{key} {owner}".strip()
    return measure, key


_OWNER_ENTS = ("GPE", "NORP", "ORG")


def _owner(node: Token) -> str:
    """A named owner that makes the count a part of the whole: "Armenia sent 100 peacekeepers",
    "Russia's 2,000 troops" count one country's contingent, not all troops."""
    for child in node.children:
        if child.dep_ == "poss" and child.ent_type_ in _OWNER_ENTS:
            return child.text.casefold()
    verb = node.head
    if node.dep_ == "dobj" and verb.lemma_ not in ("have", "be"):
        agent = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if agent is not None and (agent.pos_ == "PROPN" or agent.ent_type_ in _OWNER_ENTS):
            return agent.text.casefold()
    return ""


# -- reference time ----------------------------------------------------------------------------


def _date_words(ent: Span) -> list[Token]:
    """The words of a DATE entity that name a time: the tagger sometimes runs a following count
    into the date ("January 10, two thousand troops"); those words stop it."""
    words = []
    for tok in ent:
        head = tok
        while head.pos_ == "NUM" and head.dep_ in ("nummod", "compound") and head.head != head:
            head = head.head
        if tok.i > ent.start and tok.pos_ == "NUM" and not (ent.start <= head.i < ent.end):
            break
        words.append(tok)
    while words and words[-1].is_punct:
        words.pop()
    return words


def _reference(tok: Token) -> str | None:
    """The time a figure is given for, as written: a date or period in its sentence introduced
    by "as of", "by", "on", "over", "in" ("as of January 10", "over the past day", "on Friday"),
    the one attached to the figure's own clause first. A span that starts the period ("since",
    "during") is not a reference time."""
    lex = _lex()
    doc = tok.doc
    verb = _clause_verb(tok)
    found = []
    for ent in tok.sent.ents:
        if ent.label_ != "DATE":
            continue
        words = _date_words(ent)
        if not any(t.lower_ in lex["time_nouns"] for t in words):
            continue
        prev2 = doc[max(ent.start - 2, 0) : ent.start].text.lower()
        prev1 = doc[ent.start - 1].lower_ if ent.start > 0 else ""
        if prev2 in ("as of", "as at") or prev1 in lex["reference_preps"]:
            prep = doc[ent.start - 1]
            own = prep.head == verb or prep.head.head == verb
            found.append((not own, ent.start, doc[words[0].i : words[-1].i + 1].text))
    return min(found)[2] if found else None


_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
_DAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
_DAY_MONTH = re.compile(r"(\d{1,2})\s+([a-z]+)|([a-z]+)\.?\s+(\d{1,2})\b")
_YEAR = re.compile(r"\b(19|20)\d\d\b")


def reference_date(as_of: str | None, published: date | None) -> date | None:
    """The calendar date a reference time names, read against the article's date: "January 10"
    in that year (the year before when that would lie in the article's future), "Friday" the
    last Friday up to it, "yesterday" the day before; anything else (or nothing) is the
    article's date."""
    if published is None or not as_of:
        return published
    text = as_of.lower()
    if "yesterday" in text:
        return published - timedelta(days=1)
    for match in _DAY_MONTH.finditer(text):
        day, month = (match[1], match[2]) if match[1] else (match[4], match[3])
        month_no = _MONTHS.get(month)
        if month_no is None:
            continue
        year_match = _YEAR.search(text)
        year = int(year_match[0]) if year_match else published.year
        try:
            found = date(year, month_no, int(day))
        except ValueError:
            continue
        if not year_match and found > published + timedelta(days=1):
            found = found.replace(year=year - 1)
        return found
    for name, weekday in _DAYS.items():
        if name in text:
            return published - timedelta(days=(published.weekday() - weekday) % 7)
    return published


# -- figures -----------------------------------------------------------------------------------


def _is_count(tok: Token, span: Span) -> bool:
    """A number that counts something: not a name ("Article 175"), an ordinal or a year; inside a
    DATE entity only when it counts a noun that is not a time ("January 10, two thousand
    troops" is read by the tagger as one date)."""
    lex = _lex()
    if tok.ent_type_ in _SKIP_ENTS:
        head = tok.head
        while head.dep_ in ("nummod", "compound") and head.pos_ == "NUM" and head.i != head.head.i:
            head = head.head
        if not (
            tok.dep_ in ("nummod", "compound")
            and head.pos_ in _NOUNS
            and head.ent_type_ not in _SKIP_ENTS
            and head.lower_ not in lex["time_nouns"]
        ):
            return False
    if tok.lower_ == "one" or (
        tok.lower_.endswith(("st", "nd", "rd", "th")) and tok.text[0].isdigit()
    ):
        return False
    # "Article 175", "Part 1": a number naming a thing, not counting it.
    prev = tok.nbor(-1) if tok.i > span.start else None
    if prev is not None and prev.is_title and prev.pos_ in _NOUNS and prev.ent_type_ != "DATE":
        return False
    # Bare four-digit numbers in prose are mostly years the tagger missed.
    year_like = tok.text.isascii() and tok.text.isdigit() and 1900 <= int(tok.text) <= 2100
    return not (year_like and tok.head.pos_ != "NOUN")


def figures(span: Span) -> list[dict]:
    """Every count in `span`, as the extract_claims contract gives it: `value` as written,
    `subject`, `low`/`high` (numbers or null), `approx` (the approximator as written),
    `measure`, `counted` (the lemma of who is counted when it narrows the measure: "officer" in
    "16 police officers killed", null for "164 people killed") and `as_of` (the reference time as
    written, null for the article's date)."""
    lex = _lex()
    doc = span.doc
    out = []
    used: set[int] = set()
    named: dict[int, str] = {}  # sentence start -> who the last count with a noun counted
    for tok in span:
        if tok.i in used:
            continue
        plural = _plural_quantity(tok, span)
        is_num = tok.like_num and (tok.pos_ == "NUM" or any(c.isdigit() for c in tok.text))
        is_frac = (
            tok.lower_ in lex["fractions"]
            and tok.i > span.start
            and tok.nbor(-1).lower_ in ("a", "one", "two", "three", "half")
        ) or (tok.lower_ == "dozen" and tok.i > span.start and tok.nbor(-1).lower_ == "a")
        if plural is None and not ((is_num or is_frac) and _is_count(tok, span)):
            continue
        if plural is not None:
            hi, smallest = plural
            low, high, approx = float(smallest), None, doc[tok.i : hi].text
            lo = tok.i
        else:
            hi = tok.i + 1
            while hi < span.end and (
                (doc[hi].like_num and doc[hi].ent_type_ not in ("ORDINAL",))
                or doc[hi].lower_ in lex["scales"]
                or doc[hi].lower_ in lex["fractions"]
            ):
                hi += 1
            # "a third", "a thousand", "a dozen": the article is the number one.
            article = tok.i > span.start and tok.nbor(-1).lower_ in ("a", "an")
            scaled = article and tok.lower_ in lex["scales"]
            number_start = tok.i - 1 if is_frac or scaled else tok.i
            lo, approx, kind = _approximator_before(doc, number_start, span.start)
            value = read_number([t.text for t in doc[number_start:hi]])
            if value is None:
                continue
            low, high = bounds(value, kind)
        used.update(range(lo, hi))
        last = doc[hi - 1]
        text = doc[lo:hi].text
        if hi < len(doc) and doc[hi].text == "%":
            text += "%"
        measure, counted = measure_of(last)
        counted_node = _counted(last)
        if counted_node is not None and counted_node.pos_ in _NOUNS:
            named[last.sent.start] = counted
        elif counted_node is None and last.dep_ in ("nsubj", "nsubjpass") and not counted:
            # "13 officers were killed, 353 were injured": the count without a noun counts the
            # same people as the one before it in the sentence.
            counted = named.get(last.sent.start, "")
        out.append(
            {
                "value": text,
                "subject": _subject(last),
                "low": _round(low),
                "high": _round(high),
                "approx": approx,
                "measure": measure,
                "counted": counted or None,
                "as_of": _reference(last),
            }
        )
    return out


def _round(value: float | None) -> float | int | None:
    if value is None:
        return None
    rounded = round(value, 4)
    return int(rounded) if rounded == int(rounded) else rounded


def numeric_value(text: str) -> Decimal | None:
    """The number a figure states, when it can be read ("more than 2,000" -> 2000,
    "1.5 million" -> 1500000, "a third" -> 0.3333, "two thousand" -> 2000)."""
    words = text.split()
    for phrase, _kind in _lex()["approximator_list"]:
        if tuple(w.lower() for w in words[: len(phrase)]) == phrase:
            words = words[len(phrase) :]
            break
    value = read_number(words)
    if value is None or abs(value) >= 10**15:
        return None
    return Decimal(str(value)).quantize(Decimal("0.0001"))
